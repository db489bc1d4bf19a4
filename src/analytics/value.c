/* Customer delivered value (M15) and customer profitability / contribution (M16) of
 * MODELS.md §4 (see guanxi/analytics/value.h). Integer fen throughout: these figures feed
 * ledgers and comparisons where a rounding difference would be visible. */
#include "guanxi/analytics/value.h"

#include <math.h>

#include "analytics/value_check.h"

enum gx_err gx_value_delivered(const struct gx_value_delivered_input *in,
                               struct gx_value_delivered *out, struct gx_error *err)
{
	const struct {
		const char *name;
		int64_t v;
		int is_cost;
	} parts[] = {
		{ "product_fen", in->product_fen, 0 }, { "service_fen", in->service_fen, 0 },
		{ "personnel_fen", in->personnel_fen, 0 }, { "image_fen", in->image_fen, 0 },
		{ "money_fen", in->money_fen, 1 }, { "time_fen", in->time_fen, 1 },
		{ "energy_fen", in->energy_fen, 1 }, { "psychic_fen", in->psychic_fen, 1 },
	};
	int64_t sum[2] = { 0, 0 };
	enum gx_err e;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if ((e = vc_nonneg_fen(parts[i].v, parts[i].name, err)) ||
		    (e = vc_add_fen(&sum[parts[i].is_cost], parts[i].v, parts[i].name, err)))
			return e;
	}
	out->total_value_fen = sum[0];
	out->total_cost_fen = sum[1];
	out->delivered_fen = sum[0] - sum[1];   /* both ≥ 0: cannot overflow */
	out->value_cost_ratio = sum[1] > 0 ? (double)sum[0] / (double)sum[1] : NAN;
	return GX_OK;
}

enum gx_err gx_value_profit(int64_t revenue_fen, const struct gx_value_cost *costs, size_t n,
                            struct gx_value_profit *out, struct gx_error *err)
{
	enum gx_err e;
	if ((e = vc_nonneg_fen(revenue_fen, "revenue_fen", err)))
		return e;
	if (n > 0 && !costs)
		return gx_error_set(err, GX_EINVAL, "costs", _("%s: no array given"), "costs");
	int64_t direct = 0, allocated = 0;
	for (size_t i = 0; i < n; i++) {
		if (costs[i].amount_fen < 0)
			return gx_error_set(err, GX_EINVAL, "costs",
			                    _("cost %zu is negative (%lld fen); book reversals as "
			                      "lower costs"), i, (long long)costs[i].amount_fen);
		if (costs[i].kind == GX_VALUE_COST_DIRECT)
			e = vc_add_fen(&direct, costs[i].amount_fen, "costs", err);
		else if (costs[i].kind == GX_VALUE_COST_ALLOCATED)
			e = vc_add_fen(&allocated, costs[i].amount_fen, "costs", err);
		else
			e = gx_error_set(err, GX_EINVAL, "costs",
			                 _("cost %zu has an unknown kind %d (direct or allocated)"), i,
			                 (int)costs[i].kind);
		if (e)
			return e;
	}
	int64_t all = direct;
	if ((e = vc_add_fen(&all, allocated, "costs", err)))
		return e;
	out->revenue_fen = revenue_fen;
	out->direct_cost_fen = direct;
	out->allocated_cost_fen = allocated;
	out->profitability_fen = revenue_fen - all;
	out->contribution_fen = revenue_fen - direct;
	out->contribution_margin = revenue_fen > 0
	                           ? (double)out->contribution_fen / (double)revenue_fen : NAN;
	return GX_OK;
}

const char *gx_value_cost_kind_label(enum gx_value_cost_kind kind, enum gx_lang lang)
{
	switch (kind) {
	case GX_VALUE_COST_DIRECT: return lang == GX_LANG_ZH ? "直接成本" : "direct cost";
	case GX_VALUE_COST_ALLOCATED: return lang == GX_LANG_ZH ? "分摊成本" : "allocated cost";
	}
	return NULL;
}
