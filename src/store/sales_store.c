/* Sales reads and the few writes that are not single records (see guanxi/sales_store.h). The
 * forecast groups in SQL over the covering index opportunities_forecast, so it reads only
 * the open opportunities of the months asked for and never touches the table itself; stage
 * probabilities (a handful of rows) are applied by the caller. */
#include <string.h>

#include "guanxi/sales_store.h"
#include "store/driver.h"

static enum gx_err stage_rows(struct store *s, struct db_stmt *st, struct gx_arena *a,
                              struct sales_stage **out, size_t *n, struct gx_error *err)
{
	size_t cap = 8;
	*out = gx_arena_alloc(a, cap * sizeof **out);
	*n = 0;
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		if (*n == cap) {
			struct sales_stage *bigger = gx_arena_alloc(a, 2 * cap * sizeof *bigger);
			memcpy(bigger, *out, cap * sizeof *bigger);
			*out = bigger;
			cap *= 2;
		}
		struct sales_stage *g = &(*out)[(*n)++];
		memset(g, 0, sizeof *g);
		g->id = db_col_i64(s, st, 0);
		g->pipeline_id = db_col_i64(s, st, 1);
		g->position = (int)db_col_i64(s, st, 2);
		g->name = gx_arena_strdup(a, db_col_text(s, st, 3));
		g->probability = (int)db_col_i64(s, st, 4);
		const char *k = db_col_text(s, st, 5);
		strncpy(g->kind, k ? k : "", sizeof g->kind - 1);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_sales_stages(struct store *s, int64_t pipeline_id, struct gx_arena *a,
                               struct sales_stage **out, size_t *n, struct gx_error *err)
{
	struct db_stmt *st;
	if (db_prepare(s, "SELECT id, pipeline_id, position, name, probability, kind FROM pipeline_stages"
	                  " WHERE pipeline_id = ? ORDER BY position, id", &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "i", pipeline_id);
	return stage_rows(s, st, a, out, n, err);
}

enum gx_err store_sales_stage_get(struct store *s, int64_t id, struct gx_arena *a,
                                  struct sales_stage *out, int *found, struct gx_error *err)
{
	struct db_stmt *st;
	if (db_prepare(s, "SELECT id, pipeline_id, position, name, probability, kind FROM pipeline_stages"
	                  " WHERE id = ?", &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "i", id);
	struct sales_stage *rows;
	size_t n = 0;
	enum gx_err e = stage_rows(s, st, a, &rows, &n, err);
	*found = e == GX_OK && n == 1;
	if (*found)
		*out = rows[0];
	return e;
}

enum gx_err store_sales_default_pipeline(struct store *s, int64_t *id, int *found, struct gx_error *err)
{
	return db_query_i64(s, "SELECT id FROM pipelines WHERE is_default = 1 ORDER BY id LIMIT 1", id,
	                    found, err, "");
}

enum gx_err store_sales_clear_default(struct store *s, struct gx_error *err)
{
	return db_exec(s, "UPDATE pipelines SET is_default = 0 WHERE is_default = 1", NULL, err, "");
}

enum gx_err store_sales_board(struct store *s, int64_t pipeline_id, const int64_t *stage_ids, size_t n,
                              int64_t *counts, int64_t *amounts, struct gx_error *err)
{
	memset(counts, 0, n * sizeof *counts);
	memset(amounts, 0, n * sizeof *amounts);
	struct db_stmt *st;
	if (db_prepare(s, "SELECT stage_id, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM opportunities"
	                  " WHERE pipeline_id = ? AND deleted_at IS NULL GROUP BY stage_id", &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "i", pipeline_id);
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		int64_t id = db_col_i64(s, st, 0);
		for (size_t i = 0; i < n; i++)
			if (stage_ids[i] == id) {
				counts[i] = db_col_i64(s, st, 1);
				amounts[i] = db_col_i64(s, st, 2);
			}
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_sales_forecast(struct store *s, const char *from, const char *to_excl,
                                 enum sales_group group, store_forecast_fn fn, void *ctx,
                                 struct gx_error *err)
{
	/* Grouped in the order of the covering index opportunities_forecast (status,
	 * expected_close_date, stage_id, owner_id, department_id, amount_fen, deleted_at), so the
	 * groups come straight off the index without a sort; the caller folds days into months. */
	static const char *const sql[] = {
		"SELECT expected_close_date, 0, stage_id, COUNT(*), SUM(amount_fen) FROM opportunities"
		" WHERE status = 'open' AND expected_close_date >= ? AND expected_close_date < ? AND deleted_at IS NULL"
		" GROUP BY expected_close_date, stage_id",
		"SELECT expected_close_date, COALESCE(owner_id, 0), stage_id, COUNT(*), SUM(amount_fen) FROM opportunities"
		" WHERE status = 'open' AND expected_close_date >= ? AND expected_close_date < ? AND deleted_at IS NULL"
		" GROUP BY expected_close_date, stage_id, owner_id",
		"SELECT expected_close_date, COALESCE(department_id, 0), stage_id, COUNT(*), SUM(amount_fen)"
		" FROM opportunities WHERE status = 'open' AND expected_close_date >= ? AND expected_close_date < ?"
		" AND deleted_at IS NULL GROUP BY expected_close_date, stage_id, owner_id, department_id",
	};
	struct db_stmt *st;
	if (db_prepare(s, sql[group], &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "tt", from, to_excl);
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct sales_forecast_cell c = {
			.date = db_col_text(s, st, 0),
			.group_id = db_col_i64(s, st, 1),
			.stage_id = db_col_i64(s, st, 2),
			.count = db_col_i64(s, st, 3),
			.amount_fen = db_col_i64(s, st, 4),
		};
		if ((e = fn(ctx, &c, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_sales_stats(struct store *s, const char *from, const char *to, int64_t owner_id,
                              struct sales_stats_raw *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st;
	if (db_prepare(s,
	               "SELECT COUNT(CASE WHEN status = 'won' THEN 1 END), COUNT(CASE WHEN status = 'lost' THEN 1 END),"
	               " COALESCE(SUM(CASE WHEN status = 'won' THEN amount_fen END), 0),"
	               " COALESCE(SUM(CASE WHEN status = 'won' THEN cycle_days END), 0),"
	               " COUNT(CASE WHEN status = 'won' AND cycle_days IS NOT NULL THEN 1 END)"
	               " FROM opportunities WHERE status IN ('won', 'lost') AND deleted_at IS NULL"
	               " AND closed_date >= ? AND closed_date <= ? AND (? = 0 OR owner_id = ?)",
	               &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "ttii", from ? from : "0000-01-01", to ? to : "9999-12-31", owner_id, owner_id);
	int row = 0;
	enum gx_err e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		out->won = db_col_i64(s, st, 0);
		out->lost = db_col_i64(s, st, 1);
		out->won_fen = db_col_i64(s, st, 2);
		out->won_cycle_days = db_col_i64(s, st, 3);
		out->won_with_cycle = db_col_i64(s, st, 4);
	}
	db_reset(s, st);
	if (e != GX_OK)
		return e;
	return db_query_i64(s, "SELECT COUNT(*) FROM opportunities WHERE status = 'open' AND deleted_at IS NULL"
	                       " AND (? = 0 OR owner_id = ?)", &out->open, NULL, err, "ii", owner_id, owner_id);
}

enum gx_err store_sales_lead_conversion(struct store *s, int by_owner, struct gx_arena *a,
                                        struct lead_conversion_row **rows, size_t *n,
                                        struct gx_error *err)
{
	const char *sql = by_owner
		? "SELECT COALESCE(u.username, ''), COUNT(*), COUNT(CASE WHEN l.status = 'converted' THEN 1 END)"
		  " FROM leads l LEFT JOIN users u ON u.id = l.owner_id WHERE l.deleted_at IS NULL"
		  " GROUP BY COALESCE(u.username, '') ORDER BY 1"
		: "SELECT source, COUNT(*), COUNT(CASE WHEN status = 'converted' THEN 1 END)"
		  " FROM leads WHERE deleted_at IS NULL GROUP BY source ORDER BY 1";
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	size_t cap = 16;
	*rows = gx_arena_alloc(a, cap * sizeof **rows);
	*n = 0;
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		if (*n == cap) {
			struct lead_conversion_row *bigger = gx_arena_alloc(a, 2 * cap * sizeof *bigger);
			memcpy(bigger, *rows, cap * sizeof *bigger);
			*rows = bigger;
			cap *= 2;
		}
		struct lead_conversion_row *r = &(*rows)[(*n)++];
		r->key = gx_arena_strdup(a, db_col_text(s, st, 0));
		r->leads = db_col_i64(s, st, 1);
		r->converted = db_col_i64(s, st, 2);
		r->rate = r->leads ? (double)r->converted / (double)r->leads : 0.0;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_sales_won_total(struct store *s, const char *from, const char *to, int64_t user_id,
                                  int64_t team_id, int64_t *total, struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COALESCE(SUM(amount_fen), 0) FROM opportunities WHERE status = 'won'"
	                    " AND deleted_at IS NULL AND closed_date >= ? AND closed_date <= ?"
	                    " AND ((? > 0 AND owner_id = ?) OR (? > 0 AND team_id = ?))",
	                    total, NULL, err, "ttiiii", from, to, user_id, user_id, team_id, team_id);
}

enum gx_err store_sales_targets(struct store *s, const char *month, struct gx_arena *a,
                                struct sales_target_row **rows, size_t *n, struct gx_error *err)
{
	struct db_stmt *st;
	if (db_prepare(s, "SELECT id, month, COALESCE(user_id, 0), COALESCE(team_id, 0), target_fen"
	                  " FROM sales_targets WHERE month = ? ORDER BY team_id, user_id, id", &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "t", month);
	size_t cap = 16;
	*rows = gx_arena_alloc(a, cap * sizeof **rows);
	*n = 0;
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		if (*n == cap) {
			struct sales_target_row *bigger = gx_arena_alloc(a, 2 * cap * sizeof *bigger);
			memcpy(bigger, *rows, cap * sizeof *bigger);
			*rows = bigger;
			cap *= 2;
		}
		struct sales_target_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = db_col_i64(s, st, 0);
		strncpy(r->month, db_col_text(s, st, 1), sizeof r->month - 1);
		r->user_id = db_col_i64(s, st, 2);
		r->team_id = db_col_i64(s, st, 3);
		r->target_fen = db_col_i64(s, st, 4);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_sales_target_find(struct store *s, const char *month, int64_t user_id,
                                    int64_t team_id, int64_t *id, struct gx_error *err)
{
	int found = 0;
	*id = 0;
	enum gx_err e = db_query_i64(s,
	                             "SELECT id FROM sales_targets WHERE month = ?"
	                             " AND COALESCE(user_id, 0) = ? AND COALESCE(team_id, 0) = ?",
	                             id, &found, err, "tii", month, user_id, team_id);
	if (e == GX_OK && !found)
		*id = 0;
	return e;
}

enum gx_err store_sales_contract_count(struct store *s, int64_t opportunity_id, int64_t *n,
                                       struct gx_error *err)
{
	return db_query_i64(s, "SELECT COUNT(*) FROM contracts WHERE opportunity_id = ? AND deleted_at IS NULL",
	                    n, NULL, err, "i", opportunity_id);
}

enum gx_err store_sales_plan_totals(struct store *s, int64_t contract_id, int64_t *planned_fen,
                                    int64_t *next_seq, struct gx_error *err)
{
	enum gx_err e = db_query_i64(s, "SELECT COALESCE(SUM(amount_fen), 0) FROM payment_plans WHERE contract_id = ?",
	                             planned_fen, NULL, err, "i", contract_id);
	if (e == GX_OK)
		e = db_query_i64(s, "SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_plans WHERE contract_id = ?",
		                 next_seq, NULL, err, "i", contract_id);
	return e;
}

enum gx_err store_sales_unassign_open(struct store *s, int64_t customer_id, const char *now,
                                      int64_t *changed, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE opportunities SET owner_id = NULL, department_id = NULL, team_id = NULL,"
	               " version = version + 1, updated_at = ? WHERE customer_id = ? AND status = 'open'"
	               " AND owner_id IS NOT NULL AND deleted_at IS NULL",
	               changed, err, "ti", now, customer_id);
}
