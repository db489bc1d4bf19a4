/* Pareto/NBD (MODELS.md M22) on the CDNOW sample: the published fit (Fader, Hardie & Lee
 * 2005, "RFM and CLV: using iso-value curves", and MODELS.md), the conditional expectation
 * printed in the R package BTYD's vignette for its customer 1516 (x = 26, t_x = 30.86,
 * T = 31: 25.46 purchases in the next 52 weeks), self-consistency of P(X(t) = n), and
 * extreme inputs that break naive implementations of the hypergeometric terms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"
#include "guanxi/analytics/txsummary.h"

static struct btyd_obs rows[2400];
static size_t n_cdnow, n_rows;
static struct paretonbd_fit fit;

static int setup(void **state)
{
	(void)state;
	n_cdnow = btyd_test_cdnow(rows, 2400);
	n_rows = btyd_obs_compress(rows, n_cdnow);
	struct gx_error err = { 0 };
	return paretonbd_fit(rows, n_rows, &fit, &err) == GX_OK ? 0 : -1;
}

static void assert_rel(double actual, double expected, double rel)
{
	if (!(fabs(actual - expected) <= rel * fabs(expected)))
		fail_msg("%.8g differs from %.8g by more than %g relative", actual, expected, rel);
}

static void test_fit_reproduces_published(void **state)
{
	(void)state;
	assert_int_equal(n_cdnow, 2357);
	assert_rel(fit.p.r, btyd_test_seed("M22_published_fits", "paretonbd_cdnow", "r"), 5e-4);
	assert_rel(fit.p.alpha, btyd_test_seed("M22_published_fits", "paretonbd_cdnow", "alpha"),
	           5e-4);
	assert_rel(fit.p.s, btyd_test_seed("M22_published_fits", "paretonbd_cdnow", "s"), 5e-4);
	assert_rel(fit.p.beta, btyd_test_seed("M22_published_fits", "paretonbd_cdnow", "beta"),
	           5e-4);
	assert_true(fabs(fit.info.loglik - (-9595.0)) < 0.05);   /* LL −9595.0 as published */
	/* Our optimum is at least as good as the published parameters. */
	struct paretonbd_params pub = { 0.5533, 10.5775, 0.6062, 11.6685 };
	assert_true(fit.info.loglik >= paretonbd_loglik(&pub, rows, n_rows) - 1e-9);
	assert_true(fit.info.has_se);
	assert_true(fit.se.beta > 1 && fit.se.beta < 20);   /* β is weakly identified on CDNOW */
}

static void test_btyd_vignette_customer_1516(void **state)
{
	(void)state;
	struct paretonbd_params pub = { 0.5533, 10.5775, 0.6062, 11.6685 };
	assert_true(fabs(paretonbd_conditional(&pub, 52, 26, 30.86, 31) - 25.46) < 0.005);
	assert_true(fabs(paretonbd_conditional(&fit.p, 52, 26, 30.86, 31) - 25.46) < 0.005);
}

static void test_closed_forms(void **state)
{
	(void)state;
	struct paretonbd_params p = fit.p;
	/* E[X(t)] = rβ/(α(s−1))·(1 − (β/(β+t))^(s−1)) */
	double t = 39;
	double e = p.r * p.beta / (p.alpha * (p.s - 1)) * (1 - pow(p.beta / (p.beta + t), p.s - 1));
	assert_rel(paretonbd_expected(&p, t), e, 1e-12);
	/* A customer with t_x = T cannot have died unseen: P(alive) = 1. */
	assert_true(paretonbd_p_alive(&p, 3, 20, 20) == 1.0);
	/* At s = 1 the expectation is the limit rβ/α·ln(1 + t/β). */
	struct paretonbd_params s1 = { 0.5, 10, 1.0, 12 };
	assert_rel(paretonbd_expected(&s1, 52), 0.5 * 12 / 10 * log1p(52.0 / 12), 1e-10);
	struct paretonbd_params s1b = { 0.5, 10, 1.0 + 1e-7, 12 };
	assert_rel(paretonbd_expected(&s1b, 52), paretonbd_expected(&s1, 52), 1e-6);
	/* α < β and α > β take different hypergeometric branches; near α = β they must agree. */
	struct paretonbd_params lo = { 0.55, 11.0 - 1e-6, 0.6, 11.0 }, hi = { 0.55, 11.0 + 1e-6, 0.6, 11.0 };
	assert_rel(paretonbd_p_alive(&lo, 2, 30.43, 38.86), paretonbd_p_alive(&hi, 2, 30.43, 38.86),
	           1e-5);
}

