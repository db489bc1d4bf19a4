/* Backend-neutral search text handling (see search_text.h): what a record's index entry is
 * made of and how a query is read, so that the SQLite and PostgreSQL backends agree. */
#include "store/search_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/pinyin.h"
#include "guanxi/textfold.h"
#include "guanxi/utf8.h"

/* Lower codes sort first among equal ranks (keys ascending, as on SQLite): customers lead. */
static const struct {
	const char *name;
	int code;
} entities[] = {
	{ "customer", 1 }, { "contact", 2 }, { "lead", 3 }, { "ticket", 4 },
};

int search_entity_code(const char *name)
{
	for (size_t i = 0; name && i < sizeof entities / sizeof entities[0]; i++)
		if (strcmp(entities[i].name, name) == 0)
			return entities[i].code;
	return 0;
}

const char *search_entity_name(int code)
{
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (entities[i].code == code)
			return entities[i].name;
	return "";
}

enum gx_err search_doc_key(const char *entity, int64_t id, int64_t *key, struct gx_error *err)
{
	int code = search_entity_code(entity);
	if (!code)
		return gx_error_set(err, GX_EINVAL, "entity",
		                    _("search index: unknown entity \"%s\" (customer, contact, lead, ticket)"),
		                    entity ? entity : "(null)");
	if (id < 1 || id > SEARCH_ID_MASK)
		return gx_error_set(err, GX_EINVAL, "id",
		                    _("search index: id %lld out of range 1..2^48-1"), (long long)id);
	*key = ((int64_t)code << SEARCH_ID_BITS) | id;
	return GX_OK;
}

int search_is_separator(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp < 0x80)
		return strchr(" ,;!?\"'()[]{}<>|\\`~^*=", (int)cp) != NULL;
	if (cp == 0x85 || cp == 0xA0 || cp == 0xB7 || cp == 0x1680 || cp == 0x30FB)
		return 1;
	if (cp >= 0x2000 && cp <= 0x206F)   /* general punctuation and spaces */
		return 1;
	if (cp >= 0x3000 && cp <= 0x303F)   /* CJK symbols and punctuation … */
		return !(cp >= 0x3005 && cp <= 0x3007);   /* … but 々 〆 〇 are written in names */
	if (cp >= 0xFE10 && cp <= 0xFE6F)   /* vertical and small forms */
		return 1;
	if (cp >= 0xFF01 && cp <= 0xFF0F)   /* full-width punctuation left unfolded */
		return cp != 0xFF03 && cp != 0xFF06 && cp != 0xFF0B && cp != 0xFF0D && cp != 0xFF0E;
	return cp == 0xFF1B || cp == 0xFF1F || cp == 0xFF08 || cp == 0xFF09;
}

/* Control characters would be read as the index's marks: they become spaces. */
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

/* Takes ownership of text (freed if empty). */
static void doc_add(struct search_doc *doc, enum search_column col, char mark, char *text, size_t len)
{
	if (len == 0) {
		free(text);
		return;
	}
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 16;
		doc->f = gx_xrealloc(doc->f, doc->cap * sizeof *doc->f);
	}
	doc->f[doc->n++] = (struct search_field){ col, mark, text, len };
}

static enum gx_err add_field(struct search_doc *doc, const char *text, char mark, const char *what,
                             struct gx_error *err)
{
	char *f = NULL;
	size_t n = 0;
	enum gx_err rc = textfold_fold(text, strlen(text), &f, &n, err);
	if (rc != GX_OK) {
		gx_error_prefix(err, "%s: ", what);
		return rc;
	}
	n = sanitize(f, n);
	char *full = NULL, *ini = NULL;
	if (!mark)
		rc = pinyin_from_han(f, n, &full, &ini, err);
	doc_add(doc, SEARCH_COL_TEXT, mark, f, n);
	if (full)
		doc_add(doc, SEARCH_COL_PINYIN, 0, full, strlen(full));
	if (ini)
		doc_add(doc, SEARCH_COL_PINYIN, 0, ini, strlen(ini));
	return rc;
}

enum gx_err search_doc_build(const char *const *fields, size_t nfields, const char *code,
                             const char *phone_norm, struct search_doc *doc, struct gx_error *err)
{
	memset(doc, 0, sizeof *doc);
	enum gx_err rc = GX_OK;
	char what[48];
	for (size_t i = 0; i < nfields && rc == GX_OK; i++) {
		if (!fields[i])
			continue;
		snprintf(what, sizeof what, "field %zu", i + 1);
		rc = add_field(doc, fields[i], 0, what, err);
	}
	if (rc == GX_OK && code && *code)
		rc = add_field(doc, code, SEARCH_MARK_EXACT, "code", err);
	if (rc == GX_OK && phone_norm && *phone_norm)
		rc = add_field(doc, phone_norm, SEARCH_MARK_EXACT, "phone", err);
	if (rc != GX_OK)
		search_doc_free(doc);
	return rc;
}

