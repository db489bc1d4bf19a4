/* CSV reader: a pull API over libcsv's push parser. Bytes flow file → decoder (GB18030 → UTF-8,
 * BOM dropped) → libcsv, fed one physical line at a time so that each record knows the line it
 * started on (a quoted field may span lines). libcsv drops spaces and tabs around unquoted
 * fields and keeps them inside quotes; blank lines are skipped.
 *
 * Limits keep memory bounded on hostile files: a field longer than max_field_bytes makes its
 * row bad, and the rest of that record is skipped by a small scanner that mirrors the quoting
 * rules, so libcsv never buffers more than one chunk past the limit. */
#include "guanxi/table.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/table_row.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

#define CSV_CHUNK (64 * 1024)

/* libcsv's parser states (libcsv.c); pstate is part of its public struct. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

enum skip_state { SKIP_QUOTED, SKIP_QUOTE_SEEN, SKIP_UNQUOTED, SKIP_FIELD_START };

struct gx_csv_reader {
	FILE *fp;
	FILE *owned_fp;          /* opened or spooled by us */
	enum gx_encoding enc;
	int validate;            /* encoding was not checked up front: check each cell */
	size_t max_field, max_cols, max_row;
	struct gx_decoder dec;
	struct csv_parser p;
	char *raw;
	size_t raw_pending;      /* bytes of the first chunk read at open, not yet decoded */
	int raw_eof;
	const char *text;        /* decoded UTF-8 being fed to libcsv */
	size_t tlen, tpos;
	int finished;
	size_t line;             /* physical line of text[tpos] */
	size_t rec_line;         /* line the record being parsed started on */
	size_t field;            /* fields completed in that record */
	int skipping;
	enum skip_state skip;
	struct table_rowbuf *q;  /* completed rows not yet handed out, then the row in progress */
	size_t qcap, qhead, qcount;
	int returned;            /* q[qhead] was handed out by the last call */
	uint64_t consumed, total;/* bytes of the file read so far, and its size (0: unknown) */
};

/* The row being built: the slot after the queued ones. */
static struct table_rowbuf *cur_row(struct gx_csv_reader *r)
{
	size_t i = r->qhead + r->qcount;
	if (i >= r->qcap) {
		size_t cap = r->qcap ? r->qcap * 2 : 4;
		r->q = gx_xrealloc(r->q, cap * sizeof *r->q);
		memset(r->q + r->qcap, 0, (cap - r->qcap) * sizeof *r->q);
		r->qcap = cap;
	}
	return &r->q[i];
}

static struct table_rowbuf *begin_field(struct gx_csv_reader *r)
{
	struct table_rowbuf *b = cur_row(r);
	if (r->field == 0)
		table_row_reset(b);
	return b;
}

static void check_cell(struct gx_csv_reader *r, struct table_rowbuf *b, const char *s,
                       size_t len, size_t col)
{
	if (memchr(s, '\0', len)) {
		table_row_fail(b, GX_EINVAL, col, _("line %zu, column %zu: NUL byte in field (binary data?)"),
		               r->rec_line, col);
		return;
	}
	size_t bad;
	if (gx_utf8_valid(s, len, &bad))
		return;
	if (r->enc == GX_ENC_GB18030)
		table_row_fail(b, GX_EINVAL, col, _("line %zu, column %zu: invalid GB18030 byte sequence"),
		               r->rec_line, col);
	else
		table_row_fail(b, GX_EINVAL, col, _("line %zu, column %zu: invalid UTF-8 byte 0x%02X"),
		               r->rec_line, col, (unsigned char)s[bad]);
}

static void on_field(void *s, size_t len, void *data)
{
	struct gx_csv_reader *r = data;
	struct table_rowbuf *b = begin_field(r);
	size_t col = ++r->field;
	if (col > r->max_cols) {
		table_row_fail(b, GX_ETOOLARGE, 0, _("line %zu: row has more than %zu columns"),
		               r->rec_line, r->max_cols);
		return;
	}
	if (len > r->max_field) {
		table_row_fail(b, GX_ETOOLARGE, col,
		               _("line %zu, column %zu: field too large (more than %zu bytes)"),
		               r->rec_line, col, r->max_field);
		table_row_add(b, "", 0, GX_CELL_TEXT);
		return;
	}
	if (b->len + len > r->max_row) {
		table_row_fail(b, GX_ETOOLARGE, 0, _("line %zu: row too large (more than %zu bytes)"),
		               r->rec_line, r->max_row);
		return;
	}
	if (r->validate)
		check_cell(r, b, s ? s : "", len, col);
	table_row_add(b, s ? s : "", len, GX_CELL_TEXT);
}

static void end_record(struct gx_csv_reader *r)
{
	struct table_rowbuf *b = begin_field(r);
	b->row.line = r->rec_line;
	r->qcount++;
	r->field = 0;
	r->rec_line = r->line;   /* a record after a lone CR starts on this same line */
}

static void on_record(int c, void *data)
{
	(void)c;
	end_record(data);
}

static void parser_init(struct gx_csv_reader *r)
{
	csv_init(&r->p, 0);
	csv_set_blk_size(&r->p, 4096);
}

