/* Unit tests for overlapped group commit (store/group_commit.c, overlap on): the writer
 * commits the next group while the syncer's sync of the previous one runs, and no job is
 * answered before a sync that began after its group's COMMIT returned (an injected sync hook
 * records, at its start, how many COMMITs had returned; each job records how many had returned
 * before its own). A failing sync answers 503 to every group it covered and to every group
 * committed meanwhile, even when a later sync would succeed, and no job runs afterwards. Stop
 * drains: every queued job is committed, synced and answered. On SQLite the default sync is
 * fdatasync of the WAL and the writer's connection runs synchronous=NORMAL only meanwhile.
 * The idle hook runs while a group is held open for the syncer and when nothing is written,
 * a failing step is rolled back alone, and a dry hook is not asked again before a commit; a
 * writer never idle does one step per group that others follow at once. Checkpoints run on a
 * checkpointer thread beside the writer and the WAL still restarts.
 * The hook-driven cases run on PostgreSQL too (the engine is the same). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/group_commit.h"
#include "guanxi/store.h"
#include "store/driver.h"
#include "support/store_fixture.h"


static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The injected sync: counts calls, can be held open, fails on a given call, and remembers how
 * many COMMITs had returned when the last successful one began (what it covers). */
struct hook {
	struct group_commit *g;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int calls;
	int in_call;
	int hold;             /* a call waits while set */
	int fail_at;          /* this call (from 1) fails; 0: none */
	int delay_ms;
	uint64_t covered;     /* commits returned before the last successful sync began */
};

static uint64_t commits_of(struct group_commit *g)
{
	struct group_commit_stats st;
	group_commit_get_stats(g, &st);
	return st.commits;
}

static enum gx_err hook_sync(void *cls, struct gx_error *err)
{
	struct hook *h = cls;
	pthread_mutex_lock(&h->mu);
	int n = ++h->calls;
	struct group_commit *g = h->g;
	pthread_mutex_unlock(&h->mu);
	uint64_t at_start = commits_of(g);
	pthread_mutex_lock(&h->mu);
	h->in_call = 1;
	pthread_cond_broadcast(&h->cv);
	while (h->hold)
		pthread_cond_wait(&h->cv, &h->mu);
	h->in_call = 0;
	int delay = h->delay_ms;
	pthread_mutex_unlock(&h->mu);
	if (delay)
		sleep_ms(delay);
	pthread_mutex_lock(&h->mu);
	enum gx_err e = GX_OK;
	if (n == h->fail_at)
		e = gx_error_set(err, GX_EIO, NULL, "disk on fire");
	else
		h->covered = at_start;
	pthread_mutex_unlock(&h->mu);
	return e;
}

static void hook_init(struct hook *h)
{
	memset(h, 0, sizeof *h);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
}

static void hook_set(struct hook *h, int *field, int v)
{
	pthread_mutex_lock(&h->mu);
	*field = v;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Waits (at most 10 s: a sync that never comes fails the test) until a sync call holds. */
static void hook_wait_in_call(struct hook *h)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&h->mu);
	int rc = 0;
	while (!h->in_call && rc == 0)
		rc = pthread_cond_timedwait(&h->cv, &h->mu, &until);
	int in_call = h->in_call;
	pthread_mutex_unlock(&h->mu);
	assert_int_equal(in_call, 1);
}

static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;

/* A job writing one setting; records what it saw and how it was answered. */
struct ojob {
	struct gc_job job;         /* first: the callbacks cast back */
	struct hook *h;
	int n;
	int ran;
	uint64_t commits_before;   /* COMMITs returned before the job ran (its own is later) */
	uint64_t covered_at_done;  /* what the last successful sync covered when it was answered */
	int done;
	enum gx_err outcome;
	char message[160];
	int64_t synchronous;       /* SQLite: PRAGMA synchronous inside the job, else -1 */
	pthread_mutex_t *mu;
	pthread_cond_t *cv;
	int *finished;
};

