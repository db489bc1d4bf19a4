/* Unit tests for core/csv_reader.c: the shapes of CSV that Excel and WPS write (BOM, CRLF,
 * quoted newlines, doubled quotes, GB18030), the line each record starts on, and the limits
 * and errors on hostile files, with their exact messages. Files are generated in a temporary
 * directory made by mkdtemp. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/table.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gx-csv-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes data to <tmpdir>/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *data, size_t len)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static char *to_gb18030(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t il = strlen(utf8), ol = il * 2 + 16;
	char *out = malloc(ol), *ip = (char *)utf8, *op = out;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return out;
}

static struct gx_csv_reader *open_ok(const char *path, const struct gx_table_read_opts *opts)
{
	struct gx_csv_reader *r = NULL;
	struct gx_error err;
	enum gx_err rc = gx_csv_reader_open(path, opts, &r, &err);
	if (rc)
		fail_msg("open failed: %s", err.message);
	return r;
}

static const struct gx_table_row *next_row(struct gx_csv_reader *r)
{
	const struct gx_table_row *row;
	struct gx_error err;
	enum gx_err rc = gx_csv_reader_next(r, &row, &err);
	if (rc)
		fail_msg("next failed: %s", err.message);
	return row;
}

static void assert_cells(const struct gx_table_row *row, size_t line, size_t n, ...)
{
	assert_non_null(row);
	assert_int_equal(row->line, line);
	assert_int_equal(row->status, GX_OK);
	assert_int_equal(row->ncells, n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		assert_string_equal(row->cells[i], want);
		assert_int_equal(row->lens[i], strlen(want));
		assert_int_equal(row->types[i], GX_CELL_TEXT);
	}
	va_end(ap);
}

static void test_excel_shapes(void **state)
{
	(void)state;
	const char data[] = "\xEF\xBB\xBF" "编号,姓名,备注\r\n"
	                    "C001,\"张三\",\"第一行\r\n第二行 \"\"引号\"\"\"\r\n"
	                    "\r\n"
	                    "C002,李四,  带空格  \r\n"
	                    "\"C003\nX\",王五,\"a,b\"";     /* no final newline */
	const char *path = write_file("excel.csv", data, sizeof data - 1);
	struct gx_csv_reader *r = open_ok(path, NULL);
	assert_int_equal(gx_csv_reader_encoding(r), GX_ENC_UTF8);
	assert_cells(next_row(r), 1, 3, "编号", "姓名", "备注");
	assert_cells(next_row(r), 2, 3, "C001", "张三", "第一行\r\n第二行 \"引号\"");
	/* blank line 4 skipped; spaces around an unquoted field dropped */
	assert_cells(next_row(r), 5, 3, "C002", "李四", "带空格");
	assert_cells(next_row(r), 6, 3, "C003\nX", "王五", "a,b");
	assert_null(next_row(r));
	assert_null(next_row(r));   /* stays at the end */
	gx_csv_reader_close(r);
}

static void test_gb18030_auto_and_explicit(void **state)
{
	(void)state;
	size_t n;
	char *gb = to_gb18030("客户名称,电话\r\n\"北京某某科技有限公司\",13800000000\r\n", &n);
	const char *path = write_file("gbk.csv", gb, n);
	struct gx_csv_reader *r = open_ok(path, NULL);
	assert_int_equal(gx_csv_reader_encoding(r), GX_ENC_GB18030);
	assert_cells(next_row(r), 1, 2, "客户名称", "电话");
	assert_cells(next_row(r), 2, 2, "北京某某科技有限公司", "13800000000");
	assert_null(next_row(r));
	gx_csv_reader_close(r);

	struct gx_table_read_opts o = { .encoding = GX_ENC_GB18030 };
	r = open_ok(path, &o);
	assert_cells(next_row(r), 1, 2, "客户名称", "电话");
	gx_csv_reader_close(r);

	/* The same bytes declared as UTF-8: every row is rejected, reading goes on. */
	o.encoding = GX_ENC_UTF8;
	r = open_ok(path, &o);
	const struct gx_table_row *row = next_row(r);
	assert_int_equal(row->status, GX_EINVAL);
	assert_int_equal(row->err_column, 1);
	assert_string_equal(row->error.message, "line 1, column 1: invalid UTF-8 byte 0xBF");
	row = next_row(r);
	assert_int_equal(row->line, 2);
	assert_int_equal(row->status, GX_EINVAL);
	assert_null(next_row(r));
	gx_csv_reader_close(r);
	free(gb);
}