/* Reads and decodes the next chunk. Returns GX_OK, or GX_EIO. */
static enum gx_err fill(struct gx_csv_reader *r, struct gx_error *err)
{
	size_t got;
	if (r->raw_pending) {
		got = r->raw_pending;
		r->raw_pending = 0;
	} else {
		got = fread(r->raw, 1, CSV_CHUNK, r->fp);
		if (got < CSV_CHUNK) {
			if (ferror(r->fp))
				return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
			r->raw_eof = 1;
		}
	}
	r->consumed += got;
	r->text = gx_decoder_feed(&r->dec, r->raw, got, r->raw_eof, &r->tlen);
	r->tpos = 0;
	return GX_OK;
}

/* After an oversized field: consume bytes up to the end of the record, tracking quotes the way
 * libcsv does, then queue the (bad) row and restart libcsv on the next record. */
static void skip_scan(struct gx_csv_reader *r)
{
	const char *t = r->text;
	while (r->tpos < r->tlen) {
		char c = t[r->tpos++];
		int end = 0;
		if (c == '\n')
			r->line++;
		switch (r->skip) {
		case SKIP_QUOTED:
			if (c == '"')
				r->skip = SKIP_QUOTE_SEEN;
			break;
		case SKIP_QUOTE_SEEN:
			if (c == '"')
				r->skip = SKIP_QUOTED;
			else if (c == ',')
				r->skip = SKIP_FIELD_START;
			else if (c == '\n' || c == '\r')
				end = 1;
			else
				r->skip = SKIP_UNQUOTED;
			break;
		case SKIP_UNQUOTED:
			if (c == ',')
				r->skip = SKIP_FIELD_START;
			else if (c == '\n' || c == '\r')
				end = 1;
			break;
		case SKIP_FIELD_START:
			if (c == '"')
				r->skip = SKIP_QUOTED;
			else if (c == '\n' || c == '\r')
				end = 1;
			else if (c != ',')
				r->skip = SKIP_UNQUOTED;
			break;
		}
		if (end) {
			r->skipping = 0;
			end_record(r);
			return;
		}
	}
}

static void start_skipping(struct gx_csv_reader *r)
{
	struct table_rowbuf *b = begin_field(r);
	size_t col = r->field + 1;
	table_row_fail(b, GX_ETOOLARGE, col,
	               _("line %zu, column %zu: field too large (more than %zu bytes)"),
	               r->rec_line, col, r->max_field);
	r->field++;   /* keep begin_field from resetting the row */
	if (r->p.quoted)
		r->skip = r->p.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED ? SKIP_QUOTE_SEEN : SKIP_QUOTED;
	else
		r->skip = SKIP_UNQUOTED;
	r->skipping = 1;
	csv_free(&r->p);
	parser_init(r);
}

enum gx_err gx_csv_reader_next(struct gx_csv_reader *r, const struct gx_table_row **row,
                               struct gx_error *err)
{
	*row = NULL;
	if (r->returned) {
		r->returned = 0;
		r->qhead++;
		r->qcount--;
	}
	if (r->qcount == 0 && r->qhead > 0) {
		/* Move the row in progress (if one was begun) back to slot 0 so that the queue does
		 * not creep along the array. */
		if (r->qhead < r->qcap) {
			struct table_rowbuf tmp = r->q[0];
			r->q[0] = r->q[r->qhead];
			r->q[r->qhead] = tmp;
		}
		r->qhead = 0;
	}
	while (r->qcount == 0) {
		if (r->tpos == r->tlen) {
			if (r->finished)
				return GX_OK;
			if (r->raw_eof && !r->raw_pending) {
				if (r->skipping) {
					r->skipping = 0;
					end_record(r);
				} else {
					if (r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted) {
						struct table_rowbuf *b = begin_field(r);
						table_row_fail(b, GX_EINVAL, r->field + 1,
						               _("line %zu, column %zu: quoted field is never closed"),
						               r->rec_line, r->field + 1);
						r->field++;
					}
					csv_fini(&r->p, on_field, on_record, r);
				}
				r->finished = 1;
				continue;
			}
			enum gx_err rc = fill(r, err);
			if (rc)
				return rc;
			continue;
		}
		if (r->skipping) {
			skip_scan(r);
			continue;
		}
		const char *s = r->text + r->tpos;
		size_t avail = r->tlen - r->tpos;
		const char *nl = memchr(s, '\n', avail);
		size_t seg = nl ? (size_t)(nl - s) + 1 : avail;
		if (r->p.pstate == LIBCSV_ROW_NOT_BEGUN)
			r->rec_line = r->line;
		if (csv_parse(&r->p, s, seg, on_field, on_record, r) != seg)
			return gx_error_set(err, GX_ENOMEM, NULL, _("cannot parse CSV: %s"),
			                    csv_strerror(csv_error(&r->p)));
		r->tpos += seg;
		if (nl)
			r->line++;
		if (r->p.entry_pos > r->max_field)
			start_skipping(r);
	}
	r->returned = 1;
	*row = table_row_finish(&r->q[r->qhead], r->q[r->qhead].row.line);
	return GX_OK;
}

