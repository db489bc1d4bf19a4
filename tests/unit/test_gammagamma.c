/* Gamma-Gamma spend model (MODELS.md M22) on the 946 CDNOW repeat buyers of Fader & Hardie
 * (2013), "The Gamma-Gamma model of monetary value"; conditional spends also as printed in
 * the documentation of the Python package lifetimes (customer 1: x = 2, z̄ = 22.35 → 24.66). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"

static struct gammagamma_obs rows[2400];
static size_t n_rows;
static struct gammagamma_fit fit;

static int setup(void **state)
{
	(void)state;
	static double v[2400 * 5];
	n_rows = btyd_test_read_csv("cdnow_customers_summary_with_transactions.csv", 5, v, 2400);
	for (size_t i = 0; i < n_rows; i++)
		rows[i] = (struct gammagamma_obs){ v[i * 5 + 1], v[i * 5 + 4], 1.0 };
	struct gx_error err = { 0 };
	return gammagamma_fit(rows, n_rows, &fit, &err) == GX_OK ? 0 : -1;
}

static void assert_rel(double actual, double expected, double rel)
{
	if (!(fabs(actual - expected) <= rel * fabs(expected)))
		fail_msg("%.8g differs from %.8g by more than %g relative", actual, expected, rel);
}

static void test_fit_reproduces_fh2013(void **state)
{
	(void)state;
	assert_int_equal(n_rows, 2357);
	assert_rel(fit.info.customers, 946, 0);     /* only repeat buyers carry spend */
	assert_rel(fit.p.p, btyd_test_seed("M22_published_fits", "gammagamma_cdnow", "p"), 5e-4);
	assert_rel(fit.p.q, btyd_test_seed("M22_published_fits", "gammagamma_cdnow", "q"), 5e-4);
	assert_rel(fit.p.gamma, btyd_test_seed("M22_published_fits", "gammagamma_cdnow", "gamma"),
	           5e-4);
	assert_true(fit.info.has_se && fit.se.p > 0 && fit.se.q > 0 && fit.se.gamma > 0);
}

static void test_conditional_spend(void **state)
{
	(void)state;
	struct gammagamma_params p = fit.p;
	/* E[Z | x, z̄] = p(γ + x z̄)/(px + q − 1), by hand for customer 1 */
	assert_rel(gammagamma_conditional_spend(&p, 2, 22.35),
	           p.p * (p.gamma + 2 * 22.35) / (p.p * 2 + p.q - 1), 1e-14);
	/* lifetimes documentation, first customers: 24.658617, 18.911490, 71.462817 */
	assert_true(fabs(gammagamma_conditional_spend(&p, rows[0].x, rows[0].m) - 24.6586) < 1e-3);
	assert_true(fabs(gammagamma_conditional_spend(&p, rows[1].x, rows[1].m) - 18.9115) < 1e-3);
	assert_true(fabs(gammagamma_conditional_spend(&p, rows[5].x, rows[5].m) - 71.4628) < 1e-3);
	double mean;
	struct gx_error err = { 0 };
	assert_int_equal(gammagamma_mean_spend(&p, &mean, &err), GX_OK);
	assert_rel(mean, p.p * p.gamma / (p.q - 1), 1e-14);
	assert_true(fabs(mean - 35.17) < 0.01);
	/* No repeat purchase: the population mean. */
	assert_rel(gammagamma_conditional_spend(&p, 0, 0), mean, 1e-14);
	/* Many purchases: the customer's own mean dominates. */
	assert_true(fabs(gammagamma_conditional_spend(&p, 1e6, 50) - 50) < 0.01);
	/* Observed mean of repeat transactions weighted by x. */
	double num = 0, den = 0;
	for (size_t i = 0; i < n_rows; i++) {
		num += rows[i].x * rows[i].m;
		den += rows[i].x;
	}
	assert_rel(gammagamma_observed_mean(rows, n_rows), num / den, 1e-12);
}

static void test_errors(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	struct gammagamma_fit f;
	struct gammagamma_obs one[2] = { { 2, 10, 1 }, { 0, 0, 5 } };
	assert_int_equal(gammagamma_fit(one, 2, &f, &err), GX_ENUMERIC);
	struct gammagamma_obs bad[1] = { { 2, -1, 1 } };
	assert_int_equal(gammagamma_fit(bad, 1, &f, &err), GX_EINVAL);
	struct gammagamma_params q1 = { 2, 0.9, 10 };
	double mean = 1;
	assert_int_equal(gammagamma_mean_spend(&q1, &mean, &err), GX_ENUMERIC);
	assert_true(mean == 0.0);
	assert_true(gammagamma_conditional_spend(&q1, 0, 0) == 0.0);
	assert_true(isfinite(gammagamma_conditional_spend(&q1, 3, 12)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_reproduces_fh2013),
		cmocka_unit_test(test_conditional_spend),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
