/* Merging the search index off the request path (docs/search.md "Merging"). FTS5 merges its
 * segments during the writes themselves (automerge): every so many pages written, the write
 * that crosses the mark merges a chunk of the index, and at a million customers that chunk
 * costs its commit group of `guanxi serve` 30-140 ms, which every request of the group waits
 * for. While the server runs, its writer turns automerge off and merges in small steps in the
 * moments it would otherwise wait, and a few steps after each group of several writes, so that
 * a saturated writer keeps pace (src/store/group_commit.c, "idle"); FTS5's crisis merge (at 16
 * segments on one level, a stall of 100-200 ms when it comes) bounds the index if it does not.
 *
 * SQLite only: on PostgreSQL, whose GIN index folds its pending list itself, these do nothing. */
#ifndef GUANXI_SEARCH_MERGE_H
#define GUANXI_SEARCH_MERGE_H

#include "guanxi/error.h"

struct store;

/* The settings found by store_search_merge_begin (automerge, usermerge), put back by _end. */
#define SEARCH_MERGE_KEYS 2
struct search_merge_setting {
	int stored;       /* the index had a stored value (else FTS5's default was in force) */
	long long value;
};
struct search_merge_saved {
	int active;   /* begin changed the settings */
	struct search_merge_setting was[SEARCH_MERGE_KEYS];
};

/* Turns FTS5's merging on writes off for the whole database (a setting of the index, seen by
 * every connection) and makes the merge steps merge levels of 8 segments (usermerge) until
 * store_search_merge_end. Not inside a transaction. */
enum gx_err store_search_merge_begin(struct store *s, struct search_merge_saved *saved, struct gx_error *err);
/* Puts the setting back as begin found it. */
enum gx_err store_search_merge_end(struct store *s, struct search_merge_saved *saved, struct gx_error *err);
/* One merge step writing about `pages` pages, in the caller's transaction; *worked = 0 when
 * there was nothing to merge (no level holds enough segments). */
enum gx_err store_search_merge_step(struct store *s, int pages, int *worked, struct gx_error *err);

#endif
