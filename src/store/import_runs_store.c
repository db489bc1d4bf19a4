/* The import wizard's runs in the database (see guanxi/import_runs_store.h). Every transition
 * re-checks the status in its WHERE clause: the database, not a lock in some server's memory,
 * decides which of two concurrent requests or workers wins. */
#include <stdio.h>
#include <string.h>

#include "guanxi/import_runs_store.h"
#include "store/driver.h"

enum gx_err store_import_run_insert(struct store *s, const struct import_run *r, const char *now,
                                    int64_t *id, struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO import_runs (user_id, role, department_id, team_id, lang, entity, status,"
	                    " dry_run, all_or_nothing, force_dup, xlsx, file_size, imported, created_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "itIIttt" "iiiiiit", r->user_id, r->role, r->department_id,
	                    r->team_id, r->lang, r->entity, r->status, (int64_t)r->dry_run,
	                    (int64_t)r->all_or_nothing, (int64_t)r->force, (int64_t)r->xlsx, r->file_size,
	                    (int64_t)r->imported, now);
}

enum gx_err store_import_run_chunk_put(struct store *s, int64_t id, const char *part, int64_t seq,
                                       const char *b64, struct gx_error *err)
{
	return db_exec(s, "INSERT INTO import_run_chunks (run_id, part, seq, data) VALUES (?, ?, ?, ?)", NULL,
	               err, "itit", id, part, seq, b64);
}

enum gx_err store_import_run_chunks_each(struct store *s, int64_t id, const char *part,
                                         int (*fn)(void *ctx, const char *b64), void *ctx,
                                         struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT data FROM import_run_chunks WHERE run_id = ? AND part = ? ORDER BY seq",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "it", id, part);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		const char *t = db_col_text(s, st, 0);
		if (fn(ctx, t ? t : "")) {
			e = gx_error_set(err, GX_EINVAL, NULL, "stored chunk %s of import run %lld is damaged", part,
			                 (long long)id);
			break;
		}
	}
	db_reset(s, st);
	return e;
}

static const char *dup(struct gx_arena *a, struct store *s, struct db_stmt *st, int col)
{
	const char *t = db_col_text(s, st, col);
	return t ? gx_arena_strdup(a, t) : NULL;
}

enum gx_err store_import_run_get(struct store *s, int64_t id, struct gx_arena *a, struct import_run *r,
                                 int *found, struct gx_error *err)
{
	memset(r, 0, sizeof *r);
	*found = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, user_id, role, department_id, team_id, lang, entity, status, dry_run,"
	                           " all_or_nothing, force_dup, xlsx, file_size, mapping, imported, rows_read,"
	                           " lines_done, lines_total, created, updated, rejected, rolled_back,"
	                           " ignored_columns, encoding, job_id, error_code, error_message, error_field,"
	                           " attempts, worker, created_at, started_at, finished_at"
	                           " FROM import_runs WHERE id = ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	int row;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*found = 1;
		int c = 0;
		r->id = db_col_i64(s, st, c++);
		r->user_id = db_col_i64(s, st, c++);
		r->role = dup(a, s, st, c++);
		r->department_id = db_col_i64(s, st, c++);
		r->team_id = db_col_i64(s, st, c++);
		r->lang = dup(a, s, st, c++);
		r->entity = dup(a, s, st, c++);
		r->status = dup(a, s, st, c++);
		r->dry_run = (int)db_col_i64(s, st, c++);
		r->all_or_nothing = (int)db_col_i64(s, st, c++);
		r->force = (int)db_col_i64(s, st, c++);
		r->xlsx = (int)db_col_i64(s, st, c++);
		r->file_size = db_col_i64(s, st, c++);
		r->mapping = dup(a, s, st, c++);
		r->imported = (int)db_col_i64(s, st, c++);
		r->rows = db_col_i64(s, st, c++);
		r->lines_done = db_col_i64(s, st, c++);
		r->lines_total = db_col_i64(s, st, c++);
		r->created = db_col_i64(s, st, c++);
		r->updated = db_col_i64(s, st, c++);
		r->rejected = db_col_i64(s, st, c++);
		r->rolled_back = (int)db_col_i64(s, st, c++);
		r->ignored_columns = dup(a, s, st, c++);
		r->encoding = dup(a, s, st, c++);
		r->job_id = db_col_i64(s, st, c++);
		r->error_code = dup(a, s, st, c++);
		r->error_message = dup(a, s, st, c++);
		r->error_field = dup(a, s, st, c++);
		r->attempts = db_col_i64(s, st, c++);
		r->worker = dup(a, s, st, c++);
		r->created_at = dup(a, s, st, c++);
		r->started_at = dup(a, s, st, c++);
		r->finished_at = dup(a, s, st, c++);
	}
	db_reset(s, st);
	if (e != GX_OK || !*found)
		return e;
	if ((e = db_prepare(s, "SELECT line, col, reason FROM import_run_errors WHERE run_id = ? ORDER BY seq LIMIT ?",
	                    &st, err)) != GX_OK)
		return e;
	db_bindv(s, st, "ii", id, (int64_t)IMPORT_RUN_MAX_ERRORS);
	r->errors = gx_arena_calloc(a, IMPORT_RUN_MAX_ERRORS, sizeof *r->errors);
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && r->nerrors < IMPORT_RUN_MAX_ERRORS) {
		struct import_run_error *x = &r->errors[r->nerrors++];
		x->line = db_col_i64(s, st, 0);
		x->column = db_col_i64(s, st, 1);
		x->reason = dup(a, s, st, 2);
		if (!x->reason)
			x->reason = "";
	}
	db_reset(s, st);
	return e;
}

