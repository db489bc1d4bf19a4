/* Customer lifecycle classifier of MODELS.md M13 (see guanxi/analytics/lifecycle.h) and its
 * mapping table. The rules run in a fixed order, first match wins, so that a customer who both
 * stopped buying and still owes money is never "terminated" while the debt is open (seed002:
 * the lifecycle ends only when claims are settled). */
#include "guanxi/analytics/lifecycle.h"

#include <math.h>
#include <stdio.h>

#include "analytics/value_check.h"
#include "guanxi/analytics/daynum.h"

void gx_lifecycle_params_default(struct gx_lifecycle_params *p)
{
	p->inactive_days = 365;
	p->p_alive_lost = 0.1;
	p->window_months = 12;
	p->decline_ratio = 0.70;
	p->p_alive_decline = 0.5;
	p->wallet_mature = 0.6;
	p->mature_tenure_days = 365;
	p->stable_low = 0.80;
	p->stable_high = 1.20;
	p->outreach_days = 180;
}

static enum gx_err check_params(const struct gx_lifecycle_params *p, struct gx_error *err)
{
	if (p->inactive_days < 1 || p->mature_tenure_days < 0 || p->outreach_days < 0 ||
	    p->window_months < 1 || p->window_months > 1200)
		return gx_error_set(err, GX_EINVAL, "params",
		                    _("lifecycle windows must be positive (inactive %d days, window "
		                      "%d months)"), p->inactive_days, p->window_months);
	if (!(p->p_alive_lost >= 0 && p->p_alive_lost <= 1 && p->p_alive_decline >= 0 &&
	      p->p_alive_decline <= 1 && p->wallet_mature >= 0 && p->wallet_mature <= 1 &&
	      p->decline_ratio >= 0 && p->stable_low >= 0 && p->stable_low <= p->stable_high &&
	      isfinite(p->stable_high)))
		return gx_error_set(err, GX_EINVAL, "params", "%s",
		                    _("lifecycle thresholds must be shares in 0..1 and the stable band "
		                      "must run from low to high"));
	return GX_OK;
}

static enum gx_err check_prob(double v, const char *field, struct gx_error *err)
{
	if (isnan(v))
		return GX_OK;
	if (!isfinite(v) || v < 0 || v > 1)
		return gx_error_set(err, GX_EINVAL, field, _("%s must be in 0..1 or unknown (got %g)"),
		                    field, v);
	return GX_OK;
}

enum gx_err gx_lifecycle_classify(const struct gx_lifecycle_input *in, int32_t as_of,
                                  const struct gx_lifecycle_params *p,
                                  struct gx_lifecycle_result *out, struct gx_error *err)
{
	struct gx_lifecycle_params def;
	if (!p) {
		gx_lifecycle_params_default(&def);
		p = &def;
	}
	enum gx_err e;
	if ((e = check_params(p, err)) || (e = check_prob(in->p_alive, "p_alive", err)) ||
	    (e = check_prob(in->share_of_wallet, "share_of_wallet", err)) ||
	    (e = vc_nonneg_fen(in->open_receivables_fen, "open_receivables_fen", err)) ||
	    (e = vc_nonneg_fen(in->acquisition_spend_fen, "acquisition_spend_fen", err)))
		return e;
	if (in->n_orders > 0 && !in->orders)
		return gx_error_set(err, GX_EINVAL, "orders", _("%s: no array given"), "orders");
	if ((e = gx_daynum_check(as_of, "as_of", err)) ||
	    (in->last_outbound_day != GX_LIFECYCLE_NO_DAY &&
	     (e = gx_daynum_check(in->last_outbound_day, "last_outbound_day", err))))
		return e;
	for (size_t i = 0; i < in->n_orders; i++)
		if ((e = gx_daynum_check(in->orders[i].day, "orders", err)))
			return e;

