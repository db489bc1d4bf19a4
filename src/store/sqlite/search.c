/* Search index and queries of the SQLite store (DECISIONS.md "Search", docs/search.md).
 * One FTS5 table, search_fts(body, py), holds every searchable record; its rowid is the
 * record's entity code in the top bits and its id below, so a hit maps back without a join and
 * a search restricted to one entity is a rowid range FTS5 serves directly. Hits come in
 * ascending rowid order: FTS5 reads its doclists forwards about twice as fast as backwards.
 * body holds the folded fields, py the pinyin (full spelling and initials) of their Han text.
 * Each rank class is one MATCH with LIMIT (long terms: see run_long). The user's text never
 * reaches SQL: it is folded, split into terms, and each term goes into the MATCH expression
 * as a quoted FTS5 string whose only possible quote characters are doubled. */
#include "store/sqlite/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/pinyin.h"
#include "guanxi/textfold.h"
#include "guanxi/utf8.h"
#include "store/sqlite/fts_tokenizer.h"

#define ID_BITS 48
#define ID_MASK ((INT64_C(1) << ID_BITS) - 1)

/* Lower codes sort first among equal ranks (rowid ascending): customers lead. */
static const struct {
	const char *name;
	int code;
} entities[] = {
	{ "customer", 1 }, { "contact", 2 }, { "lead", 3 }, { "ticket", 4 },
};

static int entity_code(const char *name)
{
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (strcmp(entities[i].name, name) == 0)
			return entities[i].code;
	return 0;
}

static const char *entity_name(int code)
{
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (entities[i].code == code)
			return entities[i].name;
	return "";
}

static enum gx_err doc_rowid(const char *entity, int64_t id, int64_t *rowid,
                             struct gx_error *err)
{
	int code = entity ? entity_code(entity) : 0;
	if (!code)
		return gx_error_set(err, GX_EINVAL, "entity",
		                    _("search index: unknown entity \"%s\" (customer, contact, lead, ticket)"),
		                    entity ? entity : "(null)");
	if (id < 1 || id > ID_MASK)
		return gx_error_set(err, GX_EINVAL, "id",
		                    _("search index: id %lld out of range 1..2^48-1"), (long long)id);
	*rowid = ((int64_t)code << ID_BITS) | id;
	return GX_OK;
}

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

/* Control characters would be read as the tokenizer's marks: they become spaces. */
static size_t sanitize(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			s[i] = ' ';
	size_t a = 0;
	while (a < n && s[a] == ' ')
		a++;
	while (n > a && s[n - 1] == ' ')
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
	return n - a;
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

/* Folds and appends one field. A plain field equal to an exact field already added (the phone
 * passed both raw and normalised, the code also among the fields) is skipped: its tokens
 * would only double the posting lists. */
static enum gx_err add_field(struct sbuf *body, struct sbuf *py, const char *text, char mark,
                             const char *const *exact, size_t nexact, char **folded,
                             const char *what, struct gx_error *err)
{
	char *f = NULL;
	size_t n = 0;
	enum gx_err rc = textfold_fold(text, strlen(text), &f, &n, err);
	if (rc != GX_OK) {
		gx_error_prefix(err, "%s: ", what);
		return rc;
	}
	n = sanitize(f, n);
	for (size_t i = 0; i < nexact && !mark; i++) {
		if (exact[i] && strcmp(exact[i], f) == 0) {
			free(f);
			return GX_OK;
		}
	}
	add_segment(body, f, n, mark);
	if (!mark) {
		char *full = NULL, *ini = NULL;
		rc = pinyin_from_han(f, n, &full, &ini, err);
		if (rc == GX_OK) {
			add_segment(py, full, strlen(full), 0);
			add_segment(py, ini, strlen(ini), 0);
			free(full);
			free(ini);
		}
	}
	if (folded)
		*folded = f;
	else
		free(f);
	return rc;
}

/* Runs sql once with the rowid (and body, py). cached: the same statement already prepared by
 * the caller (reset here, not finalized), or NULL to prepare it for this call. */
static enum gx_err exec_rowid(sqlite3 *db, sqlite3_stmt *cached, const char *sql, int64_t rowid,
                              const char *body, const char *py, struct gx_error *err)
{
	sqlite3_stmt *st = cached;
	int rc = cached ? SQLITE_OK : sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rowid);
		if (body) {
			sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, py, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(st);
	}
	if (cached) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
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
	return sqlite_search_index_put_with(db, NULL, NULL, entity, entity_id, fields, nfields, code,
	                                    phone_normalized, err);
}

