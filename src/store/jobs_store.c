/* Leases of scheduled jobs and the listing of job rows (see guanxi/jobs_store.h). The claim is
 * a single UPDATE whose WHERE re-checks the lease: two servers racing for it both run the
 * statement, the database orders them, and only the first changes the row. */
#include <stdio.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/jobs_store.h"
#include "store/driver.h"

enum gx_err store_job_lease_claim(struct store *s, const char *kind, const char *holder,
                                  const char *now, const char *lease_until, const char *first_run,
                                  int *got, char crashed_until[32], struct gx_error *err)
{
	*got = 0;
	crashed_until[0] = '\0';
	enum gx_err e = db_exec(s,
	                        "INSERT INTO job_leases (kind, next_run_at) VALUES (?, ?)"
	                        " ON CONFLICT (kind) DO NOTHING",
	                        NULL, err, "tt", kind, first_run);
	struct db_stmt *st;
	if (e == GX_OK)
		e = db_prepare(s, "SELECT holder, lease_until FROM job_leases WHERE kind = ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", kind);
	int row;
	char old_lease[32] = "";
	int had_holder = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row && !db_col_is_null(s, st, 0)) {
		const char *l = db_col_text(s, st, 1);
		had_holder = 1;
		snprintf(old_lease, sizeof old_lease, "%s", l ? l : "");
	}
	db_reset(s, st);
	if (e != GX_OK)
		return e;
	int64_t changes = 0;
	e = db_exec(s,
	            "UPDATE job_leases SET holder = ?, lease_until = ?, last_run_at = ?"
	            " WHERE kind = ? AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?)",
	            &changes, err, "tttttt", holder, lease_until, now, kind, now, now);
	*got = e == GX_OK && changes == 1;
	if (*got && had_holder)
		snprintf(crashed_until, 32, "%s", old_lease);
	return e;
}

enum gx_err store_job_lease_renew(struct store *s, const char *holder, const char *lease_until,
                                  int64_t *renewed, struct gx_error *err)
{
	return db_exec(s, "UPDATE job_leases SET lease_until = ? WHERE holder = ?", renewed, err, "tt",
	               lease_until, holder);
}

enum gx_err store_job_lease_release(struct store *s, const char *kind, const char *holder,
                                    const char *next_run_at, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE job_leases SET holder = NULL, lease_until = NULL, next_run_at = ?"
	               " WHERE kind = ? AND holder = ?",
	               NULL, err, "ttt", next_run_at, kind, holder);
}

enum gx_err store_job_mark_abandoned(struct store *s, const char *kind, const char *before,
                                     const char *message, const char *now, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE jobs SET status = 'failed', message = ?, finished_at = ?"
	               " WHERE kind = ? AND status = 'running' AND started_at <= ?",
	               NULL, err, "tttt", message, now, kind, before);
}

enum gx_err store_job_record(struct store *s, const char *kind, int64_t user_id, const char *params,
                             const char *started_at, int ok, const char *counts, const char *message,
                             int64_t *job_id, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO jobs (kind, user_id, status, params, counts, message, started_at, finished_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    job_id, NULL, err, "tItttttt", kind, user_id,
	                    ok ? "done" : "failed", params, counts, message, started_at, now);
}

static const char *dup(struct gx_arena *a, const char *s)
{
	return s ? gx_arena_strdup(a, s) : NULL;
}

enum gx_err store_job_list(struct store *s, const char *kind, int limit, struct gx_arena *a,
                           struct job_row **out, size_t *n, struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, user_id, kind, status, params, counts, message, started_at,"
	                           " finished_at FROM jobs WHERE (CAST(? AS TEXT) IS NULL OR kind = ?)"
	                           " ORDER BY id DESC LIMIT ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tti", kind, kind, (int64_t)limit);
	*out = gx_arena_calloc(a, (size_t)(limit > 0 ? limit : 1), sizeof **out);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)limit) {
		struct job_row *j = &(*out)[(*n)++];
		j->id = db_col_i64(s, st, 0);
		j->user_id = db_col_i64(s, st, 1);
		j->kind = dup(a, db_col_text(s, st, 2));
		j->status = dup(a, db_col_text(s, st, 3));
		j->params = dup(a, db_col_text(s, st, 4));
		j->counts = dup(a, db_col_text(s, st, 5));
		j->message = dup(a, db_col_text(s, st, 6));
		j->started_at = dup(a, db_col_text(s, st, 7));
		j->finished_at = dup(a, db_col_text(s, st, 8));
	}
	db_reset(s, st);
	return e;
}