#define CLEAR_JOB "rows_read = 0, lines_done = 0, lines_total = 0, created = 0, updated = 0, rejected = 0," \
	" rolled_back = 0, ignored_columns = NULL, encoding = NULL, job_id = NULL, error_code = NULL," \
	" error_message = NULL, error_field = NULL, started_at = NULL, finished_at = NULL"

static enum gx_err clear_outputs(struct store *s, int64_t id, struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM import_run_errors WHERE run_id = ?", NULL, err, "i", id);
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM import_run_chunks WHERE run_id = ? AND part = 'rejected'", NULL, err, "i", id);
	return e;
}

/* Ends the transaction of an UPDATE (e, *changes) that, when it changed the run, clears the
 * previous job's outputs. */
static enum gx_err clear_and_end(struct store *s, int64_t id, enum gx_err e, const int64_t *changes,
                                 struct gx_error *err)
{
	if (e == GX_OK && *changes == 1)
		e = clear_outputs(s, id, err);
	if (e == GX_OK)
		return store_commit(s, err);
	store_rollback(s);
	return e;
}

enum gx_err store_import_run_set_mapping(struct store *s, int64_t id, const char *mapping,
                                         int64_t *changes, struct gx_error *err)
{
	*changes = 0;
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	e = db_exec(s,
	            "UPDATE import_runs SET mapping = ?, status = 'uploaded', dry_run = 0, " CLEAR_JOB
	            " WHERE id = ? AND imported = 0 AND status IN ('uploaded', 'done', 'failed')",
	            changes, err, "ti", mapping, id);
	return clear_and_end(s, id, e, changes, err);
}

enum gx_err store_import_run_queue(struct store *s, int64_t id, int dry_run, int64_t *changes,
                                   struct gx_error *err)
{
	*changes = 0;
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	e = db_exec(s,
	            "UPDATE import_runs SET status = 'queued', dry_run = ?, imported = ?, " CLEAR_JOB
	            " WHERE id = ? AND imported = 0 AND status IN ('uploaded', 'done', 'failed')",
	            changes, err, "iii", (int64_t)(dry_run ? 1 : 0), (int64_t)(dry_run ? 0 : 1), id);
	return clear_and_end(s, id, e, changes, err);
}

enum gx_err store_import_run_pending(struct store *s, const char *now, int64_t *ids, size_t max, size_t *n,
                                     struct gx_error *err)
{
	*n = 0;
	struct db_stmt *st;
	/* A read only: the servers that poll do not write (nor wait for SQLite's write lock) while
	 * another one runs the only pending run. */
	enum gx_err e = db_prepare(s,
	                           "SELECT r.id FROM import_runs r WHERE r.status IN ('queued', 'running') AND NOT EXISTS"
	                           " (SELECT 1 FROM job_leases l WHERE l.kind = 'import:' || CAST(r.id AS TEXT)"
	                           " AND l.lease_until >= ?) ORDER BY r.id LIMIT ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ti", now, (int64_t)max);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < max)
		ids[(*n)++] = db_col_i64(s, st, 0);
	db_reset(s, st);
	return e;
}

