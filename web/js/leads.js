/* The leads page (#/leads): the list with a pool / mine / all choice and a status filter, a
 * form to add a lead (it goes to the pool unless "assign to me" is ticked), and per lead the
 * claim (POST /leads/ID/claim) and convert (POST /leads/ID/convert) actions. A conversion shows
 * the customer and the opportunity it made; the duplicate refusal (409 with error.duplicates)
 * lists the matching customers with a "convert anyway" button. */
import {api, currentUser} from './api.js';
import {h, clear, formatFen, listTotal, quoteFilter} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, formNotice, checkRequired, setBusy} from './forms.js';

const STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'];
const state = {scope: 'pool', status: '', code: ''};
const PAGE = 25;

function isOpen(l) {
	return l.status !== 'converted' && l.status !== 'disqualified';
}

function filterExpression() {
	const parts = [];
	if (state.code)
		parts.push(`code eq ${quoteFilter(state.code)}`);
	if (state.status)
		parts.push(`status eq ${quoteFilter(state.status)}`);
	if (state.scope === 'mine' && currentUser())
		parts.push(`owner_id eq ${Number(currentUser().id)}`);
	return parts.join(' and ');
}

function yuanToFen(s) {
	const v = String(s || '').trim().replace(/,/g, '');
	if (!v)
		return undefined;
	if (!/^\d+(\.\d{1,2})?$/.test(v))
		return NaN;
	const [y, f = ''] = v.split('.');
	return Number(y) * 100 + Number((f + '00').slice(0, 2));
}

