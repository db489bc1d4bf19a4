/* Customer lifetime value and retention economics, MODELS.md §4 M18–M20: the basic discounted
 * CLV of seed001 with retention probabilities and T = 1/churn, the extended ten-factor model
 * with its split into seed002's six value components, Kotler's retention rate and
 * retain-or-not decision, and the rate metrics shown beside them (repurchase, second
 * purchase, conversion, win, referral, average order value). Derived money is double yuan. */
#ifndef GUANXI_ANALYTICS_CLV_H
#define GUANXI_ANALYTICS_CLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* ---- M18 basic CLV ---------------------------------------------------------------------- */

struct gx_clv_params {
	double discount_rate;     /* i per period: 0.09 (a year) */
	int horizon;              /* T periods after the first: 5 (years) */
	double retention_rate;    /* r for R_t = r^t: 1.0 until M20's measured rate is set */
};

void gx_clv_params_default(struct gx_clv_params *p);

/* V = Σ_{t=0..T} P_t·R_t/(1+i)^t. contribution_yuan holds P_0..P_T (n = T + 1 values);
 * retention (may be NULL) holds R_0..R_T, each in 0..1; without it R_t = r^t with
 * r = p->retention_rate. p may be NULL (defaults; its horizon is not used: n decides).
 * n = 0, non-finite values, R or r outside 0..1, i ≤ −1: GX_EINVAL. */
enum gx_err gx_clv_basic(const double *contribution_yuan, size_t n, const double *retention,
                         const struct gx_clv_params *p, double *clv_yuan, struct gx_error *err);

/* The common case of seed001: P_0 = first purchase contribution − acquisition cost, then a
 * level P for t = 1..T, R_t = r^t, all from p (NULL: defaults, T = 5, i = 9%, r = 1). */
enum gx_err gx_clv_basic_level(double first_contribution_yuan, double acquisition_yuan,
                               double per_period_yuan, const struct gx_clv_params *p,
                               double *clv_yuan, struct gx_error *err);

/* Expected lifetime T = 1/churn in periods (churn 0.2 → 5). churn must lie in (0, 1]: a churn
 * of 0 would mean an infinite lifetime and is GX_EINVAL, as are NaN and values above 1. */
enum gx_err gx_clv_expected_lifetime(double churn, double *periods, struct gx_error *err);

/* ---- M19 extended CLV ------------------------------------------------------------------ */

struct gx_clv_ext_input {
	double acquisition_yuan;         /* A */
	double first_contribution_yuan;  /* D₀ */
	size_t periods;                  /* T ≥ 0 */
	const double *contribution_yuan; /* D_1..D_T (T values; NULL only when T = 0) */
	const double *cost_yuan;         /* C_1..C_T (T values; NULL only when T = 0) */
	const double *referrals;         /* F_1..F_T referrals a period; NULL: none */
	const double *cross_sell_share;  /* k_1..k_T share of D_t from cross-selling; NULL: 0 */
	const double *retention;         /* R_1..R_T; NULL: r^t with retention_rate */
	double retention_rate;           /* r, 0..1 */
	double discount_rate;            /* i > −1 */
	double price_premium;            /* p, loyal-customer price premium */
	double cost_saving;              /* c, old-customer cost saving */
	double referral_saving_yuan;     /* s per referred customer; NaN: A (the default) */
};

/* Fills retention_rate 1, discount_rate 0.09, referral_saving_yuan NaN, the rest 0. */
void gx_clv_ext_input_default(struct gx_clv_ext_input *in);

/* seed002's six value components; they sum to clv_yuan. */
struct gx_clv_ext_result {
	double clv_yuan;
	double first_purchase_yuan;      /* D₀ − A */
	double repeat_yuan;              /* Σ d_t·(D_t(1−k_t) − C_t) */
	double cross_selling_yuan;       /* Σ d_t·D_t·k_t */
	double cost_savings_yuan;        /* Σ d_t·C_t·c */
	double referrals_yuan;           /* Σ d_t·F_t·s */
	double price_premium_yuan;       /* Σ d_t·D_t·p */
};

/* V = −A + D₀ + Σ_{t=1..T} R_t·[D_t(1+p) − C_t(1−c) + F_t·s]/(1+i)^t with d_t = R_t/(1+i)^t.
 * Non-finite values, negative referrals, shares (R, r, k) outside 0..1, i ≤ −1: GX_EINVAL. */
