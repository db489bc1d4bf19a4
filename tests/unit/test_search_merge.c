/* Unit tests for merging the search index off the request path (include/guanxi/search_merge.h,
 * src/store/sqlite/fts_merge.c): begin turns FTS5's automerge off and sets usermerge 8, and
 * end puts back exactly what was there (a stored value, or none: the default); the server's
 * own value found at begin is taken for one left by a killed server and ends as the default; a merge step reports work while
 * levels hold enough segments and none afterwards, and searches answer the same throughout.
 * On PostgreSQL every call does nothing and succeeds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer_store.h"
#include "guanxi/search.h"
#include "guanxi/search_merge.h"
#include "guanxi/store.h"
#include "store/driver.h"
#include "support/store_fixture.h"


/* The stored value of an FTS5 setting, or -1 when none is stored. */
static int64_t setting(struct store_fixture *f, const char *key)
{
	struct gx_error err;
	int64_t v = -1;
	int found = 0;
	assert_int_equal(db_query_i64(f->s, "SELECT v FROM search_fts_config WHERE k = ?", &v, &found, &err, "t", key),
	                 GX_OK);
	return found ? v : -1;
}

static int64_t automerge(struct store_fixture *f)
{
	return setting(f, "automerge");
}

static void exec(struct store_fixture *f, const char *sql)
{
	struct gx_error err;
	if (db_exec_script(f->s, sql, &err) != GX_OK)
		fail_msg("%s: %s", sql, err.message);
}

static void test_setting_put_back(void **state)
{
	struct store_fixture *f = *state;
	struct gx_error err;
	struct search_merge_saved saved;
	if (store_backend(f->s) != STORE_SQLITE) {
		int worked = 1;
		assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
		assert_int_equal(store_search_merge_step(f->s, 16, &worked, &err), GX_OK);
		assert_int_equal(worked, 0);
		assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
		return;
	}
	/* none stored: off meanwhile (and the steps merge levels of 8), none afterwards */
	assert_int_equal(automerge(f), -1);
	assert_int_equal(setting(f, "usermerge"), -1);
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), 0);
	assert_int_equal(setting(f, "usermerge"), 8);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), -1);
	assert_int_equal(setting(f, "usermerge"), -1);
	/* a stored usermerge comes back as it was; 8 found (a killed server's) ends as none */
	exec(f, "INSERT INTO search_fts(search_fts, rank) VALUES ('usermerge', 6)");
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(setting(f, "usermerge"), 8);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
	assert_int_equal(setting(f, "usermerge"), 6);
	exec(f, "INSERT INTO search_fts(search_fts, rank) VALUES ('usermerge', 8)");
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
	assert_int_equal(setting(f, "usermerge"), -1);
	/* a stored value comes back as it was */
	exec(f, "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 8)");
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), 0);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), 8);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);   /* twice: nothing more */
	assert_int_equal(automerge(f), 8);
	/* 0 found (a server killed while it ran): the default afterwards */
	exec(f, "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 0)");
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), 0);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
	assert_int_equal(automerge(f), -1);
}

static int64_t hits(struct store_fixture *f, const char *q)
{
	struct search_hit h[20];
	size_t n = 0;
	int more = 0;
	struct gx_error err;
	assert_int_equal(store_search(f->s, q, NULL, 20, h, &n, &more, &err), GX_OK);
	return (int64_t)n;
}

static void test_steps_merge_until_done(void **state)
{
	struct store_fixture *f = *state;
	if (store_backend(f->s) != STORE_SQLITE)
		skip();
	struct gx_error err;
	struct search_merge_saved saved;
	assert_int_equal(store_search_merge_begin(f->s, &saved, &err), GX_OK);
	/* one segment per transaction, none merged: eight on level 0 */
	for (int i = 1; i <= 8; i++) {
		char sql[200];   /* rowid: customer (entity code 1) number i, as docs/search.md lays out */
		snprintf(sql, sizeof sql, "INSERT INTO search_fts(rowid, body, py) VALUES (%lld, '张伟%d 1380013%04d', '')",
		         (1LL << 48) | i, i, i);
		exec(f, sql);
	}
	assert_int_equal(hits(f, "张伟"), 8);
	int steps = 0, worked = 1;
	while (worked && steps < 100) {
		assert_int_equal(store_begin(f->s, &err), GX_OK);
		assert_int_equal(store_search_merge_step(f->s, 4, &worked, &err), GX_OK);
		assert_int_equal(store_commit(f->s, &err), GX_OK);
		steps += worked;
	}
	assert_true(steps >= 1);    /* there was something to merge … */
	assert_true(steps < 100);   /* … and then nothing */
	assert_int_equal(store_search_merge_step(f->s, 4, &worked, &err), GX_OK);
	assert_int_equal(worked, 0);
	assert_int_equal(hits(f, "张伟"), 8);
	assert_int_equal(hits(f, "0013000"), 8);
	assert_int_equal(hits(f, "张伟7"), 1);
	assert_int_equal(store_search_merge_end(f->s, &saved, &err), GX_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setting_put_back, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_steps_merge_until_done, store_fixture_setup, store_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
