/* Unit tests for the satisfaction models M1–M4 (MODELS.md §1): the vectors "M1_gap",
 * "M2_level_floor_5", "M3_weighted_index" and "M4_ipa_quadrant" are read from
 * tests/data/seed_vectors.json (a copy of shared/testdata/seed_vectors.json); hand-computed
 * cases cover the 7-level scale, the survey form of the index, the 1e-9 boundary tolerance
 * and the errors on degenerate input. */
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

#include "guanxi/analytics/satisfaction.h"

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

static json_t *vec(const char *key)
{
	json_t *v = json_object_get(vectors, key);
	assert_non_null(v);
	return v;
}

/* Reads a JSON array of numbers into a new array. */
static double *numbers(json_t *arr, size_t *n)
{
	assert_true(json_is_array(arr));
	*n = json_array_size(arr);
	double *out = calloc(*n ? *n : 1, sizeof(double));
	for (size_t i = 0; i < *n; i++)
		out[i] = json_number_value(json_array_get(arr, i));
	return out;
}

/* ---- M1 ---- */

static void test_gap_vectors(void **state)
{
	(void)state;
	json_t *cases = json_object_get(vec("M1_gap"), "cases");
	assert_int_equal(json_array_size(cases), 3);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c) {
		struct gx_sat_gap g;
		struct gx_error err;
		assert_int_equal(gx_sat_gap(json_number_value(json_object_get(c, "CP")),
		                            json_number_value(json_object_get(c, "CE")), NULL, &g, &err), GX_OK);
		assert_near(g.cs, json_number_value(json_object_get(c, "CS")), 1e-12);
		assert_string_equal(gx_sat_gap_label(g.cls).zh, json_string_value(json_object_get(c, "class")));
	}
}

static void test_gap_edges(void **state)
{
	(void)state;
	struct gx_sat_gap g;
	struct gx_error err;
	/* 0.3 − 0.1 − 0.2 is −2.8e-17 in doubles: within the tolerance, so satisfied. */
	assert_int_equal(gx_sat_gap(0.3 - 0.1, 0.2, NULL, &g, &err), GX_OK);
	assert_int_equal(g.cls, GX_SAT_GAP_SATISFIED);
	assert_int_equal(gx_sat_gap(7.0, 7.000001, NULL, &g, &err), GX_OK);
	assert_int_equal(g.cls, GX_SAT_GAP_DISSATISFIED);
	assert_string_equal(gx_sat_gap_label(GX_SAT_GAP_HIGHLY).en, "highly satisfied");
	assert_int_equal(gx_sat_gap(NAN, 1, NULL, &g, &err), GX_EINVAL);
	assert_string_equal(err.field, "perceived");
	assert_int_equal(gx_sat_gap(1, INFINITY, NULL, &g, &err), GX_EINVAL);
	assert_null(gx_sat_gap_label((enum gx_sat_gap_class)5).zh);
}

/* ---- M2 ---- */

static void test_level_vectors(void **state)
{
	(void)state;
	json_t *cases = json_object_get(vec("M2_level_floor_5"), "cases");
	assert_true(json_array_size(cases) >= 8);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c) {
		int level = 0;
		struct gx_error err;
		double mean = json_number_value(json_array_get(c, 0));
		assert_int_equal(gx_sat_level(mean, GX_SAT_SCALE_5, NULL, &level, &err), GX_OK);
		assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_5, level).zh,
		                    json_string_value(json_array_get(c, 1)));
	}
}

