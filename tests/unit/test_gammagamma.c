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

/* The exact gradient and Hessian the Newton fit uses agree with central differences, at the
 * optimum and at the start values; and the data's order does not matter. */
static void test_derivatives_match_differences(void **state)
{
	(void)state;
	const struct gammagamma_params pts[2] = { fit.p, { 1.0, 2.0, 35.0 } };
	for (int q = 0; q < 2; q++) {
		double g[3], H[3][3];
		double ll = gammagamma_loglik_derivs(&pts[q], rows, n_rows, g, H);
		assert_true(fabs(ll - gammagamma_loglik(&pts[q], rows, n_rows)) < 1e-9 * fabs(ll));
		double th[3] = { pts[q].p, pts[q].q, pts[q].gamma };
		for (int i = 0; i < 3; i++) {
			double h = 1e-5 * th[i], tp[3], tm[3];
			memcpy(tp, th, sizeof tp);
			memcpy(tm, th, sizeof tm);
			tp[i] += h;
			tm[i] -= h;
			struct gammagamma_params pp = { tp[0], tp[1], tp[2] }, pm = { tm[0], tm[1], tm[2] };
			double fd = (gammagamma_loglik(&pp, rows, n_rows) - gammagamma_loglik(&pm, rows, n_rows)) / (2 * h);
			if (!(fabs(g[i] - fd) <= 1e-5 * (fabs(fd) + fabs(H[i][i]) * th[i])))
				fail_msg("point %d: dℓ/dθ%d = %.10g, differences give %.10g", q, i, g[i], fd);
			double gp[3], gm[3], Hp[3][3], Hm[3][3];
			gammagamma_loglik_derivs(&pp, rows, n_rows, gp, Hp);
			gammagamma_loglik_derivs(&pm, rows, n_rows, gm, Hm);
			for (int j = 0; j < 3; j++) {
				double fdh = (gp[j] - gm[j]) / (2 * h);
				if (!(fabs(H[i][j] - fdh) <= 1e-5 * (fabs(fdh) + sqrt(fabs(H[i][i] * H[j][j])))))
					fail_msg("point %d: H[%d][%d] = %.10g, differences give %.10g", q, i, j, H[i][j], fdh);
			}
		}
	}
	/* reversed input order: the same fit */
	static struct gammagamma_obs rev[2400];
	for (size_t i = 0; i < n_rows; i++)
		rev[i] = rows[n_rows - 1 - i];
	struct gammagamma_fit f2;
	struct gx_error err = { 0 };
	assert_int_equal(gammagamma_fit(rev, n_rows, &f2, &err), GX_OK);
	assert_rel(f2.p.p, fit.p.p, 1e-8);
	assert_rel(f2.p.q, fit.p.q, 1e-8);
	assert_rel(f2.p.gamma, fit.p.gamma, 1e-8);
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
		cmocka_unit_test(test_derivatives_match_differences),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
