/* Campaigns (营销活动): a draft names its type, relationship-marketing level, budget and target
 * segment; launching freezes the segment's live customers into members (later changes to the
 * segment or the customers do not move the list); responses and conversions (linked orders)
 * are recorded per member, and the figures follow from them:
 *   cost per response = actual cost / responses,
 *   ROI = (margin of the linked orders − actual cost) / actual cost,
 * with the linked orders' amounts net of their refunds (DECISIONS.md "Orders in analytics"). */
#include <math.h>
#include <string.h>

#include "app/marketing_internal.h"
#include "guanxi/access.h"
#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing.h"
#include "guanxi/marketing_store.h"
#include "guanxi/record_store.h"

/* Rules on a campaign's own fields: money not negative, dates in order, segment live. */
static enum gx_err check_fields(struct app *app, const struct record *c, struct gx_arena *a,
                                struct gx_error *err)
{
	static const char *const money[] = {"budget_fen", "actual_cost_fen"};
	for (size_t i = 0; i < 2; i++)
		if (!record_is_null(c, money[i]) && record_int(c, money[i]) < 0)
			return gx_error_set(err, GX_EINVAL, money[i], _("%s must not be negative"),
			                    field_label(entity_field(&entity_campaign, money[i])));
	const char *s = record_text(c, "starts_on"), *t = record_text(c, "ends_on");
	if (s && t && strcmp(t, s) < 0)
		return gx_error_set(err, GX_EINVAL, "ends_on", _("the campaign ends (%s) before it starts (%s)"),
		                    t, s);
	if (!record_is_null(c, "segment_id")) {
		struct record seg;
		enum gx_err e = mk_load_live(app, &entity_segment, record_int(c, "segment_id"), a, &seg, err);
		if (e != GX_OK) {
			gx_error_set(err, e, "segment_id", _("segment %lld does not exist or is deleted"),
			             (long long)record_int(c, "segment_id"));
			return e;
		}
	}
	return GX_OK;
}

