/* Sales (销售管理, PRODUCT.md module 3): leads with their pool and conversion, pipelines with
 * ordered stages, opportunities moving through them (DECISIONS.md "Pipelines": exactly one won
 * stage at 100 % and one lost at 0 %, and a move to either needs the reason), contracts (合同)
 * from won opportunities with payment-collection plans (回款计划), sales targets (目标) per rep
 * or team and month, quotes with a discount that needs approval above a threshold, and the
 * reports: weighted forecast (MODELS.md M24), win rate, deal size, cycle length, lead
 * conversion. Every write validates its input, runs in one transaction (a refused action
 * changes nothing) and leaves an audit row. */
#ifndef GUANXI_SALES_H
#define GUANXI_SALES_H

#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/customer.h"

extern const struct entity_def entity_pipeline;
extern const struct entity_def entity_pipeline_stage;
extern const struct entity_def entity_lead;
extern const struct entity_def entity_opportunity;
extern const struct entity_def entity_stage_history;
extern const struct entity_def entity_contract;
extern const struct entity_def entity_payment_plan;
extern const struct entity_def entity_sales_target;
extern const struct entity_def entity_quote;
extern const struct entity_def entity_quote_line;

/* The allowed values of the status and kind fields (NULL-terminated). */
extern const char *const sales_stage_kinds[];
extern const char *const sales_lead_statuses[];
extern const char *const sales_opportunity_statuses[];
extern const char *const sales_contract_statuses[];
extern const char *const sales_payment_statuses[];
extern const char *const sales_quote_statuses[];

/* --- pipelines (app/sales_pipeline.c) ---------------------------------------------------- */

struct sales_stage_input {
	const char *name;
	int probability;          /* 0..100 */
	const char *kind;         /* "open", "won", "lost" */
};

struct sales_stage {
	int64_t id, pipeline_id;
	int position, probability;
	char kind[8];
	const char *name;         /* arena-owned */
};

/* Creates a pipeline with its stages in the given order. Refused unless: a code and a name, at
 * least one open stage, exactly one won stage with probability 100, exactly one lost stage
 * with probability 0, open probabilities 0..100, stage names non-empty and distinct. With
 * is_default the pipeline becomes the default one (the others lose the flag). Managers and
 * admins only (GX_EFORBIDDEN). */
enum gx_err app_pipeline_create(struct app *app, const char *code, const char *name, int is_default,
                                const struct sales_stage_input *stages, size_t nstages,
                                int64_t *id, struct gx_error *err);
/* The default pipeline; when there is none yet, the standard one (线索确认 10 %, 需求分析 25 %,
 * 方案报价 50 %, 谈判审核 75 %, 赢单 100 %, 输单 0 %) is created and becomes the default. */
enum gx_err app_pipeline_default(struct app *app, int64_t *id, struct gx_error *err);
/* Resolves a pipeline code or id. */
enum gx_err app_pipeline_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err);
/* The stages of a pipeline in order. */
enum gx_err app_pipeline_stages(struct app *app, int64_t pipeline_id, struct gx_arena *a,
                                struct sales_stage **out, size_t *n, struct gx_error *err);
/* The kanban board: the pipeline's stages in order with the number and amount of the live
 * opportunities in each (arrays of *n, arena-owned). */
enum gx_err app_pipeline_board(struct app *app, int64_t pipeline_id, struct gx_arena *a,
                               struct sales_stage **stages, int64_t **counts, int64_t **amounts,
                               size_t *n, struct gx_error *err);
/* A stage of the pipeline by name (case-insensitive) or id; GX_EINVAL naming `field` when the
 * pipeline has no such stage. */
enum gx_err app_stage_resolve(struct app *app, int64_t pipeline_id, const char *text, const char *field,
                              struct gx_arena *a, struct sales_stage *out, struct gx_error *err);

/* --- opportunities (app/sales_opportunity.c) --------------------------------------------- */

/* Creates an opportunity from a record set with app_field_set_text. A missing code is
 * generated (O00000001…), a missing pipeline is the default one, stage (name or id, may be
 * NULL) defaults to the first open stage and must be open; the customer must be live, a
 * contact must belong to it, the expected close date must not be before today (the creation
 * date), the amount not negative; the owner defaults to the acting user, else the customer's
 * owner, and department and team come from the owner. The first stage-history row is written. */
