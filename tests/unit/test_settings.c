/* Unit tests of the settings registry (app/settings.c, app/settings_model.c) on a fresh
 * database of the run's backend: every bound of the model parameters refused with its exact
 * message and the key as the field, nothing stored by a refused batch (also when an earlier
 * key of the batch was valid, or a cross-setting rule fails after the values were written),
 * the defaults equal to MODELS.md's, and accepted values reaching the models' parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/app.h"
#include "guanxi/settings.h"
#include "guanxi/store.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

static const char *value(struct app_fixture *f, const char *key)
{
	static char buf[128];
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(app_setting_value(&f->app, app_setting_find(key), buf, sizeof buf, &err), GX_OK);
	return buf;
}

static int stored(struct app_fixture *f, const char *key)
{
	char buf[128];
	int found = 0;
	struct gx_error err;
	assert_int_equal(store_setting_get(f->app.store, key, buf, sizeof buf, &found, &err), GX_OK);
	return found;
}

/* Changes the batch; expects a refusal naming field with exactly message. */
static void refused(struct app_fixture *f, size_t n, const char *const *keys, const char *const *values, const char *field,
                    const char *message)
{
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(app_settings_change(&f->app, n, keys, values, &err), GX_EINVAL);
	assert_string_equal(err.field, field);
	assert_string_equal(err.message, message);
	for (size_t i = 0; i < n; i++)
		if (app_setting_find(keys[i]) && app_setting_find(keys[i])->model)
			assert_int_equal(stored(f, keys[i]), 0);
}

static void refused1(struct app_fixture *f, const char *key, const char *v, const char *message)
{
	refused(f, 1, &key, &v, key, message);
}

