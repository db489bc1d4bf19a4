/* Customer lifecycle, MODELS.md §3 M13 (客户生命周期): the five-stage classifier of seed000
 * (潜在获取期 split into prospect and development, 成长期, 成熟期, 衰退期, 终止期), evaluated as an
 * ordered list of rules (first match wins), with the documented mapping onto seed002's
 * six-stage and four-phase schemes, the relationship phases, the five relationship-strength
 * stages, the relationship ladder, and each stage's suggested actions. */
#ifndef GUANXI_ANALYTICS_LIFECYCLE_H
#define GUANXI_ANALYTICS_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* Sub-stages (the two halves of 潜在获取期 are told apart). */
enum gx_lifecycle_stage {
	GX_LIFECYCLE_PROSPECT = 0,     /* 潜在获取期 / 潜在客户期 */
	GX_LIFECYCLE_DEVELOPMENT,      /* 潜在获取期 / 客户开发期 */
	GX_LIFECYCLE_GROWTH,           /* 客户成长期 */
	GX_LIFECYCLE_MATURITY,         /* 客户成熟期 */
	GX_LIFECYCLE_DECLINE,          /* 客户衰退期 */
	GX_LIFECYCLE_TERMINATION,      /* 客户终止期 */
	GX_LIFECYCLE_STAGES
};

/* The five primary stages. */
enum gx_lifecycle_phase {
	GX_LIFECYCLE_PHASE_ACQUISITION = 0,   /* 潜在获取期 */
	GX_LIFECYCLE_PHASE_GROWTH,
	GX_LIFECYCLE_PHASE_MATURITY,
	GX_LIFECYCLE_PHASE_DECLINE,
	GX_LIFECYCLE_PHASE_TERMINATION
};

/* Which rule decided the stage, so the UI can say why. */
enum gx_lifecycle_rule {
	GX_LIFECYCLE_RULE_CLOSED = 0,        /* closed by a user */
	GX_LIFECYCLE_RULE_INACTIVE,          /* no order for inactive_days, nothing owed */
	GX_LIFECYCLE_RULE_PALIVE_LOST,       /* P(alive) < 0.1, nothing owed */
	GX_LIFECYCLE_RULE_REVENUE_DROP,      /* trailing revenue < decline_ratio of the prior window */
	GX_LIFECYCLE_RULE_PALIVE_LOW,        /* P(alive) < 0.5 */
	GX_LIFECYCLE_RULE_WALLET,            /* share of wallet ≥ 0.6 */
	GX_LIFECYCLE_RULE_STABLE,            /* tenure ≥ mature_tenure_days, revenue in the stable band */
	GX_LIFECYCLE_RULE_PROFITABLE,        /* cumulative margin > acquisition spend */
	GX_LIFECYCLE_RULE_ACTIVITY,          /* open lead/opportunity, campaign, recent outreach */
	GX_LIFECYCLE_RULE_UNPROFITABLE,      /* orders, but margin ≤ acquisition spend */
	GX_LIFECYCLE_RULE_NONE               /* nothing else matched */
};

struct gx_lifecycle_params {
	int inactive_days;              /* 365: no order for this long → termination */
	double p_alive_lost;            /* 0.1 */
	int window_months;              /* 12: trailing window and the window before it */
	double decline_ratio;           /* 0.70 */
	double p_alive_decline;         /* 0.5 */
	double wallet_mature;           /* 0.6 */
	int mature_tenure_days;         /* 365 */
	double stable_low;              /* 0.80 */
	double stable_high;             /* 1.20 */
	int outreach_days;              /* 180: outbound interaction counts as development */
};

void gx_lifecycle_params_default(struct gx_lifecycle_params *p);

/* An order: its local date as a day number, net amount (lines minus refunds) and margin. Only
 * orders with a positive net amount count as purchases (DECISIONS.md); all count in sums. */
struct gx_lifecycle_order {
	int32_t day;
	int64_t net_fen;
	int64_t margin_fen;
};

#define GX_LIFECYCLE_NO_DAY INT32_MIN

struct gx_lifecycle_input {
	const struct gx_lifecycle_order *orders;  /* any order; those on/after as_of ignored */
	size_t n_orders;
	bool closed_by_user;
	int64_t open_receivables_fen;       /* ≥ 0 */
	int64_t acquisition_spend_fen;      /* ≥ 0; 0 when unknown */
	double p_alive;                     /* NaN when no BTYD fit exists */
	double share_of_wallet;             /* NaN when unknown */
	bool open_lead_or_opportunity;
	bool campaign_member;
	int32_t last_outbound_day;          /* GX_LIFECYCLE_NO_DAY when none */
};

