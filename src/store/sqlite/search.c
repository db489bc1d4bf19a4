/* Search index and queries of the SQLite store (DECISIONS.md "Search", docs/search.md).
 * One FTS5 table, search_fts(body, py), holds every searchable record; its rowid is the
 * record's entity code in the top bits and its id below, so a hit maps back without a join and
 * a search restricted to one entity is a rowid range FTS5 serves directly. body holds the
 * folded fields, py the pinyin (full spelling and initials) of their Han text. The user's
 * text never reaches SQL: it is folded, split into terms, and each term goes into the MATCH
 * expression as a quoted FTS5 string whose only possible quote characters are doubled. */
#include "store/sqlite/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/pinyin.h"
#include "guanxi/textfold.h"
#include "guanxi/utf8.h"
#include "store/search_text.h"
#include "store/sqlite/fts_tokenizer.h"

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = gx_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_putc(struct sbuf *b, char c)
{
	sb_put(b, &c, 1);
}

/* Appends one field to a column: U+001F between fields, mark (0 or U+0002) in front. */
static void add_segment(struct sbuf *col, const char *s, size_t n, char mark)
{
	if (n == 0)
		return;
	if (col->len > 0)
		sb_putc(col, SQLITE_FTS_SEGMENT);
	if (mark)
		sb_putc(col, mark);
	sb_put(col, s, n);
}

static enum gx_err exec_rowid(sqlite3 *db, const char *sql, int64_t rowid, const char *body,
                              const char *py, struct gx_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rowid);
		if (body) {
			sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, py, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return GX_OK;
	return gx_error_set(err, (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? GX_EUNAVAIL : GX_EINTERNAL,
	                    NULL, _("search index: %s"), sqlite3_errmsg(db));
}

enum gx_err sqlite_search_index_put(sqlite3 *db, const char *entity, int64_t entity_id,
                                    const char *const *fields, size_t nfields,
                                    const char *code, const char *phone_normalized,
                                    struct gx_error *err)
{
	int64_t rowid;
	enum gx_err rc = search_doc_key(entity, entity_id, &rowid, err);
	if (rc != GX_OK)
		return rc;
	struct search_doc doc;
	rc = search_doc_build(fields, nfields, code, phone_normalized, &doc, err);
	if (rc != GX_OK)
		return rc;
	struct sbuf body = { 0 }, py = { 0 };
	sb_put(&body, "", 0);
	sb_put(&py, "", 0);
	for (size_t i = 0; i < doc.n; i++)
		add_segment(doc.f[i].column == SEARCH_COL_TEXT ? &body : &py, doc.f[i].text, doc.f[i].len,
		            doc.f[i].mark);
	search_doc_free(&doc);
	rc = exec_rowid(db, "DELETE FROM search_fts WHERE rowid = ?1", rowid, NULL, NULL, err);
	if (rc == GX_OK)
		rc = exec_rowid(db, "INSERT INTO search_fts(rowid, body, py) VALUES (?1, ?2, ?3)",
		                rowid, body.p, py.p, err);
	free(body.p);
	free(py.p);
	return rc;
}

enum gx_err sqlite_search_index_delete(sqlite3 *db, const char *entity, int64_t entity_id,
                                       struct gx_error *err)
{
	int64_t rowid;
	enum gx_err rc = search_doc_key(entity, entity_id, &rowid, err);
	if (rc != GX_OK)
		return rc;
	return exec_rowid(db, "DELETE FROM search_fts WHERE rowid = ?1", rowid, NULL, NULL, err);
}

/* ---- queries ---- */

/* One quoted FTS5 string: mark + term; '*' when the last token is shorter than an n-gram and
 * a prefix index of that length exists (see fts_tokenizer.c). */
static void put_string(struct sbuf *q, const struct search_term *t, char mark)
{
	sb_putc(q, '"');
	if (mark)
		sb_putc(q, mark);
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] == '"')
			sb_putc(q, '"');   /* cannot happen ('"' separates terms), but never unquoted */
		sb_putc(q, t->s[i]);
	}
	sb_putc(q, '"');
	int star = 0;
	if (mark == 0)
		star = t->chars < SQLITE_FTS_NGRAM;
	else if (mark == SQLITE_FTS_PREFIX_MARK)
		star = t->chars == 2 || t->chars == SQLITE_FTS_NGRAM;
	if (star)
		sb_putc(q, '*');
}

/* All terms, the first with mark (prefix class) or none (substring class), ANDed. */
static void put_and(struct sbuf *q, const struct search_term *terms, size_t n, char first_mark)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sb_put(q, " AND ", 5);
		put_string(q, &terms[i], i == 0 ? first_mark : 0);
	}
}

static enum gx_err run_class(sqlite3 *db, const char *match, int64_t lo, int64_t hi, int cls,
                             struct search_collector *c, struct gx_error *err)
{
	if (search_collector_full(c))
		return GX_OK;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
		"SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 "
		"ORDER BY rowid DESC LIMIT ?4", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)(c->want + c->n));
		while (!search_collector_full(c) && (rc = sqlite3_step(st)) == SQLITE_ROW)
			search_collector_add(c, sqlite3_column_int64(st, 0), cls);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE || rc == SQLITE_OK)
		return GX_OK;
	return gx_error_set(err, (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? GX_EUNAVAIL : GX_EINTERNAL,
	                    NULL, _("search failed: %s"), sqlite3_errmsg(db));
}

enum gx_err sqlite_search_query(sqlite3 *db, const char *query, const char *entity_or_null,
                                int limit, struct search_hit *hits, size_t *nhits, int *more,
                                struct gx_error *err)
{
	*nhits = 0;
	*more = 0;
	struct search_query q;
	enum gx_err rc = search_query_prepare(query, entity_or_null, limit, &q, err);
	if (rc != GX_OK)
		return rc;
	struct sbuf q0 = { 0 }, q1 = { 0 }, q2 = { 0 };
	if (q.nprim == 1)
		put_string(&q0, q.prim, SQLITE_FTS_EXACT_MARK);
	put_and(&q1, q.prim, q.nprim, SQLITE_FTS_PREFIX_MARK);
	if (q.alt) {
		sb_putc(&q2, '(');
		put_and(&q2, q.prim, q.nprim, 0);
		sb_put(&q2, ") OR (", 6);
		put_and(&q2, q.alt, q.nalt, 0);
		sb_putc(&q2, ')');
	} else {
		put_and(&q2, q.prim, q.nprim, 0);
	}

	struct search_collector c;
	search_collector_init(&c, hits, q.limit);
	if (q0.p)
		rc = run_class(db, q0.p, q.lo, q.hi, SEARCH_RANK_EXACT, &c, err);
	if (rc == GX_OK)
		rc = run_class(db, q1.p, q.lo, q.hi, SEARCH_RANK_PREFIX, &c, err);
	if (rc == GX_OK)
		rc = run_class(db, q2.p, q.lo, q.hi, SEARCH_RANK_SUBSTRING, &c, err);
	free(q0.p);
	free(q1.p);
	free(q2.p);
	search_query_free(&q);
	if (rc == GX_OK)
		search_collector_finish(&c, nhits, more);
	return rc;
}