enum gx_err store_import_run_begin(struct store *s, int64_t id, const char *worker, const char *now,
                                   int64_t *changes, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE import_runs SET status = 'running', worker = ?, started_at = ?, attempts = attempts + 1"
	               " WHERE id = ? AND status = 'queued'",
	               changes, err, "tti", worker, now, id);
}

enum gx_err store_import_run_requeue(struct store *s, int64_t id, int64_t *changes, struct gx_error *err)
{
	*changes = 0;
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	e = db_exec(s, "UPDATE import_runs SET status = 'queued', " CLEAR_JOB " WHERE id = ? AND status = 'running'",
	            changes, err, "i", id);
	return clear_and_end(s, id, e, changes, err);
}

enum gx_err store_import_run_progress(struct store *s, int64_t id, const char *worker, int64_t rows,
                                      int64_t done, int64_t total, int64_t job_id, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE import_runs SET rows_read = ?, lines_done = ?, lines_total = ?, job_id = COALESCE(?, job_id)"
	               " WHERE id = ? AND status = 'running' AND worker = ?",
	               NULL, err, "iiiIit", rows, done, total, job_id, id, worker);
}

enum gx_err store_import_run_job(struct store *s, int64_t id, const char *worker, int64_t job_id,
                                 struct gx_error *err)
{
	return db_exec(s, "UPDATE import_runs SET job_id = ? WHERE id = ? AND status = 'running' AND worker = ?",
	               NULL, err, "iit", job_id, id, worker);
}

enum gx_err store_import_run_error_add(struct store *s, int64_t id, int64_t seq, int64_t line,
                                       int64_t column, const char *reason, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO import_run_errors (run_id, seq, line, col, reason) VALUES (?, ?, ?, ?, ?)"
	               " ON CONFLICT (run_id, seq) DO NOTHING",
	               NULL, err, "iiiit", id, seq, line, column, reason);
}

enum gx_err store_import_run_finish(struct store *s, int64_t id, const char *worker, int ok,
                                    const struct import_run *r, const char *now, int64_t *changes,
                                    struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE import_runs SET status = ?, rows_read = ?, lines_done = ?, lines_total = ?,"
	               " created = ?, updated = ?, rejected = ?, rolled_back = ?, ignored_columns = ?, encoding = ?,"
	               " job_id = ?, error_code = ?, error_message = ?, error_field = ?, finished_at = ?"
	               " WHERE id = ? AND (CAST(? AS TEXT) IS NULL AND status = 'running' OR worker = ? AND"
	               " (status = 'running' OR status = 'failed' AND error_code = 'unavailable'))",
	               changes, err, "tiiiiiiittIttttitt", ok ? "done" : "failed", r->rows, r->lines_done,
	               r->lines_total, r->created, r->updated, r->rejected, (int64_t)r->rolled_back,
	               r->ignored_columns, r->encoding, r->job_id, r->error_code, r->error_message,
	               r->error_field, now, id, worker, worker);
}

enum gx_err store_import_runs_purge(struct store *s, const char *before, int64_t *n, struct gx_error *err)
{
	/* The children first: a foreign key's ON DELETE CASCADE would do it, but explicit deletes
	 * keep the purge independent of the connection's foreign-key setting. */
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	static const char *const child[] = {
		"DELETE FROM import_run_chunks WHERE run_id IN (SELECT id FROM import_runs WHERE created_at < ?"
		" AND status NOT IN ('queued', 'running'))",
		"DELETE FROM import_run_errors WHERE run_id IN (SELECT id FROM import_runs WHERE created_at < ?"
		" AND status NOT IN ('queued', 'running'))",
	};
	for (size_t i = 0; i < 2 && e == GX_OK; i++)
		e = db_exec(s, child[i], NULL, err, "t", before);
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM import_runs WHERE created_at < ? AND status NOT IN ('queued', 'running')", n,
		            err, "t", before);
	/* a lease left by a server that died between finishing a run and dropping its lease */
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM job_leases WHERE kind LIKE 'import:%' AND (lease_until IS NULL OR lease_until < ?)",
		            NULL, err, "t", before);
	if (e == GX_OK)
		return store_commit(s, err);
	store_rollback(s);
	return e;
}

enum gx_err store_job_lease_drop(struct store *s, const char *kind, const char *holder,
                                 struct gx_error *err)
{
	return db_exec(s, "DELETE FROM job_leases WHERE kind = ? AND holder = ?", NULL, err, "tt", kind, holder);
}
