/* Campaigns (营销活动): #/campaigns lists the campaigns with their status and creates a draft
 * that targets a saved segment (?segment=ID preselects it); #/campaigns/ID shows one campaign's
 * figures as the API computes them (members, responses, conversions, revenue, ROI), launches a
 * draft (its segment's customers are frozen as members), closes a launched one, records a
 * member's response and lists the members. */
import {api} from './api.js';
import {h, clear, formatFen, listTotal} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, enumSelect, formMessage, clearErrors, showError, checkRequired, setBusy, formNotice} from './forms.js';

const TYPES = ['advertising', 'meeting', 'exhibition', 'promotion', 'email_sms', 'club_event', 'education'];
const LEVELS = ['financial', 'social', 'structural'];

/* "1234.5" yuan → fen; null for blank, NaN for nonsense. */
function yuanToFen(s) {
	s = String(s).trim();
	if (!s)
		return null;
	if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(s))
		return NaN;
	return Math.round(Number(s) * 100);
}

function campaignForm(segments, preselect) {
	const form = h('form.campaign-form', {novalidate: true});
	const code = textInput('', {maxlength: 32, required: true, autocomplete: 'off'});
	const name = textInput('', {maxlength: 200, required: true});
	const type = enumSelect('campaign_type', TYPES, 'promotion', true);
	const level = enumSelect('rm_level', LEVELS, 'financial', true);
	const seg = h('select', {}, h('option', {value: ''}, t('common.none')),
		segments.map((s) => h('option', {value: s.id}, s.name)));
	seg.value = preselect ? String(preselect) : '';
	const budget = h('input', {type: 'text', inputmode: 'decimal', autocomplete: 'off'});
	const starts = h('input', {type: 'date'});
	const ends = h('input', {type: 'date'});
	const submit = h('button.primary', {type: 'submit'}, t('campaigns.create'));
	form.append(formMessage(),
		h('div.grid-2', {}, field('code', t('field.campaign.code'), code, {required: true}),
		  field('name', t('field.campaign.name'), name, {required: true})),
		h('div.grid-2', {}, field('type', t('field.campaign.type'), type), field('rm_level', t('field.campaign.rm_level'), level)),
		field('segment_id', t('field.campaign.segment_id'), seg),
		field('budget_fen', t('campaigns.budget_yuan'), budget),
		h('div.grid-2', {}, field('starts_on', t('field.campaign.starts_on'), starts), field('ends_on', t('field.campaign.ends_on'), ends)),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['code', 'name']))
			return;
		const fen = yuanToFen(budget.value);
		if (Number.isNaN(fen)) {
			showError(form, 'budget_fen', t('campaigns.bad_amount'));
			return;
		}
		const body = {code: code.value.trim(), name: name.value.trim(), type: type.value, rm_level: level.value};
		if (seg.value)
			body.segment_id = Number(seg.value);
		if (fen !== null)
			body.budget_fen = fen;
		if (starts.value)
			body.starts_on = starts.value;
		if (ends.value)
			body.ends_on = ends.value;
		setBusy(submit, true);
		try {
			const c = await api('POST', '/campaigns', {body});
			location.hash = `#/campaigns/${c.id}`;
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	return form;
}

async function list(main, params) {
	const body = h('div', {'aria-live': 'polite'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const side = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	main.append(h('section.page.campaigns-page', {},
		h('div.page-head', {}, h('h1', {}, t('campaigns.title')), h('a.button.secondary', {href: '#/segments'}, t('nav.segments'))),
		h('div.cols', {}, h('div.col-main', {}, body),
			h('div.col-side', {}, h('section.card', {'aria-labelledby': 'h-new-camp'}, h('h2', {id: 'h-new-camp'}, t('campaigns.new')), side)))));
	const [camps, segs] = await Promise.all([api('GET', '/campaigns', {query: {limit: 100, sort: '-id'}}),
		api('GET', '/segments', {query: {limit: 100, sort: 'name'}})]);
	clear(side);
	side.append(campaignForm(segs.items, Number(params.get('segment')) || 0));
	if (params.get('segment'))
		side.querySelector('input[name=code]').focus();
	clear(body);
	if (!camps.items.length) {
		body.append(h('p.empty', {}, t('campaigns.none')));
		return;
	}
	const segName = new Map(segs.items.map((s) => [s.id, s.name]));
	const cols = ['field.campaign.name', 'field.campaign.type', 'field.campaign.segment_id', 'field.campaign.status', 'field.campaign.member_count'];
	body.append(h('table.data.campaign-list', {},
		h('thead', {}, h('tr', {}, cols.map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', {}, camps.items.map((c) => h('tr', {},
			h('td', {dataset: {label: t(cols[0])}}, h('a', {href: `#/campaigns/${c.id}`}, c.name), ' ', h('span.muted', {}, c.code)),
			h('td', {dataset: {label: t(cols[1])}}, tEnum('campaign_type', c.type)),
			h('td', {dataset: {label: t(cols[2])}}, c.segment_id ? (segName.get(c.segment_id) || `#${c.segment_id}`) : ''),
			h('td', {dataset: {label: t(cols[3])}}, h(`span.badge.cs-${c.status}`, {}, tEnum('campaign_status', c.status))),
			h('td.num', {dataset: {label: t(cols[4])}}, c.member_count === null || c.member_count === undefined ? '' : String(c.member_count)))))));
}

function pct(x) {
	return x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%';
}

function stats(s) {
	if (!s)
		return null;
	const kv = (k, v) => h('div.kv', {}, h('dt', {}, t(`campaigns.stats.${k}`)), h('dd', {dataset: {stat: k}}, v));
	return h('dl.kv-list.two-col.campaign-stats', {},
		kv('members', String(s.members ?? 0)), kv('responses', String(s.responses ?? 0)),
		kv('response_rate', pct(s.response_rate)), kv('conversions', String(s.conversions ?? 0)),
		kv('conversion_rate', pct(s.conversion_rate)), kv('revenue', formatFen(s.revenue_fen ?? 0)),
		kv('margin', formatFen(s.margin_fen ?? 0)), kv('budget', formatFen(s.budget_fen ?? 0)),
		kv('actual_cost', formatFen(s.actual_cost_fen ?? 0)),
		kv('roi', s.roi === null || s.roi === undefined ? '—' : pct(s.roi)));
}

function responseForm(id, members, reload) {
	const form = h('form.response-form', {novalidate: true});
	const who = h('select', {}, members.map((m) => h('option', {value: m.id}, m.name || m.code)));
	const note = textInput('', {maxlength: 500});
	const submit = h('button.secondary', {type: 'submit'}, t('campaigns.record_response'));
	form.append(formMessage(), field('customer_id', t('campaigns.member'), who), field('note', t('campaigns.note'), note),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		setBusy(submit, true);
		try {
			const body = {customer_id: Number(who.value)};
			if (note.value.trim())
				body.note = note.value.trim();
			await api('POST', `/campaigns/${id}/responses`, {body});
			await reload(t('campaigns.response_recorded'));
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
			setBusy(submit, false);
		}
	});
	return form;
}

