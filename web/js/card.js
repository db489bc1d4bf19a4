/* The printable customer file card (客户资料卡, #/customers/ID/card): one page with the
 * customer's particulars, contacts, credit position and order summary, laid out as a paper
 * form; "Print" calls the browser's print dialogue and the print styles (css/app.css, @media
 * print) drop the header, navigation and buttons. */
import {api} from './api.js';
import {h, clear, formatFen, formatInstant} from './dom.js';
import {t, tEnum} from './i18n.js';
import {creditKv} from './credit_panel.js';

const BASIC = ['code', 'kind', 'industry', 'source', 'uscc', 'province', 'city', 'district', 'address',
               'postcode', 'phone', 'mobile', 'email', 'wechat', 'website', 'gender', 'birthday', 'created_at'];

export async function render(main, {id}) {
	main.append(h('p.loading', {role: 'status'}, t('common.loading')));
	const c = await api('GET', `/customers/${id}`);
	const [ct, cr, od] = await Promise.allSettled([
		api('GET', `/customers/${id}/contacts`, {query: {limit: 100}}),
		api('GET', `/customers/${id}/credit`),
		api('GET', '/orders', {query: {filter: `customer_id eq ${Number(id)}`, sort: '-ordered_at', limit: 1000}}),
	]);
	clear(main);
	const cell = (f) => {
		let v = c[f];
		if (v === null || v === undefined || v === '')
			return null;
		if (f === 'kind' || f === 'gender')
			v = tEnum(f, v);
		else if (f.endsWith('_at'))
			v = formatInstant(v);
		return h('div.kv', {}, h('dt', {}, t('field.customer.' + f)), h('dd', {dataset: {field: f}}, String(v)));
	};
	const print = h('button.primary.print', {type: 'button'}, t('card.print'));
	print.addEventListener('click', () => window.print());
	const section = (key, ...content) => h('section.card-section', {}, h('h2', {}, t(key)), ...content);
	const failed = (r) => h('p.notice.error', {role: 'alert'}, r.reason.message || t('error.generic'));
	let orders;
	if (od.status === 'rejected') {
		orders = failed(od);
	} else {
		const live = od.value.items.filter((o) => o.status !== 'cancelled');
		orders = live.length ? h('dl.kv-list', {},
			h('div.kv', {}, h('dt', {}, t('card.orders_count')), h('dd', {}, String(live.length))),
			h('div.kv', {}, h('dt', {}, t('card.orders_sum')), h('dd', {}, formatFen(live.reduce((a, o) => a + (o.amount_fen || 0), 0)))),
			h('div.kv', {}, h('dt', {}, t('card.orders_last')), h('dd', {}, formatInstant(live[0].ordered_at))))
			: h('p.empty', {}, t('customer.no_orders'));
	}
	main.append(h('section.page.card-page', {},
		h('div.page-head.no-print', {},
			h('a', {href: `#/customers/${id}`}, t('card.back')), print),
		h('article.file-card', {'aria-labelledby': 'h-card'},
			h('header.file-card-head', {},
				h('h1', {id: 'h-card'}, t('card.title')),
				h('p.file-card-name', {}, c.name || c.code),
				h('p.muted', {}, t('card.printed', {date: formatInstant(new Date().toISOString())}))),
			section('card.basic', h('dl.kv-list.two-col', {}, BASIC.map(cell))),
			section('customer.contacts', ct.status === 'rejected' ? failed(ct) : ct.value.items.length
				? h('table.data.card-contacts', {},
					h('thead', {}, h('tr', {}, ['name', 'title', 'phone', 'email'].map((f) => h('th', {scope: 'col'}, t('field.contact.' + f))))),
					h('tbody', {}, ct.value.items.map((p) => h('tr', {}, ['name', 'title', 'phone', 'email'].map((f) =>
						h('td', {dataset: {label: t('field.contact.' + f)}}, f === 'phone' ? (p.phone || p.mobile || '') : (p[f] || '')))))))
				: h('p.empty', {}, t('customer.no_contacts'))),
			section('credit.panel', cr.status === 'rejected' ? failed(cr) : creditKv(cr.value)),
			section('customer.orders', orders),
			c.notes ? section('field.customer.notes', h('p.card-notes', {}, c.notes)) : null,
			h('footer.file-card-foot', {}, h('span', {}, t('card.signature')), h('span', {}, t('card.date'))))));
}
