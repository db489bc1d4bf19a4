/* The dashboard (#/dashboard, the landing page after login): the figures a manager reads at a
 * glance, each card loading on its own so one slow or refused source does not blank the page:
 * customers (total, new this month) and the public pool from GET /api/v1/dashboard, open and
 * overdue receivables from the aging report (GET /api/v1/credit/aging), and the satisfaction
 * index of the latest survey wave with results (surveys API). */
import {api} from './api.js';
import {h, clear, formatFen} from './dom.js';
import {t} from './i18n.js';

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

/* The latest wave (by closing date) with responses among the surveys, with its results. */
async function latestIndex() {
	const surveys = await api('GET', '/surveys');
	let best = null;
	for (const sv of surveys.items.filter((x) => x.responses > 0).slice(0, 10)) {
		const waves = await api('GET', `/surveys/${sv.id}/waves`);
		for (const w of waves.items)
			if (w.responses > 0 && (!best || (w.closes_on || '') > (best.wave.closes_on || '')))
				best = {survey: sv, wave: w};
	}
	if (!best)
		return null;
	best.results = await api('GET', `/survey-waves/${best.wave.id}/results`);
	return best;
}

export async function render(main) {
	const page = h('section.page.dashboard-page');
	const cust = kpiCard('kpi-customers', 'dashboard.customers');
	const pool = kpiCard('kpi-pool', 'dashboard.pool');
	const recv = kpiCard('kpi-receivables', 'dashboard.receivables');
	const survey = kpiCard('kpi-survey', 'dashboard.survey');
	page.append(h('div.page-head', {}, h('div', {}, h('h1', {}, t('dashboard.title')),
		h('p.subtitle.as-of', {}))),
		h('div.kpi-grid', {}, cust.card, pool.card, recv.card, survey.card));
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
		fill(pool, async () => {
			const d = await counts;
			return [figure(String(d.customers.pool), t('dashboard.pool_size'), '#/pool'),
				h('p.muted', {}, d.customers.pool ? t('dashboard.pool_hint') : t('dashboard.pool_empty'))];
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
			const best = await latestIndex();
			if (!best || !best.results.index)
				return [h('p.empty', {}, t('dashboard.no_survey')), h('a', {href: '#/surveys'}, t('nav.surveys'))];
			const idx = best.results.index;
			return [figure(Number(idx.value_100).toFixed(1), t('dashboard.survey_index'),
				`#/surveys/${best.survey.id}?wave=${best.wave.id}`, idx.level_label ? h('span.kpi-note', {}, idx.level_label) : null),
				h('p.muted', {}, t('dashboard.survey_of', {survey: best.survey.title, wave: best.wave.name || best.wave.code,
					n: best.results.responses}))];
		}),
	]);
}
