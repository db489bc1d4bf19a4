/* The parts of the customer 360 page added with the marketing and workflow pages: the scores
 * of the last `guanxi score` run, each with a one-line explanation of what it means (GET
 * /customers/ID/scores), the surveys the customer answered, the loyalty tier and points in
 * every club (GET /customers/ID/loyalty), the suggested products (recommend.js, M23), the customer's tasks with a form to add one, and the
 * transfer request that goes to the caller's manager for approval. */
import {api} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t} from './i18n.js';
import {recordTasks} from './tasks.js';
import {transferRequest} from './approvals.js';
import {suggestionsCard} from './recommend.js';

const loading = () => h('p.loading', {role: 'status'}, t('common.loading'));

function scoreRow(key, value, explain) {
	return h('div.kv.score-row', {dataset: {score: key}},
		h('dt', {}, t(`scores.${key}`)),
		h('dd', {}, h('strong.score-value', {}, value), h('div.muted.score-explain', {}, explain)));
}

function fmt(x, d) {
	return x === null || x === undefined ? '—' : Number(x).toFixed(d);
}

/* The thresholds the scoring run used (its params), so that each explanation states them;
 * MODELS.md's defaults for a run stored before they were recorded. */
function runFigures(p) {
	p = p || {};
	const r = (x) => Math.round(x * 10000) / 100;
	const a = p.abc_a_share ?? 0.8, b = p.abc_b_share ?? 0.95;
	return {months: p.horizon_months ?? 12, d: r(p.monthly_discount ?? 0.01), abcMonths: p.abc_window_months ?? 12,
		a: r(a), b: r(b - a), c: r(1 - b)};
}

function scoresCard(s) {
	if (!s.scored)
		return [h('p.empty', {}, t('scores.none'))];
	const f = runFigures(s.run_params);
	const yuan = s.clv_yuan === null ? '—' : '¥' + Number(s.clv_yuan).toLocaleString('en-US', {maximumFractionDigits: 0});
	const rows = [
		scoreRow('rfm', s.rfm_segment ? `R${s.rfm_r} F${s.rfm_f} M${s.rfm_m} · ${s.rfm_segment_label}` : '—',
			s.rfm_segment ? t('scores.explain.rfm', {days: s.recency_days ?? '—', n: s.purchases, m: fmt(s.monetary_yuan, 0)}) : t('scores.explain.no_orders')),
		scoreRow('p_alive', s.p_alive === null ? '—' : fmt(s.p_alive * 100, 1) + '%',
			s.p_alive === null ? t('scores.explain.not_fitted') : t('scores.explain.p_alive', {n: fmt(s.expected_12m, 1), months: f.months})),
		scoreRow('clv', yuan, s.clv_yuan === null ? t('scores.explain.not_fitted') : t('scores.explain.clv', {months: f.months, d: f.d})),
		scoreRow('lifecycle', s.lifecycle_stage_label || '—', !s.lifecycle_stage ? ''
			: s.lifecycle_explain ? t('scores.explain.lifecycle', {why: s.lifecycle_explain, advice: t(`scores.explain.stage.${s.lifecycle_stage}`)})
			: t(`scores.explain.stage.${s.lifecycle_stage}`)),
		scoreRow('abc', s.abc_class || '—', s.abc_class ? t(`scores.explain.abc.${s.abc_class}`, {months: f.abcMonths, a: f.a, b: f.b, c: f.c}) : ''),
		scoreRow('loyalty_type', s.loyalty_type_label || '—', s.loyalty_type ? t('scores.explain.loyalty_type') : ''),
		scoreRow('sat_loyalty', s.loyalty_type_label || '—',
			s.loyalty_type ? t(`scores.explain.sat_loyalty.${s.loyalty_type}`) : ''),
	];
	return [h('dl.kv-list.scores-list', {}, rows), h('p.muted', {}, t('scores.as_of', {date: s.as_of}), ' ',
		h('a', {href: '/docs/models.md'}, t('scores.models')))];
}

function surveysList(s) {
	if (!s.surveys.length)
		return [h('p.empty', {}, t('scores.no_surveys'))];
	return [h('ul.hit-list.customer-surveys', {}, s.surveys.map((r) => h('li', {},
		h('a', {href: `#/surveys/${r.survey_id}?wave=${r.wave_id}`}, r.survey_title || r.survey_code), ' ',
		h('span.muted', {}, `${r.wave_code} · ${formatInstant(r.submitted_at)}`))))];
}

function loyaltyCard(l) {
	if (!l.clubs.length)
		return [h('p.empty', {}, t('loyalty.not_member'))];
	return l.clubs.map((c) => h('div.loyalty-club', {dataset: {club: c.club_id}},
		h('div', {}, h('a', {href: `#/loyalty/${c.club_id}?customer=${l.customer_id}`}, c.club_name), ' ',
		  h('span.badge.tier', {}, c.tier_name || c.tier || '')),
		h('dl.kv-list', {},
			h('div.kv', {}, h('dt', {}, t('loyalty.balance')), h('dd.loyalty-balance', {}, String(c.balance))),
			h('div.kv', {}, h('dt', {}, t('loyalty.credited')), h('dd', {}, String(c.credited))),
			c.next_tier ? h('div.kv', {}, h('dt', {}, t('loyalty.to_next')), h('dd', {}, String(c.points_to_next))) : null)));
}

function card(id, title, body) {
	return h('section.card', {'aria-labelledby': id}, h('h2', {id}, title), body);
}

/* {main: [cards for the main column], side: [cards for the side column]}; each fills itself. */
export function customerExtras(id) {
	const scores = h('div', {}, loading());
	const surveys = h('div', {}, loading());
	const loyalty = h('div', {}, loading());
	const fail = (el, e) => {
		clear(el);
		if (e.status !== 401)
			el.append(h('div.notice.error', {role: 'alert'}, e.message || t('error.generic')));
	};
	api('GET', `/customers/${id}/scores`).then((s) => {
		clear(scores).append(...scoresCard(s));
		clear(surveys).append(...surveysList(s));
	}, (e) => { fail(scores, e); fail(surveys, e); });
	api('GET', `/customers/${id}/loyalty`).then((l) => clear(loyalty).append(...loyaltyCard(l)), (e) => fail(loyalty, e));
	return {
		main: [card('h-scores', t('scores.title'), scores), card('h-cust-surveys', t('scores.surveys'), surveys)],
		side: [card('h-loyalty', t('loyalty.title'), loyalty), suggestionsCard(id), recordTasks('customer', id), transferRequest(id)],
	};
}