static enum gx_err ojob_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct ojob *o = (struct ojob *)job;
	pthread_mutex_lock(&done_mu);
	o->ran = 1;
	pthread_mutex_unlock(&done_mu);
	o->commits_before = o->h ? commits_of(o->h->g) : 0;
	o->synchronous = -1;
	if (store_backend(s) == STORE_SQLITE) {
		int found = 0;
		db_query_i64(s, "PRAGMA synchronous", &o->synchronous, &found, err, "");
	}
	char key[32], value[32];
	snprintf(key, sizeof key, "gco_%03d", o->n);
	snprintf(value, sizeof value, "v%d", o->n);
	return store_setting_set(s, key, value, err);
}

static void ojob_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	struct ojob *o = (struct ojob *)job;
	if (o->h) {
		pthread_mutex_lock(&o->h->mu);
		o->covered_at_done = o->h->covered;
		pthread_mutex_unlock(&o->h->mu);
	}
	pthread_mutex_lock(o->mu);
	o->outcome = e;
	snprintf(o->message, sizeof o->message, "%s", e != GX_OK && err ? err->message : "");
	o->done = 1;
	(*o->finished)++;
	pthread_cond_broadcast(o->cv);
	pthread_mutex_unlock(o->mu);
}

static void ojob_init(struct ojob *o, struct hook *h, int n, int *finished)
{
	*o = (struct ojob){.job = {.run = ojob_run, .done = ojob_done}, .h = h, .n = n, .outcome = -1,
	                   .mu = &done_mu, .cv = &done_cv, .finished = finished};
}

static void wait_finished(int *finished, int n)
{
	pthread_mutex_lock(&done_mu);
	while (*finished < n)
		pthread_cond_wait(&done_cv, &done_mu);
	pthread_mutex_unlock(&done_mu);
}

static int finished_now(int *finished)
{
	pthread_mutex_lock(&done_mu);
	int n = *finished;
	pthread_mutex_unlock(&done_mu);
	return n;
}

/* Another connection's view: committed rows are visible whether synced or not. */
static int stored(const char *url, int n)
{
	struct store *s;
	struct gx_error err;
	if (store_open(url, NULL, &s, &err) != GX_OK)
		return -1;
	char key[32], buf[32];
	snprintf(key, sizeof key, "gco_%03d", n);
	int found = 0;
	store_setting_get(s, key, buf, sizeof buf, &found, &err);
	store_close(s);
	return found;
}

static struct group_commit *start_with(struct store_fixture *f, struct hook *h)
{
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.overlap = 1, .sync = hook_sync, .sync_cls = h};
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	pthread_mutex_lock(&h->mu);
	h->g = g;
	pthread_mutex_unlock(&h->mu);
	return g;
}

static void wait_ran(struct ojob *o)
{
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&done_mu);
		int ran = o->ran;
		pthread_mutex_unlock(&done_mu);
		if (ran)
			return;
		sleep_ms(5);
	}
	fail_msg("job %d never ran", o->n);
}

/* The writer runs B and C while A's sync runs, and keeps their group open until that sync is
 * done (a COMMIT before it would be answered no sooner); A is answered after its sync, B and C
 * only after the next one, which began after their COMMIT. */
