/* Unit tests for the lifecycle classifier and its mapping table (MODELS.md M13) and for the
 * relationship models (M14): every rule with the values just on and just off its threshold,
 * the seed001 Kotler matrix from seed_vectors.json, the gap report and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/analytics/relationship.h"
#include "seedvec.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(gx_daynum_parse(s, "date", &d, NULL), GX_OK);
	return d;
}

static struct gx_lifecycle_input blank(void)
{
	return (struct gx_lifecycle_input){
		.p_alive = NAN, .share_of_wallet = NAN, .last_outbound_day = GX_LIFECYCLE_NO_DAY,
	};
}

static struct gx_lifecycle_result run(const struct gx_lifecycle_input *in, int32_t as_of)
{
	struct gx_lifecycle_result r;
	struct gx_error err;
	assert_int_equal(gx_lifecycle_classify(in, as_of, NULL, &r, &err), GX_OK);
	return r;
}

/* as_of 2026-07-01: trailing window [2025-07-01, 2026-07-01), prior [2024-07-01, 2025-07-01). */
static void test_termination_and_decline(void **state)
{
	(void)state;
	int32_t d = day("2026-07-01");
	struct gx_lifecycle_order o[2] = {
		{ day("2024-08-01"), 100000, 30000 }, { day("2025-07-01"), 100000, 30000 },
	};
	struct gx_lifecycle_input in = blank();
	in.orders = o;
	in.n_orders = 2;
	/* Last order exactly 365 days ago, nothing owed: terminated. */
	struct gx_lifecycle_result r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_TERMINATION);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_INACTIVE);
	assert_int_equal(r.phase, GX_LIFECYCLE_PHASE_TERMINATION);
	assert_int_equal(r.days_since_last, 365);
	/* One fen owed: not terminated; the revenue is steady and tenure long → mature. */
	in.open_receivables_fen = 1;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_MATURITY);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_STABLE);
	assert_int_equal(r.revenue_trailing_fen, 100000);
	assert_int_equal(r.revenue_prior_fen, 100000);
	assert_int_equal(r.tenure_days, d - day("2024-08-01"));
	/* 364 days since the last order. */
	in.open_receivables_fen = 0;
	o[1].day = day("2025-07-02");
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_MATURITY);
	/* Closed by a user wins over everything, debts or not. */
	in.closed_by_user = true;
	in.open_receivables_fen = 500;
	r = run(&in, d);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_CLOSED);
	in.closed_by_user = false;
	in.open_receivables_fen = 0;
	/* P(alive) just below 0.1 terminates; exactly 0.1 only declines (< 0.5). */
	in.p_alive = 0.0999;
	r = run(&in, d);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_PALIVE_LOST);
	in.p_alive = 0.1;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_DECLINE);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_PALIVE_LOW);
	in.p_alive = 0.5;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_MATURITY);
	in.p_alive = NAN;
	/* Revenue ratio exactly 0.70: no decline (and outside 80–120%: growth). 0.69999: decline. */
	o[1].net_fen = 70000;
	r = run(&in, d);
	assert_float_equal(r.revenue_ratio, 0.7, 1e-15);
	assert_int_equal(r.stage, GX_LIFECYCLE_GROWTH);
	o[1].net_fen = 69999;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_DECLINE);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_REVENUE_DROP);
	/* Nothing in the prior window: ratio undefined, no decline by revenue. */
	o[0].day = day("2024-06-30");
	r = run(&in, d);
	assert_true(isnan(r.revenue_ratio));
	assert_int_equal(r.stage, GX_LIFECYCLE_GROWTH);
}

