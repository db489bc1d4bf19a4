/* The PostgreSQL driver's own behaviour: placeholder rewriting (always), and with a server
 * (GUANXI_TEST_DB_URL=postgres://…): reconnecting once after the connection was killed outside a
 * transaction but not inside one, serialization failures and lock timeouts reported as
 * GX_EUNAVAIL, unique violations as GX_ECONFLICT, and a transaction doomed by an error refusing
 * to commit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/store.h"
#include "store/driver.h"
#include "store/postgres/pg_store.h"
#include "support/test_db.h"

static void expect_rewrite(const char *in, const char *want, int want_n)
{
	int n = -1;
	char *out = pg_rewrite_placeholders(in, &n);
	if (strcmp(out, want) != 0 || n != want_n)
		fail_msg("rewrite \"%s\": got \"%s\" (%d), want \"%s\" (%d)", in, out, n, want, want_n);
	free(out);
}

static void test_placeholders(void **state)
{
	(void)state;
	expect_rewrite("SELECT 1", "SELECT 1", 0);
	expect_rewrite("a = ? AND b = ?", "a = $1 AND b = $2", 2);
	expect_rewrite("x = ?2 OR y = ?1 OR z = ?", "x = $2 OR y = $1 OR z = $3", 3);
	expect_rewrite("a = ?1 AND b = ?1", "a = $1 AND b = $1", 1);
	expect_rewrite("'?' || ? || 'it''s ?'", "'?' || $1 || 'it''s ?'", 1);
	expect_rewrite("\"we?ird\" = ?", "\"we?ird\" = $1", 1);
	expect_rewrite("x LIKE ? ESCAPE '\\' AND y = ?", "x LIKE $1 ESCAPE '\\' AND y = $2", 2);
	expect_rewrite("-- why?\n? /* or ? */ ?", "-- why?\n$1 /* or ? */ $2", 2);
	expect_rewrite("LIMIT ?12", "LIMIT $12", 12);
}

struct fixture {
	struct test_db db;
	struct store *s;
};