	struct gx_lifecycle_result r = { .days_since_last = -1, .tenure_days = -1 };
	int32_t mid = gx_daynum_add_months(as_of, -p->window_months);
	int32_t start = gx_daynum_add_months(as_of, -2 * p->window_months);
	int32_t first = 0, last = 0;
	for (size_t i = 0; i < in->n_orders; i++) {
		const struct gx_lifecycle_order *o = &in->orders[i];
		if (o->day >= as_of)
			continue;
		if ((e = vc_add_fen(&r.margin_cum_fen, o->margin_fen, "margin_fen", err)))
			return e;
		if (o->day >= mid)
			e = vc_add_fen(&r.revenue_trailing_fen, o->net_fen, "net_fen", err);
		else if (o->day >= start)
			e = vc_add_fen(&r.revenue_prior_fen, o->net_fen, "net_fen", err);
		if (e)
			return e;
		if (o->net_fen > 0) {
			if (r.purchases == 0 || o->day < first)
				first = o->day;
			if (r.purchases == 0 || o->day > last)
				last = o->day;
			r.purchases++;
		}
	}
	bool has_orders = r.purchases > 0;
	if (has_orders) {
		r.days_since_last = as_of - last;
		r.tenure_days = as_of - first;
	}
	r.revenue_ratio = r.revenue_prior_fen > 0
	                  ? (double)r.revenue_trailing_fen / (double)r.revenue_prior_fen : NAN;
	bool fit = !isnan(in->p_alive);
	bool outreach = in->last_outbound_day != GX_LIFECYCLE_NO_DAY &&
	                in->last_outbound_day < as_of &&
	                (int64_t)as_of - in->last_outbound_day <= p->outreach_days;

	if (in->closed_by_user) {
		r.stage = GX_LIFECYCLE_TERMINATION;
		r.rule = GX_LIFECYCLE_RULE_CLOSED;
	} else if (has_orders && in->open_receivables_fen == 0 &&
	           r.days_since_last >= p->inactive_days) {
		r.stage = GX_LIFECYCLE_TERMINATION;
		r.rule = GX_LIFECYCLE_RULE_INACTIVE;
	} else if (has_orders && in->open_receivables_fen == 0 && fit &&
	           vc_lt(in->p_alive, p->p_alive_lost)) {
		r.stage = GX_LIFECYCLE_TERMINATION;
		r.rule = GX_LIFECYCLE_RULE_PALIVE_LOST;
	} else if (has_orders && !isnan(r.revenue_ratio) &&
	           vc_lt(r.revenue_ratio, p->decline_ratio)) {
		r.stage = GX_LIFECYCLE_DECLINE;
		r.rule = GX_LIFECYCLE_RULE_REVENUE_DROP;
	} else if (has_orders && fit && vc_lt(in->p_alive, p->p_alive_decline)) {
		r.stage = GX_LIFECYCLE_DECLINE;
		r.rule = GX_LIFECYCLE_RULE_PALIVE_LOW;
	} else if (!isnan(in->share_of_wallet) && has_orders &&
	           vc_ge(in->share_of_wallet, p->wallet_mature)) {
		r.stage = GX_LIFECYCLE_MATURITY;
		r.rule = GX_LIFECYCLE_RULE_WALLET;
	} else if (isnan(in->share_of_wallet) && has_orders &&
	           r.tenure_days >= p->mature_tenure_days && !isnan(r.revenue_ratio) &&
	           vc_ge(r.revenue_ratio, p->stable_low) && vc_le(r.revenue_ratio, p->stable_high)) {
		r.stage = GX_LIFECYCLE_MATURITY;
		r.rule = GX_LIFECYCLE_RULE_STABLE;
	} else if (has_orders && r.margin_cum_fen > in->acquisition_spend_fen) {
		r.stage = GX_LIFECYCLE_GROWTH;
		r.rule = GX_LIFECYCLE_RULE_PROFITABLE;
	} else if (in->open_lead_or_opportunity || in->campaign_member || outreach) {
		r.stage = GX_LIFECYCLE_DEVELOPMENT;
		r.rule = GX_LIFECYCLE_RULE_ACTIVITY;
	} else if (has_orders) {
		r.stage = GX_LIFECYCLE_DEVELOPMENT;
		r.rule = GX_LIFECYCLE_RULE_UNPROFITABLE;
	} else {
		r.stage = GX_LIFECYCLE_PROSPECT;
		r.rule = GX_LIFECYCLE_RULE_NONE;
	}
	r.phase = gx_lifecycle_phase_of(r.stage);
	*out = r;
	return GX_OK;
}

