/* guanxi analyze lifecycle | relationship: the customer lifecycle stage (M13) from orders —
 * a file of orders or the database's sales net of refunds — with the mapping onto the other
 * stage schemes, and Kotler's relationship type and the four-level gap report (M14). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "cli/analyze_common.h"
#include "cli/analyze_settings.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/analytics/relationship.h"
#include "guanxi/analyze.h"

/* Defaults: the company's lifecycle_* settings when the database is read (no FILE). */
static int lifecycle_params(struct cli_ctx *ctx, struct gx_lifecycle_params *p)
{
	struct app_model_params m;
	int rc0 = ana_model_params(ctx, !ctx->argc, &m);
	if (rc0)
		return rc0;
	*p = m.lifecycle;
	long inactive = p->inactive_days, window = p->window_months, tenure = p->mature_tenure_days,
	     outreach = p->outreach_days;
	int rc = ana_opt_long(ctx, "inactive-days", 1, 100000, &inactive);
	if (!rc)
		rc = ana_opt_double(ctx, "p-alive-lost", &p->p_alive_lost);
	if (!rc)
		rc = ana_opt_long(ctx, "window-months", 1, 1200, &window);
	if (!rc)
		rc = ana_opt_double(ctx, "decline-ratio", &p->decline_ratio);
	if (!rc)
		rc = ana_opt_double(ctx, "p-alive-decline", &p->p_alive_decline);
	if (!rc)
		rc = ana_opt_double(ctx, "wallet-mature", &p->wallet_mature);
	if (!rc)
		rc = ana_opt_long(ctx, "mature-tenure-days", 0, 100000, &tenure);
	if (!rc)
		rc = ana_opt_double(ctx, "stable-low", &p->stable_low);
	if (!rc)
		rc = ana_opt_double(ctx, "stable-high", &p->stable_high);
	if (!rc)
		rc = ana_opt_long(ctx, "outreach-days", 0, 100000, &outreach);
	p->inactive_days = (int)inactive;
	p->window_months = (int)window;
	p->mature_tenure_days = (int)tenure;
	p->outreach_days = (int)outreach;
	return rc;
}

static const char *const lc_cols[] = {
	"customer|Customer|客户", "name|Name|名称", "stage|Stage|阶段", "phase|Primary stage|主阶段", "rule|Why|依据",
	"purchases|Purchases|购买次数", "days_since_last|Days since last|距上次购买天数", "tenure_days|Tenure (days)|客户时长 (天)",
	"trailing_yuan|Trailing revenue|近期收入", "prior_yuan|Prior revenue|前期收入", "ratio|Ratio|比率",
	"strength|Relationship strength|关系强度", NULL};

static void lc_row(struct ana_table *t, const char *code, const char *name, const struct gx_lifecycle_result *r,
                   const struct gx_lifecycle_params *p)
{
	char why[GX_LIFECYCLE_LABEL_SIZE];
	enum gx_lang lang = gx_i18n_lang();
	ana_row(t);
	ana_text(t, code);
	ana_text(t, name);
	ana_text(t, gx_lifecycle_stage_label(r->stage, lang));
	ana_text(t, gx_lifecycle_phase_label(r->phase, lang));
	ana_text(t, gx_lifecycle_rule_label(r->rule, p, lang, why, sizeof why));
	ana_int(t, (long long)r->purchases);
	if (r->days_since_last >= 0)
		ana_int(t, r->days_since_last);
	else
		ana_null(t);
	if (r->tenure_days >= 0)
		ana_int(t, r->tenure_days);
	else
		ana_null(t);
	ana_yuan(t, r->revenue_trailing_fen);
	ana_yuan(t, r->revenue_prior_fen);
	ana_num(t, r->revenue_ratio, 4);
	ana_text(t, gx_lifecycle_strength_label(gx_lifecycle_strength_of(r->stage, false), lang));
}