enum gx_err app_opportunity_create(struct app *app, struct record *in, const char *stage,
                                   struct gx_arena *a, struct gx_error *err);
/* Applies the fields set in patch (name, amount, expected close date, owner, competitors,
 * contact, source, notes) to an open opportunity; the close date is checked against the
 * creation date. expected_version > 0 enforces optimistic locking. */
enum gx_err app_opportunity_update(struct app *app, struct record *patch, int64_t expected_version,
                                   struct gx_arena *a, struct gx_error *err);
/* Moves a live opportunity to the recycle bin (refused while it has a live contract), and
 * back (refused while its customer is in the recycle bin). Both audited (app/sales_edit.c). */
enum gx_err app_opportunity_delete(struct app *app, int64_t id, struct gx_error *err);
enum gx_err app_opportunity_restore(struct app *app, int64_t id, struct gx_error *err);
/* Resolves an opportunity by code or id, the recycle bin included (for restore). */
enum gx_err app_opportunity_resolve_binned(struct app *app, const char *text, int64_t *id, struct gx_error *err);
/* Moves an open opportunity to another stage of its pipeline (by name or id), writing a
 * stage-history row. Moving to the won or lost stage needs a non-blank reason and closes the
 * opportunity (status, reason, close time and date, cycle length). A closed opportunity does
 * not move (GX_ECONFLICT); moving to the current stage is refused. */
enum gx_err app_opportunity_move(struct app *app, int64_t id, const char *stage, const char *reason,
                                 struct gx_error *err);
/* Resolves an opportunity code or id (live ones). */
enum gx_err app_opportunity_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err);

/* --- leads (app/sales_lead.c) ------------------------------------------------------------ */

/* Creates a lead (status new). A missing code is generated (L00000001…). owner_id 0 puts it in
 * the lead pool; otherwise it is assigned to that active user. */
enum gx_err app_lead_create(struct app *app, struct record *in, int64_t owner_id, struct gx_arena *a,
                            struct gx_error *err);
/* Status moves: new → contacted | qualified | disqualified; contacted → qualified |
 * disqualified; qualified → disqualified; disqualified → new (reopened, back to the pool when
 * unowned). Disqualifying needs a reason. "converted" is reached only by app_lead_convert and
 * is final. Anything else is refused with GX_ECONFLICT naming both statuses. */
enum gx_err app_lead_set_status(struct app *app, int64_t id, const char *status, const char *reason,
                                struct gx_error *err);
/* The lead pool: claim (the acting user takes an unowned open lead), release (the owner, a
 * manager or an admin gives it back), assign (a manager or an admin gives it to a user). */
enum gx_err app_lead_claim(struct app *app, int64_t id, struct gx_error *err);
enum gx_err app_lead_release(struct app *app, int64_t id, struct gx_error *err);
enum gx_err app_lead_assign(struct app *app, int64_t id, int64_t user_id, struct gx_error *err);
/* Applies the fields set in patch (name, company, title, phone, e-mail, WeChat, source,
 * expected amount, notes) to a lead that is not converted (GX_ECONFLICT otherwise); status and
 * owner change only through their actions. Audited, re-indexed for search (app/sales_edit.c). */
enum gx_err app_lead_update(struct app *app, struct record *patch, int64_t expected_version,
                            struct gx_arena *a, struct gx_error *err);
enum gx_err app_lead_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err);

struct lead_convert_opts {
	int64_t customer_id;      /* attach to this existing customer; 0: create one from the lead */
	int force;                /* create the customer although a phone/e-mail matches one */
	int no_opportunity;       /* convert without opening an opportunity */
	const char *opportunity_name;      /* default: "<company or name> – <source>" */
	int64_t amount_fen;       /* < 0: the lead's expected amount (0 if none) */
	const char *expected_close_date;   /* default: 30 days after today */
};

struct lead_convert_result {
	int64_t customer_id, contact_id, opportunity_id;
	struct customer_dups dups;         /* the duplicate check's matches (blocking or hints) */
};

