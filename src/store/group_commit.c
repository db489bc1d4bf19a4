/* Group commit (include/guanxi/group_commit.h): one writer thread, one transaction per group,
 * one savepoint per job. The group stays open while jobs keep arriving, so under load the jobs
 * that queued up during one COMMIT's fsync all share the next one; an idle server commits each
 * job at once (a group of one), so a lone write waits no longer than before.
 *
 * With overlap on, COMMIT does not wait for the disk (SQLite synchronous=NORMAL in WAL mode)
 * and a second thread, the syncer, makes committed groups durable: it takes every group
 * committed so far, runs one fdatasync of the WAL file (begun after their COMMITs returned, so
 * it covers their frames) and only then reports their outcomes, while the writer already runs
 * the next group. A failed sync is final: the page cache's state is unknown afterwards, so no
 * later sync may vouch for anything; every job from then on fails (group_commit_failed).
 *
 * Lock order: the queue mutex is never held while a job runs, the database is touched or a
 * sync runs, and the done callbacks run without it, so a callback may submit again without
 * deadlock. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guanxi/arena.h"
#include "guanxi/clock.h"
#include "guanxi/group_commit.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/wal_watch.h"

#define DEFAULT_MAX_GROUP 256

/* A group committed but not yet made durable (overlap), waiting for the syncer. */
struct gc_group {
	struct gc_job *jobs;
	uint64_t n;
	struct gc_group *next;
};

struct group_commit {
	struct store *s;
	int max_group;
	enum gx_err (*before_commit)(void *cls, struct store *s, struct gx_error *err);
	void *cls;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct gc_job *head, *tail;   /* queued, not yet taken by the writer */
	int stop;
	struct group_commit_stats stats;
	/* overlap */
	int overlap;
	enum gx_err (*sync)(void *cls, struct gx_error *err);
	void *sync_cls;
	int wal_fd;                   /* our own descriptor of <db>-wal (default sync), or -1 */
	char *wal_path;
	pthread_t syncer;
	pthread_cond_t sync_cv;
	struct gc_group *pend_head, *pend_tail;   /* committed, not yet synced */
	int sync_stop;
	int syncing;                  /* the syncer is syncing or answering a batch of groups */
	int failed;                   /* a sync failed: every job from now on fails with fail_err */
	struct gx_error fail_err;
	/* idle upkeep */
	int (*idle)(void *cls, struct store *s);
	int idle_dry;                 /* the hook found nothing to do since the last commit */
	uint64_t idle_calls;          /* calls of the hook so far */
	struct wal_watch *wal;        /* overlap on SQLite: checkpoints beside the writer, not in its COMMIT */
	int idle_quiet_ms;
};

/* SAVEPOINT / RELEASE as cached statements on SQLite (as store.c does); PostgreSQL cannot
 * prepare them. */
static enum gx_err sp_exec(struct store *s, const char *sql, struct gx_error *err)
{
	if (s->backend == STORE_SQLITE)
		return db_exec(s, sql, NULL, err, "");
	return db_exec_script(s, sql, err);
}

static int tx_alive(struct store *s)
{
	return !s->drv->tx_active || s->drv->tx_active(s);
}

/* CPU time of the calling thread: under a loaded machine, wall time in COMMIT mixes waiting
 * for the disk with waiting for a core. */
static uint64_t cpu_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

#define IDLE_QUIET_MS 20   /* default: an idle writer starts upkeep after this long without a write */
#define IDLE_BURST 8       /* upkeep steps per transaction of its own */
#define UPKEEP_STEPS 4     /* upkeep steps at most before the COMMIT of a group of several writes */

/* One call of the idle hook in a savepoint of its own; called without the queue mutex, inside
 * a transaction. 1 when it did work. */