static void test_answers_wait_for_a_later_sync(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.hold = 1;
	struct group_commit *g = start_with(f, &h);
	int finished = 0;
	struct ojob a, b, c;
	ojob_init(&a, &h, 1, &finished);
	ojob_init(&b, &h, 2, &finished);
	ojob_init(&c, &h, 3, &finished);
	group_commit_submit(g, &a.job);
	hook_wait_in_call(&h);          /* A committed (commit 1); its sync holds */
	assert_int_equal(stored(f->db.url, 1), 1);      /* readers see A before it is durable */
	group_commit_submit(g, &b.job);
	wait_ran(&b);                   /* the writer went on while the sync runs … */
	group_commit_submit(g, &c.job);
	wait_ran(&c);
	sleep_ms(20);
	assert_int_equal(commits_of(g), 1);             /* … holding B and C's group open */
	assert_int_equal(finished_now(&finished), 0);   /* nobody answered while the sync runs */
	hook_set(&h, &h.hold, 0);
	wait_finished(&finished, 3);
	assert_int_equal(a.outcome, GX_OK);
	assert_int_equal(b.outcome, GX_OK);
	assert_int_equal(c.outcome, GX_OK);
	assert_int_equal(a.commits_before, 0);
	assert_int_equal(b.commits_before, 1);
	assert_int_equal(c.commits_before, 1);          /* the same group as B */
	assert_true(a.covered_at_done >= 1);   /* a sync begun after commit 1 */
	assert_true(b.covered_at_done >= 2);   /* a sync begun after commit 2, not A's */
	assert_true(c.covered_at_done >= 2);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(h.calls, 2);
	assert_int_equal(st.commits, 2);
	assert_int_equal(st.max_group, 2);
	assert_true(st.hold_us > 0);   /* held open for the sync, the queue empty */
	assert_int_equal(st.syncs, 2);
	assert_int_equal(st.synced_groups, 2);
	assert_int_equal(st.synced_jobs, 3);
	assert_int_equal(st.sync_failures, 0);
	if (store_backend(f->s) == STORE_SQLITE) {
		assert_int_equal(a.synchronous, 1);   /* NORMAL while overlapped */
		int64_t sync = 0;
		int found = 0;
		struct gx_error err;
		assert_int_equal(db_query_i64(f->s, "PRAGMA synchronous", &sync, &found, &err, ""), GX_OK);
		assert_int_equal(sync, 2);            /* FULL again once stopped */
	}
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* Many writers at once with a slow sync: every answer follows a sync begun after its COMMIT,
 * and syncs are shared (fewer than commits). */
struct caller {
	struct group_commit *g;
	struct ojob jobs[25];
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;
	for (int i = 0; i < 25; i++) {   /* one after another, each waiting for its answer */
		group_commit_submit(c->g, &c->jobs[i].job);
		pthread_mutex_lock(&done_mu);
		while (!c->jobs[i].done)
			pthread_cond_wait(&done_cv, &done_mu);
		pthread_mutex_unlock(&done_mu);
	}
	return NULL;
}

static void test_ordering_under_load(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.delay_ms = 3;
	struct group_commit *g = start_with(f, &h);
	struct caller callers[4];
	pthread_t th[4];
	int finished = 0;
	for (int t = 0; t < 4; t++) {
		callers[t].g = g;
		for (int i = 0; i < 25; i++)
			ojob_init(&callers[t].jobs[i], &h, 100 + t * 25 + i, &finished);
		assert_int_equal(pthread_create(&th[t], NULL, caller_main, &callers[t]), 0);
	}
	for (int t = 0; t < 4; t++)
		pthread_join(th[t], NULL);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	for (int t = 0; t < 4; t++)
		for (int i = 0; i < 25; i++) {
			struct ojob *o = &callers[t].jobs[i];
			assert_int_equal(o->outcome, GX_OK);
			assert_true(o->covered_at_done >= o->commits_before + 1);
		}
	assert_int_equal(st.jobs, 100);
	assert_int_equal(st.synced_jobs, 100);
	assert_true(st.syncs <= st.commits);
	assert_int_equal(st.sync_failures, 0);
	for (int n = 100; n < 200; n++)
		assert_int_equal(stored(f->db.url, n), 1);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* The first sync fails: A (its group) answers 503; B, run while it was syncing, is rolled back
 * and answers 503 too rather than wait for a later sync that could not vouch for A's frames
 * before it; no sync is tried again, and a later job is refused without running. */
static void test_failed_sync_stops_writes(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.hold = 1;
	h.fail_at = 1;
	struct group_commit *g = start_with(f, &h);
	int finished = 0;
	struct ojob a, b, c;
	ojob_init(&a, &h, 1, &finished);
	ojob_init(&b, &h, 2, &finished);
	ojob_init(&c, &h, 3, &finished);
	group_commit_submit(g, &a.job);
	hook_wait_in_call(&h);
	group_commit_submit(g, &b.job);
	wait_ran(&b);
	assert_int_equal(group_commit_failed(g), 0);
	hook_set(&h, &h.hold, 0);
	wait_finished(&finished, 2);
	assert_int_equal(a.outcome, GX_EUNAVAIL);
	assert_string_equal(a.message, "disk on fire");
	assert_int_equal(b.outcome, GX_EUNAVAIL);
	assert_string_equal(b.message, "disk on fire");
	assert_int_equal(stored(f->db.url, 2), 0);  /* B's group was not committed */
	assert_int_equal(group_commit_failed(g), 1);
	struct gx_error err;
	assert_int_equal(group_commit_run(g, &c.job, &err), GX_EUNAVAIL);
	assert_string_equal(err.message, "disk on fire");
	assert_int_equal(c.ran, 0);                 /* refused without running */
	assert_int_equal(stored(f->db.url, 3), 0);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(h.calls, 1);
	assert_int_equal(st.commits, 1);
	assert_int_equal(st.syncs, 1);
	assert_int_equal(st.sync_failures, 1);
	assert_int_equal(st.synced_jobs, 0);
	assert_int_equal(st.jobs, 3);
	assert_int_equal(st.failed_jobs, 3);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* Stop right after queueing: every job is committed, synced and answered before it returns. */
static void test_stop_drains(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.delay_ms = 20;
	struct group_commit *g = start_with(f, &h);
	int finished = 0;
	struct ojob jobs[10];
	for (int i = 0; i < 10; i++) {
		ojob_init(&jobs[i], &h, 300 + i, &finished);
		group_commit_submit(g, &jobs[i].job);
	}
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(finished_now(&finished), 10);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(jobs[i].outcome, GX_OK);
		assert_true(jobs[i].covered_at_done >= jobs[i].commits_before + 1);
		assert_int_equal(stored(f->db.url, 300 + i), 1);
	}
	assert_int_equal(st.synced_jobs, 10);
	assert_true(st.syncs >= 1);
	assert_int_equal(h.calls, (int)st.syncs);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* The default sync: fdatasync of the SQLite WAL through the engine's own descriptor.
 * PostgreSQL has no such file and is refused. */
static void test_default_sync_of_the_wal(void **state)
{
	struct store_fixture *f = *state;
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.overlap = 1};
	if (store_backend(f->s) != STORE_SQLITE) {
		assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_EINVAL);
		return;
	}
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	int finished = 0;
	struct ojob jobs[5];
	for (int i = 0; i < 5; i++) {
		ojob_init(&jobs[i], NULL, 400 + i, &finished);
		assert_int_equal(group_commit_run(g, &jobs[i].job, &err), GX_OK);
		assert_int_equal(jobs[i].synchronous, 1);
	}
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(st.synced_jobs, 5);
	assert_int_equal(st.syncs, 5);   /* one at a time: each waited for its own */
	assert_int_equal(st.sync_failures, 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(stored(f->db.url, 400 + i), 1);
}

/* A job writing a 40 KB setting (ten pages of the WAL). */
static enum gx_err bigjob_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	static char value[40 * 1024 + 1];
	memset(value, 'x', sizeof value - 1);
	char key[32];
	snprintf(key, sizeof key, "gco_big_%p", (void *)job);
	return store_setting_set(s, key, value, err);
}

static void bigjob_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	(void)job;
	(void)e;
	(void)err;
}

