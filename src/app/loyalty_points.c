/* The points ledger (积分): earn per order, redeem, expire and adjust, with the invariants of
 * guanxi/loyalty_programme.h. Each public verb is one transaction: lapsed points of the
 * customer are expired first (so they can never be redeemed), then the entry is written and,
 * for a debit, allocated to the oldest credits with points left. The inner functions here
 * assume the caller's transaction. */
#include <string.h>

#include "app/marketing_internal.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/record_store.h"

/* What one verb needs about its club and the moment. */
struct pctx {
	struct app *app;
	struct gx_arena *a;
	struct record club;
	int64_t club_id;
	char today[16], now[32];
};

static enum gx_err pctx_open(struct pctx *c, struct app *app, int64_t club_id, struct gx_arena *a,
                             struct gx_error *err)
{
	memset(c, 0, sizeof *c);
	c->app = app;
	c->a = a;
	c->club_id = club_id;
	gx_now_iso(c->now);
	enum gx_err e = mk_today(app, c->today, err);
	if (e == GX_OK)
		e = mk_load_live(app, &entity_club, club_id, a, &c->club, err);
	return e;
}

static const char *tier_for(const struct store_tier *t, size_t n, int64_t credited)
{
	const char *code = NULL;
	for (size_t i = 0; i < n; i++)
		if (t[i].threshold_points <= credited)
			code = t[i].code;
	return code;
}

/* Inserts a credit and audits the tier change it causes, if any. */
static enum gx_err credit(struct pctx *c, int64_t customer_id, const char *kind, int64_t points,
                          const char *entry_date, int64_t order_id, const char *reason, int64_t *id,
                          struct gx_error *err)
{
	struct store *s = c->app->store;
	struct store_tier *tiers;
	size_t nt;
	int64_t balance, before, after;
	enum gx_err e;
	if ((e = store_tiers(s, c->club_id, c->a, &tiers, &nt, err)) != GX_OK ||
	    (e = store_points_totals(s, c->club_id, customer_id, &balance, &before, err)) != GX_OK)
		return e;
	const char *expires = NULL;
	int64_t months = record_int(&c->club, "expiry_months");
	if (months > 0) {
		int32_t d;
		if ((e = gx_date_parse(entry_date, &d, "entry_date", err)) != GX_OK)
			return e;
		char buf[GX_DATE_FMT_SIZE];
		expires = gx_arena_strdup(c->a, gx_date_format(gx_date_add_months(d, (int)months), buf));
	}
	struct store_points_entry p = {
		.club_id = c->club_id, .customer_id = customer_id, .kind = kind, .points = points,
		.remaining = points, .entry_date = entry_date, .expires_on = expires, .order_id = order_id,
		.reason = reason, .user_id = c->app->actor.user_id, .created_at = c->now,
	};
	if ((e = store_points_insert(s, &p, id, err)) != GX_OK)
		return e;
	const char *changes = gx_arena_printf(c->a, "{\"club_id\":%lld,\"points\":%lld,\"order_id\":%lld}",
	                                      (long long)c->club_id, (long long)points, (long long)order_id);
	if ((e = mk_audit(c->app, kind, "points", *id, changes, err)) != GX_OK)
		return e;
	after = before + points;
	const char *t0 = tier_for(tiers, nt, before), *t1 = tier_for(tiers, nt, after);
	if ((t0 == NULL) != (t1 == NULL) || (t0 && strcmp(t0, t1) != 0)) {
		json_t *j = json_pack("{s:s, s:[s?, s], s:I}", "club", record_text(&c->club, "code"), "tier", t0, t1,
		                      "credited", (json_int_t)after);
		e = mk_audit_json(c->app, "tier_change", "customer", customer_id, j, err);
	}
	return e;
}

/* Inserts a debit of `points` (> 0) and allocates it to the oldest credits with points left;
 * only_credit > 0 restricts it to that credit (expiry). */
static enum gx_err debit(struct pctx *c, int64_t customer_id, const char *kind, int64_t points,
                         const char *entry_date, const char *reason, int64_t only_credit, int64_t *id,
                         struct gx_error *err)
{
	struct store *s = c->app->store;
	struct store_points_entry p = {
		.club_id = c->club_id, .customer_id = customer_id, .kind = kind, .points = -points,
		.entry_date = entry_date, .reason = reason, .user_id = c->app->actor.user_id,
		.created_at = c->now,
	};
	enum gx_err e = store_points_insert(s, &p, id, err);
	if (e != GX_OK)
		return e;
	if (only_credit > 0) {
		e = store_points_allocate(s, *id, only_credit, points, err);
	} else {
		struct store_points_entry *cr;
		size_t n;
		if ((e = store_points_open_credits(s, c->club_id, customer_id, NULL, c->a, &cr, &n, err)) != GX_OK)
			return e;
		int64_t left = points;
		for (size_t i = 0; i < n && left > 0 && e == GX_OK; i++) {
			int64_t take = cr[i].remaining < left ? cr[i].remaining : left;
			e = store_points_allocate(s, *id, cr[i].id, take, err);
			left -= take;
		}
		if (e == GX_OK && left > 0)
			return gx_error_set(err, GX_EINTERNAL, "points", "ledger of customer %lld: %lld points not covered",
			                    (long long)customer_id, (long long)left);
	}
	if (e != GX_OK)
		return e;
	const char *changes = gx_arena_printf(c->a, "{\"club_id\":%lld,\"points\":%lld}",
	                                      (long long)c->club_id, (long long)-points);
	return mk_audit(c->app, kind, "points", *id, changes, err);
}

