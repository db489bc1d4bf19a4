/* Customer credit management of MODELS.md M25 (see guanxi/analytics/credit.h). The order
 * check returns a reason code rather than a bare yes/no, because the sales user who is refused
 * must be told whether to ask for a different payment form, a dealer flag, or a smaller order. */
#include "guanxi/analytics/credit.h"

#include <math.h>

#include "analytics/value_check.h"
#include "guanxi/analytics/daynum.h"

void gx_credit_params_default(struct gx_credit_params *p)
{
	static const double w[GX_CREDIT_CS] = { 0.30, 0.25, 0.20, 0.15, 0.10 };
	static const double g[GX_CREDIT_D + 1] = { 85, 70, 55, 40 };
	static const double f[GX_CREDIT_GRADES] = { 3, 2, 1, 0, 0 };
	for (int i = 0; i < GX_CREDIT_CS; i++)
		p->weight[i] = w[i];
	for (int i = 0; i <= GX_CREDIT_D; i++)
		p->grade_min[i] = g[i];
	for (int i = 0; i < GX_CREDIT_GRADES; i++)
		p->limit_factor[i] = f[i];
	p->form_lowest[GX_CREDIT_FORM_CASH] = GX_CREDIT_E;
	p->form_lowest[GX_CREDIT_FORM_CHARGE_ACCOUNT] = GX_CREDIT_A;
	p->form_lowest[GX_CREDIT_FORM_CREDIT_SALE] = GX_CREDIT_B;
	p->form_lowest[GX_CREDIT_FORM_INSTALMENT] = GX_CREDIT_C;
	p->form_lowest[GX_CREDIT_FORM_CONSIGNMENT] = GX_CREDIT_C;
	p->capacity_months = 12;
	p->aging_bounds[0] = 30;
	p->aging_bounds[1] = 60;
	p->aging_bounds[2] = 90;
}

#define DEFAULTS(p, def)                          \
	do {                                      \
		if (!(p)) {                       \
			gx_credit_params_default(&(def)); \
			(p) = &(def);             \
		}                                 \
	} while (0)

enum gx_err gx_credit_score_from_ratings(const int *ratings, size_t n, double *score,
                                         struct gx_error *err)
{
	if (n == 0 || !ratings)
		return gx_error_set(err, GX_EINVAL, "ratings",
		                    "%s", _("a credit score needs at least one analyst rating"));
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		if (ratings[i] < 1 || ratings[i] > 5)
			return gx_error_set(err, GX_EINVAL, "ratings",
			                    _("rating %zu is %d; ratings run from 1 to 5"), i, ratings[i]);
		s += (ratings[i] - 1) * 25.0;
	}
	*score = s / (double)n;
	return GX_OK;
}

enum gx_err gx_credit_character_from_payments(const struct gx_credit_invoice *inv, size_t n,
                                              int32_t as_of, double *score,
                                              struct gx_error *err)
{
	if (n > 0 && !inv)
		return gx_error_set(err, GX_EINVAL, "invoices", _("%s: no array given"), "invoices");
	size_t due = 0, on_time = 0;
	for (size_t i = 0; i < n; i++) {
		if (inv[i].due_day >= as_of)
			continue;      /* not yet due: says nothing about punctuality */
		due++;
		if (inv[i].paid_day != GX_CREDIT_UNPAID && inv[i].paid_day < as_of &&
		    inv[i].paid_day <= inv[i].due_day)
			on_time++;
	}
	if (due == 0)
		return gx_error_set(err, GX_ENUMERIC, "invoices",
		                    "%s", _("no invoice has fallen due yet, so payment history cannot score "
		                      "character; use an analyst's rating"));
	*score = 100.0 * (double)on_time / (double)due;
	return GX_OK;
}