static void test_level_scales(void **state)
{
	(void)state;
	int level;
	struct gx_error err;
	/* MODELS.md: a mean of 2.9999999999999996 is level 3. */
	assert_int_equal(gx_sat_level(2.9999999999999996, GX_SAT_SCALE_5, NULL, &level, &err), GX_OK);
	assert_int_equal(level, 3);
	assert_int_equal(gx_sat_level(2.999, GX_SAT_SCALE_5, NULL, &level, &err), GX_OK);
	assert_int_equal(level, 2);
	/* 7 levels: 很不满意, 不满意, 不太满意, 一般, 较满意, 满意, 很满意. */
	static const char *zh7[] = { "很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意" };
	for (int l = 1; l <= 7; l++) {
		assert_int_equal(gx_sat_level(l + 0.5, GX_SAT_SCALE_7, NULL, &level, &err), GX_OK);
		assert_int_equal(level, l);
		assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_7, l).zh, zh7[l - 1]);
		assert_non_null(gx_sat_level_label(GX_SAT_SCALE_7, l).en);
	}
	assert_int_equal(gx_sat_level(7.9, GX_SAT_SCALE_7, NULL, &level, &err), GX_OK);
	assert_int_equal(level, 7);
	assert_int_equal(gx_sat_level(-3, GX_SAT_SCALE_7, NULL, &level, &err), GX_OK);
	assert_int_equal(level, 1);
	assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_5, 1).en, "very dissatisfied");
	assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_5, 5).en, "very satisfied");
	assert_string_equal(gx_sat_label_text(gx_sat_level_label(GX_SAT_SCALE_5, 3), GX_LANG_ZH), "一般");
	assert_string_equal(gx_sat_label_text(gx_sat_level_label(GX_SAT_SCALE_5, 3), GX_LANG_EN), "neutral");
	assert_null(gx_sat_level_label(GX_SAT_SCALE_5, 6).zh);
	assert_null(gx_sat_level_label(GX_SAT_SCALE_7, 0).en);
	/* Behavioural indicators of the 5 levels (seed001). */
	assert_non_null(strstr(gx_sat_level_indicators(1).zh, "投诉"));
	assert_non_null(strstr(gx_sat_level_indicators(1).en, "complaint"));
	assert_non_null(strstr(gx_sat_level_indicators(5).zh, "忠诚客户"));
	assert_null(gx_sat_level_indicators(0).zh);
	/* Bad input. */
	assert_int_equal(gx_sat_level(NAN, GX_SAT_SCALE_5, NULL, &level, &err), GX_EINVAL);
	assert_int_equal(gx_sat_level(3, (enum gx_sat_scale)6, NULL, &level, &err), GX_EINVAL);
}

/* ---- M3 ---- */

static void test_weighted_index_vector(void **state)
{
	(void)state;
	json_t *v = vec("M3_weighted_index");
	size_t nw, ns;
	double *w = numbers(json_object_get(v, "weights"), &nw);
	double *s = numbers(json_object_get(v, "scores"), &ns);
	assert_int_equal(nw, 6);
	assert_int_equal(ns, 6);
	struct gx_error err;
	double idx, mean;
	int level;
	assert_int_equal(gx_sat_weighted_index(w, s, nw, &idx, &err), GX_OK);
	assert_near(idx, json_number_value(json_object_get(v, "weighted")), 1e-6);
	assert_int_equal(gx_sat_level(idx, GX_SAT_SCALE_5, NULL, &level, &err), GX_OK);
	assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_5, level).zh,
	                    json_string_value(json_object_get(v, "weighted_level")));
	assert_int_equal(gx_sat_simple_mean(s, ns, &mean, &err), GX_OK);
	assert_near(mean, json_number_value(json_object_get(v, "simple_mean")), 1e-6);
	assert_int_equal(gx_sat_level(mean, GX_SAT_SCALE_5, NULL, &level, &err), GX_OK);
	assert_string_equal(gx_sat_level_label(GX_SAT_SCALE_5, level).zh,
	                    json_string_value(json_object_get(v, "simple_level")));
	/* Weights need not sum to 1: ×100 gives the same index. */
	for (size_t i = 0; i < nw; i++)
		w[i] *= 100;
	assert_int_equal(gx_sat_weighted_index(w, s, nw, &idx, &err), GX_OK);
	assert_near(idx, json_number_value(json_object_get(v, "weights_x100_weighted")), 1e-6);
	/* 0–100 (scale 1..5): 4.2 → 80. */
	double i100;
	assert_int_equal(gx_sat_to_100(4.2, NULL, &i100, &err), GX_OK);
	assert_near(i100, 80.0, 1e-9);
	free(w);
	free(s);
}