async function detail(main, id) {
	const root = h('section.page.campaign-page', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	main.append(root);
	async function load(message) {
		const c = await api('GET', `/campaigns/${id}`);
		let members = {items: []};
		if (c.status !== 'draft')
			members = await api('GET', `/campaigns/${id}/members`, {query: {limit: 100, fields: 'code,name'}});
		let seg = null;
		if (c.segment_id) {
			try {
				seg = await api('GET', `/segments/${c.segment_id}`);
			} catch (e) {
				seg = null;
			}
		}
		clear(root);
		const msg = h('p.flash', {role: 'status', hidden: !message}, message || '');
		const err = h('div.form-message', {role: 'alert', hidden: true});
		const act = async (btn, path, done) => {
			setBusy(btn, true);
			err.hidden = true;
			try {
				await api('POST', `/campaigns/${id}/${path}`);
				await load(done);
			} catch (e) {
				if (e.status === 401)
					return;
				err.textContent = e.message;
				err.className = 'form-message error';
				err.hidden = false;
				setBusy(btn, false);
			}
		};
		const actions = h('div.head-actions');
		if (c.status === 'draft') {
			const b = h('button.primary.launch', {type: 'button'}, t('campaigns.launch'));
			b.addEventListener('click', () => act(b, 'launch', t('campaigns.launched')));
			actions.append(b);
		} else if (c.status === 'launched') {
			const b = h('button.secondary.close-campaign', {type: 'button'}, t('campaigns.close'));
			b.addEventListener('click', () => act(b, 'close', t('campaigns.closed')));
			actions.append(b);
		}
		root.append(h('div.page-head', {}, h('div', {}, h('h1', {}, c.name),
			h('p.subtitle', {}, h('span.code', {}, c.code), ' · ', tEnum('campaign_type', c.type), ' · ',
			  tEnum('rm_level', c.rm_level), ' · ', h(`span.badge.campaign-status.cs-${c.status}`, {}, tEnum('campaign_status', c.status)))),
			actions),
			msg, err,
			h('dl.kv-list', {},
				h('div.kv', {}, h('dt', {}, t('field.campaign.segment_id')), h('dd', {},
					seg ? h('a', {href: `#/segments/${seg.id}`}, seg.name) : t('common.none'))),
				c.starts_on ? h('div.kv', {}, h('dt', {}, t('field.campaign.starts_on')), h('dd', {}, c.starts_on)) : null,
				c.ends_on ? h('div.kv', {}, h('dt', {}, t('field.campaign.ends_on')), h('dd', {}, c.ends_on)) : null),
			h('section.card', {}, h('h2', {}, t('campaigns.figures')), stats(c.stats) || h('p.empty', {}, t('campaigns.no_figures'))));
		if (c.status === 'draft') {
			root.append(h('p.muted', {}, t('campaigns.draft_hint')));
			return;
		}
		const mlist = members.items.length
			? [h('ul.hit-list.campaign-members', {}, members.items.slice(0, 20).map((m) => h('li', {}, h('a', {href: `#/customers/${m.id}`}, m.name || m.code)))),
			   (members.total ?? members.items.length) > 20
				? h('p.muted', {}, t('segments.more', {n: `${(members.total ?? members.items.length) - 20}${members.total_capped ? '+' : ''}`})) : null]
			: h('p.empty', {}, t('campaigns.no_members'));
		root.append(h('div.grid-2', {},
			h('section.card', {}, h('h2', {}, t('campaigns.members'), ' ', h('span.count', {}, `(${listTotal(members)})`)), mlist),
			c.status === 'launched' && members.items.length
				? h('section.card', {}, h('h2', {}, t('campaigns.record_response')), responseForm(id, members.items, load)) : null));
	}
	await load();
}

export async function render(main, {id, params}) {
	if (!id)
		return list(main, params);
	return detail(main, id);
}