/* The document of one record: its rowid and its two columns (freed by the caller). */
static enum gx_err build_doc(const char *entity, int64_t entity_id, const char *const *fields,
                             size_t nfields, const char *code, const char *phone_normalized,
                             int64_t *rowid, struct sbuf *body, struct sbuf *py,
                             struct gx_error *err)
{
	enum gx_err rc = doc_rowid(entity, entity_id, rowid, err);
	if (rc != GX_OK)
		return rc;
	sb_put(body, "", 0);
	sb_put(py, "", 0);
	char *exact[2] = { NULL, NULL };
	if (code && *code)
		rc = add_field(body, py, code, SQLITE_FTS_EXACT_MARK, NULL, 0, &exact[0], "code", err);
	if (rc == GX_OK && phone_normalized && *phone_normalized) {
		/* normalised again, so that a caller's "+86 138…" still matches "138…" exactly */
		char phone[64];
		const char *p = textfold_normalize_phone(phone_normalized, phone, sizeof phone) ?
		                phone : phone_normalized;
		rc = add_field(body, py, p, SQLITE_FTS_EXACT_MARK, NULL, 0, &exact[1], "phone", err);
	}
	char what[48];
	for (size_t i = 0; i < nfields && rc == GX_OK; i++) {
		if (!fields[i])
			continue;
		snprintf(what, sizeof what, "field %zu", i + 1);
		rc = add_field(body, py, fields[i], 0, (const char *const *)exact, 2, NULL, what, err);
	}
	free(exact[0]);
	free(exact[1]);
	return rc;
}

/* Builds the record's document and writes it: del (del_sql; none when NULL) removes the old
 * one first, ins (ins_sql) writes the new one. */
static enum gx_err write_doc(sqlite3 *db, sqlite3_stmt *del, const char *del_sql, sqlite3_stmt *ins,
                             const char *ins_sql, const char *entity, int64_t entity_id,
                             const char *const *fields, size_t nfields, const char *code,
                             const char *phone_normalized, struct gx_error *err)
{
	int64_t rowid;
	struct sbuf body = { 0 }, py = { 0 };
	enum gx_err rc = build_doc(entity, entity_id, fields, nfields, code, phone_normalized, &rowid,
	                           &body, &py, err);
	if (rc == GX_OK && del_sql)
		rc = exec_rowid(db, del, del_sql, rowid, NULL, NULL, err);
	if (rc == GX_OK)
		rc = exec_rowid(db, ins, ins_sql, rowid, body.p, py.p, err);
	free(body.p);
	free(py.p);
	return rc;
}

enum gx_err sqlite_search_index_put_with(sqlite3 *db, sqlite3_stmt *del, sqlite3_stmt *ins,
                                         const char *entity, int64_t entity_id,
                                         const char *const *fields, size_t nfields,
                                         const char *code, const char *phone_normalized,
                                         struct gx_error *err)
{
	return write_doc(db, del, SQLITE_SEARCH_DELETE_SQL, ins, SQLITE_SEARCH_INSERT_SQL, entity, entity_id,
	                 fields, nfields, code, phone_normalized, err);
}

/* ---- staged writes (search.h "Staged writes") ---- */