enum gx_err gx_clv_extended(const struct gx_clv_ext_input *in, struct gx_clv_ext_result *out,
                            struct gx_error *err);

/* ---- M20 retention economics ----------------------------------------------------------- */

struct gx_clv_retention_params {
	int window_months;               /* 12: base [d−24, d−12), repeat [d−12, d) */
};

void gx_clv_retention_params_default(struct gx_clv_retention_params *p);

struct gx_clv_purchase {
	int64_t customer_id;
	int32_t day;                     /* day number (guanxi/analytics/daynum.h) */
};

struct gx_clv_retention {
	size_t base_customers;           /* bought in the base window */
	size_t retained_customers;       /* ... and again in the following window */
	double retention;                /* retained / base */
	double churn;                    /* 1 − retention */
};

/* Retention as of day d from purchases (any order; those on or after d are ignored).
 * No customer in the base window: GX_ENUMERIC (retention undefined). window < 1: GX_EINVAL. */
enum gx_err gx_clv_retention_rate(const struct gx_clv_purchase *purchases, size_t n,
                                  int32_t as_of, const struct gx_clv_retention_params *p,
                                  struct gx_clv_retention *out, struct gx_error *err);
/* The same from counts (retained ≤ base; base 0: GX_ENUMERIC; negative: GX_EINVAL). */
enum gx_err gx_clv_retention_from_counts(int64_t base, int64_t retained,
                                         struct gx_clv_retention *out, struct gx_error *err);

/* Churn by reason: rate[r] = lost customers with reason r / base customers, for reasons
 * 0..n_reasons−1 (reason_of_lost[j] is the reason of lost customer j). A reason out of range,
 * more lost than base customers or base 0: GX_EINVAL / GX_ENUMERIC. */
enum gx_err gx_clv_churn_by_reason(const int *reason_of_lost, size_t n_lost, size_t n_reasons,
                                   size_t base_customers, double *rate,
                                   struct gx_error *err);

/* Kotler's four steps, the last two: lost profit = Σ CLV of the customers lost to avoidable
 * reasons (avoidable[j]; NULL: all avoidable); invest in retention iff its cost < lost profit
 * (1e-9 tolerance: equal is no). CLVs must be finite; cost ≥ 0. */
struct gx_clv_retention_decision {
	double lost_profit_yuan;
	size_t avoidable_lost;
	bool invest;
};

enum gx_err gx_clv_retention_decide(const double *lost_clv_yuan, const bool *avoidable,
                                    size_t n_lost, double retention_cost_yuan,
                                    struct gx_clv_retention_decision *out,
                                    struct gx_error *err);

/* ---- rate metrics ------------------------------------------------------------------------ */

/* Counts over one reporting window; every count ≥ 0 and each numerator ≤ its denominator. */
struct gx_clv_rate_counts {
	int64_t buyers;                  /* customers who bought in the window */
	int64_t repeat_buyers;           /* ... of them with 2+ purchase days: repurchase rate */
	int64_t first_time_buyers;       /* customers whose first purchase fell in the window */
	int64_t second_purchasers;       /* ... of them who bought a second time: second-purchase */
	int64_t leads;                   /* leads closed in the window */
	int64_t leads_converted;         /* ... that became customers: conversion rate */
	int64_t opportunities_won;       /* win rate = won / (won + lost) */
	int64_t opportunities_lost;
	int64_t new_customers;           /* customers acquired in the window */
	int64_t referred_customers;      /* ... of them by referral: referral rate */
	int64_t orders;                  /* orders with a positive net amount */
	int64_t revenue_fen;             /* their net revenue: AOV = revenue / orders */
};

/* Each rate is NaN when its denominator is 0. */
struct gx_clv_rates {
	double repurchase;
	double second_purchase;
	double conversion;
	double win;
	double referral;
	double average_order_yuan;
};

enum gx_err gx_clv_rates(const struct gx_clv_rate_counts *in, struct gx_clv_rates *out,
                         struct gx_error *err);

/* Labels of the six components (0..5 in the order of struct gx_clv_ext_result) and of the
 * rate metrics (0..5 in the order of struct gx_clv_rates). */
const char *gx_clv_component_label(int component, enum gx_lang lang);
const char *gx_clv_rate_label(int rate, enum gx_lang lang);

#endif
