/* Unit tests for CLV (M18 basic, M19 extended with its six components) and retention
 * economics (M20): the seed vectors, hand-computed windows and boundaries, and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/clv.h"
#include "guanxi/analytics/daynum.h"
#include "seedvec.h"

static size_t json_doubles(const json_t *arr, double *out, size_t max)
{
	size_t n = json_array_size(arr);
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++)
		out[i] = json_number_value(json_array_get(arr, i));
	return n;
}

static void test_basic_vectors(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	struct gx_error err;
	double cf[16], v;
	/* Seed example: R_t = 1, i = 9%: 3544.83. */
	json_t *b = json_object_get(root, "M18_clv_basic");
	size_t n = json_doubles(json_object_get(b, "cashflows_t0_to_t5"), cf, 16);
	struct gx_clv_params p;
	gx_clv_params_default(&p);
	assert_float_equal(p.discount_rate, 0.09, 0);
	assert_int_equal(p.horizon, 5);
	p.discount_rate = seedvec_num(b, "discount");
	p.retention_rate = seedvec_num(b, "retention");
	assert_int_equal(gx_clv_basic(cf, n, NULL, &p, &v, &err), GX_OK);
	assert_float_equal(v, seedvec_num(b, "clv"), 1e-6);
	assert_float_equal(round(v * 100) / 100, seedvec_num(b, "clv_rounded"), 1e-9);
	/* The same through the level helper: 2000 − 400, then 500 for 5 years. */
	assert_int_equal(gx_clv_basic_level(2000, 400, 500, NULL, &v, &err), GX_OK);
	assert_float_equal(v, seedvec_num(b, "clv"), 1e-6);
	/* With retention 0.8: R_t = 0.8^t. */
	json_t *r = json_object_get(root, "M18_clv_retention");
	n = json_doubles(json_object_get(r, "cashflows_t0_to_t5"), cf, 16);
	p.retention_rate = seedvec_num(r, "retention_r");
	p.discount_rate = seedvec_num(r, "discount");
	assert_int_equal(gx_clv_basic(cf, n, NULL, &p, &v, &err), GX_OK);
	assert_float_equal(v, seedvec_num(r, "clv"), 1e-6);
	/* Explicit R_t array equal to 0.8^t gives the same. */
	double R[6] = { 1, 0.8, 0.64, 0.512, 0.4096, 0.32768 };
	assert_int_equal(gx_clv_basic(cf, n, R, NULL, &v, &err), GX_OK);
	assert_float_equal(v, seedvec_num(r, "clv"), 1e-6);
	/* Lifetime. */
	json_t *l = json_object_get(root, "M18_lifetime");
	double T;
	assert_int_equal(gx_clv_expected_lifetime(seedvec_num(l, "churn"), &T, &err), GX_OK);
	assert_float_equal(T, seedvec_num(l, "T"), 1e-12);
	json_decref(root);
}

