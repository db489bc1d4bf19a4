/* The dashboard (#/dashboard, the landing page after login): the KPIs a manager reads at a
 * glance and the 12-month trends, all aggregated by the server within the user's row scope
 * (GET /api/v1/dashboard, docs/user-guide/dashboard.*.md): customers (total, new, active,
 * retained, churned, loyal), the public pool, service (open complaints, overdue tickets), the
 * open pipeline, revenue, the satisfaction index of the latest wave, and receivables from the
 * aging report (GET /api/v1/credit/aging). Each card loads on its own so that one slow or
 * refused source does not blank the page; each figure links to the list behind it where one
 * exists. Values reach the page only as text or as chart data. */
import {api} from './api.js';
import {h, clear, formatFen} from './dom.js';
import {t} from './i18n.js';
import {chartBox, COLORS} from './analytics_chart.js';

/* A card with a title that shows a spinner until fill(el) gives its content. */
function kpiCard(cls, titleKey) {
	const body = h('div.kpi-body', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	const card = h(`section.card.kpi.${cls}`, {'aria-busy': 'true'}, h('h2', {}, t(titleKey)), body);
	return {card, body};
}

function figure(value, label, href, extra) {
	const v = h('span.kpi-value', {}, value);
	return h('div.kpi-figure', {}, href ? h('a', {href}, v) : v, h('span.kpi-label', {}, label), extra || null);
}

async function fill(k, load) {
	try {
		const content = await load();
		clear(k.body).append(...content);
	} catch (e) {
		if (e && e.status === 401)
			throw e;
		clear(k.body).append(h('p.notice.error', {role: 'alert'}, e && e.message ? e.message : t('error.generic')));
	} finally {
		k.card.removeAttribute('aria-busy');
	}
}

function share(n, of) {
	return of > 0 ? h('span.kpi-note', {}, t('dashboard.share_of', {pct: Math.round(n * 100 / of)})) : null;
}

/* The trend series: key, title, chart type, whether values are fen. */
const TRENDS = [
	['revenue_fen', 'dashboard.trend.revenue', 'bar', true],
	['new_customers', 'dashboard.trend.new_customers', 'bar', false],
	['active_customers', 'dashboard.trend.active_customers', 'line', false],
	['complaints_opened', 'dashboard.trend.complaints_opened', 'bar', false],
	['deals_won', 'dashboard.trend.deals_won', 'bar', false],
];

async function trendCard(grid, d, [key, titleKey, type, fen], i) {
	const values = d.trends[key];
	const card = h(`section.card.trend.trend-${key.replace(/_/g, '-')}`, {}, h('h2', {}, t(titleKey)));
	grid.append(card);
	if (values.every((v) => v === 0))
		card.append(h('p.empty.muted', {}, t('dashboard.trend.empty')));
	const data = fen ? values.map((v) => v / 100) : values;
	await chartBox(card, 200, 'trend-chart', (Chart, canvas) => {
		canvas.setAttribute('aria-label', t(titleKey));
		return new Chart(canvas, {
			type,
			data: {labels: d.trends.months, datasets: [{label: t(titleKey), data, backgroundColor: COLORS[i],
				borderColor: COLORS[i], pointRadius: 3, tension: 0.2}]},
			options: {
				maintainAspectRatio: false,
				plugins: {legend: {display: false}, tooltip: {callbacks: {label: (c) => (fen
					? formatFen(Math.round(c.parsed.y * 100)) : String(c.parsed.y))}}},
				scales: {y: {beginAtZero: true, ticks: {precision: 0}}, x: {ticks: {maxRotation: 0, autoSkip: true}}},
			},
		});
	});
}

/* How each figure is counted, with the windows of this answer. */
function basis(d) {
	const w = d.windows;
	return h('details.dashboard-basis', {},
		h('summary', {}, t('dashboard.basis.title')),
		h('ul', {},
			h('li', {}, t('dashboard.basis.scope', {scope: t('dashboard.scope.' + d.scope)})),
			h('li', {}, t('dashboard.basis.active', {from: w.active_from, to: w.active_to})),
			h('li', {}, t('dashboard.basis.retained', {from: w.prior_from, to: w.prior_to})),
			h('li', {}, t('dashboard.basis.churned', {from: w.prior_from, to: w.prior_to})),
			h('li', {}, t('dashboard.basis.loyal', {months: w.loyal_months.join(', ')})),
			h('li', {}, t('dashboard.basis.revenue')),
			h('li', {}, t('dashboard.basis.service')),
			h('li', {}, t('dashboard.basis.pipeline'))),
		h('p', {}, h('a', {href: '/docs/user-guide/dashboard.' + (t('dashboard.doc_lang')) + '.md', target: '_blank',
			rel: 'noopener'}, t('dashboard.basis.doc'))));
}

export async function render(main) {
	const page = h('section.page.dashboard-page');
	const cust = kpiCard('kpi-customers', 'dashboard.customers');
	const life = kpiCard('kpi-lifecycle', 'dashboard.lifecycle');
	const pool = kpiCard('kpi-pool', 'dashboard.pool');
	const service = kpiCard('kpi-service', 'dashboard.service');
	const pipe = kpiCard('kpi-pipeline', 'dashboard.pipeline');
	const revenue = kpiCard('kpi-revenue', 'dashboard.revenue');
	const recv = kpiCard('kpi-receivables', 'dashboard.receivables');
	const survey = kpiCard('kpi-survey', 'dashboard.survey');
	const trends = h('div.trend-grid', {'aria-busy': 'true'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const basisBox = h('div.basis-box');
	page.append(h('div.page-head', {}, h('div', {}, h('h1', {}, t('dashboard.title')),
		h('p.subtitle.as-of', {}))),
		h('div.kpi-grid', {}, cust.card, life.card, pool.card, service.card, pipe.card, revenue.card, recv.card,
			survey.card),
		h('h2.section-title', {}, t('dashboard.trends')), trends, basisBox);
	main.append(page);

	const counts = api('GET', '/dashboard');
	await Promise.all([
		fill(cust, async () => {
			const d = await counts;
			page.querySelector('.as-of').textContent = t('dashboard.as_of', {date: d.as_of});
			if (!d.customers.total)
				return [h('p.empty', {}, t('dashboard.no_customers')), h('a', {href: '#/customers/new'}, t('customers.empty_create'))];
			return [figure(String(d.customers.total), t('dashboard.customers_total'), '#/customers'),
				figure(String(d.customers.new_this_month), t('dashboard.customers_new', {date: d.month_start}))];
		}),
		fill(life, async () => {
			const c = (await counts).customers;
			return [figure(String(c.active), t('dashboard.active'), null, share(c.active, c.total)),
				figure(String(c.retained), t('dashboard.retained'), null, c.retained + c.churned > 0
					? h('span.kpi-note', {}, t('dashboard.retention_rate', {pct: Math.round(c.retained * 100 / (c.retained + c.churned))}))
					: null),
				figure(String(c.churned), t('dashboard.churned'), null, c.churned > 0 ? h('span.kpi-note.warn', {}, t('dashboard.churned_note')) : null),
				figure(String(c.loyal), t('dashboard.loyal'))];
		}),
		fill(pool, async () => {
			const d = await counts;
			return [figure(String(d.customers.pool), t('dashboard.pool_size'), '#/pool'),
				h('p.muted', {}, d.customers.pool ? t('dashboard.pool_hint') : t('dashboard.pool_empty'))];
		}),
		fill(service, async () => {
			const s = (await counts).service;
			return [figure(String(s.open_complaints), t('dashboard.open_complaints'), '#/tickets'),
				figure(String(s.overdue_tickets), t('dashboard.overdue_tickets'), '#/tickets',
					s.overdue_tickets > 0 ? h('span.kpi-note.warn', {}, t('dashboard.overdue_hint')) : null)];
		}),
		fill(pipe, async () => {
			const p = (await counts).pipeline;
			if (!p.open_deals)
				return [h('p.empty', {}, t('dashboard.no_pipeline')), h('a', {href: '#/pipeline'}, t('nav.pipeline'))];
			return [figure(formatFen(p.open_fen), t('dashboard.pipeline_open', {n: p.open_deals}), '#/pipeline'),
				figure(formatFen(p.weighted_fen), t('dashboard.pipeline_weighted'), '#/pipeline')];
		}),
		fill(revenue, async () => {
			const r = (await counts).revenue;
			return [figure(formatFen(r.month_fen), t('dashboard.revenue_month'), '#/analytics/pivot'),
				figure(formatFen(r.year_fen), t('dashboard.revenue_year', {date: r.year_start}), '#/analytics/pivot')];
		}),
		fill(recv, async () => {
			const a = await api('GET', '/credit/aging');
			if (!a.total.total_fen)
				return [h('p.empty', {}, t('dashboard.no_receivables'))];
			const overdue = a.total.total_fen - a.total.current_fen;
			return [figure(formatFen(a.total.total_fen), t('dashboard.open_receivables'), '#/credit'),
				figure(formatFen(overdue), t('dashboard.overdue'), '#/credit', overdue > 0
					? h('span.kpi-note.warn', {}, t('dashboard.overdue_share', {pct: Math.round(overdue * 100 / a.total.total_fen)}))
					: null),
				h('p.muted', {}, t('dashboard.receivables_customers', {n: a.customers.length}))];
		}),
		fill(survey, async () => {
			const c = (await counts).csi;
			if (!c)
				return [h('p.empty', {}, t('dashboard.no_survey')), h('a', {href: '#/surveys'}, t('nav.surveys'))];
			return [figure(Number(c.value_100).toFixed(1), t('dashboard.survey_index'),
				`#/surveys/${c.survey_id}?wave=${c.wave_id}`, c.level_label ? h('span.kpi-note', {}, c.level_label) : null),
				h('p.muted', {}, t('dashboard.survey_of', {survey: c.survey_title, wave: c.wave_name || c.wave_code,
					n: c.responses}))];
		}),
		(async () => {
			try {
				const d = await counts;
				clear(trends);
				basisBox.append(basis(d));
				await Promise.all(TRENDS.map((tr, i) => trendCard(trends, d, tr, i)));
			} catch (e) {
				if (e && e.status === 401)
					throw e;
				clear(trends).append(h('p.notice.error', {role: 'alert'}, e && e.message ? e.message : t('error.generic')));
			} finally {
				trends.removeAttribute('aria-busy');
			}
		})(),
	]);
}
