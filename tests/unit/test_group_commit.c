/* Unit tests for group commit (store/group_commit.c): writers queued together share one
 * COMMIT; each job runs in its own savepoint, so a failing job is rolled back alone and answers
 * its own error while the rest of its group is stored; a unit of work a job leaves open is
 * rolled back; a failed group answers every job with the failure; and what was answered GX_OK
 * is read back by a second connection, i.e. committed. On SQLite, and on PostgreSQL in the
 * PostgreSQL pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/group_commit.h"
#include "guanxi/store.h"
#include "support/gc_gate.h"
#include "support/store_fixture.h"

enum job_kind { JOB_OK, JOB_FAIL, JOB_LEAK };

struct tjob {
	struct gc_job job;         /* first: the callbacks cast back */
	int n;
	enum job_kind kind;
	int saw_transaction;       /* store_in_transaction inside run (must stay 0) */
	pthread_mutex_t *mu;
	pthread_cond_t *cv;
	int *finished;
	enum gx_err outcome;
	char message[128];
};


static enum gx_err put(struct store *s, int n, struct gx_error *err)
{
	char key[32], value[32];
	snprintf(key, sizeof key, "gc_test_%03d", n);
	snprintf(value, sizeof value, "v%d", n);
	return store_setting_set(s, key, value, err);
}

static enum gx_err tjob_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct tjob *t = (struct tjob *)job;
	t->saw_transaction = store_in_transaction(s);
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	if ((e = put(s, t->n, err)) != GX_OK) {
		store_rollback(s);
		return e;
	}
	if (t->kind == JOB_LEAK)
		return GX_OK;   /* its unit of work left open: the engine rolls it back */
	if ((e = store_commit(s, err)) != GX_OK)
		return e;
	if (t->kind == JOB_FAIL)   /* committed its unit, then failed: the job's savepoint goes */
		return gx_error_set(err, GX_ECONFLICT, "n", "job %d refused", t->n);
	return GX_OK;
}

static void tjob_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	struct tjob *t = (struct tjob *)job;
	pthread_mutex_lock(t->mu);
	t->outcome = e;
	snprintf(t->message, sizeof t->message, "%s", e != GX_OK && err ? err->message : "");
	(*t->finished)++;
	pthread_cond_broadcast(t->cv);
	pthread_mutex_unlock(t->mu);
}

static int stored(const char *url, int n)
{
	struct store *s;
	struct gx_error err;
	if (store_open(url, NULL, &s, &err) != GX_OK)
		return -1;
	char key[32], buf[32];
	snprintf(key, sizeof key, "gc_test_%03d", n);
	int found = 0;
	store_setting_get(s, key, buf, sizeof buf, &found, &err);
	store_close(s);
	return found;
}

#define N 24

/* Runs N jobs queued behind a gate (so they all form one group); kinds by index. */
static void run_group_of(struct store_fixture *f, const struct group_commit_options *o, enum job_kind (*kind)(int),
                         struct tjob *jobs, struct group_commit_stats *st)
{
	struct group_commit *g;
	struct gx_error err;
	assert_int_equal(group_commit_start(f->s, o, &g, &err), GX_OK);
	struct gc_gate gate;
	gc_gate_init(&gate);
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
	int finished = 0;
	group_commit_submit(g, &gate.job);
	gc_gate_wait_started(&gate);
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct tjob){.job = {.run = tjob_run, .done = tjob_done}, .n = i, .kind = kind(i),
		                        .mu = &mu, .cv = &cv, .finished = &finished, .outcome = -1};
		group_commit_submit(g, &jobs[i].job);
	}
	gc_gate_open(&gate);
	pthread_mutex_lock(&mu);
	while (finished < N)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	group_commit_stop(g, st);
	assert_int_equal(gate.done, 1);
	gc_gate_destroy(&gate);
}

static enum job_kind mixed(int i)
{
	return i == 5 ? JOB_FAIL : i == 9 ? JOB_LEAK : JOB_OK;
}

