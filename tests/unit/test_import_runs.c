/* Unit tests of the import wizard's runs in the database (src/app/import_runs*.c): an upload
 * larger than one chunk comes back byte for byte (three rows split across 1 MiB chunks import
 * as three customers); a preview writes nothing and an import stores the good rows and the
 * rejected-rows CSV; a mapping replaces the header; a run imports once; bad mappings are
 * refused; a run is seen only by its uploader and admins; a run whose server died is taken over
 * (a preview: run again) or failed (an import, all-or-nothing too: never run again), and a live lease is left
 * alone; old runs are purged with their chunks. On SQLite, and on PostgreSQL in the second pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/import_runs.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct app app;
	struct gx_arena a;
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
	gx_arena_init(&f->a, 0);
	db_exec_script(f->app.store,
	               "INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES"
	               " (20, 'rep1', '甲', 'sales', 'x', 'x'), (21, 'rep2', '乙', 'sales', 'x', 'x'),"
	               " (22, 'boss', '丙', 'admin', 'x', 'x')",
	               &err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	gx_arena_free(&f->a);
	app_close(&f->app);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static void act_as(struct app *app, int64_t id, const char *role)
{
	memset(&app->actor, 0, sizeof app->actor);
	app->actor.user_id = id;
	snprintf(app->actor.role, sizeof app->actor.role, "%s", role);
	app_access_apply(app);
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct gx_error err;
	assert_int_equal(db_query_i64(f->app.store, sql, &n, NULL, &err, ""), GX_OK);
	return n;
}

static int64_t upload(struct fixture *f, const char *csv, size_t len, int queue, int dry_run)
{
	struct import_run_flags fl = {.queue = queue, .dry_run = dry_run};
	int64_t id = 0;
	struct gx_error err;
	assert_int_equal(app_import_run_create(&f->app, import_entity("customers"), csv, len, &fl, &id, &err), GX_OK);
	return id;
}

static void work(struct fixture *f, const char *holder, int want_ran)
{
	int ran = -1;
	struct gx_error err;
	struct app_actor saved = f->app.actor;
	act_as(&f->app, 0, "admin");
	assert_int_equal(app_import_runs_work(&f->app, f->db.url, holder, &ran, &err), GX_OK);
	assert_int_equal(ran, want_ran);
	f->app.actor = saved;
	app_access_apply(&f->app);
}

static struct import_run get(struct fixture *f, int64_t id)
{
	struct import_run r;
	struct gx_error err;
	assert_int_equal(app_import_run_get(&f->app, id, &f->a, &r, &err), GX_OK);
	return r;
}

static const char CSV[] = "客户编号,客户名称,客户类型,城市\nIMP-1,杭州一号,organization,杭州\n"
                          "IMP-2,坏行,nonsense,上海\nIMP-3,苏州三号,person,苏州\n";

static void test_chunks_round_trip(void **state)
{
	struct fixture *f = *state;
	/* three rows of ~600 KB each (an ignored column): 1.8 MB in three chunks, rows split across them */
	size_t pad = 600000, cap = 3 * (pad + 64) + 64, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv + len, cap - len, "code,name,kind,padding\n");
	for (int i = 0; i < 3; i++) {
		len += (size_t)snprintf(csv + len, cap - len, "BIG-%d,大客户%d,person,", i, i);
		memset(csv + len, 'x', pad);
		len += pad;
		csv[len++] = '\n';
	}
	int64_t id = upload(f, csv, len, 1, 0);
	free(csv);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM import_run_chunks WHERE part = 'upload'"), 3);
	work(f, "h1", 1);
	struct import_run r = get(f, id);
	assert_string_equal(r.status, "done");
	assert_int_equal(r.file_size, (int64_t)len);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.created, 3);
	assert_string_equal(r.ignored_columns, "padding");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'BIG-%'"), 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM job_leases"), 0);
}