enum gx_err sqlite_search_stage_put(sqlite3 *db, sqlite3_stmt *stage, const char *entity,
                                    int64_t entity_id, const char *const *fields, size_t nfields,
                                    const char *code, const char *phone_normalized,
                                    struct gx_error *err)
{
	/* INSERT OR REPLACE: the last write of the record in the transaction is the one indexed */
	return write_doc(db, NULL, NULL, stage, SQLITE_SEARCH_STAGE_SQL, entity, entity_id, fields, nfields,
	                 code, phone_normalized, err);
}

enum gx_err sqlite_search_stage_delete(sqlite3 *db, sqlite3_stmt *stage, const char *entity,
                                       int64_t entity_id, struct gx_error *err)
{
	int64_t rowid;
	enum gx_err rc = doc_rowid(entity, entity_id, &rowid, err);
	if (rc != GX_OK)
		return rc;
	/* no body: the record leaves the index */
	return exec_rowid(db, stage, SQLITE_SEARCH_STAGE_SQL, rowid, NULL, NULL, err);
}

enum gx_err sqlite_search_stage_flush(sqlite3 *db, sqlite3_stmt *rows, sqlite3_stmt *del,
                                      sqlite3_stmt *ins, struct gx_error *err)
{
	enum gx_err rc = GX_OK;
	int step = SQLITE_DONE;
	while (rc == GX_OK && (step = sqlite3_step(rows)) == SQLITE_ROW) {
		int64_t rowid = sqlite3_column_int64(rows, 0);
		rc = exec_rowid(db, del, SQLITE_SEARCH_DELETE_SQL, rowid, NULL, NULL, err);
		if (rc == GX_OK && sqlite3_column_type(rows, 1) != SQLITE_NULL)
			rc = exec_rowid(db, ins, SQLITE_SEARCH_INSERT_SQL, rowid,
			                (const char *)sqlite3_column_text(rows, 1),
			                (const char *)sqlite3_column_text(rows, 2), err);
	}
	if (rc == GX_OK && step != SQLITE_DONE)
		rc = gx_error_set(err, GX_EINTERNAL, NULL, _("search index: %s"), sqlite3_errmsg(db));
	sqlite3_reset(rows);
	if (rc == GX_OK && sqlite3_exec(db, "DELETE FROM temp.search_staged", NULL, NULL, NULL) != SQLITE_OK)
		rc = gx_error_set(err, GX_EINTERNAL, NULL, _("search index: %s"), sqlite3_errmsg(db));
	return rc;
}

enum gx_err sqlite_search_index_delete(sqlite3 *db, const char *entity, int64_t entity_id,
                                       struct gx_error *err)
{
	int64_t rowid;
	enum gx_err rc = doc_rowid(entity, entity_id, &rowid, err);
	if (rc != GX_OK)
		return rc;
	return exec_rowid(db, NULL, SQLITE_SEARCH_DELETE_SQL, rowid, NULL, NULL, err);
}

/* ---- queries ---- */

struct term {
	const char *s;
	size_t len;     /* bytes */
	size_t chars;
};

#define MAX_TERMS 16

/* One quoted FTS5 string: mark + term; '*' when the last token is shorter than an n-gram and
 * a prefix index of that length exists (see fts_tokenizer.c). */
static void put_string(struct sbuf *q, const struct term *t, char mark)
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
		star = t->chars == 2;
	if (star)
		sb_putc(q, '*');
}

/* All terms, the first with mark (prefix class) or none (substring class), ANDed. */
static void put_and(struct sbuf *q, const struct term *terms, size_t n, char first_mark)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sb_put(q, " AND ", 5);
		put_string(q, &terms[i], i == 0 ? first_mark : 0);
	}
}

/* A term of >= SQLITE_FTS_LONG_QUERY characters: for each alignment a = 0..3 the AND of its
 * 8-grams starting at a, a+4, …; the alignments ORed (see fts_tokenizer.c). Every row holding
 * the term matches; a few more may (the 8-grams elsewhere), so rows are checked (run_long). */
