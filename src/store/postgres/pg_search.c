/* Search on PostgreSQL (DECISIONS.md "Search"; schema in migrations/postgres/0002_search.sql):
 * the same documents and query reading as SQLite (store/search_text.c), indexed as a text[] of
 * n-grams under a GIN index instead of an FTS5 table. The array narrows the candidates; strpos()
 * on the stored text then decides, and since a query term never holds a separator, "the term
 * occurs in doc" is exactly "the term is a substring of one run of one field", the rule the
 * FTS5 tokenizer implements with positions. Classes and order (exact, prefix, substring; key
 * descending) match the SQLite backend hit for hit. The user's text reaches SQL only as
 * parameters: array elements are written double-quoted with " and \ escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"
#include "guanxi/utf8.h"
#include "store/driver.h"
#include "store/postgres/pg_store.h"
#include "store/search_text.h"

/* --- sets of grams ---------------------------------------------------------------------- */

struct grams {
	char **v;
	size_t n, cap;
};

static void grams_add(struct grams *g, char mark, const char *s, size_t len)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = gx_xrealloc(g->v, g->cap * sizeof *g->v);
	}
	char *t = gx_xmalloc(len + 2), *o = t;
	if (mark)
		*o++ = mark;
	memcpy(o, s, len);
	o[len] = '\0';
	g->v[g->n++] = t;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the set as a PostgreSQL array literal, sorted and without repeats. */
static void grams_literal(struct grams *g, struct strbuf *b)
{
	if (g->n > 1)
		qsort(g->v, g->n, sizeof *g->v, cmp_str);
	sb_addc(b, '{');
	for (size_t i = 0; i < g->n; i++) {
		if (i > 0 && strcmp(g->v[i], g->v[i - 1]) == 0)
			continue;
		if (i > 0)
			sb_addc(b, ',');
		sb_addc(b, '"');
		for (const char *p = g->v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_addc(b, '\\');
			sb_addc(b, *p);
		}
		sb_addc(b, '"');
	}
	sb_addc(b, '}');
}

static void grams_free(struct grams *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i]);
	free(g->v);
}

/* --- documents -------------------------------------------------------------------------- */

/* Byte offsets of the code points of s[0..len) plus the end offset, at most SEARCH_MAX_RUN. */
static int run_offsets(const char *s, size_t len, int *off)
{
	int n = 0;
	size_t i = 0;
	while (i < len && n < SEARCH_MAX_RUN) {
		uint32_t cp;
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		off[n++] = (int)i;
		i += l ? l : 1;
	}
	off[n] = (int)i;
	return n;
}

/* The grams of one field, and its first run appended to heads. */
static void index_field(const struct search_field *f, struct grams *g, struct strbuf *heads)
{
	int offs[SEARCH_MAX_RUN + 1];
	const char *s = f->text;
	size_t len = f->len, i = 0;
	int first = 1;
	while (i < len) {
		uint32_t cp;
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		if (l == 0 || search_is_separator(cp)) {
			i += l ? l : 1;
			continue;
		}
		size_t a = i;
		while (i < len) {
			l = gx_utf8_decode(s + i, len - i, &cp);
			if (l == 0 || search_is_separator(cp))
				break;
			i += l;
		}
		int n = run_offsets(s + a, i - a, offs);
		for (int p = 0; p < n; p++)
			for (int k = 2; k <= 4 && p + k <= n; k++)
				grams_add(g, 0, s + a + offs[p], (size_t)(offs[p + k] - offs[p]));
		if (first) {
			sb_addc(heads, SEARCH_SEGMENT);
			sb_addn(heads, s + a, i - a);
			for (int k = 2; k <= 3 && k <= n; k++)
				grams_add(g, SEARCH_MARK_PREFIX, s + a, (size_t)offs[k]);
			if (f->mark == SEARCH_MARK_EXACT && len <= SEARCH_EXACT_MAX)
				grams_add(g, SEARCH_MARK_EXACT, s, len);
			first = 0;
		}
	}
}