/* Converts an open lead (new, contacted or qualified) in one transaction: checks duplicates
 * first (a phone or e-mail shared with a live customer refuses the conversion with
 * GX_ECONFLICT unless force or customer_id), creates the customer (an organisation when the
 * lead names a company, with the lead as its contact; else a person), opens an opportunity in
 * the default pipeline's first stage, and marks the lead converted with links to all three. */
enum gx_err app_lead_convert(struct app *app, int64_t id, const struct lead_convert_opts *opts,
                             struct gx_arena *a, struct lead_convert_result *res, struct gx_error *err);

/* --- contracts and payment plans (app/sales_contract.c) ---------------------------------- */

/* Creates a draft contract from a won opportunity (one live contract per opportunity): the
 * customer comes from the opportunity, a missing amount is the opportunity's, a missing code
 * is generated (HT00000001…); end date not before start date. */
enum gx_err app_contract_create(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err);
/* Status moves: draft → signed (needs signed_date, not in the future) | terminated; signed →
 * completed | terminated. Terminating needs a reason. Others are refused with GX_ECONFLICT. */
enum gx_err app_contract_set_status(struct app *app, int64_t id, const char *status,
                                    const char *signed_date, const char *reason, struct gx_error *err);
enum gx_err app_contract_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err);
/* Applies the fields set in patch (title, owner, amount, terms, start and end date) to a draft
 * or signed contract (app/sales_edit.c): a signed contract's amount does not change, a
 * completed or terminated contract not at all (GX_ECONFLICT); the amount stays >= the planned
 * instalments and the end date >= the start date. expected_version > 0: optimistic locking. */
enum gx_err app_contract_update(struct app *app, struct record *patch, int64_t expected_version,
                                struct gx_arena *a, struct gx_error *err);
/* Adds an instalment (seq numbered from 1) to a contract that is not terminated; the planned
 * amounts together may not exceed the contract amount. */
enum gx_err app_payment_plan_add(struct app *app, struct record *in, struct gx_arena *a,
                                 struct gx_error *err);
/* Marks an instalment paid on paid_date (YYYY-MM-DD; NULL: today). */
enum gx_err app_payment_plan_paid(struct app *app, int64_t plan_id, const char *paid_date,
                                  struct gx_error *err);

/* --- targets and reports (app/sales_report.c) -------------------------------------------- */

/* Sets (creates or replaces) the target of a rep (user_id) or a team (team_id), exactly one of
 * them non-zero, for a month "YYYY-MM"; target_fen > 0. Managers and admins only. */
enum gx_err app_target_set(struct app *app, const char *month, int64_t user_id, int64_t team_id,
                           int64_t target_fen, struct gx_error *err);

struct sales_target_row {
	int64_t id, user_id, team_id;
	char month[8];
	int64_t target_fen;
	int64_t achieved_fen;     /* won opportunities closed in the month (their owner / team) */
	double completion_rate;   /* achieved / target */
};
/* The targets of a month with their completion. */
enum gx_err app_target_report(struct app *app, const char *month, struct gx_arena *a,
                              struct sales_target_row **rows, size_t *n, struct gx_error *err);

enum sales_group { SALES_GROUP_NONE, SALES_GROUP_OWNER, SALES_GROUP_DEPARTMENT };

struct sales_forecast_row {
	char month[8];            /* "YYYY-MM" of the expected close date */
	int64_t group_id;         /* owner or department id; 0 for none / no grouping */
	int64_t count;            /* open opportunities */
	int64_t amount_fen;       /* their unweighted amount */
	double weighted_yuan;     /* Σ amount × stage probability (M24), in yuan */
};
/* The weighted pipeline forecast of the open opportunities expected to close in the months
 * from..to ("YYYY-MM", inclusive), per month and optionally per owner or department, ordered
 * by month then group. */
enum gx_err app_sales_forecast(struct app *app, const char *from_month, const char *to_month,
                               enum sales_group group, struct gx_arena *a,
                               struct sales_forecast_row **rows, size_t *n, struct gx_error *err);

/* The current month "YYYY-MM" in the company zone, and month + n months (month well formed). */
enum gx_err app_sales_this_month(struct app *app, char out[8], struct gx_error *err);
void sales_month_add(const char *month, int n, char out[8]);

