/* Unit tests for core/csv_writer.c: exact bytes (quoting only where needed, CRLF, BOM), a round
 * trip through the CSV reader of values that need every escape, and write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/table.h"

static void test_exact_bytes(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct gx_csv_writer *w;
	struct gx_error err;
	struct gx_csv_write_opts o = { .crlf = 1, .bom = 1 };
	assert_int_equal(gx_csv_writer_open(fp, &o, &w, &err), GX_OK);
	const char *h[] = { "编号", "名称", "备注" };
	assert_int_equal(gx_csv_writer_row(w, h, NULL, 3, &err), GX_OK);
	const char *r1[] = { "C001", "北京某某,有限公司", "说\"好\"" };
	assert_int_equal(gx_csv_writer_row(w, r1, NULL, 3, &err), GX_OK);
	const char *r2[] = { "C002", NULL, "两行\n文字" };
	assert_int_equal(gx_csv_writer_row(w, r2, NULL, 3, &err), GX_OK);
	const char *r3[] = { " 空格", "", "tab\t" };
	assert_int_equal(gx_csv_writer_row(w, r3, NULL, 3, &err), GX_OK);
	const char *r4[] = { "" };
	assert_int_equal(gx_csv_writer_row(w, r4, NULL, 1, &err), GX_OK);
	const size_t lens[] = { 2, 3 };
	const char *r5[] = { "abXX", "a,bYY" };   /* explicit lengths cut the strings */
	assert_int_equal(gx_csv_writer_row(w, r5, lens, 2, &err), GX_OK);
	assert_int_equal(gx_csv_writer_close(w, &err), GX_OK);
	fclose(fp);
	const char want[] = "\xEF\xBB\xBF"
	                    "编号,名称,备注\r\n"
	                    "C001,\"北京某某,有限公司\",\"说\"\"好\"\"\"\r\n"
	                    "C002,,\"两行\n文字\"\r\n"
	                    "\" 空格\",,\"tab\t\"\r\n"
	                    "\"\"\r\n"
	                    "ab,\"a,b\"\r\n";
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(buf, want, len);
	free(buf);

	/* Defaults: LF, no BOM. */
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_int_equal(gx_csv_writer_open(fp, NULL, &w, &err), GX_OK);
	const char *r6[] = { "a", "b" };
	assert_int_equal(gx_csv_writer_row(w, r6, NULL, 2, &err), GX_OK);
	assert_int_equal(gx_csv_writer_close(w, &err), GX_OK);
	fclose(fp);
	assert_string_equal(buf, "a,b\n");
	free(buf);
}

static void test_escape_formulas(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct gx_csv_writer *w;
	struct gx_error err;
	struct gx_csv_write_opts o = { .escape_formulas = 1 };
	assert_int_equal(gx_csv_writer_open(fp, &o, &w, &err), GX_OK);
	const char *r1[] = { "=HYPERLINK(\"http://x\")", "+1", "-5", "@SUM(A1)", "a=b", "张=" };
	assert_int_equal(gx_csv_writer_row(w, r1, NULL, 6, &err), GX_OK);
	const char *r2[] = { "=1,2" };
	assert_int_equal(gx_csv_writer_row(w, r2, NULL, 1, &err), GX_OK);
	assert_int_equal(gx_csv_writer_close(w, &err), GX_OK);
	fclose(fp);
	assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-5,'@SUM(A1),a=b,张=\n"
	                         "\"'=1,2\"\n");
	free(buf);
}

static void test_round_trip_through_reader(void **state)
{
	(void)state;
	const char *values[][3] = {
		{ "客户", "金额", "说明" },
		{ "张伟", "1234.50", "他说：\"明天\",\r\n再联系" },
		{ " 前后空格 ", "", "\"" },
		{ "", "", "" },
		{ "𠀀©€", ",", "\n" },
	};
	FILE *fp = tmpfile();
	struct gx_csv_writer *w;
	struct gx_error err;
	struct gx_csv_write_opts o = { .crlf = 1, .bom = 1 };
	assert_int_equal(gx_csv_writer_open(fp, &o, &w, &err), GX_OK);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(gx_csv_writer_row(w, values[i], NULL, 3, &err), GX_OK);
	assert_int_equal(gx_csv_writer_close(w, &err), GX_OK);
	rewind(fp);
	struct gx_csv_reader *r;
	assert_int_equal(gx_csv_reader_open_fp(fp, NULL, &r, &err), GX_OK);
	assert_int_equal(gx_csv_reader_encoding(r), GX_ENC_UTF8);
	const size_t lines[] = { 1, 2, 4, 5, 6 };
	for (size_t i = 0; i < 5; i++) {
		const struct gx_table_row *row;
		assert_int_equal(gx_csv_reader_next(r, &row, &err), GX_OK);
		assert_non_null(row);
		assert_int_equal(row->status, GX_OK);
		assert_int_equal(row->line, lines[i]);
		assert_int_equal(row->ncells, 3);
		for (size_t j = 0; j < 3; j++)
			assert_string_equal(row->cells[j], values[i][j]);
	}
	const struct gx_table_row *row;
	assert_int_equal(gx_csv_reader_next(r, &row, &err), GX_OK);
	assert_null(row);
	gx_csv_reader_close(r);
	fclose(fp);
}

static void test_write_error(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	struct gx_csv_writer *w;
	struct gx_error err;
	assert_int_equal(gx_csv_writer_open(fp, NULL, &w, &err), GX_OK);
	const char *r1[] = { "a" };
	assert_int_equal(gx_csv_writer_row(w, r1, NULL, 1, &err), GX_EIO);
	assert_string_equal(err.message, "cannot write CSV: No space left on device");
	assert_int_equal(gx_csv_writer_close(w, &err), GX_EIO);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_escape_formulas),
		cmocka_unit_test(test_round_trip_through_reader),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
