/* Audit log and job rows. */
#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "store/driver.h"

enum gx_err store_audit_insert(struct store *s, const struct audit_entry *a, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_exec(s,
	               "INSERT INTO audit_log (at, user_id, request_id, action, entity, entity_id, changes, job_id)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	               NULL, err, "tItttItI", now, a->user_id, a->request_id, a->action, a->entity,
	               a->entity_id, a->changes, a->job_id);
}

enum gx_err store_job_start(struct store *s, const char *kind, int64_t user_id, const char *params,
                            const char *file_name, const char *file_sha256, int64_t *job_id,
                            struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO jobs (kind, user_id, params, file_name, file_sha256, started_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	                    job_id, NULL, err, "tItttt", kind, user_id, params, file_name, file_sha256, now);
}

enum gx_err store_job_finish(struct store *s, int64_t job_id, int ok, const char *counts,
                             const char *message, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_exec(s, "UPDATE jobs SET status = ?, counts = ?, message = ?, finished_at = ? WHERE id = ?",
	               NULL, err, "ttttI", ok ? "done" : "failed", counts, message, now, job_id);
}

enum gx_err store_audit_count(struct store *s, const char *entity, int64_t entity_id,
                              int64_t *count, struct gx_error *err)
{
	return db_query_i64(s, "SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ?", count,
	                    NULL, err, "ti", entity, entity_id);
}
