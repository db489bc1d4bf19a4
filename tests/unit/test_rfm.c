/* RFM (MODELS.md M21) against seed_vectors.json (M21_rfm_example, M21_rfm_segments), the
 * tie and order-independence rules, inputs from purchase summaries, and a large base. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"
#include "guanxi/analytics/rfm.h"

static json_t *seed(const char *key)
{
	FILE *f = btyd_test_open("seed_vectors.json");
	json_error_t je;
	json_t *root = json_loadf(f, 0, &je);
	fclose(f);
	assert_non_null(root);
	json_t *v = json_incref(json_object_get(root, key));
	json_decref(root);
	assert_non_null(v);
	return v;
}

static enum rfm_segment segment_by_name(const char *en)
{
	for (int s = 0; s < RFM_SEGMENT_COUNT; s++)
		if (strcmp(rfm_segment_name((enum rfm_segment)s, GX_LANG_EN), en) == 0)
			return (enum rfm_segment)s;
	fail_msg("unknown segment %s", en);
	return RFM_SEGMENT_COUNT;
}

static void test_seed_example(void **state)
{
	(void)state;
	json_t *ex = seed("M21_rfm_example");
	size_t n = json_array_size(json_object_get(ex, "recency_days"));
	assert_int_equal(n, 10);
	struct rfm_input in[10];
	struct rfm_result out[10];
	for (size_t i = 0; i < n; i++) {
		in[i].recency_days = json_number_value(json_array_get(json_object_get(ex, "recency_days"), i));
		in[i].frequency = json_number_value(json_array_get(json_object_get(ex, "frequency"), i));
		in[i].monetary = json_number_value(json_array_get(json_object_get(ex, "monetary"), i));
	}
	struct gx_error err = { 0 };
	assert_int_equal(rfm_score(in, n, out, &err), GX_OK);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].r, json_integer_value(json_array_get(json_object_get(ex, "R"), i)));
		assert_int_equal(out[i].f, json_integer_value(json_array_get(json_object_get(ex, "F"), i)));
		assert_int_equal(out[i].m, json_integer_value(json_array_get(json_object_get(ex, "M"), i)));
		assert_int_equal(out[i].fm, json_integer_value(json_array_get(json_object_get(ex, "FM"), i)));
		assert_string_equal(rfm_segment_name(out[i].segment, GX_LANG_EN),
		                    json_string_value(json_array_get(json_object_get(ex, "segment"), i)));
	}
	/* Reversed input: the same scores per customer. */
	struct rfm_input rin[10];
	struct rfm_result rout[10];
	for (size_t i = 0; i < n; i++)
		rin[i] = in[n - 1 - i];
	assert_int_equal(rfm_score(rin, n, rout, &err), GX_OK);
	for (size_t i = 0; i < n; i++)
		assert_memory_equal(&rout[i], &out[n - 1 - i], sizeof out[i]);
	json_decref(ex);
}

static void test_seed_segment_table(void **state)
{
	(void)state;
	json_t *t = seed("M21_rfm_segments");
	json_t *cells = json_object_get(t, "cells");
	assert_int_equal(json_array_size(cells), 25);
	for (size_t i = 0; i < 25; i++) {
		json_t *c = json_array_get(cells, i);
		int r = (int)json_integer_value(json_array_get(c, 0));
		int fm = (int)json_integer_value(json_array_get(c, 1));
		const char *name = json_string_value(json_array_get(c, 2));
		assert_int_equal(rfm_segment_of(r, fm), segment_by_name(name));
	}
	json_decref(t);
	assert_string_equal(rfm_segment_name(RFM_CHAMPIONS, GX_LANG_ZH), "重要价值");
	assert_string_equal(rfm_segment_name(RFM_CANT_LOSE, GX_LANG_ZH), "不能失去");
	assert_string_equal(rfm_segment_name(RFM_LOST, GX_LANG_ZH), "已流失");
	assert_string_equal(rfm_segment_key(RFM_ABOUT_TO_SLEEP), "about_to_sleep");
	/* FM rounding: ⌊(F+M)/2 + 0.5⌋ */
	assert_int_equal(rfm_fm(1, 2), 2);
	assert_int_equal(rfm_fm(4, 5), 5);
	assert_int_equal(rfm_fm(3, 3), 3);
	assert_int_equal(rfm_fm(1, 1), 1);
}