enum gx_lifecycle_phase gx_lifecycle_phase_of(enum gx_lifecycle_stage s)
{
	switch (s) {
	case GX_LIFECYCLE_PROSPECT:
	case GX_LIFECYCLE_DEVELOPMENT: return GX_LIFECYCLE_PHASE_ACQUISITION;
	case GX_LIFECYCLE_GROWTH: return GX_LIFECYCLE_PHASE_GROWTH;
	case GX_LIFECYCLE_MATURITY: return GX_LIFECYCLE_PHASE_MATURITY;
	case GX_LIFECYCLE_DECLINE: return GX_LIFECYCLE_PHASE_DECLINE;
	default: return GX_LIFECYCLE_PHASE_TERMINATION;
	}
}

const char *gx_lifecycle_stage_label(enum gx_lifecycle_stage s, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "acquisition: prospect", "潜在获取期 / 潜在客户期" },
		{ "acquisition: development", "潜在获取期 / 客户开发期" },
		{ "growth", "客户成长期" },
		{ "maturity", "客户成熟期" },
		{ "decline", "客户衰退期" },
		{ "termination", "客户终止期" },
	};
	return (unsigned)s < GX_LIFECYCLE_STAGES ? l[s][lang == GX_LANG_ZH] : NULL;
}

const char *gx_lifecycle_phase_label(enum gx_lifecycle_phase ph, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "acquisition", "潜在获取期" }, { "growth", "客户成长期" },
		{ "maturity", "客户成熟期" }, { "decline", "客户衰退期" },
		{ "termination", "客户终止期" },
	};
	return (unsigned)ph < 5 ? l[ph][lang == GX_LANG_ZH] : NULL;
}

/* Percent of a share, without float noise (0.7 → "70"). */
static double pct(double share)
{
	return round(share * 10000.0) / 100.0;
}

