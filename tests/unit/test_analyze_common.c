/* Unit tests for cli/analyze_common.c: reading analysis input from .xlsx (number and date
 * cells) and CSV, cell errors naming line and column, and grouping rows by customer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/analyze_common.h"
#include "guanxi/datetime.h"
#include "guanxi/table.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/gx-analyze-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_xlsx_cells(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/in.xlsx", dir);
	struct gx_error err;
	gx_error_clear(&err);
	const char *header[] = {"Customer", "date", "amount", "score"};
	struct gx_xlsx_writer *w;
	assert_int_equal(gx_xlsx_writer_open(path, header, 4, NULL, &w, &err), GX_OK);
	struct gx_xlsx_value r1[] = {{GX_XV_TEXT, "K1", 0}, {GX_XV_DATE, "2026-03-15", 0},
	                             {GX_XV_NUMBER, NULL, 1234.5}, {GX_XV_NUMBER, NULL, 4}};
	struct gx_xlsx_value r2[] = {{GX_XV_TEXT, "K2", 0}, {GX_XV_TEXT, "2026/1/2", 0},
	                             {GX_XV_TEXT, "¥1,000.50", 0}, {GX_XV_TEXT, "abc", 0}};
	assert_int_equal(gx_xlsx_writer_row(w, r1, 4, &err), GX_OK);
	assert_int_equal(gx_xlsx_writer_row(w, r2, 4, &err), GX_OK);
	assert_int_equal(gx_xlsx_writer_close(w, &err), GX_OK);

	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct ana_data d;
	assert_int_equal(ana_data_read(&a, path, &d, &err), GX_OK);
	assert_int_equal(d.nrows, 2);
	assert_int_equal(ana_data_col(&d, "customer"), 0);   /* case-insensitive */
	assert_int_equal(ana_data_col(&d, "nope"), -1);
	int32_t day;
	assert_int_equal(ana_data_date(&d, 0, 1, &day, &err), GX_OK);
	assert_int_equal(day, gx_date_from_ymd(2026, 3, 15));
	assert_int_equal(ana_data_date(&d, 1, 1, &day, &err), GX_OK);
	assert_int_equal(day, gx_date_from_ymd(2026, 1, 2));
	int64_t fen;
	assert_int_equal(ana_data_fen(&d, 0, 2, false, &fen, &err), GX_OK);
	assert_int_equal(fen, 123450);
	assert_int_equal(ana_data_fen(&d, 1, 2, false, &fen, &err), GX_OK);
	assert_int_equal(fen, 100050);
	double x;
	assert_int_equal(ana_data_num(&d, 0, 3, false, &x, &err), GX_OK);
	assert_true(x == 4.0);
	assert_int_equal(ana_data_num(&d, 1, 3, false, &x, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "line 3, column 4 (score)"));
	assert_non_null(strstr(err.message, "\"abc\""));
	long n;
	assert_int_equal(ana_data_int(&d, 0, 2, 0, 10000, &n, &err), GX_EINVAL);   /* 1234.5 */
	gx_arena_free(&a);
}

static void test_csv_group_and_blank_rows(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/g.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("customer, value \nB,1\nA,2\n\n , \nB,3\nC,\nA,5\n", f);
	fclose(f);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	assert_int_equal(ana_data_read(&a, path, &d, &err), GX_OK);
	assert_int_equal(d.nrows, 5);                       /* blank rows skipped */
	assert_int_equal(ana_data_col(&d, "value"), 1);     /* header trimmed */
	assert_int_equal(d.lines[2], 6);                    /* B,3 is on line 6 */
	size_t *g, ng;
	const char **keys;
	ana_data_group(&a, &d, 0, &g, &keys, &ng);
	assert_int_equal(ng, 3);
	assert_string_equal(keys[0], "B");
	assert_string_equal(keys[1], "A");
	assert_string_equal(keys[2], "C");
	size_t want[] = {0, 1, 0, 2, 1};
	for (size_t r = 0; r < 5; r++)
		assert_int_equal(g[r], want[r]);
	double x;
	assert_int_equal(ana_data_num(&d, 3, 1, true, &x, &err), GX_OK);   /* empty allowed */
	assert_true(isnan(x));
	assert_int_equal(ana_data_num(&d, 3, 1, false, &x, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "line 7, column 2 (value)"));
	int col;
	assert_int_equal(ana_data_need(&d, "clv", &col, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "\"clv\""));
	gx_arena_free(&a);
}

static void test_too_many_cells(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/wide.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("a,b\n1,2\n1,2,3\n", f);
	fclose(f);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	assert_int_equal(ana_data_read(&a, path, &d, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "line 3"));
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_cells),
		cmocka_unit_test(test_csv_group_and_blank_rows),
		cmocka_unit_test(test_too_many_cells),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