static int idle_step(struct group_commit *g)
{
	struct store *s = g->s;
	struct gx_error ignored;
	uint64_t t0 = gx_monotonic_us();
	int worked = 0;
	if (sp_exec(s, "SAVEPOINT gc_idle", &ignored) == GX_OK) {
		worked = g->idle(g->cls, s);
		if (worked < 0) {   /* failed: its step goes, the group's work stays */
			sp_exec(s, "ROLLBACK TO gc_idle", &ignored);
			worked = 0;
		}
		if (tx_alive(s))
			sp_exec(s, "RELEASE gc_idle", &ignored);
	}
	pthread_mutex_lock(&g->mu);
	g->idle_calls++;
	g->stats.idle_us += gx_monotonic_us() - t0;
	if (worked)
		g->stats.idle_steps++;
	else
		g->idle_dry = 1;
	pthread_mutex_unlock(&g->mu);
	return worked;
}

/* The checkpoint the writer's COMMIT no longer runs (store/wal_watch.h), once the group is with
 * the syncer: the checkpointer thread runs it on its own connection, so neither this group's
 * answers nor the next group wait for the copy and its fsyncs. Not inside a transaction. */
static void checkpoint_due(struct group_commit *g)
{
	if (!g->wal)
		return;
	uint64_t t0 = gx_monotonic_us();
	if (wal_watch_kick(g->s, g->wal) == 2) {
		pthread_mutex_lock(&g->mu);
		g->stats.tail_checkpoints++;
		g->stats.tail_checkpoint_us += gx_monotonic_us() - t0;
		pthread_mutex_unlock(&g->mu);
	}
}

/* Takes up to max queued jobs (in arrival order); NULL when none is queued. With hold (an
 * open group, overlap) it first waits while the syncer is busy and nothing is queued: a COMMIT
 * made now would be answered no sooner than one made when the syncer is free (its next sync
 * cannot begin before), so the group stays open for whoever queues meanwhile and the
 * writer commits once per sync, not once per empty queue. */
static struct gc_job *take(struct group_commit *g, int max, int *n, int hold)
{
	pthread_mutex_lock(&g->mu);
	if (hold && g->overlap && !g->head && !g->stop && !g->failed && (g->syncing || g->pend_head)) {
		uint64_t t0 = gx_monotonic_us(), idle_us0 = g->stats.idle_us;
		while (!g->head && !g->stop && !g->failed && (g->syncing || g->pend_head)) {
			if (g->idle && !g->idle_dry) {   /* the wait is the writer's: upkeep meanwhile */
				pthread_mutex_unlock(&g->mu);
				idle_step(g);
				pthread_mutex_lock(&g->mu);
				continue;
			}
			pthread_cond_wait(&g->cv, &g->mu);
		}
		g->stats.hold_us += gx_monotonic_us() - t0 - (g->stats.idle_us - idle_us0);
	}
	struct gc_job *first = g->head, *last = NULL, *j = g->head;
	*n = 0;
	while (j && *n < max) {
		last = j;
		j = j->next;
		(*n)++;
	}
	if (last) {
		last->next = NULL;
		g->head = j;
		if (!j)
			g->tail = NULL;
	}
	pthread_mutex_unlock(&g->mu);
	return *n ? first : NULL;
}

/* Runs one job inside its savepoint, with the group's transaction open at depth 1. */
static void run_job(struct group_commit *g, struct gc_job *job)
{
	struct store *s = g->s;
	gx_error_clear(&job->error);
	enum gx_err e = sp_exec(s, "SAVEPOINT gx_job", &job->error);
	if (e != GX_OK) {
		job->result = e;
		return;
	}
	s->tx_depth = 2;
	s->tx_base = 2;
	s->retryable = 0;
	e = job->run(job, s, &job->error);
	/* A job that left a unit of work open is rolled back to where it began it. */
	while (s->tx_depth > s->tx_base)
		store_rollback(s);
	s->tx_base = 0;
	s->tx_depth = 1;
	if (!tx_alive(s)) {
		job->result = e != GX_OK ? e : gx_error_set(&job->error, GX_EUNAVAIL, NULL, "%s",
		                                            _("the database rolled the write back; try again"));
		return;
	}
	struct gx_error ignored;
	if (e != GX_OK)
		sp_exec(s, "ROLLBACK TO SAVEPOINT gx_job", &ignored);
	enum gx_err re = sp_exec(s, "RELEASE SAVEPOINT gx_job", e == GX_OK ? &job->error : &ignored);
	job->result = e != GX_OK ? e : re;
}

