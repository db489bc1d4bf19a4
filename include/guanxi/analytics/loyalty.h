/* Customer loyalty models of MODELS.md §2 (客户忠诚): the Tucker repeat-purchase rule (M9), the
 * nine-factor loyalty index of seed002 (M10), the Jones & Sasser satisfaction × loyalty types
 * (M11) and the Dick & Basu attitude × behaviour loyalty types with the course's spurious-loyalty
 * drivers (M12). Pure functions: arrays in, values out; labels in Chinese and English. */
#ifndef GUANXI_ANALYTICS_LOYALTY_H
#define GUANXI_ANALYTICS_LOYALTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* ---- M9 Tucker rule -------------------------------------------------------------------- */

enum gx_loyalty_period {
	GX_LOYALTY_PERIOD_DAY = 0,
	GX_LOYALTY_PERIOD_WEEK,      /* Monday-starting weeks */
	GX_LOYALTY_PERIOD_MONTH,     /* calendar month (default) */
	GX_LOYALTY_PERIOD_QUARTER,
	GX_LOYALTY_PERIOD_YEAR
};

struct gx_loyalty_tucker_params {
	int periods;                      /* N consecutive complete periods: 3 */
	enum gx_loyalty_period period;    /* GX_LOYALTY_PERIOD_MONTH */
};

void gx_loyalty_tucker_params_default(struct gx_loyalty_tucker_params *p);

/* Loyal as of day `as_of` iff the customer bought in each of the N most recent complete
 * periods before as_of. The period containing as_of is never complete (as_of is the start of
 * that day), so as of 2026-04-01 the periods are January–March 2026. purchase_days are day
 * numbers (guanxi/analytics/daynum.h) in any order; purchases on or after as_of are ignored.
 * p may be NULL (defaults). N < 1, a bad period or NULL arrays: GX_EINVAL. */
enum gx_err gx_loyalty_tucker(const int32_t *purchase_days, size_t n, int32_t as_of,
                              const struct gx_loyalty_tucker_params *p, bool *loyal,
                              struct gx_error *err);

/* ---- M10 nine-factor loyalty index ------------------------------------------------------ */

/* Column order of the factor matrix (seed002's indicator system). */
enum gx_loyalty_factor {
	GX_LOYALTY_A11_DURATION = 0,   /* purchase duration (days since first purchase), ≥ 0 */
	GX_LOYALTY_A12_FREQUENCY,      /* purchase frequency (e.g. orders a year), ≥ 0 */
	GX_LOYALTY_A13_TREND,          /* frequency trend (any sign) */
	GX_LOYALTY_A21_WALLET,         /* share of wallet 0..1 */
	GX_LOYALTY_A22_CROSS,          /* cross-buying: distinct categories, ≥ 0 */
	GX_LOYALTY_A31_REFERRALS,      /* referrals, ≥ 0 */
	GX_LOYALTY_A32_DISCOUNT,       /* share of purchases made on discount 0..1 (inverted) */
	GX_LOYALTY_A33_WILLINGNESS,    /* willingness to buy again (survey, any scale) */
	GX_LOYALTY_A34_SATISFACTION,   /* satisfaction (survey, any scale) */
	GX_LOYALTY_FACTORS             /* 9 */
};

enum gx_loyalty_group { GX_LOYALTY_A1 = 0, GX_LOYALTY_A2, GX_LOYALTY_A3, GX_LOYALTY_GROUPS };

struct gx_loyalty_index_params {
	/* Weight of each group: 1/3 each. */
	double group_weight[GX_LOYALTY_GROUPS];
	/* Weight of each factor within its group: equal within a group (1/3, 1/2, 1/4). */
	double factor_weight[GX_LOYALTY_FACTORS];
};

void gx_loyalty_index_params_default(struct gx_loyalty_index_params *p);
/* The group a factor belongs to. */
enum gx_loyalty_group gx_loyalty_factor_group(enum gx_loyalty_factor f);

/* Loyalty index of n customers. factors is row-major n × 9 in the order above; NaN marks a
 * missing factor. Each factor is normalised to 0..1 by its percentile rank over the customers
 * that have it: ranks from 0 in ascending order, ties get the mean rank, value = rank/(m − 1)
 * (0.5 when only one customer has it); A32 is inverted (1 − that). A customer's index is
 * Σ wᵢ·xᵢ / Σ wᵢ over the factors it has (wᵢ = group weight × factor weight), so missing
 * factors drop out and the weights renormalise. behaviour (may be NULL) gets the same over A1
 * and A2 only, the sub-index M12 uses. normalised (may be NULL) gets the n × 9 normalised
 * values (NaN where missing). index or behaviour is NaN for a customer with no factor of the
 * kind. Infinite values, negative counts, shares outside 0..1, negative weights: GX_EINVAL. */
enum gx_err gx_loyalty_index(const double *factors, size_t n,
                             const struct gx_loyalty_index_params *p, double *index,
                             double *behaviour, double *normalised, struct gx_error *err);