/* SQLite: the writer's COMMIT no longer checkpoints (automatic checkpoints are off on its
 * connection while overlapped); a checkpointer thread with its own connection checkpoints once
 * the WAL grew by 1,000 pages, and once it holds 4,000 the writer copies the last pass's tail
 * itself so that the WAL restarts from its beginning and stays bounded. */
static void test_checkpoints_after_commit(void **state)
{
	struct store_fixture *f = *state;
	if (store_backend(f->s) != STORE_SQLITE)
		skip();
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.overlap = 1};
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	static struct gc_job jobs[700];
	for (int i = 0; i < 700; i++) {   /* about 7,000 pages (28 MB) through the WAL */
		jobs[i] = (struct gc_job){.run = bigjob_run, .done = bigjob_done};
		assert_int_equal(group_commit_run(g, &jobs[i], &err), GX_OK);
	}
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_true(st.checkpoints >= 4);        /* by the checkpointer, every 1,000 pages */
	assert_true(st.tail_checkpoints >= 1);   /* by the writer, at 4,000 */
	assert_true(st.tail_checkpoints < st.checkpoints);
	int64_t autockpt = 0;
	int found = 0;
	assert_int_equal(db_query_i64(f->s, "PRAGMA wal_autocheckpoint", &autockpt, &found, &err, ""), GX_OK);
	assert_int_equal(autockpt, 1000);   /* the connection as it was given */
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", f->db.url + (strncmp(f->db.url, "sqlite:", 7) == 0 ? 7 : 0));
	FILE *fp = fopen(wal, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long size = ftell(fp);
	fclose(fp);
	assert_true(size < 24L * 1024 * 1024);   /* restarted from its beginning along the way */
}