/* Every bound of every kind, with the exact message; the value in force stays the default. */
static void test_bounds_refused(void **state)
{
	struct app_fixture *f = *state;
	static const struct {
		const char *key, *value, *message;
	} cases[] = {
		{"score_monthly_discount", "0", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_monthly_discount", "1", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_monthly_discount", "-0.01", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_monthly_discount", "1%", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_monthly_discount", "", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_monthly_discount", "nan", "score_monthly_discount must be a number greater than 0 and less than 1"},
		{"score_margin", "0", "score_margin must be a number greater than 0 and at most 1"},
		{"score_margin", "1.01", "score_margin must be a number greater than 0 and at most 1"},
		{"score_horizon_months", "0", "score_horizon_months must be a whole number from 1 to 120"},
		{"score_horizon_months", "121", "score_horizon_months must be a whole number from 1 to 120"},
		{"score_horizon_months", "12.5", "score_horizon_months must be a whole number from 1 to 120"},
		{"abc_a_pct", "0", "abc_a_pct must be a number greater than 0 and less than 100"},
		{"abc_a_pct", "100", "abc_a_pct must be a number greater than 0 and less than 100"},
		{"abc_b_pct", "100.5", "abc_b_pct must be a number greater than 0 and at most 100"},
		{"abc_window_months", "0", "abc_window_months must be a whole number from 1 to 120"},
		{"lifecycle_stable_high", "0.99", "lifecycle_stable_high must be a number from 1 to 10"},
		{"lifecycle_stable_high", "10.5", "lifecycle_stable_high must be a number from 1 to 10"},
		{"lifecycle_p_alive_lost", "1", "lifecycle_p_alive_lost must be a number greater than 0 and less than 1"},
		{"lifecycle_inactive_days", "3651", "lifecycle_inactive_days must be a whole number from 1 to 3650"},
		{"loyalty_js_terrorist", "5", "loyalty_js_terrorist must be a number of at least 1 and less than 5"},
		{"loyalty_js_terrorist", "0.5", "loyalty_js_terrorist must be a number of at least 1 and less than 5"},
		{"tucker_periods", "25", "tucker_periods must be a whole number from 1 to 24"},
		{"clv_discount_rate", "1", "clv_discount_rate must be a number greater than 0 and less than 1"},
		{"clv_years", "51", "clv_years must be a whole number from 1 to 50"},
		{"assoc_min_lift", "0", "assoc_min_lift must be a number greater than 0 and at most 100"},
		{"rfm_monetary", "avg", "rfm_monetary must be one of mean, total"},
		{"rfm_monetary", "", "rfm_monetary must be one of mean, total"},
		{"tucker_period", "fortnight", "tucker_period must be one of day, week, month, quarter, year"},
		{"pool_max_owned", "0", "pool_max_owned must be a whole number from 1 to 1000000"},
		{"nonsense_key", "1", "unknown setting nonsense_key"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		refused1(f, cases[i].key, cases[i].value, cases[i].message);
	assert_string_equal(value(f, "score_monthly_discount"), "0.01");
	assert_string_equal(value(f, "abc_a_pct"), "80");
	assert_string_equal(value(f, "rfm_monetary"), "mean");
	assert_string_equal(value(f, "pool_max_owned"), "200");
}

/* The cross-setting rules judge a batch as a whole and name the key the admin moved. */
static void test_rules(void **state)
{
	struct app_fixture *f = *state;
	refused1(f, "abc_a_pct", "96", "abc_a_pct (96) must be less than abc_b_pct (95)");
	refused1(f, "abc_b_pct", "80", "abc_a_pct (80) must be less than abc_b_pct (80)");
	refused1(f, "lifecycle_p_alive_lost", "0.6",
	         "lifecycle_p_alive_lost (0.6) must be at most lifecycle_p_alive_decline (0.5)");
	refused1(f, "loyalty_js_apostle", "2.5", "loyalty_js_midpoint (3) must be less than loyalty_js_apostle (2.5)");
	refused1(f, "loyalty_js_midpoint", "1.2", "loyalty_js_terrorist (1.5) must be less than loyalty_js_midpoint (1.2)");
	/* both moved, wrong way round: the upper one is named */
	const char *k2[] = {"abc_a_pct", "abc_b_pct"}, *bad[] = {"90", "85"};
	refused(f, 2, k2, bad, "abc_b_pct", "abc_a_pct (90) must be less than abc_b_pct (85)");
	/* a valid value then a bad one, or values then a broken rule: nothing of the batch stays */
	const char *k3[] = {"score_margin", "score_horizon_months"}, *v3[] = {"0.5", "0"};
	refused(f, 2, k3, v3, "score_horizon_months", "score_horizon_months must be a whole number from 1 to 120");
	const char *k4[] = {"score_margin", "abc_a_pct"}, *v4[] = {"0.5", "96"};
	refused(f, 2, k4, v4, "abc_a_pct", "abc_a_pct (96) must be less than abc_b_pct (95)");
	assert_string_equal(value(f, "score_margin"), "1");
	/* moving both together is fine although 96 ≥ 95 on its own */
	const char *good[] = {"96", "98"};
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(app_settings_change(&f->app, 2, k2, good, &err), GX_OK);
	assert_string_equal(value(f, "abc_a_pct"), "96");
	assert_string_equal(value(f, "abc_b_pct"), "98");
}

/* Without any stored value the model parameters are MODELS.md's. */
static void test_defaults(void **state)
{
	struct app_fixture *f = *state;
	struct app_model_params m, d;
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(app_model_params_load(&f->app, &m, &err), GX_OK);
	app_model_params_default(&d);
	assert_memory_equal(&m, &d, sizeof m);
	assert_int_equal(m.score_horizon_months, 12);
	assert_true(m.score_monthly_discount == 0.01 && m.score_margin == 1);
	assert_int_equal(m.rfm_monetary, RFM_MONETARY_MEAN);
	assert_int_equal(m.pareto.window_months, 12);
	assert_true(m.pareto.a_share == 0.8 && m.pareto.b_share == 0.95 && m.pareto.top_share == 0.2);
	assert_int_equal(m.lifecycle.inactive_days, 365);
	assert_true(m.lifecycle.p_alive_lost == 0.1 && m.lifecycle.decline_ratio == 0.7 &&
	            m.lifecycle.p_alive_decline == 0.5 && m.lifecycle.wallet_mature == 0.6 &&
	            m.lifecycle.stable_low == 0.8 && m.lifecycle.stable_high == 1.2);
	assert_int_equal(m.lifecycle.outreach_days, 180);
	assert_int_equal(m.tucker.periods, 3);
	assert_int_equal(m.tucker.period, GX_LOYALTY_PERIOD_MONTH);
	assert_true(m.js.midpoint == 3 && m.js.apostle == 4.5 && m.js.terrorist == 1.5);
	assert_true(m.loyalty_type.attitude_midpoint == 3 && m.loyalty_type.repeat_threshold == 0.5);
	assert_true(m.clv.discount_rate == 0.09 && m.clv.horizon == 5);
	assert_int_equal(m.retention.window_months, 12);
	assert_true(m.assoc.min_support == 0.01 && m.assoc.min_confidence == 0.2 && m.assoc.min_lift == 1.2);
	/* every default passes its own check, and every key is listed once */
	size_t n;
	const struct app_setting_def *defs = app_setting_defs(&n);
	for (size_t i = 0; i < n; i++) {
		if (defs[i].model)
			assert_int_equal(app_setting_check(&defs[i], defs[i].def, &err), GX_OK);
		assert_ptr_equal(app_setting_find(defs[i].key), &defs[i]);
	}
}

/* Accepted values, at the closed bounds too, reach the models' parameters. */
static void test_accepted(void **state)
{
	struct app_fixture *f = *state;
	const char *keys[] = {"abc_b_pct", "score_margin", "lifecycle_stable_high", "rfm_monetary", "tucker_period",
	                      "abc_window_months", "score_monthly_discount", "pool_max_owned"};
	const char *values[] = {"100", "1", "10", "total", "quarter", "24", "0.5", "150"};
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(app_settings_change(&f->app, 8, keys, values, &err), GX_OK);
	struct app_model_params m;
	assert_int_equal(app_model_params_load(&f->app, &m, &err), GX_OK);
	assert_true(m.pareto.b_share == 1.0 && m.score_margin == 1 && m.lifecycle.stable_high == 10);
	assert_int_equal(m.rfm_monetary, RFM_MONETARY_TOTAL);
	assert_int_equal(m.tucker.period, GX_LOYALTY_PERIOD_QUARTER);
	assert_int_equal(m.pareto.window_months, 24);
	assert_true(m.score_monthly_discount == 0.5);
	assert_int_equal(f->app.settings.pool_max_owned, 150);
	assert_string_equal(value(f, "rfm_monetary"), "total");
	char buf[32];
	int found = 0;
	gx_error_clear(&err);
	assert_int_equal(store_setting_get(f->app.store, "abc_window_months", buf, sizeof buf, &found, &err), GX_OK);
	assert_true(found);
	assert_string_equal(buf, "24");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bounds_refused, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rules, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_defaults, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accepted, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
