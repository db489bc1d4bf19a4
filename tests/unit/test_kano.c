/* Unit tests for the Kano model (MODELS.md M5): the evaluation table and the per-feature
 * vector of tests/data/seed_vectors.json ("M5_kano_table", "M5_kano_feature"), tie-breaking,
 * wave-to-wave drift and the errors on bad answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/kano.h"

#include "support/assert_near.h"

static json_t *vectors;

static int load_vectors(void **state)
{
	(void)state;
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/seed_vectors.json", dir ? dir : "tests/data");
	json_error_t jerr;
	vectors = json_load_file(path, 0, &jerr);
	if (!vectors)
		fprintf(stderr, "%s: %s\n", path, jerr.text);
	return vectors ? 0 : -1;
}

static int free_vectors(void **state)
{
	(void)state;
	json_decref(vectors);
	return 0;
}

static void test_table_vector(void **state)
{
	(void)state;
	json_t *rows = json_object_get(json_object_get(vectors, "M5_kano_table"), "rows");
	assert_int_equal(json_array_size(rows), 5);
	for (int f = 1; f <= 5; f++) {
		const char *row = json_string_value(json_array_get(rows, (size_t)f - 1));
		assert_int_equal(strlen(row), 5);
		for (int d = 1; d <= 5; d++) {
			enum gx_kano_cat c;
			struct gx_error err;
			assert_int_equal(gx_kano_classify(f, d, &c, &err), GX_OK);
			assert_int_equal(gx_kano_cat_letter(c), row[d - 1]);
		}
	}
}

static void test_feature_vector(void **state)
{
	(void)state;
	json_t *v = json_object_get(vectors, "M5_kano_feature");
	json_t *pairs = json_object_get(v, "answers_functional_dysfunctional");
	size_t n = json_array_size(pairs);
	assert_int_equal(n, 10);
	int fa[10], da[10];
	for (size_t i = 0; i < n; i++) {
		fa[i] = (int)json_integer_value(json_array_get(json_array_get(pairs, i), 0));
		da[i] = (int)json_integer_value(json_array_get(json_array_get(pairs, i), 1));
	}
	struct gx_kano_feature out;
	struct gx_error err;
	assert_int_equal(gx_kano_feature(fa, da, n, NULL, &out, &err), GX_OK);
	json_t *counts = json_object_get(v, "counts");
	for (int c = 0; c < GX_KANO_NCAT; c++) {
		char key[2] = { gx_kano_cat_letter((enum gx_kano_cat)c), 0 };
		assert_int_equal(out.counts[c], json_integer_value(json_object_get(counts, key)));
	}
	assert_int_equal(out.n, 10);
	char cat[2] = { gx_kano_cat_letter(out.category), 0 };
	assert_string_equal(cat, json_string_value(json_object_get(v, "category")));
	assert_near(out.better, json_number_value(json_object_get(v, "better")), 1e-6);
	assert_near(out.worse, json_number_value(json_object_get(v, "worse")), 1e-6);
	assert_string_equal(gx_kano_cat_label(out.category).zh, "必备质量");
	assert_string_equal(gx_kano_cat_label(out.category).en, "must-be");
}

static void test_ties_and_zero_denominator(void **state)
{
	(void)state;
	struct gx_kano_feature out;
	struct gx_error err;
	/* One A (1,2) and one M (2,5): tie broken M > O > A. */
	int f1[] = { 1, 2 }, d1[] = { 2, 5 };
	assert_int_equal(gx_kano_feature(f1, d1, 2, NULL, &out, &err), GX_OK);
	assert_int_equal(out.category, GX_KANO_M);
	/* One A and one I: A wins; with a custom order putting I first, I wins. */
	int f2[] = { 1, 3 }, d2[] = { 3, 3 };
	assert_int_equal(gx_kano_feature(f2, d2, 2, NULL, &out, &err), GX_OK);
	assert_int_equal(out.category, GX_KANO_A);
	struct gx_kano_params p;
	gx_kano_params_default(&p);
	assert_int_equal(p.tie_order[0], GX_KANO_M);
	assert_int_equal(p.tie_order[5], GX_KANO_Q);
	p.tie_order[0] = GX_KANO_I;
	p.tie_order[3] = GX_KANO_M;
	assert_int_equal(gx_kano_feature(f2, d2, 2, &p, &out, &err), GX_OK);
	assert_int_equal(out.category, GX_KANO_I);
	/* Only R and Q answers: Better and Worse are 0, not a division by zero. */
	int f3[] = { 1, 5, 5 }, d3[] = { 1, 1, 5 };
	assert_int_equal(gx_kano_feature(f3, d3, 3, NULL, &out, &err), GX_OK);
	assert_int_equal(out.counts[GX_KANO_Q], 2);
	assert_int_equal(out.counts[GX_KANO_R], 1);
	assert_int_equal(out.category, GX_KANO_Q);
	assert_near(out.better, 0.0, 0);
	assert_near(out.worse, 0.0, 0);
}

