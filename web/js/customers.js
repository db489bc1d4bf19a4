/* The customer list: a search box (GET /api/v1/search from two characters on), filters by
 * city, kind and key account turned into a filter= expression, a sort choice, cursor paging
 * with a "more" button, and loading and empty states. The filters stay while the page is
 * left and come back. A saved segment as a filter, the column choice, CSV/Excel export and bulk
 * assignment come from customers_extras.js. */
import {api} from './api.js';
import {h, clear, listTotal, quoteFilter} from './dom.js';
import {t, tEnum} from './i18n.js';
import {chosenColumns, columnChooser, segmentSelect, segmentFilter, exportLinks, bulkAssign} from './customers_extras.js';
import {formatInstant} from './dom.js';

const state = {q: '', city: '', kind: '', key: false, sort: 'name', segment: ''};
const SORTS = ['name', '-name', 'code', 'city', '-created_at'];
const PAGE = 25;

export function filterExpression(s) {
	const parts = [];
	if (s.city.trim())
		parts.push(`city eq ${quoteFilter(s.city.trim())}`);
	if (s.kind)
		parts.push(`kind eq ${quoteFilter(s.kind)}`);
	if (s.key)
		parts.push('key_account eq true');
	return parts.join(' and ');
}

export async function render(main) {
	const q = h('input', {type: 'search', id: 'cl-q', value: state.q, autocomplete: 'off',
	                      placeholder: t('customers.search_placeholder')});
	const city = h('input', {type: 'text', id: 'cl-city', value: state.city});
	const kind = h('select', {id: 'cl-kind'}, h('option', {value: ''}, t('customers.kind_any')),
	               ['person', 'organization'].map((k) => h('option', {value: k}, tEnum('kind', k))));
	kind.value = state.kind;
	const key = h('input', {type: 'checkbox', id: 'cl-key', checked: state.key});
	const sort = h('select', {id: 'cl-sort'}, SORTS.map((s) => h('option', {value: s}, t('sort.' + s))));
	sort.value = state.sort;
	const segSel = segmentSelect(state.segment);
	const exporter = exportLinks();
	const status = h('p.status-line', {role: 'status', 'aria-live': 'polite'});
	const results = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('customers.more'));

	const filters = h('form.toolbar', {role: 'search'},
		h('div.tool.tool-q', {}, h('label', {for: 'cl-q'}, t('customers.search_label')), q),
		h('div.tool', {}, h('label', {for: 'cl-city'}, t('field.customer.city')), city),
		h('div.tool', {}, h('label', {for: 'cl-kind'}, t('field.customer.kind')), kind),
		h('div.tool.tool-check', {}, h('label', {for: 'cl-key'}, key, ' ', t('field.customer.key_account'))),
		h('div.tool', {}, h('label', {for: 'cl-sort'}, t('customers.sort')), sort),
		h('div.tool', {}, h('label', {for: 'cl-segment'}, t('customers.segment')), segSel),
		h('div.tool.tool-btn', {}, h('button.primary', {type: 'submit'}, t('customers.apply'))));

	main.append(h('section.page', {},
		h('div.page-head', {}, h('h1', {}, t('customers.title')),
		  h('a.button.primary', {href: '#/customers/new'}, t('nav.new_customer'))),
		filters,
		h('div.list-tools', {}, columnChooser(() => load(false)), exporter,
		  bulkAssign(() => [...results.querySelectorAll('input.pick:checked')].map((x) => Number(x.value)), () => load(false))),
		status, results, more));

	let cursor = null;
	let token = 0;

	async function load(append) {
		const my = ++token;
		more.hidden = true;
		if (!append) {
			clear(results);
			status.textContent = t('common.loading');
			status.classList.add('loading');
		} else {
			more.disabled = true;
		}
		try {
			if (state.q.length >= 2)
				return await loadSearch(my);
			const listFilter = filterExpression(state);
			const segF = state.segment ? segmentFilter(segSel) : '';
			exporter.update(segF && listFilter ? `(${segF}) and (${listFilter})` : segF || listFilter);
			const page = await api('GET', state.segment ? `/segments/${Number(state.segment)}/customers` : '/customers', {query: {
				limit: PAGE, sort: state.sort, filter: listFilter, cursor: append ? cursor : null,
				fields: 'code,name,kind,city,mobile,phone,industry,key_account,province,source,created_at'}});
			if (my !== token)
				return;
			status.classList.remove('loading');
			cursor = page.next_cursor;
			if (!append)
				clear(results);
			if (!page.items.length && !append) {
				results.append(empty(filterExpression(state) || state.segment ? t('customers.empty_filtered') : t('customers.empty')));
				status.textContent = '';
				return;
			}
			let tbody = results.querySelector('tbody');
			if (!tbody) {
				tbody = h('tbody');
				results.append(table(tbody));
			}
			for (const c of page.items)
				tbody.append(row(c));
			status.textContent = t('customers.count', {shown: tbody.children.length, total: page.total === undefined ? '?' : listTotal(page)});
			more.hidden = !cursor;
		} catch (e) {
			if (my !== token)
				return;
			status.classList.remove('loading');
			status.textContent = '';
			const field = e.field ? t('field.customer.' + e.field) + ': ' : '';
			results.append(h('div.notice.error', {role: 'alert'}, field + e.message));
		} finally {
			more.disabled = false;
		}
	}

	async function loadSearch(my) {
		const res = await api('GET', '/search', {query: {q: state.q}});
		if (my !== token)
			return;
		status.classList.remove('loading');
		clear(results);
		const hits = res.items.filter((x) => x.entity === 'customer');
		if (!hits.length) {
			status.textContent = '';
			results.append(empty(t('customers.search_empty', {q: state.q})));
			return;
		}
		status.textContent = t('customers.search_count', {n: hits.length}) + (res.more ? ' ' + t('search.more_hits') : '');
		results.append(h('ul.hit-list', {}, hits.map((x) => h('li', {},
			h('a', {href: `#/customers/${x.id}`}, x.name || x.code || '#' + x.id),
			h('span.code', {}, x.code || ''),
			h('span.badge', {}, t('search.match.' + x.match))))));
		if (filterExpression(state))
			results.append(h('p.muted', {}, t('customers.search_ignores_filters')));
	}

	function table(tbody) {
		const cols = ['code', 'name', ...chosenColumns()];
		const all = h('input.pick-all', {type: 'checkbox', 'aria-label': t('customers.pick_all')});
		all.addEventListener('change', () => {
			for (const x of tbody.querySelectorAll('input.pick'))
				x.checked = all.checked;
		});
		return h('table.data.customers-table', {},
			h('thead', {}, h('tr', {}, cols.map((c) => h('th', {scope: 'col'}, c === 'code' ? [all, ' '] : null, t('field.customer.' + c))))),
			tbody);
	}

	function row(c) {
		const cell = (name, ...content) => h('td', {class: name === 'name' ? 'wrap' : null, dataset: {label: t('field.customer.' + name)}}, ...content);
		const value = {
			kind: () => tEnum('kind', c.kind),
			mobile: () => c.mobile || c.phone || '',
			key_account: () => c.key_account ? h('span.badge.key', {}, t('customer.key_account_badge')) : '',
			created_at: () => formatInstant(c.created_at),
		};
		const pick = h('input.pick', {type: 'checkbox', value: c.id, 'aria-label': t('customers.pick', {name: c.name || c.code || c.id})});
		return h('tr', {},
			h('td', {dataset: {label: t('field.customer.code')}}, pick, c.code || ''),
			cell('name', h('a', {href: `#/customers/${c.id}`}, c.name || c.code || String(c.id))),
			chosenColumns().map((col) => cell(col, value[col] ? value[col]() : (c[col] ?? ''))));
	}

	function empty(msg) {
		return h('div.empty', {}, h('p', {}, msg), h('a', {href: '#/customers/new'}, t('customers.empty_create')));
	}

	function readState() {
		state.q = q.value.trim();
		state.city = city.value;
		state.kind = kind.value;
		state.key = key.checked;
		state.sort = sort.value;
		state.segment = segSel.value;
	}

	filters.addEventListener('submit', (ev) => {
		ev.preventDefault();
		readState();
		load(false);
	});
	for (const el of [kind, key, sort, segSel])
		el.addEventListener('change', () => {
			readState();
			load(false);
		});
	let timer = null;
	q.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			const v = q.value.trim();
			if (v.length === 1) {
				status.textContent = t('customers.search_min');
				return;
			}
			if (v === state.q)
				return;
			readState();
			load(false);
		}, 250);
	});
	more.addEventListener('click', () => load(true));
	await load(false);
}
