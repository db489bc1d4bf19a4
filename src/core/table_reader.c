/* One reader for every import: picks the CSV or the xlsx reader by the file's first bytes
 * (a zip is an xlsx workbook, an OLE2 file an old .xls/.et) and its extension, reads the header
 * row up front, then hands out data rows through the same pull API. */
#include "guanxi/table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/table_row.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

struct gx_table_reader {
	enum gx_table_format fmt;
	struct gx_csv_reader *csv;
	struct gx_xlsx_reader *xlsx;
	struct table_rowbuf header;
	const struct gx_table_row *header_row;
};

static int has_ext(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.');
	return dot && strcasecmp(dot, ext) == 0;
}

enum gx_err gx_table_reader_next(struct gx_table_reader *r, const struct gx_table_row **row,
                                 struct gx_error *err)
{
	if (r->fmt == GX_TABLE_XLSX)
		return gx_xlsx_reader_next(r->xlsx, row, err);
	return gx_csv_reader_next(r->csv, row, err);
}

static enum gx_err choose_format(const char *path, enum gx_table_format *fmt,
                                 struct gx_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return gx_error_set(err, GX_EIO, NULL, _("cannot open %s: %s"), path, strerror(errno));
	unsigned char head[8];
	size_t n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		*fmt = GX_TABLE_XLSX;
		return GX_OK;
	}
	if (table_is_ole2(head, n) || has_ext(path, ".xls") || has_ext(path, ".et"))
		return gx_error_set(err, GX_EINVAL, NULL, "%s", table_ole2_message());
	if (n > 0 && (has_ext(path, ".xlsx") || has_ext(path, ".xlsm")))
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("%s is not an xlsx workbook (no zip signature)"), path);
	*fmt = GX_TABLE_CSV;
	return GX_OK;
}

enum gx_err gx_table_reader_open(const char *path, const struct gx_table_read_opts *opts,
                                 struct gx_table_reader **out, struct gx_error *err)
{
	*out = NULL;
	enum gx_table_format fmt = GX_TABLE_CSV;
	enum gx_err rc = choose_format(path, &fmt, err);
	if (rc)
		return rc;
	struct gx_table_reader *r = gx_xcalloc(1, sizeof *r);
	r->fmt = fmt;
	rc = fmt == GX_TABLE_XLSX ? gx_xlsx_reader_open(path, opts, &r->xlsx, err)
	                          : gx_csv_reader_open(path, opts, &r->csv, err);
	if (rc) {
		gx_table_reader_close(r);
		return rc;
	}
	const struct gx_table_row *h;
	rc = gx_table_reader_next(r, &h, err);
	if (!rc && !h)
		rc = gx_error_set(err, GX_EINVAL, NULL, "%s", _("file has no header row"));
	if (!rc && h->status) {
		rc = gx_error_set(err, h->status, NULL, _("cannot read the header row: %s"),
		                  h->error.message);
	}
	if (rc) {
		gx_table_reader_close(r);
		return rc;
	}
	table_row_reset(&r->header);
	for (size_t i = 0; i < h->ncells; i++)
		table_row_add(&r->header, h->cells[i], h->lens[i], h->types[i]);
	r->header_row = table_row_finish(&r->header, h->line);
	*out = r;
	return GX_OK;
}

const struct gx_table_row *gx_table_reader_header(const struct gx_table_reader *r)
{
	return r->header_row;
}

void gx_table_reader_progress(const struct gx_table_reader *r, uint64_t *done, uint64_t *total)
{
	if (r->fmt == GX_TABLE_XLSX)
		gx_xlsx_reader_progress(r->xlsx, done, total);
	else
		gx_csv_reader_progress(r->csv, done, total);
}

enum gx_table_format gx_table_reader_format(const struct gx_table_reader *r)
{
	return r->fmt;
}

enum gx_encoding gx_table_reader_encoding(const struct gx_table_reader *r)
{
	return r->fmt == GX_TABLE_CSV ? gx_csv_reader_encoding(r->csv) : GX_ENC_UTF8;
}

void gx_table_reader_close(struct gx_table_reader *r)
{
	if (!r)
		return;
	gx_csv_reader_close(r->csv);
	gx_xlsx_reader_close(r->xlsx);
	table_row_free(&r->header);
	free(r);
}