enum gx_err gx_credit_grade_of(double score, const struct gx_credit_params *p,
                               enum gx_credit_grade *out, struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	if (!isfinite(score) || vc_lt(score, 0) || vc_gt(score, 100))
		return gx_error_set(err, GX_EINVAL, "score",
		                    _("a credit score must lie in 0..100 (got %g)"), score);
	for (int i = GX_CREDIT_A; i < GX_CREDIT_D; i++)
		if (!(p->grade_min[i] > p->grade_min[i + 1]))
			return gx_error_set(err, GX_EINVAL, "grade_min",
			                    "%s", _("grade thresholds must decrease from A to D"));
	enum gx_credit_grade g = GX_CREDIT_E;
	for (int i = GX_CREDIT_D; i >= GX_CREDIT_A; i--)
		if (vc_ge(score, p->grade_min[i]))
			g = (enum gx_credit_grade)i;
	*out = g;
	return GX_OK;
}

enum gx_err gx_credit_score_total(const double scores[GX_CREDIT_CS],
                                  const struct gx_credit_params *p,
                                  struct gx_credit_score *out, struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	double s = 0, sw = 0;
	for (int i = 0; i < GX_CREDIT_CS; i++) {
		if (!isfinite(scores[i]) || scores[i] < 0 || scores[i] > 100)
			return gx_error_set(err, GX_EINVAL, "scores",
			                    _("the %s score must lie in 0..100 (got %g)"),
			                    gx_credit_c_label((enum gx_credit_c)i, GX_LANG_EN), scores[i]);
		if (!isfinite(p->weight[i]) || p->weight[i] < 0)
			return gx_error_set(err, GX_EINVAL, "weight",
			                    _("the %s weight must be a number ≥ 0"),
			                    gx_credit_c_label((enum gx_credit_c)i, GX_LANG_EN));
		s += p->weight[i] * scores[i];
		sw += p->weight[i];
	}
	if (sw <= 0)
		return gx_error_set(err, GX_EINVAL, "weight", "%s", _("the 5C weights are all zero"));
	out->score = s / sw;
	return gx_credit_grade_of(out->score, p, &out->grade, err);
}

bool gx_credit_form_allowed(enum gx_credit_grade grade, enum gx_credit_form form,
                            bool dealer_or_retailer, const struct gx_credit_params *p)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	if ((unsigned)form >= GX_CREDIT_FORMS || (unsigned)grade >= GX_CREDIT_GRADES)
		return false;
	if (form == GX_CREDIT_FORM_CASH)
		return true;
	if (form == GX_CREDIT_FORM_CONSIGNMENT && !dealer_or_retailer)
		return false;
	return grade <= p->form_lowest[form];
}

enum gx_err gx_credit_monthly_capacity(const struct gx_credit_order *orders, size_t n,
                                       int32_t as_of, const struct gx_credit_params *p,
                                       int64_t *monthly_fen, struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	if (p->capacity_months < 1 || p->capacity_months > 1200)
		return gx_error_set(err, GX_EINVAL, "capacity_months",
		                    _("the capacity window must be 1 to 1200 months (got %d)"),
		                    p->capacity_months);
	if (n > 0 && !orders)
		return gx_error_set(err, GX_EINVAL, "orders", _("%s: no array given"), "orders");
	enum gx_err e = gx_daynum_check(as_of, "as_of", err);
	if (e)
		return e;
	int32_t start = gx_daynum_add_months(as_of, -p->capacity_months);
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if ((e = vc_nonneg_fen(orders[i].net_fen, "net_fen", err)))
			return e;
		if (orders[i].day >= start && orders[i].day < as_of &&
		    (e = vc_add_fen(&sum, orders[i].net_fen, "net_fen", err)))
			return e;
	}
	int64_t m = p->capacity_months;
	*monthly_fen = sum / m + (sum % m * 2 >= m);
	return GX_OK;
}

