/* Cross-selling from association rules (MODELS.md M23): the "Suggested products" card of the
 * customer 360 page (GET /customers/ID/recommendations: products the customer has not bought,
 * each with the strongest rule whose antecedent it bought, said in words) and the analytics
 * page listing the stored rules with the model and the thresholds of the run that mined them
 * (GET /analytics/association). Text only: a rule is read, not charted. */
import {api} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t} from './i18n.js';
import {modelNote, empty, pct, fixed} from './analytics_chart.js';

const loading = () => h('p.loading', {role: 'status'}, t('common.loading'));

function product(sku, name) {
	return name ? `${name} (${sku})` : sku;
}

/* "bought A → B, confidence 34%, lift 2.1" */
export function ruleText(r) {
	return t('recommend.rule', {a: product(r.antecedent_sku, r.antecedent_name), b: product(r.consequent_sku, r.consequent_name),
		confidence: pct(r.confidence, 0), lift: fixed(r.lift, 1)});
}

function suggestions(body, s) {
	if (!s.run) {
		body.append(h('p.empty', {}, t('recommend.no_run')));
		return;
	}
	if (!s.items.length) {
		body.append(h('p.empty', {}, t('recommend.none')));
		return;
	}
	body.append(h('ul.hit-list.suggestions', {}, s.items.map((r) => h('li', {dataset: {product: r.consequent_id}},
		h('strong', {}, product(r.consequent_sku, r.consequent_name)), h('div.muted.suggestion-rule', {}, ruleText(r))))));
	body.append(h('p.muted', {}, t('recommend.params', {support: s.run.params.min_support, confidence: s.run.params.min_confidence,
		lift: s.run.params.min_lift}), ' ', h('a', {href: '#/analytics/association'}, t('recommend.all_rules'))));
}

/* The side-column card of the customer page; fills itself. */
export function suggestionsCard(id) {
	const body = h('div', {}, loading());
	api('GET', `/customers/${id}/recommendations`).then((s) => suggestions(clear(body), s), (e) => {
		clear(body);
		if (e.status !== 401)
			body.append(h('div.notice.error', {role: 'alert'}, e.message || t('error.generic')));
	});
	return h('section.card.suggestions-card', {'aria-labelledby': 'h-suggestions'},
		h('h2', {id: 'h-suggestions'}, t('recommend.title')), body);
}

/* The analytics page #/analytics/association. */
export async function association(body) {
	const a = await api('GET', '/analytics/association', {query: {limit: 200}});
	const p = a.run ? a.run.params : null;
	body.append(modelNote(t('analytics.association.model'), p ? {
		[t('recommend.min_support')]: p.min_support, [t('recommend.min_confidence')]: p.min_confidence,
		[t('recommend.min_lift')]: p.min_lift,
	} : {}, null));
	if (!a.run) {
		body.append(empty(t('recommend.no_run'), t('recommend.how')));
		return;
	}
	body.append(h('p.muted.assoc-run', {}, t('recommend.run', {baskets: a.run.baskets, products: a.run.products, rules: a.run.rules,
		at: formatInstant(a.run.created_at)})));
	if (!a.items.length) {
		body.append(empty(t('recommend.no_rules'), t('recommend.lower')));
		return;
	}
	body.append(h('div.table-wrap', {}, h('table.data.assoc-rules', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('recommend.bought')), h('th', {}, t('recommend.suggest')),
			h('th.num', {}, t('recommend.support')), h('th.num', {}, t('recommend.confidence')), h('th.num', {}, t('recommend.lift')),
			h('th.num', {}, t('recommend.orders')))),
		h('tbody', {}, a.items.map((r) => h('tr', {},
			h('td', {}, product(r.antecedent_sku, r.antecedent_name)), h('td', {}, product(r.consequent_sku, r.consequent_name)),
			h('td.num', {}, pct(r.support, 1)), h('td.num', {}, pct(r.confidence, 0)), h('td.num', {}, fixed(r.lift, 2)),
			h('td.num', {}, String(r.n_both))))))));
}