static void finish(struct group_commit *g, struct gc_job *list, enum gx_err group_e,
                   const struct gx_error *group_err, uint64_t n)
{
	pthread_mutex_lock(&g->mu);
	g->stats.jobs += n;
	for (struct gc_job *j = list; j; j = j->next)
		if (j->result != GX_OK || group_e != GX_OK)
			g->stats.failed_jobs++;
	pthread_mutex_unlock(&g->mu);
	while (list) {
		struct gc_job *next = list->next;   /* done may free the job */
		if (list->result != GX_OK)
			list->done(list, list->result, &list->error);
		else
			list->done(list, group_e, group_err);
		list = next;
	}
}

/* After a failed sync no job runs: each answers the sync's failure (writes are stopped). */
static int refuse_if_failed(struct group_commit *g, struct gc_job *list, uint64_t n)
{
	pthread_mutex_lock(&g->mu);
	int failed = g->failed;
	struct gx_error ferr = g->fail_err;
	pthread_mutex_unlock(&g->mu);
	if (!failed)
		return 0;
	for (struct gc_job *j = list; j; j = j->next)
		j->result = GX_OK;
	finish(g, list, GX_EUNAVAIL, &ferr, n);
	return 1;
}

/* One group: BEGIN, jobs while any are queued (up to max_group), COMMIT, outcomes. */
static void run_group(struct group_commit *g)
{
	struct store *s = g->s;
	int n = 0;
	struct gc_job *list = take(g, g->max_group, &n, 0), *tail = list;
	if (!list)
		return;
	struct gx_error gerr;
	gx_error_clear(&gerr);
	if (refuse_if_failed(g, list, (uint64_t)n))
		return;
	uint64_t t0 = gx_monotonic_us(), c0 = cpu_us();
	pthread_mutex_lock(&g->mu);
	uint64_t hold0 = g->stats.hold_us, idle_calls0 = g->idle_calls;
	pthread_mutex_unlock(&g->mu);
	enum gx_err ge = s->drv->tx_begin(s, &gerr);
	if (ge != GX_OK) {
		s->tx_depth = 0;
		for (struct gc_job *j = list; j; j = j->next)
			j->result = GX_OK;
		finish(g, list, ge, &gerr, (uint64_t)n);
		return;
	}
	s->tx_depth = 1;
	int total = 0, lost = 0;
	for (struct gc_job *batch = list; batch && !lost;) {
		struct gc_job *j = batch;
		for (; j; j = j->next) {
			run_job(g, j);
			total++;
			tail = j;
			if (!tx_alive(s)) {   /* the backend ended the transaction: the group is lost */
				lost = 1;
				break;
			}
		}
		if (lost)
			break;
		/* Whoever queued meanwhile joins this group rather than waiting for the next one. */
		int more = 0;
		batch = total < g->max_group ? take(g, g->max_group - total, &more, 1) : NULL;
		if (batch) {
			tail->next = batch;
			n += more;
		}
	}
	if (lost) {
		/* Jobs run after the loss were not run at all; every job of the group fails. */
		s->tx_depth = 0;
		gx_error_set(&gerr, GX_EUNAVAIL, NULL, "%s", _("the database rolled the write back; try again"));
		for (struct gc_job *j = tail->next; j; j = j->next)
			j->result = GX_OK;
		finish(g, list, GX_EUNAVAIL, &gerr, (uint64_t)n);
		return;
	}
	pthread_mutex_lock(&g->mu);
	int failed = g->failed;   /* a sync failed while the group was open: it is not committed */
	if (failed)
		gerr = g->fail_err;
	pthread_mutex_unlock(&g->mu);
	if (failed) {
		s->tx_depth = 0;
		s->drv->tx_rollback(s);
		finish(g, list, GX_EUNAVAIL, &gerr, (uint64_t)n);
		return;
	}
	/* A writer that is never idle would never merge: FTS5 then merges 16 segments at once
	 * inside some later COMMIT (its crisis merge), a stall of 100-200 ms for one whole group
	 * at 100k customers. A group of several writes during which the upkeep had no moment (or
	 * after which writes are queued already) does a few steps of it (a few milliseconds)
	 * before its COMMIT, so the upkeep keeps pace with a saturated writer. Every job of the
	 * group may be waiting in it (64 clients, 64 jobs: nothing queued behind), hence the size
	 * and not only the queue; a lone write never waits for it. */
	pthread_mutex_lock(&g->mu);
	int upkeep = g->idle && !g->idle_dry && g->idle_calls == idle_calls0 && (g->head || total > 1);
	pthread_mutex_unlock(&g->mu);
	for (int i = 0; upkeep && i < UPKEEP_STEPS && idle_step(g); i++)
		;
	if (g->before_commit)
		ge = g->before_commit(g->cls, s, &gerr);
	while (s->tx_depth > 1)   /* a unit of work the hook left open */
		store_rollback(s);
	s->tx_depth = 0;
	uint64_t t1 = gx_monotonic_us(), c1 = cpu_us();
	if (ge == GX_OK)
		ge = s->drv->tx_commit(s, &gerr);
	if (ge != GX_OK)
		s->drv->tx_rollback(s);
	uint64_t t2 = gx_monotonic_us(), c2 = cpu_us();
	pthread_mutex_lock(&g->mu);
	g->stats.run_us += t1 - t0 - (g->stats.hold_us - hold0);
	g->stats.commit_us += t2 - t1;
	g->stats.commit_cpu_us += c2 - c1;
	g->stats.run_cpu_us += c1 - c0;
	g->stats.commits++;
	g->idle_dry = 0;   /* the group may have given the upkeep work */
	if ((uint64_t)total > g->stats.max_group)
		g->stats.max_group = (uint64_t)total;
	if (ge == GX_OK && g->overlap) {
		/* Committed, not yet durable: the syncer answers it after a sync begun from now on. */
		struct gc_group *grp = gx_xcalloc(1, sizeof *grp);
		grp->jobs = list;
		grp->n = (uint64_t)n;
		if (g->pend_tail)
			g->pend_tail->next = grp;
		else
			g->pend_head = grp;
		g->pend_tail = grp;
		pthread_cond_signal(&g->sync_cv);
		pthread_mutex_unlock(&g->mu);
		checkpoint_due(g);
		return;
	}
	pthread_mutex_unlock(&g->mu);
	finish(g, list, ge, &gerr, (uint64_t)n);
}

