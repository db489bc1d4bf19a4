/* Search results as the application sees them, whatever the store backend (DECISIONS.md
 * "Search": one box over customers, contacts, leads and tickets, ranked, at most 50). */
#ifndef GUANXI_SEARCH_H
#define GUANXI_SEARCH_H

#include <stdint.h>

#define SEARCH_MAX_HITS 50      /* a search returns at most this many hits (plus a "more" flag) */
#define SEARCH_MIN_CHARS 2      /* shorter search terms are ignored */
#define SEARCH_MAX_CHARS 200    /* longer search texts are refused */

enum search_rank_class {
	SEARCH_RANK_EXACT = 0,      /* the query equals the record's code or normalised phone */
	SEARCH_RANK_PREFIX = 1,     /* a field (or its pinyin) starts with the query */
	SEARCH_RANK_SUBSTRING = 2   /* the query occurs somewhere in a field (or its pinyin) */
};

struct search_hit {
	char entity[16];            /* "customer", "contact", "lead", "ticket" */
	int64_t id;
	int rank_class;             /* enum search_rank_class */
	double score;               /* higher first; hits come sorted by it */
};

#endif
