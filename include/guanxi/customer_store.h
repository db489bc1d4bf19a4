/* Customer-specific storage beyond the generic record store: party roles and tags (side
 * tables), duplicate candidates, the moves of a merge, public-pool bookkeeping, and the search
 * index. */
#ifndef GUANXI_CUSTOMER_STORE_H
#define GUANXI_CUSTOMER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/entity.h"
#include "guanxi/search.h"
#include "guanxi/store.h"

/* Replaces the customer's roles / tags with the given list. Tags are created as needed. */
enum gx_err store_customer_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n,
                                     struct gx_error *err);
enum gx_err store_customer_set_tags(struct store *s, int64_t id, const char *const *tags, size_t n,
                                    struct gx_error *err);
/* The roles / tags joined with ";" (sorted), or NULL when none. */
/* Roles and tags together (one statement), each as store_customer_roles/_tags give them. */
enum gx_err store_customer_roles_tags(struct store *s, int64_t id, struct gx_arena *a, const char **roles,
                                      const char **tags, struct gx_error *err);
enum gx_err store_customer_roles(struct store *s, int64_t id, struct gx_arena *a, const char **out,
                                 struct gx_error *err);
enum gx_err store_customer_tags(struct store *s, int64_t id, struct gx_arena *a, const char **out,
                                struct gx_error *err);

enum dup_reason { DUP_PHONE, DUP_EMAIL, DUP_USCC, DUP_NAME };

struct customer_dup {
	int64_t id;
	const char *code, *name;
	enum dup_reason reason;
};

/* Live customers (not deleted, not merged) other than exclude_id that share a normalised phone
 * (any of phones), the e-mail, the USCC, or the normalised name. At most 20. */
enum gx_err store_customer_duplicates(struct store *s, int64_t exclude_id, const char *const *phones,
                                      size_t nphones, const char *email_norm, const char *uscc,
                                      const char *name_norm, struct gx_arena *a,
                                      struct customer_dup **out, size_t *n, struct gx_error *err);

/* Calls fn with the identifying keys of every customer row with an id above after_id
 * (deleted and merged ones too; NULL for an empty column); *max_id: the largest id seen, or
 * after_id. */
typedef void (*store_customer_key_fn)(void *ctx, const char *code, const char *phone_norm,
                                      const char *mobile_norm, const char *email_norm,
                                      const char *uscc);
enum gx_err store_customer_each_key(struct store *s, int64_t after_id, store_customer_key_fn fn,
                                    void *ctx, int64_t *max_id, struct gx_error *err);

/* Moves every record that belongs to `from` to `into` (contacts, interactions, orders, roles,
 * tags, influence links, referrals) and counts what moved into *moved. */
enum gx_err store_customer_merge_move(struct store *s, int64_t from, int64_t into, int64_t *moved,
                                      struct gx_error *err);

enum gx_err store_customer_max_id(struct store *s, int64_t *max_id, struct gx_error *err);
enum gx_err store_customer_set_deleted_by(struct store *s, int64_t id, int64_t user_id,
                                          struct gx_error *err);
/* Removes a customer row and what hangs on it (contacts, interactions, roles, tags, links,
 * pool history, search entry). GX_ECONFLICT while orders reference it. */
enum gx_err store_customer_purge_rows(struct store *s, int64_t id, struct gx_error *err);
/* Ids of customers deleted before `cutoff` (ISO instant), at most `max`. */
enum gx_err store_customer_deleted_before(struct store *s, const char *cutoff, size_t max,
                                          struct gx_arena *a, int64_t **ids, size_t *n,
                                          struct gx_error *err);

/* Influence links (customer_influences). *changed = 0 when the link already existed / did not. */
enum gx_err store_customer_link(struct store *s, int64_t indirect_id, int64_t direct_id,
                                const char *note, int64_t *changed, struct gx_error *err);
enum gx_err store_customer_unlink(struct store *s, int64_t indirect_id, int64_t direct_id,
                                  int64_t *changed, struct gx_error *err);
/* The customers `id` influences (direction 0) or is influenced by (1), as "CODE name; …". */
enum gx_err store_customer_links(struct store *s, int64_t id, int direction, struct gx_arena *a,
                                 const char **out, struct gx_error *err);

/* Public pool bookkeeping. */
enum gx_err store_pool_owned_count(struct store *s, int64_t user_id, int64_t *count, struct gx_error *err);
/* Claims by the user at or after `since` (ISO instant). */
enum gx_err store_pool_claims_since(struct store *s, int64_t user_id, const char *since,
                                    int64_t *count, struct gx_error *err);
/* The latest release or recycle of this customer away from this user, or NULL. */
enum gx_err store_pool_last_loss(struct store *s, int64_t customer_id, int64_t user_id,
                                 struct gx_arena *a, const char **at, struct gx_error *err);
enum gx_err store_pool_event(struct store *s, int64_t customer_id, int64_t user_id, int64_t actor_id,
                             const char *action, const char *reason, int64_t job_id,
                             struct gx_error *err);
/* Owned, live customers whose last owner contact (or assignment, or creation) is before cutoff. */
enum gx_err store_pool_recycle_candidates(struct store *s, const char *cutoff, struct gx_arena *a,
                                          int64_t **ids, int64_t **owners, size_t *n,
                                          struct gx_error *err);
/* Records a touch by the owner (an interaction by the owner, or an order) at `at`. */
enum gx_err store_customer_touch(struct store *s, int64_t id, const char *at, struct gx_error *err);

/* Search: (re)indexes a record's FF_SEARCH fields; removes it; queries. */
enum gx_err store_search_index_record(struct store *s, const struct record *r, struct gx_error *err);
enum gx_err store_search_remove(struct store *s, const char *entity, int64_t id, struct gx_error *err);
enum gx_err store_search(struct store *s, const char *query, const char *entity, int limit,
                         struct search_hit *hits, size_t *n, int *more, struct gx_error *err);
/* PostgreSQL: recounts the common grams the search plans its paths by (migration 0023,
 * docs/search.md) after the index grew a lot (a demo, a copy, an import); a search with
 * stale counts is slower, never different. Does nothing on SQLite. */
enum gx_err store_search_stats_refresh(struct store *s, struct gx_error *err);

/* A hit as the search box shows it: the record's code and name (a ticket's subject), NULL
 * where it has none; copies in the caller's arena. */
struct search_item {
	struct search_hit hit;
	const char *code;
	const char *name;
};
/* store_search with each hit's code and name (search_items.c): one query per entity among the
 * hits reads only those columns, under the row scope, live records only. Hits the caller may
 * not see, and records deleted since they were indexed, are left out; the order is the
 * index's; *more says whether the index had more matches. items needs room for limit
 * (<= 0 or > SEARCH_MAX_HITS: SEARCH_MAX_HITS). */
enum gx_err store_search_items(struct store *s, const char *query, const char *entity, int limit,
                               struct gx_arena *a, struct search_item *items, size_t *n, int *more,
                               struct gx_error *err);

#endif
