/* Unit tests for SERVQUAL (MODELS.md M6): the "M6_servqual" vector of
 * tests/data/seed_vectors.json, the reversal examples of MODELS.md, dimension weights,
 * several respondents, the seeded item order and the errors on bad answers. */
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

#include "guanxi/analytics/servqual.h"

#include "support/assert_near.h"

static json_t *vectors;
static double vec_e[GX_SERVQUAL_ITEMS], vec_p[GX_SERVQUAL_ITEMS];

static int load_vectors(void **state)
{
	(void)state;
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/seed_vectors.json", dir ? dir : "tests/data");
	json_error_t jerr;
	vectors = json_load_file(path, 0, &jerr);
	if (!vectors) {
		fprintf(stderr, "%s: %s\n", path, jerr.text);
		return -1;
	}
	json_t *v = json_object_get(vectors, "M6_servqual");
	json_t *e = json_object_get(v, "E_raw"), *p = json_object_get(v, "P_raw");
	if (json_array_size(e) != GX_SERVQUAL_ITEMS || json_array_size(p) != GX_SERVQUAL_ITEMS)
		return -1;
	for (size_t i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		vec_e[i] = json_number_value(json_array_get(e, i));
		vec_p[i] = json_number_value(json_array_get(p, i));
	}
	return 0;
}

static int free_vectors(void **state)
{
	(void)state;
	json_decref(vectors);
	return 0;
}

static void test_reverse_and_dimensions(void **state)
{
	(void)state;
	/* MODELS.md: reverse(7)=1, reverse(1)=7, reverse(4)=4. */
	assert_near(gx_servqual_reverse(7, NULL), 1, 0);
	assert_near(gx_servqual_reverse(1, NULL), 7, 0);
	assert_near(gx_servqual_reverse(4, NULL), 4, 0);
	struct gx_servqual_params p;
	gx_servqual_params_default(&p);
	json_t *rev = json_object_get(json_object_get(vectors, "M6_servqual"), "reverse_items");
	bool expect[GX_SERVQUAL_ITEMS] = { false };
	size_t i;
	json_t *it;
	json_array_foreach(rev, i, it)
		expect[json_integer_value(it) - 1] = true;
	for (int k = 0; k < GX_SERVQUAL_ITEMS; k++)
		assert_int_equal(p.reverse[k], expect[k]);
	/* tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22. */
	static const int first[] = { 1, 5, 10, 14, 18, 23 };
	struct gx_error err;
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++)
		for (int item = first[d]; item < first[d + 1]; item++) {
			enum gx_servqual_dim dim;
			assert_int_equal(gx_servqual_item_dim(item, NULL, &dim, &err), GX_OK);
			assert_int_equal(dim, d);
		}
	enum gx_servqual_dim dim;
	assert_int_equal(gx_servqual_item_dim(0, NULL, &dim, &err), GX_EINVAL);
	assert_int_equal(gx_servqual_item_dim(23, NULL, &dim, &err), GX_EINVAL);
	assert_string_equal(gx_servqual_dim_label(GX_SERVQUAL_EMPATHY).zh, "移情性");
	assert_string_equal(gx_servqual_dim_label(GX_SERVQUAL_TANGIBLES).en, "tangibles");
	assert_string_equal(gx_servqual_anchor_label(false).zh, "完全不同意");
	assert_string_equal(gx_servqual_anchor_label(true).zh, "完全同意");
}

static void test_vector(void **state)
{
	(void)state;
	json_t *v = json_object_get(vectors, "M6_servqual");
	struct gx_servqual_result r;
	struct gx_error err;
	assert_int_equal(gx_servqual_score(vec_e, vec_p, 1, NULL, NULL, &r, &err), GX_OK);
	json_t *gaps = json_object_get(v, "item_gaps");
	for (size_t i = 0; i < GX_SERVQUAL_ITEMS; i++)
		assert_near(r.item_gap[i], json_number_value(json_array_get(gaps, i)), 1e-6);
	json_t *dg = json_object_get(v, "dimension_gaps");
	static const char *names[] = { "tangibles", "reliability", "responsiveness", "assurance", "empathy" };
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++)
		assert_near(r.dim_gap[d], json_number_value(json_object_get(dg, names[d])), 1e-6);
	assert_near(r.overall, json_number_value(json_object_get(v, "overall")), 1e-6);
	assert_false(r.has_weighted);
	/* After reversal, item 10 has E = 8 − 2 = 6 and P = 8 − 3 = 5. */
	assert_near(r.mean_e[9], 6, 0);
	assert_near(r.mean_p[9], 5, 0);
	/* Dimension weights (points out of 100): (−1·20 − 0.6·30 − 1·15 − 1·20 − 1·15)/100. */
	const double w[] = { 20, 30, 15, 20, 15 };
	assert_int_equal(gx_servqual_score(vec_e, vec_p, 1, w, NULL, &r, &err), GX_OK);
	assert_true(r.has_weighted);
	assert_near(r.weighted_overall, -0.88, 1e-12);
	/* Equal weights give the unweighted overall. */
	const double eq[] = { 1, 1, 1, 1, 1 };
	assert_int_equal(gx_servqual_score(vec_e, vec_p, 1, eq, NULL, &r, &err), GX_OK);
	assert_near(r.weighted_overall, r.overall, 1e-12);
}