enum gx_err pg_search_put(struct store *s, const char *entity, int64_t id,
                          const char *const *fields, size_t nfields, const char *code,
                          const char *phone_norm, struct gx_error *err)
{
	int64_t key;
	enum gx_err e = search_doc_key(entity, id, &key, err);
	if (e != GX_OK)
		return e;
	struct search_doc doc;
	if ((e = search_doc_build(fields, nfields, code, phone_norm, &doc, err)) != GX_OK)
		return e;
	struct strbuf text, heads, arr;
	sb_init(&text);
	sb_init(&heads);
	sb_init(&arr);
	struct grams g = { 0 };
	for (size_t i = 0; i < doc.n; i++) {
		if (i > 0)
			sb_addc(&text, SEARCH_SEGMENT);
		sb_addn(&text, doc.f[i].text, doc.f[i].len);
		index_field(&doc.f[i], &g, &heads);
	}
	grams_literal(&g, &arr);
	if (pg_bulk_is_search(s)) {
		/* a rebuild after search_clear: one COPY row, no conflict possible */
		char keytext[24];
		snprintf(keytext, sizeof keytext, "%lld", (long long)key);
		const char *vals[4] = { keytext, sb_str(&text), sb_str(&heads), sb_str(&arr) };
		e = pg_bulk_row(s, vals, err);
	} else
	e = db_exec(s,
	            "INSERT INTO search_docs (rid, doc, heads, grams) VALUES (?, ?, ?, CAST(? AS text[]))"
	            " ON CONFLICT (rid) DO UPDATE SET doc = excluded.doc, heads = excluded.heads,"
	            " grams = excluded.grams",
	            NULL, err, "ittt", key, sb_str(&text), sb_str(&heads), sb_str(&arr));
	if (e != GX_OK)
		gx_error_prefix(err, "%s", _("search index: "));
	grams_free(&g);
	sb_free(&text);
	sb_free(&heads);
	sb_free(&arr);
	search_doc_free(&doc);
	return e;
}

enum gx_err pg_search_delete(struct store *s, const char *entity, int64_t id, struct gx_error *err)
{
	int64_t key;
	enum gx_err e = search_doc_key(entity, id, &key, err);
	if (e != GX_OK)
		return e;
	return db_exec(s, "DELETE FROM search_docs WHERE rid = ?", NULL, err, "i", key);
}

/* --- queries ---------------------------------------------------------------------------- */

/* The grams a document containing t must have: t itself up to 4 characters, else 4-grams
 * spread over it (strpos checks the rest). after_prefix (the first term of the prefix class):
 * a term of up to 3 characters is its prefix gram, so it adds none of its own. "\1hy" and
 * "hy", or "\1张伟" and "张伟", are always found together, but the planner multiplies their
 * frequencies as if independent, expected a few dozen rows where there were 16,000, and
 * fetched and sorted all of them instead of walking the keys (0.2-0.6 s on the 1M demo).
 * Longer terms keep all their grams: without "wang", "wangsi" walked the keys of every "wan…"
 * (0.9 s), and without "yan2", "yan2" those of every "yan…" (7.8 s). */
static void term_grams_from(const struct search_term *t, int after_prefix, struct grams *g)
{
	int offs[SEARCH_MAX_RUN + 1];
	int n = run_offsets(t->s, t->len, offs);
	if (n <= 4) {
		if (!after_prefix || n == 4)
			grams_add(g, 0, t->s, t->len);
		return;
	}
	for (int p = 0;; p += 4) {
		if (p + 4 > n)
			p = n - 4;
		grams_add(g, 0, t->s + offs[p], (size_t)(offs[p + 4] - offs[p]));
		if (p == n - 4)
			break;
	}
}

static void term_grams(const struct search_term *t, struct grams *g)
{
	term_grams_from(t, 0, g);
}

/* The terms as an array literal, for the strpos() checks. */
static void terms_literal(const struct search_term *t, size_t n, struct strbuf *b)
{
	struct grams g = { 0 };
	for (size_t i = 0; i < n; i++)
		grams_add(&g, 0, t[i].s, t[i].len);
	grams_literal(&g, b);
	grams_free(&g);
}

static void group_grams(const struct search_term *t, size_t n, struct strbuf *b)
{
	struct grams g = { 0 };
	for (size_t i = 0; i < n; i++)
		term_grams(&t[i], &g);
	grams_literal(&g, b);
	grams_free(&g);
}

/* Every term of the array occurs in the text column col: gx_search_all (migration 0022), which
 * the planner orders before the gram containment, so a walk of the key index reads the gram
 * array (large, compressed) only of rows whose text matched. */
#define ALL_IN(col, arr) " gx_search_all(" col ", CAST(" arr " AS text[])) IS NOT NULL"

enum query_shape { SHAPE_PLAIN, SHAPE_PREFIX, SHAPE_EITHER };

/* Runs one rank class. The statement is planned for its values (not prepared): how common the
 * grams are decides between reading the GIN index and walking the keys in order until the
 * limit is reached, and only the values tell. The key range is a condition only when one
 * entity is asked for. */