static void test_pmf_consistent(void **state)
{
	(void)state;
	double s = 0, mean = 0;
	for (int k = 0; k < 400; k++) {
		double q = paretonbd_pmf(&fit.p, 39, k);
		assert_true(q >= 0 && q <= 1);
		s += q;
		mean += k * q;
	}
	assert_true(fabs(s - 1) < 1e-8);
	assert_rel(mean, paretonbd_expected(&fit.p, 39), 1e-6);
	assert_true(paretonbd_pmf(&fit.p, 0, 0) == 1.0);
	assert_true(paretonbd_pmf(&fit.p, 5, -1) == 0.0);
}

static void test_extreme_inputs(void **state)
{
	(void)state;
	struct paretonbd_params ps[] = { fit.p, { 0.5, 0.01, 0.6, 100 }, { 0.5, 100, 0.6, 0.01 } };
	const double cases[][3] = { { 0, 0, 0 }, { 0, 0, 38.86 }, { 500, 38, 38.86 },
		                    { 500, 1, 1e6 }, { 5, 30, 30 }, { 0, 0, 1e9 }, { 2000, 10, 2000 } };
	for (size_t j = 0; j < 3; j++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			double x = cases[i][0], tx = cases[i][1], T = cases[i][2];
			double pa = paretonbd_p_alive(&ps[j], x, tx, T);
			double e = paretonbd_conditional(&ps[j], 52, x, tx, T);
			assert_true(isfinite(pa) && pa >= 0 && pa <= 1);
			assert_true(isfinite(e) && e >= 0);
			struct btyd_obs o = { x, tx, T, 1 };
			assert_true(isfinite(paretonbd_loglik(&ps[j], &o, 1)));
		}
	}
	assert_true(paretonbd_p_alive(&fit.p, 500, 1, 1e6) < 1e-100);
	assert_true(paretonbd_p_alive(&fit.p, 500, 38.8, 38.86) > 0.99);
}

/* P(alive) from the defining integral: death between t_x and T has density
 * s·(α+τ)^−(r+x)·(β+τ)^−(s+1) relative to the alive term (α+T)^−(r+x)·(β+T)^−s; Simpson's
 * rule with 200,000 panels. Independent of the hypergeometric code and of its fallback. */
static double p_alive_by_simpson(struct paretonbd_params p, double x, double tx, double T)
{
	int n = 200000;
	double h = (T - tx) / n, s = 0;
	for (int i = 0; i <= n; i++) {
		double tau = tx + i * h;
		double f = pow(p.alpha + tau, -(p.r + x)) * pow(p.beta + tau, -(p.s + 1));
		s += f * (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2));
	}
	double death = p.s * s * h / 3;
	double alive = pow(p.alpha + T, -(p.r + x)) * pow(p.beta + T, -p.s);
	return alive / (alive + death);
}

static void test_p_alive_against_integral(void **state)
{
	(void)state;
	/* α ≈ β, α ≪ β, α ≫ β, and β so large that the series gives way to quadrature */
	struct paretonbd_params ps[] = { { 0.5533, 10.5775, 0.6062, 11.6685 },
		                         { 0.5, 0.01, 0.6, 100 }, { 0.5, 100, 0.6, 0.01 },
		                         { 0.8, 5, 0.3, 1e6 }, { 0.8, 5, 0.3, 3e4 } };
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		assert_true(fabs(paretonbd_p_alive(&ps[i], 2, 30.43, 38.86) -
		                 p_alive_by_simpson(ps[i], 2, 30.43, 38.86)) < 1e-8);
		assert_true(fabs(paretonbd_p_alive(&ps[i], 0, 0, 52) -
		                 p_alive_by_simpson(ps[i], 0, 0, 52)) < 1e-8);
		struct btyd_obs o = { 2, 30.43, 38.86, 1 };
		assert_true(isfinite(paretonbd_loglik(&ps[i], &o, 1)));
	}
}

