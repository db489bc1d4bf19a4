/* Credit and receivables (信用管理, #/credit): the aging report of open receivables by bucket
 * (GET /api/v1/credit/aging) as a table and an SVG bar chart, the customers with open
 * receivables, and the invoices list (GET /api/v1/invoices, by status) whose rows open their
 * payments (GET /api/v1/invoices/ID/payments). Values go in as text or SVG attributes. */
import {api} from './api.js';
import {h, clear, formatFen, formatInstant, listTotal} from './dom.js';
import {t, tEnum} from './i18n.js';
import {svg} from './svg.js';

export const BUCKETS = ['current_fen', 'days_1_30_fen', 'days_31_60_fen', 'days_61_90_fen', 'over_90_fen'];
const PAGE = 25;

/* Horizontal bars, one per bucket, scaled to the largest, each with its name above it and its
 * amount beside it (names above so that long ones are never cut on a phone). */
export function agingChart(total) {
	const W = 420, row = 44, left = 4, right = 110, H = BUCKETS.length * row + 6;
	const max = Math.max(1, ...BUCKETS.map((b) => total[b] || 0));
	const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'aging-chart',
		'aria-label': t('credit.chart_title')}, svg('title', {}, t('credit.chart_title')));
	BUCKETS.forEach((b, i) => {
		const y = 4 + i * row, w = Math.round((total[b] || 0) / max * (W - left - right));
		chart.append(
			svg('text', {x: left, y: y + 13, 'font-size': 13, fill: '#646a73'}, t('credit.bucket.' + b)),
			svg('rect', {x: left, y: y + 19, width: Math.max(w, total[b] ? 2 : 0), height: 18, rx: 3,
				class: `bar bar-${i}`, 'data-bucket': b}),
			svg('text', {x: left + w + 6, y: y + 33, 'font-size': 13}, formatFen(total[b] || 0)));
	});
	return chart;
}

function agingSection(a) {
	const sec = h('section.card.aging', {'aria-labelledby': 'h-aging'},
		h('h2', {id: 'h-aging'}, t('credit.aging_title', {date: a.as_of})));
	if (!a.total.total_fen) {
		sec.append(h('p.empty', {}, t('credit.no_receivables')));
		return sec;
	}
	const heads = BUCKETS.concat(['total_fen']);
	sec.append(h('div.aging-cols', {}, agingChart(a.total),
		h('table.data.keep.aging-total', {},
			h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('credit.bucket')), h('th.num', {scope: 'col'}, t('credit.amount')),
				h('th.num', {scope: 'col'}, t('credit.share')))),
			h('tbody', {}, heads.map((b) => h('tr', {dataset: {bucket: b}},
				h('th', {scope: 'row'}, t('credit.bucket.' + b)),
				h('td.num', {dataset: {label: t('credit.amount')}}, formatFen(a.total[b])),
				h('td.num', {dataset: {label: t('credit.share')}},
					(a.total[b] * 100 / a.total.total_fen).toFixed(1) + '%')))))));
	sec.append(h('h3', {}, t('credit.by_customer', {n: a.customers.length})),
		h('table.data.aging-customers', {},
			h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('field.customer.name')),
				heads.map((b) => h('th.num', {scope: 'col'}, t('credit.bucket.' + b))))),
			h('tbody', {}, a.customers.map((c) => h('tr', {},
				h('td.wrap', {dataset: {label: t('field.customer.name')}}, h('a', {href: `#/customers/${c.customer_id}`}, c.name || c.code)),
				heads.map((b) => h('td.num', {dataset: {label: t('credit.bucket.' + b)}}, c[b] ? formatFen(c[b]) : '')))))));
	return sec;
}

function paymentsRow(inv, ncols) {
	const cell = h('td.payments', {colspan: ncols}, h('p.loading', {role: 'status'}, t('common.loading')));
	const tr = h('tr.payments-row', {}, cell);
	api('GET', `/invoices/${inv.id}/payments`, {query: {limit: 100}}).then((r) => {
		clear(cell);
		if (!r.items.length) {
			cell.append(h('p.empty', {}, t('credit.no_payments')));
			return;
		}
		cell.append(h('ul.payment-list', {}, r.items.map((p) => h('li', {},
			h('span.pay-date', {}, p.paid_on), ' ', h('span.pay-amount', {}, formatFen(p.amount_fen)), ' ',
			h('span.muted', {}, tEnum('payment_method', p.method)), p.reference ? [' · ', p.reference] : null))));
	}).catch((e) => {
		clear(cell).append(h('p.notice.error', {role: 'alert'}, e.message));
	});
	return tr;
}

