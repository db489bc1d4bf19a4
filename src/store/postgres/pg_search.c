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
#include "guanxi/customer_store.h"
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

/* Appends a field to the document with every run cut after SEARCH_MAX_RUN characters, the
 * part that has grams (and that SQLite's tokenizer indexes): strpos() on the document then
 * finds a term exactly where the index can, whichever path a search takes (a walk reads the
 * text alone). The cut leaves the run's separator next, so no term can span it. */
static void doc_add_field(struct strbuf *b, const char *s, size_t len)
{
	size_t i = 0;
	int chars = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		size_t step = l ? l : 1;
		if (l == 0 || search_is_separator(cp)) {
			chars = 0;
			sb_addn(b, s + i, step);
		} else if (chars++ < SEARCH_MAX_RUN) {
			sb_addn(b, s + i, step);
		}
		i += step;
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
		doc_add_field(&text, doc.f[i].text, doc.f[i].len);
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

/* One reading of a rank class: the grams a matching document holds (array literal), and the
 * terms its text must contain, as an array literal (the fetch) and one by one (the walk). */
struct reading {
	const char *grams;
	const char *terms;
	const struct search_term *t;
	size_t nt;
};

/* The path of a class is chosen from the count of its rarest gram (search_gram_stats,
 * migration 0023), an upper bound of the candidates the GIN index returns, and, once walking,
 * from the matches the walk has met so far. Fetching and checking a candidate costs about
 * FETCH_COST times a walked row (scattered 1.1 kB rows against consecutive 200-byte ones):
 * up to FETCH_MAX candidates are fetched at once; beyond, the narrow search_text is walked in
 * key order in chunks growing from WALK_FIRST to WALK_CHUNK rows, and after every chunk the
 * rows still to walk (the hits missing, at the rate met so far) are weighed against fetching
 * the bound: a term rarer than its grams switches to the GIN index for the keys after the
 * last walked one. Before walking, when the grams together look rare (their counts multiplied
 * as if independent: at most PROBE_MAX documents), the GIN index is probed for at most
 * PROBE_MAX candidates ("wangdong": "gdon" alone is in 26,000 documents, the candidates are
 * a few hundred); with more, the walk follows. Measured on the 1M demo (bench/RESULTS.md). */
#define FETCH_MAX 1500
#define PROBE_MAX 800
#define FETCH_COST 8
#define WALK_FIRST 2000
#define WALK_CHUNK 32000

/* The bound on the documents holding every gram of grams (the rarest gram's count), and the
 * guess of their number if the grams were independent (which they are not: only a hint).
 * Without counts (search_gram_stats empty: filled after the migration's data only, see
 * gx_search_stats_refresh) the bound is the number of documents and the guess 0: the GIN
 * index is probed first, then the walk follows. */
static enum gx_err gram_bound(struct store *s, const char *grams, int64_t *bound, int64_t *guess,
                              struct gx_error *err)
{
	const char *vals[1] = { grams };
	struct pg_result *res = NULL;
	enum gx_err e = pg_query_params(s,
	        "SELECT min(c.docs)::bigint, round(exp(GREATEST(sum(ln(LEAST(GREATEST(c.docs, 1) / n.total, 1))),"
	        "       -700)) * n.total)::bigint, n.total::bigint"
	        " FROM (SELECT COALESCE(s.docs, b.docs)::float8 AS docs"
	        "       FROM unnest(CAST($1 AS text[])) AS g(gram)"
	        "       LEFT JOIN search_gram_stats s ON s.gram = g.gram"
	        "       CROSS JOIN (SELECT COALESCE((SELECT docs FROM search_gram_stats WHERE gram = ''),"
	        "                   -1) AS docs) AS b) AS c"
	        " CROSS JOIN (SELECT GREATEST(reltuples, 1)::float8 AS total FROM pg_class"
	        "             WHERE oid = 'search_docs'::regclass) AS n GROUP BY n.total",
	        1, vals, &res, err);
	if (e != GX_OK)
		return e;
	int rows = pg_result_rows(res);
	*bound = rows ? pg_result_i64(res, 0, 0) : -1;
	*guess = rows ? pg_result_i64(res, 0, 1) : 0;
	if (*bound < 0) {
		*bound = rows ? pg_result_i64(res, 0, 2) : 1;
		*guess = 0;
	}
	pg_result_free(res);
	return GX_OK;
}

/* Up to lim keys in (after, hi] of one reading through the GIN index, ascending. */
static enum gx_err fetch_reading(struct store *s, const struct reading *r, const char *head,
                                 int64_t after, int64_t hi, size_t lim, int probe, int64_t *keys,
                                 size_t *n, struct gx_error *err)
{
	char lo_s[24], hi_s[24], lim_s[24];
	snprintf(lo_s, sizeof lo_s, "%lld", (long long)after + 1);
	snprintf(hi_s, sizeof hi_s, "%lld", (long long)hi);
	snprintf(lim_s, sizeof lim_s, "%zu", probe ? (size_t)PROBE_MAX : lim);
	const char *vals[6] = { r->grams, r->terms, head, lo_s, hi_s, lim_s };
	struct pg_result *res = NULL;
	enum gx_err e = pg_query_params(s, probe ?
	        "SELECT * FROM gx_search_probe(CAST($1 AS text[]), CAST($2 AS text[]), $3,"
	        " CAST($4 AS bigint), CAST($5 AS bigint), CAST($6 AS int))" :
	        "SELECT * FROM gx_search_fetch(CAST($1 AS text[]), CAST($2 AS text[]), $3,"
	        " CAST($4 AS bigint), CAST($5 AS bigint), CAST($6 AS int))",
	        6, vals, &res, err);
	if (e != GX_OK)
		return e;
	*n = 0;
	for (int i = 0; i < pg_result_rows(res) && *n < lim; i++)
		keys[(*n)++] = pg_result_i64(res, i, 0);
	pg_result_free(res);
	return GX_OK;
}

/* Adds the keys after `after` of every reading from the GIN index, merged in key order, until
 * *got reaches need. probe: read at most PROBE_MAX candidates of each reading, and add nothing
 * (*tried = 0) if one has more. */
static enum gx_err fetch_class(struct store *s, const struct reading *r, size_t nr,
                               const char *head, int64_t after, int64_t hi, size_t need,
                               int probe, int *tried, size_t *got, int cls,
                               struct search_collector *col, struct gx_error *err)
{
	*tried = 1;
	int64_t keys[2][2 * (SEARCH_MAX_HITS + 1)];
	size_t n[2] = { 0, 0 }, at[2] = { 0, 0 };
	size_t lim = need - *got;
	if (lim > 2 * (SEARCH_MAX_HITS + 1))
		lim = 2 * (SEARCH_MAX_HITS + 1);
	for (size_t i = 0; i < nr; i++) {
		enum gx_err e = fetch_reading(s, &r[i], head, after, hi, lim, probe, keys[i], &n[i], err);
		if (e != GX_OK)
			return e;
		if (probe && n[i] == 1 && keys[i][0] < 0) {
			*tried = 0;
			return GX_OK;
		}
	}
	while (*got < need && !search_collector_full(col)) {
		int pick = -1;
		for (size_t i = 0; i < nr; i++)
			if (at[i] < n[i] && (pick < 0 || keys[i][at[i]] < keys[pick][at[pick]]))
				pick = (int)i;
		if (pick < 0)
			break;
		int64_t k = keys[pick][at[pick]];
		for (size_t i = 0; i < nr; i++)
			while (at[i] < n[i] && keys[i][at[i]] == k)
				at[i]++;
		search_collector_add(col, k, cls);
		(*got)++;
	}
	return GX_OK;
}

/* Appends "strpos(col, $k) > 0" for every term of r, ANDed, numbering from *np. */
static void walk_terms(struct strbuf *sql, const struct reading *r, const char **vals, int *np)
{
	sb_addc(sql, '(');
	if (r->nt == 0)
		sb_add(sql, "true");
	for (size_t i = 0; i < r->nt; i++) {
		char *t = gx_xmalloc(r->t[i].len + 1);
		memcpy(t, r->t[i].s, r->t[i].len);
		t[r->t[i].len] = '\0';
		vals[*np] = t;
		(*np)++;
		sb_printf(sql, "%sstrpos(doc, $%d) > 0", i ? " AND " : "", *np);
	}
	sb_addc(sql, ')');
}

/* Runs one rank class (see FETCH_MAX above for the paths); head, for the prefix class, is
 * what the field starts must hold (U+001F + the first term). The exact class is always
 * fetched: "equals a code or phone" is only in its gram (U+0002 + the value, one per record),
 * which the text cannot tell, and is never common. */
static enum gx_err run_class(struct store *s, const struct search_query *q, const char *head,
                             const struct reading *r, size_t nr, int cls,
                             struct search_collector *col, struct gx_error *err)
{
	if (search_collector_full(col))
		return GX_OK;
	size_t need = col->want + col->n, got = 0;
	int64_t bound = 0, guess = 0;
	for (size_t i = 0; i < nr; i++) {
		int64_t b, g;
		enum gx_err e = gram_bound(s, r[i].grams, &b, &g, err);
		if (e != GX_OK)
			return e;
		bound += b;
		guess += g;
	}
	int64_t after = q->lo - 1;
	int tried;
	if (bound <= FETCH_MAX || cls == SEARCH_RANK_EXACT)
		return fetch_class(s, r, nr, head, after, q->hi, need, 0, &tried, &got, cls, col, err);
	if (guess <= PROBE_MAX) {
		enum gx_err e = fetch_class(s, r, nr, head, after, q->hi, need, 1, &tried, &got, cls, col, err);
		if (e != GX_OK || tried)
			return e;
	}

	/* the walk: $1 after, $2 hi, $3 chunk, then the head and the terms */
	const char *vals[4 + 2 * SEARCH_MAX_TERMS];
	char after_s[24], hi_s[24], chunk_s[24];
	vals[0] = after_s;
	vals[1] = hi_s;
	vals[2] = chunk_s;
	int np = 3, first_term = 3;
	struct strbuf sql;
	sb_init(&sql);
	sb_add(&sql, "SELECT x.last, x.n, h FROM (SELECT COALESCE(max(rid), 0) AS last, count(*) AS n,"
	             " array_agg(rid ORDER BY rid) FILTER (WHERE ");
	if (head) {
		vals[np++] = head;
		first_term = np;
		sb_printf(&sql, "strpos(heads, $%d) > 0 AND ", np);
	}
	sb_addc(&sql, '(');
	for (size_t i = 0; i < nr; i++) {
		if (i)
			sb_add(&sql, " OR ");
		walk_terms(&sql, &r[i], vals, &np);
	}
	sb_add(&sql, ")) AS hits FROM (SELECT rid, doc, heads FROM search_text"
	             " WHERE rid > CAST($1 AS bigint) AND rid <= CAST($2 AS bigint)"
	             " ORDER BY rid LIMIT CAST($3 AS int)) AS w) AS x"
	             " LEFT JOIN LATERAL unnest(x.hits) AS h ON true ORDER BY h");
	snprintf(hi_s, sizeof hi_s, "%lld", (long long)q->hi);
	enum gx_err e = GX_OK;
	int64_t chunk = WALK_FIRST, walked = 0;
	for (;;) {
		snprintf(after_s, sizeof after_s, "%lld", (long long)after);
		snprintf(chunk_s, sizeof chunk_s, "%lld", (long long)chunk);
		struct pg_result *res = NULL;
		if ((e = pg_query_params(s, sb_str(&sql), np, vals, &res, err)) != GX_OK)
			break;
		int rows = pg_result_rows(res);
		int64_t last = rows ? pg_result_i64(res, 0, 0) : 0, n = rows ? pg_result_i64(res, 0, 1) : 0;
		for (int i = 0; i < rows && got < need && !search_collector_full(col); i++) {
			int64_t k = pg_result_i64(res, i, 2);
			if (k > 0) {
				search_collector_add(col, k, cls);
				got++;
			}
		}
		pg_result_free(res);
		if (got >= need || search_collector_full(col) || n < chunk)
			break;
		after = last;
		walked += n;
		/* the rows still to walk at the rate met so far (one hit assumed when none was) */
		int64_t rate_hits = got ? (int64_t)got : 1;
		int64_t to_walk = (int64_t)(need - got) * walked / rate_hits;
		if (walked + to_walk > bound * FETCH_COST) {
			e = fetch_class(s, r, nr, head, after, q->hi, need, 0, &tried, &got, cls, col, err);
			break;
		}
		chunk = chunk * 2 < WALK_CHUNK ? chunk * 2 : WALK_CHUNK;
	}
	for (int i = first_term; i < np; i++)
		free((char *)vals[i]);
	sb_free(&sql);
	if (e != GX_OK)
		gx_error_prefix(err, "%s", _("search failed: "));
	return e;
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
		struct reading r = { sb_str(&g1), "{}", NULL, 0 };
		e = run_class(s, &q, NULL, &r, 1, SEARCH_RANK_EXACT, &col, err);
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
		struct reading r = { sb_str(&g1), sb_str(&t1), q.prim + 1, q.nprim - 1 };
		e = run_class(s, &q, sb_str(&head), &r, 1, SEARCH_RANK_PREFIX, &col, err);
	}
	/* substring: every term occurs (or, for a phone, its digits do) */
	if (e == GX_OK) {
		sb_reset(&g1);
		sb_reset(&t1);
		group_grams(q.prim, q.nprim, &g1);
		terms_literal(q.prim, q.nprim, &t1);
		struct reading r[2] = { { sb_str(&g1), sb_str(&t1), q.prim, q.nprim } };
		size_t nr = 1;
		if (q.alt) {
			group_grams(q.alt, q.nalt, &g2);
			terms_literal(q.alt, q.nalt, &t2);
			r[1] = (struct reading){ sb_str(&g2), sb_str(&t2), q.alt, q.nalt };
			nr = 2;
		}
		e = run_class(s, &q, NULL, r, nr, SEARCH_RANK_SUBSTRING, &col, err);
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

enum gx_err store_search_stats_refresh(struct store *s, struct gx_error *err)
{
	if (store_backend(s) != STORE_POSTGRES)
		return GX_OK;
	/* the counts come from the planner's statistics of the gram array (migration 0023) */
	return db_exec_script(s, "ANALYZE search_docs; SELECT gx_search_stats_refresh()", err);
}
