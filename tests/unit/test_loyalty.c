/* Unit tests for the loyalty models (MODELS.md §2, M9–M12) and the day numbers they use:
 * the seed_vectors.json cases plus hand-computed boundaries and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/loyalty.h"
#include "seedvec.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	struct gx_error err;
	assert_int_equal(gx_daynum_parse(s, "date", &d, &err), GX_OK);
	return d;
}

static void test_daynum(void **state)
{
	(void)state;
	assert_int_equal(gx_daynum_from_ymd(1970, 1, 1), 0);
	assert_int_equal(gx_daynum_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(gx_daynum_from_ymd(1969, 12, 31), -1);
	int y, m, d;
	for (int32_t k = -800000; k < 800000; k += 997) {
		gx_daynum_to_ymd(k, &y, &m, &d);
		assert_true(gx_daynum_valid(y, m, d) || y < 1);
		assert_int_equal(gx_daynum_from_ymd(y, m, d), k);
	}
	assert_int_equal(gx_daynum_add_months(day("2026-03-31"), -1), day("2026-02-28"));
	assert_int_equal(gx_daynum_add_months(day("2024-03-31"), -1), day("2024-02-29"));
	assert_int_equal(gx_daynum_add_months(day("2026-01-15"), -12), day("2025-01-15"));
	assert_int_equal(gx_daynum_add_months(day("2026-01-15"), 13), day("2027-02-15"));
	assert_int_equal(gx_daynum_month_index(day("2026-04-30")), 2026 * 12 + 3);
	/* 2026-11-23 is a Monday, 2026-11-22 a Sunday. */
	assert_int_equal(gx_daynum_week_index(day("2026-11-23")),
	                 gx_daynum_week_index(day("2026-11-29")));
	assert_int_equal(gx_daynum_week_index(day("2026-11-22")) + 1,
	                 gx_daynum_week_index(day("2026-11-23")));
	struct gx_error err;
	int32_t out;
	assert_int_equal(gx_daynum_parse("2026-02-29", "d", &out, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "2026-02-29"));
	assert_int_equal(gx_daynum_parse("2026-1-01", "d", &out, &err), GX_EINVAL);
	assert_int_equal(gx_daynum_parse(NULL, "d", &out, &err), GX_EINVAL);
	/* Accepted range: years 1 to 9999. */
	assert_int_equal(gx_daynum_check(gx_daynum_from_ymd(1, 1, 1), "d", &err), GX_OK);
	assert_int_equal(gx_daynum_check(gx_daynum_from_ymd(9999, 12, 31), "d", &err), GX_OK);
	assert_int_equal(gx_daynum_check(gx_daynum_from_ymd(1, 1, 1) - 1, "d", &err), GX_EINVAL);
	assert_int_equal(gx_daynum_check(gx_daynum_from_ymd(9999, 12, 31) + 1, "d", &err),
	                 GX_EINVAL);
	assert_int_equal(gx_daynum_check(INT32_MIN, "as_of", &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "as_of"));
}

/* "2026-01" → a day in the middle of that month. */
static int32_t month_day(const char *ym)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%s-15", ym);
	return day(buf);
}

static void test_tucker_vectors(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *cases = json_object_get(json_object_get(root, "M9_tucker"), "cases");
	assert_int_equal(json_array_size(cases), 5);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c) {
		json_t *months = json_object_get(c, "purchase_months");
		int32_t days[16];
		size_t n = json_array_size(months);
		for (size_t k = 0; k < n; k++)
			days[k] = month_day(json_string_value(json_array_get(months, k)));
		bool loyal = !json_is_true(json_object_get(c, "loyal"));
		struct gx_error err;
		assert_int_equal(gx_loyalty_tucker(days, n,
		                                   day(json_string_value(json_object_get(c, "as_of"))),
		                                   NULL, &loyal, &err), GX_OK);
		assert_int_equal(loyal, json_is_true(json_object_get(c, "loyal")));
	}
	json_decref(root);
}

