/* Unit tests of the bulk mode of customer imports (src/store/sqlite/bulk_import.c, the rule in
 * src/app/import.c): the rule's boundaries; a bulk import leaves every index of customers in
 * place, an FTS5 index that passes FTS5's own integrity check against its documents, the FTS5
 * settings and the page cache as they were; an all-or-nothing bulk import that rejects a row
 * rolls everything back, indexes included. On PostgreSQL (second pass) --bulk on imports row
 * by row with the same counts. The comparison with the row-by-row path, row for row, is in
 * tests/integration/test_import_bulk.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/app.h"
#include "guanxi/bulk_store.h"
#include "guanxi/import.h"
#include "store/driver.h"
#include "store/sqlite/sqlite_store.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct app app;
	char csv[256];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct gx_error err;
	if (test_db_create(&f->db) != 0 || app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		free(f);
		return -1;
	}
	snprintf(f->csv, sizeof f->csv, "%s/gx-bulk-%d.csv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	         (int)getpid());
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	unlink(f->csv);
	free(f);
	return 0;
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct gx_error err;
	assert_int_equal(db_query_i64(f->app.store, sql, &n, NULL, &err, ""), GX_OK);
	return n;
}

/* n customers; row bad_row (1-based, 0: none) has an e-mail without @. */
static void write_csv(struct fixture *f, int n, int bad_row)
{
	FILE *fp = fopen(f->csv, "w");
	assert_non_null(fp);
	fprintf(fp, "客户编号,客户名称,手机,电子邮箱,标签\n");
	for (int i = 1; i <= n; i++)
		fprintf(fp, "K%06d,客户%d,138%08d,%s%d@example.cn,%s\n", i, i, i, i == bad_row ? "bad" : "u",
		        i, i % 2 ? "VIP" : "");
	if (bad_row)
		fprintf(fp, "K%06d,客户,13900000000,not-an-email,\n", n + 1);
	fclose(fp);
}

static void test_rule(void **state)
{
	(void)state;
	assert_int_equal(import_bulk_wanted(4999, 0), 0);       /* too small to pay the rebuild */
	assert_int_equal(import_bulk_wanted(5000, 0), 1);
	assert_int_equal(import_bulk_wanted(5000, 5000), 1);    /* as many rows as the table */
	assert_int_equal(import_bulk_wanted(5000, 5001), 0);    /* the table is larger */
	assert_int_equal(import_bulk_wanted(1000000, 999999), 1);
}

/* crisismerge c: the smallest c >= 64 with c * c > documents / 128 + 1 (see bulk_import.c). */
static void test_crisismerge(void **state)
{
	(void)state;
	assert_int_equal(store_bulk_crisismerge(0), 64);
	assert_int_equal(store_bulk_crisismerge(200000), 64);      /* 1563 flushes < 64 * 64 */
	assert_int_equal(store_bulk_crisismerge(524032), 64);      /* 4095 flushes < 64 * 64 */
	assert_int_equal(store_bulk_crisismerge(524160), 65);      /* 4096: 64 * 64 is not more */
	assert_int_equal(store_bulk_crisismerge(1000000), 89);     /* 7813: 88 * 88 = 7744, 89 * 89 = 7921 */
	assert_int_equal(store_bulk_crisismerge(10000000), 280);   /* 78126: 279 * 279 = 77841 */
	assert_int_equal(store_bulk_crisismerge(UINT64_C(1) << 40), 900);  /* FTS5: 2000 segments at most */
}

static void test_bulk_import(void **state)
{
	struct fixture *f = *state;
	int64_t indexes = count(f, test_db_is_pg() ? "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'customers'"
	                                           : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'");
	write_csv(f, 6000, 0);
	struct import_opts o = {.bulk = IMPORT_BULK_ON};
	struct import_result res;
	struct gx_error err;
	assert_int_equal(app_import(&f->app, import_entity("customers"), f->csv, &o, &res, &err), GX_OK);
	assert_int_equal(res.created, 6000);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 6000);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customer_tags"), 3000);
	if (test_db_is_pg()) {
		assert_int_equal(res.bulk, 0);
		return;
	}
	assert_int_equal(res.bulk, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"),
	                 indexes);
	assert_true(indexes >= 12);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM search_fts_content"), 6000);
	/* FTS5 checks its index against the documents, entry by entry. */
	sqlite3 *db = sqlite_store_handle(f->app.store);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM search_fts_config WHERE k IN ('automerge', 'crisismerge')"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM pragma_cache_size WHERE cache_size = -65536"), 1);
	/* A second, smaller file into the now larger table: auto keeps the row path. */
	write_csv(f, 100, 0);
	o.bulk = IMPORT_BULK_AUTO;
	assert_int_equal(app_import(&f->app, import_entity("customers"), f->csv, &o, &res, &err), GX_OK);
	assert_int_equal(res.bulk, 0);
	assert_int_equal(res.updated, 100);
}

static void test_bulk_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	if (test_db_is_pg())
		skip();
	int64_t indexes = count(f, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'");
	write_csv(f, 5200, 0);
	FILE *fp = fopen(f->csv, "a");
	fprintf(fp, "X1,坏行,13900000000,not-an-email,\n");
	fclose(fp);
	struct import_opts o = {.bulk = IMPORT_BULK_ON, .all_or_nothing = 1};
	struct import_result res;
	struct gx_error err;
	assert_int_equal(app_import(&f->app, import_entity("customers"), f->csv, &o, &res, &err), GX_OK);
	assert_int_equal(res.rolled_back, 1);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM search_fts_content"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"),
	                 indexes);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM pragma_cache_size WHERE cache_size = -65536"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_crisismerge),
		cmocka_unit_test_setup_teardown(test_bulk_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_all_or_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