static void test_explicit_encodings_reject_bad_rows(void **state)
{
	(void)state;
	const char data[] = "id,name\n1,ab\xC3(\n2,ok\n";
	const char *path = write_file("badutf8.csv", data, sizeof data - 1);
	struct gx_table_read_opts o = { .encoding = GX_ENC_UTF8 };
	struct gx_csv_reader *r = open_ok(path, &o);
	assert_cells(next_row(r), 1, 2, "id", "name");
	const struct gx_table_row *row = next_row(r);
	assert_int_equal(row->line, 2);
	assert_int_equal(row->status, GX_EINVAL);
	assert_int_equal(row->err_column, 2);
	assert_string_equal(row->error.message, "line 2, column 2: invalid UTF-8 byte 0xC3");
	assert_cells(next_row(r), 3, 2, "2", "ok");
	assert_null(next_row(r));
	gx_csv_reader_close(r);

	/* In auto mode the same file is refused as a whole, naming the place. */
	struct gx_csv_reader *r2;
	struct gx_error err;
	assert_int_equal(gx_csv_reader_open(path, NULL, &r2, &err), GX_EINVAL);
	assert_null(r2);
	assert_string_equal(err.message, "file is neither UTF-8 nor GB18030: invalid byte 0xC3 at "
	                                 "line 2, column 5 (read as UTF-8)");

	/* Explicit GB18030 with an invalid byte on line 2 only rejects that row. */
	size_t n;
	char *gb = to_gb18030("姓名\n张\n李四\n", &n);
	char *buf = malloc(n + 2);
	memcpy(buf, gb, n);
	/* make line 2 "张" followed by 0xFF: insert before its newline */
	size_t nl2 = 0;
	for (size_t i = 0, k = 0; i < n; i++)
		if (gb[i] == '\n' && ++k == 2)
			nl2 = i;
	memmove(buf + nl2 + 1, buf + nl2, n - nl2);
	buf[nl2] = (char)0xFF;
	path = write_file("badgb.csv", buf, n + 1);
	o.encoding = GX_ENC_GB18030;
	r = open_ok(path, &o);
	assert_cells(next_row(r), 1, 1, "姓名");
	row = next_row(r);
	assert_int_equal(row->status, GX_EINVAL);
	assert_string_equal(row->error.message, "line 2, column 1: invalid GB18030 byte sequence");
	assert_cells(next_row(r), 3, 1, "李四");
	gx_csv_reader_close(r);
	free(buf);
	free(gb);
}