static void put_long(struct sbuf *q, const struct term *t)
{
	size_t off[SEARCH_MAX_CHARS * 4 + 1], n = 0;
	for (size_t i = 0; i < t->len && n + 1 < sizeof off / sizeof off[0];) {
		uint32_t cp;
		size_t l = gx_utf8_decode(t->s + i, t->len - i, &cp);
		off[n++] = i;
		i += l ? l : 1;
	}
	off[n] = t->len;
	sb_putc(q, '(');
	for (size_t a = 0; a < SQLITE_FTS_LONG_STRIDE; a++) {
		if (a > 0)
			sb_put(q, ") OR (", 6);
		for (size_t k = a; k + SQLITE_FTS_LONG <= n; k += SQLITE_FTS_LONG_STRIDE) {
			struct term g = { t->s + off[k], off[k + SQLITE_FTS_LONG] - off[k], SQLITE_FTS_LONG };
			if (k > a)
				sb_put(q, " AND ", 5);
			put_string(q, &g, SQLITE_FTS_LONG_MARK);
		}
	}
	sb_putc(q, ')');
}

struct collector {
	struct search_hit *hits;
	size_t n, want;     /* want = limit + 1: one more than returned tells "more" */
	int64_t rowids[SEARCH_MAX_HITS + 1];
};

/* Adds a hit unless it is already there (found in a better class). */
static void collect(struct collector *c, int64_t r, int cls)
{
	if (c->n >= c->want)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (c->rowids[i] == r)
			return;
	c->rowids[c->n] = r;
	if (c->n < c->want - 1) {
		struct search_hit *h = &c->hits[c->n];
		snprintf(h->entity, sizeof h->entity, "%s", entity_name((int)(r >> ID_BITS)));
		h->id = r & ID_MASK;
		h->rank_class = cls;
		/* classes apart by 1; within one, the order of the list (oldest first) */
		h->score = (double)(SEARCH_RANK_SUBSTRING - cls) + 1.0 / (double)(c->n + 2);
	}
	c->n++;
}

static enum gx_err sql_failed(sqlite3 *db, int rc, struct gx_error *err)
{
	return gx_error_set(err, (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? GX_EUNAVAIL : GX_EINTERNAL,
	                    NULL, _("search failed: %s"), sqlite3_errmsg(db));
}

/* The statement of sql: the caller's cached one (reset by done_stmt) or one prepared now. */
static int get_stmt(sqlite3 *db, sqlite3_stmt *cached, const char *sql, sqlite3_stmt **st)
{
	*st = cached;
	return cached ? SQLITE_OK : sqlite3_prepare_v2(db, sql, -1, st, NULL);
}

static void done_stmt(sqlite3_stmt *cached, sqlite3_stmt *st)
{
	if (cached) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
}

static enum gx_err run_class(sqlite3 *db, sqlite3_stmt *cached, const char *match, int64_t lo,
                             int64_t hi, int cls, struct collector *c, struct gx_error *err)
{
	if (c->n >= c->want)
		return GX_OK;
	sqlite3_stmt *st = NULL;
	int rc = get_stmt(db, cached, SQLITE_SEARCH_CLASS_SQL, &st);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)(c->want + c->n));
		while (c->n < c->want && (rc = sqlite3_step(st)) == SQLITE_ROW)
			collect(c, sqlite3_column_int64(st, 0), cls);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
	}
	enum gx_err e = (rc == SQLITE_DONE || rc == SQLITE_OK) ? GX_OK : sql_failed(db, rc, err);
	if (st)
		done_stmt(cached, st);
	return e;
}

/* 1 if a field of the stored column text (fields separated by U+001F, exact ones starting
 * with U+0002) starts with t, 2 if one contains it, 0 if none. */
