/* Unit tests for the API token cache of app_auth_bearer (app/token_cache.h) on both backends.
 * Two connections to one database, as a server worker and another server or the CLI: the worker
 * authenticates inside read transactions, as a GET does (store_read_begin), and the other
 * connection revokes, disables, changes roles or writes something unrelated. Whatever the other
 * side changed is seen by the worker's next request; only while nothing at all changed is the
 * answer taken from the cache (SQLite; PostgreSQL has no data version and never caches). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/token_cache.h"
#include "guanxi/auth.h"
#include "guanxi/org.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app worker, other;
	struct gx_arena a;
	char tok[AUTH_TOKEN_SIZE];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct gx_error err;
	if (test_db_create(&f->db) != 0)
		return -1;
	if (app_open(&f->other, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	struct record u;
	record_init(&u, &entity_user, &f->a);
	if (app_field_set_text(&f->other, &u, "username", "wang", &f->a, &err) ||
	    app_field_set_text(&f->other, &u, "display_name", "王芳", &f->a, &err) ||
	    app_field_set_text(&f->other, &u, "role", "sales", &f->a, &err) ||
	    app_org_create(&f->other, &u, &f->a, &err) ||
	    app_auth_token_create(&f->other, "wang", "script", f->tok, &err) ||
	    app_open(&f->worker, f->db.url, 0, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->worker);
	app_close(&f->other);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

/* One request of the worker: a read transaction around the token check, as dispatch does. */
static enum gx_err request(struct fx *f, const char *token, struct auth_identity *id)
{
	struct gx_error err;
	store_read_begin(f->worker.store);
	enum gx_err e = app_auth_bearer(&f->worker, token, id, &err);
	store_read_end(f->worker.store);
	return e;
}

static uint64_t hits(const struct fx *f)
{
	return f->worker.tokens ? f->worker.tokens->hits : 0;
}

static void test_kept_while_nothing_changes(void **state)
{
	struct fx *f = *state;
	struct auth_identity id;
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(id.user_id, 1);
	assert_int_equal(hits(f), 0);
	/* The first use stamped the token's last use, a change: the second looks it up again. */
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(hits(f), 0);
	for (int i = 0; i < 3; i++) {
		memset(&f->worker.actor, 0, sizeof f->worker.actor);
		assert_int_equal(request(f, f->tok, &id), GX_OK);
		assert_int_equal(id.user_id, 1);
		assert_string_equal(f->worker.actor.role, "sales");
	}
	assert_int_equal(hits(f), test_db_is_pg() ? 0 : 3);
	/* A wrong secret with the same prefix is never taken for the kept one. */
	char bad[AUTH_TOKEN_SIZE];
	memcpy(bad, f->tok, sizeof bad);
	bad[42] = bad[42] == 'a' ? 'b' : 'a';
	assert_int_equal(request(f, bad, &id), GX_EUNAUTH);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
}

static void test_revoked_elsewhere_is_refused_at_once(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct auth_identity id;
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(db_exec(f->other.store, "UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z'",
	                         NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_EUNAUTH);
	assert_int_equal(request(f, f->tok, &id), GX_EUNAUTH);
}

static void test_disabled_elsewhere_is_refused_at_once(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct auth_identity id;
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(app_user_disable(&f->other, "wang", &err), GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_EUNAUTH);
}

static void test_new_role_and_unrelated_writes(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct auth_identity id;
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_string_equal(f->worker.actor.role, "sales");
	assert_int_equal(db_exec(f->other.store, "UPDATE users SET role = 'analyst' WHERE id = 1", NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_string_equal(f->worker.actor.role, "analyst");
	/* A write that has nothing to do with the token: looked up again, same answer. */
	uint64_t before = hits(f);
	assert_int_equal(db_exec(f->other.store, "INSERT INTO tags (name) VALUES ('VIP')", NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_int_equal(hits(f), before);
	assert_string_equal(f->worker.actor.role, "analyst");
	/* The worker's own write counts as a change too. */
	assert_int_equal(db_exec(f->worker.store, "UPDATE users SET role = 'manager' WHERE id = 1", NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(request(f, f->tok, &id), GX_OK);
	assert_string_equal(f->worker.actor.role, "manager");
	assert_int_equal(hits(f), before);
}

/* Outside a read transaction (a write request, the group commit writer) there is no version to
 * compare, and nothing is taken from the cache or put into it. */
static void test_not_outside_a_read_transaction(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct auth_identity id;
	for (int i = 0; i < 3; i++)
		assert_int_equal(app_auth_bearer(&f->worker, f->tok, &id, &err), GX_OK);
	assert_int_equal(hits(f), 0);
	assert_null(f->worker.tokens);
	assert_int_equal(store_begin(f->worker.store, &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->worker, f->tok, &id, &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->worker, f->tok, &id, &err), GX_OK);
	store_rollback(f->worker.store);
	assert_int_equal(hits(f), 0);
	assert_null(f->worker.tokens);
}

/* The data version itself: unchanged while nothing changes, changed by another connection's
 * commit and by the connection's own, and absent outside a read transaction. */
static void test_read_version(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct store *s = f->worker.store;
	uint64_t v1 = 0, v2 = 0, v3 = 0, v4 = 0;
	assert_int_equal(store_read_version(s, &v1), 0);
	store_read_begin(s);
	int have = store_read_version(s, &v1);
	store_read_end(s);
	if (test_db_is_pg()) {
		assert_int_equal(have, 0);
		return;
	}
	assert_int_equal(have, 1);
	store_read_begin(s);
	assert_int_equal(store_read_version(s, &v2), 1);
	store_read_end(s);
	assert_true(v1 == v2);
	assert_int_equal(db_exec(f->other.store, "INSERT INTO tags (name) VALUES ('A')", NULL, &err, ""), GX_OK);
	store_read_begin(s);
	assert_int_equal(store_read_version(s, &v3), 1);
	store_read_end(s);
	assert_true(v3 != v2);
	assert_int_equal(db_exec(s, "INSERT INTO tags (name) VALUES ('B')", NULL, &err, ""), GX_OK);
	store_read_begin(s);
	assert_int_equal(store_read_version(s, &v4), 1);
	store_read_end(s);
	assert_true(v4 != v3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_while_nothing_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoked_elsewhere_is_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_elsewhere_is_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_role_and_unrelated_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_outside_a_read_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_version, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
