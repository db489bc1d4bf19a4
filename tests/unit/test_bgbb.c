/* BG/BB (MODELS.md M22) on the 1995 donor cohort of Fader, Hardie & Shang (2010),
 * "Customer-base analysis in a discrete-time noncontractual setting": the published fit
 * (LL −33,225.6), P(alive in 2002) of their table 6 (0.11 for a donor who never came back,
 * 0.59 for x = 2 with the last donation in 1999, 0.93 for x = 6), the histogram of repeat
 * donations, and the closed forms of E[X(n)] and the conditional expectation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"

static struct btyd_obs rows[64];
static size_t n_rows;
static struct bgbb_fit fit;

static int setup(void **state)
{
	(void)state;
	double v[64 * 4];
	n_rows = btyd_test_read_csv("donations.csv", 4, v, 64);
	for (size_t i = 0; i < n_rows; i++)
		rows[i] = (struct btyd_obs){ v[i * 4], v[i * 4 + 1], v[i * 4 + 2], v[i * 4 + 3] };
	struct gx_error err = { 0 };
	return bgbb_fit(rows, n_rows, &fit, &err) == GX_OK ? 0 : -1;
}

static void assert_rel(double actual, double expected, double rel)
{
	if (!(fabs(actual - expected) <= rel * fabs(expected)))
		fail_msg("%.8g differs from %.8g by more than %g relative", actual, expected, rel);
}

static void test_fit_reproduces_fhs2010(void **state)
{
	(void)state;
	assert_int_equal(n_rows, 22);
	assert_rel(fit.info.customers, 11104, 0);
	/* published to 3 decimals: within half a unit of the last digit */
	assert_true(fabs(fit.p.alpha - btyd_test_seed("M22_published_fits", "bgbb_donations", "alpha")) < 5e-4);
	assert_true(fabs(fit.p.beta - btyd_test_seed("M22_published_fits", "bgbb_donations", "beta")) < 5e-4);
	assert_true(fabs(fit.p.gamma - btyd_test_seed("M22_published_fits", "bgbb_donations", "gamma")) < 5e-4);
	assert_true(fabs(fit.p.delta - btyd_test_seed("M22_published_fits", "bgbb_donations", "delta")) < 5e-4);
	assert_true(fabs(fit.info.loglik - (-33225.6)) < 0.05);
	assert_true(fit.info.has_se && fit.se.delta > 0 && fit.se.alpha > 0);
}

static void test_p_alive_table6(void **state)
{
	(void)state;
	assert_true(fabs(bgbb_p_alive(&fit.p, 1, 0, 0, 6) - 0.11) < 0.005);
	assert_true(fabs(bgbb_p_alive(&fit.p, 1, 2, 4, 6) - 0.59) < 0.005);
	assert_true(fabs(bgbb_p_alive(&fit.p, 1, 6, 6, 6) - 0.93) < 0.005);
	/* A donor who gave in the last period is alive now. */
	assert_true(fabs(bgbb_p_alive(&fit.p, 0, 6, 6, 6) - 1.0) < 1e-12);
}

static void test_histogram_and_pmf(void **state)
{
	(void)state;
	double actual[7] = { 0 };
	for (size_t i = 0; i < n_rows; i++)
		actual[(int)rows[i].x] += rows[i].count;
	double s = 0, mean = 0;
	for (int x = 0; x <= 6; x++) {
		double q = bgbb_pmf(&fit.p, 6, x);
		s += q;
		mean += x * q;
		/* FHS 2010 figure 3: the model tracks the histogram of repeat donations */
		assert_rel(11104 * q, actual[x], 0.08);
	}
	assert_true(fabs(s - 1) < 1e-12);
	assert_rel(mean, bgbb_expected(&fit.p, 6), 1e-12);
	assert_true(bgbb_pmf(&fit.p, 6, 7) == 0.0 && bgbb_pmf(&fit.p, 6, -1) == 0.0);
}

static void test_closed_forms(void **state)
{
	(void)state;
	struct bgbb_params p = fit.p;
	double al = p.alpha, be = p.beta, ga = p.gamma, de = p.delta;
	/* FHS 2010 eq. (5): E[X(n)] = α/(α+β)·δ/(γ−1)·[1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))] */
	for (int n = 1; n <= 30; n += 7) {
		double e = al / (al + be) * de / (ga - 1) *
		           (1 - exp(lgamma(ga + de) + lgamma(1 + de + n) - lgamma(ga + de + n) -
		                    lgamma(1 + de)));
		assert_rel(bgbb_expected(&p, n), e, 1e-10);
	}
	/* FHS 2010 eq. (13): E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) ·
	 * Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)] / L */
	double x = 2, tx = 4, n = 6, ns = 5;
	struct btyd_obs o = { x, tx, n, 1 };
	double L = exp(bgbb_loglik(&p, &o, 1));
	double lb = lgamma(al + x + 1) + lgamma(be + n - x) - lgamma(al + be + n + 1) -
	            (lgamma(al) + lgamma(be) - lgamma(al + be));
	double e = exp(lb) * de / (ga - 1) * exp(lgamma(ga + de) - lgamma(1 + de)) *
	           (exp(lgamma(1 + de + n) - lgamma(ga + de + n)) -
	            exp(lgamma(1 + de + n + ns) - lgamma(ga + de + n + ns))) / L;
	assert_rel(bgbb_conditional(&p, ns, x, tx, n), e, 1e-10);
	struct btyd_model_params m = { .model = BTYD_BGBB, .bgbb = p };
	assert_rel(btyd_conditional(&m, ns, x, tx, n), e, 1e-10);
}

static void test_extremes_and_errors(void **state)
{
	(void)state;
	const double cases[][3] = { { 0, 0, 0 }, { 0, 0, 500 }, { 500, 500, 500 }, { 1, 1, 1000 },
		                    { 300, 900, 1000 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double pa = bgbb_p_alive(&fit.p, 0, cases[i][0], cases[i][1], cases[i][2]);
		double e = bgbb_conditional(&fit.p, 10, cases[i][0], cases[i][1], cases[i][2]);
		assert_true(isfinite(pa) && pa >= 0 && pa <= 1);
		assert_true(isfinite(e) && e >= 0 && e <= 10);
	}
	struct gx_error err = { 0 };
	struct bgbb_fit f;
	struct btyd_obs bad[1] = { { 3, 2, 6, 1 } };   /* x > t_x */
	assert_int_equal(bgbb_fit(bad, 1, &f, &err), GX_EINVAL);
	struct btyd_obs frac[1] = { { 1, 2.5, 6, 1 } };
	assert_int_equal(bgbb_fit(frac, 1, &f, &err), GX_EINVAL);
	struct btyd_obs none[1] = { { 0, 0, 6, 10 } };
	assert_int_equal(bgbb_fit(none, 1, &f, &err), GX_ENUMERIC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_reproduces_fhs2010),
		cmocka_unit_test(test_p_alive_table6),
		cmocka_unit_test(test_histogram_and_pmf),
		cmocka_unit_test(test_closed_forms),
		cmocka_unit_test(test_extremes_and_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