static int classify(const char *col, const struct term *t)
{
	int found = 0;
	for (const char *p = col; p && *p;) {
		const char *end = strchr(p, SQLITE_FTS_SEGMENT);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *f = (*p == SQLITE_FTS_EXACT_MARK) ? p + 1 : p;
		size_t fn = n - (size_t)(f - p);
		if (fn >= t->len && memcmp(f, t->s, t->len) == 0)
			return 1;
		if (!found && fn > t->len && memmem(f, fn, t->s, t->len))
			found = 2;
		p = end ? end + 1 : NULL;
	}
	return found;
}

#define LONG_CANDIDATES 1000

/* Prefix and substring classes of one long term from its 8-gram candidates, each checked
 * against the stored text. A long term is usually rare and has few candidates; when it has
 * LONG_CANDIDATES or more it is common and the phrase queries (whose LIMIT then stops early)
 * are the faster way: *done is 0 and nothing was collected. */
static enum gx_err run_long(sqlite3 *db, sqlite3_stmt *cached, const struct term *t, int64_t lo,
                            int64_t hi, struct collector *c, int *done, struct gx_error *err)
{
	*done = 0;
	struct sbuf m = { 0 };
	put_long(&m, t);
	sqlite3_stmt *st = NULL;
	int rc = get_stmt(db, cached, SQLITE_SEARCH_LONG_SQL, &st);
	int64_t rowid[LONG_CANDIDATES];
	int cls[LONG_CANDIDATES];
	size_t n = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, m.p, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		sqlite3_bind_int(st, 4, LONG_CANDIDATES);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int b = classify((const char *)sqlite3_column_text(st, 1), t);
			int p = b == 1 ? 1 : classify((const char *)sqlite3_column_text(st, 2), t);
			rowid[n] = sqlite3_column_int64(st, 0);
			cls[n++] = (b == 1 || p == 1) ? SEARCH_RANK_PREFIX :
			           (b || p) ? SEARCH_RANK_SUBSTRING : -1;
		}
	}
	enum gx_err e = rc == SQLITE_DONE ? GX_OK : sql_failed(db, rc, err);
	if (st)
		done_stmt(cached, st);
	free(m.p);
	if (e != GX_OK)
		return e;
	if (n >= LONG_CANDIDATES)
		return GX_OK;
	for (int k = SEARCH_RANK_PREFIX; k <= SEARCH_RANK_SUBSTRING; k++)
		for (size_t i = 0; i < n; i++)
			if (cls[i] == k)
				collect(c, rowid[i], k);
	*done = 1;
	return GX_OK;
}

/* Splits folded text into terms at separators; drops terms under SEARCH_MIN_CHARS. */
static size_t split_terms(const char *s, size_t len, struct term *terms)
{
	size_t n = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		if (l == 0 || sqlite_fts_is_separator(cp)) {
			i += l ? l : 1;
			continue;
		}
		struct term t = { s + i, 0, 0 };
		while (i < len) {
			l = gx_utf8_decode(s + i, len - i, &cp);
			if (l == 0 || sqlite_fts_is_separator(cp))
				break;
			i += l;
			t.chars++;
		}
		t.len = (size_t)(s + i - t.s);
		if (t.chars >= SEARCH_MIN_CHARS && n < MAX_TERMS)
			terms[n++] = t;
	}
	return n;
}

enum gx_err sqlite_search_query(sqlite3 *db, const char *query, const char *entity_or_null,
                                int limit, struct search_hit *hits, size_t *nhits, int *more,
                                struct gx_error *err)
{
	return sqlite_search_query_with(db, NULL, NULL, query, entity_or_null, limit, hits, nhits, more,
	                                err);
}

