/* The backend-neutral half of search (DECISIONS.md "Search", docs/search.md): which texts of a
 * record are indexed (folded fields, their pinyin, codes and phones marked for exact match),
 * how a query is read (folded, split into terms, a phone read as its digits), record keys
 * (entity code << 48 | id) and the ranked collection of hits. The SQLite backend turns
 * documents and queries into FTS5 rows and MATCH expressions (sqlite/search.c), the PostgreSQL
 * backend into n-gram arrays and containment queries (postgres/pg_search.c); both return the
 * same hits in the same order. */
#ifndef GX_STORE_SEARCH_TEXT_H
#define GX_STORE_SEARCH_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/search.h"

#define SEARCH_ID_BITS 48
#define SEARCH_ID_MASK ((INT64_C(1) << SEARCH_ID_BITS) - 1)
#define SEARCH_SEGMENT 0x1F      /* separates the fields of one column */
#define SEARCH_MARK_PREFIX 0x01  /* field-start tokens (prefix class) */
#define SEARCH_MARK_EXACT 0x02   /* a code or phone field; exact-class tokens */
#define SEARCH_EXACT_MAX 64      /* longer exact fields get no exact token */
#define SEARCH_MAX_TERMS 16
#define SEARCH_MAX_RUN 512       /* characters of one run that are indexed */

/* "customer" 4, "contact" 3, "lead" 2, "ticket" 1; 0 for anything else. */
int search_entity_code(const char *name);
const char *search_entity_name(int code);
/* The record key; GX_EINVAL for an unknown entity or an id outside [1, 2^48). */
enum gx_err search_doc_key(const char *entity, int64_t id, int64_t *key, struct gx_error *err);

/* 1 if cp ends a run of indexed characters (whitespace, control characters, sentence
 * punctuation); characters such as @ . _ - + stay inside runs so e-mails are one run. */
int search_is_separator(uint32_t cp);

enum search_column { SEARCH_COL_TEXT = 0, SEARCH_COL_PINYIN = 1 };

struct search_field {
	enum search_column column;
	char mark;          /* 0 or SEARCH_MARK_EXACT */
	char *text;         /* folded, control characters made spaces, trimmed; never empty */
	size_t len;
};

struct search_doc {
	struct search_field *f;
	size_t n, cap;
};

/* The indexed fields of one record, in order: each of fields[] (NULL skipped) folded, followed
 * by its pinyin spelling and initials when it has Han text; then code and phone_norm marked
 * exact. GX_EINVAL (naming the field) for text that is not UTF-8. */
enum gx_err search_doc_build(const char *const *fields, size_t nfields, const char *code,
                             const char *phone_norm, struct search_doc *doc, struct gx_error *err);
void search_doc_free(struct search_doc *doc);

struct search_term {
	const char *s;
	size_t len;         /* bytes */
	size_t chars;
};

/* A query as both backends read it. Every term has >= SEARCH_MIN_CHARS characters and no
 * separator. The primary reading (prim) is the phone digits if the text is a phone, else the
 * terms; the exact class applies only when it is one term; the substring class also accepts
 * the terms when the primary reading is a phone (alt). */
struct search_query {
	char *folded;
	struct search_term terms[SEARCH_MAX_TERMS];
	size_t nterms;
	char phone[64];
	struct search_term phone_term;
	const struct search_term *prim;
	size_t nprim;
	const struct search_term *alt;   /* NULL, or terms when prim is the phone */
	size_t nalt;
	int64_t lo, hi;     /* key range: one entity or all */
	int limit;
};

/* Validates and reads query (see sqlite/search.h for the rules and messages). */
enum gx_err search_query_prepare(const char *query, const char *entity_or_null, int limit,
                                 struct search_query *q, struct gx_error *err);
void search_query_free(struct search_query *q);

/* Hits collected class by class, keys in the order the backend returns them (descending),
 * duplicates of an earlier class dropped; one hit beyond the limit sets "more". */
struct search_collector {
	struct search_hit *hits;
	size_t n, want;
	int64_t keys[SEARCH_MAX_HITS + 1];
};

void search_collector_init(struct search_collector *c, struct search_hit *hits, int limit);
int search_collector_full(const struct search_collector *c);
void search_collector_add(struct search_collector *c, int64_t key, int rank_class);
void search_collector_finish(const struct search_collector *c, size_t *nhits, int *more);

#endif
