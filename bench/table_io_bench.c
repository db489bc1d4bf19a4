/* Throughput of the tabular file layer (src/core/ csv/xlsx readers and writers), outside the
 * test suite. Generates an order-lines-like CSV of N rows (fixed content, no randomness), then
 * times: encoding detection alone, CSV read in auto and explicit UTF-8 mode, the same data in
 * GB18030, CSV write, xlsx write (constant memory; sheets split at 1,048,576 rows) and xlsx read.
 * Prints one line per step with CPU seconds, MB/s, rows/s and the peak RSS so far.
 *
 *   cc -std=c17 -D_GNU_SOURCE -O2 -Iinclude -o build-bench/table_io_bench bench/table_io_bench.c \
 *      build/libguanxi.a $(pkg-config --libs libzip expat xlsxwriter) -lcsv -lm
 *   build-bench/table_io_bench 1000000 /tmp/gx-bench     (rows, scratch directory)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "guanxi/table.h"

/* CPU time of this process: the machines running the benchmark are shared, and wall time
 * there measures the neighbours as much as this code. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static double file_mb(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

static void report(const char *step, double mb, size_t rows, double secs)
{
	printf("%-28s %9.1f MB %10zu rows %7.2f s cpu %8.1f MB/s %10.0f rows/s  peak RSS %ld MB\n",
	       step, mb, rows, secs, mb / secs, rows / secs, peak_rss_mb());
	fflush(stdout);
}

static void die(const char *what, const struct gx_error *err)
{
	fprintf(stderr, "%s: %s\n", what, err->message);
	exit(1);
}

static size_t read_csv(const char *path, enum gx_encoding enc)
{
	struct gx_table_read_opts o = { .encoding = enc };
	struct gx_csv_reader *r;
	struct gx_error err;
	if (gx_csv_reader_open(path, &o, &r, &err))
		die("open", &err);
	const struct gx_table_row *row;
	size_t n = 0, bytes = 0;
	while (gx_csv_reader_next(r, &row, &err) == GX_OK && row) {
		n++;
		bytes += row->lens[1];
		if (row->status)
			die("row", &row->error);
	}
	gx_csv_reader_close(r);
	return n + (bytes == 0);   /* use the cells so the loop is not optimised away */
}

