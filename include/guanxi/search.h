/* Global search results: one box over customers (and later contacts, leads, tickets).
 * Ranking classes follow DECISIONS.md: exact code/phone, then prefix, then substring. */
#ifndef GUANXI_SEARCH_H
#define GUANXI_SEARCH_H

#include <stdint.h>

enum { SEARCH_MAX_RESULTS = 50 };

struct search_hit {
	char entity[16];     /* "customer", "contact", ... */
	int64_t id;
	int rank_class;      /* 0 exact code/phone, 1 prefix, 2 substring */
	double score;        /* within a class, higher is better */
};

#endif
