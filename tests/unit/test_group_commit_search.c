/* Unit tests for search writes through group commit (store/group_commit.c, and on SQLite the
 * staged writes of store/sqlite/search.h): the documents of one group's jobs are searchable
 * once the group committed, exactly as if each job had indexed its own at once: a failed job's
 * document is gone with its savepoint, a delete or a second put inside the group wins over the
 * earlier write, emptying the index empties what was staged before, and the store indexes at
 * once again after the engine stopped. On SQLite the
 * group's documents also make one FTS5 segment, not one per job (FTS5 flushes its pending
 * terms at every savepoint, and every job runs in one). On SQLite, and on PostgreSQL in the
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

#include "guanxi/customer_store.h"
#include "guanxi/group_commit.h"
#include "guanxi/search.h"
#include "guanxi/search_merge.h"
#include "guanxi/store.h"
#include "store/driver.h"
#include "support/gc_gate.h"
#include "support/store_fixture.h"
#include "support/test_db.h"

/* Few enough that one segment per job stays below FTS5's crisis merge (16 on a level), which
 * would fold them into one again. */
#define N 10

enum job_kind { PUT, PUT_THEN_FAIL, DELETE_OLD, PUT_TWICE, PUT_THEN_DELETE, PUT_CLEAR_PUT };

struct sjob {
	struct gc_job job;   /* first: the callbacks cast back */
	int n;
	enum job_kind kind;
	pthread_mutex_t *mu;
	pthread_cond_t *cv;
	int *finished;
	enum gx_err outcome;
};

static enum gx_err index_name(struct store *s, int64_t id, const char *name, struct gx_error *err)
{
	const char *fields[] = {name};
	return s->drv->search_put(s, "customer", id, fields, 1, NULL, NULL, err);
}

static enum gx_err sjob_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct sjob *t = (struct sjob *)job;
	char name[64];
	snprintf(name, sizeof name, "组测%02d号", t->n);
	int64_t id = 100 + t->n;
	enum gx_err e = GX_OK;
	switch (t->kind) {
	case PUT:
		return index_name(s, id, name, err);
	case PUT_THEN_FAIL:
		e = index_name(s, id, name, err);
		return e != GX_OK ? e : gx_error_set(err, GX_ECONFLICT, NULL, "job %d refused", t->n);
	case DELETE_OLD:   /* the record indexed before the engine started */
		return s->drv->search_delete(s, "customer", 1, err);
	case PUT_TWICE:
		e = index_name(s, id, "改名之前", err);
		return e != GX_OK ? e : index_name(s, id, name, err);
	case PUT_THEN_DELETE:
		e = index_name(s, id, name, err);
		return e != GX_OK ? e : s->drv->search_delete(s, "customer", id, err);
	case PUT_CLEAR_PUT:   /* the index emptied between two writes: only the second stays */
		e = index_name(s, id, "清空之前", err);
		if (e == GX_OK)
			e = s->drv->search_clear(s, err);
		return e != GX_OK ? e : index_name(s, id + 1, "清空之后", err);
	}
	return GX_OK;
}

static void sjob_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	(void)err;
	struct sjob *t = (struct sjob *)job;
	pthread_mutex_lock(t->mu);
	t->outcome = e;
	(*t->finished)++;
	pthread_cond_broadcast(t->cv);
	pthread_mutex_unlock(t->mu);
}

static enum job_kind kind_of(int i)
{
	return i == 2 ? PUT_THEN_FAIL : i == 4 ? DELETE_OLD : i == 6 ? PUT_TWICE : i == 8 ? PUT_THEN_DELETE : PUT;
}

/* Hits of q read through a connection of its own, i.e. what was committed. */
static size_t committed_hits(struct store_fixture *f, const char *q, int64_t *first_id)
{
	struct store *s;
	struct gx_error err;
	assert_int_equal(store_open(f->db.url, NULL, &s, &err), GX_OK);
	struct search_hit h[32];
	size_t n = 0;
	int more = 0;
	assert_int_equal(store_search(s, q, NULL, 32, h, &n, &more, &err), GX_OK);
	if (first_id)
		*first_id = n ? h[0].id : 0;
	store_close(s);
	return n;
}

/* Segments of the FTS5 index, from its structure record (rowid 10 of search_fts_data): a
 * 4-byte cookie, on newer SQLite a 4-byte version marker (0xff000002), then varints nLevel and
 * nSegment. */
static int64_t fts_segments(struct store_fixture *f)
{
	struct gx_error err;
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->s, "SELECT block FROM search_fts_data WHERE id = 10", &st, &err), GX_OK);
	int row = 0;
	assert_int_equal(db_step(f->s, st, &row, &err), GX_OK);
	assert_int_equal(row, 1);
	const unsigned char *p = (const unsigned char *)f->s->drv->col_text(st, 0);
	size_t len = f->s->drv->col_bytes(st, 0);
	size_t i = 4;
	if (len >= 8 && p[4] == 0xff && p[5] == 0 && p[6] == 0 && p[7] == 2)
		i = 8;
	int64_t v[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		while (i < len && (p[i] & 0x80))
			v[k] = (v[k] << 7) | (p[i++] & 0x7f);
		assert_true(i < len);
		v[k] = (v[k] << 7) | p[i++];
	}
	db_reset(f->s, st);
	return v[1];
}