static int setup(void **state)
{
	if (!test_db_is_pg()) {
		*state = NULL;
		return 0;
	}
	struct fixture *f = calloc(1, sizeof *f);
	struct gx_error err;
	struct store_open_options o = {.migrate = 1};
	if (test_db_create(&f->db) != 0 || store_open(f->db.url, &o, &f->s, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return 0;
	store_close(f->s);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

#define NEED_PG(f) do { if (!(f)) { fprintf(stderr, "no PostgreSQL in this run\n"); skip(); } } while (0)

/* Ends the store's server session from outside, as a restart or a network cut would. */
static int64_t kill_session(struct fixture *f, struct store *s)
{
	struct gx_error err;
	int64_t pid = 0;
	assert_int_equal(db_query_i64(s, "SELECT pg_backend_pid()", &pid, NULL, &err, ""), GX_OK);
	PGconn *c = PQconnectdb(f->db.admin);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", (long long)pid);
	PGresult *r = PQexec(c, sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	/* the signal is asynchronous: wait until the session is gone */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %lld", (long long)pid);
	for (int i = 0; i < 200; i++) {
		r = PQexec(c, sql);
		int alive = PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), "0") != 0;
		PQclear(r);
		if (!alive)
			break;
		usleep(10000);
	}
	PQfinish(c);
	return pid;
}

static void test_reconnect(void **state)
{
	struct fixture *f = *state;
	NEED_PG(f);
	struct gx_error err;
	char buf[32];
	int found = 0;
	assert_int_equal(store_setting_set(f->s, "k", "v1", &err), GX_OK);
	int64_t old_pid = kill_session(f, f->s), new_pid = 0;
	/* outside a transaction: reconnects, re-prepares the cached statement, and goes on */
	assert_int_equal(store_setting_get(f->s, "k", buf, sizeof buf, &found, &err), GX_OK);
	assert_true(found);
	assert_string_equal(buf, "v1");
	assert_int_equal(db_query_i64(f->s, "SELECT pg_backend_pid()", &new_pid, NULL, &err, ""), GX_OK);
	assert_true(new_pid != old_pid);
	/* inside one: the work so far is lost, so the caller must hear of it */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(store_setting_set(f->s, "k", "v2", &err), GX_OK);
	kill_session(f, f->s);
	assert_int_equal(store_setting_set(f->s, "k2", "x", &err), GX_EUNAVAIL);
	assert_non_null(strstr(err.message, "connection was lost"));
	store_rollback(f->s);
	assert_int_equal(store_setting_get(f->s, "k", buf, sizeof buf, &found, &err), GX_OK);
	assert_string_equal(buf, "v1");
}

static void test_conflicts(void **state)
{
	struct fixture *f = *state;
	NEED_PG(f);
	struct gx_error err;
	struct store *b = NULL;
	struct store_open_options o = {.busy_timeout_ms = 200};
	assert_int_equal(store_open(f->db.url, &o, &b, &err), GX_OK);
	assert_int_equal(store_setting_set(f->s, "n", "0", &err), GX_OK);

	/* a concurrent update of a row this transaction has seen: serialization failure */
	char buf[16];
	int found;
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(store_setting_get(f->s, "n", buf, sizeof buf, &found, &err), GX_OK);
	assert_int_equal(store_setting_set(b, "n", "1", &err), GX_OK);      /* autocommit */
	assert_int_equal(store_setting_set(f->s, "n", "2", &err), GX_EUNAVAIL);
	assert_non_null(strstr(err.message, "try again"));
	store_rollback(f->s);

	/* a row locked by another transaction: lock timeout (200 ms here), not a hang */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(store_setting_set(f->s, "n", "3", &err), GX_OK);
	assert_int_equal(store_setting_set(b, "n", "4", &err), GX_EUNAVAIL);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(store_setting_get(b, "n", buf, sizeof buf, &found, &err), GX_OK);
	assert_string_equal(buf, "3");

	/* a unique violation is a conflict; the transaction it dooms refuses to commit */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(db_exec(f->s, "INSERT INTO tags (name) VALUES (?)", NULL, &err, "t", "t1"), GX_OK);
	assert_int_equal(db_exec(f->s, "INSERT INTO tags (name) VALUES (?)", NULL, &err, "t", "t1"),
	                 GX_ECONFLICT);
	assert_int_not_equal(store_commit(f->s, &err), GX_OK);
	assert_false(store_in_transaction(f->s));
	int64_t n = -1;
	assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM tags", &n, NULL, &err, ""), GX_OK);
	assert_int_equal(n, 0);
	/* a savepoint contains the damage: the outer transaction still commits */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(db_exec(f->s, "INSERT INTO tags (name) VALUES (?)", NULL, &err, "t", "t1"), GX_OK);
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(db_exec(f->s, "INSERT INTO tags (name) VALUES (?)", NULL, &err, "t", "t1"),
	                 GX_ECONFLICT);
	store_rollback(f->s);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM tags", &n, NULL, &err, ""), GX_OK);
	assert_int_equal(n, 1);
	store_close(b);
}

static void test_values(void **state)
{
	struct fixture *f = *state;
	NEED_PG(f);
	struct gx_error err;
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->s, "SELECT ?::bigint, 1.5::float8, NULL::text, 1 = 1, ?", &st, &err), GX_OK);
	db_bindv(f->s, st, "it", INT64_C(-9007199254740993), "文本");
	int row = 0;
	assert_int_equal(db_step(f->s, st, &row, &err), GX_OK);
	assert_true(row);
	assert_true(db_col_i64(f->s, st, 0) == INT64_C(-9007199254740993));
	assert_true(db_col_double(f->s, st, 1) == 1.5);
	assert_true(db_col_is_null(f->s, st, 2));
	assert_null(db_col_text(f->s, st, 2));
	assert_int_equal(db_col_i64(f->s, st, 3), 1);
	assert_string_equal(db_col_text(f->s, st, 4), "文本");
	assert_int_equal(db_step(f->s, st, &row, &err), GX_OK);
	assert_false(row);
	db_reset(f->s, st);
	/* a bad statement is an error at prepare time, as on SQLite */
	assert_int_equal(db_prepare(f->s, "SELECT nothing FROM nowhere", &st, &err), GX_EINTERNAL);
	assert_non_null(strstr(err.message, "nowhere"));
}

static void test_bad_url(void **state)
{
	(void)state;
	struct store *s = NULL;
	struct gx_error err;
	struct store_open_options o = {0};
	assert_int_equal(store_open("postgres://guanxi:secret@127.0.0.1:1/none?connect_timeout=2", &o, &s, &err),
	                 GX_EUNAVAIL);
	assert_null(s);
	assert_non_null(strstr(err.message, "cannot connect"));
	assert_null(strstr(err.message, "secret"));      /* the password is not shown */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