static void test_preview_then_import(void **state)
{
	struct fixture *f = *state;
	int64_t id = upload(f, CSV, strlen(CSV), 0, 0);
	assert_string_equal(get(f, id).status, "uploaded");
	work(f, "h1", 0);   /* nothing queued */
	struct gx_error err;
	assert_int_equal(app_import_run_queue(&f->app, id, 1, &err), GX_OK);
	work(f, "h1", 1);
	struct import_run r = get(f, id);
	assert_string_equal(r.status, "done");
	assert_true(r.dry_run && r.rolled_back);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.created, 2);
	assert_int_equal(r.rejected, 1);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].line, 3);
	assert_int_equal(r.errors[0].column, 3);
	assert_int_equal(r.job_id, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'"), 0);
	assert_int_equal(app_import_run_queue(&f->app, id, 0, &err), GX_OK);
	assert_int_equal(get(f, id).nerrors, 0);   /* the preview's rows are cleared */
	work(f, "h2", 1);
	r = get(f, id);
	assert_string_equal(r.status, "done");
	assert_false(r.dry_run || r.rolled_back);
	assert_int_equal(r.created, 2);
	assert_true(r.job_id > 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'"), 2);
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(app_import_run_rejected(&f->app, id, &data, &len, &err), GX_OK);
	assert_non_null(strstr(data, "IMP-2"));
	assert_null(strstr(data, "IMP-1"));
	free(data);
	/* once imported: no second import, preview or mapping */
	assert_int_equal(app_import_run_queue(&f->app, id, 0, &err), GX_ECONFLICT);
	assert_int_equal(app_import_run_queue(&f->app, id, 1, &err), GX_ECONFLICT);
	const char *m[] = {"code", "name", "kind", "city"};
	assert_int_equal(app_import_run_set_mapping(&f->app, id, m, 4, &err), GX_ECONFLICT);
	work(f, "h1", 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE kind = 'import'"), 1);
}

static void test_mapping(void **state)
{
	struct fixture *f = *state;
	static const char csv[] = "A,B,C,D\nMAP-1,映射一,organization,x\nMAP-2,映射二,person,y\n";
	int64_t id = upload(f, csv, strlen(csv), 0, 0);
	struct gx_error err;
	const char *dup[] = {"code", "code", "kind", ""};
	assert_int_equal(app_import_run_set_mapping(&f->app, id, dup, 4, &err), GX_EINVAL);
	const char *unknown[] = {"code", "name", "no_such_field", ""};
	assert_int_equal(app_import_run_set_mapping(&f->app, id, unknown, 4, &err), GX_EINVAL);
	assert_string_equal(err.field, "columns");
	const char *good[] = {"code", "name", "kind", ""};
	assert_int_equal(app_import_run_set_mapping(&f->app, id, good, 4, &err), GX_OK);
	assert_string_equal(get(f, id).mapping, "[\"code\",\"name\",\"kind\",\"\"]");
	assert_int_equal(app_import_run_queue(&f->app, id, 0, &err), GX_OK);
	work(f, "h1", 1);
	struct import_run r = get(f, id);
	assert_string_equal(r.status, "done");
	assert_int_equal(r.created, 2);
	assert_string_equal(r.ignored_columns, "#4");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'MAP-%'"), 2);
	/* a workbook takes no mapping */
	static const char zip[] = "PK\x03\x04 not really a workbook";
	int64_t x = upload(f, zip, sizeof zip - 1, 0, 0);
	assert_int_equal(get(f, x).xlsx, 1);
	assert_int_equal(app_import_run_set_mapping(&f->app, x, good, 4, &err), GX_EINVAL);
}

static void test_visibility(void **state)
{
	struct fixture *f = *state;
	act_as(&f->app, 20, "sales");
	int64_t id = upload(f, CSV, strlen(CSV), 0, 0);
	struct gx_error err;
	struct import_run r;
	assert_int_equal(app_import_run_get(&f->app, id, &f->a, &r, &err), GX_OK);
	act_as(&f->app, 21, "sales");
	assert_int_equal(app_import_run_get(&f->app, id, &f->a, &r, &err), GX_ENOTFOUND);
	assert_int_equal(app_import_run_queue(&f->app, id, 1, &err), GX_ENOTFOUND);
	char *data = NULL;
	size_t len;
	assert_int_equal(app_import_run_rejected(&f->app, id, &data, &len, &err), GX_ENOTFOUND);
	const char *m[] = {"code"};
	assert_int_equal(app_import_run_set_mapping(&f->app, id, m, 1, &err), GX_ENOTFOUND);
	act_as(&f->app, 22, "admin");
	assert_int_equal(app_import_run_get(&f->app, id, &f->a, &r, &err), GX_OK);
	assert_int_equal(r.user_id, 20);
	assert_int_equal(app_import_run_get(&f->app, id + 1000, &f->a, &r, &err), GX_ENOTFOUND);
	/* a sales rep may not import products */
	act_as(&f->app, 20, "sales");
	struct import_run_flags fl = {.queue = 1};
	int64_t pid;
	assert_int_equal(app_import_run_create(&f->app, import_entity("products"), CSV, strlen(CSV), &fl, &pid, &err),
	                 GX_EFORBIDDEN);
}

/* Marks run id as started by a server whose lease ran out a minute ago. */
static void orphan(struct fixture *f, int64_t id, const char *lease_until)
{
	char sql[400];
	struct gx_error err;
	snprintf(sql, sizeof sql,
	         "UPDATE import_runs SET status = 'running', worker = 'dead', attempts = 1, lines_done = 2, lines_total = 5"
	         " WHERE id = %lld;"
	         "INSERT INTO job_leases (kind, holder, lease_until, next_run_at) VALUES ('import:%lld', 'dead', '%s',"
	         " '2000-01-01T00:00:00Z')",
	         (long long)id, (long long)id, lease_until);
	assert_int_equal(db_exec_script(f->app.store, sql, &err), GX_OK);
}

static void test_takeover(void **state)
{
	struct fixture *f = *state;
	/* a live lease is left alone */
	int64_t live = upload(f, CSV, strlen(CSV), 1, 0);
	orphan(f, live, "2999-01-01T00:00:00Z");
	work(f, "h1", 0);
	assert_string_equal(get(f, live).status, "running");
	assert_int_equal(db_exec_script(f->app.store, "UPDATE import_runs SET status = 'failed' WHERE status = 'running';"
	                                              "DELETE FROM job_leases", &(struct gx_error){0}), GX_OK);
	/* a preview: run again to the end */
	int64_t p = upload(f, CSV, strlen(CSV), 1, 1);
	orphan(f, p, "2000-01-01T00:00:00Z");
	work(f, "h1", 1);
	struct import_run r = get(f, p);
	assert_string_equal(r.status, "done");
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.created, 2);
	/* an import in batches: failed with the reason, never run again */
	int64_t i = upload(f, CSV, strlen(CSV), 1, 0);
	orphan(f, i, "2000-01-01T00:00:00Z");
	int64_t job = 0;
	struct gx_error jerr;
	assert_int_equal(db_query_i64(f->app.store, "INSERT INTO jobs (kind, status, started_at) VALUES ('import', 'running',"
	                              " '2026-01-01T00:00:00Z') RETURNING id", &job, NULL, &jerr, ""), GX_OK);
	char sql[120];
	snprintf(sql, sizeof sql, "UPDATE import_runs SET job_id = %lld WHERE id = %lld", (long long)job, (long long)i);
	assert_int_equal(db_exec_script(f->app.store, sql, &jerr), GX_OK);
	work(f, "h1", 1);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM jobs WHERE id = %lld AND status = 'failed'", (long long)job);
	assert_int_equal(count(f, sql), 1);   /* the dead server's jobs row too */
	r = get(f, i);
	assert_string_equal(r.status, "failed");
	assert_string_equal(r.error_code, "unavailable");
	assert_non_null(strstr(r.error_message, "after 2 of 5 lines"));
	assert_int_equal(r.attempts, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'"), 0);
	/* an all-or-nothing import saved nothing, and is not run again either */
	struct import_run_flags fl = {.queue = 1, .all_or_nothing = 1};
	int64_t aon = 0;
	struct gx_error err;
	assert_int_equal(app_import_run_create(&f->app, import_entity("customers"), CSV, strlen(CSV), &fl, &aon, &err), GX_OK);
	orphan(f, aon, "2000-01-01T00:00:00Z");
	work(f, "h1", 1);
	r = get(f, aon);
	assert_string_equal(r.status, "failed");
	assert_non_null(strstr(r.error_message, "nothing was saved"));
	assert_int_equal(r.attempts, 1);
	work(f, "h1", 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM job_leases"), 0);
}

static void test_purge(void **state)
{
	struct fixture *f = *state;
	int64_t old = upload(f, CSV, strlen(CSV), 0, 0);
	int64_t queued = upload(f, CSV, strlen(CSV), 1, 1);
	int64_t fresh = upload(f, CSV, strlen(CSV), 0, 0);
	struct gx_error err;
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE import_runs SET created_at = '2020-01-01T00:00:00Z' WHERE id IN (%lld, %lld)",
	         (long long)old, (long long)queued);
	assert_int_equal(db_exec_script(f->app.store, sql, &err), GX_OK);
	int64_t n = -1;
	act_as(&f->app, 20, "sales");
	assert_int_equal(app_import_runs_purge(&f->app, "2025-01-01T00:00:00Z", &n, &err), GX_EFORBIDDEN);
	act_as(&f->app, 0, "admin");
	assert_int_equal(app_import_runs_purge(&f->app, "2025-01-01T00:00:00Z", &n, &err), GX_OK);
	assert_int_equal(n, 1);   /* the queued one waits for its job */
	struct import_run r;
	assert_int_equal(app_import_run_get(&f->app, old, &f->a, &r, &err), GX_ENOTFOUND);
	assert_int_equal(app_import_run_get(&f->app, queued, &f->a, &r, &err), GX_OK);
	assert_int_equal(app_import_run_get(&f->app, fresh, &f->a, &r, &err), GX_OK);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM import_run_chunks WHERE run_id = %lld", (long long)old);
	assert_int_equal(count(f, sql), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chunks_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview_then_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_takeover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