/* Expires the lapsed credits (expiry date on or before as_of) of one customer or all. */
static enum gx_err expire_lapsed(struct pctx *c, int64_t customer_id, const char *as_of,
                                 int64_t *entries, int64_t *points, struct gx_error *err)
{
	struct store_points_entry *cr;
	size_t n;
	enum gx_err e = store_points_open_credits(c->app->store, c->club_id, customer_id, as_of, c->a, &cr, &n, err);
	for (size_t i = 0; i < n && e == GX_OK; i++) {
		int64_t id;
		const char *why = gx_arena_printf(c->a, "expired: entry %lld", (long long)cr[i].id);
		e = debit(c, cr[i].customer_id, "expire", cr[i].remaining, cr[i].expires_on, why, cr[i].id, &id, err);
		if (entries)
			(*entries)++;
		if (points)
			*points += cr[i].remaining;
	}
	return e;
}

/* The customer must be a member now; *joined_on receives the date. */
static enum gx_err need_member(struct pctx *c, int64_t customer_id, const char **joined_on,
                               struct gx_error *err)
{
	struct store_membership m;
	int found = 0;
	enum gx_err e = store_club_member_open(c->app->store, c->club_id, customer_id, c->a, &m, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %lld is not a member of club %s"),
		                 (long long)customer_id, record_text(&c->club, "code"));
	if (e == GX_OK && joined_on)
		*joined_on = m.joined_on;
	return e;
}

/* Earns for one order inside the caller's transaction. With skip_small, an order that earns
 * no points is passed over (*points = 0) instead of refused. */
static enum gx_err earn_one(struct pctx *c, int64_t order_id, int skip_small, int64_t *points,
                            struct gx_error *err)
{
	struct record o;
	*points = 0;
	enum gx_err e = mk_load_live(c->app, &entity_order, order_id, c->a, &o, err);
	if (e != GX_OK) {
		mk_error_field(err, "order_id");
		return e;
	}
	const char *no = record_text(&o, "order_no"), *day = record_text(&o, "order_date");
	if (strcmp(record_text(&o, "kind"), "sale") != 0 ||
	    (record_text(&o, "status") && strcmp(record_text(&o, "status"), "cancelled") == 0))
		return gx_error_set(err, GX_EINVAL, "order_id", _("order %s is a refund or cancelled: only a sale earns points"), no);
	int64_t customer = record_int(&o, "customer_id");
	const char *joined;
	if ((e = need_member(c, customer, &joined, err)) != GX_OK)
		return e;
	if (strcmp(day, joined) < 0)
		return gx_error_set(err, GX_EINVAL, "order_id", _("order %s (%s) was placed before the customer joined club %s (%s)"),
		                    no, day, record_text(&c->club, "code"), joined);
	int found = 0;
	if ((e = store_points_order_earned(c->app->store, c->club_id, order_id, &found, err)) != GX_OK)
		return e;
	if (found)
		return gx_error_set(err, GX_ECONFLICT, "order_id", _("order %s has already earned points in club %s"),
		                    no, record_text(&c->club, "code"));
	int64_t net;
	if ((e = store_order_net_fen(c->app->store, order_id, &net, err)) != GX_OK)
		return e;
	int64_t pts = loyalty_points_for_fen(net, record_int(&c->club, "points_per_yuan"));
	if (pts <= 0)
		return skip_small ? GX_OK
		                  : gx_error_set(err, GX_EINVAL, "order_id", _("order %s earns no points (net amount %lld fen)"),
		                                 no, (long long)net);
	if ((e = expire_lapsed(c, customer, c->today, NULL, NULL, err)) != GX_OK)
		return e;
	int64_t id;
	if ((e = credit(c, customer, "earn", pts, day, order_id, NULL, &id, err)) == GX_OK)
		*points = pts;
	return e;
}