struct sales_stats {
	int64_t open, won, lost;  /* won and lost: closed in the period */
	int64_t won_fen;
	double win_rate;          /* won / (won + lost); 0 when none closed */
	double avg_deal_yuan;     /* mean amount of the won ones */
	double avg_cycle_days;    /* mean creation-to-close days of the won ones */
};
/* Win rate, average deal size and cycle length of the opportunities closed between from and
 * to (YYYY-MM-DD, inclusive; NULL: unbounded), of one owner or all (owner_id 0). */
enum gx_err app_sales_stats(struct app *app, const char *from, const char *to, int64_t owner_id,
                            struct sales_stats *out, struct gx_error *err);

struct lead_conversion_row {
	const char *key;          /* the source, or the owner's username ("" for the pool) */
	int64_t leads, converted;
	double rate;              /* converted / leads */
};
/* Lead conversion rate by "source" or by "owner". */
enum gx_err app_lead_conversion(struct app *app, const char *by, struct gx_arena *a,
                                struct lead_conversion_row **rows, size_t *n, struct gx_error *err);

/* --- quotes (app/sales_quote.c) ---------------------------------------------------------- */

struct quote_line_input {
	struct record line;       /* entity_quote_line: product_id, description, quantity, unit_price_fen */
};

/* The discount above which a quote needs approval, in 1/100 %: setting
 * "quote_discount_threshold" (a percentage, default 10). */
enum gx_err app_quote_threshold(struct app *app, int *bp, struct gx_error *err);
enum gx_err app_quote_threshold_set(struct app *app, const char *percent, struct gx_error *err);
/* Parses a discount percentage ("12.5", "12.5%") into 1/100 %, 0..100 %, at most 2 decimals. */
enum gx_err sales_parse_percent(const char *text, const char *field, int *bp, struct gx_error *err);

/* Creates a quote with its lines (at least one; a line's unit price defaults to its product's
 * price; amount = quantity × unit price), subtotal, discount (discount_bp of the subtotal,
 * rounded half up to the fen) and total. A discount over the threshold gives status
 * pending_approval, else draft. */
enum gx_err app_quote_create(struct app *app, struct record *in, int discount_bp,
                             struct quote_line_input *lines, size_t nlines, struct gx_arena *a,
                             struct gx_error *err);
/* Actions: "send" (draft or approved → sent), "accept" and "decline" (sent → …), "cancel"
 * (anything not final → cancelled). A quote waiting for approval cannot be sent or accepted. */
enum gx_err app_quote_act(struct app *app, int64_t id, const char *action, struct gx_error *err);
/* Changes a quote (app/sales_edit.c): owner, valid_until and notes while it is not final
 * (accepted, declined, cancelled: GX_ECONFLICT); opportunity, lines (lines non-NULL, nlines >= 1,
 * replacing all of them) and discount (discount_bp >= 0; -1 keeps it) only while it is a draft
 * or rejected. Repricing recomputes subtotal, discount and total and, like creation, sends a
 * discount over the threshold for approval again (pending_approval), else makes it a draft. */
enum gx_err app_quote_update(struct app *app, struct record *patch, int64_t expected_version, int discount_bp,
                             struct quote_line_input *lines, size_t nlines, struct gx_arena *a,
                             struct gx_error *err);
enum gx_err app_quote_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err);
/* The handlers of the approval kind "quote_discount" (struct approval_kind): a quote pending
 * approval becomes approved or rejected; payload_json may be NULL or {"note": "…"}. */
enum gx_err app_quote_discount_approve(struct app *app, int64_t quote_id, const char *payload_json,
                                       struct gx_error *err);
enum gx_err app_quote_discount_reject(struct app *app, int64_t quote_id, const char *payload_json,
                                      struct gx_error *err);
/* The direct decision (`quote approve|reject`, POST /quotes/{id}/approve): refused while the
 * discount waits in an approvals inbox, where it is decided instead. */
enum gx_err app_quote_discount_decide(struct app *app, int64_t quote_id, int approve,
                                      const char *payload_json, struct gx_error *err);

/* --- transition tables (app/sales_rules.c) ----------------------------------------------- */

/* 1 when the state machine allows from → to. */
int sales_lead_transition_ok(const char *from, const char *to);
int sales_contract_transition_ok(const char *from, const char *to);
/* The quote status an action leads to from `from`, or NULL when refused. */
const char *sales_quote_action_target(const char *from, const char *action);

#endif