static void test_one_commit_for_a_queue(void **state)
{
	struct store_fixture *f = *state;
	struct tjob jobs[N];
	struct group_commit_stats st;
	run_group_of(f, NULL, mixed, jobs, &st);
	/* The gate ran alone (nothing was queued yet) and the N jobs queued behind it joined its
	 * group: one COMMIT, where one per job would have been N. */
	assert_int_equal(st.commits, 1);
	assert_int_equal(st.jobs, N + 1);
	assert_int_equal(st.max_group, N + 1);
	assert_int_equal(st.failed_jobs, 1);
	for (int i = 0; i < N; i++) {
		assert_int_equal(jobs[i].saw_transaction, 0);
		if (i == 5) {
			assert_int_equal(jobs[i].outcome, GX_ECONFLICT);
			assert_string_equal(jobs[i].message, "job 5 refused");
			assert_int_equal(stored(f->db.url, i), 0);   /* rolled back to its savepoint alone */
		} else if (i == 9) {
			assert_int_equal(jobs[i].outcome, GX_OK);
			assert_int_equal(stored(f->db.url, i), 0);   /* its open unit of work was undone */
		} else {
			assert_int_equal(jobs[i].outcome, GX_OK);
			assert_int_equal(stored(f->db.url, i), 1);   /* read by another connection: committed */
		}
	}
}

static enum gx_err refuse(void *cls, struct store *s, struct gx_error *err)
{
	int *calls = cls;
	(*calls)++;
	return gx_error_set(err, GX_EUNAVAIL, NULL, "disk on fire");
}

static enum job_kind all_ok(int i)
{
	return JOB_OK;
}

static void test_failed_group_answers_everyone(void **state)
{
	struct store_fixture *f = *state;
	struct tjob jobs[N];
	struct group_commit_stats st;
	int calls = 0;
	struct group_commit_options o = {.before_commit = refuse, .cls = &calls};
	run_group_of(f, &o, all_ok, jobs, &st);
	assert_int_equal(calls, 1);   /* once per group, not per job */
	assert_int_equal(st.failed_jobs, N + 1);
	for (int i = 0; i < N; i++) {
		assert_int_equal(jobs[i].outcome, GX_EUNAVAIL);
		assert_string_equal(jobs[i].message, "disk on fire");
		assert_int_equal(stored(f->db.url, i), 0);   /* no answer GX_OK, nothing stored */
	}
}

/* Concurrent callers of the blocking group_commit_run: every write is stored, and (with the
 * first held at the gate until all have queued) they need fewer commits than writers. */
struct caller {
	struct group_commit *g;
	struct tjob t;
	enum gx_err e;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;
	struct gx_error err;
	c->e = group_commit_run(c->g, &c->t.job, &err);
	return NULL;
}

static void noop_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
}

static void test_concurrent_writers(void **state)
{
	struct store_fixture *f = *state;
	struct group_commit *g;
	struct gx_error err;
	assert_int_equal(group_commit_start(f->s, NULL, &g, &err), GX_OK);
	/* A lone write on an idle writer is committed at once, as a group of one. */
	struct caller solo = {.g = g, .t = {.job = {.run = tjob_run, .done = noop_done}, .n = 100}};
	caller_main(&solo);
	assert_int_equal(solo.e, GX_OK);
	struct group_commit_stats st;
	group_commit_get_stats(g, &st);
	assert_int_equal(st.commits, 1);

	struct gc_gate gate;
	gc_gate_init(&gate);
	group_commit_submit(g, &gate.job);
	struct caller callers[N];
	pthread_t th[N];
	for (int i = 0; i < N; i++) {
		callers[i] = (struct caller){.g = g, .t = {.job = {.run = tjob_run, .done = noop_done}, .n = 200 + i},
		                             .e = -1};
		assert_int_equal(pthread_create(&th[i], NULL, caller_main, &callers[i]), 0);
	}
	/* Give the callers a second to queue behind the gate (the queue is not observable from
	 * here); a caller that queues later only makes one more small group. */
	for (int spins = 0; spins < 200; spins++) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	gc_gate_open(&gate);
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(callers[i].e, GX_OK);
	}
	group_commit_stop(g, &st);
	assert_int_equal(st.jobs, 1 + 1 + N);
	assert_true(st.commits < 1 + N);   /* fewer commits than writers */
	for (int i = 0; i < N; i++)
		assert_int_equal(stored(f->db.url, 200 + i), 1);
	assert_int_equal(stored(f->db.url, 100), 1);
	gc_gate_destroy(&gate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_commit_for_a_queue, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failed_group_answers_everyone, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
