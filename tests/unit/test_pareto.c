/* Unit tests for the Pareto / ABC / Gini / pyramid model (MODELS.md M17): the seed vector,
 * hand-computed ties and boundaries, empty and all-zero bases, the profit measure, upgrade
 * candidates, bad input, and a 1M-customer run that must stay well under a second. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics/value_sort.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/pareto.h"
#include "seedvec.h"

static void test_seed_vector(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *v = json_object_get(root, "M17_pareto");
	json_t *rev = json_object_get(v, "revenue_sorted_desc");
	size_t n = json_array_size(rev);
	assert_int_equal(n, 10);
	int64_t ids[10], fen[10];
	/* Feed them in reverse order with ids that keep the published order on ties. */
	for (size_t i = 0; i < n; i++) {
		ids[i] = (int64_t)(n - i);
		fen[i] = (int64_t)json_integer_value(json_array_get(rev, n - 1 - i));
	}
	struct gx_pareto_customer out[10];
	size_t order[10];
	struct gx_pareto_summary s;
	struct gx_error err;
	assert_int_equal(gx_pareto_analyze(ids, fen, n, NULL, NULL, out, order, &s, &err), GX_OK);
	assert_float_equal(s.top_share, seedvec_num(v, "top20_share"), 1e-12);
	assert_float_equal(s.gini, seedvec_num(v, "gini"), 1e-12);
	assert_int_equal(s.top_count, 2);
	assert_int_equal(s.total_fen, 200);
	json_t *abc = json_object_get(v, "abc");
	for (size_t r = 0; r < n; r++) {
		size_t i = order[r];
		assert_int_equal(out[i].rank, r);
		assert_int_equal(fen[i], json_integer_value(json_array_get(rev, r)));
		const char *want = json_string_value(json_array_get(abc, r));
		assert_int_equal(out[i].cls, want[0] - 'A');
	}
	assert_int_equal(s.class_count[GX_PARETO_A], 3);
	assert_int_equal(s.class_fen[GX_PARETO_A], 170);
	assert_int_equal(s.class_count[GX_PARETO_B], 2);
	assert_int_equal(s.class_count[GX_PARETO_C], 5);
	/* Cumulative share curve. */
	assert_float_equal(out[order[0]].cum_share, 0.5, 1e-12);
	assert_float_equal(out[order[2]].cum_share, 0.85, 1e-12);
	assert_float_equal(out[order[9]].cum_share, 1.0, 1e-12);
	/* Pyramid of 10: top ⌈0.1⌉ = 1, major up to ⌈0.5⌉ = 1 (none), medium up to 2. */
	assert_int_equal(out[order[0]].tier, GX_PARETO_TIER_TOP);
	assert_int_equal(out[order[1]].tier, GX_PARETO_TIER_MEDIUM);
	assert_int_equal(out[order[2]].tier, GX_PARETO_TIER_SMALL);
	assert_int_equal(s.tier_count[GX_PARETO_TIER_MAJOR], 0);
	assert_false(s.clv_given);
	double g;
	assert_int_equal(gx_pareto_gini(fen, n, &g, &err), GX_OK);
	assert_float_equal(g, seedvec_num(v, "gini"), 1e-12);
	json_decref(root);
}