static void test_holdout_report(void **state)
{
	(void)state;
	/* Bucket totals must add up to the per-customer sums. */
	struct btyd_model_params m = { .model = BTYD_PARETONBD, .paretonbd = fit.p };
	double actual[2400];
	double want_pred = 0, want_actual = 0;
	for (size_t i = 0; i < n_rows; i++) {
		actual[i] = rows[i].count * (rows[i].x > 3 ? 2.0 : 0.5);
		want_actual += actual[i];
		want_pred += rows[i].count * paretonbd_conditional(&fit.p, 39, rows[i].x, rows[i].t_x,
		                                                   rows[i].T);
	}
	struct btyd_holdout_bucket b[8];
	struct gx_error err = { 0 };
	assert_int_equal(btyd_holdout_report(&m, rows, actual, n_rows, 39, 8, b, &err), GX_OK);
	double pred = 0, act = 0, cust = 0;
	for (int i = 0; i < 8; i++) {
		pred += b[i].predicted_total;
		act += b[i].actual_total;
		cust += b[i].customers;
	}
	assert_rel(pred, want_pred, 1e-12);
	assert_rel(act, want_actual, 1e-12);
	assert_rel(cust, 2357, 0);
	assert_true(b[0].x_from == 0 && b[7].x_from == 7);
	assert_rel(b[1].actual_mean, 0.5, 1e-12);
	assert_int_equal(btyd_holdout_report(&m, rows, actual, n_rows, 39, 0, b, &err), GX_EINVAL);
}

/* The quadrature form of the likelihood the Newton fit uses agrees with the closed form, and
 * its gradient and Hessian agree with central differences of the closed form: at the
 * optimum and at points the search passes on its way there (including x in the hundreds). */
static void test_derivatives_match_closed_form(void **state)
{
	(void)state;
	const struct paretonbd_params pts[3] = { fit.p, { 1.0, 31.4, 1.0, 32.7 }, { 0.52, 11.07, 0.76, 16.0 } };
	for (int q = 0; q < 3; q++) {
		double g[4], H[4][4];
		double ll = paretonbd_loglik_derivs(&pts[q], rows, n_rows, g, H);
		double cf = paretonbd_loglik(&pts[q], rows, n_rows);
		if (!(fabs(ll - cf) < 1e-9 * fabs(cf)))
			fail_msg("point %d: quadrature %.12g, closed form %.12g", q, ll, cf);
		double th[4] = { pts[q].r, pts[q].alpha, pts[q].s, pts[q].beta };
		for (int i = 0; i < 4; i++) {
			double h = 1e-5 * th[i], tp[4], tm[4];
			memcpy(tp, th, sizeof tp);
			memcpy(tm, th, sizeof tm);
			tp[i] += h;
			tm[i] -= h;
			struct paretonbd_params pp = { tp[0], tp[1], tp[2], tp[3] }, pm = { tm[0], tm[1], tm[2], tm[3] };
			double fd = (paretonbd_loglik(&pp, rows, n_rows) - paretonbd_loglik(&pm, rows, n_rows)) / (2 * h);
			double tol = 1e-5 * (fabs(fd) + fabs(H[i][i]) * th[i]);
			if (!(fabs(g[i] - fd) <= tol))
				fail_msg("point %d: dℓ/dθ%d = %.10g, differences give %.10g", q, i, g[i], fd);
			double gp[4], gm[4], Hp[4][4], Hm[4][4];
			paretonbd_loglik_derivs(&pp, rows, n_rows, gp, Hp);
			paretonbd_loglik_derivs(&pm, rows, n_rows, gm, Hm);
			for (int j = 0; j < 4; j++) {
				double fdh = (gp[j] - gm[j]) / (2 * h);
				if (!(fabs(H[i][j] - fdh) <= 1e-5 * (fabs(fdh) + sqrt(fabs(H[i][i] * H[j][j])))))
					fail_msg("point %d: H[%d][%d] = %.10g, differences give %.10g", q, i, j, H[i][j], fdh);
			}
		}
	}
	/* heavy buyers: x = 300 must neither overflow nor lose the death term */
	struct btyd_obs heavy[3] = { { 300, 20, 39, 1 }, { 300, 38.9, 39, 2 }, { 0, 0, 39, 5 } };
	double g[4], H[4][4];
	double ll = paretonbd_loglik_derivs(&fit.p, heavy, 3, g, H);
	double cf = paretonbd_loglik(&fit.p, heavy, 3);
	assert_true(isfinite(ll) && fabs(ll - cf) < 1e-9 * fabs(cf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_reproduces_published),
		cmocka_unit_test(test_btyd_vignette_customer_1516),
		cmocka_unit_test(test_closed_forms),
		cmocka_unit_test(test_pmf_consistent),
		cmocka_unit_test(test_extreme_inputs),
		cmocka_unit_test(test_p_alive_against_integral),
		cmocka_unit_test(test_holdout_report),
		cmocka_unit_test(test_derivatives_match_closed_form),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