/* Upkeep in a transaction of its own while no write is queued, a few steps at a time. With
 * overlap its COMMIT is made durable by the next group's sync; losing it in a crash loses only
 * the upkeep. Called and returns with the queue mutex held. */
static void idle_alone(struct group_commit *g)
{
	struct store *s = g->s;
	pthread_mutex_unlock(&g->mu);
	struct gx_error ignored;
	if (s->drv->tx_begin(s, &ignored) == GX_OK) {
		s->tx_depth = 1;
		for (int i = 0; i < IDLE_BURST && idle_step(g); i++) {
			pthread_mutex_lock(&g->mu);
			int wanted = g->head || g->stop || g->failed;   /* a write came: stop the upkeep */
			pthread_mutex_unlock(&g->mu);
			if (wanted)
				break;
		}
		s->tx_depth = 0;
		if (s->drv->tx_commit(s, &ignored) != GX_OK)
			s->drv->tx_rollback(s);
		else
			checkpoint_due(g);
	}
	pthread_mutex_lock(&g->mu);
}

static void *writer_main(void *arg)
{
	struct group_commit *g = arg;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!g->head && !g->stop) {
			if (!g->idle || g->idle_dry || g->failed) {
				pthread_cond_wait(&g->cv, &g->mu);
				continue;
			}
			struct timespec until;
			gx_deadline_after_ms(&until, g->idle_quiet_ms);
			if (pthread_cond_timedwait(&g->cv, &g->mu, &until) != 0 && !g->head && !g->stop)
				idle_alone(g);
		}
		if (!g->head)
			break;
		pthread_mutex_unlock(&g->mu);
		run_group(g);
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* --- overlap: the syncer ------------------------------------------------------------------ */

