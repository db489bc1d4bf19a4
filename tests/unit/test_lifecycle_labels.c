/* Unit tests of the lifecycle explanations (MODELS.md M13): the rule and stage texts state the
 * thresholds they were given (defaults: 365 days, 70%, 12 months), in both languages; a change
 * of the lifecycle_* settings reaches the texts through the model parameters, and through a
 * scoring run's stored params (what the customer page and GET /analytics/scores explain with),
 * on a fresh database of the run's backend. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/app.h"
#include "guanxi/chart_store.h"
#include "guanxi/score.h"
#include "guanxi/score_explain.h"
#include "guanxi/settings.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

static void test_default_texts(void **state)
{
	(void)state;
	char b[GX_LIFECYCLE_LABEL_SIZE];
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_INACTIVE, NULL, GX_LANG_EN, b, sizeof b),
	                    "no order for 365 days and nothing owed");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_REVENUE_DROP, NULL, GX_LANG_EN, b, sizeof b),
	                    "revenue of the last 12 months fell below 70% of the 12 months before");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_REVENUE_DROP, NULL, GX_LANG_ZH, b, sizeof b),
	                    "近 12 个月收入低于前 12 个月的 70%");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_STABLE, NULL, GX_LANG_EN, b, sizeof b),
	                    "customer for at least 365 days, revenue of the last 12 months at 80%–120% of the 12 before");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_PALIVE_LOST, NULL, GX_LANG_EN, b, sizeof b),
	                    "P(alive) below 0.1 and nothing owed");
	assert_null(gx_lifecycle_rule_label((enum gx_lifecycle_rule)99, NULL, GX_LANG_EN, b, sizeof b));
	char e[GX_LIFECYCLE_EXPLAIN_SIZE];
	assert_string_equal(gx_lifecycle_stage_explain(GX_LIFECYCLE_DECLINE, NULL, GX_LANG_EN, e, sizeof e),
	                    "revenue of the last 12 months fell below 70% of the 12 months before; or P(alive) below 0.5");
	assert_string_equal(gx_lifecycle_stage_explain(GX_LIFECYCLE_TERMINATION, NULL, GX_LANG_ZH, e, sizeof e),
	                    "已被用户关闭；或365 天未下单且无未结应收款；或仍活跃的概率 P(alive) 低于 0.1 且无未结应收款");
	assert_null(gx_lifecycle_stage_explain((enum gx_lifecycle_stage)9, NULL, GX_LANG_EN, e, sizeof e));
	/* a short buffer is cut, never overrun */
	char small[8];
	gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_INACTIVE, NULL, GX_LANG_EN, small, sizeof small);
	assert_string_equal(small, "no orde");
}

static void test_given_thresholds(void **state)
{
	(void)state;
	struct gx_lifecycle_params p;
	gx_lifecycle_params_default(&p);
	p.inactive_days = 200;
	p.decline_ratio = 0.55;
	p.window_months = 6;
	p.stable_low = 0.9;
	p.stable_high = 1.1;
	p.outreach_days = 90;
	char b[GX_LIFECYCLE_LABEL_SIZE];
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_INACTIVE, &p, GX_LANG_EN, b, sizeof b),
	                    "no order for 200 days and nothing owed");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_REVENUE_DROP, &p, GX_LANG_EN, b, sizeof b),
	                    "revenue of the last 6 months fell below 55% of the 6 months before");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_REVENUE_DROP, &p, GX_LANG_ZH, b, sizeof b),
	                    "近 6 个月收入低于前 6 个月的 55%");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_STABLE, &p, GX_LANG_ZH, b, sizeof b),
	                    "成为客户至少 365 天，且近 6 个月收入为前 6 个月的 90%–110%");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_ACTIVITY, &p, GX_LANG_EN, b, sizeof b),
	                    "being developed (lead, opportunity, campaign or outreach in the last 90 days)");
}

/* The settings change the explanation, directly and through a scoring run's stored params. */
static void test_settings_reach_texts(void **state)
{
	struct app_fixture *f = *state;
	struct gx_error err;
	gx_error_clear(&err);
	const char *keys[] = {"lifecycle_inactive_days", "lifecycle_decline_ratio", "lifecycle_window_months"};
	const char *vals[] = {"180", "0.6", "9"};
	assert_int_equal(app_settings_change(&f->app, 3, keys, vals, &err), GX_OK);
	struct app_model_params m;
	assert_int_equal(app_model_params_load(&f->app, &m, &err), GX_OK);
	char b[GX_LIFECYCLE_LABEL_SIZE];
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_INACTIVE, &m.lifecycle, GX_LANG_EN, b, sizeof b),
	                    "no order for 180 days and nothing owed");
	assert_string_equal(gx_lifecycle_rule_label(GX_LIFECYCLE_RULE_REVENUE_DROP, &m.lifecycle, GX_LANG_EN, b, sizeof b),
	                    "revenue of the last 9 months fell below 60% of the 9 months before");

	/* a run records the thresholds; its explanation is the one the pages show */
	int32_t as_of = 0;
	assert_int_equal(gx_daynum_parse("2026-06-30", "as_of", &as_of, &err), GX_OK);
	struct app_score_options o;
	assert_int_equal(app_score_options_load(&f->app, &o, &m, as_of, &err), GX_OK);
	struct app_score_result res;
	assert_int_equal(app_score_run(&f->app, &o, &res, &err), GX_OK);
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct chart_score_run run;
	int found = 0;
	assert_int_equal(store_chart_score_run(f->app.store, &a, &run, &found, &err), GX_OK);
	assert_true(found);
	struct gx_lifecycle_params lp;
	app_score_run_lifecycle_params(run.params, &lp);
	char e[GX_LIFECYCLE_EXPLAIN_SIZE];
	assert_string_equal(app_score_lifecycle_explain("decline", &lp, GX_LANG_EN, e, sizeof e),
	                    "revenue of the last 9 months fell below 60% of the 9 months before; or P(alive) below 0.5");
	assert_null(app_score_lifecycle_explain("nonsense", &lp, GX_LANG_EN, e, sizeof e));
	gx_arena_free(&a);
	/* params of an old run without the lifecycle object, or not JSON: the defaults */
	app_score_run_lifecycle_params("{\"as_of\":\"2026-01-01\"}", &lp);
	assert_int_equal(lp.inactive_days, 365);
	app_score_run_lifecycle_params("not json", &lp);
	assert_int_equal(lp.window_months, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_texts),
		cmocka_unit_test(test_given_thresholds),
		cmocka_unit_test_setup_teardown(test_settings_reach_texts, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
