/* Loyalty (会员忠诚计划): #/loyalty lists the clubs; #/loyalty/ID shows a club's rules and tiers
 * (阶梯 by lifetime points) and its members with tier and balance; ?customer=CID opens one
 * member's points: balance, tier, the points still needed for the next tier, the ledger
 * (earned, redeemed, adjusted, expired) and the adjust form (±points with a reason, refused by
 * the server for roles without the right, with its message next to the field). */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, checkRequired, setBusy} from './forms.js';

async function list(main) {
	const body = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	main.append(h('section.page.loyalty-page', {}, h('div.page-head', {}, h('h1', {}, t('loyalty.title'))), body));
	const r = await api('GET', '/clubs', {query: {limit: 100}});
	clear(body);
	if (!r.items.length) {
		body.append(h('p.empty', {}, t('loyalty.no_clubs')));
		return;
	}
	body.append(h('ul.hit-list.club-list', {}, r.items.map((c) => h('li', {},
		h('a', {href: `#/loyalty/${c.id}`}, c.name), ' ', h('span.muted', {}, c.code),
		c.description ? h('div.muted', {}, c.description) : null))));
}

function adjustForm(clubId, customerId, reload) {
	const form = h('form.adjust-form', {novalidate: true});
	const points = h('input', {type: 'number', step: 1, inputmode: 'numeric', required: true});
	const reason = textInput('', {maxlength: 200, required: true});
	const submit = h('button.secondary', {type: 'submit'}, t('loyalty.adjust'));
	form.append(formMessage(), h('div.grid-2', {},
		field('points', t('loyalty.points_delta'), points, {required: true}),
		field('reason', t('loyalty.reason'), reason, {required: true})),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['points', 'reason']))
			return;
		const n = Number(points.value);
		if (!Number.isInteger(n) || n === 0) {
			showError(form, 'points', t('loyalty.bad_points'));
			return;
		}
		setBusy(submit, true);
		try {
			await api('POST', `/clubs/${clubId}/members/${customerId}/adjust`, {body: {points: n, reason: reason.value.trim()}});
			await reload(t('loyalty.adjusted'));
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field || (e.status === 403 ? 'points' : null), e.message);
			setBusy(submit, false);
		}
	});
	return form;
}

async function member(box, clubId, customerId) {
	async function load(message) {
		const p = await api('GET', `/clubs/${clubId}/members/${customerId}/points`);
		let name = '';
		try {
			name = (await api('GET', `/customers/${customerId}`)).name;
		} catch (e) {
			name = `#${customerId}`;
		}
		clear(box);
		box.append(h('h2', {}, h('a', {href: `#/customers/${customerId}`}, name)),
			message ? h('p.flash', {role: 'status'}, message) : null,
			h('dl.kv-list.two-col.member-points', {},
				h('div.kv', {}, h('dt', {}, t('loyalty.tier')), h('dd.member-tier', {}, p.tier_name || p.tier || '')),
				h('div.kv', {}, h('dt', {}, t('loyalty.balance')), h('dd.member-balance', {}, String(p.balance))),
				h('div.kv', {}, h('dt', {}, t('loyalty.credited')), h('dd', {}, String(p.credited))),
				p.next_tier ? h('div.kv', {}, h('dt', {}, t('loyalty.to_next')), h('dd', {}, String(p.points_to_next))) : null,
				h('div.kv', {}, h('dt', {}, t('loyalty.frequency_reward')), h('dd', {}, (p.frequency_discount_bp / 100).toFixed(2) + '%'))),
			h('h3', {}, t('loyalty.history')),
			p.entries.length ? h('table.data.points-ledger', {},
				h('thead', {}, h('tr', {}, ['loyalty.date', 'loyalty.kind', 'loyalty.points', 'loyalty.reason'].map((k) => h('th', {scope: 'col'}, t(k))))),
				h('tbody', {}, p.entries.slice().reverse().map((e) => h('tr', {},
					h('td', {dataset: {label: t('loyalty.date')}}, e.entry_date),
					h('td', {dataset: {label: t('loyalty.kind')}}, tEnum('points_kind', e.kind)),
					h('td.num', {dataset: {label: t('loyalty.points')}}, (e.points > 0 ? '+' : '') + e.points),
					h('td', {dataset: {label: t('loyalty.reason')}}, e.reason || (e.order_id ? t('loyalty.order', {id: e.order_id}) : ''))))))
				: h('p.empty', {}, t('loyalty.no_entries')),
			h('h3', {}, t('loyalty.adjust')), adjustForm(clubId, customerId, load));
	}
	await load();
}

export async function render(main, {id, params}) {
	if (!id)
		return list(main);
	const club = await api('GET', `/clubs/${id}`);
	const members = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	const memberBox = h('section.card.member-card', {'aria-live': 'polite'});
	const customer = Number(params.get('customer')) || 0;
	main.append(h('section.page.club-page', {},
		h('div.page-head', {}, h('h1', {}, club.name), h('a.button.secondary', {href: '#/loyalty'}, t('loyalty.all_clubs'))),
		club.description ? h('p', {}, club.description) : null,
		h('div.cols', {},
			h('div.col-main', {}, customer ? memberBox : null, h('section.card', {}, h('h2', {}, t('loyalty.members')), members)),
			h('div.col-side', {}, h('section.card', {}, h('h2', {}, t('loyalty.tiers')),
				h('table.data.tier-table', {},
					h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('loyalty.tier')), h('th.num', {scope: 'col'}, t('loyalty.threshold')))),
					h('tbody', {}, (club.tiers || []).map((x) => h('tr', {},
						h('td', {dataset: {label: t('loyalty.tier')}}, x.name),
						h('td.num', {dataset: {label: t('loyalty.threshold')}}, String(x.threshold_points)))))),
				h('dl.kv-list', {},
					h('div.kv', {}, h('dt', {}, t('loyalty.points_per_yuan')), h('dd', {}, String(club.points_per_yuan ?? ''))),
					h('div.kv', {}, h('dt', {}, t('loyalty.expiry_months')), h('dd', {}, String(club.expiry_months ?? '')))))))));
	if (customer)
		await member(memberBox, id, customer);
	const r = await api('GET', `/clubs/${id}/members`);
	clear(members);
	if (!r.items.length) {
		members.append(h('p.empty', {}, t('loyalty.no_members')));
		return;
	}
	const shown = r.items.slice(0, 200);
	const names = new Map();
	try {
		const ids = shown.map((m) => m.customer_id);
		for (let i = 0; i < ids.length; i += 100) {
			const pg = await api('GET', '/customers', {query: {filter: `id in (${ids.slice(i, i + 100).join(', ')})`, fields: 'code,name', limit: 100}});
			for (const c of pg.items)
				names.set(c.id, c.name || c.code);
		}
	} catch (e) {
		if (e.status === 401)
			throw e;
	}
	members.append(h('table.data.member-table', {},
		h('thead', {}, h('tr', {}, ['loyalty.member', 'loyalty.tier', 'loyalty.balance'].map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', {}, shown.map((m) => h('tr', {},
			h('td', {dataset: {label: t('loyalty.member')}}, h('a', {href: `#/loyalty/${id}?customer=${m.customer_id}`}, names.get(m.customer_id) || `#${m.customer_id}`)),
			h('td', {dataset: {label: t('loyalty.tier')}}, m.tier_name || m.tier || ''),
			h('td.num', {dataset: {label: t('loyalty.balance')}}, String(m.balance)))))),
		r.items.length > shown.length ? h('p.muted', {}, t('loyalty.more', {n: r.items.length - shown.length})) : null);
}