const char *gx_lifecycle_rule_label(enum gx_lifecycle_rule r, const struct gx_lifecycle_params *p,
                                    enum gx_lang lang, char *buf, size_t size)
{
	struct gx_lifecycle_params def;
	if (!p) {
		gx_lifecycle_params_default(&def);
		p = &def;
	}
	bool zh = lang == GX_LANG_ZH;
	int w = p->window_months;
	if (!buf || !size)
		return NULL;
	buf[0] = '\0';
	switch (r) {
	case GX_LIFECYCLE_RULE_CLOSED:
		snprintf(buf, size, "%s", zh ? "已被用户关闭" : "closed by a user");
		break;
	case GX_LIFECYCLE_RULE_INACTIVE:
		if (zh)
			snprintf(buf, size, "%d 天未下单且无未结应收款", p->inactive_days);
		else
			snprintf(buf, size, "no order for %d days and nothing owed", p->inactive_days);
		break;
	case GX_LIFECYCLE_RULE_PALIVE_LOST:
		if (zh)
			snprintf(buf, size, "仍活跃的概率 P(alive) 低于 %g 且无未结应收款", p->p_alive_lost);
		else
			snprintf(buf, size, "P(alive) below %g and nothing owed", p->p_alive_lost);
		break;
	case GX_LIFECYCLE_RULE_REVENUE_DROP:
		if (zh)
			snprintf(buf, size, "近 %d 个月收入低于前 %d 个月的 %g%%", w, w, pct(p->decline_ratio));
		else
			snprintf(buf, size, "revenue of the last %d months fell below %g%% of the %d months before", w,
			         pct(p->decline_ratio), w);
		break;
	case GX_LIFECYCLE_RULE_PALIVE_LOW:
		if (zh)
			snprintf(buf, size, "仍活跃的概率 P(alive) 低于 %g", p->p_alive_decline);
		else
			snprintf(buf, size, "P(alive) below %g", p->p_alive_decline);
		break;
	case GX_LIFECYCLE_RULE_WALLET:
		if (zh)
			snprintf(buf, size, "钱包份额不低于 %g%%", pct(p->wallet_mature));
		else
			snprintf(buf, size, "share of wallet at least %g%%", pct(p->wallet_mature));
		break;
	case GX_LIFECYCLE_RULE_STABLE:
		if (zh)
			snprintf(buf, size, "成为客户至少 %d 天，且近 %d 个月收入为前 %d 个月的 %g%%–%g%%",
			         p->mature_tenure_days, w, w, pct(p->stable_low), pct(p->stable_high));
		else
			snprintf(buf, size, "customer for at least %d days, revenue of the last %d months at %g%%–%g%% "
			         "of the %d before", p->mature_tenure_days, w, pct(p->stable_low), pct(p->stable_high), w);
		break;
	case GX_LIFECYCLE_RULE_PROFITABLE:
		snprintf(buf, size, "%s", zh ? "累计毛利已超过获取成本" : "margin has covered the acquisition spend");
		break;
	case GX_LIFECYCLE_RULE_ACTIVITY:
		if (zh)
			snprintf(buf, size, "正在开发（线索、商机、营销活动或近 %d 天内主动联系）", p->outreach_days);
		else
			snprintf(buf, size, "being developed (lead, opportunity, campaign or outreach in the last %d days)",
			         p->outreach_days);
		break;
	case GX_LIFECYCLE_RULE_UNPROFITABLE:
		snprintf(buf, size, "%s", zh ? "已购买但累计毛利尚未超过获取成本"
		                             : "buying, but margin has not yet covered the acquisition spend");
		break;
	case GX_LIFECYCLE_RULE_NONE:
		snprintf(buf, size, "%s", zh ? "无购买也无开发活动" : "no purchase and no development activity");
		break;
	default:
		return NULL;
	}
	return buf;
}

/* The rules that lead to each stage, in evaluation order. */
static const int stage_rules[GX_LIFECYCLE_STAGES][4] = {
	[GX_LIFECYCLE_PROSPECT] = {GX_LIFECYCLE_RULE_NONE, -1, -1, -1},
	[GX_LIFECYCLE_DEVELOPMENT] = {GX_LIFECYCLE_RULE_ACTIVITY, GX_LIFECYCLE_RULE_UNPROFITABLE, -1, -1},
	[GX_LIFECYCLE_GROWTH] = {GX_LIFECYCLE_RULE_PROFITABLE, -1, -1, -1},
	[GX_LIFECYCLE_MATURITY] = {GX_LIFECYCLE_RULE_WALLET, GX_LIFECYCLE_RULE_STABLE, -1, -1},
	[GX_LIFECYCLE_DECLINE] = {GX_LIFECYCLE_RULE_REVENUE_DROP, GX_LIFECYCLE_RULE_PALIVE_LOW, -1, -1},
	[GX_LIFECYCLE_TERMINATION] = {GX_LIFECYCLE_RULE_CLOSED, GX_LIFECYCLE_RULE_INACTIVE,
	                              GX_LIFECYCLE_RULE_PALIVE_LOST, -1},
};

const char *gx_lifecycle_stage_explain(enum gx_lifecycle_stage s, const struct gx_lifecycle_params *p,
                                       enum gx_lang lang, char *buf, size_t size)
{
	if ((unsigned)s >= GX_LIFECYCLE_STAGES || !buf || !size)
		return NULL;
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < 4 && stage_rules[s][i] >= 0; i++) {
		char one[GX_LIFECYCLE_LABEL_SIZE];
		gx_lifecycle_rule_label((enum gx_lifecycle_rule)stage_rules[s][i], p, lang, one, sizeof one);
		int n = snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : lang == GX_LANG_ZH ? "；或" : "; or ", one);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	return buf;
}

