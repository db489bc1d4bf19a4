/* Unit tests of the dashboard's windows and customer counts (store/dashboard_store.c) on a
 * fresh database of the run's backend (SQLite, and PostgreSQL in the PostgreSQL pass):
 * customers made with known created_at instants, owners, recycle-bin and merge marks, counted
 * against the month by hand. The purchase KPIs and trends are tested over HTTP
 * (tests/integration/test_dashboard.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "guanxi/app.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include <string.h>
#include "store/driver.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

static void add(struct app_fixture *f, const char *code, const char *created, int64_t owner, const char *deleted,
                int64_t merged_into)
{
	struct gx_error err;
	enum gx_err e = db_exec(f->app.store,
	                        "INSERT INTO customers (code, kind, name, name_norm, owner_id, created_at, updated_at,"
	                        " deleted_at, merged_into) VALUES (?, 'person', ?, ?, ?, ?, ?, ?, ?)",
	                        NULL, &err, "tttItttI", code, code, code, owner, created, created, deleted, merged_into);
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", code, err.message);
	assert_int_equal(e, GX_OK);
}

/* The figures as of the local day "YYYY-MM-DD" in Shanghai. */
static void figures(struct app_fixture *f, const char *day, struct dashboard_figures *out)
{
	struct gx_error err;
	struct gx_tz *tz;
	int32_t d;
	assert_int_equal(gx_tz_open("Asia/Shanghai", &tz, &err), GX_OK);
	assert_int_equal(gx_date_parse(day, &d, "day", &err), GX_OK);
	struct dashboard_window w;
	dashboard_window_fill(&w, d, tz, 0);
	gx_tz_free(tz);
	assert_int_equal(store_dashboard_figures(f->app.store, &w, out, &err), GX_OK);
}

static void test_window(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_tz *tz;
	int32_t d;
	assert_int_equal(gx_tz_open("Asia/Shanghai", &tz, &err), GX_OK);
	assert_int_equal(gx_date_parse("2024-02-29", &d, "day", &err), GX_OK);
	struct dashboard_window w;
	dashboard_window_fill(&w, d, tz, 0);
	gx_tz_free(tz);
	assert_string_equal(w.as_of, "2024-02-29");
	assert_string_equal(w.active_from, "2023-03-01");   /* 2023-02-28 + 1 day */
	assert_string_equal(w.prior_from, "2022-03-01");
	assert_string_equal(w.loyal_month[0], "2023-11-01");
	assert_string_equal(w.loyal_month[3], "2024-02-01");
	assert_string_equal(w.trend_month[0], "2023-03");
	assert_string_equal(w.trend_month[11], "2024-02");
	assert_string_equal(w.trend_first, "2023-03-01");
	assert_string_equal(w.trend_utc[0], "2023-02-28T16:00:00Z");
	assert_string_equal(w.trend_utc[11], "2024-01-31T16:00:00Z");
	assert_string_equal(w.trend_utc[12], "2024-02-29T16:00:00Z");   /* the end of as_of */
	assert_string_equal(w.now_utc, "1970-01-01T00:00:00Z");
}

static void test_counts(void **state)
{
	struct app_fixture *f = *state;
	struct gx_error err;
	struct dashboard_figures c;
	/* an empty database counts zero everywhere */
	figures(f, "2026-11-15", &c);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.new_this_month, 0);
	assert_int_equal(c.pool, 0);
	assert_int_equal(c.weighted_fen, 0);

	int64_t u = 0;
	int found = 0;
	assert_int_equal(db_query_i64(f->app.store,
	                              "INSERT INTO users (username, display_name, created_at, updated_at)"
	                              " VALUES ('li', '李强', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	                              &u, &found, &err, ""), GX_OK);
	assert_true(found && u > 0);
	/* November 2026 in Shanghai starts at 2026-10-31T16:00:00Z */
	add(f, "A", "2026-10-31T15:59:59Z", u, NULL, 0);   /* 23:59:59 on 31 Oct, Shanghai: October */
	add(f, "B", "2026-10-31T16:00:00Z", 0, NULL, 0);   /* midnight, 1 Nov: new, pool */
	add(f, "C", "2026-11-20T02:00:00Z", u, NULL, 0);   /* new, owned */
	add(f, "D", "2026-03-01T00:00:00Z", 0, NULL, 0);   /* old, pool */
	add(f, "E", "2026-11-21T00:00:00Z", 0, "2026-11-22T00:00:00Z", 0);   /* in the bin */
	add(f, "F", "2026-11-21T00:00:00Z", 0, NULL, 3);   /* merged into C */
	figures(f, "2026-11-25", &c);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.new_this_month, 2);
	assert_int_equal(c.pool, 2);
	assert_int_equal(c.new_customers[10], 1);            /* A in October */
	assert_int_equal(c.new_customers[3], 1);             /* D in March: trend month 3 of Dec..Nov */
	assert_int_equal(c.new_customers[2], 0);
	assert_int_equal(c.active + c.churned + c.loyal, 0); /* nobody bought */
	/* as of 19 November C is not created yet: new this month is B alone */
	figures(f, "2026-11-19", &c);
	assert_int_equal(c.new_this_month, 1);
	assert_int_equal(c.total, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test_setup_teardown(test_counts, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
