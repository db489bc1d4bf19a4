/* Bulk loading into PostgreSQL with COPY … FROM STDIN in text format (driver bulk_* of
 * store/driver.h, used by `guanxi db copy` and restore): rows are written into a buffer and
 * sent in large chunks, so a table of millions of rows costs a handful of round trips instead
 * of one per row. Text format rules: a column is escaped with \\, \t, \n and \r for a
 * backslash, tab, newline and carriage return, so no value can end its field or line early or
 * be read as the end marker; \N stands for NULL (distinct from the empty string, which is
 * written as nothing). Every other byte, UTF-8 included, goes through as it is (the connection's
 * client encoding is UTF8). The server reports a bad value only at the end of the COPY; the
 * whole load then fails and the caller's transaction is rolled back. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"
#include "store/postgres/pg_store.h"

/* Buffered rows are sent when they pass this size (large enough that the cost of a round trip
 * vanishes, small enough to keep memory flat). */
#define CHUNK (256 * 1024)

struct pg_bulk {
	struct strbuf buf;
	size_t ncols;
	int search;       /* the load is into search_docs (search_bulk) */
	int failed;       /* sending failed: bulk_end only cleans up */
};

void pg_bulk_free(struct pg_bulk *b)
{
	if (b) {
		sb_free(&b->buf);
		free(b);
	}
}

static enum gx_err conn_error(PGconn *conn, struct gx_error *err)
{
	const char *msg = PQerrorMessage(conn);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return gx_error_set(err, GX_EUNAVAIL, NULL, "%s: %.*s", _("the database connection failed"),
	                    (int)n, msg);
}

enum gx_err pg_bulk_begin(struct store *s, const char *table, const char *const *cols,
                          size_t ncols, struct gx_error *err)
{
	struct pg_bulk **slot = pg_bulk_slot(s);
	if (*slot)
		return gx_error_set(err, GX_EINTERNAL, NULL, "a bulk load is already in progress");
	struct strbuf sql;
	sb_init(&sql);
	sb_add(&sql, "COPY \"");
	sb_add(&sql, table);
	sb_add(&sql, "\" (");
	for (size_t c = 0; c < ncols; c++) {
		sb_add(&sql, c ? ", \"" : "\"");
		sb_add(&sql, cols[c]);
		sb_add(&sql, "\"");
	}
	sb_add(&sql, ") FROM STDIN");
	PGconn *conn = pg_conn_claim(s);
	PGresult *res = PQexec(conn, sb_str(&sql));
	sb_free(&sql);
	enum gx_err e = GX_OK;
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		e = pg_result_error(s, res, err);
		PQclear(res);
		while ((res = PQgetResult(conn)) != NULL)
			PQclear(res);
		return e;
	}
	PQclear(res);
	struct pg_bulk *b = gx_xcalloc(1, sizeof *b);
	sb_init(&b->buf);
	b->ncols = ncols;
	b->search = strcmp(table, "search_docs") == 0;
	*slot = b;
	return GX_OK;
}

static enum gx_err flush(struct store *s, struct pg_bulk *b, struct gx_error *err)
{
	if (b->buf.len == 0 || b->failed)
		return GX_OK;
	PGconn *conn = pg_conn_claim(s);
	if (PQputCopyData(conn, b->buf.data, (int)b->buf.len) != 1) {
		b->failed = 1;
		return conn_error(conn, err);
	}
	sb_reset(&b->buf);
	return GX_OK;
}

/* Appends one value in COPY text format. */
static void add_value(struct strbuf *b, const char *v)
{
	if (!v) {
		sb_addn(b, "\\N", 2);
		return;
	}
	const char *run = v;
	for (const char *p = v; *p; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		sb_addn(b, run, (size_t)(p - run));
		sb_addn(b, esc, 2);
		run = p + 1;
	}
	sb_add(b, run);
}

enum gx_err pg_bulk_row(struct store *s, const char *const *vals, struct gx_error *err)
{
	struct pg_bulk *b = *pg_bulk_slot(s);
	if (!b)
		return gx_error_set(err, GX_EINTERNAL, NULL, "no bulk load in progress");
	for (size_t c = 0; c < b->ncols; c++) {
		if (c)
			sb_addc(&b->buf, '\t');
		add_value(&b->buf, vals[c]);
	}
	sb_addc(&b->buf, '\n');
	return b->buf.len >= CHUNK ? flush(s, b, err) : GX_OK;
}

enum gx_err pg_bulk_end(struct store *s, int abort, struct gx_error *err)
{
	struct pg_bulk **slot = pg_bulk_slot(s);
	struct pg_bulk *b = *slot;
	if (!b)
		return GX_OK;
	PGconn *conn = pg_conn_claim(s);
	enum gx_err e = abort ? GX_OK : flush(s, b, err);
	int failing = abort || e != GX_OK || b->failed;
	if (PQputCopyEnd(conn, failing ? "the copy was given up" : NULL) != 1 && e == GX_OK && !abort)
		e = conn_error(conn, err);
	PGresult *res;
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && e == GX_OK && !failing)
			e = pg_result_error(s, res, err);
		PQclear(res);
	}
	pg_bulk_free(b);
	*slot = NULL;
	return e;
}

int pg_bulk_is_search(struct store *s)
{
	struct pg_bulk *b = *pg_bulk_slot(s);
	return b && b->search;
}

enum gx_err pg_search_bulk(struct store *s, int on, struct gx_error *err)
{
	static const char *const cols[] = { "rid", "doc", "heads", "grams" };
	if (on)
		return pg_bulk_begin(s, "search_docs", cols, 4, err);
	return pg_bulk_end(s, 0, err);
}
