/* CSV writer for exports (RFC 4180). Fields are quoted only when they must be: a comma, quote,
 * CR or LF inside, or a leading/trailing space or tab (which readers such as ours and libcsv's
 * drop from unquoted fields). The optional UTF-8 BOM is what makes Excel on Chinese Windows
 * read the file as UTF-8 instead of GBK. */
#include "guanxi/table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"

struct gx_csv_writer {
	FILE *fp;
	int crlf;
	int escape_formulas;
};

static enum gx_err write_error(struct gx_error *err)
{
	return gx_error_set(err, GX_EIO, NULL, _("cannot write CSV: %s"), strerror(errno));
}

enum gx_err gx_csv_writer_open(FILE *fp, const struct gx_csv_write_opts *opts,
                               struct gx_csv_writer **out, struct gx_error *err)
{
	*out = NULL;
	struct gx_csv_writer *w = gx_xcalloc(1, sizeof *w);
	w->fp = fp;
	w->crlf = opts && opts->crlf;
	w->escape_formulas = opts && opts->escape_formulas;
	if (opts && opts->bom && fwrite("\xEF\xBB\xBF", 1, 3, fp) != 3) {
		free(w);
		return write_error(err);
	}
	*out = w;
	return GX_OK;
}

static int needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return 1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

enum gx_err gx_csv_writer_row(struct gx_csv_writer *w, const char *const *cells,
                              const size_t *lens, size_t ncells, struct gx_error *err)
{
	FILE *fp = w->fp;
	for (size_t i = 0; i < ncells; i++) {
		const char *s = cells[i] ? cells[i] : "";
		size_t len = cells[i] ? (lens ? lens[i] : strlen(s)) : 0;
		if (i > 0)
			putc(',', fp);
		/* CSV injection: a cell such as =HYPERLINK(...) typed into a web form must not
		 * become a live formula in the spreadsheet of whoever opens the export. */
		int formula = w->escape_formulas && len > 0 && s[0] &&
		              strchr("=+-@\t\r", s[0]) != NULL;
		if (formula && !needs_quotes(s, len)) {
			putc('\'', fp);
			fwrite(s, 1, len, fp);
			continue;
		}
		/* A record of one empty field would be a blank line, which readers skip. */
		if (formula || needs_quotes(s, len) || (ncells == 1 && len == 0)) {
			putc('"', fp);
			if (formula)
				putc('\'', fp);
			const char *p = s, *end = s + len, *q;
			while ((q = memchr(p, '"', (size_t)(end - p))) != NULL) {
				fwrite(p, 1, (size_t)(q - p) + 1, fp);
				putc('"', fp);
				p = q + 1;
			}
			fwrite(p, 1, (size_t)(end - p), fp);
			putc('"', fp);
		} else if (len) {
			fwrite(s, 1, len, fp);
		}
	}
	if (w->crlf)
		putc('\r', fp);
	putc('\n', fp);
	return ferror(fp) ? write_error(err) : GX_OK;
}

enum gx_err gx_csv_writer_close(struct gx_csv_writer *w, struct gx_error *err)
{
	if (!w)
		return GX_OK;
	enum gx_err rc = GX_OK;
	if (fflush(w->fp) != 0 || ferror(w->fp))
		rc = write_error(err);
	free(w);
	return rc;
}
