/* The analytics pages (客户分析, #/analytics and #/analytics/NAME): a hub that lists them and,
 * for each, the tabs to the others and the page itself from analytics_value.js (customer-base
 * charts from the scores, orders and the pivot) or analytics_survey.js (survey-wave charts).
 * Each page says which model and parameters produced its chart (analytics_chart.js). */
import {h} from './dom.js';
import {t} from './i18n.js';
import * as value from './analytics_value.js';
import * as survey from './analytics_survey.js';
import * as pivot from './analytics_pivot.js';
import {association} from './recommend.js';

/* name → [renderer, i18n key stem]; the order of the tabs and the hub. */
const PAGES = [
	['pareto', value.pareto], ['rfm', value.rfm], ['clv', value.clv], ['palive', value.palive],
	['lifecycle', value.lifecycle], ['cohorts', value.cohorts], ['satisfaction', survey.satisfaction],
	['kano', survey.kano], ['servqual', survey.servqual], ['pls', survey.pls],
	['satloy', survey.satloy], ['pivot', pivot.render], ['association', association],
];

export const PAGE_NAMES = PAGES.map(([n]) => n);

function tabs(current) {
	return h('nav.analytics-tabs', {'aria-label': t('analytics.tabs')},
		h('ul', {}, PAGES.map(([n]) => h('li', {}, h('a', {
			href: `#/analytics/${n}`, 'aria-current': n === current ? 'page' : null,
		}, t(`analytics.${n}.tab`))))));
}

function hub(main) {
	main.append(h('section.page.analytics-page', {},
		h('div.page-head', {}, h('div', {}, h('h1', {}, t('analytics.title')),
			h('p.subtitle', {}, t('analytics.subtitle')))),
		h('div.analytics-hub', {}, PAGES.map(([n]) => h('a.card.analytics-link', {href: `#/analytics/${n}`},
			h('h2', {}, t(`analytics.${n}.title`)), h('p.muted', {}, t(`analytics.${n}.about`)))))));
}

/* Phone layout of the tables (app.css): narrow ones stay tables, wider ones become one card per
 * row whose cells are labelled with their column's heading. */
function labelTables(root) {
	for (const table of root.querySelectorAll('table.data')) {
		const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
		if (heads.length <= 4)
			table.classList.add('keep');
		for (const tr of table.querySelectorAll('tbody tr'))
			[...tr.children].forEach((td, i) => td.setAttribute('data-label', heads[i] || ''));
	}
}

export async function render(main, {sub, params}) {
	const page = PAGES.find(([n]) => n === sub);
	if (!sub || !page)
		return hub(main);
	const body = h('div.analytics-body', {'aria-busy': 'true'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const section = h('section.page.analytics-page', {dataset: {analytics: sub}},
		h('div.page-head', {}, h('div', {}, h('h1', {}, t(`analytics.${sub}.title`)),
			h('p.subtitle', {}, t(`analytics.${sub}.about`)))),
		tabs(sub), body);
	main.append(section);
	try {
		await page[1](body, params);
	} finally {
		body.querySelector(':scope > p.loading')?.remove();
		labelTables(body);
		body.removeAttribute('aria-busy');
		section.dataset.ready = '1';
	}
}