static void test_weighted_index_errors(void **state)
{
	(void)state;
	struct gx_error err;
	double idx;
	const double w[] = { 1, 2 }, s[] = { 3, 4 }, zero[] = { 0, 0 }, neg[] = { 1, -1 };
	const double nan_s[] = { 3, NAN };
	assert_int_equal(gx_sat_weighted_index(w, s, 0, &idx, &err), GX_EINVAL);
	assert_int_equal(gx_sat_weighted_index(NULL, s, 2, &idx, &err), GX_EINVAL);
	assert_int_equal(gx_sat_weighted_index(w, nan_s, 2, &idx, &err), GX_EINVAL);
	assert_string_equal(err.field, "scores");
	assert_non_null(strstr(err.message, "element 1"));
	assert_int_equal(gx_sat_weighted_index(zero, s, 2, &idx, &err), GX_ENUMERIC);
	assert_int_equal(gx_sat_weighted_index(neg, s, 2, &idx, &err), GX_EINVAL);
	assert_int_equal(gx_sat_simple_mean(s, 0, &idx, &err), GX_EINVAL);
	struct gx_sat_params p;
	gx_sat_params_default(&p);
	p.scale_max = p.scale_min;
	assert_int_equal(gx_sat_to_100(3, &p, &idx, &err), GX_EINVAL);
	assert_int_equal(gx_sat_to_100(NAN, NULL, &idx, &err), GX_EINVAL);
}

/* Hand-computed: respondent 1 (25+12+6)/10 = 4.3, respondent 2 (2+4+8)/4 = 3.5; index 3.9,
 * 72.5 on 0–100; attribute means importance 3, 2, 2 and satisfaction 3.5, 4, 3.5. */
static void test_survey_index(void **state)
{
	(void)state;
	const double sat[] = { 5, 4, 3, 2, 4, 4 };
	const double imp[] = { 5, 3, 2, 1, 1, 2 };
	struct gx_sat_survey_index out;
	double mi[3], ms[3];
	struct gx_error err;
	assert_int_equal(gx_sat_survey_index(sat, imp, 2, 3, NULL, &out, mi, ms, &err), GX_OK);
	assert_near(out.index, 3.9, 1e-12);
	assert_near(out.index_100, 72.5, 1e-9);
	assert_int_equal(out.n_respondents, 2);
	assert_near(mi[0], 3, 1e-12);
	assert_near(mi[1], 2, 1e-12);
	assert_near(mi[2], 2, 1e-12);
	assert_near(ms[0], 3.5, 1e-12);
	assert_near(ms[1], 4, 1e-12);
	assert_near(ms[2], 3.5, 1e-12);
	assert_int_equal(gx_sat_survey_index(sat, imp, 2, 3, NULL, &out, NULL, NULL, &err), GX_OK);
	/* A respondent with no importance at all; NaN; empty survey. */
	const double imp0[] = { 5, 3, 2, 0, 0, 0 };
	assert_int_equal(gx_sat_survey_index(sat, imp0, 2, 3, NULL, &out, mi, ms, &err), GX_ENUMERIC);
	assert_non_null(strstr(err.message, "respondent 1"));
	const double satn[] = { 5, 4, 3, 2, NAN, 4 };
	assert_int_equal(gx_sat_survey_index(satn, imp, 2, 3, NULL, &out, mi, ms, &err), GX_EINVAL);
	assert_int_equal(gx_sat_survey_index(sat, imp, 0, 3, NULL, &out, mi, ms, &err), GX_EINVAL);
}

/* ---- M4 ---- */