static void test_basic_edges(void **state)
{
	(void)state;
	struct gx_error err;
	double v, T;
	/* Only period 0: no discounting. Retention 0: only period 0 counts. */
	double one[1] = { -400 };
	assert_int_equal(gx_clv_basic(one, 1, NULL, NULL, &v, &err), GX_OK);
	assert_float_equal(v, -400, 1e-12);
	struct gx_clv_params p;
	gx_clv_params_default(&p);
	p.retention_rate = 0;
	double cf[3] = { 100, 1000, 1000 };
	assert_int_equal(gx_clv_basic(cf, 3, NULL, &p, &v, &err), GX_OK);
	assert_float_equal(v, 100, 1e-12);
	/* i = 0: plain sum. */
	p.retention_rate = 1;
	p.discount_rate = 0;
	assert_int_equal(gx_clv_basic(cf, 3, NULL, &p, &v, &err), GX_OK);
	assert_float_equal(v, 2100, 1e-12);
	/* Horizon 0 in the level helper: just P_0. */
	p.horizon = 0;
	assert_int_equal(gx_clv_basic_level(2000, 400, 500, &p, &v, &err), GX_OK);
	assert_float_equal(v, 1600, 1e-12);
	/* Churn 1: one period. */
	assert_int_equal(gx_clv_expected_lifetime(1, &T, &err), GX_OK);
	assert_float_equal(T, 1, 0);
	/* Bad input. */
	assert_int_equal(gx_clv_expected_lifetime(0, &T, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "churn"));
	assert_int_equal(gx_clv_expected_lifetime(NAN, &T, &err), GX_EINVAL);
	assert_int_equal(gx_clv_expected_lifetime(-0.1, &T, &err), GX_EINVAL);
	assert_int_equal(gx_clv_expected_lifetime(1.5, &T, &err), GX_EINVAL);
	assert_int_equal(gx_clv_basic(cf, 0, NULL, NULL, &v, &err), GX_EINVAL);
	assert_int_equal(gx_clv_basic(NULL, 3, NULL, NULL, &v, &err), GX_EINVAL);
	cf[1] = NAN;
	assert_int_equal(gx_clv_basic(cf, 3, NULL, NULL, &v, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "element 1"));
	cf[1] = 10;
	double badR[3] = { 1, 1.2, 1 };
	assert_int_equal(gx_clv_basic(cf, 3, badR, NULL, &v, &err), GX_EINVAL);
	gx_clv_params_default(&p);
	p.discount_rate = -1;
	assert_int_equal(gx_clv_basic(cf, 3, NULL, &p, &v, &err), GX_EINVAL);
	gx_clv_params_default(&p);
	p.retention_rate = -0.5;
	assert_int_equal(gx_clv_basic(cf, 3, NULL, &p, &v, &err), GX_EINVAL);
	p.retention_rate = 1;
	p.horizon = -1;
	assert_int_equal(gx_clv_basic_level(1, 1, 1, &p, &v, &err), GX_EINVAL);
}

static void test_extended_vector(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *x = json_object_get(root, "M19_clv_extended");
	struct gx_clv_ext_input in;
	gx_clv_ext_input_default(&in);
	size_t T = (size_t)json_integer_value(json_object_get(x, "T"));
	assert_int_equal(T, 5);
	double D[5], C[5], F[5];
	for (size_t t = 0; t < T; t++) {
		D[t] = seedvec_num(x, "D_t");
		C[t] = seedvec_num(x, "C_t");
		F[t] = seedvec_num(x, "F_t");
	}
	in.acquisition_yuan = seedvec_num(x, "A");
	in.first_contribution_yuan = seedvec_num(x, "D0");
	in.periods = T;
	in.contribution_yuan = D;
	in.cost_yuan = C;
	in.referrals = F;
	in.retention_rate = 0.8;     /* "R_t": "0.8^t" */
	in.discount_rate = seedvec_num(x, "i");
	in.price_premium = seedvec_num(x, "p");
	in.cost_saving = seedvec_num(x, "c");
	in.referral_saving_yuan = seedvec_num(x, "s");
	struct gx_clv_ext_result r;
	struct gx_error err;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	assert_float_equal(r.clv_yuan, seedvec_num(x, "clv"), 1e-6);
	json_t *c = json_object_get(x, "components");
	assert_float_equal(r.first_purchase_yuan, seedvec_num(c, "first_purchase"), 1e-6);
	assert_float_equal(r.repeat_yuan, seedvec_num(c, "repeat"), 1e-6);
	assert_float_equal(r.cross_selling_yuan, seedvec_num(c, "cross_selling"), 1e-6);
	assert_float_equal(r.cost_savings_yuan, seedvec_num(c, "cost_savings"), 1e-6);
	assert_float_equal(r.referrals_yuan, seedvec_num(c, "referrals"), 1e-6);
	assert_float_equal(r.price_premium_yuan, seedvec_num(c, "price_premium"), 1e-6);
	double sum = r.first_purchase_yuan + r.repeat_yuan + r.cross_selling_yuan +
	             r.cost_savings_yuan + r.referrals_yuan + r.price_premium_yuan;
	assert_float_equal(sum, seedvec_num(x, "components_sum"), 1e-6);
	assert_float_equal(sum, r.clv_yuan, 1e-9);
	/* s defaults to A (400 here): same result. */
	in.referral_saving_yuan = NAN;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	assert_float_equal(r.clv_yuan, seedvec_num(x, "clv"), 1e-6);
	/* A cross-sell share moves value from repeat to cross-selling, V unchanged. */
	double k[5] = { 0.25, 0.25, 0.25, 0.25, 0.25 };
	in.cross_sell_share = k;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	assert_float_equal(r.clv_yuan, seedvec_num(x, "clv"), 1e-6);
	assert_float_equal(r.cross_selling_yuan + r.repeat_yuan,
	                   seedvec_num(c, "repeat"), 1e-6);
	assert_true(r.cross_selling_yuan > 0);
	json_decref(root);
}

