/* Unit tests for store/: migrations, generic records (insert, get, update with versions,
 * soft delete), keyset paging, filters rendered to parameterised SQL, nested transactions.
 * They run on a temporary SQLite file, and on PostgreSQL when GUANXI_TEST_DB_URL names a
 * server (the PostgreSQL pass of scripts/run-tests.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/filter.h"
#include "guanxi/record_store.h"
#include "guanxi/store.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct store *s;
	struct gx_arena a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	struct store_open_options o = {.create = 1, .migrate = 1};
	if (store_open(f->db.url, &o, &f->s, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static int64_t add_customer(struct fixture *f, const char *code, const char *name, const char *city)
{
	struct record r;
	record_init(&r, &entity_customer, &f->a);
	record_set_text(&r, "code", code);
	record_set_text(&r, "kind", "person");
	record_set_text(&r, "name", name);
	record_set_text(&r, "name_norm", name);
	if (city)
		record_set_text(&r, "city", city);
	struct gx_error err;
	assert_int_equal(store_record_insert(f->s, &r, &err), GX_OK);
	assert_true(r.id > 0);
	return r.id;
}

static void test_migrations_recorded(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	int version = 0, applied = -1;
	assert_int_equal(store_schema_version(f->s, &version, &err), GX_OK);
	assert_true(version >= 1);
	/* Running again applies nothing. */
	assert_int_equal(store_migrate(f->s, &applied, &err), GX_OK);
	assert_int_equal(applied, 0);
}

static void test_open_missing_database(void **state)
{
	(void)state;
	struct store *s = NULL;
	struct gx_error err;
	struct store_open_options o = {.create = 0};
	assert_int_equal(store_open("/tmp/definitely-not-here/x.db", &o, &s, &err), GX_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err.message, "does not exist"));
}

static void test_insert_get_update_conflict(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	int64_t id = add_customer(f, "C1", "张伟", "上海");
	struct record r;
	assert_int_equal(store_record_get(f->s, &entity_customer, id, &f->a, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "name"), "张伟");
	assert_int_equal(r.version, 1);
	assert_non_null(r.created_at);
	assert_null(r.deleted_at);

	struct record patch;
	record_init(&patch, &entity_customer, &f->a);
	patch.id = id;
	record_set_text(&patch, "city", "杭州");
	assert_int_equal(store_record_update(f->s, &patch, 1, &err), GX_OK);
	assert_int_equal(patch.version, 2);
	/* The same stale version again is a conflict and changes nothing. */
	record_set_text(&patch, "city", "南京");
	assert_int_equal(store_record_update(f->s, &patch, 1, &err), GX_ECONFLICT);
	assert_int_equal(store_record_get(f->s, &entity_customer, id, &f->a, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "city"), "杭州");
	patch.id = 999;
	assert_int_equal(store_record_update(f->s, &patch, 1, &err), GX_ENOTFOUND);

	/* Unique code enforced by the database too. */
	struct record dup;
	record_init(&dup, &entity_customer, &f->a);
	record_set_text(&dup, "code", "C1");
	record_set_text(&dup, "kind", "person");
	record_set_text(&dup, "name", "x");
	record_set_text(&dup, "name_norm", "x");
	assert_int_equal(store_record_insert(f->s, &dup, &err), GX_ECONFLICT);
}

static void test_soft_delete_and_lists(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	char code[16];
	for (int i = 0; i < 25; i++) {
		snprintf(code, sizeof code, "K%02d", i);
		add_customer(f, code, i % 2 ? "李娜" : "王芳", i % 3 ? "上海" : "北京");
	}
	struct store_list_query q = {.limit = 10, .sort_field = "code"};
	struct store_list_result res;
	int seen = 0;
	const char *last = "";
	for (;;) {
		assert_int_equal(store_record_list(f->s, &entity_customer, &q, &f->a, &res, &err), GX_OK);
		for (size_t i = 0; i < res.count; i++) {
			const char *c = record_text(&res.rows[i], "code");
			assert_true(strcmp(c, last) > 0);   /* stable, strictly increasing order */
			last = c;
			seen++;
		}
		if (!res.next_cursor)
			break;
		q.cursor = res.next_cursor;
	}
	assert_int_equal(seen, 25);

	/* Descending by city then id, through the cursor. */
	struct store_list_query qd = {.limit = 7, .sort_field = "city", .descending = 1};
	seen = 0;
	for (;;) {
		assert_int_equal(store_record_list(f->s, &entity_customer, &qd, &f->a, &res, &err), GX_OK);
		seen += (int)res.count;
		if (!res.next_cursor)
			break;
		qd.cursor = res.next_cursor;
	}
	assert_int_equal(seen, 25);

	struct record first;
	int found;
	assert_int_equal(store_record_find(f->s, &entity_customer, "code", "K00", &f->a, &first, &found, &err), GX_OK);
	assert_true(found);
	assert_int_equal(store_record_set_deleted(f->s, &entity_customer, first.id, 1, &err), GX_OK);
	int64_t n = 0;
	struct store_list_query live = {0}, bin = {.deleted = STORE_DELETED};
	assert_int_equal(store_record_count(f->s, &entity_customer, &live, &n, &err), GX_OK);
	assert_int_equal(n, 24);
	assert_int_equal(store_record_count(f->s, &entity_customer, &bin, &n, &err), GX_OK);
	assert_int_equal(n, 1);

	struct store_list_query bad = {.cursor = "not a cursor!"};
	assert_int_equal(store_record_list(f->s, &entity_customer, &bad, &f->a, &res, &err), GX_EINVAL);
	struct store_list_query badsort = {.sort_field = "name; DROP TABLE customers"};
	assert_int_equal(store_record_list(f->s, &entity_customer, &badsort, &f->a, &res, &err), GX_EINVAL);
}