enum gx_err sqlite_search_query_with(sqlite3 *db, sqlite3_stmt *class_st, sqlite3_stmt *long_st,
                                     const char *query, const char *entity_or_null, int limit,
                                     struct search_hit *hits, size_t *nhits, int *more,
                                     struct gx_error *err)
{
	*nhits = 0;
	*more = 0;
	if (limit <= 0 || limit > SEARCH_MAX_HITS)
		limit = SEARCH_MAX_HITS;
	if (!query)
		return gx_error_set(err, GX_EINVAL, "q", _("search needs at least 2 characters"));
	size_t qlen = strlen(query), bad = 0;
	if (!gx_utf8_valid(query, qlen, &bad))
		return gx_error_set(err, GX_EINVAL, "q",
		                    _("search text is not valid UTF-8 (bad byte at offset %zu)"), bad);
	if (gx_utf8_length(query, qlen) > SEARCH_MAX_CHARS)
		return gx_error_set(err, GX_EINVAL, "q", _("search text is longer than %d characters"),
		                    SEARCH_MAX_CHARS);
	int64_t lo = 0, hi = INT64_MAX;
	if (entity_or_null) {
		int code = entity_code(entity_or_null);
		if (!code)
			return gx_error_set(err, GX_EINVAL, "entity",
			                    _("cannot search unknown entity \"%s\" (customer, contact, lead, ticket)"),
			                    entity_or_null);
		lo = (int64_t)code << ID_BITS;
		hi = lo | ID_MASK;
	}
	char *f = NULL;
	size_t flen = 0;
	enum gx_err rc = textfold_fold(query, qlen, &f, &flen, err);
	if (rc != GX_OK)
		return rc;
	flen = sanitize(f, flen);

	struct term terms[MAX_TERMS];
	size_t nterms = split_terms(f, flen, terms);
	char phone[64];
	int is_phone = textfold_normalize_phone(f, phone, sizeof phone);
	struct term pt = { phone, strlen(phone), strlen(phone) };
	/* a phone written as one run equal to its digits needs no second reading */
	if (is_phone && nterms == 1 && terms[0].len == pt.len && memcmp(terms[0].s, phone, pt.len) == 0)
		is_phone = 0;
	if (nterms == 0 && !is_phone) {
		free(f);
		return gx_error_set(err, GX_EINVAL, "q", _("search needs at least 2 characters"));
	}

	/* The primary reading: the phone digits if the text is a phone, else the terms. */
	const struct term *prim = is_phone ? &pt : terms;
	size_t nprim = is_phone ? 1 : nterms;
	struct collector c = { .hits = hits, .n = 0, .want = (size_t)limit + 1 };
	struct sbuf q = { 0 };
	if (nprim == 1) {
		put_string(&q, prim, SQLITE_FTS_EXACT_MARK);
		rc = run_class(db, class_st, q.p, lo, hi, SEARCH_RANK_EXACT, &c, err);
	}
	int done = 0;
	if (rc == GX_OK && nprim == 1 && !(is_phone && nterms > 0) &&
	    prim->chars >= SQLITE_FTS_LONG_QUERY)
		rc = run_long(db, long_st, prim, lo, hi, &c, &done, err);
	if (rc == GX_OK && !done) {
		q.len = 0;
		put_and(&q, prim, nprim, SQLITE_FTS_PREFIX_MARK);
		rc = run_class(db, class_st, q.p, lo, hi, SEARCH_RANK_PREFIX, &c, err);
	}
	if (rc == GX_OK && !done) {
		q.len = 0;
		if (is_phone && nterms > 0) {
			sb_putc(&q, '(');
			put_and(&q, prim, nprim, 0);
			sb_put(&q, ") OR (", 6);
			put_and(&q, terms, nterms, 0);
			sb_putc(&q, ')');
		} else {
			put_and(&q, prim, nprim, 0);
		}
		rc = run_class(db, class_st, q.p, lo, hi, SEARCH_RANK_SUBSTRING, &c, err);
	}
	free(q.p);
	free(f);
	if (rc != GX_OK)
		return rc;
	*more = c.n > (size_t)limit;
	*nhits = *more ? (size_t)limit : c.n;
	return GX_OK;
}
