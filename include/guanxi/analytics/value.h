/* Customer value models of MODELS.md §4, M15–M16 (客户价值): Kotler's customer delivered value
 * (total customer value minus total customer cost) and customer profitability versus
 * contribution (revenue minus all costs, or minus direct costs only). Amounts are integer fen
 * (DECISIONS.md); sums are exact and overflow is an error, not a wrap-around. */
#ifndef GUANXI_ANALYTICS_VALUE_H
#define GUANXI_ANALYTICS_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* ---- M15 delivered value --------------------------------------------------------------- */

/* The four value and four cost components; all ≥ 0, in fen (perceived values are priced in
 * money so that they can be subtracted from the price paid). */
struct gx_value_delivered_input {
	int64_t product_fen, service_fen, personnel_fen, image_fen;   /* total customer value */
	int64_t money_fen, time_fen, energy_fen, psychic_fen;         /* total customer cost */
};

struct gx_value_delivered {
	int64_t total_value_fen;
	int64_t total_cost_fen;
	int64_t delivered_fen;        /* total value − total cost */
	double value_cost_ratio;      /* total value / total cost; NaN when the cost is 0 */
};

/* Negative components or an overflowing sum: GX_EINVAL. */
enum gx_err gx_value_delivered(const struct gx_value_delivered_input *in,
                               struct gx_value_delivered *out, struct gx_error *err);

/* ---- M16 profitability and contribution ------------------------------------------------- */

enum gx_value_cost_kind {
	GX_VALUE_COST_DIRECT = 0,     /* caused by this customer (goods, delivery, service visits) */
	GX_VALUE_COST_ALLOCATED       /* shared costs assigned to the customer by a key */
};

struct gx_value_cost {
	int64_t amount_fen;           /* ≥ 0 */
	enum gx_value_cost_kind kind;
};

struct gx_value_profit {
	int64_t revenue_fen;
	int64_t direct_cost_fen;
	int64_t allocated_cost_fen;
	int64_t profitability_fen;    /* 客户盈利性: revenue − all costs */
	int64_t contribution_fen;     /* 客户贡献度: revenue − direct costs */
	double contribution_margin;   /* contribution / revenue; NaN when revenue is 0 */
};

/* revenue_fen ≥ 0 (net of refunds); costs may be NULL when n = 0. Negative amounts, an
 * unknown kind or an overflowing sum: GX_EINVAL. */
enum gx_err gx_value_profit(int64_t revenue_fen, const struct gx_value_cost *costs, size_t n,
                            struct gx_value_profit *out, struct gx_error *err);

const char *gx_value_cost_kind_label(enum gx_value_cost_kind kind, enum gx_lang lang);

#endif
