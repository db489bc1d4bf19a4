/* Sales-specific storage (see guanxi/sales.h): stage lists, the default pipeline, and the
 * aggregate reads behind the forecast, the win/cycle statistics, lead conversion and target
 * completion. Entity rows themselves go through the generic record store. */
#ifndef GUANXI_SALES_STORE_H
#define GUANXI_SALES_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/sales.h"
#include "guanxi/store.h"

enum gx_err store_sales_stages(struct store *s, int64_t pipeline_id, struct gx_arena *a,
                               struct sales_stage **out, size_t *n, struct gx_error *err);
/* One stage by id; *found = 0 when absent. */
enum gx_err store_sales_stage_get(struct store *s, int64_t id, struct gx_arena *a,
                                  struct sales_stage *out, int *found, struct gx_error *err);
enum gx_err store_sales_default_pipeline(struct store *s, int64_t *id, int *found, struct gx_error *err);
enum gx_err store_sales_clear_default(struct store *s, struct gx_error *err);

/* Live opportunities of a pipeline per stage: counts[i], amounts[i] for stage_ids[i]. */
enum gx_err store_sales_board(struct store *s, int64_t pipeline_id, const int64_t *stage_ids, size_t n,
                              int64_t *counts, int64_t *amounts, struct gx_error *err);

/* Open, live opportunities with from <= expected_close_date < to_excl grouped by expected
 * close date, stage and group column (owner_id, department_id or none): fn gets each cell,
 * in no particular order (one group may come in several cells of a day). */
struct sales_forecast_cell {
	const char *date;         /* "YYYY-MM-DD", the expected close date */
	int64_t group_id, stage_id, count, amount_fen;
};
typedef enum gx_err (*store_forecast_fn)(void *ctx, const struct sales_forecast_cell *c,
                                         struct gx_error *err);
enum gx_err store_sales_forecast(struct store *s, const char *from, const char *to_excl,
                                 enum sales_group group, store_forecast_fn fn, void *ctx,
                                 struct gx_error *err);

/* Counts and sums for app_sales_stats (from/to may be NULL; owner_id 0: all). */
struct sales_stats_raw {
	int64_t open, won, lost, won_fen, won_cycle_days, won_with_cycle;
};
enum gx_err store_sales_stats(struct store *s, const char *from, const char *to, int64_t owner_id,
                              struct sales_stats_raw *out, struct gx_error *err);

/* Leads and converted leads grouped by source or by owner's username. */
enum gx_err store_sales_lead_conversion(struct store *s, int by_owner, struct gx_arena *a,
                                        struct lead_conversion_row **rows, size_t *n,
                                        struct gx_error *err);

/* Won amount closed from..to (inclusive dates) by a user (owner) or a team. */
enum gx_err store_sales_won_total(struct store *s, const char *from, const char *to, int64_t user_id,
                                  int64_t team_id, int64_t *total, struct gx_error *err);
/* The targets of a month (without achievement). */
enum gx_err store_sales_targets(struct store *s, const char *month, struct gx_arena *a,
                                struct sales_target_row **rows, size_t *n, struct gx_error *err);
/* The target id of a month for a user or team; 0 when none. */
enum gx_err store_sales_target_find(struct store *s, const char *month, int64_t user_id,
                                    int64_t team_id, int64_t *id, struct gx_error *err);

/* Live contracts of an opportunity. */
enum gx_err store_sales_contract_count(struct store *s, int64_t opportunity_id, int64_t *n,
                                       struct gx_error *err);
/* Sum of the planned amounts of a contract and the next instalment number. */
enum gx_err store_sales_plan_totals(struct store *s, int64_t contract_id, int64_t *planned_fen,
                                    int64_t *next_seq, struct gx_error *err);

/* DECISIONS.md "Public pool": when a customer is recycled to the pool its open opportunities
 * become unassigned (owner, department and team cleared). For app/pool.c's recycle job;
 * *changed gets the number of opportunities (may be NULL). */
enum gx_err store_sales_unassign_open(struct store *s, int64_t customer_id, const char *now,
                                      int64_t *changed, struct gx_error *err);

#endif