/* The default sync: fdatasync of the WAL through our own descriptor (fsync flushes the file's
 * dirty pages whichever descriptor wrote them; Linux reports a writeback error to every
 * descriptor open when it happened, so SQLite's own cannot swallow it from us). The file must
 * still be the one we opened: SQLite replaces it only when the last connection closes, which
 * the writer's open connection prevents, but a replaced file would make our sync vouch for
 * nothing, so that is a failure too. */
static enum gx_err wal_sync(void *cls, struct gx_error *err)
{
	struct group_commit *g = cls;
	char why[128];
	if (fdatasync(g->wal_fd) != 0)
		return gx_error_set(err, GX_EUNAVAIL, NULL, _("the write may not be on disk: fdatasync of %s failed (%s); writes are stopped"),
		                    g->wal_path, strerror_r(errno, why, sizeof why));
	struct stat ours, now;
	if (fstat(g->wal_fd, &ours) != 0 || stat(g->wal_path, &now) != 0 || ours.st_ino != now.st_ino ||
	    ours.st_dev != now.st_dev)
		return gx_error_set(err, GX_EUNAVAIL, NULL, _("the write may not be on disk: %s was removed or replaced while the server ran; writes are stopped"),
		                    g->wal_path);
	return GX_OK;
}

/* Takes every committed group, syncs once, answers them; a failure (this sync's or an earlier
 * one's) answers them with the failure instead. Runs until stopped and nothing is pending. */
static void *syncer_main(void *arg)
{
	struct group_commit *g = arg;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!g->pend_head && !g->sync_stop)
			pthread_cond_wait(&g->sync_cv, &g->mu);
		if (!g->pend_head)
			break;
		/* Every group taken here had returned from its COMMIT: the sync below begins after. */
		struct gc_group *groups = g->pend_head;
		g->pend_head = g->pend_tail = NULL;
		g->syncing = 1;
		int failed = g->failed;
		pthread_mutex_unlock(&g->mu);
		struct gx_error serr;
		gx_error_clear(&serr);
		enum gx_err se = GX_EUNAVAIL;
		uint64_t t0 = gx_monotonic_us(), t1 = t0;
		if (!failed) {
			se = g->sync(g->sync_cls, &serr);
			t1 = gx_monotonic_us();
		}
		uint64_t ngroups = 0, njobs = 0;
		for (struct gc_group *grp = groups; grp; grp = grp->next) {
			ngroups++;
			njobs += grp->n;
		}
		pthread_mutex_lock(&g->mu);
		if (!failed) {
			g->stats.syncs++;
			g->stats.sync_us += t1 - t0;
			if (se == GX_OK) {
				g->stats.synced_groups += ngroups;
				g->stats.synced_jobs += njobs;
				if (ngroups > g->stats.max_groups_per_sync)
					g->stats.max_groups_per_sync = ngroups;
			} else {
				if (serr.code != GX_EUNAVAIL)   /* answered 503 whatever the hook said */
					serr.code = GX_EUNAVAIL;
				g->stats.sync_failures++;
				g->failed = 1;
				g->fail_err = serr;
			}
		}
		struct gx_error ferr = g->fail_err;
		pthread_mutex_unlock(&g->mu);
		while (groups) {
			struct gc_group *next = groups->next;
			if (se == GX_OK)
				finish(g, groups->jobs, GX_OK, NULL, groups->n);
			else
				finish(g, groups->jobs, GX_EUNAVAIL, &ferr, groups->n);
			free(groups);
			groups = next;
		}
		pthread_mutex_lock(&g->mu);
		g->syncing = 0;
		pthread_cond_signal(&g->cv);   /* a writer holding its group open for us commits now */
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* Runs sql and gives the first column of its first row (NULL-terminated, cut to cap). */
static enum gx_err query_text(struct store *s, const char *sql, int col, char *out, size_t cap,
                              struct gx_error *err)
{
	struct db_stmt *st;
	out[0] = 0;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		const char *v = db_col_text(s, st, col);
		snprintf(out, cap, "%s", v ? v : "");
	}
	db_reset(s, st);
	return e;
}