static void test_tucker_boundaries(void **state)
{
	(void)state;
	struct gx_error err;
	bool loyal = true;
	/* Empty history: not loyal. */
	assert_int_equal(gx_loyalty_tucker(NULL, 0, day("2026-04-01"), NULL, &loyal, &err), GX_OK);
	assert_false(loyal);
	/* Exactly on the period edges: the first and last day of each month count. */
	int32_t edges[] = { day("2026-01-01"), day("2026-02-28"), day("2026-03-31") };
	assert_int_equal(gx_loyalty_tucker(edges, 3, day("2026-04-01"), NULL, &loyal, &err), GX_OK);
	assert_true(loyal);
	/* as_of on the last day of March: March is not complete yet. */
	assert_int_equal(gx_loyalty_tucker(edges, 3, day("2026-03-31"), NULL, &loyal, &err), GX_OK);
	assert_false(loyal);
	/* Several purchases in one month do not stand in for a missing month. */
	int32_t dup[] = { day("2026-01-02"), day("2026-01-20"), day("2026-03-05"), day("2026-03-06") };
	assert_int_equal(gx_loyalty_tucker(dup, 4, day("2026-04-01"), NULL, &loyal, &err), GX_OK);
	assert_false(loyal);
	/* Weekly periods, N = 2: weeks of 2026-11-09 and 2026-11-16 before Monday 2026-11-23. */
	struct gx_loyalty_tucker_params p;
	gx_loyalty_tucker_params_default(&p);
	assert_int_equal(p.periods, 3);
	assert_int_equal(p.period, GX_LOYALTY_PERIOD_MONTH);
	p.period = GX_LOYALTY_PERIOD_WEEK;
	p.periods = 2;
	int32_t wk[] = { day("2026-11-15"), day("2026-11-16"), day("2026-11-23") };
	assert_int_equal(gx_loyalty_tucker(wk, 3, day("2026-11-23"), &p, &loyal, &err), GX_OK);
	assert_true(loyal);
	wk[0] = day("2026-11-08"); /* a Sunday: previous week */
	assert_int_equal(gx_loyalty_tucker(wk, 3, day("2026-11-23"), &p, &loyal, &err), GX_OK);
	assert_false(loyal);
	/* Quarters and years. */
	p.period = GX_LOYALTY_PERIOD_QUARTER;
	int32_t q[] = { day("2025-12-31"), day("2026-01-01") };
	assert_int_equal(gx_loyalty_tucker(q, 2, day("2026-04-01"), &p, &loyal, &err), GX_OK);
	assert_true(loyal);
	p.period = GX_LOYALTY_PERIOD_YEAR;
	assert_int_equal(gx_loyalty_tucker(q, 2, day("2026-04-01"), &p, &loyal, &err), GX_OK);
	assert_false(loyal);
	/* Bad input. */
	p.periods = 0;
	assert_int_equal(gx_loyalty_tucker(q, 2, day("2026-04-01"), &p, &loyal, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "periods"));
	assert_int_equal(gx_loyalty_tucker(NULL, 3, day("2026-04-01"), NULL, &loyal, &err),
	                 GX_EINVAL);
	int32_t far[1] = { INT32_MIN };
	assert_int_equal(gx_loyalty_tucker(far, 1, day("2026-04-01"), NULL, &loyal, &err),
	                 GX_EINVAL);
	assert_int_equal(gx_loyalty_tucker(q, 2, INT32_MAX, NULL, &loyal, &err), GX_EINVAL);
	p.periods = 3;
	p.period = (enum gx_loyalty_period)42;
	assert_int_equal(gx_loyalty_tucker(q, 2, day("2026-04-01"), &p, &loyal, &err), GX_EINVAL);
}

#define NF GX_LOYALTY_FACTORS

static void fill_nan(double *m, size_t n)
{
	for (size_t i = 0; i < n * NF; i++)
		m[i] = NAN;
}