/* ---- mapping onto the other schemes ------------------------------------------------------ */

enum gx_lifecycle_strength gx_lifecycle_strength_of(enum gx_lifecycle_stage s, bool true_loyal)
{
	switch (s) {
	case GX_LIFECYCLE_DEVELOPMENT: return GX_LIFECYCLE_STRENGTH_ACQUAINTED;
	case GX_LIFECYCLE_GROWTH: return GX_LIFECYCLE_STRENGTH_RESERVED;
	case GX_LIFECYCLE_MATURITY:
		return true_loyal ? GX_LIFECYCLE_STRENGTH_CONSOLIDATED : GX_LIFECYCLE_STRENGTH_STEADY;
	case GX_LIFECYCLE_DECLINE: return GX_LIFECYCLE_STRENGTH_WAVERING;
	default: return GX_LIFECYCLE_STRENGTH_NONE;
	}
}

static const char *const strength_l[][2] = {
	{ "no relationship", "未建立关系" },
	{ "getting acquainted", "初识期" },
	{ "reserved", "矜持期" },
	{ "steady", "平稳期" },
	{ "wavering", "思异期" },
	{ "consolidated", "稳固期" },
};

static const char *const strength_focus_l[][2] = {
	{ "win attention first: make the offer known and easy to try",
	  "先争取关注:让客户了解并方便试用产品" },
	{ "show a broad range of brands, keep product and service quality high, add free services "
	  "beyond the goods", "展示丰富的品牌,保证产品与服务质量,提供商品以外的免费服务" },
	{ "keep quality reliable, agree on what the product, service and price are worth, add "
	  "non-material benefits", "保持质量稳定,与客户就商品、服务和价格的价值达成共识,提供非物质利益" },
	{ "keep the range broad and create indirect contact and conversation opportunities",
	  "保持品牌丰富,增加间接互动与沟通接触的机会" },
	{ "find out what draws the customer elsewhere and answer it before the customer leaves",
	  "查明客户动摇的原因,在其离开前及时回应" },
	{ "treat the customer as part of the firm: involve them, ask for their advice, share value "
	  "fairly", "把客户当作企业的一员:请其参与、听取建议、公平分享价值" },
};

const char *gx_lifecycle_strength_label(enum gx_lifecycle_strength st, enum gx_lang lang)
{
	return (unsigned)st <= GX_LIFECYCLE_STRENGTH_CONSOLIDATED ? strength_l[st][lang == GX_LANG_ZH]
	                                                          : NULL;
}

const char *gx_lifecycle_strength_focus(enum gx_lifecycle_strength st, enum gx_lang lang)
{
	return (unsigned)st <= GX_LIFECYCLE_STRENGTH_CONSOLIDATED
	       ? strength_focus_l[st][lang == GX_LANG_ZH] : NULL;
}