static void test_maturity_growth_development(void **state)
{
	(void)state;
	int32_t d = day("2026-07-01");
	struct gx_lifecycle_order o[3] = {
		{ day("2025-01-10"), 100000, 300 }, { day("2025-12-01"), 120000, 201 },
		{ day("2026-08-01"), 999999, 999999 },   /* after as_of: ignored */
	};
	struct gx_lifecycle_input in = blank();
	in.orders = o;
	in.n_orders = 3;
	in.acquisition_spend_fen = 500;
	/* Ratio exactly 1.2, tenure ≥ 365: mature. */
	struct gx_lifecycle_result r = run(&in, d);
	assert_int_equal(r.purchases, 2);
	assert_float_equal(r.revenue_ratio, 1.2, 1e-15);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_STABLE);
	/* 1.20001: above the band → growth (margin 501 > 500). */
	o[1].net_fen = 120001;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_GROWTH);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_PROFITABLE);
	assert_int_equal(r.margin_cum_fen, 501);
	/* Share of wallet known: it alone decides maturity (0.6 yes, 0.59 no even if stable). */
	o[1].net_fen = 100000;
	in.share_of_wallet = 0.6;
	r = run(&in, d);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_WALLET);
	in.share_of_wallet = 0.59;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_GROWTH);
	in.share_of_wallet = NAN;
	/* Tenure 364 days: not mature by tenure. */
	o[0].day = d - 364;
	o[1].day = d - 10;
	o[1].net_fen = 0;   /* a fully refunded order: not a purchase */
	r = run(&in, d);
	assert_int_equal(r.purchases, 1);
	assert_int_equal(r.tenure_days, 364);
	assert_int_equal(r.stage, GX_LIFECYCLE_GROWTH);
	/* Margin equal to the acquisition spend: development (unprofitable so far). */
	in.acquisition_spend_fen = 501;
	r = run(&in, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_DEVELOPMENT);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_UNPROFITABLE);
	assert_int_equal(r.phase, GX_LIFECYCLE_PHASE_ACQUISITION);

	/* No orders: development activity or prospect. */
	struct gx_lifecycle_input p = blank();
	r = run(&p, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_PROSPECT);
	assert_int_equal(r.days_since_last, -1);
	p.last_outbound_day = d - 180;
	r = run(&p, d);
	assert_int_equal(r.stage, GX_LIFECYCLE_DEVELOPMENT);
	assert_int_equal(r.rule, GX_LIFECYCLE_RULE_ACTIVITY);
	p.last_outbound_day = d - 181;
	assert_int_equal(run(&p, d).stage, GX_LIFECYCLE_PROSPECT);
	p.last_outbound_day = d;   /* on as_of itself: not yet "in the last 180 days" */
	assert_int_equal(run(&p, d).stage, GX_LIFECYCLE_PROSPECT);
	p.campaign_member = true;
	assert_int_equal(run(&p, d).stage, GX_LIFECYCLE_DEVELOPMENT);
	p.campaign_member = false;
	p.open_lead_or_opportunity = true;
	assert_int_equal(run(&p, d).stage, GX_LIFECYCLE_DEVELOPMENT);
	/* P(alive) and share of wallet are ignored without orders. */
	p.open_lead_or_opportunity = false;
	p.p_alive = 0.01;
	p.share_of_wallet = 0.9;
	assert_int_equal(run(&p, d).stage, GX_LIFECYCLE_PROSPECT);
	/* Custom window: 6 months. */
	struct gx_lifecycle_params prm;
	gx_lifecycle_params_default(&prm);
	assert_int_equal(prm.inactive_days, 365);
	assert_float_equal(prm.decline_ratio, 0.7, 0);
	prm.window_months = 6;
	struct gx_lifecycle_order o6[2] = { { day("2025-10-01"), 1000, 10 },
		                            { day("2026-02-01"), 500, 10 } };
	struct gx_lifecycle_input i6 = blank();
	i6.orders = o6;
	i6.n_orders = 2;
	struct gx_error err;
	assert_int_equal(gx_lifecycle_classify(&i6, d, &prm, &r, &err), GX_OK);
	assert_int_equal(r.revenue_prior_fen, 1000);
	assert_int_equal(r.revenue_trailing_fen, 500);
	assert_int_equal(r.stage, GX_LIFECYCLE_DECLINE);
}

static void test_lifecycle_bad_input(void **state)
{
	(void)state;
	struct gx_lifecycle_result r;
	struct gx_error err;
	int32_t d = day("2026-07-01");
	struct gx_lifecycle_input in = blank();
	in.p_alive = 1.5;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "p_alive");
	in = blank();
	in.share_of_wallet = -0.1;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	in = blank();
	in.open_receivables_fen = -1;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	in = blank();
	in.acquisition_spend_fen = -1;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	in = blank();
	in.n_orders = 3;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	in = blank();
	struct gx_lifecycle_params p;
	gx_lifecycle_params_default(&p);
	p.window_months = 0;
	assert_int_equal(gx_lifecycle_classify(&in, d, &p, &r, &err), GX_EINVAL);
	gx_lifecycle_params_default(&p);
	p.stable_low = 1.3;
	assert_int_equal(gx_lifecycle_classify(&in, d, &p, &r, &err), GX_EINVAL);
	gx_lifecycle_params_default(&p);
	p.p_alive_lost = NAN;
	assert_int_equal(gx_lifecycle_classify(&in, d, &p, &r, &err), GX_EINVAL);
	assert_int_equal(gx_lifecycle_classify(&in, INT32_MIN, NULL, &r, &err), GX_EINVAL);
	in.last_outbound_day = INT32_MAX;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	in.last_outbound_day = GX_LIFECYCLE_NO_DAY;
	struct gx_lifecycle_order bad_day = { INT32_MIN + 1, 100, 10 };
	in.orders = &bad_day;
	in.n_orders = 1;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
	struct gx_lifecycle_order o[2] = { { d - 5, INT64_MAX, 0 }, { d - 4, 1, 0 } };
	in.orders = o;
	in.n_orders = 2;
	assert_int_equal(gx_lifecycle_classify(&in, d, NULL, &r, &err), GX_EINVAL);
}