static void test_ties_and_boundaries(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_pareto_summary s;
	struct gx_pareto_customer out[5];
	size_t order[5];
	/* Equal values rank by id, whatever the input order. Shares above: 0, .4, .8 (exactly on
	 * the A line → B), .9, .95 (exactly on the B line → C). Total 100. */
	int64_t ids[5] = { 9, 3, 7, 5, 1 };
	int64_t fen[5] = { 5, 40, 10, 5, 40 };
	assert_int_equal(gx_pareto_analyze(ids, fen, 5, NULL, NULL, out, order, &s, &err), GX_OK);
	assert_int_equal(order[0], 4);    /* id 1, 40 */
	assert_int_equal(order[1], 1);    /* id 3, 40 */
	assert_int_equal(order[2], 2);    /* id 7, 10 */
	assert_int_equal(order[3], 3);    /* id 5, 5 */
	assert_int_equal(order[4], 0);    /* id 9, 5 */
	assert_int_equal(out[4].cls, GX_PARETO_A);
	assert_int_equal(out[1].cls, GX_PARETO_A);
	assert_int_equal(out[2].cls, GX_PARETO_B);
	assert_int_equal(out[3].cls, GX_PARETO_B);
	assert_int_equal(out[0].cls, GX_PARETO_C);
	/* Top ⌈0.2·5⌉ = 1 customer: 40%. Gini of 5,5,10,40,40: Σi·x = 5+10+30+160+200 = 405;
	 * 810/500 − 6/5 = 0.42. */
	assert_int_equal(s.top_count, 1);
	assert_float_equal(s.top_share, 0.4, 1e-12);
	assert_float_equal(s.gini, 0.42, 1e-12);

	/* ⌈0.2·15⌉ is 3 although 0.2·15 is 3.0000000000000004 in binary. */
	int64_t id15[15], v15[15];
	for (int i = 0; i < 15; i++) {
		id15[i] = i + 1;
		v15[i] = 1;
	}
	assert_int_equal(gx_pareto_analyze(id15, v15, 15, NULL, NULL, NULL, NULL, &s, &err), GX_OK);
	assert_int_equal(s.top_count, 3);
	assert_float_equal(s.top_share, 0.2, 1e-12);
	assert_float_equal(s.gini, 0.0, 1e-12);

	/* One customer: A, top share 1, Gini 0. */
	int64_t one_id = 42, one_v = 12345;
	assert_int_equal(gx_pareto_analyze(&one_id, &one_v, 1, NULL, NULL, out, NULL, &s, &err),
	                 GX_OK);
	assert_int_equal(out[0].cls, GX_PARETO_A);
	assert_int_equal(out[0].tier, GX_PARETO_TIER_TOP);
	assert_float_equal(s.top_share, 1.0, 1e-12);
	assert_float_equal(s.gini, 0.0, 1e-12);

	/* Empty base. */
	assert_int_equal(gx_pareto_analyze(NULL, NULL, 0, NULL, NULL, NULL, NULL, &s, &err), GX_OK);
	assert_int_equal(s.n, 0);
	assert_true(isnan(s.top_share));
	assert_true(isnan(s.gini));
	double g;
	assert_int_equal(gx_pareto_gini(NULL, 0, &g, &err), GX_OK);
	assert_true(isnan(g));

	/* All-zero revenue: everyone C, shares undefined. */
	int64_t z[3] = { 0, 0, 0 }, zid[3] = { 1, 2, 3 };
	assert_int_equal(gx_pareto_analyze(zid, z, 3, NULL, NULL, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.class_count[GX_PARETO_C], 3);
	assert_true(isnan(s.top_share));
	assert_true(isnan(s.gini));
	assert_true(isnan(out[0].cum_share));
	assert_int_equal(gx_pareto_gini(z, 3, &g, &err), GX_OK);
	assert_true(isnan(g));
}

static void test_profit_measure(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_pareto_summary s;
	struct gx_pareto_customer out[5];
	struct gx_pareto_params p;
	gx_pareto_params_default(&p);
	p.measure = GX_PARETO_MEASURE_PROFIT;
	/* Positive profits 60, 30, 10 (total 100); 0 and −20 are C. */
	int64_t ids[5] = { 1, 2, 3, 4, 5 };
	int64_t fen[5] = { -20, 60, 0, 10, 30 };
	assert_int_equal(gx_pareto_analyze(ids, fen, 5, NULL, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.total_fen, 100);
	assert_int_equal(out[1].cls, GX_PARETO_A);   /* above 0 */
	assert_int_equal(out[4].cls, GX_PARETO_A);   /* above .6 */
	assert_int_equal(out[3].cls, GX_PARETO_B);   /* above .9 */
	assert_int_equal(out[2].cls, GX_PARETO_C);
	assert_int_equal(out[0].cls, GX_PARETO_C);
	assert_int_equal(out[0].rank, 4);
	assert_int_equal(s.class_fen[GX_PARETO_C], -20);
	assert_float_equal(s.top_share, 0.6, 1e-12);
	assert_true(isnan(s.gini));                  /* a negative value: no Gini */
	/* Revenue measure refuses the negative value. */
	assert_int_equal(gx_pareto_analyze(ids, fen, 5, NULL, NULL, out, NULL, &s, &err),
	                 GX_EINVAL);
	assert_non_null(strstr(err.message, "negative"));
	double g;
	assert_int_equal(gx_pareto_gini(fen, 5, &g, &err), GX_EINVAL);
	/* Losses that overflow when summed. */
	int64_t lossy[2] = { INT64_MIN, -1 };
	assert_int_equal(gx_pareto_analyze(ids, lossy, 2, NULL, &p, out, NULL, &s, &err),
	                 GX_EINVAL);
	/* All profits ≤ 0. */
	int64_t neg[2] = { -5, 0 };
	assert_int_equal(gx_pareto_analyze(ids, neg, 2, NULL, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.class_count[GX_PARETO_C], 2);
	assert_true(isnan(s.top_share));
}

static void test_upgrade_candidates(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_pareto_summary s;
	struct gx_pareto_customer out[10];
	int64_t ids[10], fen[10] = { 100, 50, 20, 10, 10, 5, 3, 1, 1, 0 };
	/* Classes AAABBCCCCC. CLV top ⌈0.2·10⌉ = 2: customer 9 (C, 900) and customer 1 (A, 800)
	 * → only customer 9 is a candidate; customer 5 (C, 700) is third: not. NaN never. */
	double clv[10] = { 500, 800, 100, 100, 100, 700, NAN, 50, 10, 900 };
	for (int i = 0; i < 10; i++)
		ids[i] = i;
	assert_int_equal(gx_pareto_analyze(ids, fen, 10, clv, NULL, out, NULL, &s, &err), GX_OK);
	assert_true(s.clv_given);
	assert_int_equal(s.upgrade_count, 1);
	assert_true(out[9].upgrade);
	assert_false(out[1].upgrade);
	assert_false(out[5].upgrade);
	/* Ties in CLV go by id: customers 3 and 4 (B, 1000 each) take both places. */
	clv[3] = clv[4] = 1000;
	clv[2] = 1000;  /* A: tied too but ranks first by id 2 and is not a candidate */
	assert_int_equal(gx_pareto_analyze(ids, fen, 10, clv, NULL, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.upgrade_count, 1);
	assert_true(out[3].upgrade);
	assert_false(out[4].upgrade);
	/* Infinite CLV is bad input. */
	clv[0] = INFINITY;
	assert_int_equal(gx_pareto_analyze(ids, fen, 10, clv, NULL, out, NULL, &s, &err),
	                 GX_EINVAL);
	assert_non_null(strstr(err.message, "CLV"));
}

static void test_bad_params(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_pareto_summary s;
	struct gx_pareto_params p;
	int64_t ids[1] = { 1 }, fen[1] = { 1 };
	gx_pareto_params_default(&p);
	p.a_share = 0.96;
	assert_int_equal(gx_pareto_analyze(ids, fen, 1, NULL, &p, NULL, NULL, &s, &err), GX_EINVAL);
	gx_pareto_params_default(&p);
	p.top_share = NAN;
	assert_int_equal(gx_pareto_analyze(ids, fen, 1, NULL, &p, NULL, NULL, &s, &err), GX_EINVAL);
	gx_pareto_params_default(&p);
	p.tier_medium = 0.99;
	assert_int_equal(gx_pareto_analyze(ids, fen, 1, NULL, &p, NULL, NULL, &s, &err), GX_EINVAL);
	gx_pareto_params_default(&p);
	p.measure = (enum gx_pareto_measure)7;
	assert_int_equal(gx_pareto_analyze(ids, fen, 1, NULL, &p, NULL, NULL, &s, &err), GX_EINVAL);
	assert_int_equal(gx_pareto_analyze(NULL, fen, 1, NULL, NULL, NULL, NULL, &s, &err),
	                 GX_EINVAL);
	/* Overflowing total. */
	int64_t big[2] = { INT64_MAX, 1 }, bid[2] = { 1, 2 };
	assert_int_equal(gx_pareto_analyze(bid, big, 2, NULL, NULL, NULL, NULL, &s, &err),
	                 GX_EINVAL);
	assert_string_equal(gx_pareto_class_label(GX_PARETO_B, GX_LANG_EN), "B (ordinary customers)");
	assert_non_null(gx_pareto_tier_label(GX_PARETO_TIER_SMALL, GX_LANG_ZH));
	assert_null(gx_pareto_class_label((enum gx_pareto_class)5, GX_LANG_ZH));
}

/* Ranking through the shared sort keys: negative, zero, infinite and NaN CLVs order
 * correctly (NaN last), and −0 ties with +0 so the id decides. */
static void test_clv_key_order(void **state)
{
	(void)state;
	/* Shares above (total 100): id1 0, id2 .5, id3 .7 → A; id4 .8, id6 .9 → B; id5 .95,
	 * id7 .99 → C. CLV order: id7, id5, id2 = id3 (0 and −0, by id), id6, id1, id4 (NaN). */
	int64_t ids[7] = { 1, 2, 3, 4, 5, 6, 7 }, fen[7] = { 50, 20, 10, 10, 4, 5, 1 };
	double clv[7] = { -1e300, 0.0, -0.0, NAN, 5e-324, -3.5, 1e300 };
	struct gx_pareto_customer out[7];
	struct gx_pareto_params p;
	gx_pareto_params_default(&p);
	p.upgrade_top = 0.5;   /* top ⌈3.5⌉ = 4 by CLV: ids 7, 5, 2, 3 */
	struct gx_pareto_summary s;
	struct gx_error err;
	assert_int_equal(gx_pareto_analyze(ids, fen, 7, clv, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(out[0].cls, GX_PARETO_A);
	assert_int_equal(out[3].cls, GX_PARETO_B);
	assert_int_equal(out[5].cls, GX_PARETO_B);
	assert_int_equal(out[4].cls, GX_PARETO_C);
	/* id 7 (C) and id 5 (C) are candidates; ids 2, 3 are A; id 4 has no CLV. */
	assert_true(out[6].upgrade);
	assert_true(out[4].upgrade);
	assert_false(out[1].upgrade);
	assert_false(out[3].upgrade);
	assert_false(out[5].upgrade);
	assert_int_equal(s.upgrade_count, 2);
	/* Shrinking the cut to ⌈0.3·7⌉ = 3 drops id 3 but id 5 (rank 2) stays. */
	p.upgrade_top = 0.3;
	assert_int_equal(gx_pareto_analyze(ids, fen, 7, clv, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.upgrade_count, 2);
	p.upgrade_top = 0.2;   /* ⌈1.4⌉ = 2: ids 7 and 5 */
	assert_int_equal(gx_pareto_analyze(ids, fen, 7, clv, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.upgrade_count, 2);
	p.upgrade_top = 0.1;   /* ⌈0.7⌉ = 1: id 7 only */
	assert_int_equal(gx_pareto_analyze(ids, fen, 7, clv, &p, out, NULL, &s, &err), GX_OK);
	assert_int_equal(s.upgrade_count, 1);
	assert_true(out[6].upgrade);
}

/* The private sort keys keep the numeric order, tie −0 with +0 and put NaN last. */
static void test_sort_keys(void **state)
{
	(void)state;
	double asc[] = { -INFINITY, -1e300, -3.5, -5e-324, 0.0, 5e-324, 1.0, 1e300, INFINITY };
	size_t n = sizeof asc / sizeof asc[0];
	for (size_t i = 0; i + 1 < n; i++) {
		assert_true(vs_key_double_asc(asc[i]) < vs_key_double_asc(asc[i + 1]));
		assert_true(vs_key_double_desc(asc[i]) > vs_key_double_desc(asc[i + 1]));
	}
	assert_true(vs_key_double_asc(-0.0) == vs_key_double_asc(0.0));
	assert_true(vs_key_double_desc(-0.0) == vs_key_double_desc(0.0));
	assert_true(vs_key_double_asc(NAN) > vs_key_double_asc(INFINITY));
	assert_true(vs_key_double_desc(NAN) > vs_key_double_desc(-INFINITY));
	assert_true(vs_key_i64_asc(INT64_MIN) < vs_key_i64_asc(-1));
	assert_true(vs_key_i64_asc(-1) < vs_key_i64_asc(0));
	assert_true(vs_key_i64_desc(INT64_MAX) < vs_key_i64_desc(0));
	/* Stable sort on (k1, k2). */
	struct vs_item it[6] = {
		{ 3, 1, 0, 0 }, { 1, 2, 1, 0 }, { 3, 0, 2, 0 }, { 1, 2, 3, 0 }, { 0, 9, 4, 0 },
		{ 1ull << 60, 0, 5, 0 },
	};
	vs_radix_sort(it, 6);
	size_t want[6] = { 4, 1, 3, 2, 0, 5 };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(it[i].idx, want[i]);
}

static void test_sum_orders(void **state)
{
	(void)state;
	int32_t d = gx_daynum_from_ymd(2026, 7, 1);
	int32_t start = gx_daynum_from_ymd(2025, 7, 1);
	struct gx_pareto_order o[] = {
		{ 0, start, 1000 },        /* first day of the window: in */
		{ 0, start - 1, 500 },     /* the day before: out */
		{ 1, d - 1, 300 },         /* last day: in */
		{ 1, d, 9999 },            /* as_of itself: out */
		{ 2, d - 10, -200 },       /* a profit line may be negative */
	};
	int64_t v[3];
	struct gx_error err;
	assert_int_equal(gx_pareto_sum_orders(o, 5, 3, d, NULL, v, &err), GX_OK);
	assert_int_equal(v[0], 1000);
	assert_int_equal(v[1], 300);
	assert_int_equal(v[2], -200);
	struct gx_pareto_params p;
	gx_pareto_params_default(&p);
	assert_int_equal(p.window, GX_PARETO_WINDOW_TRAILING);
	assert_int_equal(p.window_months, 12);
	p.window = GX_PARETO_WINDOW_ALL_TIME;
	assert_int_equal(gx_pareto_sum_orders(o, 5, 3, d, &p, v, &err), GX_OK);
	assert_int_equal(v[0], 1500);
	assert_int_equal(v[1], 300);
	p.window = GX_PARETO_WINDOW_TRAILING;
	p.window_months = 0;
	assert_int_equal(gx_pareto_sum_orders(o, 5, 3, d, &p, v, &err), GX_EINVAL);
	o[4].customer = 3;
	assert_int_equal(gx_pareto_sum_orders(o, 5, 3, d, NULL, v, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "customer index 3"));
	assert_int_equal(gx_pareto_sum_orders(NULL, 0, 0, d, NULL, NULL, &err), GX_OK);
	assert_int_equal(gx_pareto_sum_orders(NULL, 0, 0, INT32_MIN, NULL, NULL, &err), GX_EINVAL);
}

static uint64_t rng_state = 88172645463325252ull;
static uint64_t xorshift(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Properties on random bases with many ties: the result per customer does not depend on the
 * input order, classes never go back up (A, then B, then C down the ranking), and the
 * cumulative share rises to 1. */
static void test_order_independence(void **state)
{
	(void)state;
	enum { N = 2000 };
	static int64_t ids[N], fen[N], ids2[N], fen2[N];
	static double clv[N], clv2[N];
	static struct gx_pareto_customer a[N], b[N];
	static size_t order[N], perm[N];
	for (int round = 0; round < 5; round++) {
		for (size_t i = 0; i < N; i++) {
			ids[i] = (int64_t)(i * 7919 % 100003);
			fen[i] = (int64_t)(xorshift() % 20) * 100;     /* 20 distinct values */
			clv[i] = (double)(xorshift() % 50);
			perm[i] = i;
		}
		for (size_t i = N - 1; i > 0; i--) {
			size_t j = (size_t)(xorshift() % (i + 1)), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (size_t i = 0; i < N; i++) {
			ids2[i] = ids[perm[i]];
			fen2[i] = fen[perm[i]];
			clv2[i] = clv[perm[i]];
		}
		struct gx_pareto_summary sa, sb;
		struct gx_error err;
		assert_int_equal(gx_pareto_analyze(ids, fen, N, clv, NULL, a, order, &sa, &err), GX_OK);
		assert_int_equal(gx_pareto_analyze(ids2, fen2, N, clv2, NULL, b, NULL, &sb, &err),
		                 GX_OK);
		for (size_t i = 0; i < N; i++) {
			const struct gx_pareto_customer *x = &a[perm[i]], *y = &b[i];
			assert_int_equal(x->rank, y->rank);
			assert_int_equal(x->cls, y->cls);
			assert_int_equal(x->tier, y->tier);
			assert_int_equal(x->upgrade, y->upgrade);
		}
		assert_float_equal(sa.gini, sb.gini, 0);
		assert_int_equal(sa.upgrade_count, sb.upgrade_count);
		for (size_t r = 1; r < N; r++) {
			const struct gx_pareto_customer *prev = &a[order[r - 1]], *cur = &a[order[r]];
			assert_true(prev->cls <= cur->cls);
			assert_true(prev->tier <= cur->tier);
			assert_true(prev->cum_share <= cur->cum_share);
			assert_true(fen[order[r - 1]] > fen[order[r]] ||
			            (fen[order[r - 1]] == fen[order[r]] && ids[order[r - 1]] < ids[order[r]]));
		}
		assert_float_equal(a[order[N - 1]].cum_share, 1.0, 1e-12);
	}
}

static void test_one_million(void **state)
{
	(void)state;
	size_t n = 1000000;
	int64_t *ids = malloc(n * sizeof *ids), *fen = malloc(n * sizeof *fen);
	double *clv = malloc(n * sizeof *clv);
	struct gx_pareto_customer *out = malloc(n * sizeof *out);
	assert_non_null(ids);
	assert_non_null(fen);
	assert_non_null(clv);
	assert_non_null(out);
	/* Heavy-tailed revenues up to ~10^7 yuan; ids shuffled. */
	for (size_t i = 0; i < n; i++) {
		ids[i] = (int64_t)(n - i);
		uint64_t r = xorshift();
		fen[i] = (int64_t)((r % 1000) * (r % 1000) * ((r >> 20) % 1000));
		clv[i] = (double)((r >> 30) % 100000);
	}
	struct gx_pareto_summary s;
	struct gx_error err;
	clock_t t0 = clock();
	assert_int_equal(gx_pareto_analyze(ids, fen, n, clv, NULL, out, NULL, &s, &err), GX_OK);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("M17 over %zu customers: %.3f s (Gini %.4f, top-20%% share %.4f)\n", n, secs,
	              s.gini, s.top_share);
	assert_int_equal(s.class_count[0] + s.class_count[1] + s.class_count[2], n);
	assert_int_equal(s.top_count, 200000);
	/* Cross-check the Gini against the standalone function and the class sums. */
	double g;
	assert_int_equal(gx_pareto_gini(fen, n, &g, &err), GX_OK);
	assert_float_equal(g, s.gini, 1e-12);
	int64_t total = s.class_fen[0] + s.class_fen[1] + s.class_fen[2];
	assert_int_equal(total, s.total_fen);
	/* The customers above the last A hold < 80%; A and B together reach ≥ 80%. */
	size_t last_a = 0;
	int64_t last_a_fen = 0;
	for (size_t i = 0; i < n; i++)
		if (out[i].cls == GX_PARETO_A && out[i].rank >= last_a) {
			last_a = out[i].rank;
			last_a_fen = fen[i];
		}
	assert_true((double)(s.class_fen[0] - last_a_fen) < 0.8 * (double)total);
	assert_true((double)s.class_fen[0] >= 0.8 * (double)total);
#ifndef __SANITIZE_ADDRESS__
	assert_true(secs < 1.0);
#endif
	free(ids);
	free(fen);
	free(clv);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_vector),
		cmocka_unit_test(test_ties_and_boundaries),
		cmocka_unit_test(test_profit_measure),
		cmocka_unit_test(test_upgrade_candidates),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_clv_key_order),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_sum_orders),
		cmocka_unit_test(test_order_independence),
		cmocka_unit_test(test_one_million),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