struct gx_lifecycle_result {
	enum gx_lifecycle_stage stage;
	enum gx_lifecycle_phase phase;
	enum gx_lifecycle_rule rule;
	size_t purchases;                   /* orders with a positive net amount before as_of */
	int32_t days_since_last;            /* −1 without purchases */
	int32_t tenure_days;                /* days since the first purchase, −1 without */
	int64_t revenue_trailing_fen;       /* [as_of − window, as_of) */
	int64_t revenue_prior_fen;          /* [as_of − 2·window, as_of − window) */
	double revenue_ratio;               /* trailing / prior, NaN when prior is 0 */
	int64_t margin_cum_fen;
};

/* Classifies one customer as of day as_of. p may be NULL. P(alive) or share of wallet outside
 * 0..1, negative receivables or acquisition spend, bad parameters: GX_EINVAL. */
enum gx_err gx_lifecycle_classify(const struct gx_lifecycle_input *in, int32_t as_of,
                                  const struct gx_lifecycle_params *p,
                                  struct gx_lifecycle_result *out, struct gx_error *err);

enum gx_lifecycle_phase gx_lifecycle_phase_of(enum gx_lifecycle_stage s);
const char *gx_lifecycle_stage_label(enum gx_lifecycle_stage s, enum gx_lang lang);
const char *gx_lifecycle_phase_label(enum gx_lifecycle_phase ph, enum gx_lang lang);

/* Why a rule decided the stage, with the thresholds of p (NULL: the defaults) written in, so
 * the explanation follows the company's settings ("no order for 365 days and nothing owed").
 * Writes into buf (GX_LIFECYCLE_LABEL_SIZE is enough) and returns it; NULL for an unknown rule. */
#define GX_LIFECYCLE_LABEL_SIZE 256
const char *gx_lifecycle_rule_label(enum gx_lifecycle_rule r, const struct gx_lifecycle_params *p,
                                    enum gx_lang lang, char *buf, size_t size);
/* Every rule that leads to stage s, joined with "; or ", thresholds from p (NULL: defaults).
 * GX_LIFECYCLE_EXPLAIN_SIZE is enough. */
#define GX_LIFECYCLE_EXPLAIN_SIZE 768
const char *gx_lifecycle_stage_explain(enum gx_lifecycle_stage s, const struct gx_lifecycle_params *p,
                                       enum gx_lang lang, char *buf, size_t size);

/* Relationship strength stages (seed000): 初识, 矜持, 平稳, 思异, 稳固. */
enum gx_lifecycle_strength {
	GX_LIFECYCLE_STRENGTH_NONE = 0,     /* no relationship yet / any more */
	GX_LIFECYCLE_STRENGTH_ACQUAINTED,   /* 初识期 */
	GX_LIFECYCLE_STRENGTH_RESERVED,     /* 矜持期 */
	GX_LIFECYCLE_STRENGTH_STEADY,       /* 平稳期 */
	GX_LIFECYCLE_STRENGTH_WAVERING,     /* 思异期 */
	GX_LIFECYCLE_STRENGTH_CONSOLIDATED  /* 稳固期 */
};

/* Strength stage of a lifecycle stage; a mature customer with true loyalty (M12) is 稳固. */
enum gx_lifecycle_strength gx_lifecycle_strength_of(enum gx_lifecycle_stage s, bool true_loyal);
const char *gx_lifecycle_strength_label(enum gx_lifecycle_strength st, enum gx_lang lang);
/* Management focus of a strength stage. */
const char *gx_lifecycle_strength_focus(enum gx_lifecycle_strength st, enum gx_lang lang);

/* The documented mapping of one stage onto the other schemes, in one language. Constant
 * strings; "—" where a scheme has no counterpart. */
struct gx_lifecycle_mapping {
	const char *stage;               /* this scheme's name of the stage */
	const char *six_stage;           /* seed002 six stages: 潜在客户期 … 客户终止期 */
	const char *four_phase;          /* seed002 phases: 潜在客户, 新客户, 老客户, 新业务的新客户 */
	const char *relationship_phase;  /* 建立 / 发展 / 维持 / 结束 */
	const char *strength;            /* strength stage (without the true-loyalty upgrade) */
	const char *ladder;              /* prospect → customer → client → supporter → … */
	const char *loyalty_phase;       /* seed002 考察期 / 形成期 / 稳定期 */
	const char *actions;             /* suggested actions and programmes */
};

/* GX_EINVAL for an unknown stage. */
enum gx_err gx_lifecycle_mapping_get(enum gx_lifecycle_stage s, enum gx_lang lang,
                                     struct gx_lifecycle_mapping *out, struct gx_error *err);

#endif