static void mapping_table(struct ana_report *rep)
{
	static const char *const cols[] = {
		"stage|Stage|阶段", "six_stage|Six-stage scheme|六阶段", "four_phase|Four phases|四阶段",
		"relationship_phase|Relationship phase|关系阶段", "strength|Strength|关系强度", "ladder|Ladder|关系阶梯",
		"loyalty_phase|Loyalty phase|忠诚阶段", "actions|Suggested actions|建议措施", NULL};
	struct ana_table *t = ana_table_add(rep, "stages", "Stages and their counterparts", "阶段对照与建议", cols);
	for (int s = 0; s < GX_LIFECYCLE_STAGES; s++) {
		struct gx_lifecycle_mapping m;
		struct gx_error err;
		if (gx_lifecycle_mapping_get((enum gx_lifecycle_stage)s, gx_i18n_lang(), &m, &err) != GX_OK)
			continue;
		ana_row(t);
		ana_text(t, m.stage);
		ana_text(t, m.six_stage);
		ana_text(t, m.four_phase);
		ana_text(t, m.relationship_phase);
		ana_text(t, m.strength);
		ana_text(t, m.ladder);
		ana_text(t, m.loyalty_phase);
		ana_text(t, m.actions);
	}
}

static int run_lifecycle(struct cli_ctx *ctx)
{
	struct gx_lifecycle_params p;
	int32_t as_of = 0;
	int rc = lifecycle_params(ctx, &p);
	if (!rc)
		rc = ana_opt_date(ctx, "as-of", &as_of);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "customers", "Lifecycle stage (M13)", "客户生命周期阶段 (M13)", lc_cols);
	struct gx_lifecycle_result res;
	if (!ctx->argc) {
		struct app_analyze_base b;
		if ((rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, as_of, &b)))
			return rc;
		for (size_t i = 0; i < b.n_customers; i++) {
			struct gx_lifecycle_input in;
			app_analyze_lifecycle_input(&b, i, a, &in);
			if (gx_lifecycle_classify(&in, as_of, &p, &res, &err) != GX_OK) {
				gx_error_prefix(&err, "%s: ", b.customers[i].code);
				return ana_fail(&err);
			}
			lc_row(t, b.customers[i].code, b.customers[i].name, &res, &p);
		}
	} else {
		struct ana_data d;
		int c_cust, c_date, c_amt, c_cost;
		if (ana_data_read(a, ctx->argv[0], &d, &err) != GX_OK || ana_data_need(&d, "customer", &c_cust, &err) != GX_OK ||
		    ana_data_need(&d, "date", &c_date, &err) != GX_OK || ana_data_need(&d, "amount", &c_amt, &err) != GX_OK)
			return ana_fail(&err);
		c_cost = ana_data_col(&d, "cost");
		size_t *group, n;
		const char **keys;
		ana_data_group(a, &d, c_cust, &group, &keys, &n);
		struct gx_lifecycle_order *o = gx_arena_calloc(a, d.nrows + 1, sizeof *o);
		for (size_t g = 0; g < n; g++) {
			size_t m = 0;
			for (size_t r = 0; r < d.nrows; r++) {
				if (group[r] != g)
					continue;
				int64_t cost = 0;
				if (ana_data_date(&d, r, c_date, &o[m].day, &err) != GX_OK ||
				    ana_data_fen(&d, r, c_amt, true, &o[m].net_fen, &err) != GX_OK ||
				    (c_cost >= 0 && ana_data_fen(&d, r, c_cost, true, &cost, &err) != GX_OK))
					return ana_fail(&err);
				o[m].margin_fen = o[m].net_fen - cost;
				m++;
			}
			struct gx_lifecycle_input in = {.orders = o, .n_orders = m, .p_alive = NAN, .share_of_wallet = NAN,
			                                .last_outbound_day = GX_LIFECYCLE_NO_DAY};
			if (gx_lifecycle_classify(&in, as_of, &p, &res, &err) != GX_OK) {
				gx_error_prefix(&err, "%s: ", keys[g]);
				return ana_fail(&err);
			}
			lc_row(t, keys[g], "", &res, &p);
		}
	}
	mapping_table(&rep);
	return ana_report_print(&rep);
}

/* ---- relationship (M14) ----------------------------------------------------------------------- */

/* A level given by name, Chinese label or number 0..max. */
static int level_of(const char *s, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	if (s[0] >= '0' && s[0] < '0' + count && !s[1])
		return s[0] - '0';
	return -1;
}

static const char *const margins[] = {"low", "medium", "high"};
static const char *const counts[] = {"many", "medium", "few"};
static const char *const types[] = {"basic", "reactive", "accountable", "proactive", "partnership"};