enum gx_err gx_credit_limit(enum gx_credit_grade grade, int64_t monthly_capacity_fen,
                            const struct gx_credit_params *p, int64_t *limit_fen,
                            struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	enum gx_err e;
	if ((unsigned)grade >= GX_CREDIT_GRADES)
		return gx_error_set(err, GX_EINVAL, "grade", _("unknown credit grade %d"), (int)grade);
	if ((e = vc_nonneg_fen(monthly_capacity_fen, "monthly_capacity_fen", err)))
		return e;
	double f = p->limit_factor[grade];
	if (!isfinite(f) || f < 0)
		return gx_error_set(err, GX_EINVAL, "limit_factor",
		                    "%s", _("the limit factor of a grade must be a number ≥ 0"));
	if (f == floor(f) && f < 1e6) {
		/* Integer factors (the defaults) are exact in int64. */
		if (__builtin_mul_overflow(monthly_capacity_fen, (int64_t)f, limit_fen))
			return gx_error_set(err, GX_EINVAL, "limit", "%s", _("the credit limit overflows"));
	} else {
		double lim = nearbyint(f * (double)monthly_capacity_fen);
		if (lim >= 9.2e18)
			return gx_error_set(err, GX_EINVAL, "limit", "%s", _("the credit limit overflows"));
		*limit_fen = (int64_t)lim;
	}
	return GX_OK;
}

enum gx_err gx_credit_check_order(const struct gx_credit_order_check *in,
                                  const struct gx_credit_params *p,
                                  struct gx_credit_decision *out, struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	enum gx_err e;
	if ((unsigned)in->grade >= GX_CREDIT_GRADES)
		return gx_error_set(err, GX_EINVAL, "grade", _("unknown credit grade %d"),
		                    (int)in->grade);
	if ((unsigned)in->form >= GX_CREDIT_FORMS)
		return gx_error_set(err, GX_EINVAL, "form", _("unknown payment form %d"),
		                    (int)in->form);
	if ((e = vc_nonneg_fen(in->limit_fen, "limit_fen", err)) ||
	    (e = vc_nonneg_fen(in->open_receivables_fen, "open_receivables_fen", err)) ||
	    (e = vc_nonneg_fen(in->unpaid_open_orders_fen, "unpaid_open_orders_fen", err)) ||
	    (e = vc_nonneg_fen(in->new_order_fen, "new_order_fen", err)))
		return e;
	int64_t exp = in->open_receivables_fen;
	if ((e = vc_add_fen(&exp, in->unpaid_open_orders_fen, "exposure", err)) ||
	    (e = vc_add_fen(&exp, in->new_order_fen, "exposure", err)))
		return e;
	out->exposure_fen = exp;
	out->headroom_fen = in->limit_fen - exp;
	out->allowed = true;
	out->reason = GX_CREDIT_OK;
	if (in->form == GX_CREDIT_FORM_CASH)
		return GX_OK;
	if (in->form == GX_CREDIT_FORM_CONSIGNMENT && !in->dealer_or_retailer)
		out->reason = GX_CREDIT_REFUSED_NOT_DEALER;
	else if (!gx_credit_form_allowed(in->grade, in->form, in->dealer_or_retailer, p))
		out->reason = GX_CREDIT_REFUSED_FORM;
	else if (exp > in->limit_fen)
		out->reason = GX_CREDIT_REFUSED_LIMIT;
	out->allowed = out->reason == GX_CREDIT_OK;
	return GX_OK;
}

enum gx_credit_age gx_credit_age_of(int32_t due_day, int32_t as_of,
                                    const struct gx_credit_params *p)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	int64_t overdue = (int64_t)as_of - due_day;
	if (overdue <= 0)
		return GX_CREDIT_AGE_CURRENT;
	if (overdue <= p->aging_bounds[0])
		return GX_CREDIT_AGE_1_30;
	if (overdue <= p->aging_bounds[1])
		return GX_CREDIT_AGE_31_60;
	if (overdue <= p->aging_bounds[2])
		return GX_CREDIT_AGE_61_90;
	return GX_CREDIT_AGE_OVER_90;
}