/* Without premium, savings, referrals and cross-selling the extended model is the basic one
 * with P₀ = D₀ − A and P_t = D_t − C_t. */
static void test_extended_reduces_to_basic(void **state)
{
	(void)state;
	double D[4] = { 800, 900, 1000, 1100 }, C[4] = { 100, 150, 200, 250 };
	double R[4] = { 0.9, 0.7, 0.5, 0.2 };
	struct gx_clv_ext_input in;
	gx_clv_ext_input_default(&in);
	in.acquisition_yuan = 300;
	in.first_contribution_yuan = 1200;
	in.periods = 4;
	in.contribution_yuan = D;
	in.cost_yuan = C;
	in.retention = R;
	in.discount_rate = 0.12;
	struct gx_clv_ext_result r;
	struct gx_error err;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	double cf[5] = { 900, 700, 750, 800, 850 }, R5[5] = { 1, 0.9, 0.7, 0.5, 0.2 }, v;
	struct gx_clv_params p;
	gx_clv_params_default(&p);
	p.discount_rate = 0.12;
	assert_int_equal(gx_clv_basic(cf, 5, R5, &p, &v, &err), GX_OK);
	assert_float_equal(r.clv_yuan, v, 1e-9);
	assert_float_equal(r.first_purchase_yuan + r.repeat_yuan, v, 1e-9);
	/* By hand: 900 + 0.9·700/1.12 + 0.7·750/1.2544 + 0.5·800/1.404928 + 0.2·850/1.57351936. */
	double hand = 900 + 0.9 * 700 / 1.12 + 0.7 * 750 / 1.2544 + 0.5 * 800 / 1.404928 +
	              0.2 * 850 / 1.57351936;
	assert_float_equal(v, hand, 1e-9);
}

static void test_extended_edges(void **state)
{
	(void)state;
	struct gx_clv_ext_input in;
	struct gx_clv_ext_result r;
	struct gx_error err;
	gx_clv_ext_input_default(&in);
	/* T = 0: V = D0 − A. */
	in.acquisition_yuan = 300;
	in.first_contribution_yuan = 1000;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	assert_float_equal(r.clv_yuan, 700, 1e-12);
	assert_float_equal(r.repeat_yuan, 0, 0);
	/* One period, i = 0, R = 1: V = −A + D0 + D(1+p) − C(1−c) + F·s by hand:
	 * −300 + 1000 + 100·1.1 − 50·0.8 + 2·300 = 1370. */
	double D = 100, C = 50, F = 2;
	in.periods = 1;
	in.contribution_yuan = &D;
	in.cost_yuan = &C;
	in.referrals = &F;
	in.discount_rate = 0;
	in.price_premium = 0.1;
	in.cost_saving = 0.2;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_OK);
	assert_float_equal(r.clv_yuan, 1370, 1e-9);
	assert_float_equal(r.referrals_yuan, 600, 1e-9);
	/* Bad input. */
	in.contribution_yuan = NULL;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_EINVAL);
	in.contribution_yuan = &D;
	F = -1;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "referrals");
	F = 2;
	in.price_premium = NAN;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_EINVAL);
	in.price_premium = 0;
	in.retention_rate = 2;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_EINVAL);
	in.retention_rate = 1;
	in.discount_rate = -2;
	assert_int_equal(gx_clv_extended(&in, &r, &err), GX_EINVAL);
	assert_string_equal(gx_clv_component_label(4, GX_LANG_EN), "referrals");
	assert_null(gx_clv_component_label(6, GX_LANG_EN));
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(gx_daynum_parse(s, "date", &d, NULL), GX_OK);
	return d;
}

