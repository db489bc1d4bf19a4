/* The loyalty programme (忠诚计划, PRODUCT.md module 6): clubs (会员俱乐部) with tiers and
 * members (join and leave dates), a points ledger (earn per order by the club's rule, redeem,
 * expire, adjust with a reason), the frequency reward (常客奖励: a discount rising with repeat
 * purchases, capped) and programme suggestions by lifecycle stage (MODELS.md M13).
 *
 * Ledger invariants, kept by every verb in one transaction: the balance is the sum of the
 * entries and never negative; debits (redeem, expire, negative adjust) consume credits oldest
 * first (FIFO), each allocation recorded, so every point traces to the order or reason that
 * created it and the entry that used it; an order earns once per club. A customer's tier is
 * the highest whose threshold their lifetime credited points reach (redemptions and expiry do
 * not demote); a tier change is audited. */
#ifndef GUANXI_LOYALTY_PROGRAMME_H
#define GUANXI_LOYALTY_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/entity_marketing.h"
#include "guanxi/loyalty_store.h"

/* --- pure rules (loyalty_rules.c) --- */

/* The frequency reward in basis points after `purchases` purchases: nothing for the first,
 * step_bp more for each repeat purchase, at most cap_bp. */
int64_t loyalty_frequency_discount_bp(int64_t purchases, int64_t step_bp, int64_t cap_bp);
/* Points an order of net amount net_fen earns: floor(net yuan × points per yuan); 0 when not
 * positive. */
int64_t loyalty_points_for_fen(int64_t net_fen, int64_t points_per_yuan);

struct loyalty_suggestion {
	const char *programme;      /* key: frequency_reward, emotional_contact, special_treatment, community, win_back */
	const char *programme_zh;   /* 常客奖励计划 … */
	const char *campaign_type;  /* the campaign type that carries it */
	const char *rm_level;       /* financial, social, structural */
	const char *why_en, *why_zh;
};
struct loyalty_stage_advice {
	const char *stage;          /* M13 key: prospect … termination */
	const char *stage_zh;
	const char *relationship_phase_zh;   /* seed002: 考察期 / 形成期 / 稳定期 / 退化期 */
	const struct loyalty_suggestion *items;
	size_t n;
};
/* The advice for a lifecycle stage key, or NULL for an unknown key. */
const struct loyalty_stage_advice *loyalty_stage_advice(const char *stage);

/* --- clubs, tiers, members (loyalty.c) --- */

/* Creates a club (defaults: 1 point per yuan, points expire after 12 months, frequency reward
 * 1% per repeat purchase capped at 10%). */
enum gx_err app_club_create(struct app *app, struct record *in, struct gx_error *err);
enum gx_err app_club_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err);
/* Adds a tier; its code and threshold must be new in the club, the threshold not negative. */
enum gx_err app_club_tier_add(struct app *app, int64_t club_id, const char *code, const char *name,
                              int64_t threshold_points, int64_t *id, struct gx_error *err);
/* Joins on a date (NULL: today); refused when already a member. */
enum gx_err app_club_join(struct app *app, int64_t club_id, int64_t customer_id, const char *joined_on,
                          struct gx_error *err);
/* Leaves on a date (NULL: today), not before the joining date. */
enum gx_err app_club_leave(struct app *app, int64_t club_id, int64_t customer_id, const char *left_on,
                           struct gx_error *err);

struct loyalty_status {
	int64_t club_id;
	const char *club_code, *club_name;
	const char *joined_on;          /* NULL: not a member now */
	int64_t balance, credited;      /* credited: lifetime points credited (the tier's measure) */
	const char *tier_code, *tier_name;       /* NULL below the first threshold */
	const char *next_tier_code;     /* NULL at the top */
	int64_t points_to_next;
	int64_t purchases;              /* since joining */
	int64_t frequency_discount_bp;
};
enum gx_err app_loyalty_status(struct app *app, int64_t club_id, int64_t customer_id,
                               struct gx_arena *a, struct loyalty_status *out, struct gx_error *err);
/* The status in every club the customer is a member of now (for the customer's record). */
enum gx_err app_loyalty_customer(struct app *app, int64_t customer_id, struct gx_arena *a,
                                 struct loyalty_status **out, size_t *n, struct gx_error *err);
/* The customer's lifecycle stage from the latest `guanxi score` run and its advice; stage NULL
 * when the customer has no score yet (then advice is for "prospect"). */
enum gx_err app_loyalty_suggest(struct app *app, int64_t customer_id, struct gx_arena *a,
                                const char **stage, const struct loyalty_stage_advice **advice,
                                struct gx_error *err);

/* --- points (loyalty_points.c) --- */

/* Credits the points an order earns by the club's rule to its customer, who must be a member
 * since the order's date; an order earns once. *points receives them. */
enum gx_err app_points_earn_order(struct app *app, int64_t club_id, int64_t order_id, int64_t *points,
                                  struct gx_error *err);
/* Earns for every order of the club's current members placed since they joined that has not
 * earned yet; *orders and *points count what was credited. One transaction. */
enum gx_err app_points_earn_all(struct app *app, int64_t club_id, int64_t *orders, int64_t *points,
                                struct gx_error *err);
/* Redeems points (> 0, at most the balance after expiring what has lapsed) for a reason. */
enum gx_err app_points_redeem(struct app *app, int64_t club_id, int64_t customer_id, int64_t points,
                              const char *reason, int64_t *entry_id, struct gx_error *err);
/* A manual correction (non-zero; a negative one at most the balance) with its reason. */
enum gx_err app_points_adjust(struct app *app, int64_t club_id, int64_t customer_id, int64_t delta,
                              const char *reason, int64_t *entry_id, struct gx_error *err);
/* Expires every credit of the club (of one customer when customer_id > 0) whose expiry date is
 * on or before as_of (NULL: today): one expire entry per credit for its remaining points. */
enum gx_err app_points_expire(struct app *app, int64_t club_id, int64_t customer_id, const char *as_of,
                              int64_t *entries, int64_t *points, struct gx_error *err);

#endif
