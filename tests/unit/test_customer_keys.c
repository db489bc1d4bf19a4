/* Unit tests for the customer import's key set (app/customer_keys.c): a key added or stored
 * is always reported as possibly present (the importer then checks the database), a key of
 * another kind or never added is reported absent, and the set loaded from a store holds the
 * keys of every customer row, deleted ones included, and a refresh adds rows created since.
 * On SQLite, and on PostgreSQL when
 * GUANXI_TEST_DB_URL names a server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "guanxi/customer.h"
#include "guanxi/record_store.h"
#include "guanxi/store.h"
#include "support/test_db.h"

static void test_set_membership(void **state)
{
	(void)state;
	struct customer_keys *k = NULL;
	struct gx_error err;
	/* a NULL set knows nothing: every key may be there */
	assert_int_equal(customer_keys_may_have(NULL, CUSTOMER_KEY_PHONE, "13800000000"), 1);
	/* an empty store gives an empty set, which grows by adds */
	struct test_db db;
	assert_int_equal(test_db_create(&db), 0);
	struct store_open_options o = {.create = 1, .migrate = 1};
	struct store *s;
	assert_int_equal(store_open(db.url, &o, &s, &err), GX_OK);
	assert_int_equal(customer_keys_load(s, &k, &err), GX_OK);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, "13800000000"), 0);
	char v[32];
	for (int i = 0; i < 50000; i++) {
		snprintf(v, sizeof v, "138%08d", i);
		customer_keys_add(k, CUSTOMER_KEY_PHONE, v);
	}
	customer_keys_add(k, CUSTOMER_KEY_EMAIL, "a@b.cn");
	customer_keys_add(k, CUSTOMER_KEY_EMAIL, "");
	customer_keys_add(k, CUSTOMER_KEY_EMAIL, NULL);
	for (int i = 0; i < 50000; i++) {
		snprintf(v, sizeof v, "138%08d", i);
		assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, v), 1);
	}
	/* 64-bit hashes: a false "may have" among 50,000 absent keys would be a broken hash */
	int false_hits = 0;
	for (int i = 50000; i < 100000; i++) {
		snprintf(v, sizeof v, "138%08d", i);
		false_hits += customer_keys_may_have(k, CUSTOMER_KEY_PHONE, v);
	}
	assert_int_equal(false_hits, 0);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, "a@b.cn"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "a@b.cn"), 0);   /* kind counts */
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, "13800000001"), 0);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, ""), 0);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, NULL), 0);
	customer_keys_free(k);
	store_close(s);
	test_db_drop(&db);
}

static void test_load_from_store(void **state)
{
	(void)state;
	struct test_db db;
	assert_int_equal(test_db_create(&db), 0);
	struct store_open_options o = {.create = 1, .migrate = 1};
	struct store *s;
	struct gx_error err;
	assert_int_equal(store_open(db.url, &o, &s, &err), GX_OK);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	static const char *const rows[2][6] = {
		{"K1", "13800000001", NULL, "k1@x.cn", NULL, "甲"},
		{"K2", NULL, "02166660000", NULL, "91110000100000000R", "乙"},
	};
	int64_t ids[2];
	for (int i = 0; i < 2; i++) {
		struct record r;
		record_init(&r, &entity_customer, &a);
		record_set_text(&r, "code", rows[i][0]);
		record_set_text(&r, "kind", "person");
		record_set_text(&r, "name", rows[i][5]);
		record_set_text(&r, "name_norm", rows[i][5]);
		record_set_text(&r, "mobile_norm", rows[i][1]);
		record_set_text(&r, "phone_norm", rows[i][2]);
		record_set_text(&r, "email_norm", rows[i][3]);
		record_set_text(&r, "uscc", rows[i][4]);
		assert_int_equal(store_record_insert(s, &r, &err), GX_OK);
		ids[i] = r.id;
	}
	assert_int_equal(store_record_set_deleted(s, &entity_customer, ids[1], 1, &err), GX_OK);
	struct customer_keys *k = NULL;
	assert_int_equal(customer_keys_load(s, &k, &err), GX_OK);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K1"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K2"), 1);   /* deleted: kept */
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, "13800000001"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, "02166660000"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, "k1@x.cn"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_USCC, "91110000100000000R"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K3"), 0);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, "13800000002"), 0);
	/* a customer another session creates after the load: read in by a refresh */
	struct record other;
	record_init(&other, &entity_customer, &a);
	record_set_text(&other, "code", "K9");
	record_set_text(&other, "kind", "person");
	record_set_text(&other, "name", "丁");
	record_set_text(&other, "name_norm", "丁");
	record_set_text(&other, "email_norm", "k9@x.cn");
	assert_int_equal(store_record_insert(s, &other, &err), GX_OK);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, "k9@x.cn"), 0);
	assert_int_equal(customer_keys_refresh(s, k, &err), GX_OK);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_EMAIL, "k9@x.cn"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K9"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K1"), 1);
	/* a record's keys added after the load */
	struct record r;
	record_init(&r, &entity_customer, &a);
	record_set_text(&r, "code", "K3");
	record_set_text(&r, "mobile_norm", "13800000003");
	customer_keys_add_record(k, &r);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_CODE, "K3"), 1);
	assert_int_equal(customer_keys_may_have(k, CUSTOMER_KEY_PHONE, "13800000003"), 1);
	customer_keys_free(k);
	gx_arena_free(&a);
	store_close(s);
	test_db_drop(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_membership),
		cmocka_unit_test(test_load_from_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