static int type_of(const char *s)
{
	int t = level_of(s, types, GX_RELATION_TYPES);
	for (int i = 0; t < 0 && i < GX_RELATION_TYPES; i++)
		if (strcmp(s, gx_relation_type_label((enum gx_relation_type)i, GX_LANG_ZH)) == 0)
			t = i;
	return t;
}

static const char *const type_cols[] = {"item|Item|项目", "margin|Margin|利润水平", "customers|Customers|客户数量",
                                        "type|Relationship type|关系类型", "description|What the firm does|企业做法", NULL};

static void type_row(struct ana_table *t, const char *item, int m, int c)
{
	enum gx_relation_type ty;
	struct gx_error err;
	gx_relation_kotler_type((enum gx_relation_margin)m, (enum gx_relation_customers)c, &ty, &err);
	ana_row(t);
	ana_text(t, item);
	ana_text(t, margins[m]);
	ana_text(t, counts[c]);
	ana_text(t, gx_relation_type_label(ty, gx_i18n_lang()));
	ana_text(t, gx_relation_type_description(ty, gx_i18n_lang()));
}

/* Berry & Parasuraman's relationship-marketing levels, for reference beside the type. */
static void rm_levels_part(struct ana_report *rep)
{
	static const char *const cols[] = {"level|Level|级别", "name|Relationship marketing|关系营销", "description|Ties|纽带", NULL};
	struct ana_table *t = ana_table_add(rep, "rm_levels", "Relationship-marketing levels", "关系营销的三个层次", cols);
	for (int l = GX_RELATION_RM_FINANCIAL; l <= GX_RELATION_RM_STRUCTURAL; l++) {
		ana_row(t);
		ana_int(t, l);
		ana_text(t, gx_relation_rm_level_label((enum gx_relation_rm_level)l, gx_i18n_lang()));
		ana_text(t, gx_relation_rm_level_description((enum gx_relation_rm_level)l, gx_i18n_lang()));
	}
}

static int run_relationship(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	if (!ctx->argc) {
		int m = -1, c = -1;
		int rc = cli_opt(ctx, "margin") ? ana_opt_choice(ctx, "margin", (const char *const[]){"low", "medium", "high", NULL}, &m) : 0;
		if (!rc && cli_opt(ctx, "customers"))
			rc = ana_opt_choice(ctx, "customers", (const char *const[]){"many", "medium", "few", NULL}, &c);
		if (!rc && (m < 0 || c < 0))
			rc = cli_usage_error(ctx, "%s", _("give FILE, or --margin and --customers"));
		if (rc)
			return rc;
		type_row(ana_table_add(&rep, "types", "Kotler relationship type (M14)", "科特勒关系类型 (M14)", type_cols), "", m, c);
		rm_levels_part(&rep);
		return ana_report_print(&rep);
	}
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	int c_item = ana_data_col(&d, "item");
	if (ana_data_col(&d, "margin") >= 0) {
		int c_m, c_c;
		if (ana_data_need(&d, "margin", &c_m, &err) != GX_OK || ana_data_need(&d, "customers", &c_c, &err) != GX_OK)
			return ana_fail(&err);
		struct ana_table *t = ana_table_add(&rep, "types", "Kotler relationship type (M14)", "科特勒关系类型 (M14)", type_cols);
		for (size_t r = 0; r < d.nrows; r++) {
			int m = level_of(ana_data_text(&d, r, c_m), margins, 3);
			int c = level_of(ana_data_text(&d, r, c_c), counts, 3);
			if (m < 0 || c < 0) {
				ana_data_cell_error(&d, r, m < 0 ? c_m : c_c, &err,
				                    m < 0 ? _("expected low, medium or high") : _("expected many, medium or few"));
				return ana_fail(&err);
			}
			type_row(t, c_item >= 0 ? ana_data_text(&d, r, c_item) : "", m, c);
		}
		return ana_report_print(&rep);
	}
	static const char *const lv[] = {"expected", "perceived", "implemented", "designed"};
	int col[4];
	for (int k = 0; k < 4; k++)
		if (ana_data_need(&d, lv[k], &col[k], &err) != GX_OK) {
			gx_error_prefix(&err, "%s ", _("give margin,customers or"));
			return ana_fail(&err);
		}
	static const char *const gcols[] = {"item|Item|项目", "design|Design gap|设计差距", "delivery|Delivery gap|实施差距",
	                                    "perception|Perception gap|感知差距", "customer|Customer gap|顾客差距", NULL};
	struct ana_table *t = ana_table_add(&rep, "gaps", "Four-level relationship gaps (M14)", "关系水平差距 (M14)", gcols);
	for (size_t r = 0; r < d.nrows; r++) {
		int v[4];
		for (int k = 0; k < 4; k++)
			if ((v[k] = type_of(ana_data_text(&d, r, col[k]))) < 0) {
				ana_data_cell_error(&d, r, col[k], &err, _("expected basic, reactive, accountable, proactive or partnership (or 0..4)"));
				return ana_fail(&err);
			}
		struct gx_relation_levels in = {(enum gx_relation_type)v[0], (enum gx_relation_type)v[1],
		                                (enum gx_relation_type)v[2], (enum gx_relation_type)v[3]};
		struct gx_relation_gaps g;
		if (gx_relation_gap_report(&in, &g, &err) != GX_OK)
			return ana_fail(&err);
		ana_row(t);
		ana_text(t, c_item >= 0 ? ana_data_text(&d, r, c_item) : gx_arena_printf(&ctx->arena, "%zu", r + 1));
		ana_int(t, g.design);
		ana_int(t, g.delivery);
		ana_int(t, g.perception);
		ana_int(t, g.customer);
	}
	return ana_report_print(&rep);
}