enum gx_err app_points_earn_order(struct app *app, int64_t club_id, int64_t order_id, int64_t *points,
                                  struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct pctx c;
	enum gx_err e = store_begin(app->store, err);
	if (e == GX_OK) {
		if ((e = pctx_open(&c, app, club_id, &a, err)) == GX_OK &&
		    (e = earn_one(&c, order_id, 0, points, err)) == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_points_earn_all(struct app *app, int64_t club_id, int64_t *orders, int64_t *points,
                                struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct pctx c;
	*orders = *points = 0;
	struct store_membership *m;
	size_t nm;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = pctx_open(&c, app, club_id, &a, err)) != GX_OK ||
	    (e = store_club_members(app->store, club_id, 0, 0, &a, &m, &nm, err)) != GX_OK)
		goto fail;
	for (size_t i = 0; i < nm; i++) {
		int64_t *ids;
		size_t n;
		if ((e = store_points_unearned_orders(app->store, club_id, m[i].customer_id, m[i].joined_on, &a,
		                                      &ids, &n, err)) != GX_OK)
			goto fail;
		for (size_t k = 0; k < n; k++) {
			int64_t p;
			if ((e = earn_one(&c, ids[k], 1, &p, err)) != GX_OK)
				goto fail;
			*orders += p > 0;
			*points += p;
		}
	}
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

/* A debit by the user (redeem or negative adjust): member, reason, within the balance. */
static enum gx_err user_debit(struct app *app, int64_t club_id, int64_t customer_id, const char *kind,
                              int64_t points, const char *reason, int64_t *entry_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct pctx c;
	int64_t balance, credited;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = pctx_open(&c, app, club_id, &a, err)) != GX_OK || (e = need_member(&c, customer_id, NULL, err)) != GX_OK ||
	    (e = expire_lapsed(&c, customer_id, c.today, NULL, NULL, err)) != GX_OK ||
	    (e = store_points_totals(app->store, club_id, customer_id, &balance, &credited, err)) != GX_OK)
		goto fail;
	if (points > balance) {
		e = gx_error_set(err, GX_EINVAL, "points",
		                 _("cannot take %lld points: the balance of customer %lld in club %s is %lld"),
		                 (long long)points, (long long)customer_id, record_text(&c.club, "code"),
		                 (long long)balance);
		goto fail;
	}
	if ((e = debit(&c, customer_id, kind, points, c.today, reason, 0, entry_id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

static enum gx_err check_reason(const char *reason, struct gx_error *err)
{
	if (!reason || !*reason)
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("a reason is required for this points entry"));
	if (strlen(reason) > 500)
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("the reason is longer than 500 bytes"));
	return GX_OK;
}

enum gx_err app_points_redeem(struct app *app, int64_t club_id, int64_t customer_id, int64_t points,
                              const char *reason, int64_t *entry_id, struct gx_error *err)
{
	if (points <= 0)
		return gx_error_set(err, GX_EINVAL, "points", _("points to redeem must be positive, not %lld"),
		                    (long long)points);
	enum gx_err e = check_reason(reason, err);
	if (e != GX_OK)
		return e;
	return user_debit(app, club_id, customer_id, "redeem", points, reason, entry_id, err);
}

enum gx_err app_points_adjust(struct app *app, int64_t club_id, int64_t customer_id, int64_t delta,
                              const char *reason, int64_t *entry_id, struct gx_error *err)
{
	if (delta == 0)
		return gx_error_set(err, GX_EINVAL, "points", "%s", _("an adjustment of 0 points changes nothing"));
	if (delta > 100000000 || delta < -100000000)
		return gx_error_set(err, GX_EINVAL, "points", "%s", _("an adjustment is at most 100000000 points"));
	enum gx_err e = check_reason(reason, err);
	if (e != GX_OK)
		return e;
	if (delta < 0)
		return user_debit(app, club_id, customer_id, "adjust", -delta, reason, entry_id, err);
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct pctx c;
	if ((e = store_begin(app->store, err)) == GX_OK) {
		if ((e = pctx_open(&c, app, club_id, &a, err)) == GX_OK &&
		    (e = need_member(&c, customer_id, NULL, err)) == GX_OK &&
		    (e = expire_lapsed(&c, customer_id, c.today, NULL, NULL, err)) == GX_OK &&
		    (e = credit(&c, customer_id, "adjust", delta, c.today, 0, reason, entry_id, err)) == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_points_expire(struct app *app, int64_t club_id, int64_t customer_id, const char *as_of,
                              int64_t *entries, int64_t *points, struct gx_error *err)
{
	*entries = *points = 0;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct pctx c;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = pctx_open(&c, app, club_id, &a, err)) != GX_OK)
		goto fail;
	const char *day = c.today;
	if (as_of && *as_of) {
		int32_t d;
		if ((e = gx_date_parse(as_of, &d, "as_of", err)) != GX_OK)
			goto fail;
		day = as_of;
	}
	if ((e = expire_lapsed(&c, customer_id, day, entries, points, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
