/* Clubs, tiers and memberships of the loyalty programme, a customer's standing in a club and
 * the stage-based suggestions (see guanxi/loyalty_programme.h). The points ledger is in
 * loyalty_points.c. */
#include <stdio.h>
#include <string.h>

#include "app/marketing_internal.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/record_store.h"
#include "guanxi/score_store.h"

enum gx_err app_club_create(struct app *app, struct record *in, struct gx_error *err)
{
	static const struct { const char *f; int64_t def; } defaults[] = {
		{"points_per_yuan", 1}, {"expiry_months", 12}, {"freq_step_bp", 100}, {"freq_cap_bp", 1000}};
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (record_is_null(in, defaults[i].f))
			record_set_int(in, defaults[i].f, defaults[i].def);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (record_int(in, defaults[i].f) < 0)
			return gx_error_set(err, GX_EINVAL, defaults[i].f, _("%s must not be negative"), defaults[i].f);
	if (record_int(in, "freq_cap_bp") > 10000)
		return gx_error_set(err, GX_EINVAL, "freq_cap_bp",
		                    _("freq_cap_bp is in basis points and at most 10000 (100%%)"));
	if (record_int(in, "expiry_months") > 1200)
		return gx_error_set(err, GX_EINVAL, "expiry_months", "%s", _("expiry_months must be at most 1200"));
	enum gx_err e = app_record_check_required(in, err);
	if (e != GX_OK || (e = store_begin(app->store, err)) != GX_OK)
		return e;
	if ((e = mk_code_free(app, &entity_club, record_text(in, "code"), 0, err)) == GX_OK &&
	    (e = store_record_insert(app->store, in, err)) == GX_OK &&
	    (e = app_audit_change(app, "create", NULL, in, 0, err)) == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_club_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err)
{
	return mk_resolve(app, &entity_club, id_or_code, id, err);
}

enum gx_err app_club_tier_add(struct app *app, int64_t club_id, const char *code, const char *name,
                              int64_t threshold_points, int64_t *id, struct gx_error *err)
{
	if (!code || !*code || strlen(code) > 64 || strchr(code, ' '))
		return gx_error_set(err, GX_EINVAL, "code", "%s", _("a tier needs a code without spaces (at most 64 characters)"));
	if (!name || !*name)
		return gx_error_set(err, GX_EINVAL, "name", "%s", _("a tier needs a name"));
	if (threshold_points < 0)
		return gx_error_set(err, GX_EINVAL, "threshold_points", "%s", _("threshold_points must not be negative"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record club;
	struct store_tier *tiers;
	size_t n;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_club, club_id, &a, &club, err)) != GX_OK ||
	    (e = store_tiers(app->store, club_id, &a, &tiers, &n, err)) != GX_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(tiers[i].code, code) == 0 || tiers[i].threshold_points == threshold_points) {
			e = gx_error_set(err, GX_ECONFLICT, strcmp(tiers[i].code, code) == 0 ? "code" : "threshold_points",
			                 _("club %s already has tier %s with threshold %lld"), record_text(&club, "code"),
			                 tiers[i].code, (long long)tiers[i].threshold_points);
			goto fail;
		}
	}
	struct store_tier t = {.club_id = club_id, .code = code, .name = name, .threshold_points = threshold_points};
	if ((e = store_tier_insert(app->store, &t, id, err)) != GX_OK ||
	    (e = mk_audit_json(app, "tier_add", "club", club_id,
	                       json_pack("{s:s, s:I}", "tier", code, "threshold_points", (json_int_t)threshold_points),
	                       err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

/* A date argument: NULL means today; otherwise strict YYYY-MM-DD. */
static enum gx_err date_or_today(struct app *app, const char *text, const char *field, char out[16],
                                 struct gx_error *err)
{
	if (!text || !*text)
		return mk_today(app, out, err);
	int32_t d;
	enum gx_err e = gx_date_parse(text, &d, field, err);
	if (e == GX_OK) {
		char buf[GX_DATE_FMT_SIZE];
		snprintf(out, 16, "%s", gx_date_format(d, buf));
	}
	return e;
}

enum gx_err app_club_join(struct app *app, int64_t club_id, int64_t customer_id, const char *joined_on,
                          struct gx_error *err)
{
	char day[16], now[32];
	enum gx_err e = date_or_today(app, joined_on, "joined_on", day, err);
	if (e != GX_OK)
		return e;
	gx_now_iso(now);
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record club, cust;
	struct store_membership m;
	int found = 0;
	int64_t id;
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_club, club_id, &a, &club, err)) != GX_OK)
		goto fail;
	if ((e = mk_load_live(app, &entity_customer, customer_id, &a, &cust, err)) != GX_OK) {
		gx_error_set(err, e, "customer_id", _("customer %lld does not exist or is in the recycle bin"),
		             (long long)customer_id);
		goto fail;
	}
	if ((e = store_club_member_open(app->store, club_id, customer_id, &a, &m, &found, err)) != GX_OK)
		goto fail;
	if (found) {
		e = gx_error_set(err, GX_ECONFLICT, "customer_id", _("customer %s has been a member of club %s since %s"),
		                 record_text(&cust, "code"), record_text(&club, "code"), m.joined_on);
		goto fail;
	}
	const char *changes = gx_arena_printf(&a, "{\"customer_id\":%lld,\"joined_on\":\"%s\"}",
	                                      (long long)customer_id, day);
	if ((e = store_club_member_join(app->store, club_id, customer_id, day, now, &id, err)) != GX_OK ||
	    (e = mk_audit(app, "join", "club", club_id, changes, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_club_leave(struct app *app, int64_t club_id, int64_t customer_id, const char *left_on,
                           struct gx_error *err)
{
	char day[16];
	enum gx_err e = date_or_today(app, left_on, "left_on", day, err);
	if (e != GX_OK)
		return e;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record club;
	struct store_membership m;
	int found = 0;
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_club, club_id, &a, &club, err)) != GX_OK ||
	    (e = store_club_member_open(app->store, club_id, customer_id, &a, &m, &found, err)) != GX_OK)
		goto fail;
	if (!found) {
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %lld is not a member of club %s"),
		                 (long long)customer_id, record_text(&club, "code"));
		goto fail;
	}
	if (strcmp(day, m.joined_on) < 0) {
		e = gx_error_set(err, GX_EINVAL, "left_on", _("left_on %s is before the joining date %s"), day,
		                 m.joined_on);
		goto fail;
	}
	const char *changes = gx_arena_printf(&a, "{\"customer_id\":%lld,\"left_on\":\"%s\"}",
	                                      (long long)customer_id, day);
	if ((e = store_club_member_leave(app->store, m.id, day, err)) != GX_OK ||
	    (e = mk_audit(app, "leave", "club", club_id, changes, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_loyalty_status(struct app *app, int64_t club_id, int64_t customer_id,
                               struct gx_arena *a, struct loyalty_status *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	struct record club;
	struct store_membership m;
	struct store_tier *tiers;
	size_t n;
	int found = 0;
	enum gx_err e;
	if ((e = mk_load_live(app, &entity_club, club_id, a, &club, err)) != GX_OK ||
	    (e = store_club_member_open(app->store, club_id, customer_id, a, &m, &found, err)) != GX_OK ||
	    (e = store_points_totals(app->store, club_id, customer_id, &out->balance, &out->credited, err)) != GX_OK ||
	    (e = store_tiers(app->store, club_id, a, &tiers, &n, err)) != GX_OK)
		return e;
	out->club_id = club_id;
	out->club_code = record_text(&club, "code");
	out->club_name = record_text(&club, "name");
	out->joined_on = found ? m.joined_on : NULL;
	for (size_t i = 0; i < n; i++) {
		if (tiers[i].threshold_points <= out->credited) {
			out->tier_code = tiers[i].code;
			out->tier_name = tiers[i].name;
		} else if (!out->next_tier_code) {
			out->next_tier_code = tiers[i].code;
			out->points_to_next = tiers[i].threshold_points - out->credited;
		}
	}
	if (found) {
		if ((e = store_purchases_since(app->store, customer_id, m.joined_on, &out->purchases, err)) != GX_OK)
			return e;
		out->frequency_discount_bp = loyalty_frequency_discount_bp(
			out->purchases, record_int(&club, "freq_step_bp"), record_int(&club, "freq_cap_bp"));
	}
	return GX_OK;
}

enum gx_err app_loyalty_customer(struct app *app, int64_t customer_id, struct gx_arena *a,
                                 struct loyalty_status **out, size_t *n, struct gx_error *err)
{
	struct store_membership *m;
	size_t nm;
	*out = NULL;
	*n = 0;
	enum gx_err e = store_club_members(app->store, 0, customer_id, 0, a, &m, &nm, err);
	if (e != GX_OK || nm == 0)
		return e;
	*out = gx_arena_calloc(a, nm, sizeof **out);
	for (size_t i = 0; i < nm && e == GX_OK; i++) {
		e = app_loyalty_status(app, m[i].club_id, customer_id, a, &(*out)[*n], err);
		if (e == GX_ENOTFOUND) {   /* a deleted club: not shown */
			e = GX_OK;
			continue;
		}
		if (e == GX_OK)
			(*n)++;
	}
	return e;
}

enum gx_err app_loyalty_suggest(struct app *app, int64_t customer_id, struct gx_arena *a,
                                const char **stage, const struct loyalty_stage_advice **advice,
                                struct gx_error *err)
{
	struct record cust;
	struct store_score sc;
	int found = 0;
	*stage = NULL;
	enum gx_err e = mk_load_live(app, &entity_customer, customer_id, a, &cust, err);
	if (e == GX_OK)
		e = store_score_get(app->store, customer_id, a, &sc, &found, err);
	if (e != GX_OK)
		return e;
	if (found && sc.lifecycle_stage)
		*stage = sc.lifecycle_stage;
	*advice = loyalty_stage_advice(*stage ? *stage : "prospect");
	if (!*advice)
		*advice = loyalty_stage_advice("prospect");
	return GX_OK;
}
