/* BG/NBD (MODELS.md M22) against Fader, Hardie & Lee (2005) on the CDNOW sample, the
 * probabilities printed in the R package BTYD's documentation (bgnbd.pmf examples, computed
 * with the parameters rounded to r 0.243, α 4.414, a 0.793, b 2.426), and extreme inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "btyd_testdata.h"
#include "guanxi/analytics/txsummary.h"

static struct btyd_obs cdnow[2400];
static size_t n_cdnow, n_rows;
static struct btyd_obs rows[2400];
static struct bgnbd_fit fit;

static int setup(void **state)
{
	(void)state;
	n_cdnow = btyd_test_cdnow(cdnow, 2400);
	memcpy(rows, cdnow, n_cdnow * sizeof *rows);
	n_rows = btyd_obs_compress(rows, n_cdnow);
	struct gx_error err = { 0 };
	return bgnbd_fit(rows, n_rows, &fit, &err) == GX_OK ? 0 : -1;
}

static void assert_rel(double actual, double expected, double rel)
{
	if (!(fabs(actual - expected) <= rel * fabs(expected)))
		fail_msg("%.8g differs from %.8g by more than %g relative", actual, expected, rel);
}

static void test_fit_reproduces_fhl2005(void **state)
{
	(void)state;
	assert_int_equal(n_cdnow, 2357);
	assert_true(n_rows < n_cdnow);     /* the fit runs over distinct histories */
	assert_rel(fit.info.customers, 2357, 0);
	/* MODELS.md M22 / seed_vectors.json, to better than 3 significant digits */
	assert_rel(fit.p.r, btyd_test_seed("M22_published_fits", "bgnbd_cdnow", "r"), 5e-4);
	assert_rel(fit.p.alpha, btyd_test_seed("M22_published_fits", "bgnbd_cdnow", "alpha"), 5e-4);
	assert_rel(fit.p.a, btyd_test_seed("M22_published_fits", "bgnbd_cdnow", "a"), 5e-4);
	assert_rel(fit.p.b, btyd_test_seed("M22_published_fits", "bgnbd_cdnow", "b"), 5e-4);
	/* FHL 2005 report LL = −9582.4 */
	assert_true(fabs(fit.info.loglik - (-9582.4)) < 0.05);
	assert_true(fit.info.has_se);
	assert_true(fit.se.r > 0.005 && fit.se.r < 0.05);
	assert_true(fit.se.b > 0.1 && fit.se.b < 5);
}

static void test_loglik_compressed_equals_raw(void **state)
{
	(void)state;
	double raw = bgnbd_loglik(&fit.p, cdnow, n_cdnow);
	double comp = bgnbd_loglik(&fit.p, rows, n_rows);
	assert_true(fabs(raw - comp) < 1e-7 * fabs(raw));
}

static void test_standard_errors_scale_with_data(void **state)
{
	(void)state;
	/* Doubling every count doubles the information: standard errors shrink by √2. */
	struct btyd_obs twice[2400];
	for (size_t i = 0; i < n_rows; i++) {
		twice[i] = rows[i];
		twice[i].count *= 2;
	}
	struct bgnbd_fit f2;
	struct gx_error err = { 0 };
	assert_int_equal(bgnbd_fit(twice, n_rows, &f2, &err), GX_OK);
	assert_rel(f2.p.r, fit.p.r, 1e-5);
	assert_rel(f2.se.r * sqrt(2.0), fit.se.r, 1e-3);
	assert_rel(f2.se.alpha * sqrt(2.0), fit.se.alpha, 1e-3);
	assert_rel(f2.se.a * sqrt(2.0), fit.se.a, 1e-3);
	assert_rel(f2.se.b * sqrt(2.0), fit.se.b, 1e-3);
}

static void test_conditional_expectation_fhl2005(void **state)
{
	(void)state;
	/* FHL 2005, section 5: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 */
	assert_true(fabs(bgnbd_conditional(&fit.p, 39, 2, 30.43, 38.86) - 1.226) < 5e-4);
	/* P(alive) by its closed form 1/(1 + a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) */
	struct bgnbd_params p = fit.p;
	double odds = p.a / (p.b + 1) * pow((p.alpha + 38.86) / (p.alpha + 30.43), p.r + 2);
	assert_rel(bgnbd_p_alive(&p, 2, 30.43, 38.86), 1 / (1 + odds), 1e-12);
	assert_true(bgnbd_p_alive(&p, 0, 0, 38.86) == 1.0);
}

