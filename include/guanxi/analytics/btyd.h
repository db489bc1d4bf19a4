/* Buy-till-you-die models (MODELS.md M22): BG/NBD, Pareto/NBD, Gamma-Gamma spend and BG/BB.
 *
 * Every model is fitted by maximum likelihood over distinct customer histories with counts
 * (struct btyd_obs), so the cost of a fit follows the number of distinct histories, not the
 * number of customers. Parameters are searched on the log scale (all are positive). Models
 * with exact derivatives (BG/NBD, Pareto/NBD, Gamma-Gamma) take damped Newton steps with the analytic gradient
 * and Hessian, and their standard errors come from that Hessian; the others, and any Newton
 * search that does not settle, use GSL's Nelder-Mead simplex, restarted until it stops
 * improving (above 20,000 distinct histories it starts on a systematic sample of them), with
 * standard errors from the numerical Hessian at the optimum. A fit that does not
 * converge, or whose data cannot identify the model, fails with GX_ENUMERIC and says why.
 *
 * Time: BG/NBD and Pareto/NBD work in whatever unit the histories use (weeks by default,
 * txsummary.h); t, t_x and T must share it. BG/BB counts discrete opportunities: x repeat
 * transactions out of n opportunities (field T holds n), t_x the opportunity of the last one.
 * All functions are pure and thread-safe; none returns NaN or infinity for valid parameters. */
#ifndef GUANXI_ANALYTICS_BTYD_H
#define GUANXI_ANALYTICS_BTYD_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"

/* One distinct history: x repeat purchases, recency t_x, age T, and how many customers have
 * it (a weight; 1 for a single customer). */
struct btyd_obs {
	double x, t_x, T;
	double count;
};

/* Sorts rows by (x, t_x, T) and merges equal rows, adding their counts; returns the new count.
 * Rows with count <= 0 are dropped. */
size_t btyd_obs_compress(struct btyd_obs *rows, size_t n);

/* What every fit reports beside its parameters. */
struct btyd_fit_info {
	double loglik;        /* log-likelihood at the optimum, summed over customers */
	double customers;     /* Σ count */
	size_t rows;          /* distinct histories used */
	int iterations;       /* Newton steps, or simplex iterations over all restarts */
	int has_se;           /* 0 when the Hessian was not negative definite: se are then 0 */
};

/* ---- BG/NBD (Fader, Hardie & Lee 2005) ---- */
struct bgnbd_params { double r, alpha, a, b; };
struct bgnbd_fit { struct bgnbd_params p, se; struct btyd_fit_info info; };

enum gx_err bgnbd_fit(const struct btyd_obs *rows, size_t n, struct bgnbd_fit *out,
                      struct gx_error *err);
double bgnbd_loglik(const struct bgnbd_params *p, const struct btyd_obs *rows, size_t n);
/* The log-likelihood with its exact gradient and Hessian in (r, α, a, b), as the fit uses
 * them; rows sorted by x (btyd_obs_compress sorts). */
double bgnbd_loglik_derivs(const struct bgnbd_params *p, const struct btyd_obs *rows, size_t n,
                           double grad[4], double hess[4][4]);
double bgnbd_p_alive(const struct bgnbd_params *p, double x, double t_x, double T);
/* E[X(t)] for a customer just acquired. */
double bgnbd_expected(const struct bgnbd_params *p, double t);
/* E[Y(t) | x, t_x, T]: purchases in (T, T + t]. */
double bgnbd_conditional(const struct bgnbd_params *p, double t, double x, double t_x, double T);
/* The same for a customer known to be alive at T: bgnbd_conditional = this × P(alive), and it
 * does not depend on t_x. */
double bgnbd_conditional_alive(const struct bgnbd_params *p, double t, double x, double T);
/* P(X(t) = n) for a customer just acquired. */
double bgnbd_pmf(const struct bgnbd_params *p, double t, int64_t n);

/* ---- Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie's notes) ---- */
struct paretonbd_params { double r, alpha, s, beta; };
struct paretonbd_fit { struct paretonbd_params p, se; struct btyd_fit_info info; };

