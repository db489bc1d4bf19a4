/* Group commit (include/guanxi/group_commit.h): one writer thread, one transaction per group,
 * one savepoint per job. The group stays open while jobs keep arriving, so under load the jobs
 * that queued up during one COMMIT's fsync all share the next one; an idle server commits each
 * job at once (a group of one), so a lone write waits no longer than before.
 *
 * Lock order: the queue mutex is never held while a job runs or the database is touched, and
 * the done callbacks run without it, so a callback may submit again without deadlock. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/arena.h"
#include "guanxi/group_commit.h"
#include "guanxi/i18n.h"
#include "store/driver.h"

#define DEFAULT_MAX_GROUP 256

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

static uint64_t now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* Takes up to max queued jobs (in arrival order); NULL when none is queued. */
static struct gc_job *take(struct group_commit *g, int max, int *n)
{
	pthread_mutex_lock(&g->mu);
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

/* One group: BEGIN, jobs while any are queued (up to max_group), COMMIT, outcomes. */
static void run_group(struct group_commit *g)
{
	struct store *s = g->s;
	int n = 0;
	struct gc_job *list = take(g, g->max_group, &n), *tail = list;
	if (!list)
		return;
	struct gx_error gerr;
	gx_error_clear(&gerr);
	uint64_t t0 = now_us();
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
		batch = total < g->max_group ? take(g, g->max_group - total, &more) : NULL;
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
	if (g->before_commit)
		ge = g->before_commit(g->cls, s, &gerr);
	while (s->tx_depth > 1)   /* a unit of work the hook left open */
		store_rollback(s);
	s->tx_depth = 0;
	uint64_t t1 = now_us();
	if (ge == GX_OK)
		ge = s->drv->tx_commit(s, &gerr);
	if (ge != GX_OK)
		s->drv->tx_rollback(s);
	uint64_t t2 = now_us();
	pthread_mutex_lock(&g->mu);
	g->stats.run_us += t1 - t0;
	g->stats.commit_us += t2 - t1;
	g->stats.commits++;
	if ((uint64_t)total > g->stats.max_group)
		g->stats.max_group = (uint64_t)total;
	pthread_mutex_unlock(&g->mu);
	finish(g, list, ge, &gerr, (uint64_t)n);
}

static void *writer_main(void *arg)
{
	struct group_commit *g = arg;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!g->head && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		if (!g->head)
			break;
		pthread_mutex_unlock(&g->mu);
		run_group(g);
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

enum gx_err group_commit_start(struct store *s, const struct group_commit_options *opts,
                               struct group_commit **out, struct gx_error *err)
{
	*out = NULL;
	if (s->tx_depth)
		return gx_error_set(err, GX_EINTERNAL, NULL, "group commit over a store inside a transaction");
	struct group_commit *g = gx_xcalloc(1, sizeof *g);
	g->s = s;
	g->max_group = opts && opts->max_group > 0 ? opts->max_group : DEFAULT_MAX_GROUP;
	if (opts) {
		g->before_commit = opts->before_commit;
		g->cls = opts->cls;
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (pthread_create(&g->thread, NULL, writer_main, g) != 0) {
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		free(g);
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
	if (stats)
		*stats = g->stats;
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g);
}