static void test_index_ranks(void **state)
{
	(void)state;
	struct gx_error err;
	/* One factor only (A11): values 10, 20, 20, 5 → ascending 5(0) 10(1) 20,20(2.5) over 3. */
	double f[4 * NF], idx[4], beh[4], norm[4 * NF];
	fill_nan(f, 4);
	f[0 * NF + GX_LOYALTY_A11_DURATION] = 10;
	f[1 * NF + GX_LOYALTY_A11_DURATION] = 20;
	f[2 * NF + GX_LOYALTY_A11_DURATION] = 20;
	f[3 * NF + GX_LOYALTY_A11_DURATION] = 5;
	assert_int_equal(gx_loyalty_index(f, 4, NULL, idx, beh, norm, &err), GX_OK);
	assert_float_equal(idx[0], 1.0 / 3.0, 1e-12);
	assert_float_equal(idx[1], 2.5 / 3.0, 1e-12);
	assert_float_equal(idx[2], 2.5 / 3.0, 1e-12);
	assert_float_equal(idx[3], 0.0, 1e-12);
	assert_float_equal(beh[1], 2.5 / 3.0, 1e-12);
	assert_true(isnan(norm[0 * NF + GX_LOYALTY_A12_FREQUENCY]));

	/* A32 is inverted: the customer buying most on discount scores 0. All-tied factors
	 * normalise to 0.5. Missing factors renormalise the weights (A11 1/9, A32 1/12). */
	fill_nan(f, 4);
	double disc[4] = { 0.0, 0.5, 1.0, 0.25 };
	for (int i = 0; i < 4; i++) {
		f[i * NF + GX_LOYALTY_A32_DISCOUNT] = disc[i];
		f[i * NF + GX_LOYALTY_A22_CROSS] = 3;          /* all tied */
	}
	f[0 * NF + GX_LOYALTY_A11_DURATION] = 100;          /* the only one: 0.5 */
	assert_int_equal(gx_loyalty_index(f, 4, NULL, idx, beh, norm, &err), GX_OK);
	assert_float_equal(norm[0 * NF + GX_LOYALTY_A32_DISCOUNT], 1.0, 1e-12);
	assert_float_equal(norm[2 * NF + GX_LOYALTY_A32_DISCOUNT], 0.0, 1e-12);
	assert_float_equal(norm[3 * NF + GX_LOYALTY_A32_DISCOUNT], 2.0 / 3.0, 1e-12);
	assert_float_equal(norm[1 * NF + GX_LOYALTY_A22_CROSS], 0.5, 1e-12);
	assert_float_equal(norm[0 * NF + GX_LOYALTY_A11_DURATION], 0.5, 1e-12);
	/* Customer 0: A11 0.5 (w 1/9), A22 0.5 (w 1/6), A32 1.0 (w 1/12). */
	double w11 = 1.0 / 9, w22 = 1.0 / 6, w32 = 1.0 / 12;
	assert_float_equal(idx[0], (0.5 * w11 + 0.5 * w22 + 1.0 * w32) / (w11 + w22 + w32), 1e-12);
	assert_float_equal(beh[0], 0.5, 1e-12);
	/* Customer 2: A22 0.5, A32 0. */
	assert_float_equal(idx[2], (0.5 * w22) / (w22 + w32), 1e-12);

	/* A customer with no factor at all: index NaN; the others unaffected. */
	fill_nan(f, 2);
	f[0 * NF + GX_LOYALTY_A34_SATISFACTION] = 4;
	assert_int_equal(gx_loyalty_index(f, 2, NULL, idx, beh, NULL, &err), GX_OK);
	assert_float_equal(idx[0], 0.5, 1e-12);
	assert_true(isnan(beh[0]));
	assert_true(isnan(idx[1]));
	/* Empty base. */
	assert_int_equal(gx_loyalty_index(NULL, 0, NULL, NULL, NULL, NULL, &err), GX_OK);

	/* Default weights: groups 1/3, equal within groups. */
	struct gx_loyalty_index_params p;
	gx_loyalty_index_params_default(&p);
	assert_float_equal(p.group_weight[GX_LOYALTY_A2], 1.0 / 3, 1e-15);
	assert_float_equal(p.factor_weight[GX_LOYALTY_A21_WALLET], 0.5, 1e-15);
	assert_float_equal(p.factor_weight[GX_LOYALTY_A33_WILLINGNESS], 0.25, 1e-15);
	assert_int_equal(gx_loyalty_factor_group(GX_LOYALTY_A13_TREND), GX_LOYALTY_A1);
	/* Custom weights: all weight on A2 → the index is the A21 rank. */
	for (int g = 0; g < GX_LOYALTY_GROUPS; g++)
		p.group_weight[g] = g == GX_LOYALTY_A2;
	fill_nan(f, 2);
	f[0 * NF + GX_LOYALTY_A21_WALLET] = 0.9;
	f[1 * NF + GX_LOYALTY_A21_WALLET] = 0.1;
	f[0 * NF + GX_LOYALTY_A31_REFERRALS] = 0;
	f[1 * NF + GX_LOYALTY_A31_REFERRALS] = 7;
	assert_int_equal(gx_loyalty_index(f, 2, &p, idx, NULL, NULL, &err), GX_OK);
	assert_float_equal(idx[0], 1.0, 1e-12);
	assert_float_equal(idx[1], 0.0, 1e-12);
}