enum gx_err paretonbd_fit(const struct btyd_obs *rows, size_t n, struct paretonbd_fit *out,
                          struct gx_error *err);
double paretonbd_loglik(const struct paretonbd_params *p, const struct btyd_obs *rows, size_t n);
/* The log-likelihood by quadrature of its defining integral, with the exact gradient and
 * Hessian in (r, α, s, β), as the fit uses them (grad and hess may be NULL together). */
double paretonbd_loglik_derivs(const struct paretonbd_params *p, const struct btyd_obs *rows,
                               size_t n, double grad[4], double hess[4][4]);
double paretonbd_p_alive(const struct paretonbd_params *p, double x, double t_x, double T);
double paretonbd_expected(const struct paretonbd_params *p, double t);
double paretonbd_conditional(const struct paretonbd_params *p, double t, double x, double t_x,
                             double T);
/* For a customer alive at T: paretonbd_conditional = this × P(alive); independent of t_x. */
double paretonbd_conditional_alive(const struct paretonbd_params *p, double t, double x, double T);
/* P(X(t) = n), by adaptive quadrature over the lifetime (GSL QAG): no hypergeometric
 * cancellation for large n. */
double paretonbd_pmf(const struct paretonbd_params *p, double t, int64_t n);

/* ---- Gamma-Gamma spend (Fader & Hardie 2013) ---- */
/* A repeat buyer: x >= 1 repeat transactions with mean value m (yuan, or any money unit). */
struct gammagamma_obs { double x, m, count; };
struct gammagamma_params { double p, q, gamma; };
struct gammagamma_fit { struct gammagamma_params p, se; struct btyd_fit_info info; };

/* Rows with x < 1 or m <= 0 are ignored (they carry no spend information). */
enum gx_err gammagamma_fit(const struct gammagamma_obs *rows, size_t n,
                           struct gammagamma_fit *out, struct gx_error *err);
/* The log-likelihood with its exact gradient and Hessian in (p, q, γ), as the fit uses them. */
double gammagamma_loglik_derivs(const struct gammagamma_params *p, const struct gammagamma_obs *rows,
                                size_t n, double grad[3], double hess[3][3]);
double gammagamma_loglik(const struct gammagamma_params *p, const struct gammagamma_obs *rows,
                         size_t n);
/* E[Z | x, m]: expected value of a customer's future transactions; for x = 0 the population
 * mean. */
double gammagamma_conditional_spend(const struct gammagamma_params *p, double x, double m);
/* Population mean p·γ/(q − 1); GX_ENUMERIC when q <= 1 (the mean does not exist). */
enum gx_err gammagamma_mean_spend(const struct gammagamma_params *p, double *mean,
                                  struct gx_error *err);
/* Σ count·m·x / Σ count·x over repeat buyers: the observed mean to compare with. */
double gammagamma_observed_mean(const struct gammagamma_obs *rows, size_t n);

/* ---- BG/BB (Fader, Hardie & Shang 2010): T holds n, the number of opportunities ---- */
struct bgbb_params { double alpha, beta, gamma, delta; };
struct bgbb_fit { struct bgbb_params p, se; struct btyd_fit_info info; };

/* GX_EINVAL unless every x, t_x and n is a whole number with 0 <= x <= t_x <= n and t_x = 0
 * exactly when x = 0. */
enum gx_err bgbb_fit(const struct btyd_obs *rows, size_t n, struct bgbb_fit *out,
                     struct gx_error *err);
double bgbb_loglik(const struct bgbb_params *p, const struct btyd_obs *rows, size_t n);
/* P(alive at opportunity n + m | x, t_x, n); m = 0 is P(alive) now, m = 1 the next period. */
double bgbb_p_alive(const struct bgbb_params *p, double m, double x, double t_x, double n);
double bgbb_expected(const struct bgbb_params *p, double n);
/* E[X(n, n + n_star) | x, t_x, n]: transactions in the next n_star opportunities. */
double bgbb_conditional(const struct bgbb_params *p, double n_star, double x, double t_x,
                        double n);
