/* Shared numerics of the buy-till-you-die models (btyd.c): the maximum-likelihood driver,
 * standard errors from the numerical Hessian, log-scale helpers and the Gauss hypergeometric
 * series that Pareto/NBD needs. Private to analytics/. */
#ifndef GUANXI_ANALYTICS_BTYD_INTERNAL_H
#define GUANXI_ANALYTICS_BTYD_INTERNAL_H

#include "guanxi/analytics/btyd.h"

/* Total log-likelihood at natural (positive) parameters theta[0..k-1]. Must return a finite
 * number or -INFINITY/NaN for parameters it cannot evaluate. */
typedef double (*btyd_loglik_fn)(const double *theta, void *ctx);

/* Maximises loglik over theta > 0 starting from theta (overwritten with the optimum); fills
 * se (k values, 0 when unavailable) and info (loglik, iterations, has_se). names[] are the
 * parameter names used in error messages; model names the model. ll_coarse (may be NULL) is a
 * cheaper approximation of ll (a sample of the rows) used to get near the optimum first. */
enum gx_err btyd_fit_ml(const char *model, int k, const char *const *names, btyd_loglik_fn ll,
                        void *ctx, btyd_loglik_fn ll_coarse, void *ctx_coarse, double *theta,
                        double *se, struct btyd_fit_info *info, struct gx_error *err);

/* Most parameters any of the models has. */
#define BTYD_MAXK 4

/* Log-likelihood at natural parameters theta with, when grad is not NULL, its gradient and
 * Hessian in the natural parameters (hess filled completely, symmetric). Returns a
 * non-finite value where it cannot be evaluated. */
typedef double (*btyd_llgh_fn)(const double *theta, double *grad, double hess[BTYD_MAXK][BTYD_MAXK],
                               void *ctx);

/* Maximises the log-likelihood by damped Newton steps on the log parameters, with the exact
 * derivatives f supplies (btyd_newton.c). theta holds the start and receives the optimum; se
 * and info as for btyd_fit_ml. Fails with GX_ENUMERIC (theta then undefined) when it does not
 * converge, so the caller can fall back to btyd_fit_ml's derivative-free search. */
enum gx_err btyd_fit_newton(const char *model, int k, btyd_llgh_fn f, void *ctx, double *theta,
                            double *se, struct btyd_fit_info *info, struct gx_error *err);

/* Diagonal of the inverse of a symmetric positive definite k×k matrix; 0 when A is not
 * positive definite. */
int btyd_spd_inverse_diag(int k, double A[BTYD_MAXK][BTYD_MAXK], double *diag);

/* The distinct time values among the rows' t_x and T, so that per-pass functions of them
 * (ln(α+t), 1/(α+t)) are computed once per value instead of once per row: histories in
 * days or weeks share few values. Fills *vals (sorted, distinct) and, per row, the index of
 * its T in *iT and of its t_x in *iX; returns the number of values. All three arrays are
 * to be freed. */
size_t btyd_time_table(const struct btyd_obs *rows, size_t n, double **vals, unsigned **iT,
                       unsigned **iX);

/* lnΓ, ψ and ψ′ at z0 + x for a rising sequence of x, as the rows of a pass bring them
 * (sorted by x): integer steps use lnΓ(z+1) = lnΓ(z) + ln z, ψ(z+1) = ψ(z) + 1/z and
 * ψ′(z+1) = ψ′(z) − 1/z², which costs a division where GSL's series cost a hundred cycles;
 * anything else is computed afresh. */
struct btyd_gamma_walk {
	double z0, x;          /* values held are at z0 + x */
	double lg, ps, p1;
};
void btyd_gamma_walk_init(struct btyd_gamma_walk *w, double z0);
void btyd_gamma_walk_to(struct btyd_gamma_walk *w, double x);

/* Above this many distinct histories a fit starts on a sample (btyd_obs_sample). */
#define BTYD_SAMPLE_ROWS 20000

/* A systematic sample of about max of the n rows for the first stage of a large fit: rows
 * with count >= the stride are kept, every stride-th other row is kept with its count
 * multiplied by the stride. Returns 0 (and *out NULL) when n <= max; else the sample size,
 * *out to be freed. */
size_t btyd_obs_sample(const struct btyd_obs *rows, size_t n, size_t max, struct btyd_obs **out);

/* Checks continuous-time histories (x >= 0, 0 <= t_x <= T, count >= 0, all finite, some
 * repeat purchase) and returns Σcount, Σcount·x, Σcount·T for start values. */
enum gx_err btyd_check_rows(const char *model, const struct btyd_obs *rows, size_t n,
                            double *sum_c, double *sum_x, double *sum_T, struct gx_error *err);

/* log(1 + e^x) without overflow. */
double btyd_log1pexp(double x);
/* log(e^a + e^b). */
double btyd_logaddexp(double a, double b);
/* log(e^a − e^b) for a >= b; -INFINITY when equal. */
double btyd_logsubexp(double a, double b);
/* log B(a, b). */
double btyd_lbeta(double a, double b);

/* log 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1 by the power series, whose terms are then
 * all positive (no cancellation); *ok = 0 (and nothing computed) when z is so close to 1 that
 * the series would need more than a few thousand terms. */
double btyd_log_hyp2f1(double a, double b, double c, double z, int *ok);

#endif