/* ---- M11 satisfaction × loyalty (Jones & Sasser) --------------------------------------- */

enum gx_loyalty_js {
	GX_LOYALTY_JS_UNCLASSIFIED = 0,  /* no satisfaction value */
	GX_LOYALTY_JS_APOSTLE,           /* 信徒: loyalist with both ≥ 4.5 */
	GX_LOYALTY_JS_LOYALIST,          /* 忠诚型 */
	GX_LOYALTY_JS_MERCENARY,         /* 图利型 */
	GX_LOYALTY_JS_HOSTAGE,           /* 人质型 */
	GX_LOYALTY_JS_DEFECTOR,          /* 流失型 */
	GX_LOYALTY_JS_TERRORIST          /* 暴徒: defector with both ≤ 1.5 */
};

struct gx_loyalty_js_params {
	double midpoint;      /* 3: high means strictly above */
	double apostle;       /* 4.5: both ≥ → apostle */
	double terrorist;     /* 1.5: both ≤ → terrorist */
};

void gx_loyalty_js_params_default(struct gx_loyalty_js_params *p);

/* Linear rescale of x from [lo, hi] to 1..5 (a survey answer or index); lo ≥ hi, x outside
 * [lo, hi] or NaN: GX_EINVAL. */
enum gx_err gx_loyalty_rescale_1_5(double x, double lo, double hi, double *out,
                                   struct gx_error *err);
/* Loyalty on 1..5 from an M10 index 0..1: 1 + 4·index. */
enum gx_err gx_loyalty_from_index(double index, double *out, struct gx_error *err);

/* Type of a customer from satisfaction and loyalty on 1..5 (1e-9 tolerance at every line).
 * NaN satisfaction → GX_LOYALTY_JS_UNCLASSIFIED (not an error). Values outside 1..5, NaN
 * loyalty with a satisfaction value: GX_EINVAL. p may be NULL. */
enum gx_err gx_loyalty_js_classify(double sat_1_5, double loy_1_5,
                                   const struct gx_loyalty_js_params *p,
                                   enum gx_loyalty_js *out, struct gx_error *err);
const char *gx_loyalty_js_label(enum gx_loyalty_js t, enum gx_lang lang);

/* ---- M12 loyalty types (Dick & Basu, seed002's five kinds) ------------------------------ */

enum gx_loyalty_type {
	GX_LOYALTY_TYPE_NONE = 0,   /* low attitude, low repeat: 无忠诚 */
	GX_LOYALTY_TYPE_TRUE,       /* high/high: 超值忠诚 */
	GX_LOYALTY_TYPE_PRICE,      /* spurious, driven by discounts: 价格忠诚 */
	GX_LOYALTY_TYPE_INCENTIVE,  /* spurious, driven by points: 激励忠诚 */
	GX_LOYALTY_TYPE_MONOPOLY,   /* spurious, no alternative supplier: 垄断忠诚 */
	GX_LOYALTY_TYPE_INERTIA,    /* spurious, none of the above: 惰性忠诚 */
	GX_LOYALTY_TYPE_LATENT      /* high attitude, low repeat: 潜在忠诚 */
};

struct gx_loyalty_type_params {
	double attitude_midpoint;   /* 3: attitude high iff satisfaction > 3 */
	double repeat_threshold;    /* 0.5: repeat high iff behaviour sub-index ≥ 0.5 */
	double price_share;         /* 0.5: ≥ 50% of purchases discounted → price loyalty */
	double incentive_share;     /* 0.5: points redeemed in ≥ 50% of orders → incentive */
};

void gx_loyalty_type_params_default(struct gx_loyalty_type_params *p);

struct gx_loyalty_type_input {
	double satisfaction_1_5;    /* M11's satisfaction, NaN if never surveyed (low attitude) */
	double behaviour_index;     /* M10 A1+A2 sub-index 0..1, NaN if unknown */
	bool tucker_loyal;          /* M9 rule holds */
	double discount_share;      /* share of purchases made on discount 0..1, NaN unknown */
	double points_share;        /* share of orders with points redeemed 0..1, NaN unknown */
	bool no_alternative;        /* flagged as having no alternative supplier */
};

struct gx_loyalty_type_result {
	enum gx_loyalty_type type;
	bool attitude_surveyed;     /* false: the UI says "attitude not surveyed" */
	bool attitude_high;
	bool repeat_high;
};

/* Attitude × repeat behaviour, spurious loyalty split by its driver (price, then incentive,
 * then monopoly, else inertia). p may be NULL. Values out of range: GX_EINVAL. */
enum gx_err gx_loyalty_type_classify(const struct gx_loyalty_type_input *in,
                                     const struct gx_loyalty_type_params *p,
                                     struct gx_loyalty_type_result *out, struct gx_error *err);
const char *gx_loyalty_type_label(enum gx_loyalty_type t, enum gx_lang lang);

#endif