static void test_ipa_vector(void **state)
{
	(void)state;
	json_t *v = vec("M4_ipa_quadrant");
	json_t *attrs = json_object_get(v, "attributes");
	size_t n = json_array_size(attrs);
	assert_int_equal(n, 5);
	double imp[5], sat[5];
	enum gx_sat_ipa_quadrant q[5];
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(attrs, i);
		imp[i] = json_number_value(json_object_get(a, "importance"));
		sat[i] = json_number_value(json_object_get(a, "satisfaction"));
	}
	struct gx_sat_ipa_split_lines lines;
	struct gx_error err;
	assert_int_equal(gx_sat_ipa(imp, sat, n, NULL, q, &lines, &err), GX_OK);
	assert_near(lines.importance, json_number_value(json_object_get(v, "mean_importance")), 1e-9);
	assert_near(lines.satisfaction, json_number_value(json_object_get(v, "mean_satisfaction")), 1e-9);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(gx_sat_ipa_type_label(q[i]).zh,
		                    json_string_value(json_object_get(json_array_get(attrs, i), "quadrant")));
	assert_string_equal(gx_sat_ipa_zone_label(GX_SAT_IPA_URGENT).zh, "重点改进区");
	assert_string_equal(gx_sat_ipa_zone_label(GX_SAT_IPA_LOW_PRIORITY).zh, "机会区");
	assert_string_equal(gx_sat_ipa_zone_label(GX_SAT_IPA_NICE_TO_HAVE).zh, "维持区");
	assert_string_equal(gx_sat_ipa_zone_label(GX_SAT_IPA_STRENGTH).zh, "重点保持区");
	assert_string_equal(gx_sat_ipa_type_label(GX_SAT_IPA_STRENGTH).en, "strength");

	/* Midpoint split (3 on 1..5): 价格合理 (4.6, 3.1) becomes a strength, and 投诉方便
	 * (3.5, 3.0) sits on the satisfaction line, which counts as high. */
	struct gx_sat_params p;
	gx_sat_params_default(&p);
	p.ipa_split = GX_SAT_IPA_SPLIT_MIDPOINT;
	assert_int_equal(gx_sat_ipa(imp, sat, n, &p, q, &lines, &err), GX_OK);
	assert_near(lines.importance, 3.0, 0);
	assert_int_equal(q[0], GX_SAT_IPA_STRENGTH);
	assert_int_equal(q[1], GX_SAT_IPA_STRENGTH);     /* 进出方便 (3.2, 4.4) */
	assert_int_equal(q[3], GX_SAT_IPA_LOW_PRIORITY); /* 卫生间清洁 (2.9, 2.6) */
	assert_int_equal(q[4], GX_SAT_IPA_STRENGTH);
}

static void test_ipa_tolerance_and_errors(void **state)
{
	(void)state;
	/* The mean of 0.1, 0.2, 0.3 is 0.20000000000000004 in doubles: 0.2 is on the line. */
	const double imp[] = { 0.1, 0.2, 0.3 }, sat[] = { 1, 2, 3 };
	enum gx_sat_ipa_quadrant q[3];
	struct gx_error err;
	assert_int_equal(gx_sat_ipa(imp, sat, 3, NULL, q, NULL, &err), GX_OK);
	assert_int_equal(q[0], GX_SAT_IPA_LOW_PRIORITY);
	assert_int_equal(q[1], GX_SAT_IPA_STRENGTH);
	assert_int_equal(q[2], GX_SAT_IPA_STRENGTH);
	struct gx_sat_params p;
	gx_sat_params_default(&p);
	p.tolerance = 0;   /* without the tolerance it would fall below */
	assert_int_equal(gx_sat_ipa(imp, sat, 3, &p, q, NULL, &err), GX_OK);
	assert_int_equal(q[1], GX_SAT_IPA_NICE_TO_HAVE);
	assert_int_equal(gx_sat_ipa(imp, sat, 0, NULL, q, NULL, &err), GX_EINVAL);
	const double bad[] = { 1, NAN, 3 };
	assert_int_equal(gx_sat_ipa(imp, bad, 3, NULL, q, NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "satisfaction");
	gx_sat_params_default(&p);
	p.ipa_split = (enum gx_sat_ipa_split)7;
	assert_int_equal(gx_sat_ipa(imp, sat, 3, &p, q, NULL, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gap_vectors),
		cmocka_unit_test(test_gap_edges),
		cmocka_unit_test(test_level_vectors),
		cmocka_unit_test(test_level_scales),
		cmocka_unit_test(test_weighted_index_vector),
		cmocka_unit_test(test_weighted_index_errors),
		cmocka_unit_test(test_survey_index),
		cmocka_unit_test(test_ipa_vector),
		cmocka_unit_test(test_ipa_tolerance_and_errors),
	};
	return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