static void test_group_search_writes(void **state)
{
	struct store_fixture *f = *state;
	struct gx_error err;
	int sqlite = store_backend(f->s) == STORE_SQLITE;
	struct search_merge_saved saved;   /* no merging of FTS5's own: the segments stay countable */
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(index_name(f->s, 1, "旧档删除", &err), GX_OK);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(committed_hits(f, "旧档删除", NULL), 1);
	int64_t segments_before = sqlite ? fts_segments(f) : 0;

	struct group_commit *g;
	assert_int_equal(group_commit_start(f->s, NULL, &g, &err), GX_OK);
	struct gc_gate gate;
	gc_gate_init(&gate);
	group_commit_submit(g, &gate.job);
	gc_gate_wait_started(&gate);
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
	int finished = 0;
	struct sjob jobs[N];
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct sjob){.job = {.run = sjob_run, .done = sjob_done}, .n = i, .kind = kind_of(i),
		                        .mu = &mu, .cv = &cv, .finished = &finished, .outcome = -1};
		group_commit_submit(g, &jobs[i].job);
	}
	gc_gate_open(&gate);
	pthread_mutex_lock(&mu);
	while (finished < N)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	gc_gate_destroy(&gate);
	assert_int_equal(st.commits, 1);   /* the gate and the N jobs queued behind it: one group */

	for (int i = 0; i < N; i++)
		assert_int_equal(jobs[i].outcome, kind_of(i) == PUT_THEN_FAIL ? GX_ECONFLICT : GX_OK);
	/* every PUT, and PUT_TWICE under its second name: 7 of the 10 */
	assert_int_equal(committed_hits(f, "组测", NULL), N - 3);
	assert_int_equal(committed_hits(f, "组测02号", NULL), 0);   /* its job failed */
	assert_int_equal(committed_hits(f, "组测08号", NULL), 0);   /* put, then deleted */
	int64_t id = 0;
	assert_int_equal(committed_hits(f, "组测06号", &id), 1);
	assert_int_equal(id, 106);
	assert_int_equal(committed_hits(f, "改名之前", NULL), 0);   /* the second put won */
	assert_int_equal(committed_hits(f, "旧档删除", NULL), 0);   /* deleted inside the group */
	if (sqlite)   /* one segment for the group's documents, not one per job */
		assert_int_equal(fts_segments(f) - segments_before, 1);

	/* stopped: the store indexes at once again, even inside a transaction of its own */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(index_name(f->s, 500, "引擎停后", &err), GX_OK);
	struct search_hit h[4];
	size_t n = 0;
	int more = 0;
	assert_int_equal(store_search(f->s, "引擎停后", NULL, 4, h, &n, &more, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
}

/* A failing write alone in its group (an idle server) takes its staged document with it, and
 * the next write's document is indexed as usual. */
static void test_failed_lone_write_indexes_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct gx_error err;
	struct group_commit *g;
	assert_int_equal(group_commit_start(f->s, NULL, &g, &err), GX_OK);
	struct sjob a = {.job = {.run = sjob_run, .done = sjob_done}, .n = 40, .kind = PUT_THEN_FAIL};
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
	int finished = 0;
	a.mu = &mu;
	a.cv = &cv;
	a.finished = &finished;
	assert_int_equal(group_commit_run(g, &a.job, &err), GX_ECONFLICT);
	struct sjob b = a;
	b.n = 41;
	b.kind = PUT;
	assert_int_equal(group_commit_run(g, &b.job, &err), GX_OK);
	group_commit_stop(g, NULL);
	assert_int_equal(committed_hits(f, "组测40号", NULL), 0);
	assert_int_equal(committed_hits(f, "组测41号", NULL), 1);
}

/* Emptying the index inside a write empties what that write staged before it too. */
static void test_clear_takes_staged_documents(void **state)
{
	struct store_fixture *f = *state;
	struct gx_error err;
	struct group_commit *g;
	assert_int_equal(group_commit_start(f->s, NULL, &g, &err), GX_OK);
	struct sjob a = {.job = {.run = sjob_run, .done = sjob_done}, .n = 60, .kind = PUT_CLEAR_PUT};
	assert_int_equal(group_commit_run(g, &a.job, &err), GX_OK);
	group_commit_stop(g, NULL);
	assert_int_equal(committed_hits(f, "清空之前", NULL), 0);
	int64_t id = 0;
	assert_int_equal(committed_hits(f, "清空之后", &id), 1);
	assert_int_equal(id, 161);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_search_writes, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failed_lone_write_indexes_nothing, store_fixture_setup,
		                                store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_clear_takes_staged_documents, store_fixture_setup,
		                                store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