enum gx_err gx_credit_aging(const struct gx_credit_receivable *rec, size_t n, int32_t as_of,
                            const struct gx_credit_params *p, struct gx_credit_aging *out,
                            struct gx_error *err)
{
	struct gx_credit_params def;
	DEFAULTS(p, def);
	if (!(p->aging_bounds[0] >= 1 && p->aging_bounds[0] < p->aging_bounds[1] &&
	      p->aging_bounds[1] < p->aging_bounds[2]))
		return gx_error_set(err, GX_EINVAL, "aging_bounds",
		                    _("aging bounds must increase from at least 1 day (got %d, %d, %d)"),
		                    p->aging_bounds[0], p->aging_bounds[1], p->aging_bounds[2]);
	if (n > 0 && !rec)
		return gx_error_set(err, GX_EINVAL, "receivables", _("%s: no array given"),
		                    "receivables");
	*out = (struct gx_credit_aging){ 0 };
	enum gx_err e;
	for (size_t i = 0; i < n; i++) {
		if ((e = vc_nonneg_fen(rec[i].open_fen, "open_fen", err)))
			return e;
		enum gx_credit_age a = gx_credit_age_of(rec[i].due_day, as_of, p);
		if ((e = vc_add_fen(&out->fen[a], rec[i].open_fen, "open_fen", err)) ||
		    (e = vc_add_fen(&out->total_fen, rec[i].open_fen, "open_fen", err)))
			return e;
		out->count[a]++;
	}
	return GX_OK;
}

const char *gx_credit_c_label(enum gx_credit_c c, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "character", "品德" }, { "capacity", "能力" }, { "capital", "资本" },
		{ "collateral", "抵押" }, { "conditions", "条件" },
	};
	return (unsigned)c < GX_CREDIT_CS ? l[c][lang == GX_LANG_ZH] : NULL;
}

const char *gx_credit_grade_label(enum gx_credit_grade g, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "A (excellent)", "A(优)" }, { "B (good)", "B(良)" }, { "C (fair)", "C(中)" },
		{ "D (weak)", "D(差)" }, { "E (poor)", "E(劣)" },
	};
	return (unsigned)g < GX_CREDIT_GRADES ? l[g][lang == GX_LANG_ZH] : NULL;
}

const char *gx_credit_form_label(enum gx_credit_form f, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "cash", "现款" },
		{ "charge account", "记帐式" },
		{ "credit sale", "赊销" },
		{ "instalments (bank-mediated)", "分期付款" },
		{ "consignment stocking (dealers and retailers)", "铺货" },
	};
	return (unsigned)f < GX_CREDIT_FORMS ? l[f][lang == GX_LANG_ZH] : NULL;
}

const char *gx_credit_reason_label(enum gx_credit_reason r, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "allowed", "允许" },
		{ "refused: the credit grade does not allow this credit form; pay cash or use an "
		  "allowed form", "拒绝:该信用等级不允许此信用方式,请现款或改用允许的方式" },
		{ "refused: consignment stocking is only for dealers and retailers",
		  "拒绝:铺货仅适用于经销商和零售商" },
		{ "refused: the order would take the credit exposure above the limit",
		  "拒绝:该订单将使信用占用超过信用额度" },
	};
	return (unsigned)r < 4 ? l[r][lang == GX_LANG_ZH] : NULL;
}

const char *gx_credit_age_label(enum gx_credit_age a, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "current", "未到期" }, { "1–30 days overdue", "逾期1–30天" },
		{ "31–60 days overdue", "逾期31–60天" }, { "61–90 days overdue", "逾期61–90天" },
		{ "over 90 days overdue", "逾期90天以上" },
	};
	return (unsigned)a < GX_CREDIT_AGES ? l[a][lang == GX_LANG_ZH] : NULL;
}
