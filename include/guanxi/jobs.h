/* Background jobs run by guanxi serve on the schedule of the settings job_*_every_s: score
 * refresh (`guanxi score`), public-pool recycle, webhook delivery passes, and daily pruning of
 * old webhook events. A scheduled kind is run by whichever server claims its lease in the
 * database, so it never runs twice at once, across processes too; each run is a row of the jobs table (start, end, status, counts),
 * which admins list here, with `guanxi job list` and at GET /api/v1/jobs. */
#ifndef GUANXI_JOBS_H
#define GUANXI_JOBS_H

#include <stddef.h>

#include "guanxi/app.h"
#include "guanxi/hooks.h"
#include "guanxi/jobs_store.h"

/* Runs the scheduled kinds (score, recycle) that are due and whose lease holder (a name unique
 * to the calling process and thread) gets; *ran counts them. A failed run is recorded on its
 * job row and does not stop the others; the first such error is returned. */
enum gx_err app_jobs_run_due(struct app *app, const char *holder, int *ran, struct gx_error *err);

/* Folds up to max customers (all when max <= 0) marked for the dashboard rollup, in a
 * transaction of its own (nothing when none wait); the server's scheduler runs it every round
 * on PostgreSQL, where requests leave the folding to it (store_dashboard_defer), and the demo
 * once at its end. */
enum gx_err app_jobs_fold_dashboard(struct app *app, int64_t max, struct gx_error *err);

/* Renews every lease holder holds to now + job_lease_s (*renewed: how many). The server calls
 * it every third of the lease from a thread of its own, so a run longer than the lease keeps
 * it and a killed server's kinds are free again within one lease. */
enum gx_err app_jobs_heartbeat(struct app *app, const char *holder, int64_t *renewed,
                               struct gx_error *err);

/* A webhook delivery round: batches of `batch` deliveries (app_webhooks_deliver; small
 * batches keep claims' leases short) one after another while they come back full, at most
 * max_batches of them; recorded as one "webhooks" job row with the summed counts when it sent
 * anything. *more is set when the last batch was full (work may be left). stop: as for
 * app_webhooks_deliver. */
enum gx_err app_jobs_deliver_webhooks(struct app *app, const char *worker, int batch,
                                      int max_batches, const atomic_int *stop,
                                      struct app_deliver_counts *c, int *more, struct gx_error *err);

/* Admin only: job rows newest first (kind NULL: all; limit 1..1000). */
enum gx_err app_jobs_list(struct app *app, const char *kind, int limit, struct gx_arena *a,
                          struct job_row **out, size_t *n, struct gx_error *err);

/* A name for a worker: host, process id, tag and a random part. */
void app_jobs_worker_name(const char *tag, char out[96]);

#endif