void search_doc_free(struct search_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++)
		free(doc->f[i].text);
	free(doc->f);
	memset(doc, 0, sizeof *doc);
}

/* Splits folded text into terms at separators; drops terms under SEARCH_MIN_CHARS. */
static size_t split_terms(const char *s, size_t len, struct search_term *terms)
{
	size_t n = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		if (l == 0 || search_is_separator(cp)) {
			i += l ? l : 1;
			continue;
		}
		struct search_term t = { s + i, 0, 0 };
		while (i < len) {
			l = gx_utf8_decode(s + i, len - i, &cp);
			if (l == 0 || search_is_separator(cp))
				break;
			i += l;
			t.chars++;
		}
		t.len = (size_t)(s + i - t.s);
		if (t.chars >= SEARCH_MIN_CHARS && n < SEARCH_MAX_TERMS)
			terms[n++] = t;
	}
	return n;
}

enum gx_err search_query_prepare(const char *query, const char *entity_or_null, int limit,
                                 struct search_query *q, struct gx_error *err)
{
	memset(q, 0, sizeof *q);
	if (limit <= 0 || limit > SEARCH_MAX_HITS)
		limit = SEARCH_MAX_HITS;
	q->limit = limit;
	if (!query)
		return gx_error_set(err, GX_EINVAL, "q", _("search needs at least 2 characters"));
	size_t qlen = strlen(query), bad = 0;
	if (!gx_utf8_valid(query, qlen, &bad))
		return gx_error_set(err, GX_EINVAL, "q",
		                    _("search text is not valid UTF-8 (bad byte at offset %zu)"), bad);
	if (gx_utf8_length(query, qlen) > SEARCH_MAX_CHARS)
		return gx_error_set(err, GX_EINVAL, "q", _("search text is longer than %d characters"),
		                    SEARCH_MAX_CHARS);
	q->lo = 0;
	q->hi = INT64_MAX;
	if (entity_or_null) {
		int code = search_entity_code(entity_or_null);
		if (!code)
			return gx_error_set(err, GX_EINVAL, "entity",
			                    _("cannot search unknown entity \"%s\" (customer, contact, lead, ticket)"),
			                    entity_or_null);
		q->lo = (int64_t)code << SEARCH_ID_BITS;
		q->hi = q->lo | SEARCH_ID_MASK;
	}
	size_t flen = 0;
	enum gx_err rc = textfold_fold(query, qlen, &q->folded, &flen, err);
	if (rc != GX_OK)
		return rc;
	flen = sanitize(q->folded, flen);
	q->nterms = split_terms(q->folded, flen, q->terms);
	int is_phone = textfold_normalize_phone(q->folded, q->phone, sizeof q->phone);
	q->phone_term = (struct search_term){ q->phone, strlen(q->phone), strlen(q->phone) };
	/* a phone written as one run equal to its digits needs no second reading */
	if (is_phone && q->nterms == 1 && q->terms[0].len == q->phone_term.len &&
	    memcmp(q->terms[0].s, q->phone, q->phone_term.len) == 0)
		is_phone = 0;
	if (q->nterms == 0 && !is_phone) {
		search_query_free(q);
		return gx_error_set(err, GX_EINVAL, "q", _("search needs at least 2 characters"));
	}
	q->prim = is_phone ? &q->phone_term : q->terms;
	q->nprim = is_phone ? 1 : q->nterms;
	if (is_phone && q->nterms > 0) {
		q->alt = q->terms;
		q->nalt = q->nterms;
	}
	return GX_OK;
}

void search_query_free(struct search_query *q)
{
	free(q->folded);
	q->folded = NULL;
}

void search_collector_init(struct search_collector *c, struct search_hit *hits, int limit)
{
	c->hits = hits;
	c->n = 0;
	c->want = (size_t)limit + 1;
}

int search_collector_full(const struct search_collector *c)
{
	return c->n >= c->want;
}

void search_collector_add(struct search_collector *c, int64_t key, int cls)
{
	if (c->n >= c->want)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (c->keys[i] == key)
			return;
	c->keys[c->n] = key;
	if (c->n < c->want - 1) {
		struct search_hit *h = &c->hits[c->n];
		snprintf(h->entity, sizeof h->entity, "%s", search_entity_name((int)(key >> SEARCH_ID_BITS)));
		h->id = key & SEARCH_ID_MASK;
		h->rank_class = cls;
		/* classes apart by 1; within one, the order of the list (oldest first) */
		h->score = (double)(SEARCH_RANK_SUBSTRING - cls) + 1.0 / (double)(c->n + 2);
	}
	c->n++;
}

void search_collector_finish(const struct search_collector *c, size_t *nhits, int *more)
{
	size_t limit = c->want - 1;
	*more = c->n > limit;
	*nhits = *more ? limit : c->n;
}