/* Copies a stream that cannot be rewound (a pipe) into a temporary file. */
static enum gx_err spool(FILE *in, FILE **out, struct gx_error *err)
{
	FILE *tmp = tmpfile();
	if (!tmp)
		return gx_error_set(err, GX_EIO, NULL, _("cannot create a temporary file: %s"),
		                    strerror(errno));
	char buf[CSV_CHUNK];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		if (fwrite(buf, 1, n, tmp) != n) {
			fclose(tmp);
			return gx_error_set(err, GX_EIO, NULL, _("cannot write a temporary file: %s"),
			                    strerror(errno));
		}
	}
	if (ferror(in) || fflush(tmp) != 0 || fseeko(tmp, 0, SEEK_SET) != 0) {
		fclose(tmp);
		return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
	}
	*out = tmp;
	return GX_OK;
}

static enum gx_err reader_start(struct gx_csv_reader *r, const struct gx_table_read_opts *opts,
                                struct gx_error *err)
{
	static const struct gx_table_read_opts defaults;
	if (!opts)
		opts = &defaults;
	r->max_field = opts->max_field_bytes ? opts->max_field_bytes : GX_TABLE_MAX_FIELD_DEFAULT;
	r->max_cols = opts->max_columns ? opts->max_columns : GX_TABLE_MAX_COLUMNS_DEFAULT;
	r->max_row = opts->max_row_bytes ? opts->max_row_bytes : GX_TABLE_MAX_ROW_DEFAULT;
	r->enc = opts->encoding;
	r->line = r->rec_line = 1;
	r->raw = gx_xmalloc(CSV_CHUNK);
	parser_init(r);
	if (r->enc == GX_ENC_AUTO && ftello(r->fp) < 0) {
		enum gx_err rc = spool(r->fp, &r->owned_fp, err);
		if (rc)
			return rc;
		r->fp = r->owned_fp;
	}
	struct stat st;
	off_t pos = ftello(r->fp);
	if (pos >= 0 && fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= pos)
		r->total = (uint64_t)(st.st_size - pos);
	size_t got = fread(r->raw, 1, CSV_CHUNK, r->fp);
	if (got < CSV_CHUNK && ferror(r->fp))
		return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
	if (table_is_ole2(r->raw, got))
		return gx_error_set(err, GX_EINVAL, NULL, "%s", table_ole2_message());
	if (r->enc == GX_ENC_AUTO) {
		if (fseeko(r->fp, -(off_t)got, SEEK_CUR) != 0)
			return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
		struct gx_encoding_detection det;
		enum gx_err rc = gx_encoding_detect(r->fp, &det, err);
		if (rc)
			return rc;
		r->enc = det.encoding;
		got = fread(r->raw, 1, CSV_CHUNK, r->fp);
		if (got < CSV_CHUNK && ferror(r->fp))
			return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
	} else {
		enum gx_err rc = gx_encoding_sniff(r->raw, got, got < CSV_CHUNK, err);
		if (rc)
			return rc;
		r->validate = 1;
	}
	r->raw_pending = got;
	r->raw_eof = got < CSV_CHUNK;
	/* An empty chunk must still go through fill() once so that EOF is seen. */
	if (got == 0)
		r->raw_pending = 0;
	return gx_decoder_open(&r->dec, r->enc, 0, err);
}

enum gx_err gx_csv_reader_open_fp(FILE *fp, const struct gx_table_read_opts *opts,
                                  struct gx_csv_reader **out, struct gx_error *err)
{
	struct gx_csv_reader *r = gx_xcalloc(1, sizeof *r);
	r->fp = fp;
	enum gx_err rc = reader_start(r, opts, err);
	if (rc) {
		gx_csv_reader_close(r);
		*out = NULL;
		return rc;
	}
	*out = r;
	return GX_OK;
}

enum gx_err gx_csv_reader_open(const char *path, const struct gx_table_read_opts *opts,
                               struct gx_csv_reader **out, struct gx_error *err)
{
	*out = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return gx_error_set(err, GX_EIO, NULL, _("cannot open %s: %s"), path, strerror(errno));
	enum gx_err rc = gx_csv_reader_open_fp(fp, opts, out, err);
	if (rc) {
		fclose(fp);
		return rc;
	}
	if ((*out)->owned_fp == NULL)
		(*out)->owned_fp = fp;
	else
		fclose(fp);
	return GX_OK;
}

void gx_csv_reader_progress(const struct gx_csv_reader *r, uint64_t *done, uint64_t *total)
{
	*done = r->consumed;
	*total = r->total;
}

enum gx_encoding gx_csv_reader_encoding(const struct gx_csv_reader *r)
{
	return r->enc;
}

void gx_csv_reader_close(struct gx_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	gx_decoder_close(&r->dec);
	for (size_t i = 0; i < r->qcap; i++)
		table_row_free(&r->q[i]);
	free(r->q);
	free(r->raw);
	if (r->owned_fp)
		fclose(r->owned_fp);
	free(r);
}
