/* Background jobs in the database: the lease each scheduled kind of job is claimed through
 * (so that one server runs it at a time), and the job rows (table jobs) admins list. */
#ifndef GUANXI_JOBS_STORE_H
#define GUANXI_JOBS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/store.h"

struct job_row {
	int64_t id, user_id;
	const char *kind, *status, *params, *counts, *message, *started_at, *finished_at;
};

/* Takes kind's lease for holder until lease_until when the job is due (next_run_at <= now)
 * and nobody holds a live lease; a kind seen for the first time is created due at first_run.
 * One atomic UPDATE, outside any transaction. *got = 1 when taken; *crashed_until is then the
 * expired lease of a holder that never released it (a server that died mid-run), or "". */
enum gx_err store_job_lease_claim(struct store *s, const char *kind, const char *holder,
                                  const char *now, const char *lease_until, const char *first_run,
                                  int *got, char crashed_until[32], struct gx_error *err);
/* The heartbeat of a running job: moves every lease holder holds to lease_until, so a live
 * server keeps its kinds however long they run while a killed one loses them when the last
 * renewal runs out. *renewed: the number of leases held. */
enum gx_err store_job_lease_renew(struct store *s, const char *holder, const char *lease_until,
                                  int64_t *renewed, struct gx_error *err);
/* Gives the lease back and sets when the job is next due. */
enum gx_err store_job_lease_release(struct store *s, const char *kind, const char *holder,
                                    const char *next_run_at, struct gx_error *err);
/* Marks jobs of kind still "running" that started before `before` as failed with message:
 * their server died. */
enum gx_err store_job_mark_abandoned(struct store *s, const char *kind, const char *before,
                                     const char *message, const char *now, struct gx_error *err);
/* A finished job's row in one statement (a run recorded after the fact, with its start). */
enum gx_err store_job_record(struct store *s, const char *kind, int64_t user_id, const char *params,
                             const char *started_at, int ok, const char *counts, const char *message,
                             int64_t *job_id, struct gx_error *err);
/* Job rows, newest first; kind NULL: every kind. */
enum gx_err store_job_list(struct store *s, const char *kind, int limit, struct gx_arena *a,
                           struct job_row **out, size_t *n, struct gx_error *err);

#endif