static void test_pmf_btyd_documentation(void **state)
{
	(void)state;
	struct bgnbd_params p = { 0.243, 4.414, 0.793, 2.426 };
	assert_true(fabs(bgnbd_pmf(&p, 39, 0) - 0.5737864) < 1e-7);
	assert_rel(bgnbd_pmf(&p, 2, 10), 1.07869e-07, 1e-5);
	static const double pmf30[] = { 0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148,
		                        0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171,
		                        0.0002769613, 0.0002222260 };
	for (int k = 11; k <= 20; k++)
		assert_true(fabs(bgnbd_pmf(&p, 30, k) - pmf30[k - 11]) < 1e-10);
	/* The pmf sums to one and its mean is E[X(t)]. */
	double s = 0, mean = 0;
	for (int k = 0; k < 3000; k++) {
		double q = bgnbd_pmf(&fit.p, 39, k);
		s += q;
		mean += k * q;
	}
	assert_true(fabs(s - 1) < 1e-9);
	assert_rel(mean, bgnbd_expected(&fit.p, 39), 1e-8);
	assert_true(bgnbd_pmf(&fit.p, 0, 0) == 1.0 && bgnbd_pmf(&fit.p, 0, 3) == 0.0);
	assert_true(bgnbd_pmf(&fit.p, 10, -1) == 0.0);
}

static void test_expected_is_smooth_at_a_equal_1(void **state)
{
	(void)state;
	/* E[X(t)] has a removable singularity at a = 1; both sides must meet it. */
	struct bgnbd_params lo = { 0.3, 5, 1 - 1e-7, 2.5 }, mid = { 0.3, 5, 1, 2.5 },
	                    hi = { 0.3, 5, 1 + 1e-7, 2.5 };
	double v = bgnbd_expected(&mid, 52);
	assert_true(isfinite(v) && v > 0);
	assert_rel(bgnbd_expected(&lo, 52), v, 1e-6);
	assert_rel(bgnbd_expected(&hi, 52), v, 1e-6);
	assert_rel(bgnbd_conditional(&mid, 52, 3, 20, 30),
	           bgnbd_conditional(&hi, 52, 3, 20, 30), 1e-6);
}

/* The exact gradient and Hessian the Newton fit uses agree with central differences of the
 * log-likelihood, away from the optimum (where the gradient is not ~0) and at it. */
static void test_derivatives_match_differences(void **state)
{
	(void)state;
	const struct bgnbd_params pts[2] = { { 0.5, 7.0, 1.3, 4.0 }, fit.p };
	for (int q = 0; q < 2; q++) {
		double g[4], H[4][4];
		double ll = bgnbd_loglik_derivs(&pts[q], rows, n_rows, g, H);
		assert_true(fabs(ll - bgnbd_loglik(&pts[q], rows, n_rows)) < 1e-8 * fabs(ll));
		double th[4] = { pts[q].r, pts[q].alpha, pts[q].a, pts[q].b };
		for (int i = 0; i < 4; i++) {
			double h = 1e-5 * th[i], tp[4], tm[4];
			memcpy(tp, th, sizeof tp);
			memcpy(tm, th, sizeof tm);
			tp[i] += h;
			tm[i] -= h;
			struct bgnbd_params pp = { tp[0], tp[1], tp[2], tp[3] }, pm = { tm[0], tm[1], tm[2], tm[3] };
			double fd = (bgnbd_loglik(&pp, rows, n_rows) - bgnbd_loglik(&pm, rows, n_rows)) / (2 * h);
			/* at the optimum the gradient is ~0: compare on the scale of the curvature */
			double tol = 1e-5 * (fabs(fd) + fabs(H[i][i]) * th[i]);
			if (!(fabs(g[i] - fd) <= tol))
				fail_msg("point %d: dℓ/dθ%d = %.10g, differences give %.10g", q, i, g[i], fd);
			double gp[4], gm[4], Hp[4][4], Hm[4][4];
			bgnbd_loglik_derivs(&pp, rows, n_rows, gp, Hp);
			bgnbd_loglik_derivs(&pm, rows, n_rows, gm, Hm);
			for (int j = 0; j < 4; j++) {
				double fdh = (gp[j] - gm[j]) / (2 * h);
				if (!(fabs(H[i][j] - fdh) <= 1e-5 * (fabs(fdh) + sqrt(fabs(H[i][i] * H[j][j])))))
					fail_msg("point %d: H[%d][%d] = %.10g, differences give %.10g", q, i, j, H[i][j], fdh);
			}
		}
	}
	/* at the optimum the gradient vanishes (relative to the curvature) */
	double g[4], H[4][4];
	bgnbd_loglik_derivs(&fit.p, rows, n_rows, g, H);
	double th[4] = { fit.p.r, fit.p.alpha, fit.p.a, fit.p.b };
	for (int i = 0; i < 4; i++)
		assert_true(fabs(g[i] * th[i]) < 1e-6 * fabs(H[i][i]) * th[i] * th[i] + 1e-6);
}