function invoicesSection() {
	const COLS = ['invoice_no', 'title', 'issued_on', 'due_on', 'amount_fen', 'paid_fen', 'status'];
	const status = h('select', {id: 'inv-status'},
		h('option', {value: ''}, t('credit.status_all')),
		h('option', {value: 'open'}, tEnum('invoice_status', 'open')),
		h('option', {value: 'paid'}, tEnum('invoice_status', 'paid')));
	const line = h('p.status-line', {role: 'status', 'aria-live': 'polite'});
	const results = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('customers.more'));
	const sec = h('section.card.invoices', {'aria-labelledby': 'h-inv'},
		h('h2', {id: 'h-inv'}, t('credit.invoices')),
		h('div.inline-tools', {}, h('label', {for: 'inv-status'}, t('field.invoice.status')), status),
		line, results, more);
	let cursor = null, shown = 0, token = 0;
	const today = formatInstant(new Date().toISOString()).slice(0, 10);   /* company date */

	function row(inv) {
		const btn = h('button.secondary.small.pay-toggle', {type: 'button', 'aria-expanded': 'false'}, t('credit.payments'));
		const overdue = inv.status === 'open' && inv.due_on < today;
		const tr = h('tr', {dataset: {id: inv.id}},
			COLS.map((f) => {
				let v = inv[f] ?? '';
				if (f === 'title')
					v = h('a', {href: `#/customers/${inv.customer_id}`}, inv.title || '#' + inv.customer_id);
				else if (f.endsWith('_fen'))
					v = formatFen(inv[f]);
				else if (f === 'status')
					v = h('span', {class: `badge st-${overdue ? 'overdue' : inv.status}`},
						overdue ? t('credit.overdue') : tEnum('invoice_status', inv.status));
				return h('td', {class: f.endsWith('_fen') ? 'num' : f === 'title' ? 'wrap' : null,
					dataset: {label: t('field.invoice.' + f)}}, v);
			}),
			h('td', {dataset: {label: t('credit.payments')}}, btn));
		btn.addEventListener('click', () => {
			const open = btn.getAttribute('aria-expanded') === 'true';
			btn.setAttribute('aria-expanded', open ? 'false' : 'true');
			if (open)
				tr.nextElementSibling.remove();
			else
				tr.after(paymentsRow(inv, COLS.length + 1));
		});
		return tr;
	}

	async function load(append) {
		const my = ++token;
		more.disabled = true;
		if (!append) {
			clear(results).append(h('p.loading', {role: 'status'}, t('common.loading')));
			shown = 0;
		}
		try {
			const r = await api('GET', '/invoices', {query: {limit: PAGE, sort: '-issued_on',
				filter: status.value ? `status eq '${status.value}'` : null, cursor: append ? cursor : null}});
			if (my !== token)
				return;
			cursor = r.next_cursor;
			if (!append)
				clear(results);
			if (!r.items.length && !append) {
				results.append(h('p.empty', {}, t('credit.no_invoices')));
				line.textContent = '';
				more.hidden = true;
				return;
			}
			let tbody = results.querySelector('tbody');
			if (!tbody) {
				tbody = h('tbody');
				results.append(h('table.data.invoices-table', {},
					h('thead', {}, h('tr', {}, COLS.map((f) => h('th', {scope: 'col', class: f.endsWith('_fen') ? 'num' : null},
						t('field.invoice.' + f))), h('th', {scope: 'col'}, t('credit.payments')))), tbody));
			}
			for (const inv of r.items)
				tbody.append(row(inv));
			shown += r.items.length;
			line.textContent = t('credit.invoice_count', {shown, total: r.total === undefined ? '?' : listTotal(r)});
			more.hidden = !cursor;
		} catch (e) {
			if (e.status === 401)
				throw e;
			clear(results).append(h('div.notice.error', {role: 'alert'}, e.message));
		} finally {
			more.disabled = false;
		}
	}
	status.addEventListener('change', () => load(false));
	more.addEventListener('click', () => load(true));
	return {sec, load};
}

export async function render(main) {
	const agingSlot = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	const inv = invoicesSection();
	main.append(h('section.page.credit-page', {},
		h('div.page-head', {}, h('h1', {}, t('credit.title'))), agingSlot, inv.sec));
	const [aging] = await Promise.allSettled([api('GET', '/credit/aging'), inv.load(false)]);
	clear(agingSlot);
	if (aging.status === 'fulfilled')
		agingSlot.append(agingSection(aging.value));
	else if (aging.reason.status === 401)
		throw aging.reason;
	else
		agingSlot.append(h('div.notice.error', {role: 'alert'}, aging.reason.message));
}