/* --- idle upkeep ----------------------------------------------------------------------- */

/* The idle hook: does `work` steps (each storing the setting idle_<call>), then finds nothing;
 * with fail set, it stores idle_fail and fails. */
struct idle {
	pthread_mutex_t mu;
	int calls, work, fail;
};

static int idle_hook(void *cls, struct store *s)
{
	struct idle *w = cls;
	pthread_mutex_lock(&w->mu);
	int n = ++w->calls, fail = w->fail, worked = w->work > 0;
	w->fail = 0;
	if (worked)
		w->work--;
	pthread_mutex_unlock(&w->mu);
	struct gx_error err;
	char key[32];
	snprintf(key, sizeof key, fail ? "gco_idle_fail" : "gco_idle_%d", n);
	if (fail) {
		store_setting_set(s, key, "x", &err);
		return -1;
	}
	if (worked && store_setting_set(s, key, "x", &err) != GX_OK)
		return -1;
	return worked;
}

static int idle_calls(struct idle *w)
{
	pthread_mutex_lock(&w->mu);
	int n = w->calls;
	pthread_mutex_unlock(&w->mu);
	return n;
}

static int setting_stored(const char *url, const char *key)
{
	struct store *s;
	struct gx_error err;
	if (store_open(url, NULL, &s, &err) != GX_OK)
		return -1;
	char buf[32];
	int found = 0;
	store_setting_get(s, key, buf, sizeof buf, &found, &err);
	store_close(s);
	return found;
}

/* quiet_ms: how long without writes before the writer's own upkeep (long: never in the test) */
static struct group_commit *start_idle(struct store_fixture *f, struct hook *h, struct idle *w, int quiet_ms)
{
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.overlap = 1, .sync = hook_sync, .sync_cls = h, .idle = idle_hook, .cls = w,
	                                 .idle_quiet_ms = quiet_ms};
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	pthread_mutex_lock(&h->mu);
	h->g = g;
	pthread_mutex_unlock(&h->mu);
	return g;
}

/* While B's group is held open for A's sync, the writer does the upkeep in B's transaction
 * until the hook finds nothing, then waits; the upkeep commits with B. */