static void test_huge_field(void **state)
{
	(void)state;
	/* A 10 MB quoted field with newlines inside, then a good row: the bad row is reported at
	 * the line it starts on and the reader finds the next record on the right line. */
	size_t big = 10 * 1024 * 1024;
	char *data = malloc(big + 256);
	size_t o = (size_t)sprintf(data, "id,big,after\n1,\"");
	for (size_t i = 0; i < big; i++)
		data[o + i] = (i % 1000 == 999) ? '\n' : (i % 1000 == 500 ? '"' : 'x');
	/* the '"' at 500 must be doubled to stay inside the field */
	for (size_t i = 0; i < big; i++)
		if (data[o + i] == '"')
			data[o + i - 1] = '"';
	o += big;
	o += (size_t)sprintf(data + o, "\",z\n2,ok,y\n3,\"q\",%0*d\n", 10, 7);
	const char *path = write_file("huge.csv", data, o);
	struct gx_csv_reader *r = open_ok(path, NULL);
	assert_cells(next_row(r), 1, 3, "id", "big", "after");
	const struct gx_table_row *row = next_row(r);
	assert_int_equal(row->line, 2);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_int_equal(row->err_column, 2);
	assert_string_equal(row->error.message,
	                    "line 2, column 2: field too large (more than 1048576 bytes)");
	size_t newlines = big / 1000;
	assert_cells(next_row(r), 2 + newlines + 1, 3, "2", "ok", "y");
	assert_cells(next_row(r), 2 + newlines + 2, 3, "3", "q", "0000000007");
	assert_null(next_row(r));
	gx_csv_reader_close(r);

	/* Unquoted and over a lowered limit, in the third column. */
	const char small[] = "a,b,c\n1,2,abcdefghijkl\n4,5,6\n";
	path = write_file("limit.csv", small, sizeof small - 1);
	struct gx_table_read_opts opts = { .max_field_bytes = 8 };
	r = open_ok(path, &opts);
	next_row(r);
	row = next_row(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_int_equal(row->err_column, 3);
	assert_string_equal(row->error.message,
	                    "line 2, column 3: field too large (more than 8 bytes)");
	assert_cells(next_row(r), 3, 3, "4", "5", "6");
	gx_csv_reader_close(r);

	/* Unquoted, 2 MB on one line: skipped to the end of its line, quotes inside ignored. */
	o = (size_t)sprintf(data, "k,v\nA,");
	memset(data + o, 'y', 2 * 1024 * 1024);
	data[o + 5] = '"';
	o += 2 * 1024 * 1024;
	o += (size_t)sprintf(data + o, "\r\nB,\"w\"\r\n");
	path = write_file("unquoted.csv", data, o);
	r = open_ok(path, NULL);
	next_row(r);
	row = next_row(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_string_equal(row->error.message,
	                    "line 2, column 2: field too large (more than 1048576 bytes)");
	assert_cells(next_row(r), 3, 2, "B", "w");
	assert_null(next_row(r));
	gx_csv_reader_close(r);
	free(data);
}

static void test_too_many_columns_and_unclosed_quote(void **state)
{
	(void)state;
	const char data[] = "a,b,c\n1,2,3,4,5\n6,7,8\n9,\"open\n";
	const char *path = write_file("cols.csv", data, sizeof data - 1);
	struct gx_table_read_opts opts = { .max_columns = 3 };
	struct gx_csv_reader *r = open_ok(path, &opts);
	assert_cells(next_row(r), 1, 3, "a", "b", "c");
	const struct gx_table_row *row = next_row(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_int_equal(row->err_column, 0);
	assert_int_equal(row->ncells, 3);
	assert_string_equal(row->error.message, "line 2: row has more than 3 columns");
	assert_cells(next_row(r), 3, 3, "6", "7", "8");
	row = next_row(r);
	assert_int_equal(row->line, 4);
	assert_int_equal(row->status, GX_EINVAL);
	assert_string_equal(row->error.message, "line 4, column 2: quoted field is never closed");
	assert_null(next_row(r));
	gx_csv_reader_close(r);

	/* Many fields under the field limit can still make a row too large in total. */
	const char wide[] = "h\naaaa,bbbb,cccc\nok\n";
	path = write_file("wide.csv", wide, sizeof wide - 1);
	struct gx_table_read_opts o2 = { .max_row_bytes = 10 };
	r = open_ok(path, &o2);
	next_row(r);
	row = next_row(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_string_equal(row->error.message, "line 2: row too large (more than 10 bytes)");
	assert_cells(next_row(r), 3, 1, "ok");
	gx_csv_reader_close(r);
}

static void test_lone_cr_records(void **state)
{
	(void)state;
	/* Old Mac line ends: records end at CR alone; lines are counted by LF, so all of these
	 * are on line 1. Exactly as many records as the reader's first queue holds, then more than
	 * the second (both were out-of-bounds reads found by fuzzing). */
	const char data[] = "a\rb\rc\rd\n\"j\rk\",l\na\rb\rc\rd\re\rf\rg\rh\ri\n";
	const char *path = write_file("cr.csv", data, sizeof data - 1);
	struct gx_csv_reader *r = open_ok(path, NULL);
	char want[2] = "a";
	for (int i = 0; i < 4; i++) {
		want[0] = (char)('a' + i);
		assert_cells(next_row(r), 1, 1, want);
	}
	assert_cells(next_row(r), 2, 2, "j\rk", "l");
	for (int i = 0; i < 9; i++) {
		want[0] = (char)('a' + i);
		assert_cells(next_row(r), 3, 1, want);
	}
	assert_null(next_row(r));
	gx_csv_reader_close(r);
}

static void expect_open_error(const char *name, const char *data, size_t len,
                              enum gx_encoding enc, const char *message)
{
	const char *path = write_file(name, data, len);
	struct gx_table_read_opts o = { .encoding = enc };
	struct gx_csv_reader *r = (void *)1;
	struct gx_error err;
	assert_int_not_equal(gx_csv_reader_open(path, &o, &r, &err), GX_OK);
	assert_null(r);
	assert_string_equal(err.message, message);
}

static void test_file_level_errors(void **state)
{
	(void)state;
	expect_open_error("empty.csv", "", 0, GX_ENC_AUTO, "file is empty");
	expect_open_error("empty8.csv", "", 0, GX_ENC_UTF8, "file is empty");
	expect_open_error("bom.csv", "\xEF\xBB\xBF", 3, GX_ENC_AUTO, "file is empty");
	expect_open_error("png.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, GX_ENC_AUTO,
	                  "file looks binary, not text: NUL byte at line 3, column 1");
	expect_open_error("png8.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, GX_ENC_UTF8,
	                  "file looks binary, not text: NUL byte at line 3, column 1");
	expect_open_error("noise.csv", "\xFF\xFF\xFF\xFF", 4, GX_ENC_AUTO,
	                  "file is neither UTF-8 nor GB18030: invalid byte 0xFF at line 1, column 1 "
	                  "(read as UTF-8)");
	expect_open_error("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, GX_ENC_AUTO,
	                  "this is an old Excel/WPS file; save it as .xlsx or CSV");
	expect_open_error("u16.csv", "\xFF\xFEi\0d\0", 6, GX_ENC_AUTO,
	                  "file is UTF-16 text; save it as CSV UTF-8 or CSV");
	struct gx_csv_reader *r;
	struct gx_error err;
	assert_int_equal(gx_csv_reader_open("/nonexistent/x.csv", NULL, &r, &err), GX_EIO);
	assert_string_equal(err.message, "cannot open /nonexistent/x.csv: No such file or directory");
}

static void test_pipe_is_spooled(void **state)
{
	(void)state;
	size_t n;
	char *gb = to_gb18030("名称\n张伟\n", &n);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], gb, n), (ssize_t)n);
	close(fds[1]);
	FILE *fp = fdopen(fds[0], "rb");
	struct gx_csv_reader *r;
	struct gx_error err;
	assert_int_equal(gx_csv_reader_open_fp(fp, NULL, &r, &err), GX_OK);
	assert_int_equal(gx_csv_reader_encoding(r), GX_ENC_GB18030);
	assert_cells(next_row(r), 1, 1, "名称");
	assert_cells(next_row(r), 2, 1, "张伟");
	assert_null(next_row(r));
	uint64_t done, total;
	gx_csv_reader_progress(r, &done, &total);   /* spooled to a temporary file: size known */
	assert_int_equal(done, n);
	assert_int_equal(total, n);
	gx_csv_reader_close(r);
	fclose(fp);
	free(gb);
}

static void test_many_rows_across_chunks(void **state)
{
	(void)state;
	/* 30,000 rows in GB18030 with a quoted two-line field every 7th row: checks every cell and
	 * line number across the reader's 64 KiB chunks and the decoder's carried bytes. */
	size_t rows = 30000, cap = rows * 64 + 64, o = 0;
	char *text = malloc(cap);
	o += (size_t)sprintf(text, "编号,名称\n");
	for (size_t i = 0; i < rows; i++)
		o += (size_t)(i % 7 == 0 ? sprintf(text + o, "%zu,\"客户%zu\n续\"\n", i, i)
		                         : sprintf(text + o, "%zu,客户%zu\n", i, i));
	size_t n;
	char *gb = to_gb18030(text, &n);
	const char *path = write_file("many.csv", gb, n);
	struct gx_csv_reader *r = open_ok(path, NULL);
	assert_int_equal(gx_csv_reader_encoding(r), GX_ENC_GB18030);
	assert_cells(next_row(r), 1, 2, "编号", "名称");
	size_t line = 2;
	char id[32], name[64];
	for (size_t i = 0; i < rows; i++) {
		snprintf(id, sizeof id, "%zu", i);
		snprintf(name, sizeof name, i % 7 == 0 ? "客户%zu\n续" : "客户%zu", i);
		assert_cells(next_row(r), line, 2, id, name);
		line += i % 7 == 0 ? 2 : 1;
	}
	assert_null(next_row(r));
	uint64_t done, total;
	gx_csv_reader_progress(r, &done, &total);
	assert_int_equal(total, n);
	assert_int_equal(done, n);
	gx_csv_reader_close(r);
	free(gb);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_excel_shapes),
		cmocka_unit_test(test_gb18030_auto_and_explicit),
		cmocka_unit_test(test_explicit_encodings_reject_bad_rows),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_too_many_columns_and_unclosed_quote),
		cmocka_unit_test(test_lone_cr_records),
		cmocka_unit_test(test_file_level_errors),
		cmocka_unit_test(test_pipe_is_spooled),
		cmocka_unit_test(test_many_rows_across_chunks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