static void test_index_bad_input(void **state)
{
	(void)state;
	struct gx_error err;
	double f[NF], idx[1];
	fill_nan(f, 1);
	f[GX_LOYALTY_A12_FREQUENCY] = -1;
	assert_int_equal(gx_loyalty_index(f, 1, NULL, idx, NULL, NULL, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "A12"));
	fill_nan(f, 1);
	f[GX_LOYALTY_A21_WALLET] = 1.5;
	assert_int_equal(gx_loyalty_index(f, 1, NULL, idx, NULL, NULL, &err), GX_EINVAL);
	fill_nan(f, 1);
	f[GX_LOYALTY_A13_TREND] = INFINITY;
	assert_int_equal(gx_loyalty_index(f, 1, NULL, idx, NULL, NULL, &err), GX_EINVAL);
	fill_nan(f, 1);
	struct gx_loyalty_index_params p;
	gx_loyalty_index_params_default(&p);
	p.factor_weight[3] = -0.5;
	assert_int_equal(gx_loyalty_index(f, 1, &p, idx, NULL, NULL, &err), GX_EINVAL);
	assert_int_equal(gx_loyalty_index(NULL, 3, NULL, idx, NULL, NULL, &err), GX_EINVAL);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The percentile rank by its definition, O(n²): (#smaller + (#equal − 1)/2) / (m − 1). */
static void test_index_brute_force(void **state)
{
	(void)state;
	enum { N = 300 };
	static double f[N * NF], idx[N], norm[N * NF];
	for (size_t i = 0; i < N * NF; i++) {
		uint64_t r = next_rand();
		int col = (int)(i % NF);
		if (r % 7 == 0)
			f[i] = NAN;
		else if (col == GX_LOYALTY_A21_WALLET || col == GX_LOYALTY_A32_DISCOUNT)
			f[i] = (double)(r % 11) / 10.0;           /* many ties */
		else if (col == GX_LOYALTY_A13_TREND)
			f[i] = (double)((int64_t)(r % 41) - 20) / 4.0;  /* negative values too */
		else
			f[i] = (double)(r % 50);
	}
	struct gx_error err;
	assert_int_equal(gx_loyalty_index(f, N, NULL, idx, NULL, norm, &err), GX_OK);
	for (int col = 0; col < NF; col++) {
		size_t m = 0;
		for (size_t i = 0; i < N; i++)
			m += !isnan(f[i * NF + col]);
		for (size_t i = 0; i < N; i++) {
			double x = f[i * NF + col];
			if (isnan(x)) {
				assert_true(isnan(norm[i * NF + col]));
				continue;
			}
			size_t less = 0, eq = 0;
			for (size_t j = 0; j < N; j++) {
				double y = f[j * NF + col];
				if (isnan(y))
					continue;
				less += y < x;
				eq += y == x;
			}
			double pr = ((double)less + ((double)eq - 1) / 2.0) / (double)(m - 1);
			if (col == GX_LOYALTY_A32_DISCOUNT)
				pr = 1 - pr;
			assert_float_equal(norm[i * NF + col], pr, 1e-12);
		}
	}
}

/* A large base: 200k customers × 9 factors must rank quickly (radix sort per factor). */
static void test_index_scale(void **state)
{
	(void)state;
	size_t n = 200000;
	double *f = malloc(n * NF * sizeof *f), *idx = malloc(n * sizeof *idx);
	assert_non_null(f);
	assert_non_null(idx);
	for (size_t i = 0; i < n * NF; i++) {
		uint64_t r = next_rand();
		int col = (int)(i % NF);
		f[i] = col == GX_LOYALTY_A21_WALLET || col == GX_LOYALTY_A32_DISCOUNT
		       ? (double)(r % 1001) / 1000.0 : (double)(r % 100000);
	}
	struct gx_error err;
	clock_t t0 = clock();
	assert_int_equal(gx_loyalty_index(f, n, NULL, idx, NULL, NULL, &err), GX_OK);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("M10 over %zu customers × 9 factors: %.3f s\n", n, secs);
	double lo = 1, hi = 0;
	for (size_t i = 0; i < n; i++) {
		lo = idx[i] < lo ? idx[i] : lo;
		hi = idx[i] > hi ? idx[i] : hi;
	}
	assert_true(lo >= 0 && hi <= 1 && lo < 0.3 && hi > 0.7);
#ifndef __SANITIZE_ADDRESS__
	assert_true(secs < 2.0);
#endif
	free(f);
	free(idx);
}

static enum gx_loyalty_js js_of(const char *zh)
{
	for (int t = GX_LOYALTY_JS_UNCLASSIFIED; t <= GX_LOYALTY_JS_TERRORIST; t++)
		if (strcmp(gx_loyalty_js_label((enum gx_loyalty_js)t, GX_LANG_ZH), zh) == 0)
			return (enum gx_loyalty_js)t;
	fail_msg("unknown label %s", zh);
	return GX_LOYALTY_JS_UNCLASSIFIED;
}

static void test_jones_sasser(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *cases = json_object_get(json_object_get(root, "M11_sat_loyalty"), "cases");
	assert_int_equal(json_array_size(cases), 10);
	size_t i;
	json_t *c;
	struct gx_error err;
	json_array_foreach(cases, i, c) {
		enum gx_loyalty_js t;
		assert_int_equal(gx_loyalty_js_classify(json_number_value(json_array_get(c, 0)),
		                                        json_number_value(json_array_get(c, 1)),
		                                        NULL, &t, &err), GX_OK);
		assert_int_equal(t, js_of(json_string_value(json_array_get(c, 2))));
	}
	json_decref(root);
	enum gx_loyalty_js t;
	/* Within 1e-9 of a line counts as on it. */
	assert_int_equal(gx_loyalty_js_classify(3.0000000001, 5, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_HOSTAGE);
	assert_int_equal(gx_loyalty_js_classify(4.4999999999, 4.5, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_APOSTLE);
	assert_int_equal(gx_loyalty_js_classify(1.5000000001, 1.0, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_TERRORIST);
	assert_int_equal(gx_loyalty_js_classify(1.6, 1.0, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_DEFECTOR);
	assert_int_equal(gx_loyalty_js_classify(4.6, 4.4, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_LOYALIST);
	/* Not surveyed: not classified. */
	assert_int_equal(gx_loyalty_js_classify(NAN, 4, NULL, &t, &err), GX_OK);
	assert_int_equal(t, GX_LOYALTY_JS_UNCLASSIFIED);
	/* Bad input. */
	assert_int_equal(gx_loyalty_js_classify(5.5, 4, NULL, &t, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "satisfaction"));
	assert_int_equal(gx_loyalty_js_classify(4, NAN, NULL, &t, &err), GX_EINVAL);
	assert_int_equal(gx_loyalty_js_classify(0.5, 3, NULL, &t, &err), GX_EINVAL);
	/* Rescaling. */
	double x;
	assert_int_equal(gx_loyalty_rescale_1_5(7, 1, 7, &x, &err), GX_OK);
	assert_float_equal(x, 5, 1e-12);
	assert_int_equal(gx_loyalty_rescale_1_5(50, 0, 100, &x, &err), GX_OK);
	assert_float_equal(x, 3, 1e-12);
	assert_int_equal(gx_loyalty_rescale_1_5(8, 1, 7, &x, &err), GX_EINVAL);
	assert_int_equal(gx_loyalty_rescale_1_5(3, 5, 5, &x, &err), GX_EINVAL);
	assert_int_equal(gx_loyalty_from_index(0.625, &x, &err), GX_OK);
	assert_float_equal(x, 3.5, 1e-12);
	assert_int_equal(gx_loyalty_from_index(NAN, &x, &err), GX_EINVAL);
	assert_int_equal(gx_loyalty_from_index(1.2, &x, &err), GX_EINVAL);
	assert_string_equal(gx_loyalty_js_label(GX_LOYALTY_JS_APOSTLE, GX_LANG_EN), "apostle");
	assert_null(gx_loyalty_js_label((enum gx_loyalty_js)99, GX_LANG_EN));
}

static void test_loyalty_types(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_loyalty_type_result r;
	struct gx_loyalty_type_input in = { 4.0, 0.5, false, NAN, NAN, false };
	/* Repeat exactly on 0.5 counts as high. */
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_TRUE);
	assert_true(r.attitude_surveyed);
	in.behaviour_index = 0.4999999999;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_TRUE);
	in.behaviour_index = 0.49;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_LATENT);
	/* The Tucker rule alone makes repeat high. */
	in.tucker_loyal = true;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_TRUE);
	/* Satisfaction exactly 3: low attitude → spurious, drivers in order. */
	in.satisfaction_1_5 = 3.0;
	in.discount_share = 0.5;
	in.points_share = 0.9;
	in.no_alternative = true;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_PRICE);
	assert_false(r.attitude_high);
	in.discount_share = 0.49;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_INCENTIVE);
	in.points_share = NAN;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_MONOPOLY);
	in.no_alternative = false;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_INERTIA);
	assert_string_equal(gx_loyalty_type_label(r.type, GX_LANG_ZH), "惰性忠诚");
	/* Never surveyed: low attitude, flagged. */
	in.satisfaction_1_5 = NAN;
	in.tucker_loyal = false;
	in.behaviour_index = 0.2;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_NONE);
	assert_false(r.attitude_surveyed);
	in.behaviour_index = NAN;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_OK);
	assert_int_equal(r.type, GX_LOYALTY_TYPE_NONE);
	/* Bad input. */
	in.discount_share = -0.1;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "discount_share"));
	in.discount_share = NAN;
	in.satisfaction_1_5 = 9;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_EINVAL);
	in.satisfaction_1_5 = NAN;
	in.behaviour_index = INFINITY;
	assert_int_equal(gx_loyalty_type_classify(&in, NULL, &r, &err), GX_EINVAL);
	assert_string_equal(gx_loyalty_type_label(GX_LOYALTY_TYPE_TRUE, GX_LANG_EN), "true loyalty");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daynum),
		cmocka_unit_test(test_tucker_vectors),
		cmocka_unit_test(test_tucker_boundaries),
		cmocka_unit_test(test_index_ranks),
		cmocka_unit_test(test_index_bad_input),
		cmocka_unit_test(test_index_brute_force),
		cmocka_unit_test(test_index_scale),
		cmocka_unit_test(test_jones_sasser),
		cmocka_unit_test(test_loyalty_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