static void test_idle_while_held(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.hold = 1;
	struct idle w = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = 3};
	struct group_commit *g = start_idle(f, &h, &w, 600000);
	int finished = 0;
	struct ojob a, b;
	ojob_init(&a, &h, 11, &finished);
	ojob_init(&b, &h, 12, &finished);
	group_commit_submit(g, &a.job);
	hook_wait_in_call(&h);
	assert_int_equal(idle_calls(&w), 0);   /* nothing held open yet, and never quiet long enough */
	group_commit_submit(g, &b.job);
	wait_ran(&b);
	for (int i = 0; i < 400 && idle_calls(&w) < 4; i++)
		sleep_ms(5);
	sleep_ms(20);
	assert_int_equal(idle_calls(&w), 4);   /* three steps, one dry look, then waiting */
	assert_int_equal(commits_of(g), 1);                           /* all inside B's open group */
	assert_int_equal(setting_stored(f->db.url, "gco_idle_1") + setting_stored(f->db.url, "gco_idle_2"), 0);
	hook_set(&h, &h.hold, 0);
	wait_finished(&finished, 2);
	assert_int_equal(b.outcome, GX_OK);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(st.idle_steps, 3);
	assert_int_equal(st.commits, 2);
	int stored_steps = 0;
	for (int i = 1; i <= 6; i++) {
		char key[32];
		snprintf(key, sizeof key, "gco_idle_%d", i);
		stored_steps += setting_stored(f->db.url, key);
	}
	assert_int_equal(stored_steps, 3);
	assert_int_equal(stored(f->db.url, 12), 1);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* A failing step is rolled back alone: the group's write stays and is answered. */
static void test_idle_failure_rolls_back_its_step(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	h.hold = 1;
	struct idle w = {.mu = PTHREAD_MUTEX_INITIALIZER};
	struct group_commit *g = start_idle(f, &h, &w, 600000);
	int finished = 0;
	struct ojob a, b;
	ojob_init(&a, &h, 21, &finished);
	ojob_init(&b, &h, 22, &finished);
	group_commit_submit(g, &a.job);
	hook_wait_in_call(&h);
	pthread_mutex_lock(&w.mu);
	w.fail = 1;
	pthread_mutex_unlock(&w.mu);
	group_commit_submit(g, &b.job);
	wait_ran(&b);
	sleep_ms(30);
	hook_set(&h, &h.hold, 0);
	wait_finished(&finished, 2);
	assert_int_equal(a.outcome, GX_OK);
	assert_int_equal(b.outcome, GX_OK);
	group_commit_stop(g, NULL);
	assert_int_equal(stored(f->db.url, 22), 1);
	assert_int_equal(setting_stored(f->db.url, "gco_idle_fail"), 0);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* A job that waits, once running, until the test lets it go (so that others queue meanwhile). */
struct gjob {
	struct ojob o;   /* first: the callbacks cast back */
	int running, release;
};

static enum gx_err gjob_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct gjob *gj = (struct gjob *)job;
	pthread_mutex_lock(&done_mu);
	gj->running = 1;
	pthread_cond_broadcast(&done_cv);
	while (!gj->release)
		pthread_cond_wait(&done_cv, &done_mu);
	pthread_mutex_unlock(&done_mu);
	return ojob_run(job, s, err);
}

/* Submits A (number n), and B and C (n + 1, n + 2) while A runs, so that they queue behind
 * it; then lets A go and waits for all three answers. */
static void submit_behind(struct group_commit *g, struct hook *h, int n, struct gjob *a, struct ojob *b,
                          struct ojob *c, int *finished)
{
	ojob_init(&a->o, h, n, finished);
	a->o.job.run = gjob_run;
	a->running = a->release = 0;
	ojob_init(b, h, n + 1, finished);
	ojob_init(c, h, n + 2, finished);
	group_commit_submit(g, &a->o.job);
	pthread_mutex_lock(&done_mu);
	while (!a->running)
		pthread_cond_wait(&done_cv, &done_mu);
	pthread_mutex_unlock(&done_mu);
	group_commit_submit(g, &b->job);
	group_commit_submit(g, &c->job);
	pthread_mutex_lock(&done_mu);
	a->release = 1;
	pthread_cond_broadcast(&done_cv);
	pthread_mutex_unlock(&done_mu);
	wait_finished(finished, 3);
}

/* A writer that goes from group to group without an idle moment still does the upkeep: a group
 * after which writes are already queued does steps before its COMMIT (committed with it) while
 * they work, up to four; the last group, a lone write after which nothing is queued, does none
 * (a lone write never waits for it). */
