/* Shared by the admin pages (#/admin/…): the page head with its tabs, tables whose cells are
 * labelled for the stacked phone layout, loading and empty states, and fetching every page of
 * a list. Values from the API always go in as text (dom.js h()). */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t} from './i18n.js';

export const TABS = ['users', 'roles', 'org', 'settings', 'webhooks', 'audit', 'jobs'];

/* The page frame: title, tabs (the current one marked) and the body the tab fills. */
export function adminShell(main, current) {
	const body = h('div.admin-body');
	main.append(h('section.page.admin-page', {dataset: {tab: current}},
		h('div.page-head', {}, h('div', {}, h('h1', {}, t('admin.title')), h('p.subtitle', {}, t('admin.subtitle')))),
		h('nav.admin-tabs', {'aria-label': t('admin.tabs')},
			TABS.map((tab) => h('a', {href: `#/admin/${tab}`, 'aria-current': tab === current ? 'page' : null,
			                          dataset: {tab}}, t(`admin.tab.${tab}`)))),
		body));
	return body;
}

export function loading() {
	return h('p.loading', {role: 'status'}, t('common.loading'));
}

export function empty(msg) {
	return h('p.empty', {}, msg);
}

/* cols: [{key, label, cell(row) → node|string, num}] → table.data */
export function table(cols, rows, opts = {}) {
	return h('table.data' + (opts.cls ? '.' + opts.cls : ''), {},
		h('thead', {}, h('tr', {}, cols.map((c) => h('th', {scope: 'col', class: c.num ? 'num' : null}, c.label)))),
		h('tbody', {}, rows.map((r) => h('tr', {dataset: {id: r.id ?? ''}},
			cols.map((c) => h('td', {class: c.num ? 'num' : c.wrap ? 'wrap' : null, dataset: {label: c.label}},
			                  c.cell ? c.cell(r) : (r[c.key] ?? '')))))));
}

/* Every item of a paged list (up to max). */
export async function listAll(path, query = {}, max = 2000) {
	const out = [];
	let cursor = null;
	do {
		const page = await api('GET', path, {query: {...query, limit: 500, cursor}});
		out.push(...(page.items || []));
		cursor = page.next_cursor || null;
	} while (cursor && out.length < max);
	return out;
}

/* Replaces a section's content: the loading line while fn runs, its nodes (or an error) after. */
export async function fill(el, fn) {
	clear(el).append(loading());
	try {
		const nodes = await fn();
		clear(el).append(...[].concat(nodes));
	} catch (e) {
		if (e && e.status === 401)
			return;
		clear(el).append(h('div.notice.error', {role: 'alert'}, e && e.message ? e.message : t('error.generic')));
	}
}

export function section(title, ...children) {
	return h('section.card.admin-card', {}, h('h2', {}, title), ...children);
}