/* Columns: six-stage, four-phase, relationship phase, ladder, loyalty phase, actions. */
static const char *const map_l[GX_LIFECYCLE_STAGES][6][2] = {
	[GX_LIFECYCLE_PROSPECT] = {
		{ "prospect period", "潜在客户期" },
		{ "phase 1: prospect (asking questions)", "阶段一:潜在客户(询问)" },
		{ "before establishment", "关系建立之前" },
		{ "prospect", "潜在客户" },
		{ "—", "—" },
		{ "Survey the target market and pick the prospects worth developing; answer enquiries "
		  "quickly; build reputation, since outside opinion decides whether a prospect moves on.",
		  "调研目标市场,筛选值得开发的潜在客户;及时答复询问;重视外界评价和口碑,它决定潜在客户是否进入下一阶段。" },
	},
	[GX_LIFECYCLE_DEVELOPMENT] = {
		{ "development period", "客户开发期" },
		{ "phase 2: new customer", "阶段二:新客户" },
		{ "establishment", "关系建立" },
		{ "customer", "客户" },
		{ "exploration", "考察期" },
		{ "Reduce the customer's uncertainty with good value for money and reliable after-sales "
		  "service; run a frequent-buyer reward programme (a larger benefit for each repeat "
		  "purchase) and an emotional-contact programme (unexpected extras, tips, a customer club).",
		  "以高性价比和完善的售后服务降低客户的不确定性;实施常客奖励计划(每次重复购买获得更大优惠)和感情联络计划(意料之外的附加价值、使用窍门、客户俱乐部)。" },
	},
	[GX_LIFECYCLE_GROWTH] = {
		{ "growth (retention) period", "客户成长(维系)期" },
		{ "phase 3: established customer", "阶段三:老客户" },
		{ "development", "关系发展" },
		{ "client", "主顾客" },
		{ "formation", "形成期" },
		{ "Keep every standard of the first purchases; run a special-treatment programme: study "
		  "each customer's record and tailor products, rewards and service to their needs; "
		  "offer cross-selling.",
		  "保持初期的一切服务水准;实施特别对待计划:分析每位老客户的资料,为其量身定制产品、奖励方式和特殊服务;开展交叉销售。" },
	},
	[GX_LIFECYCLE_MATURITY] = {
		{ "maturity period", "客户成熟期" },
		{ "phase 4: established customer of new business", "阶段四:新业务的新客户" },
		{ "maintenance", "关系维持" },
		{ "supporter (advocate or partner when referring or partnering)",
		  "支持者(推荐他人或合作时为宣传者、合作伙伴)" },
		{ "stability", "稳定期" },
		{ "Make this stage last: run a community programme (invite the customer into the firm's "
		  "activities, reward their suggestions), show that both sides gain equally, introduce "
		  "new lines of business.",
		  "尽量延长成熟期:实施共同体计划(邀请客户参与企业活动,奖励其建议),让客户看到双方获得的价值对等,引导其使用新业务。" },
	},
	[GX_LIFECYCLE_DECLINE] = {
		{ "decline period", "客户衰退期" },
		{ "phase 3: established customer (buying less)", "阶段三:老客户(购买减少)" },
		{ "maintenance at risk of ending", "关系维持(面临结束)" },
		{ "client, slipping", "主顾客(下滑中)" },
		{ "—", "—" },
		{ "Decide by value: if the customer's CLV justifies it (M20), invest to find and fix the "
		  "cause and restore the relationship; otherwise reduce spending on the customer step by "
		  "step.",
		  "按价值决策:若客户终生价值值得挽留(M20),加大投入,查明并消除原因,恢复关系;否则逐步减少投入。" },
	},
	[GX_LIFECYCLE_TERMINATION] = {
		{ "termination period", "客户终止期" },
		{ "—", "—" },
		{ "ending", "关系结束" },
		{ "lost customer (off the ladder)", "流失客户(离开阶梯)" },
		{ "—", "—" },
		{ "Settle the remaining claims and debts; record the reason for leaving; try to win the "
		  "customer back only when the expected return exceeds the cost.",
		  "清理剩余的债权债务;记录流失原因;仅当预期收益高于成本时才尝试赢回。" },
	},
};

enum gx_err gx_lifecycle_mapping_get(enum gx_lifecycle_stage s, enum gx_lang lang,
                                     struct gx_lifecycle_mapping *out, struct gx_error *err)
{
	if ((unsigned)s >= GX_LIFECYCLE_STAGES)
		return gx_error_set(err, GX_EINVAL, "stage", _("unknown lifecycle stage %d"), (int)s);
	int z = lang == GX_LANG_ZH;
	out->stage = gx_lifecycle_stage_label(s, lang);
	out->six_stage = map_l[s][0][z];
	out->four_phase = map_l[s][1][z];
	out->relationship_phase = map_l[s][2][z];
	out->strength = gx_lifecycle_strength_label(gx_lifecycle_strength_of(s, false), lang);
	out->ladder = map_l[s][3][z];
	out->loyalty_phase = map_l[s][4][z];
	out->actions = map_l[s][5][z];
	return GX_OK;
}
