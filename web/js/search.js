/* The search page behind the header's search box: customers, contacts, leads and tickets by
 * any part of name (a ticket's subject), phone, e-mail or code, or by pinyin (GET
 * /api/v1/search, best hits first, only records the user may see). A contact hit opens the
 * contact's customer, a lead hit the leads page showing that lead, a ticket hit the ticket. */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t} from './i18n.js';

export async function render(main, {params}) {
	const q = (params.get('q') || '').trim();
	const input = h('input', {type: 'search', id: 's-q', value: q, autocomplete: 'off'});
	const results = h('div.results');
	const form = h('form.toolbar', {role: 'search'},
		h('div.tool.tool-q', {}, h('label', {for: 's-q'}, t('search.label')), input),
		h('div.tool.tool-btn', {}, h('button.primary', {type: 'submit'}, t('search.submit'))));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		location.hash = '#/search?q=' + encodeURIComponent(input.value.trim());
	});
	main.append(h('section.page', {}, h('div.page-head', {}, h('h1', {}, t('search.title'))), form, results));
	document.querySelector('.global-search input').value = q;
	if (q.length < 2) {
		results.append(h('p.empty', {}, t('search.hint')));
		input.focus();
		return;
	}
	results.append(h('p.loading', {role: 'status'}, t('common.loading')));
	const res = await api('GET', '/search', {query: {q}});
	clear(results);
	if (!res.items.length) {
		results.append(h('p.empty', {}, t('search.none', {q})));
		return;
	}
	const hrefs = {
		customer: (x) => `#/customers/${x.id}`,
		contact: () => '#',
		lead: (x) => '#/leads?code=' + encodeURIComponent(x.code || ''),
		ticket: (x) => `#/tickets/${x.id}`,
	};
	for (const entity of Object.keys(hrefs)) {
		const hits = res.items.filter((x) => x.entity === entity);
		if (!hits.length)
			continue;
		results.append(h('h2', {}, t('search.group.' + entity)), h('ul.hit-list', {}, hits.map((x) => {
			const a = h('a', {href: hrefs[entity](x)}, x.name || x.code || '#' + x.id);
			if (entity === 'contact')
				a.addEventListener('click', async (ev) => {
					ev.preventDefault();
					const c = await api('GET', `/contacts/${x.id}`, {query: {fields: 'customer_id'}});
					location.hash = `#/customers/${c.customer_id}`;
				});
			return h('li', {}, a, h('span.code', {}, x.code || ''), h('span.badge', {}, t('search.match.' + x.match)));
		})));
	}
	if (res.more)
		results.append(h('p.muted', {}, t('search.more_hits')));
}