/* SQLite: the writer's connection commits without fsync (synchronous=NORMAL: in WAL mode the
 * database stays consistent, SQLite still syncs the WAL before each checkpoint and the
 * database after it, and the WAL header when the log restarts); durability comes from the
 * syncer. Without a sync hook, opens our own descriptor of the WAL file. */
static enum gx_err overlap_prepare(struct group_commit *g, struct gx_error *err)
{
	struct store *s = g->s;
	if (s->backend != STORE_SQLITE) {
		if (g->sync)
			return GX_OK;   /* the engine alone (tests): the hook is the sync */
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("overlapped group commit needs an SQLite database in WAL mode"));
	}
	char mode[32], path[4096];
	enum gx_err e = query_text(s, "PRAGMA journal_mode", 0, mode, sizeof mode, err);
	if (e != GX_OK)
		return e;
	if (strcmp(mode, "wal") != 0)
		return gx_error_set(err, GX_EINVAL, NULL, _("overlapped group commit needs WAL mode; the database is in %s mode"), mode);
	if (!g->sync) {
		if ((e = query_text(s, "PRAGMA database_list", 2, path, sizeof path - 8, err)) != GX_OK)
			return e;
		if (!path[0])
			return gx_error_set(err, GX_EINVAL, NULL, "%s", _("overlapped group commit needs a database file"));
		size_t len = strlen(path) + 5;
		g->wal_path = gx_xmalloc(len);
		snprintf(g->wal_path, len, "%s-wal", path);
		/* The open connection has its WAL open (it read the database), so the file exists. */
		g->wal_fd = open(g->wal_path, O_RDONLY | O_CLOEXEC);
		if (g->wal_fd < 0) {
			char why[128];
			return gx_error_set(err, GX_EIO, NULL, _("cannot open %s to sync it: %s"), g->wal_path,
			                    strerror_r(errno, why, sizeof why));
		}
		g->sync = wal_sync;
		g->sync_cls = g;
	}
	e = db_exec_script(s, "PRAGMA synchronous=NORMAL", err);
	if (e == GX_OK)
		e = wal_watch_begin(s, &g->wal, err);
	return e;
}

static void overlap_release(struct group_commit *g)
{
	if (g->wal)
		wal_watch_end(g->s, g->wal, &g->stats.checkpoints, &g->stats.checkpoint_us);
	g->wal = NULL;
	if (g->s->backend == STORE_SQLITE) {
		struct gx_error ignored;
		db_exec_script(g->s, "PRAGMA synchronous=FULL", &ignored);   /* the store as it was given */
	}
	if (g->wal_fd >= 0)
		close(g->wal_fd);
	g->wal_fd = -1;
	free(g->wal_path);
	g->wal_path = NULL;
}

/* The store goes back to its callers indexing each search write at once. */
static void stage_off(struct store *s)
{
	struct gx_error ignored;
	if (s->drv->search_stage)
		s->drv->search_stage(s, 0, &ignored);
}

