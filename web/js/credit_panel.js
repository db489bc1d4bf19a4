/* The credit panel of the customer 360 page: the customer's credit position (GET
 * /api/v1/customers/ID/credit: grade, limit, open receivables, what is still available, the
 * credit forms the grade allows) and the customer's own aging by bucket (GET
 * /api/v1/credit/aging?customer_id=ID). A customer never assessed says so. */
import {api} from './api.js';
import {h, clear, formatFen} from './dom.js';
import {t, tEnum} from './i18n.js';
import {BUCKETS} from './credit.js';

export function creditKv(c) {
	const kv = (key, v, cls) => h('div.kv', {}, h('dt', {}, t(key)), h('dd', {class: cls || null}, v));
	return h('dl.kv-list', {},
		kv('credit.grade', c.assessed ? c.grade : t('credit.not_assessed'), 'credit-grade'),
		c.assessed ? kv('credit.limit', formatFen(c.limit_fen)) : null,
		kv('credit.open_receivables', formatFen(c.open_receivables_fen)),
		c.unpaid_open_orders_fen ? kv('credit.unpaid_orders', formatFen(c.unpaid_open_orders_fen)) : null,
		c.assessed ? kv('credit.available', formatFen(c.available_fen), c.available_fen < 0 ? 'neg' : null) : null,
		c.assessed ? kv('credit.forms', (c.allowed_forms || []).map((f) => tEnum('credit_form', f)).join('、') || t('common.none')) : null,
		c.assessment ? kv('credit.assessed_on', `${c.assessment.assessed_on} · ${t('credit.score')} ${Number(c.assessment.score).toFixed(1)}`) : null);
}

export function creditPanel(id) {
	const body = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	const card = h('section.card.credit-panel', {'aria-labelledby': 'h-credit'},
		h('h2', {id: 'h-credit'}, t('credit.panel')), body);
	Promise.all([api('GET', `/customers/${id}/credit`), api('GET', '/credit/aging', {query: {customer_id: id}})])
		.then(([c, a]) => {
			clear(body).append(creditKv(c));
			const row = a.customers[0];
			if (row && row.total_fen)
				body.append(h('table.data.keep.credit-aging', {},
					h('tbody', {}, BUCKETS.filter((b) => row[b]).map((b) => h('tr', {},
						h('th', {scope: 'row'}, t('credit.bucket.' + b)),
						h('td.num', {dataset: {label: t('credit.bucket.' + b)}}, formatFen(row[b])))))));
			else
				body.append(h('p.muted', {}, t('credit.nothing_open')));
		})
		.catch((e) => {
			clear(body).append(h('p.notice.error', {role: 'alert'}, e.message || t('error.generic')));
		});
	return card;
}