static void test_retention(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *x = json_object_get(root, "M20_retention_decision");
	struct gx_clv_retention ret;
	struct gx_error err;
	assert_int_equal(gx_clv_retention_from_counts((int64_t)seedvec_num(x, "base_customers"),
	                                              (int64_t)seedvec_num(x, "bought_again"),
	                                              &ret, &err), GX_OK);
	assert_float_equal(ret.retention, seedvec_num(x, "retention"), 1e-12);
	assert_float_equal(ret.churn, seedvec_num(x, "churn"), 1e-12);
	double lost[2];
	size_t nl = json_doubles(json_object_get(x, "lost_clv_avoidable"), lost, 2);
	json_t *cases = json_object_get(x, "cases");
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c) {
		struct gx_clv_retention_decision dec;
		assert_int_equal(gx_clv_retention_decide(lost, NULL, nl,
		                                         seedvec_num(c, "retention_cost"), &dec, &err),
		                 GX_OK);
		assert_float_equal(dec.lost_profit_yuan, 200, 1e-12);
		assert_int_equal(dec.invest, json_is_true(json_object_get(c, "invest")));
	}
	json_decref(root);

	/* Cost equal to the lost profit: do not invest. Unavoidable losses do not count. */
	struct gx_clv_retention_decision dec;
	double l3[3] = { 120, 80, 500 };
	bool avoid[3] = { true, true, false };
	assert_int_equal(gx_clv_retention_decide(l3, avoid, 3, 200, &dec, &err), GX_OK);
	assert_false(dec.invest);
	assert_int_equal(dec.avoidable_lost, 2);
	assert_int_equal(gx_clv_retention_decide(l3, avoid, 3, 199.99, &dec, &err), GX_OK);
	assert_true(dec.invest);
	assert_int_equal(gx_clv_retention_decide(NULL, NULL, 0, 0, &dec, &err), GX_OK);
	assert_false(dec.invest);
	assert_int_equal(gx_clv_retention_decide(l3, avoid, 3, -1, &dec, &err), GX_EINVAL);
	l3[0] = NAN;
	assert_int_equal(gx_clv_retention_decide(l3, avoid, 3, 1, &dec, &err), GX_EINVAL);

	/* From purchases as of 2026-07-01: base [2024-07-01, 2025-07-01), then [2025-07-01, d).
	 * Customer 1: base and again; 2: base only (twice); 3: only recent; 4: on the window
	 * edges (2024-07-01 counts in base, 2025-07-01 in the repeat window); 5: before the
	 * base window; 6: in base, then on as_of itself (ignored). → base {1,2,4,6}, kept {1,4}. */
	struct gx_clv_purchase pur[] = {
		{ 1, day("2024-09-10") }, { 1, day("2026-01-02") }, { 2, day("2024-08-01") },
		{ 2, day("2025-06-30") }, { 3, day("2026-03-03") }, { 4, day("2024-07-01") },
		{ 4, day("2025-07-01") }, { 5, day("2024-06-30") }, { 6, day("2025-01-01") },
		{ 6, day("2026-07-01") },
	};
	assert_int_equal(gx_clv_retention_rate(pur, sizeof pur / sizeof pur[0], day("2026-07-01"),
	                                       NULL, &ret, &err), GX_OK);
	assert_int_equal(ret.base_customers, 4);
	assert_int_equal(ret.retained_customers, 2);
	assert_float_equal(ret.retention, 0.5, 1e-12);
	/* A 6-month window: base [2025-07-01, 2026-01-01) = {4}; repeat [2026-01-01, d) has
	 * 1 and 3 → none kept. */
	struct gx_clv_retention_params rp;
	gx_clv_retention_params_default(&rp);
	assert_int_equal(rp.window_months, 12);
	rp.window_months = 6;
	assert_int_equal(gx_clv_retention_rate(pur, sizeof pur / sizeof pur[0], day("2026-07-01"),
	                                       &rp, &ret, &err), GX_OK);
	assert_int_equal(ret.base_customers, 1);
	assert_int_equal(ret.retained_customers, 0);
	assert_float_equal(ret.churn, 1.0, 0);
	/* Empty input: retention undefined. */
	assert_int_equal(gx_clv_retention_rate(NULL, 0, day("2026-07-01"), NULL, &ret, &err),
	                 GX_ENUMERIC);
	assert_non_null(strstr(err.message, "undefined"));
	assert_int_equal(gx_clv_retention_rate(pur, 2, INT32_MIN, NULL, &ret, &err), GX_EINVAL);
	rp.window_months = 0;
	assert_int_equal(gx_clv_retention_rate(pur, 2, day("2026-07-01"), &rp, &ret, &err),
	                 GX_EINVAL);
	assert_int_equal(gx_clv_retention_from_counts(-1, 0, &ret, &err), GX_EINVAL);
	assert_int_equal(gx_clv_retention_from_counts(10, 11, &ret, &err), GX_EINVAL);
	assert_int_equal(gx_clv_retention_from_counts(0, 0, &ret, &err), GX_ENUMERIC);

	/* Churn by reason over a base of 100: reasons 0 (price) ×3, 2 (service) ×1. */
	int reasons[4] = { 0, 2, 0, 0 };
	double rate[3];
	assert_int_equal(gx_clv_churn_by_reason(reasons, 4, 3, 100, rate, &err), GX_OK);
	assert_float_equal(rate[0], 0.03, 1e-12);
	assert_float_equal(rate[1], 0.0, 0);
	assert_float_equal(rate[2], 0.01, 1e-12);
	reasons[1] = 3;
	assert_int_equal(gx_clv_churn_by_reason(reasons, 4, 3, 100, rate, &err), GX_EINVAL);
	assert_int_equal(gx_clv_churn_by_reason(reasons, 4, 3, 3, rate, &err), GX_EINVAL);
	assert_int_equal(gx_clv_churn_by_reason(NULL, 0, 3, 0, rate, &err), GX_ENUMERIC);
}