static const struct cli_option lifecycle_options[] = {
	{"inactive-days", "N", N_("no order for this long (and nothing owed) → termination (default: 365); reading the database: setting lifecycle_inactive_days"), NULL},
	{"p-alive-lost", "X", N_("P(alive) below this → termination (only with a BTYD fit) (default: 0.1); reading the database: setting lifecycle_p_alive_lost"), NULL},
	{"window-months", "N", N_("trailing revenue window and the window before it (default: 12); reading the database: setting lifecycle_window_months"), NULL},
	{"decline-ratio", "X", N_("trailing revenue below this share of the prior window → decline (default: 0.70); reading the database: setting lifecycle_decline_ratio"), NULL},
	{"p-alive-decline", "X", N_("P(alive) below this → decline (only with a BTYD fit) (default: 0.5); reading the database: setting lifecycle_p_alive_decline"), NULL},
	{"wallet-mature", "X", N_("share of wallet at least this → maturity (when known) (default: 0.6); reading the database: setting lifecycle_wallet_mature"), NULL},
	{"mature-tenure-days", "N", N_("tenure needed for maturity (default: 365); reading the database: setting lifecycle_mature_tenure_days"), NULL},
	{"stable-low", "X", N_("lowest trailing/prior revenue ratio counted as stable (default: 0.80); reading the database: setting lifecycle_stable_low"), NULL},
	{"stable-high", "X", N_("highest trailing/prior revenue ratio counted as stable (default: 1.20); reading the database: setting lifecycle_stable_high"), NULL},
	{"outreach-days", "N", N_("outbound interaction this recent counts as development (default: 180); reading the database: setting lifecycle_outreach_days"), NULL},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_lifecycle = {
	.name = "analyze lifecycle",
	.summary = N_("customer lifecycle stage with the mapping to the other schemes and suggested actions (M13)"),
	.usage = N_("[FILE]  (orders: customer,date,amount[,cost], net amounts in yuan; without FILE: the database's orders net of refunds)"),
	.options = lifecycle_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_lifecycle,
};

static const struct cli_option relationship_options[] = {
	{"margin", "LEVEL", N_("without FILE: margin low, medium or high"), NULL},
	{"customers", "LEVEL", N_("without FILE: number of customers many, medium or few"), NULL},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_relationship = {
	.name = "analyze relationship",
	.summary = N_("Kotler relationship type from margin and customer count, and the four-level gap report (M14)"),
	.usage = N_("[FILE]  ([item,]margin,customers; or [item,]expected,perceived,implemented,designed as types; or no FILE with --margin and --customers)"),
	.options = relationship_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_relationship,
};