static enum gx_err run_class(struct store *s, enum query_shape shape, const struct search_query *q,
                             const char *a, const char *b, const char *c, const char *d, int cls,
                             struct search_collector *col, struct gx_error *err)
{
	if (search_collector_full(col))
		return GX_OK;
	int ranged = q->lo != 0 || q->hi != INT64_MAX;
	char lo[24], hi[24], limit[24];
	snprintf(lo, sizeof lo, "%lld", (long long)q->lo);
	snprintf(hi, sizeof hi, "%lld", (long long)q->hi);
	snprintf(limit, sizeof limit, "%zu", col->want + col->n);
	const char *vals[7] = { limit, a, b, c, d, lo, hi };
	struct strbuf sql;
	sb_init(&sql);
	sb_add(&sql, "SELECT rid FROM search_docs WHERE ");
	if (shape == SHAPE_EITHER)
		sb_add(&sql, "((" ALL_IN("doc", "$3") " AND grams @> CAST($2 AS text[])) OR"
		             " (" ALL_IN("doc", "$5") " AND grams @> CAST($4 AS text[])))");
	else if (shape == SHAPE_PREFIX)
		sb_add(&sql, "gx_search_all(heads, ARRAY[CAST($3 AS text)]) IS NOT NULL AND" ALL_IN("doc", "$4")
		             " AND grams @> CAST($2 AS text[])");
	else
		sb_add(&sql, ALL_IN("doc", "$3") " AND grams @> CAST($2 AS text[])");
	int n = shape == SHAPE_EITHER ? 5 : shape == SHAPE_PREFIX ? 4 : 3;
	if (ranged) {
		sb_printf(&sql, " AND rid BETWEEN $%d AND $%d", n + 1, n + 2);
		vals[n] = lo;
		vals[n + 1] = hi;
		n += 2;
	}
	sb_add(&sql, " ORDER BY rid LIMIT $1");
	struct pg_result *res = NULL;
	enum gx_err e = pg_query_params(s, sb_str(&sql), n, vals, &res, err);
	sb_free(&sql);
	if (e != GX_OK) {
		gx_error_prefix(err, "%s", _("search failed: "));
		return e;
	}
	for (int i = 0; i < pg_result_rows(res) && !search_collector_full(col); i++)
		search_collector_add(col, pg_result_i64(res, i, 0), cls);
	pg_result_free(res);
	return GX_OK;
}

enum gx_err pg_search_query(struct store *s, const char *query, const char *entity, int limit,
                            struct search_hit *hits, size_t *nhits, int *more,
                            struct gx_error *err)
{
	*nhits = 0;
	*more = 0;
	struct search_query q;
	enum gx_err e = search_query_prepare(query, entity, limit, &q, err);
	if (e != GX_OK)
		return e;
	struct search_collector col;
	search_collector_init(&col, hits, q.limit);
	struct strbuf g1, t1, g2, t2, head;
	sb_init(&g1);
	sb_init(&t1);
	sb_init(&g2);
	sb_init(&t2);
	sb_init(&head);

	/* exact: one term equal to a code or phone */
	if (q.nprim == 1) {
		struct grams g = { 0 };
		grams_add(&g, SEARCH_MARK_EXACT, q.prim[0].s, q.prim[0].len);
		grams_literal(&g, &g1);
		grams_free(&g);
		e = run_class(s, SHAPE_PLAIN, &q, sb_str(&g1), "{}", NULL, NULL, SEARCH_RANK_EXACT, &col, err);
	}
	/* prefix: the first run of a field starts with the first term; the others occur */
	if (e == GX_OK) {
		struct grams g = { 0 };
		const struct search_term *t0 = &q.prim[0];
		int offs[SEARCH_MAX_RUN + 1];
		int n = run_offsets(t0->s, t0->len, offs);
		grams_add(&g, SEARCH_MARK_PREFIX, t0->s, (size_t)offs[n < 3 ? n : 3]);
		term_grams_from(t0, 1, &g);
		for (size_t i = 1; i < q.nprim; i++)
			term_grams(&q.prim[i], &g);
		sb_reset(&g1);
		grams_literal(&g, &g1);
		grams_free(&g);
		sb_addc(&head, SEARCH_SEGMENT);
		sb_addn(&head, t0->s, t0->len);
		terms_literal(q.prim + 1, q.nprim - 1, &t1);
		e = run_class(s, SHAPE_PREFIX, &q, sb_str(&g1), sb_str(&head), sb_str(&t1), NULL,
		              SEARCH_RANK_PREFIX, &col, err);
	}
	/* substring: every term occurs (or, for a phone, its digits do) */
	if (e == GX_OK) {
		sb_reset(&g1);
		sb_reset(&t1);
		group_grams(q.prim, q.nprim, &g1);
		terms_literal(q.prim, q.nprim, &t1);
		if (q.alt) {
			group_grams(q.alt, q.nalt, &g2);
			terms_literal(q.alt, q.nalt, &t2);
			e = run_class(s, SHAPE_EITHER, &q, sb_str(&g1), sb_str(&t1), sb_str(&g2), sb_str(&t2),
			              SEARCH_RANK_SUBSTRING, &col, err);
		} else {
			e = run_class(s, SHAPE_PLAIN, &q, sb_str(&g1), sb_str(&t1), NULL, NULL,
			              SEARCH_RANK_SUBSTRING, &col, err);
		}
	}
	sb_free(&g1);
	sb_free(&t1);
	sb_free(&g2);
	sb_free(&t2);
	sb_free(&head);
	search_query_free(&q);
	if (e == GX_OK)
		search_collector_finish(&col, nhits, more);
	return e;
}