static void test_mapping(void **state)
{
	(void)state;
	struct gx_lifecycle_mapping m;
	struct gx_error err;
	/* Every stage has every column in both languages. */
	for (int s = 0; s < GX_LIFECYCLE_STAGES; s++)
		for (int l = 0; l < 2; l++) {
			assert_int_equal(gx_lifecycle_mapping_get((enum gx_lifecycle_stage)s,
			                                          (enum gx_lang)l, &m, &err), GX_OK);
			const char *cols[] = { m.stage, m.six_stage, m.four_phase, m.relationship_phase,
				               m.strength, m.ladder, m.loyalty_phase, m.actions };
			for (size_t c = 0; c < 8; c++) {
				assert_non_null(cols[c]);
				assert_true(strlen(cols[c]) > 0);
			}
		}
	assert_int_equal(gx_lifecycle_mapping_get(GX_LIFECYCLE_DEVELOPMENT, GX_LANG_ZH, &m, &err),
	                 GX_OK);
	assert_string_equal(m.six_stage, "客户开发期");
	assert_string_equal(m.loyalty_phase, "考察期");
	assert_string_equal(m.strength, "初识期");
	assert_non_null(strstr(m.actions, "常客奖励"));
	assert_non_null(strstr(m.actions, "感情联络"));
	assert_int_equal(gx_lifecycle_mapping_get(GX_LIFECYCLE_GROWTH, GX_LANG_ZH, &m, &err), GX_OK);
	assert_string_equal(m.loyalty_phase, "形成期");
	assert_non_null(strstr(m.actions, "特别对待"));
	assert_int_equal(gx_lifecycle_mapping_get(GX_LIFECYCLE_MATURITY, GX_LANG_ZH, &m, &err),
	                 GX_OK);
	assert_string_equal(m.loyalty_phase, "稳定期");
	assert_string_equal(m.relationship_phase, "关系维持");
	assert_non_null(strstr(m.actions, "共同体"));
	assert_int_equal(gx_lifecycle_mapping_get(GX_LIFECYCLE_TERMINATION, GX_LANG_EN, &m, &err),
	                 GX_OK);
	assert_string_equal(m.relationship_phase, "ending");
	assert_int_equal(gx_lifecycle_mapping_get(GX_LIFECYCLE_STAGES, GX_LANG_EN, &m, &err),
	                 GX_EINVAL);
	assert_int_equal(gx_lifecycle_strength_of(GX_LIFECYCLE_MATURITY, true),
	                 GX_LIFECYCLE_STRENGTH_CONSOLIDATED);
	assert_int_equal(gx_lifecycle_strength_of(GX_LIFECYCLE_DECLINE, false),
	                 GX_LIFECYCLE_STRENGTH_WAVERING);
	assert_string_equal(gx_lifecycle_strength_label(GX_LIFECYCLE_STRENGTH_WAVERING, GX_LANG_ZH),
	                    "思异期");
	assert_non_null(gx_lifecycle_strength_focus(GX_LIFECYCLE_STRENGTH_STEADY, GX_LANG_EN));
	assert_string_equal(gx_lifecycle_stage_label(GX_LIFECYCLE_PROSPECT, GX_LANG_ZH),
	                    "潜在获取期 / 潜在客户期");
	assert_string_equal(gx_lifecycle_phase_label(GX_LIFECYCLE_PHASE_DECLINE, GX_LANG_ZH),
	                    "客户衰退期");
	char why[GX_LIFECYCLE_LABEL_SIZE];
	for (int r = 0; r <= GX_LIFECYCLE_RULE_NONE; r++)
		assert_non_null(gx_lifecycle_rule_label((enum gx_lifecycle_rule)r, NULL, GX_LANG_ZH, why, sizeof why));
	assert_null(gx_lifecycle_stage_label((enum gx_lifecycle_stage)9, GX_LANG_EN));
}

