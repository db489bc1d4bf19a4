/* Customer credit management, MODELS.md §6 M25 (客户信用管理): the 5C score (character,
 * capacity, capital, collateral, conditions) from analyst ratings or payment history, the
 * grade A–E, the credit forms each grade allows (seed003), the credit limit, the exposure check
 * that refuses an order on credit with its reason, and receivables aging. Amounts in fen. */
#ifndef GUANXI_ANALYTICS_CREDIT_H
#define GUANXI_ANALYTICS_CREDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

enum gx_credit_c {
	GX_CREDIT_CHARACTER = 0,   /* 品德 */
	GX_CREDIT_CAPACITY,        /* 能力 */
	GX_CREDIT_CAPITAL,         /* 资本 */
	GX_CREDIT_COLLATERAL,      /* 抵押 */
	GX_CREDIT_CONDITIONS,      /* 条件 */
	GX_CREDIT_CS               /* 5 */
};

enum gx_credit_grade { GX_CREDIT_A = 0, GX_CREDIT_B, GX_CREDIT_C, GX_CREDIT_D, GX_CREDIT_E,
	               GX_CREDIT_GRADES };

/* Credit forms of seed003; cash is always allowed and is not a credit form. */
enum gx_credit_form {
	GX_CREDIT_FORM_CASH = 0,          /* 现款 */
	GX_CREDIT_FORM_CHARGE_ACCOUNT,    /* 记帐式 */
	GX_CREDIT_FORM_CREDIT_SALE,       /* 赊销 */
	GX_CREDIT_FORM_INSTALMENT,        /* 分期付款 (bank-mediated) */
	GX_CREDIT_FORM_CONSIGNMENT,       /* 铺货: dealers and retailers only */
	GX_CREDIT_FORMS
};

struct gx_credit_params {
	double weight[GX_CREDIT_CS];          /* 0.30, 0.25, 0.20, 0.15, 0.10 */
	double grade_min[GX_CREDIT_D + 1];    /* A 85, B 70, C 55, D 40; E below */
	/* Lowest grade that may use each form: charge A, credit sale B, instalment C,
	 * consignment C (cash: E, always). */
	enum gx_credit_grade form_lowest[GX_CREDIT_FORMS];
	double limit_factor[GX_CREDIT_GRADES];  /* A 3, B 2, C 1, D 0, E 0 */
	int capacity_months;                  /* 12: window of the average monthly purchases */
	int aging_bounds[3];                  /* 30, 60, 90 days overdue */
};

void gx_credit_params_default(struct gx_credit_params *p);

/* One C from an analyst's ratings 1..5 per criterion: mean of (r − 1)·25 (1 → 0, 3 → 50,
 * 5 → 100). n = 0 or a rating outside 1..5: GX_EINVAL. */
enum gx_err gx_credit_score_from_ratings(const int *ratings, size_t n, double *score,
                                         struct gx_error *err);

/* Character from payment history: share of the invoices due before as_of that were paid by
 * their due date, × 100. paid_day is the day paid or GX_CREDIT_UNPAID; a payment after as_of
 * counts as unpaid. No invoice due yet: GX_ENUMERIC (rate character by an analyst). */
#define GX_CREDIT_UNPAID INT32_MAX
struct gx_credit_invoice {
	int32_t due_day;
	int32_t paid_day;
};

enum gx_err gx_credit_character_from_payments(const struct gx_credit_invoice *inv, size_t n,
                                              int32_t as_of, double *score,
                                              struct gx_error *err);

struct gx_credit_score {
	double score;                 /* Σ wᵢ·Cᵢ / Σ wᵢ, 0..100 */
	enum gx_credit_grade grade;
};

/* Weighted 5C score and grade (1e-9 tolerance: 84.9999999999 is A). Scores outside 0..100,
 * NaN, negative or all-zero weights: GX_EINVAL. p may be NULL. */
enum gx_err gx_credit_score_total(const double scores[GX_CREDIT_CS],
                                  const struct gx_credit_params *p,
                                  struct gx_credit_score *out, struct gx_error *err);