/* Two respondents: the item gap is the mean of the respondents' gaps. The second respondent
 * answers E = 7, P = 7 everywhere (gap 0), so every item gap is half the vector's. */
static void test_two_respondents(void **state)
{
	(void)state;
	double e[2 * GX_SERVQUAL_ITEMS], p[2 * GX_SERVQUAL_ITEMS];
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		e[i] = vec_e[i];
		p[i] = vec_p[i];
		e[GX_SERVQUAL_ITEMS + i] = 7;
		p[GX_SERVQUAL_ITEMS + i] = 7;
	}
	struct gx_servqual_result r;
	struct gx_error err;
	assert_int_equal(gx_servqual_score(e, p, 2, NULL, NULL, &r, &err), GX_OK);
	assert_int_equal(r.n_respondents, 2);
	assert_near(r.item_gap[0], -0.5, 1e-12);
	assert_near(r.item_gap[4], 0.5, 1e-12);
	assert_near(r.dim_gap[GX_SERVQUAL_RELIABILITY], -0.3, 1e-12);
	assert_near(r.overall, -0.46, 1e-12);
}

static void test_errors(void **state)
{
	(void)state;
	struct gx_servqual_result r;
	struct gx_error err;
	double e[GX_SERVQUAL_ITEMS], p[GX_SERVQUAL_ITEMS];
	memcpy(e, vec_e, sizeof e);
	memcpy(p, vec_p, sizeof p);
	assert_int_equal(gx_servqual_score(e, p, 0, NULL, NULL, &r, &err), GX_EINVAL);
	assert_int_equal(gx_servqual_score(NULL, p, 1, NULL, NULL, &r, &err), GX_EINVAL);
	e[3] = NAN;
	assert_int_equal(gx_servqual_score(e, p, 1, NULL, NULL, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "expectation");
	e[3] = 6;
	p[11] = 8;
	assert_int_equal(gx_servqual_score(e, p, 1, NULL, NULL, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "item 12"));
	p[11] = 3;
	const double zero[] = { 0, 0, 0, 0, 0 }, neg[] = { 50, 50, 0, 0, -1 };
	assert_int_equal(gx_servqual_score(e, p, 1, zero, NULL, &r, &err), GX_ENUMERIC);
	assert_int_equal(gx_servqual_score(e, p, 1, neg, NULL, &r, &err), GX_EINVAL);
	struct gx_servqual_params par;
	gx_servqual_params_default(&par);
	par.dim_first_item[2] = 4;   /* before dimension 2's start */
	assert_int_equal(gx_servqual_score(e, p, 1, NULL, &par, &r, &err), GX_EINVAL);
}

static void test_item_order(void **state)
{
	(void)state;
	int a[GX_SERVQUAL_ITEMS], b[GX_SERVQUAL_ITEMS], c[GX_SERVQUAL_ITEMS], d[GX_SERVQUAL_ITEMS];
	gx_servqual_item_order(42, 1, a);
	gx_servqual_item_order(42, 1, b);
	gx_servqual_item_order(42, 2, c);
	gx_servqual_item_order(43, 1, d);
	assert_memory_equal(a, b, sizeof a);
	assert_memory_not_equal(a, c, sizeof a);
	assert_memory_not_equal(a, d, sizeof a);
	int seen[GX_SERVQUAL_ITEMS + 1] = { 0 }, identity = 1;
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		assert_true(a[i] >= 1 && a[i] <= GX_SERVQUAL_ITEMS);
		seen[a[i]]++;
		identity &= a[i] == i + 1;
	}
	for (int i = 1; i <= GX_SERVQUAL_ITEMS; i++)
		assert_int_equal(seen[i], 1);
	assert_false(identity);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reverse_and_dimensions),
		cmocka_unit_test(test_vector),
		cmocka_unit_test(test_two_respondents),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_item_order),
	};
	return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
