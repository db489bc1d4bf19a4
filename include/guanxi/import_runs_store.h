/* The rows of the import wizard's runs (migration 0013; see guanxi/import_runs.h for what a run
 * is). Transitions are single UPDATEs whose WHERE re-checks the status, so two servers acting on
 * one run at once are ordered by the database and only one of them changes it (*changes 1). */
#ifndef GUANXI_IMPORT_RUNS_STORE_H
#define GUANXI_IMPORT_RUNS_STORE_H

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/import_runs.h"
#include "guanxi/store.h"

/* Inserts r (id, counts and times ignored; status, flags, actor, entity, size as given). */
enum gx_err store_import_run_insert(struct store *s, const struct import_run *r, const char *now,
                                    int64_t *id, struct gx_error *err);
/* Appends chunk seq of part ("upload" or "rejected"), base64 text. */
enum gx_err store_import_run_chunk_put(struct store *s, int64_t id, const char *part, int64_t seq,
                                       const char *b64, struct gx_error *err);
/* Calls fn with each chunk of part in order; fn returns non-zero to stop with GX_EINVAL. */
enum gx_err store_import_run_chunks_each(struct store *s, int64_t id, const char *part,
                                         int (*fn)(void *ctx, const char *b64), void *ctx,
                                         struct gx_error *err);
/* The run and its listed errors; *found 0 when there is no such run. */
enum gx_err store_import_run_get(struct store *s, int64_t id, struct gx_arena *a, struct import_run *r,
                                 int *found, struct gx_error *err);
/* Sets the mapping of a run not started for real and not queued or running; back to uploaded. */
enum gx_err store_import_run_set_mapping(struct store *s, int64_t id, const char *mapping,
                                         int64_t *changes, struct gx_error *err);
/* Queues a job on a run that is not queued or running and was never imported for real,
 * clearing the previous job's counts, errors and rejected rows. */
enum gx_err store_import_run_queue(struct store *s, int64_t id, int dry_run, int64_t *changes,
                                   struct gx_error *err);
/* Up to max ids of queued or running runs whose lease is free or ran out before now, oldest
 * first. */
enum gx_err store_import_run_pending(struct store *s, const char *now, int64_t *ids, size_t max, size_t *n,
                                     struct gx_error *err);
/* queued → running by worker (attempts + 1). */
enum gx_err store_import_run_begin(struct store *s, int64_t id, const char *worker, const char *now,
                                   int64_t *changes, struct gx_error *err);
/* running → queued again (a taken-over preview). */
enum gx_err store_import_run_requeue(struct store *s, int64_t id, int64_t *changes, struct gx_error *err);
/* The progress of worker's running job; job_id (0: not known yet) is the import's jobs row,
 * so that a takeover can mark it failed too. */
enum gx_err store_import_run_progress(struct store *s, int64_t id, const char *worker, int64_t rows,
                                      int64_t done, int64_t total, int64_t job_id, struct gx_error *err);
/* Records job_id (the import's jobs row) on worker's running job. */
enum gx_err store_import_run_job(struct store *s, int64_t id, const char *worker, int64_t job_id,
                                 struct gx_error *err);
enum gx_err store_import_run_error_add(struct store *s, int64_t id, int64_t seq, int64_t line,
                                       int64_t column, const char *reason, struct gx_error *err);
/* running → done (r's counts, encoding, ignored columns, job id) or failed (r's error_*).
 * With worker: only that worker's run, also when another server declared it dead meanwhile
 * (failed, unavailable: its lease had run out though it was still running, e.g. the heartbeat
 * could not reach the database) so that the run ends with what really happened. With worker
 * NULL: a takeover's verdict on a running run. */
enum gx_err store_import_run_finish(struct store *s, int64_t id, const char *worker, int ok,
                                    const struct import_run *r, const char *now, int64_t *changes,
                                    struct gx_error *err);
/* Deletes runs created before `before` that are not queued or running; *n counts them. */
enum gx_err store_import_runs_purge(struct store *s, const char *before, int64_t *n, struct gx_error *err);
/* Removes the lease row of kind while holder holds it (a run's lease once it is over). */
enum gx_err store_job_lease_drop(struct store *s, const char *kind, const char *holder,
                                 struct gx_error *err);

#endif