enum gx_err app_campaign_create(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err)
{
	record_set_text(in, "status", "draft");
	record_set_int(in, "member_count", 0);
	if (record_is_null(in, "budget_fen"))
		record_set_int(in, "budget_fen", 0);
	if (record_is_null(in, "actual_cost_fen"))
		record_set_int(in, "actual_cost_fen", 0);
	if (record_is_null(in, "owner_id") && app->actor.user_id)
		record_set_int(in, "owner_id", app->actor.user_id);
	enum gx_err e = app_record_check_required(in, err);
	if (e != GX_OK || (e = check_fields(app, in, a, err)) != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	if ((e = mk_code_free(app, &entity_campaign, record_text(in, "code"), 0, err)) == GX_OK &&
	    (e = store_record_insert(app->store, in, err)) == GX_OK &&
	    (e = app_audit_change(app, "create", NULL, in, 0, err)) == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_campaign_update(struct app *app, struct record *patch, int64_t expected_version,
                                struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	if ((e = mk_load_live(app, &entity_campaign, patch->id, a, &before, err)) != GX_OK ||
	    (e = app_access_check_owner_change(app, &before, patch, err)) != GX_OK)
		goto fail;
	mk_apply_patch(&before, patch, a, &after);
	if (patch->set[entity_field_index(&entity_campaign, "segment_id")] &&
	    strcmp(record_text(&before, "status"), "draft") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "segment_id",
		                 _("campaign %s is already launched: its members are frozen and its segment cannot change"),
		                 record_text(&before, "code"));
		goto fail;
	}
	if ((e = app_record_check_required(&after, err)) != GX_OK || (e = check_fields(app, &after, a, err)) != GX_OK)
		goto fail;
	if (patch->set[entity_field_index(&entity_campaign, "code")] &&
	    (e = mk_code_free(app, &entity_campaign, record_text(&after, "code"), after.id, err)) != GX_OK)
		goto fail;
	if ((e = store_record_update(app->store, &after, expected_version, err)) != GX_OK ||
	    (e = app_audit_change(app, "update", &before, &after, 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_campaign_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                 struct gx_error *err)
{
	return mk_resolve(app, &entity_campaign, id_or_code, id, err);
}

/* Sets the status (and launch fields) through the record store so the version moves. */
static enum gx_err set_status(struct app *app, const struct record *before, const char *status,
                              struct record *patch, struct gx_arena *a, struct gx_error *err)
{
	record_set_text(patch, "status", status);
	struct record after;
	mk_apply_patch(before, patch, a, &after);
	enum gx_err e = store_record_update(app->store, &after, 0, err);
	if (e == GX_OK)
		e = app_audit_change(app, status, before, &after, 0, err);
	return e;
}

enum gx_err app_campaign_launch(struct app *app, int64_t id, int64_t *members, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	*members = 0;
	struct record c, seg, patch;
	struct filter_node *f = NULL;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_campaign, id, &a, &c, err)) != GX_OK)
		goto fail;
	if (strcmp(record_text(&c, "status"), "draft") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("campaign %s was already launched at %s"),
		                 record_text(&c, "code"), record_text(&c, "launched_at") ? record_text(&c, "launched_at") : "?");
		goto fail;
	}
	if (record_is_null(&c, "segment_id")) {
		e = gx_error_set(err, GX_EINVAL, "segment_id",
		                 _("campaign %s has no target segment: set segment_id before launching"),
		                 record_text(&c, "code"));
		goto fail;
	}
	if ((e = app_segment_load(app, record_int(&c, "segment_id"), &a, &seg, &f, err)) != GX_OK) {
		mk_error_field(err, "segment_id");
		goto fail;
	}
	char now[32];
	gx_now_iso(now);
	if ((e = store_campaign_freeze_members(app->store, id, f, now, members, err)) != GX_OK)
		goto fail;
	record_init(&patch, &entity_campaign, &a);
	record_set_text(&patch, "launched_at", now);
	record_set_text(&patch, "launch_filter", record_text(&seg, "filter"));
	record_set_int(&patch, "member_count", *members);
	if ((e = set_status(app, &c, "launched", &patch, &a, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_campaign_close(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record c, patch;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_campaign, id, &a, &c, err)) != GX_OK)
		goto fail;
	if (strcmp(record_text(&c, "status"), "launched") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("campaign %s is %s: only a launched campaign can be closed"),
		                 record_text(&c, "code"), record_text(&c, "status"));
		goto fail;
	}
	record_init(&patch, &entity_campaign, &a);
	if ((e = set_status(app, &c, "closed", &patch, &a, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

/* The campaign, which must have been launched (responses and conversions need members). */
static enum gx_err load_launched(struct app *app, int64_t id, struct gx_arena *a, struct record *c,
                                 struct gx_error *err)
{
	enum gx_err e = mk_load_live(app, &entity_campaign, id, a, c, err);
	if (e == GX_OK && strcmp(record_text(c, "status"), "draft") == 0)
		e = gx_error_set(err, GX_ECONFLICT, "status", _("campaign %s is a draft: launch it first"),
		                 record_text(c, "code"));
	return e;
}

enum gx_err app_campaign_respond(struct app *app, int64_t id, int64_t customer_id,
                                 const char *channel, const char *note, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record c;
	int found = 0, responded = 0;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = load_launched(app, id, &a, &c, err)) != GX_OK ||
	    (e = store_campaign_member(app->store, id, customer_id, &found, &responded, err)) != GX_OK)
		goto fail;
	if (!found || responded) {
		e = gx_error_set(err, found ? GX_ECONFLICT : GX_EINVAL, "customer_id",
		                 found ? _("customer %lld already responded to campaign %s")
		                       : _("customer %lld is not a member of campaign %s"),
		                 (long long)customer_id, record_text(&c, "code"));
		goto fail;
	}
	char now[32];
	gx_now_iso(now);
	const char *changes = gx_arena_printf(&a, "{\"customer_id\":%lld}", (long long)customer_id);
	if ((e = store_campaign_respond(app->store, id, customer_id, now, channel, note, err)) != GX_OK ||
	    (e = mk_audit(app, "respond", "campaign", id, changes, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_campaign_convert(struct app *app, int64_t id, int64_t order_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record c, o;
	int found = 0, responded = 0;
	int64_t other = 0;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = load_launched(app, id, &a, &c, err)) != GX_OK)
		goto fail;
	if ((e = mk_load_live(app, &entity_order, order_id, &a, &o, err)) != GX_OK) {
		mk_error_field(err, "order_id");
		goto fail;
	}
	if (strcmp(record_text(&o, "kind"), "sale") != 0 ||
	    (record_text(&o, "status") && strcmp(record_text(&o, "status"), "cancelled") == 0)) {
		e = gx_error_set(err, GX_EINVAL, "order_id", _("order %s is a refund or cancelled: only a sale converts"),
		                 record_text(&o, "order_no"));
		goto fail;
	}
	int64_t customer = record_int(&o, "customer_id");
	if ((e = store_campaign_member(app->store, id, customer, &found, &responded, err)) != GX_OK)
		goto fail;
	if (!found) {
		e = gx_error_set(err, GX_EINVAL, "order_id", _("order %s is of a customer who is not a member of campaign %s"),
		                 record_text(&o, "order_no"), record_text(&c, "code"));
		goto fail;
	}
	/* Attribution: the order is placed on or after the campaign's start (its start date when
	 * set, else its launch). */
	const char *from = record_text(&c, "starts_on");
	int early = from ? strcmp(record_text(&o, "order_date"), from) < 0
	                 : strcmp(record_text(&o, "ordered_at"), record_text(&c, "launched_at")) < 0;
	if (early) {
		e = gx_error_set(err, GX_EINVAL, "order_id", _("order %s was placed before campaign %s started (%s)"),
		                 record_text(&o, "order_no"), record_text(&c, "code"),
		                 from ? from : record_text(&c, "launched_at"));
		goto fail;
	}
	if ((e = store_campaign_conversion_of(app->store, order_id, &other, &found, err)) != GX_OK)
		goto fail;
	if (found) {
		e = gx_error_set(err, GX_ECONFLICT, "order_id", _("order %s is already a conversion of campaign %lld"),
		                 record_text(&o, "order_no"), (long long)other);
		goto fail;
	}
	char now[32];
	gx_now_iso(now);
	const char *changes = gx_arena_printf(&a, "{\"order_id\":%lld}", (long long)order_id);
	if ((e = store_campaign_conversion_add(app->store, id, order_id, customer, now, err)) != GX_OK ||
	    (e = mk_audit(app, "convert", "campaign", id, changes, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

static double ratio(double num, double den)
{
	return den != 0 ? num / den : NAN;
}

enum gx_err app_campaign_stats(struct app *app, int64_t id, struct campaign_stats *out,
                               struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record c;
	struct store_campaign_counts k;
	memset(out, 0, sizeof *out);
	enum gx_err e = mk_load_live(app, &entity_campaign, id, &a, &c, err);
	if (e == GX_OK)
		e = store_campaign_counts(app->store, id, &k, err);
	if (e == GX_OK) {
		out->budget_fen = record_int(&c, "budget_fen");
		out->actual_cost_fen = record_int(&c, "actual_cost_fen");
		out->members = k.members;
		out->responses = k.responses;
		out->conversions = k.conversions;
		out->converted_customers = k.converted_customers;
		out->revenue_fen = k.revenue_fen;
		out->margin_fen = k.margin_fen;
		out->response_rate = ratio((double)k.responses, (double)k.members);
		out->conversion_rate = ratio((double)k.converted_customers, (double)k.members);
		out->cost_per_response_yuan = ratio((double)out->actual_cost_fen / 100.0, (double)k.responses);
		out->roi = ratio((double)(k.margin_fen - out->actual_cost_fen), (double)out->actual_cost_fen);
		out->revenue_roi = ratio((double)(k.revenue_fen - out->actual_cost_fen), (double)out->actual_cost_fen);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_campaign_members_filter(struct app *app, int64_t id, struct gx_arena *a,
                                        struct filter_node **out, struct gx_error *err)
{
	struct record c;
	enum gx_err e = mk_load_live(app, &entity_campaign, id, a, &c, err);
	if (e != GX_OK)
		return e;
	/* "campaign eq '<code>'" through the parser, the code quoted with '' for '. */
	const char *code = record_text(&c, "code");
	char *quoted = gx_arena_alloc(a, 2 * strlen(code) + 1), *o = quoted;
	for (const char *s = code; *s; s++) {
		if (*s == '\'')
			*o++ = '\'';
		*o++ = *s;
	}
	*o = '\0';
	return app_segment_parse(gx_arena_printf(a, "campaign eq '%s'", quoted), a, out, err);
}

enum gx_err app_campaign_export(struct app *app, int64_t id, const char *path,
                                enum export_format format, size_t *rows, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct filter_node *f = NULL;
	enum gx_err e = app_campaign_members_filter(app, id, &a, &f, err);
	if (e == GX_OK) {
		struct export_opts o = {.format = format, .filter = f, .bom = format == EXPORT_CSV};
		e = app_export(app, &entity_customer, path, &o, rows, err);
	}
	gx_arena_free(&a);
	return e;
}
