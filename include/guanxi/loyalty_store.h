/* Storage of the loyalty programme (migration 0008_marketing.sql): club memberships, tiers and
 * the points ledger with its FIFO allocations. Clubs are records of the generic record store.
 * The rules (what may be redeemed, when points lapse, which tier applies) are in app/loyalty.c;
 * the caller holds the transaction for anything that writes. */
#ifndef GUANXI_LOYALTY_STORE_H
#define GUANXI_LOYALTY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

/* --- memberships --- */
struct store_membership {
	int64_t id, club_id, customer_id;
	const char *club_code, *club_name, *joined_on, *left_on;
};
/* The customer's open membership of the club; *found = 0 when not a member now. */
enum gx_err store_club_member_open(struct store *s, int64_t club_id, int64_t customer_id,
                                   struct gx_arena *a, struct store_membership *out, int *found,
                                   struct gx_error *err);
enum gx_err store_club_member_join(struct store *s, int64_t club_id, int64_t customer_id,
                                   const char *joined_on, const char *now, int64_t *id,
                                   struct gx_error *err);
enum gx_err store_club_member_leave(struct store *s, int64_t membership_id, const char *left_on,
                                    struct gx_error *err);
/* Memberships of a customer (customer_id > 0) or of a club (club_id > 0), open ones only
 * unless all is set: a club's oldest first, a customer's by club (then oldest first). */
enum gx_err store_club_members(struct store *s, int64_t club_id, int64_t customer_id, int all,
                               struct gx_arena *a, struct store_membership **out, size_t *n,
                               struct gx_error *err);

/* --- tiers --- */
struct store_tier {
	int64_t id, club_id;
	const char *code, *name;
	int64_t threshold_points;
};
enum gx_err store_tier_insert(struct store *s, const struct store_tier *t, int64_t *id,
                              struct gx_error *err);
/* The club's tiers by rising threshold. */
enum gx_err store_tiers(struct store *s, int64_t club_id, struct gx_arena *a,
                        struct store_tier **out, size_t *n, struct gx_error *err);

/* --- ledger --- */
struct store_points_entry {
	int64_t id, club_id, customer_id;
	const char *kind;           /* earn, redeem, expire, adjust */
	int64_t points;             /* credits > 0, debits < 0 */
	int64_t remaining;          /* credits: not yet consumed */
	const char *entry_date, *expires_on;
	int64_t order_id;           /* 0: none */
	const char *reason;
	int64_t user_id;            /* 0: the system */
	const char *created_at;
};
enum gx_err store_points_insert(struct store *s, const struct store_points_entry *p, int64_t *id,
                                struct gx_error *err);
/* Balance (sum of every entry) and lifetime credits (sum of positive entries). */
enum gx_err store_points_totals(struct store *s, int64_t club_id, int64_t customer_id,
                                int64_t *balance, int64_t *credited, struct gx_error *err);
/* Credits with points left, oldest first (entry date, then id): the FIFO order of debits.
 * With before (a date, may be NULL) only those whose expires_on is on or before it. With
 * customer_id 0, those of every customer of the club. */
enum gx_err store_points_open_credits(struct store *s, int64_t club_id, int64_t customer_id,
                                      const char *expiring_by, struct gx_arena *a,
                                      struct store_points_entry **out, size_t *n,
                                      struct gx_error *err);
/* Takes points from a credit for a debit: lowers its remaining and records the allocation. */
enum gx_err store_points_allocate(struct store *s, int64_t debit_id, int64_t credit_id,
                                  int64_t points, struct gx_error *err);
/* Every entry of a customer in a club, oldest first. */
enum gx_err store_points_entries(struct store *s, int64_t club_id, int64_t customer_id,
                                 struct gx_arena *a, struct store_points_entry **out, size_t *n,
                                 struct gx_error *err);
/* *found = 1 when the order already earned points in the club. */
enum gx_err store_points_order_earned(struct store *s, int64_t club_id, int64_t order_id,
                                      int *found, struct gx_error *err);
/* Purchases (sale orders with a positive net amount, not cancelled) of a customer on or after
 * a date: what the frequency reward counts. */
enum gx_err store_purchases_since(struct store *s, int64_t customer_id, const char *since,
                                  int64_t *count, struct gx_error *err);
/* An order's net amount: its own plus its live refunds'. */
enum gx_err store_order_net_fen(struct store *s, int64_t order_id, int64_t *net, struct gx_error *err);
/* Live sale orders of a customer placed on or after since that have not earned points in the
 * club, oldest first (ids into an arena array). */
enum gx_err store_points_unearned_orders(struct store *s, int64_t club_id, int64_t customer_id,
                                         const char *since, struct gx_arena *a, int64_t **ids,
                                         size_t *n, struct gx_error *err);

#endif