static void test_ties_and_bounds(void **state)
{
	(void)state;
	/* All equal: nobody is strictly worse, everyone scores 1. */
	double same[4] = { 7, 7, 7, 7 };
	int s[4];
	struct gx_error err = { 0 };
	assert_int_equal(rfm_quintile_scores(same, sizeof(double), 4, 1, s, &err), GX_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(s[i], 1);
	/* A computed mean that differs in the last bit ties with the exact one. */
	double near[3] = { 0.1 + 0.2, 0.3, 0.1 };
	assert_int_equal(rfm_quintile_scores(near, sizeof(double), 3, 1, s, &err), GX_OK);
	assert_int_equal(s[0], s[1]);
	assert_int_equal(s[0], 1 + 5 * 1 / 3);
	assert_int_equal(s[2], 1);
	/* Distinct values 1..n: scores follow 1 + ⌊5k/n⌋ exactly, max 5. */
	double v[7];
	for (int i = 0; i < 7; i++)
		v[i] = 7 - i;
	int sc[7];
	assert_int_equal(rfm_quintile_scores(v, sizeof(double), 7, 1, sc, &err), GX_OK);
	for (int i = 0; i < 7; i++)
		assert_int_equal(sc[i], 1 + 5 * (6 - i) / 7);
	double bad[2] = { 1, NAN };
	assert_int_equal(rfm_quintile_scores(bad, sizeof(double), 2, 1, sc, &err), GX_EINVAL);
	assert_int_equal(rfm_score(NULL, 0, NULL, &err), GX_OK);
}

static void test_large_base_is_fast_and_balanced(void **state)
{
	(void)state;
	/* 300k customers with distinct frequencies: quintiles hold 20% each. */
	size_t n = 300000;
	struct rfm_input *in = malloc(n * sizeof *in);
	struct rfm_result *out = malloc(n * sizeof *out);
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		in[i].recency_days = (double)(x % 365);
		in[i].frequency = (double)i;
		in[i].monetary = (double)(x % 100000) / 100.0;
	}
	struct gx_error err = { 0 };
	assert_int_equal(rfm_score(in, n, out, &err), GX_OK);
	size_t count[6] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[out[i].f]++;
	for (int q = 1; q <= 5; q++)
		assert_int_equal(count[q], n / 5);
	free(in);
	free(out);
}

static void test_inputs_from_summary(void **state)
{
	(void)state;
	struct txs_customer c[2] = { { .customer_id = 1, .purchase_days = 3, .recency_days = 12,
		                       .orders = 4, .total_fen = 10000, .mean_order_yuan = 25.0 },
		                     { .customer_id = 2, .purchase_days = 1, .recency_days = 300,
		                       .orders = 1, .total_fen = 999, .mean_order_yuan = 9.99 } };
	struct rfm_input in[2];
	rfm_inputs_from_summary(c, 2, RFM_MONETARY_MEAN, in);
	assert_true(in[0].recency_days == 12 && in[0].frequency == 3 && in[0].monetary == 25.0);
	rfm_inputs_from_summary(c, 2, RFM_MONETARY_TOTAL, in);
	assert_true(in[0].monetary == 100.0 && in[1].monetary == 9.99);
	struct rfm_result out[2];
	struct gx_error err = { 0 };
	assert_int_equal(rfm_score(in, 2, out, &err), GX_OK);
	/* n = 2: the better customer has k = 1 → 1 + ⌊5/2⌋ = 3 on every dimension */
	assert_true(out[0].r == 3 && out[0].f == 3 && out[0].m == 3 && out[0].fm == 3);
	assert_int_equal(out[0].segment, RFM_NEED_ATTENTION);
	assert_true(out[1].r == 1 && out[1].fm == 1 && out[1].segment == RFM_LOST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_example),
		cmocka_unit_test(test_seed_segment_table),
		cmocka_unit_test(test_ties_and_bounds),
		cmocka_unit_test(test_inputs_from_summary),
		cmocka_unit_test(test_large_base_is_fast_and_balanced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