static void test_upkeep_when_never_idle(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	struct idle w = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = 1};
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.overlap = 1, .sync = hook_sync, .sync_cls = &h, .idle = idle_hook, .cls = &w,
	                                 .idle_quiet_ms = 600000, .max_group = 1};
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	pthread_mutex_lock(&h.mu);
	h.g = g;
	pthread_mutex_unlock(&h.mu);
	int finished = 0;
	struct gjob a;
	struct ojob b, c;
	submit_behind(g, &h, 41, &a, &b, &c, &finished);
	assert_int_equal(a.o.outcome, GX_OK);
	assert_int_equal(b.outcome, GX_OK);
	assert_int_equal(c.outcome, GX_OK);
	/* A's group: a step that worked, then a dry look; B's: a dry look; C's: nothing queued
	 * after it, no step. */
	assert_int_equal(idle_calls(&w), 3);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(st.commits, 3);
	assert_int_equal(st.idle_steps, 1);
	assert_int_equal(setting_stored(f->db.url, "gco_idle_1"), 1);   /* committed with A's group */
	assert_int_equal(stored(f->db.url, 41) + stored(f->db.url, 42) + stored(f->db.url, 43), 3);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* A group of several writes does the upkeep even when nothing is queued behind it (every
 * client may be waiting in that very group): steps while they work, four at most. */
static void test_upkeep_after_a_group_of_several(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	struct idle w = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = 10};
	struct group_commit *g;
	struct gx_error err;
	struct group_commit_options o = {.idle = idle_hook, .cls = &w, .idle_quiet_ms = 600000};
	assert_int_equal(group_commit_start(f->s, &o, &g, &err), GX_OK);
	pthread_mutex_lock(&h.mu);
	h.g = g;
	pthread_mutex_unlock(&h.mu);
	int finished = 0;
	struct gjob a;
	struct ojob b, c;
	submit_behind(g, &h, 51, &a, &b, &c, &finished);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(st.commits, 1);
	assert_int_equal(idle_calls(&w), 4);
	assert_int_equal(st.idle_steps, 4);
	assert_int_equal(setting_stored(f->db.url, "gco_idle_4"), 1);   /* committed with the group */
	assert_int_equal(stored(f->db.url, 51) + stored(f->db.url, 52) + stored(f->db.url, 53), 3);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* With no writes at all the writer does the upkeep in transactions of its own, and after a
 * dry look it waits for the next commit instead of polling. */
static void test_idle_when_quiet(void **state)
{
	struct store_fixture *f = *state;
	struct hook h;
	hook_init(&h);
	struct idle w = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = 2};
	struct group_commit *g = start_idle(f, &h, &w, 10);
	for (int i = 0; i < 400 && idle_calls(&w) < 3; i++)
		sleep_ms(5);
	assert_int_equal(idle_calls(&w), 3);
	assert_int_equal(setting_stored(f->db.url, "gco_idle_1"), 1);   /* committed on its own */
	assert_int_equal(setting_stored(f->db.url, "gco_idle_2"), 1);
	sleep_ms(100);
	assert_int_equal(idle_calls(&w), 3);   /* dry: not asked again while nothing is written */
	int finished = 0;
	struct ojob a;
	ojob_init(&a, &h, 31, &finished);
	group_commit_submit(g, &a.job);
	wait_finished(&finished, 1);
	for (int i = 0; i < 400 && idle_calls(&w) < 4; i++)
		sleep_ms(5);
	assert_int_equal(idle_calls(&w), 4);   /* a commit: one more look */
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	assert_int_equal(st.idle_steps, 2);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answers_wait_for_a_later_sync, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ordering_under_load, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failed_sync_stops_writes, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_stop_drains, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_default_sync_of_the_wal, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints_after_commit, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_idle_while_held, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_idle_failure_rolls_back_its_step, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_idle_when_quiet, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_upkeep_when_never_idle, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_upkeep_after_a_group_of_several, store_fixture_setup,
		                                store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