/* Grade of a total score. */
enum gx_err gx_credit_grade_of(double score, const struct gx_credit_params *p,
                               enum gx_credit_grade *out, struct gx_error *err);

/* Whether a grade may use a form; consignment also needs a dealer or retailer. */
bool gx_credit_form_allowed(enum gx_credit_grade grade, enum gx_credit_form form,
                            bool dealer_or_retailer, const struct gx_credit_params *p);

/* Average monthly purchases over the capacity window [as_of − months, as_of), in fen
 * (rounded to the nearest fen), from order days and net amounts. */
struct gx_credit_order {
	int32_t day;
	int64_t net_fen;              /* ≥ 0 */
};

enum gx_err gx_credit_monthly_capacity(const struct gx_credit_order *orders, size_t n,
                                       int32_t as_of, const struct gx_credit_params *p,
                                       int64_t *monthly_fen, struct gx_error *err);

/* Limit = grade factor × monthly capacity (the average above, or an analyst's figure). */
enum gx_err gx_credit_limit(enum gx_credit_grade grade, int64_t monthly_capacity_fen,
                            const struct gx_credit_params *p, int64_t *limit_fen,
                            struct gx_error *err);

enum gx_credit_reason {
	GX_CREDIT_OK = 0,
	GX_CREDIT_REFUSED_FORM,         /* the grade does not allow this credit form */
	GX_CREDIT_REFUSED_NOT_DEALER,   /* consignment for a customer that is not a dealer */
	GX_CREDIT_REFUSED_LIMIT         /* exposure would exceed the limit */
};

struct gx_credit_order_check {
	enum gx_credit_grade grade;
	enum gx_credit_form form;
	bool dealer_or_retailer;
	int64_t limit_fen;
	int64_t open_receivables_fen;
	int64_t unpaid_open_orders_fen;
	int64_t new_order_fen;
};

struct gx_credit_decision {
	bool allowed;
	enum gx_credit_reason reason;
	int64_t exposure_fen;           /* open receivables + unpaid open orders + new order */
	int64_t headroom_fen;           /* limit − exposure (negative when over) */
};

/* Checks an order: cash always passes; a credit form must be allowed for the grade, and the
 * exposure must not exceed the limit (equal is allowed). Negative amounts: GX_EINVAL. */
enum gx_err gx_credit_check_order(const struct gx_credit_order_check *in,
                                  const struct gx_credit_params *p,
                                  struct gx_credit_decision *out, struct gx_error *err);

/* Receivables aging from due dates: current (not yet overdue), 1–30, 31–60, 61–90, > 90 days
 * overdue as of as_of. */
enum gx_credit_age { GX_CREDIT_AGE_CURRENT = 0, GX_CREDIT_AGE_1_30, GX_CREDIT_AGE_31_60,
	             GX_CREDIT_AGE_61_90, GX_CREDIT_AGE_OVER_90, GX_CREDIT_AGES };

struct gx_credit_receivable {
	int32_t due_day;
	int64_t open_fen;               /* ≥ 0 */
};

struct gx_credit_aging {
	int64_t fen[GX_CREDIT_AGES];
	size_t count[GX_CREDIT_AGES];
	int64_t total_fen;
};

enum gx_err gx_credit_aging(const struct gx_credit_receivable *rec, size_t n, int32_t as_of,
                            const struct gx_credit_params *p, struct gx_credit_aging *out,
                            struct gx_error *err);
/* Bucket of one receivable. */
enum gx_credit_age gx_credit_age_of(int32_t due_day, int32_t as_of,
                                    const struct gx_credit_params *p);

const char *gx_credit_c_label(enum gx_credit_c c, enum gx_lang lang);
const char *gx_credit_grade_label(enum gx_credit_grade g, enum gx_lang lang);
const char *gx_credit_form_label(enum gx_credit_form f, enum gx_lang lang);
const char *gx_credit_reason_label(enum gx_credit_reason r, enum gx_lang lang);
const char *gx_credit_age_label(enum gx_credit_age a, enum gx_lang lang);

#endif