static void test_kotler_matrix(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *cases = json_object_get(json_object_get(root, "M14_kotler"), "cases");
	assert_int_equal(json_array_size(cases), 9);
	size_t i;
	json_t *c;
	struct gx_error err;
	json_array_foreach(cases, i, c) {
		const char *cu = json_string_value(json_object_get(c, "customers"));
		const char *ma = json_string_value(json_object_get(c, "margin"));
		enum gx_relation_customers cc = strcmp(cu, "many") == 0 ? GX_RELATION_CUSTOMERS_MANY
		                              : strcmp(cu, "medium") == 0 ? GX_RELATION_CUSTOMERS_MEDIUM
		                              : GX_RELATION_CUSTOMERS_FEW;
		enum gx_relation_margin mm = strcmp(ma, "low") == 0 ? GX_RELATION_MARGIN_LOW
		                           : strcmp(ma, "medium") == 0 ? GX_RELATION_MARGIN_MEDIUM
		                           : GX_RELATION_MARGIN_HIGH;
		enum gx_relation_type t;
		assert_int_equal(gx_relation_kotler_type(mm, cc, &t, &err), GX_OK);
		assert_string_equal(gx_relation_type_label(t, GX_LANG_ZH),
		                    json_string_value(json_object_get(c, "type")));
	}
	json_decref(root);
	enum gx_relation_type t;
	assert_int_equal(gx_relation_kotler_type((enum gx_relation_margin)3,
	                                         GX_RELATION_CUSTOMERS_FEW, &t, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "margin"));
	assert_int_equal(gx_relation_kotler_type(GX_RELATION_MARGIN_LOW,
	                                         (enum gx_relation_customers)-1, &t, &err),
	                 GX_EINVAL);
	assert_non_null(gx_relation_type_description(GX_RELATION_ACCOUNTABLE, GX_LANG_ZH));
	assert_null(gx_relation_type_label(GX_RELATION_TYPES, GX_LANG_EN));
}

static void test_gaps_and_rm_levels(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_relation_gaps g;
	/* Customer expects proactive (3), firm designed accountable (2), implemented reactive
	 * (1), customer perceives basic (0): −1, −1, −1, total −3. */
	struct gx_relation_levels l = { GX_RELATION_PROACTIVE, GX_RELATION_BASIC,
		                        GX_RELATION_REACTIVE, GX_RELATION_ACCOUNTABLE };
	assert_int_equal(gx_relation_gap_report(&l, &g, &err), GX_OK);
	assert_int_equal(g.design, -1);
	assert_int_equal(g.delivery, -1);
	assert_int_equal(g.perception, -1);
	assert_int_equal(g.customer, -3);
	assert_int_equal(g.customer, g.design + g.delivery + g.perception);
	/* All equal: no gaps. Perceived above expected: positive. */
	struct gx_relation_levels e = { GX_RELATION_REACTIVE, GX_RELATION_PARTNERSHIP,
		                        GX_RELATION_PARTNERSHIP, GX_RELATION_REACTIVE };
	assert_int_equal(gx_relation_gap_report(&e, &g, &err), GX_OK);
	assert_int_equal(g.design, 0);
	assert_int_equal(g.delivery, 3);
	assert_int_equal(g.customer, 3);
	e.firm_designed = (enum gx_relation_type)5;
	assert_int_equal(gx_relation_gap_report(&e, &g, &err), GX_EINVAL);
	assert_string_equal(err.field, "firm_designed");
	/* Relationship-marketing levels. */
	assert_int_equal(gx_relation_rm_level_check(1, &err), GX_OK);
	assert_int_equal(gx_relation_rm_level_check(3, &err), GX_OK);
	assert_int_equal(gx_relation_rm_level_check(0, &err), GX_EINVAL);
	assert_int_equal(gx_relation_rm_level_check(4, &err), GX_EINVAL);
	assert_string_equal(gx_relation_rm_level_label(GX_RELATION_RM_SOCIAL, GX_LANG_EN),
	                    "level 2: social");
	assert_non_null(gx_relation_rm_level_description(GX_RELATION_RM_STRUCTURAL, GX_LANG_ZH));
	assert_null(gx_relation_rm_level_label((enum gx_relation_rm_level)0, GX_LANG_EN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_termination_and_decline),
		cmocka_unit_test(test_maturity_growth_development),
		cmocka_unit_test(test_lifecycle_bad_input),
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_kotler_matrix),
		cmocka_unit_test(test_gaps_and_rm_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