function createForm(onCreated) {
	const inputs = {
		name: textInput('', {maxlength: 100, required: true}),
		company: textInput('', {maxlength: 200}),
		phone: textInput('', {type: 'tel', maxlength: 40}),
		email: textInput('', {type: 'email', maxlength: 200}),
		source: textInput('', {maxlength: 50, required: true, list: 'lead-sources'}),
		expected_amount: textInput('', {inputmode: 'decimal', maxlength: 16}),
	};
	const mine = h('input', {type: 'checkbox'});
	const submit = h('button.primary', {type: 'submit'}, t('leads.create'));
	const sources = h('datalist', {id: 'lead-sources'}, ['展会', '官网', '转介绍', '电话营销', '广告'].map((s) => h('option', {value: s})));
	const form = h('form.lead-form', {novalidate: true}, formMessage(),
		h('div.grid-3', {},
			field('name', t('leads.field.name'), inputs.name, {required: true}),
			field('company', t('leads.field.company'), inputs.company),
			field('phone', t('leads.field.phone'), inputs.phone),
			field('email', t('leads.field.email'), inputs.email),
			field('source', t('leads.field.source'), inputs.source, {required: true}),
			field('expected_amount', t('leads.field.expected_amount'), inputs.expected_amount)),
		sources,
		field('mine', t('leads.assign_me'), mine, {check: true}),
		h('div.actions', {}, submit));
	// folded by default so that on a phone the list comes first
	const box = h('details.card.ix-details.lead-new', {}, h('summary', {}, t('leads.new_title')), form);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['name', 'source']))
			return;
		const body = {};
		for (const k of ['name', 'company', 'phone', 'email', 'source'])
			if (inputs[k].value.trim())
				body[k] = inputs[k].value.trim();
		const fen = yuanToFen(inputs.expected_amount.value);
		if (Number.isNaN(fen)) {
			showError(form, 'expected_amount', t('leads.bad_amount'));
			return;
		}
		if (fen !== undefined)
			body.expected_amount_fen = fen;
		if (mine.checked && currentUser())
			body.owner = currentUser().id;
		setBusy(submit, true);
		try {
			const l = await api('POST', '/leads', {body});
			form.reset();
			formNotice(form, t('leads.created', {code: l.code}), 'info');
			onCreated();
		} catch (e) {
			showError(form, e.field === 'expected_amount_fen' ? 'expected_amount' : e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	return box;
}

export async function render(main, {params} = {}) {
	// #/leads?code=L12 (a hit of the global search): that lead alone, whoever holds it
	state.code = (params && params.get('code')) || '';
	if (state.code)
		state.scope = 'all';
	const scope = h('select', {id: 'ld-scope'}, ['pool', 'mine', 'all'].map((s) => h('option', {value: s}, t('leads.scope.' + s))));
	scope.value = state.scope;
	const status = h('select', {id: 'ld-status'}, h('option', {value: ''}, t('leads.status_any')),
		STATUSES.map((s) => h('option', {value: s}, tEnum('lead_status', s))));
	status.value = state.status;
	const line = h('p.status-line', {role: 'status', 'aria-live': 'polite'});
	const flash = h('div.lead-flash', {'aria-live': 'polite'});
	const results = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('customers.more'));
	const toolbar = h('form.toolbar', {},
		h('div.tool', {}, h('label', {for: 'ld-scope'}, t('leads.scope')), scope),
		h('div.tool', {}, h('label', {for: 'ld-status'}, t('leads.status')), status),
		h('div.tool.tool-btn', {}, h('button.primary', {type: 'submit'}, t('customers.apply'))));
	main.append(h('section.page.leads-page', {},
		h('div.page-head', {}, h('h1', {}, t('leads.title'))),
		createForm(() => load(false)), toolbar,
		state.code ? h('p.only-one', {}, t('leads.only_code', {code: state.code}), ' ', h('a', {href: '#/leads'}, t('leads.show_all'))) : '',
		line, flash, results, more));

	let cursor = null;
	let token = 0;

	function actions(l) {
		const out = [];
		if (isOpen(l) && !l.owner_id)
			out.push(h('button.secondary.claim', {type: 'button', onclick: () => act(l, 'claim')}, t('leads.claim')));
		if (isOpen(l))
			out.push(h('button.secondary.convert', {type: 'button', onclick: () => convert(l, false)}, t('leads.convert')));
		if (l.status === 'converted' && l.customer_id)
			out.push(h('a', {href: `#/customers/${l.customer_id}`}, t('leads.customer_link')));
		return h('span.row-actions', {}, out);
	}

	function row(l) {
		return h('tr', {dataset: {id: l.id, code: l.code}},
			h('td', {dataset: {label: t('leads.field.code')}}, h('span.code', {}, l.code)),
			h('td', {dataset: {label: t('leads.field.name')}}, l.name),
			h('td', {dataset: {label: t('leads.field.company')}}, l.company || ''),
			h('td', {dataset: {label: t('leads.contact')}}, l.phone || l.email || ''),
			h('td', {dataset: {label: t('leads.field.source')}}, l.source || ''),
			h('td', {dataset: {label: t('leads.status')}}, h('span.badge', {class: `badge lead-${l.status}`}, tEnum('lead_status', l.status))),
			h('td', {dataset: {label: t('leads.owner')}}, l.owner_id ? (currentUser() && l.owner_id === currentUser().id ? t('leads.me') : '#' + l.owner_id) : t('leads.in_pool')),
			h('td.num', {dataset: {label: t('leads.field.expected_amount')}}, formatFen(l.expected_amount_fen)),
			h('td', {dataset: {label: t('leads.actions')}}, actions(l)));
	}

	async function load(append) {
		const my = ++token;
		more.hidden = true;
		if (!append) {
			clear(results);
			line.textContent = t('common.loading');
			line.classList.add('loading');
		}
		try {
			const page = await api('GET', '/leads', {query: {limit: PAGE, sort: '-id', filter: filterExpression(),
				pool: state.scope === 'pool' ? 'true' : null, cursor: append ? cursor : null}});
			if (my !== token)
				return;
			line.classList.remove('loading');
			cursor = page.next_cursor;
			if (!page.items.length && !append) {
				line.textContent = '';
				results.append(h('p.empty', {}, t('leads.empty')));
				return;
			}
			let tbody = results.querySelector('tbody');
			if (!tbody) {
				tbody = h('tbody');
				const heads = ['leads.field.code', 'leads.field.name', 'leads.field.company', 'leads.contact', 'leads.field.source',
				               'leads.status', 'leads.owner', 'leads.field.expected_amount', 'leads.actions'];
				results.append(h('table.data.lead-list', {},
					h('thead', {}, h('tr', {}, heads.map((k) => h('th', {scope: 'col'}, t(k))))), tbody));
			}
			for (const l of page.items)
				tbody.append(row(l));
			line.textContent = t('leads.count', {shown: tbody.children.length, total: page.total === undefined ? '?' : listTotal(page)});
			more.hidden = !cursor;
		} catch (e) {
			if (my !== token)
				return;
			line.classList.remove('loading');
			line.textContent = '';
			results.append(h('div.notice.error', {role: 'alert'}, e.message));
		}
	}

	function say(kind, ...content) {
		clear(flash);
		flash.append(h(`div.notice.${kind}`, {role: kind === 'error' ? 'alert' : 'status'}, ...content));
		flash.scrollIntoView({block: 'nearest'});
	}

	async function act(l, what) {
		try {
			await api('POST', `/leads/${l.id}/${what}`);
			await load(false);
			say('info', t('leads.claimed', {code: l.code}));
		} catch (e) {
			say('error', e.message);
		}
	}

	async function convert(l, force) {
		try {
			const r = await api('POST', `/leads/${l.id}/convert`, {body: force ? {force: true} : {}});
			let opp = null;
			if (r.opportunity_id) {
				try {
					opp = await api('GET', `/opportunities/${r.opportunity_id}`);
				} catch (e) {
					opp = null;
				}
			}
			await load(false);
			say('success', h('p', {}, h('strong', {}, t('leads.converted', {code: l.code}))),
				h('ul.convert-result', {},
					h('li', {}, t('leads.new_customer'), ' ', h('a', {href: `#/customers/${r.customer_id}`}, '#' + r.customer_id)),
					r.opportunity_id ? h('li', {}, t('leads.new_opportunity'), ' ',
						h('a', {href: '#/pipeline'}, opp ? `${opp.code} ${opp.name}` : '#' + r.opportunity_id),
						opp ? ` · ${formatFen(opp.amount_fen)} · ${opp.expected_close_date || ''}` : '') : null));
		} catch (e) {
			const dups = e.body && Array.isArray(e.body.duplicates) ? e.body.duplicates : [];
			if (e.status === 409 && dups.length) {
				const anyway = h('button.secondary.force', {type: 'button'}, t('leads.convert_anyway'));
				anyway.addEventListener('click', () => convert(l, true));
				say('warning', h('p', {}, h('strong', {}, t('leads.duplicate', {code: l.code}))),
					h('ul', {}, dups.map((d) => h('li', {}, h('a', {href: `#/customers/${d.id}`}, d.name || d.code), ' ',
						h('span.code', {}, d.code || ''), ' — ', t('customer_new.same.' + d.reason)))),
					h('p.muted', {}, e.message),
					h('div.actions', {}, anyway));
				anyway.focus();
			} else {
				say('error', e.message);
			}
		}
	}

	toolbar.addEventListener('submit', (ev) => {
		ev.preventDefault();
		state.scope = scope.value;
		state.status = status.value;
		load(false);
	});
	scope.addEventListener('change', () => toolbar.requestSubmit());
	status.addEventListener('change', () => toolbar.requestSubmit());
	more.addEventListener('click', () => load(true));
	await load(false);
}