/* P(X(n) = x) for a customer just acquired. */
double bgbb_pmf(const struct bgbb_params *p, int64_t n, int64_t x);

/* ---- Model-independent outputs ---- */
enum btyd_model { BTYD_BGNBD = 0, BTYD_PARETONBD, BTYD_BGBB };

struct btyd_model_params {
	enum btyd_model model;
	struct bgnbd_params bgnbd;          /* the one named by model is used */
	struct paretonbd_params paretonbd;
	struct bgbb_params bgbb;
};

double btyd_p_alive(const struct btyd_model_params *m, double x, double t_x, double T);
double btyd_conditional(const struct btyd_model_params *m, double t, double x, double t_x,
                        double T);

/* M22's discounted CLV. */
struct btyd_clv_options {
	int horizon_months;       /* H, default 12 */
	double monthly_discount;  /* δ, default 0.01 */
	double margin;            /* m, default 1 */
	double unit_days;         /* days per model time unit, default 7 (weeks) */
};
void btyd_clv_options_default(struct btyd_clv_options *o);

/* Σ_{j=1..H} (cum[j] − cum[j−1]) · spend · margin / (1+δ)^j for cum[0..H] the cumulative
 * expected purchases at τ_0 = 0, τ_1, ..., τ_H. */
double btyd_clv_from_cumulative(const double *cum, int horizon, double spend_yuan,
                                double margin, double monthly_discount);
/* CLV of one customer (x, t_x, T) with expected spend per purchase spend_yuan:
 * τ_j = j·(365.25/12) days in the model's unit. BG/NBD and Pareto/NBD only (BG/BB counts
 * opportunities, not time): GX_EINVAL otherwise or for bad options. */
enum gx_err btyd_clv(const struct btyd_model_params *m, double x, double t_x, double T,
                     double spend_yuan, const struct btyd_clv_options *o, double *clv_yuan,
                     struct gx_error *err);

/* The options and model checked as btyd_clv checks them. */
enum gx_err btyd_clv_check(const struct btyd_model_params *m, const struct btyd_clv_options *o,
                           struct gx_error *err);
/* cum[0..H]: expected purchases by the end of month j of the horizon (cum[0] = 0). Options
 * must have passed btyd_clv_check. */
void btyd_clv_cumulative(const struct btyd_model_params *m, double x, double t_x, double T,
                         const struct btyd_clv_options *o, double *cum);
/* btyd_clv for n customers at once (btyd_clv_batch.c): hist[i] is customer i's history
 * (count ignored), spend_yuan[i] its expected spend per purchase; fills clv_yuan[i] and, when
 * not NULL, expected[i] = expected purchases over the horizon. The series are computed once
 * per distinct history, so the cost follows distinct histories, not customers. GX_EINVAL
 * (nothing filled) for bad options or a customer with an invalid history or spend. */
enum gx_err btyd_clv_batch(const struct btyd_model_params *m, const struct btyd_obs *hist,
                           const double *spend_yuan, size_t n, const struct btyd_clv_options *o,
                           double *clv_yuan, double *expected, struct gx_error *err);

/* Calibration/holdout comparison by calibration frequency (as FHL 2005 figure 4): bucket k
 * holds the customers with x = k, the last bucket those with x >= n_buckets − 1. */
struct btyd_holdout_bucket {
	int64_t x_from;           /* x of the bucket; the last one is "x_from or more" */
	double customers;
	double actual_total;      /* holdout purchases observed */
	double predicted_total;   /* Σ E[X(t_star) | x, t_x, T] */
	double actual_mean;       /* per customer; 0 for an empty bucket */
	double predicted_mean;
};
/* cal[i] is a history with count customers; actual[i] their total holdout purchases. */
enum gx_err btyd_holdout_report(const struct btyd_model_params *m, const struct btyd_obs *cal,
                                const double *actual, size_t n, double t_star, int n_buckets,
                                struct btyd_holdout_bucket *out, struct gx_error *err);

#endif