static void test_rates(void **state)
{
	(void)state;
	struct gx_clv_rate_counts c = {
		.buyers = 200, .repeat_buyers = 50, .first_time_buyers = 80, .second_purchasers = 20,
		.leads = 400, .leads_converted = 36, .opportunities_won = 30,
		.opportunities_lost = 90, .new_customers = 80, .referred_customers = 8,
		.orders = 300, .revenue_fen = 4500050,
	};
	struct gx_clv_rates r;
	struct gx_error err;
	assert_int_equal(gx_clv_rates(&c, &r, &err), GX_OK);
	assert_float_equal(r.repurchase, 0.25, 1e-12);
	assert_float_equal(r.second_purchase, 0.25, 1e-12);
	assert_float_equal(r.conversion, 0.09, 1e-12);
	assert_float_equal(r.win, 0.25, 1e-12);
	assert_float_equal(r.referral, 0.1, 1e-12);
	assert_float_equal(r.average_order_yuan, 150.0016666666667, 1e-9);
	/* Zero denominators: NaN, not an error. */
	struct gx_clv_rate_counts z = { 0 };
	assert_int_equal(gx_clv_rates(&z, &r, &err), GX_OK);
	assert_true(isnan(r.repurchase) && isnan(r.win) && isnan(r.average_order_yuan));
	/* Bad counts. */
	c.repeat_buyers = 201;
	assert_int_equal(gx_clv_rates(&c, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "repurchase"));
	c.repeat_buyers = 50;
	c.opportunities_lost = -1;
	assert_int_equal(gx_clv_rates(&c, &r, &err), GX_EINVAL);
	c.opportunities_lost = 0;
	c.orders = -3;
	assert_int_equal(gx_clv_rates(&c, &r, &err), GX_EINVAL);
	assert_string_equal(gx_clv_rate_label(3, GX_LANG_ZH), "赢单率");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_vectors),
		cmocka_unit_test(test_basic_edges),
		cmocka_unit_test(test_extended_vector),
		cmocka_unit_test(test_extended_reduces_to_basic),
		cmocka_unit_test(test_extended_edges),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_rates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