static void test_drift(void **state)
{
	(void)state;
	struct gx_kano_drift d;
	struct gx_error err;
	/* seed001's remote control: attractive (1983), one-dimensional (1989), must-be (1998). */
	enum gx_kano_cat remote[] = { GX_KANO_A, GX_KANO_A, GX_KANO_O, GX_KANO_M };
	assert_int_equal(gx_kano_drift(remote, 4, &d, &err), GX_OK);
	assert_int_equal(d.n_waves, 4);
	assert_int_equal(d.n_changes, 2);
	assert_int_equal(d.first, GX_KANO_A);
	assert_int_equal(d.last, GX_KANO_M);
	assert_true(d.maturing);
	enum gx_kano_cat back[] = { GX_KANO_O, GX_KANO_A };
	assert_int_equal(gx_kano_drift(back, 2, &d, &err), GX_OK);
	assert_int_equal(d.n_changes, 1);
	assert_false(d.maturing);
	enum gx_kano_cat same[] = { GX_KANO_M, GX_KANO_M };
	assert_int_equal(gx_kano_drift(same, 2, &d, &err), GX_OK);
	assert_int_equal(d.n_changes, 0);
	assert_false(d.maturing);
	enum gx_kano_cat rev[] = { GX_KANO_I, GX_KANO_R };
	assert_int_equal(gx_kano_drift(rev, 2, &d, &err), GX_OK);
	assert_false(d.maturing);
	assert_int_equal(gx_kano_drift(remote, 0, &d, &err), GX_EINVAL);
	enum gx_kano_cat bad[] = { GX_KANO_A, (enum gx_kano_cat)17 };
	assert_int_equal(gx_kano_drift(bad, 2, &d, &err), GX_EINVAL);
}

static void test_errors_and_labels(void **state)
{
	(void)state;
	enum gx_kano_cat c;
	struct gx_error err;
	assert_int_equal(gx_kano_classify(0, 3, &c, &err), GX_EINVAL);
	assert_int_equal(gx_kano_classify(3, 6, &c, &err), GX_EINVAL);
	assert_string_equal(err.field, "dysfunctional");
	struct gx_kano_feature out;
	int f[] = { 1, 9 }, d[] = { 5, 5 };
	assert_int_equal(gx_kano_feature(f, d, 0, NULL, &out, &err), GX_EINVAL);
	assert_int_equal(gx_kano_feature(f, d, 2, NULL, &out, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "answer pair 1"));
	assert_int_equal(gx_kano_feature(NULL, d, 2, NULL, &out, &err), GX_EINVAL);
	assert_string_equal(gx_kano_answer_label(GX_KANO_LIKE).zh, "我希望这样");
	assert_string_equal(gx_kano_answer_label(GX_KANO_DISLIKE).zh, "我不希望这样");
	assert_string_equal(gx_kano_answer_label(GX_KANO_TOLERATE).en, "I can tolerate it");
	assert_string_equal(gx_kano_cat_label(GX_KANO_A).zh, "魅力质量");
	assert_null(gx_kano_cat_label(GX_KANO_NCAT).zh);
	assert_int_equal(gx_kano_cat_letter(GX_KANO_NCAT), '?');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_vector),
		cmocka_unit_test(test_feature_vector),
		cmocka_unit_test(test_ties_and_zero_denominator),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_errors_and_labels),
	};
	return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