int main(int argc, char **argv)
{
	size_t rows = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	char csv[512], gb[512], out[512], xlsx[512];
	snprintf(csv, sizeof csv, "%s/bench-utf8.csv", dir);
	snprintf(gb, sizeof gb, "%s/bench-gb18030.csv", dir);
	snprintf(out, sizeof out, "%s/bench-out.csv", dir);
	snprintf(xlsx, sizeof xlsx, "%s/bench.xlsx", dir);
	static const char *names[] = { "北京某某科技有限公司", "张伟", "上海浦东新区分公司", "Li Na",
	                               "广州\"白云\"贸易, 有限公司" };
	FILE *fp = fopen(csv, "wb");
	fprintf(fp, "order_no,customer_code,customer_name,date,channel,sku,qty,amount\r\n");
	for (size_t i = 0; i < rows; i++) {
		const char *name = names[i % 5];
		int quoted = strchr(name, '"') || strchr(name, ',');
		fprintf(fp, "SO%09zu,C%07zu,%s%s%s,2023-%02zu-%02zu,%s,SKU-%05zu,%zu,%zu.%02zu\r\n",
		        i / 2, i % 1000000, quoted ? "\"" : "", quoted ? "广州\"\"白云\"\"贸易, 有限公司" : name,
		        quoted ? "\"" : "", 1 + i % 12, 1 + i % 28, i % 3 ? "门店" : "online",
		        i % 50000, 1 + i % 9, i % 100000, i % 100);
	}
	fclose(fp);
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t GB18030 '%s' > '%s'", csv, gb);
	if (system(cmd) != 0)
		return 1;
	double mb = file_mb(csv);

	double t = now();
	FILE *f = fopen(csv, "rb");
	struct gx_encoding_detection det;
	struct gx_error err;
	if (gx_encoding_detect(f, &det, &err))
		die("detect", &err);
	fclose(f);
	report("detect (UTF-8 file)", mb, rows + 1, now() - t);

	t = now();
	size_t n = read_csv(csv, GX_ENC_AUTO);
	report("csv read auto (UTF-8)", mb, n, now() - t);
	t = now();
	n = read_csv(csv, GX_ENC_UTF8);
	report("csv read --encoding utf-8", mb, n, now() - t);
	t = now();
	n = read_csv(gb, GX_ENC_AUTO);
	report("csv read auto (GB18030)", file_mb(gb), n, now() - t);
	t = now();
	n = read_csv(gb, GX_ENC_GB18030);
	report("csv read --encoding gb18030", file_mb(gb), n, now() - t);

	/* Writers: re-read the CSV and write it out. */
	struct gx_csv_reader *r;
	if (gx_csv_reader_open(csv, NULL, &r, &err))
		die("open", &err);
	FILE *o = fopen(out, "wb");
	struct gx_csv_writer *w;
	struct gx_csv_write_opts wo = { .crlf = 1, .bom = 1 };
	gx_csv_writer_open(o, &wo, &w, &err);
	const struct gx_table_row *row;
	t = now();
	n = 0;
	while (gx_csv_reader_next(r, &row, &err) == GX_OK && row) {
		if (gx_csv_writer_row(w, row->cells, row->lens, row->ncells, &err))
			die("write", &err);
		n++;
	}
	gx_csv_writer_close(w, &err);
	fclose(o);
	gx_csv_reader_close(r);
	report("csv read + write", file_mb(out), n, now() - t);

	if (gx_csv_reader_open(csv, NULL, &r, &err))
		die("open", &err);
	gx_csv_reader_next(r, &row, &err);
	const char *hdr[8];
	for (size_t i = 0; i < 8; i++)
		hdr[i] = strdup(row->cells[i]);
	struct gx_xlsx_writer *xw;
	struct gx_xlsx_write_opts xo = { .tmpdir = dir };
	if (gx_xlsx_writer_open(xlsx, hdr, 8, &xo, &xw, &err))
		die("xlsx open", &err);
	t = now();
	n = 0;
	while (gx_csv_reader_next(r, &row, &err) == GX_OK && row) {
		struct gx_xlsx_value v[8];
		for (size_t i = 0; i < 8; i++)
			v[i] = (struct gx_xlsx_value){ GX_XV_TEXT, row->cells[i], 0 };
		v[3].kind = GX_XV_DATE;
		v[6] = (struct gx_xlsx_value){ GX_XV_NUMBER, NULL, strtod(row->cells[6], NULL) };
		v[7] = (struct gx_xlsx_value){ GX_XV_NUMBER, NULL, strtod(row->cells[7], NULL) };
		if (gx_xlsx_writer_row(xw, v, 8, &err))
			die("xlsx row", &err);
		n++;
	}
	size_t sheets = gx_xlsx_writer_sheets(xw);
	if (gx_xlsx_writer_close(xw, &err))
		die("xlsx close", &err);
	gx_csv_reader_close(r);
	report("csv read + xlsx write", file_mb(xlsx), n, now() - t);
	printf("xlsx sheets: %zu\n", sheets);

	t = now();
	struct gx_xlsx_reader *xr;
	n = 0;
	for (size_t s = 1; s <= sheets; s++) {
		char name[32];
		snprintf(name, sizeof name, "Sheet%zu", s);
		struct gx_table_read_opts ro = { .sheet = name };
		if (gx_xlsx_reader_open(xlsx, &ro, &xr, &err))
			die("xlsx read open", &err);
		enum gx_err rc;
		while ((rc = gx_xlsx_reader_next(xr, &row, &err)) == GX_OK && row)
			n++;
		if (rc)
			die("xlsx read", &err);
		gx_xlsx_reader_close(xr);
	}
	report("xlsx read (all sheets)", file_mb(xlsx), n, now() - t);
	for (size_t i = 0; i < 8; i++)
		free((void *)hdr[i]);
	remove(csv);
	remove(gb);
	remove(out);
	remove(xlsx);
	return 0;
}