static int64_t count_filter(struct fixture *f, const char *text, enum gx_err *e)
{
	struct gx_error err;
	struct filter_node *n;
	*e = filter_parse(text, &entity_customer, &f->a, &n, &err);
	if (*e != GX_OK)
		return -1;
	struct store_list_query q = {.filter = n};
	int64_t count = -1;
	*e = store_record_count(f->s, &entity_customer, &q, &count, &err);
	return count;
}

static void test_filters(void **state)
{
	struct fixture *f = *state;
	add_customer(f, "A1", "张伟", "上海");
	add_customer(f, "A2", "O'Brien Ltd", "北京");
	add_customer(f, "A3", "李娜", NULL);
	enum gx_err e;
	assert_int_equal(count_filter(f, "city eq '上海'", &e), 1);
	assert_int_equal(count_filter(f, "city eq '上海' or city eq '北京'", &e), 2);
	assert_int_equal(count_filter(f, "not city isnull", &e), 2);
	assert_int_equal(count_filter(f, "city isnull", &e), 1);
	assert_int_equal(count_filter(f, "city in ('上海', '广州')", &e), 1);
	assert_int_equal(count_filter(f, "name eq 'O''Brien Ltd'", &e), 1);
	assert_int_equal(count_filter(f, "code between ('A1', 'A2')", &e), 2);
	assert_int_equal(count_filter(f, "id gt 1 and (city eq '北京' or city isnull)", &e), 2);
	assert_int_equal(count_filter(f, "key_account eq false", &e), 3);
	/* Injection attempts stay values. */
	assert_int_equal(count_filter(f, "name eq 'x'' OR ''1''=''1'", &e), 0);
	assert_int_equal(e, GX_OK);
	/* Errors: unknown field, hidden field, bad syntax, type mismatch. */
	count_filter(f, "nosuch eq 1", &e);
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "name_norm eq 'x'", &e);
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "city eq '上海' and", &e);
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "owner_id eq 'abc'", &e);
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "city between ('a')", &e);
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "id eq 1e300", &e);   /* found by fuzz_filter: no undefined conversion */
	assert_int_equal(e, GX_EINVAL);
	count_filter(f, "id eq 99999999999999999999", &e);
	assert_int_equal(e, GX_EINVAL);

	struct gx_error err;
	struct filter_node *n;
	assert_int_equal(filter_parse("city eq '上海' and name zz 'x'", &entity_customer, &f->a, &n, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "position 23"));
}

static void test_nested_transactions(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	add_customer(f, "T1", "甲", NULL);
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	add_customer(f, "T2", "乙", NULL);
	store_rollback(f->s);                 /* the inner unit of work is undone … */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	add_customer(f, "T3", "丙", NULL);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(store_commit(f->s, &err), GX_OK);   /* … the rest commits */
	int64_t n = -1;
	struct store_list_query q = {0};
	assert_int_equal(store_record_count(f->s, &entity_customer, &q, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	struct record r;
	int found = 1;
	assert_int_equal(store_record_find(f->s, &entity_customer, "code", "T2", &f->a, &r, &found, &err), GX_OK);
	assert_false(found);
	/* An outer rollback undoes everything. */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	add_customer(f, "T4", "丁", NULL);
	store_rollback(f->s);
	assert_int_equal(store_record_count(f->s, &entity_customer, &q, &n, &err), GX_OK);
	assert_int_equal(n, 2);
}

static void test_settings(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	char buf[32];
	int found = 1;
	assert_int_equal(store_setting_get(f->s, "timezone", buf, sizeof buf, &found, &err), GX_OK);
	assert_false(found);
	assert_int_equal(store_setting_set(f->s, "timezone", "Asia/Shanghai", &err), GX_OK);
	assert_int_equal(store_setting_set(f->s, "timezone", "UTC", &err), GX_OK);
	assert_int_equal(store_setting_get(f->s, "timezone", buf, sizeof buf, &found, &err), GX_OK);
	assert_true(found);
	assert_string_equal(buf, "UTC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations_recorded, setup, teardown),
		cmocka_unit_test(test_open_missing_database),
		cmocka_unit_test_setup_teardown(test_insert_get_update_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_delete_and_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
