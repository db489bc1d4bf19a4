/* Group commit: many write jobs share one transaction and one COMMIT (one fsync), so a durable
 * write costs a fraction of a disk flush instead of a whole one. One writer thread owns the
 * store: it takes the queued jobs, opens a transaction, runs each job inside its own
 * savepoint (a failing job is rolled back to it alone), keeps the transaction open while more
 * jobs are queued (up to max_group), then commits and only then tells every job of the group
 * its outcome. A job's result is never reported before its writes are durable.
 *
 * With overlap on, the COMMIT itself does not wait for the disk: a syncer thread makes each
 * committed group durable with a sync (fdatasync of the WAL) that begins after the group's
 * COMMIT returned, and only then reports the group's outcomes, while the writer already runs
 * the next group; one sync serves every group committed while the previous one ran. A failed
 * sync stops the engine taking writes for good (group_commit_failed): after a failed fsync
 * the state of the page cache is unknown and no later sync can vouch for anything.
 *
 * Used by guanxi serve on SQLite (src/http/server.c), where a commit is one fsync of the WAL
 * and only one connection may write at a time anyway. PostgreSQL groups the WAL flushes of
 * concurrent backends itself and is not routed through it. */
#ifndef GUANXI_GROUP_COMMIT_H
#define GUANXI_GROUP_COMMIT_H

#include <stdint.h>

#include "guanxi/error.h"

struct store;
struct group_commit;

struct gc_job {
	/* Runs on the writer thread with s inside the group's transaction and the job's own
	 * savepoint; the job sees no transaction (store_in_transaction is 0) and its store_begin /
	 * store_commit nest as usual. Anything but GX_OK rolls the job back to its savepoint. */
	enum gx_err (*run)(struct gc_job *job, struct store *s, struct gx_error *err);
	/* Called on the writer thread (or the syncer's, with overlap) once the outcome is final: e
	 * is the job's own error, else the commit's or the sync's (GX_OK: the job's writes are
	 * durable). After done the engine no longer touches the job. */
	void (*done)(struct gc_job *job, enum gx_err e, const struct gx_error *err);
	/* the engine's own */
	struct gc_job *next;
	enum gx_err result;
	struct gx_error error;
};

struct group_commit_options {
	int max_group;        /* at most this many jobs per commit; 0: 256 */
	/* Run in the group's transaction after its last job, before COMMIT (may be NULL): work
	 * the jobs deferred to once per group, such as search indexing (FTS5 flushes its pending
	 * terms at every savepoint, which made one savepoint per job cost a third of a write).
	 * An error fails the whole group. */
	enum gx_err (*before_commit)(void *cls, struct store *s, struct gx_error *err);
	void *cls;
	/* Overlap the fsync of one group with the running of the next (see above). On SQLite the
	 * store must be in WAL mode; its connection runs synchronous=NORMAL until
	 * group_commit_stop puts FULL back. */
	int overlap;
	/* The sync of overlap (may be NULL: fdatasync of the store's WAL file, SQLite only).
	 * Called on the syncer thread; GX_OK promises that every COMMIT that returned before the
	 * call began is durable. Tests inject failures and observe the order here. */
	enum gx_err (*sync)(void *sync_cls, struct gx_error *err);
	void *sync_cls;
	/* Upkeep for the moments the writer would otherwise wait (may be NULL): while a group is
	 * held open for the syncer with nothing queued (overlap), and after the writer has had
	 * nothing to do for a while (then in a transaction of its own). Runs on the writer thread
	 * with cls, in a savepoint of its own; returns 1 when it did some work and may have
	 * more, 0 when there is nothing to do (then it is not called again until the next group
	 * has committed), a negative number when it failed (its step is rolled back, the group's
	 * writes stay). Each call should be short (about a
	 * millisecond): a write that arrives meanwhile waits for it. guanxi serve merges the
	 * search index here (include/guanxi/search_merge.h). */
	int (*idle)(void *cls, struct store *s);
	int idle_quiet_ms;    /* no write for this long makes the writer idle; 0: 20 ms */
};

struct group_commit_stats {
	uint64_t commits;     /* COMMITs run (each one fsync of the WAL on SQLite) */
	uint64_t jobs;        /* jobs finished, whatever their outcome */
	uint64_t failed_jobs; /* jobs answered with an error (their own or their group's) */
	uint64_t max_group;   /* the largest group committed */
	uint64_t run_us;      /* wall time spent running jobs (and the before_commit hook) */
	uint64_t hold_us;     /* overlap: wall time a group was held open, the queue empty, for
	                       * the syncer to finish (not in run_us) */
	uint64_t commit_us;   /* wall time spent in COMMIT (the fsync, mostly, without overlap) */
	uint64_t run_cpu_us;  /* the writer thread's CPU time in those two (a loaded machine */
	uint64_t commit_cpu_us;   /* stretches wall time; CPU time tells work from waiting) */
	/* overlap: the syncer's */
	uint64_t syncs;               /* syncs run (each one fdatasync of the WAL) */
	uint64_t sync_us;             /* wall time spent in them */
	uint64_t synced_groups;       /* groups answered after a successful sync */
	uint64_t synced_jobs;         /* their jobs: synced_jobs / syncs is writes per fsync */
	uint64_t max_groups_per_sync;
	uint64_t sync_failures;       /* 0 or 1: the first failure stops the engine taking writes */
	/* overlap on SQLite: checkpoints run by a checkpointer thread on its own connection,
	 * asked for after a group's COMMIT, instead of inside the COMMIT */
	uint64_t checkpoints;
	uint64_t checkpoint_us;       /* wall time in them (beside the writer and the syncer) */
	uint64_t tail_checkpoints;    /* the writer's own after each of those: the frames committed */
	uint64_t tail_checkpoint_us;  /* meanwhile, so that the WAL restarts; wall time in them */
	/* the idle hook's */
	uint64_t idle_steps;          /* calls that did some work */
	uint64_t idle_us;             /* wall time in all calls */
};

/* Starts the writer thread over s, which the caller keeps owning but must not use until
 * group_commit_stop returned. */
enum gx_err group_commit_start(struct store *s, const struct group_commit_options *opts,
                               struct group_commit **out, struct gx_error *err);
/* Queues job (thread-safe); its done callback follows on the writer thread. */
void group_commit_submit(struct group_commit *g, struct gc_job *job);
/* Runs job through the group and waits for its outcome (for callers that may block). */
enum gx_err group_commit_run(struct group_commit *g, struct gc_job *job, struct gx_error *err);
void group_commit_get_stats(struct group_commit *g, struct group_commit_stats *out);
/* 1 once a sync failed: every job since (and every one committed but not synced then) was
 * answered GX_EUNAVAIL without running; the server reports itself not ready. */
int group_commit_failed(struct group_commit *g);
/* Finishes every queued job (with overlap: syncs and answers every committed group), stops the
 * threads and frees g (NULL is fine); stats (may be NULL)
 * gets the final counts. */
void group_commit_stop(struct group_commit *g, struct group_commit_stats *stats);

#endif