enum gx_err group_commit_start(struct store *s, const struct group_commit_options *opts,
                               struct group_commit **out, struct gx_error *err)
{
	*out = NULL;
	if (s->tx_depth)
		return gx_error_set(err, GX_EINTERNAL, NULL, "group commit over a store inside a transaction");
	/* Each job runs in a savepoint, and SQLite's FTS5 writes the search terms pending at each
	 * savepoint as a segment of their own: staged, a group's documents make one segment. */
	if (s->drv->search_stage) {
		enum gx_err e = s->drv->search_stage(s, 1, err);
		if (e != GX_OK)
			return e;
	}
	struct group_commit *g = gx_xcalloc(1, sizeof *g);
	g->s = s;
	g->wal_fd = -1;
	g->max_group = opts && opts->max_group > 0 ? opts->max_group : DEFAULT_MAX_GROUP;
	if (opts) {
		g->before_commit = opts->before_commit;
		g->cls = opts->cls;
		g->overlap = opts->overlap;
		g->sync = opts->sync;
		g->sync_cls = opts->sync_cls;
		g->idle = opts->idle;
		g->idle_quiet_ms = opts->idle_quiet_ms;
	}
	if (g->idle_quiet_ms <= 0)
		g->idle_quiet_ms = IDLE_QUIET_MS;
	if (g->overlap) {
		enum gx_err e = overlap_prepare(g, err);
		if (e != GX_OK) {
			overlap_release(g);
			free(g);
			stage_off(s);
			return e;
		}
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	pthread_cond_init(&g->sync_cv, NULL);
	int started = 0;
	if (g->overlap && pthread_create(&g->syncer, NULL, syncer_main, g) == 0)
		started = 1;
	if ((g->overlap && !started) || pthread_create(&g->thread, NULL, writer_main, g) != 0) {
		if (started) {
			pthread_mutex_lock(&g->mu);
			g->sync_stop = 1;
			pthread_cond_signal(&g->sync_cv);
			pthread_mutex_unlock(&g->mu);
			pthread_join(g->syncer, NULL);
		}
		if (g->overlap)
			overlap_release(g);
		pthread_cond_destroy(&g->sync_cv);
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		free(g);
		stage_off(s);
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("cannot start the writer thread"));
	}
	*out = g;
	return GX_OK;
}

void group_commit_submit(struct group_commit *g, struct gc_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&g->mu);
	if (g->tail)
		g->tail->next = job;
	else
		g->head = job;
	g->tail = job;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

/* --- a blocking submit ------------------------------------------------------------------ */

struct waiter {
	struct gc_job job;          /* first: the callbacks cast back */
	struct gc_job *inner;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int finished;
	enum gx_err e;
	struct gx_error err;
};

static enum gx_err waiter_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct waiter *w = (struct waiter *)job;
	return w->inner->run(w->inner, s, err);
}

static void waiter_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	struct waiter *w = (struct waiter *)job;
	pthread_mutex_lock(&w->mu);
	w->e = e;
	if (e != GX_OK && err)
		w->err = *err;
	w->finished = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

enum gx_err group_commit_run(struct group_commit *g, struct gc_job *job, struct gx_error *err)
{
	struct waiter w = {.job = {.run = waiter_run, .done = waiter_done}, .inner = job};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	group_commit_submit(g, &w.job);
	pthread_mutex_lock(&w.mu);
	while (!w.finished)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	pthread_cond_destroy(&w.cv);
	pthread_mutex_destroy(&w.mu);
	if (w.e != GX_OK && err)
		*err = w.err;
	return w.e;
}

void group_commit_get_stats(struct group_commit *g, struct group_commit_stats *out)
{
	pthread_mutex_lock(&g->mu);
	*out = g->stats;
	pthread_mutex_unlock(&g->mu);
	/* while the checkpointer runs its counts are its own; once released they are in g->stats */
	if (g->wal)
		wal_watch_stats(g->wal, &out->checkpoints, &out->checkpoint_us);
}

int group_commit_failed(struct group_commit *g)
{
	pthread_mutex_lock(&g->mu);
	int failed = g->failed;
	pthread_mutex_unlock(&g->mu);
	return failed;
}

void group_commit_stop(struct group_commit *g, struct group_commit_stats *stats)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	if (g->overlap) {
		/* The writer committed its last group; the syncer syncs and answers every one left. */
		pthread_mutex_lock(&g->mu);
		g->sync_stop = 1;
		pthread_cond_signal(&g->sync_cv);
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->syncer, NULL);
		overlap_release(g);
	}
	if (stats)
		*stats = g->stats;
	stage_off(g->s);
	pthread_cond_destroy(&g->sync_cv);
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g);
}
