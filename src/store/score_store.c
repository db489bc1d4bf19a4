/* Scores and score runs (see guanxi/score_store.h). The scores are replaced in multi-row
 * INSERTs of BATCH rows: one statement per batch instead of one per customer is what keeps a
 * 100k-customer run short on PostgreSQL, where every statement is a round trip. */
#include "guanxi/score_store.h"

#include <math.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/clock.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"

#define SCORE_COLS 16
#define BATCH 200

enum gx_err store_score_run_insert(struct store *s, const struct store_score_run *r, int64_t *run_id,
                                   struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO score_runs (job_id, as_of, created_at, customers, buyers, params, fitted)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    run_id, NULL, err, "Ittiitt", r->job_id, r->as_of, now, r->customers, r->buyers, r->params,
	                    r->fitted);
}

static void bind_d(struct store *s, struct db_stmt *st, int idx, double v)
{
	if (isfinite(v))
		s->drv->bind_double(st, idx, v);
	else
		s->drv->bind_null(st, idx);
}

static void bind_min(struct store *s, struct db_stmt *st, int idx, int64_t v, int64_t min)
{
	if (v >= min)
		s->drv->bind_i64(st, idx, v);
	else
		s->drv->bind_null(st, idx);
}

static void insert_sql(struct strbuf *b, size_t rows)
{
	sb_add(b, "INSERT INTO scores (customer_id, run_id, as_of, purchases, recency_days, monetary_yuan,"
	          " rfm_r, rfm_f, rfm_m, rfm_segment, p_alive, expected_12m, clv_yuan, lifecycle_stage,"
	          " abc_class, loyalty_type) VALUES ");
	for (size_t r = 0; r < rows; r++) {
		sb_add(b, r ? ", (" : "(");
		for (int c = 0; c < SCORE_COLS; c++)
			sb_add(b, c ? ", ?" : "?");
		sb_addc(b, ')');
	}
}

static void bind_row(struct store *s, struct db_stmt *st, int base, int64_t run_id, const char *as_of,
                     const struct store_score *r)
{
	s->drv->bind_i64(st, base + 1, r->customer_id);
	s->drv->bind_i64(st, base + 2, run_id);
	s->drv->bind_text(st, base + 3, as_of);
	s->drv->bind_i64(st, base + 4, r->purchases);
	bind_min(s, st, base + 5, r->recency_days, 0);
	bind_d(s, st, base + 6, r->monetary_yuan);
	bind_min(s, st, base + 7, r->rfm_r, 1);
	bind_min(s, st, base + 8, r->rfm_f, 1);
	bind_min(s, st, base + 9, r->rfm_m, 1);
	s->drv->bind_text(st, base + 10, r->rfm_segment);
	bind_d(s, st, base + 11, r->p_alive);
	bind_d(s, st, base + 12, r->expected_12m);
	bind_d(s, st, base + 13, r->clv_yuan);
	s->drv->bind_text(st, base + 14, r->lifecycle_stage);
	s->drv->bind_text(st, base + 15, r->abc_class);
	s->drv->bind_text(st, base + 16, r->loyalty_type);
}

static enum gx_err insert_rows(struct store *s, int64_t run_id, const char *as_of, const struct store_score *rows,
                               size_t n, struct gx_error *err)
{
	struct strbuf b;
	sb_init(&b);
	insert_sql(&b, n);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b), &st, err);
	sb_free(&b);
	if (e != GX_OK)
		return e;
	for (size_t r = 0; r < n; r++)
		bind_row(s, st, (int)r * SCORE_COLS, run_id, as_of, &rows[r]);
	int row = 0;
	e = db_step(s, st, &row, err);
	db_reset(s, st);
	return e;
}

enum gx_err store_scores_replace(struct store *s, int64_t run_id, const char *as_of,
                                 const struct store_score *rows, size_t n, struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM scores", NULL, err, "");
	for (size_t i = 0; e == GX_OK && i < n; i += BATCH)
		e = insert_rows(s, run_id, as_of, rows + i, n - i < BATCH ? n - i : BATCH, err);
	return e;
}

static const char *dup(struct gx_arena *a, const char *t)
{
	return t ? gx_arena_strdup(a, t) : NULL;
}

enum gx_err store_score_get(struct store *s, int64_t customer_id, struct gx_arena *a, struct store_score *out,
                            int *found, struct gx_error *err)
{
	static const char sql[] =
		"SELECT customer_id, run_id, as_of, purchases, recency_days, monetary_yuan, rfm_r, rfm_f, rfm_m,"
		" rfm_segment, p_alive, expected_12m, clv_yuan, lifecycle_stage, abc_class, loyalty_type"
		" FROM scores WHERE customer_id = ?";
	memset(out, 0, sizeof *out);
	*found = 0;
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "i", customer_id);
	int row = 0;
	enum gx_err e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		out->customer_id = db_col_i64(s, st, 0);
		out->run_id = db_col_i64(s, st, 1);
		out->as_of = dup(a, db_col_text(s, st, 2));
		out->purchases = db_col_i64(s, st, 3);
		out->recency_days = db_col_is_null(s, st, 4) ? -1 : db_col_i64(s, st, 4);
		out->monetary_yuan = db_col_is_null(s, st, 5) ? NAN : db_col_double(s, st, 5);
		out->rfm_r = (int)db_col_i64(s, st, 6);
		out->rfm_f = (int)db_col_i64(s, st, 7);
		out->rfm_m = (int)db_col_i64(s, st, 8);
		out->rfm_segment = dup(a, db_col_text(s, st, 9));
		out->p_alive = db_col_is_null(s, st, 10) ? NAN : db_col_double(s, st, 10);
		out->expected_12m = db_col_is_null(s, st, 11) ? NAN : db_col_double(s, st, 11);
		out->clv_yuan = db_col_is_null(s, st, 12) ? NAN : db_col_double(s, st, 12);
		out->lifecycle_stage = dup(a, db_col_text(s, st, 13));
		out->abc_class = dup(a, db_col_text(s, st, 14));
		out->loyalty_type = dup(a, db_col_text(s, st, 15));
	}
	db_reset(s, st);
	return e;
}
