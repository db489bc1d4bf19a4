/* Unit tests for PDCA improvement plans (MODELS.md M8): the stage cycle and the before/after
 * comparison of an attribute's scores. The Welch figures are computed by hand (and the
 * p-values by the regularised incomplete beta function I_{df/(df+t²)}(df/2, 1/2) in mpmath):
 * before {3,4,3,4}, after {4,5,4,5}: t = √6, df = 6, p = 0.0498252627805768;
 * before {3,4,3,4,3}, after {3,4,4,4,5}: t = 1.5, df = 7.5294117647, p = 0.174326057016317. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/pdca.h"

#include "support/assert_near.h"

static void test_stages(void **state)
{
	(void)state;
	struct gx_error err;
	assert_true(gx_pdca_can_move(GX_PDCA_PLAN, GX_PDCA_DO));
	assert_true(gx_pdca_can_move(GX_PDCA_DO, GX_PDCA_CHECK));
	assert_true(gx_pdca_can_move(GX_PDCA_CHECK, GX_PDCA_ACT));
	assert_true(gx_pdca_can_move(GX_PDCA_ACT, GX_PDCA_PLAN));
	assert_false(gx_pdca_can_move(GX_PDCA_PLAN, GX_PDCA_CHECK));
	assert_false(gx_pdca_can_move(GX_PDCA_DO, GX_PDCA_PLAN));
	assert_false(gx_pdca_can_move(GX_PDCA_DO, GX_PDCA_DO));
	assert_int_equal(gx_pdca_move(GX_PDCA_CHECK, GX_PDCA_ACT, &err), GX_OK);
	assert_int_equal(gx_pdca_move(GX_PDCA_PLAN, GX_PDCA_ACT, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "only move to do"));
	assert_int_equal(gx_pdca_move((enum gx_pdca_stage)9, GX_PDCA_ACT, &err), GX_EINVAL);
	assert_string_equal(gx_pdca_stage_label(GX_PDCA_PLAN).zh, "计划");
	assert_string_equal(gx_pdca_stage_label(GX_PDCA_DO).zh, "实施");
	assert_string_equal(gx_pdca_stage_label(GX_PDCA_CHECK).zh, "检查");
	assert_string_equal(gx_pdca_stage_label(GX_PDCA_ACT).zh, "处理");
	assert_string_equal(gx_pdca_stage_label(GX_PDCA_ACT).en, "act");
	assert_null(gx_pdca_stage_label(GX_PDCA_NSTAGE).zh);
}

static void test_compare(void **state)
{
	(void)state;
	struct gx_pdca_comparison c;
	struct gx_error err;
	const double b1[] = { 3, 4, 3, 4 }, a1[] = { 4, 5, 4, 5 };
	assert_int_equal(gx_pdca_compare(b1, 4, a1, 4, NULL, &c, &err), GX_OK);
	assert_near(c.mean_before, 3.5, 1e-12);
	assert_near(c.mean_after, 4.5, 1e-12);
	assert_near(c.delta, 1.0, 1e-12);
	assert_near(c.sd_before, sqrt(1.0 / 3.0), 1e-12);
	assert_near(c.t, sqrt(6.0), 1e-12);
	assert_near(c.df, 6.0, 1e-9);
	assert_near(c.p_value, 0.0498252627805768, 1e-9);
	assert_int_equal(c.verdict, GX_PDCA_IMPROVED);
	assert_string_equal(gx_pdca_verdict_label(c.verdict).zh, "已改善");
	/* The other way round it worsened. */
	assert_int_equal(gx_pdca_compare(a1, 4, b1, 4, NULL, &c, &err), GX_OK);
	assert_int_equal(c.verdict, GX_PDCA_WORSENED);
	/* A stricter alpha, or a minimum change above 1, makes it "no significant change". */
	struct gx_pdca_params p;
	gx_pdca_params_default(&p);
	assert_near(p.alpha, 0.05, 0);
	p.alpha = 0.01;
	assert_int_equal(gx_pdca_compare(b1, 4, a1, 4, &p, &c, &err), GX_OK);
	assert_int_equal(c.verdict, GX_PDCA_UNCHANGED);
	gx_pdca_params_default(&p);
	p.min_change = 1.5;
	assert_int_equal(gx_pdca_compare(b1, 4, a1, 4, &p, &c, &err), GX_OK);
	assert_int_equal(c.verdict, GX_PDCA_UNCHANGED);

	const double b2[] = { 3, 4, 3, 4, 3 }, a2[] = { 3, 4, 4, 4, 5 };
	assert_int_equal(gx_pdca_compare(b2, 5, a2, 5, NULL, &c, &err), GX_OK);
	assert_near(c.delta, 0.6, 1e-12);
	assert_near(c.t, 1.5, 1e-12);
	assert_near(c.df, 7.529411764705882, 1e-9);
	assert_near(c.p_value, 0.174326057016317, 1e-9);
	assert_int_equal(c.verdict, GX_PDCA_UNCHANGED);
}

static void test_compare_degenerate(void **state)
{
	(void)state;
	struct gx_pdca_comparison c;
	struct gx_error err;
	/* No spread in either wave: a difference is certain, no difference is no change. */
	const double four[] = { 4, 4, 4 }, five[] = { 5, 5 };
	assert_int_equal(gx_pdca_compare(four, 3, five, 2, NULL, &c, &err), GX_OK);
	assert_true(isinf(c.t) && c.t > 0);
	assert_near(c.p_value, 0.0, 0);
	assert_int_equal(c.verdict, GX_PDCA_IMPROVED);
	assert_int_equal(gx_pdca_compare(four, 3, four, 2, NULL, &c, &err), GX_OK);
	assert_near(c.p_value, 1.0, 0);
	assert_int_equal(c.verdict, GX_PDCA_UNCHANGED);
	/* Too few scores, none, NaN, bad parameters. */
	assert_int_equal(gx_pdca_compare(four, 1, five, 2, NULL, &c, &err), GX_EINVAL);
	assert_string_equal(err.field, "before");
	assert_int_equal(gx_pdca_compare(four, 3, five, 0, NULL, &c, &err), GX_EINVAL);
	const double bad[] = { 4, NAN };
	assert_int_equal(gx_pdca_compare(four, 3, bad, 2, NULL, &c, &err), GX_EINVAL);
	assert_string_equal(err.field, "after");
	struct gx_pdca_params p;
	gx_pdca_params_default(&p);
	p.alpha = 1.5;
	assert_int_equal(gx_pdca_compare(four, 3, five, 2, &p, &c, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_compare_degenerate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