static void test_extreme_inputs(void **state)
{
	(void)state;
	struct bgnbd_params p = fit.p;
	const double cases[][3] = { { 0, 0, 0 }, { 0, 0, 38.86 }, { 500, 38, 38.86 },
		                    { 500, 1, 1e6 }, { 5, 30, 30 }, { 1, 0, 0 }, { 0, 0, 1e9 },
		                    { 2000, 2000, 2000 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double x = cases[i][0], tx = cases[i][1], T = cases[i][2];
		double pa = bgnbd_p_alive(&p, x, tx, T);
		double e = bgnbd_conditional(&p, 52, x, tx, T);
		assert_true(isfinite(pa) && pa >= 0 && pa <= 1);
		assert_true(isfinite(e) && e >= 0);
		struct btyd_obs o = { x, tx, T, 1 };
		assert_true(isfinite(bgnbd_loglik(&p, &o, 1)));
	}
	/* Long silence after many purchases: as good as dead; active heavy buyer: ~ (r+x)/(α+T)·t. */
	assert_true(bgnbd_p_alive(&p, 500, 1, 1e6) < 1e-100);
	assert_true(bgnbd_p_alive(&p, 500, 38.86, 38.86) > 0.99);
	double heavy = bgnbd_conditional(&p, 1, 500, 38.86, 38.86);
	assert_true(heavy > 5 && heavy < (p.r + 500) / (p.alpha + 38.86) * 1.0001);
	assert_true(bgnbd_conditional(&p, 0, 2, 30, 38) == 0.0);
	assert_true(isfinite(bgnbd_expected(&p, 1e5)));
}

static void test_fit_errors(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	struct bgnbd_fit f;
	struct btyd_obs none[2] = { { 0, 0, 10, 5 }, { 0, 0, 20, 3 } };
	assert_int_equal(bgnbd_fit(none, 2, &f, &err), GX_ENUMERIC);
	assert_true(strstr(err.message, "repeat") != NULL);
	struct btyd_obs bad[1] = { { 1, 5, 3, 1 } };   /* t_x > T */
	assert_int_equal(bgnbd_fit(bad, 1, &f, &err), GX_EINVAL);
	assert_int_equal(bgnbd_fit(NULL, 0, &f, &err), GX_EINVAL);
}

static void test_clv_formula(void **state)
{
	(void)state;
	/* M22: Σ (cum_j − cum_{j−1})·spend·m/(1+δ)^j; by hand 1·10·0.5/1.1 + 2·10·0.5/1.21 */
	double cum[] = { 0, 1, 3 };
	assert_true(fabs(btyd_clv_from_cumulative(cum, 2, 10, 0.5, 0.1) - 12.809917355) < 1e-8);
	struct btyd_model_params m = { .model = BTYD_BGNBD, .bgnbd = fit.p };
	struct btyd_clv_options o;
	btyd_clv_options_default(&o);
	assert_int_equal(o.horizon_months, 12);
	double clv, clv0;
	struct gx_error err = { 0 };
	assert_int_equal(btyd_clv(&m, 2, 30.43, 38.86, 24.66, &o, &clv, &err), GX_OK);
	o.monthly_discount = 0;
	assert_int_equal(btyd_clv(&m, 2, 30.43, 38.86, 24.66, &o, &clv0, &err), GX_OK);
	/* Undiscounted: expected purchases over 12 months of 365.25/12 days, in weeks. */
	assert_rel(clv0, bgnbd_conditional(&fit.p, 365.25 / 7, 2, 30.43, 38.86) * 24.66, 1e-12);
	assert_true(clv < clv0 && clv > clv0 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 /
	                                   1.01 / 1.01 / 1.01 / 1.01 / 1.01);
	o.horizon_months = 0;
	assert_int_equal(btyd_clv(&m, 2, 30.43, 38.86, 24.66, &o, &clv, &err), GX_EINVAL);
	m.model = BTYD_BGBB;
	btyd_clv_options_default(&o);
	assert_int_equal(btyd_clv(&m, 2, 3, 6, 24.66, &o, &clv, &err), GX_EINVAL);
}

/* The batch CLV (once per distinct (x, T)) equals btyd_clv customer by customer, for both
 * continuous-time models, in any input order; a bad history is refused and fills nothing. */
static void test_clv_batch_equals_single(void **state)
{
	(void)state;
	static double spend[2400], clv[2400], expct[2400];
	for (size_t i = 0; i < n_cdnow; i++)
		spend[i] = 10.0 + (double)(i % 17);
	struct btyd_clv_options o;
	btyd_clv_options_default(&o);
	struct gx_error err = { 0 };
	struct paretonbd_params pp = { 0.5533, 10.5776, 0.6062, 11.6679 };
	for (int model = 0; model < 2; model++) {
		struct btyd_model_params m = { .model = model ? BTYD_PARETONBD : BTYD_BGNBD, .bgnbd = fit.p,
		                               .paretonbd = pp };
		assert_int_equal(btyd_clv_batch(&m, cdnow, spend, n_cdnow, &o, clv, expct, &err), GX_OK);
		for (size_t i = 0; i < n_cdnow; i++) {
			double one;
			assert_int_equal(btyd_clv(&m, cdnow[i].x, cdnow[i].t_x, cdnow[i].T, spend[i], &o, &one, &err), GX_OK);
			assert_true(fabs(clv[i] - one) <= 1e-12 * fabs(one) + 1e-300);
			double e12 = btyd_conditional(&m, 12 * 365.25 / 12.0 / 7.0, cdnow[i].x, cdnow[i].t_x, cdnow[i].T);
			assert_true(fabs(expct[i] - e12) <= 1e-12 * fabs(e12) + 1e-300);
		}
	}
	struct btyd_model_params m = { .model = BTYD_BGNBD, .bgnbd = fit.p };
	struct btyd_obs bad[2] = { { 1, 5, 10, 1 }, { 1, 12, 10, 1 } };   /* t_x > T */
	double c2[2] = { -7, -7 };
	assert_int_equal(btyd_clv_batch(&m, bad, spend, 2, &o, c2, NULL, &err), GX_EINVAL);
	assert_true(c2[0] == -7 && c2[1] == -7);
}

static void test_large_simulated_base(void **state)
{
	(void)state;
	/* 40,000 customers simulated from the model itself (fixed seed) give more distinct
	 * histories than BTYD_SAMPLE_ROWS, so the fit starts on a sample and finishes on all:
	 * it must recover the true parameters within 4 standard errors and stop where the
	 * log-likelihood is flat. */
	const struct bgnbd_params truth = { 0.25, 4.0, 0.8, 2.5 };
	size_t n = 40000;
	struct btyd_obs *h = malloc(n * sizeof *h);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 20260101);
	for (size_t i = 0; i < n; i++) {
		double lambda = gsl_ran_gamma(rng, truth.r, 1.0 / truth.alpha);
		double p = gsl_ran_beta(rng, truth.a, truth.b);
		double T = 20.0 + 32.0 * gsl_rng_uniform(rng), t = 0, tx = 0;
		int x = 0;
		for (;;) {
			t += gsl_ran_exponential(rng, 1.0 / lambda);
			if (t > T)
				break;
			x++;
			tx = t;
			if (gsl_rng_uniform(rng) < p)
				break;
		}
		h[i] = (struct btyd_obs){ x, tx, T, 1 };
	}
	gsl_rng_free(rng);
	size_t m = btyd_obs_compress(h, n);
	assert_true(m > 20000);
	struct bgnbd_fit f;
	struct gx_error err = { 0 };
	assert_int_equal(bgnbd_fit(h, m, &f, &err), GX_OK);
	assert_true(f.info.has_se);
	assert_true(fabs(f.p.r - truth.r) < 4 * f.se.r);
	assert_true(fabs(f.p.alpha - truth.alpha) < 4 * f.se.alpha);
	assert_true(fabs(f.p.a - truth.a) < 4 * f.se.a);
	assert_true(fabs(f.p.b - truth.b) < 4 * f.se.b);
	/* Flat at the optimum: the log-likelihood gains less than 1e-6 from a 1e-4 step. */
	double l0 = bgnbd_loglik(&f.p, h, m);
	for (int k = 0; k < 4; k++) {
		for (int sign = -1; sign <= 1; sign += 2) {
			double th[4] = { f.p.r, f.p.alpha, f.p.a, f.p.b };
			th[k] *= 1 + sign * 1e-4;
			struct bgnbd_params q = { th[0], th[1], th[2], th[3] };
			assert_true(bgnbd_loglik(&q, h, m) <= l0 + 1e-6);
		}
	}
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_reproduces_fhl2005),
		cmocka_unit_test(test_loglik_compressed_equals_raw),
		cmocka_unit_test(test_standard_errors_scale_with_data),
		cmocka_unit_test(test_conditional_expectation_fhl2005),
		cmocka_unit_test(test_pmf_btyd_documentation),
		cmocka_unit_test(test_expected_is_smooth_at_a_equal_1),
		cmocka_unit_test(test_derivatives_match_differences),
		cmocka_unit_test(test_extreme_inputs),
		cmocka_unit_test(test_fit_errors),
		cmocka_unit_test(test_clv_formula),
		cmocka_unit_test(test_clv_batch_equals_single),
		cmocka_unit_test(test_large_simulated_base),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
