/* Audit rows and bulk jobs (DECISIONS.md "Audit"). */
#ifndef GUANXI_AUDIT_STORE_H
#define GUANXI_AUDIT_STORE_H

#include <stdint.h>

#include "guanxi/store.h"

struct audit_entry {
	int64_t user_id;          /* 0: system */
	const char *request_id;   /* may be NULL */
	const char *action;       /* create, update, delete, restore, purge, merge, claim, release,
	                             recycle, export, import … */
	const char *entity;
	int64_t entity_id;        /* 0: none (a job) */
	const char *changes;      /* JSON text or NULL */
	int64_t job_id;           /* 0: not part of a job */
};

enum gx_err store_audit_insert(struct store *s, const struct audit_entry *a, struct gx_error *err);

/* Starts a job row (status running) and returns its id. */
enum gx_err store_job_start(struct store *s, const char *kind, int64_t user_id, const char *params,
                            const char *file_name, const char *file_sha256, int64_t *job_id,
                            struct gx_error *err);
/* Finishes a job: status done or failed, counts JSON, optional message. */
enum gx_err store_job_finish(struct store *s, int64_t job_id, int ok, const char *counts,
                             const char *message, struct gx_error *err);

/* Number of audit rows for an entity record (for tests and the history view). */
enum gx_err store_audit_count(struct store *s, const char *entity, int64_t entity_id,
                              int64_t *count, struct gx_error *err);

#endif
