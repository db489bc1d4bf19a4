/* Quotes (报价单) with lines and a discount. A discount over the threshold (setting
 * quote_discount_threshold, a percentage, default 10) needs approval: the quote waits in
 * pending_approval and cannot be sent or accepted until app_quote_discount_approve, the
 * handler the approvals framework calls for the kind "quote_discount". */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/sales_internal.h"
#include "guanxi/approval.h"
#include "guanxi/i18n.h"
#include "guanxi/manager.h"
#include "guanxi/record_store.h"

#define THRESHOLD_KEY "quote_discount_threshold"
#define THRESHOLD_DEFAULT_BP 1000

enum gx_err sales_parse_percent(const char *text, const char *field, int *bp, struct gx_error *err)
{
	const char *p = text ? text : "";
	while (isspace((unsigned char)*p))
		p++;
	long whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	while (isdigit((unsigned char)*p) && digits < 4) {
		whole = whole * 10 + (*p++ - '0');
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && fdigits < 3) {
			frac = frac * 10 + (*p++ - '0');
			fdigits++;
		}
	}
	if (*p == '%')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	if (!digits || *p || fdigits > 2)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("%s: \"%s\" is not a percentage with at most 2 decimals (e.g. 12.5)"), field,
		                    text ? text : "");
	if (fdigits == 1)
		frac *= 10;
	long v = whole * 100 + frac;
	if (v > 10000)
		return gx_error_set(err, GX_EINVAL, field, _("%s: %s %% is more than 100 %%"), field, text);
	*bp = (int)v;
	return GX_OK;
}

enum gx_err app_quote_threshold(struct app *app, int *bp, struct gx_error *err)
{
	char buf[32];
	int found = 0;
	enum gx_err e = store_setting_get(app->store, THRESHOLD_KEY, buf, sizeof buf, &found, err);
	if (e != GX_OK)
		return e;
	*bp = THRESHOLD_DEFAULT_BP;
	return found ? sales_parse_percent(buf, THRESHOLD_KEY, bp, err) : GX_OK;
}

enum gx_err app_quote_threshold_set(struct app *app, const char *percent, struct gx_error *err)
{
	int bp;
	enum gx_err e = sales_parse_percent(percent, THRESHOLD_KEY, &bp, err);
	if (e != GX_OK)
		return e;
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%02d", bp / 100, bp % 100);
	return store_setting_set(app->store, THRESHOLD_KEY, buf, err);
}

/* amount × bp / 10000, rounded half up (amounts are not negative). */
static int64_t discount_of(int64_t subtotal, int bp)
{
	return (subtotal / 10000) * bp + ((subtotal % 10000) * bp + 5000) / 10000;
}

enum gx_err sales_quote_price_lines(struct app *app, struct quote_line_input *lines, size_t nlines,
                                   struct gx_arena *a, int64_t *subtotal_out, struct gx_error *err)
{
	enum gx_err e;
	int64_t subtotal = 0;
	for (size_t i = 0; i < nlines; i++) {
		struct record *l = &lines[i].line;
		const char *where = gx_arena_printf(a, "lines[%zu]", i + 1);
		if (record_is_null(l, "quantity") || record_int(l, "quantity") <= 0)
			return gx_error_set(err, GX_EINVAL, "quantity", _("%s: quantity must be a whole number above 0"), where);
		if (record_is_null(l, "unit_price_fen") && !record_is_null(l, "product_id")) {
			struct record p;
			if ((e = store_record_get(app->store, &entity_product, record_int(l, "product_id"), a, &p, err)))
				return e;
			record_set_int(l, "unit_price_fen", record_int(&p, "price_fen"));
		}
		if (record_is_null(l, "unit_price_fen") || record_int(l, "unit_price_fen") < 0)
			return gx_error_set(err, GX_EINVAL, "unit_price_fen", _("%s: a unit price of 0 or more is needed"), where);
		if (record_is_null(l, "product_id") && sales_blank(record_text(l, "description")))
			return gx_error_set(err, GX_EINVAL, "description", _("%s: a line needs a product or a description"), where);
		int64_t q = record_int(l, "quantity"), price = record_int(l, "unit_price_fen");
		if (price && q > INT64_MAX / 4 / price)
			return gx_error_set(err, GX_EINVAL, "amount_fen", _("%s: the line amount is too large"), where);
		record_set_int(l, "amount_fen", q * price);
		record_set_int(l, "line_no", (int64_t)i + 1);
		subtotal += q * price;
	}
	*subtotal_out = subtotal;
	return GX_OK;
}

int64_t sales_quote_discount_of(int64_t subtotal, int bp)
{
	return discount_of(subtotal, bp);
}

enum gx_err app_quote_create(struct app *app, struct record *in, int discount_bp,
                             struct quote_line_input *lines, size_t nlines, struct gx_arena *a,
                             struct gx_error *err)
{
	enum gx_err e;
	if (nlines == 0)
		return gx_error_set(err, GX_EINVAL, "lines", "%s", _("a quote needs at least one line"));
	if (discount_bp < 0 || discount_bp > 10000)
		return gx_error_set(err, GX_EINVAL, "discount", "%s", _("discount must be between 0 and 100 %"));
	if (record_is_null(in, "code")) {
		const char *code;
		if ((e = sales_next_code(app, &entity_quote, "Q", a, &code, err)))
			return e;
		record_set_text(in, "code", code);
	}
	if ((e = app_record_check_required(in, err)))
		return e;
	int threshold;
	if ((e = app_quote_threshold(app, &threshold, err)))
		return e;
	if ((e = store_begin(app->store, err)))
		return e;
	struct record cust;
	if ((e = store_record_get(app->store, &entity_customer, record_int(in, "customer_id"), a, &cust, err)))
		goto fail;
	if (cust.deleted_at) {
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"), record_text(&cust, "code"));
		goto fail;
	}
	if (!record_is_null(in, "opportunity_id")) {
		struct record o;
		if ((e = sales_get_live(app, &entity_opportunity, record_int(in, "opportunity_id"), a, &o, err)))
			goto fail;
		if (record_int(&o, "customer_id") != cust.id) {
			e = gx_error_set(err, GX_EINVAL, "opportunity_id", _("opportunity %s belongs to another customer"),
			                 record_text(&o, "code"));
			goto fail;
		}
	}
	int64_t subtotal = 0;
	if ((e = sales_quote_price_lines(app, lines, nlines, a, &subtotal, err)))
		goto fail;
	int64_t discount = discount_of(subtotal, discount_bp);
	record_set_int(in, "discount_bp", discount_bp);
	record_set_int(in, "subtotal_fen", subtotal);
	record_set_int(in, "discount_fen", discount);
	record_set_int(in, "total_fen", subtotal - discount);
	record_set_text(in, "status", discount_bp > threshold ? "pending_approval" : "draft");
	if (record_is_null(in, "owner_id") && app->actor.user_id)
		record_set_int(in, "owner_id", app->actor.user_id);
	app_stamp_job(app, in);
	if ((e = store_record_insert(app->store, in, err))) {
		if (e == GX_ECONFLICT)
			gx_error_set(err, GX_ECONFLICT, "code", _("a quote with code %s exists already"), record_text(in, "code"));
		goto fail;
	}
	for (size_t i = 0; i < nlines; i++) {
		record_set_int(&lines[i].line, "quote_id", in->id);
		if ((e = store_record_insert(app->store, &lines[i].line, err)))
			goto fail;
	}
	if ((e = app_audit_change(app, "create", NULL, in, 0, err)))
		goto fail;
	/* A discount over the threshold goes to the approvals inbox of the quoting rep's manager
	 * (kind quote_discount, approval_kinds.c); without a manager (the system, the top of the
	 * organisation) a manager or admin decides it with `quote approve`. */
	int64_t manager = 0, approval_id = 0;
	if (discount_bp > threshold && app->actor.user_id &&
	    ((e = app_user_manager(app, app->actor.user_id, &manager, err)) ||
	     (manager && (e = app_approval_request(app, "quote_discount", "quote", in->id, NULL, NULL,
	                                           &approval_id, err)))))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

/* Moves a quote by action, storing note as the decision note when given. */
static enum gx_err quote_move(struct app *app, int64_t id, const char *action, const char *note,
                              struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, p;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = sales_get_live(app, &entity_quote, id, &a, &cur, err)))
		goto fail;
	const char *from = record_text(&cur, "status");
	const char *to = sales_quote_action_target(from, action);
	if (!to) {
		if (strcmp(from, "pending_approval") == 0 && (strcmp(action, "send") == 0 || strcmp(action, "accept") == 0))
			e = gx_error_set(err, GX_ECONFLICT, "status",
			                 _("quote %s waits for approval of its %d.%02d %% discount; it cannot be %s until approved"),
			                 record_text(&cur, "code"), (int)(record_int(&cur, "discount_bp") / 100),
			                 (int)(record_int(&cur, "discount_bp") % 100),
			                 strcmp(action, "send") == 0 ? _("sent") : _("accepted"));
		else
			e = gx_error_set(err, GX_ECONFLICT, "status", _("quote %s is %s; it cannot be %s"),
			                 record_text(&cur, "code"), from, action);
		goto fail;
	}
	record_init(&p, &entity_quote, &a);
	p.id = id;
	record_set_text(&p, "status", to);
	if (note)
		record_set_text(&p, "decision_note", note);
	if ((e = store_record_update(app->store, &p, 0, err)) ||
	    (e = sales_audit_status(app, action, "quote", id, from, to, note, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_quote_act(struct app *app, int64_t id, const char *action, struct gx_error *err)
{
	static const char *const actions[] = {"send", "accept", "decline", "cancel"};
	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
		if (action && strcmp(action, actions[i]) == 0)
			return quote_move(app, id, action, NULL, err);
	return gx_error_set(err, GX_EINVAL, "action", _("unknown quote action \"%s\" (send, accept, decline, cancel)"),
	                    action ? action : "");
}

enum gx_err app_quote_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	return sales_resolve(app, &entity_quote, text, "quote", id, err);
}

/* The optional {"note": "…"} of an approval decision. */
static enum gx_err payload_note(const char *payload_json, char **note, struct gx_error *err)
{
	*note = NULL;
	if (!payload_json || !*payload_json)
		return GX_OK;
	json_error_t je;
	json_t *o = json_loads(payload_json, 0, &je);
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return gx_error_set(err, GX_EINVAL, "payload", _("the approval payload is not a JSON object: %s"),
		                    o ? "" : je.text);
	}
	json_t *n = json_object_get(o, "note");
	enum gx_err e = GX_OK;
	if (n && !json_is_string(n) && !json_is_null(n))
		e = gx_error_set(err, GX_EINVAL, "note", "%s", _("note must be a string"));
	else if (json_is_string(n) && strlen(json_string_value(n)) > 3000)
		e = gx_error_set(err, GX_EINVAL, "note", "%s", _("the note is longer than 1000 characters"));
	else if (json_is_string(n))
		*note = strdup(json_string_value(n));
	json_decref(o);
	return e;
}

static enum gx_err decide(struct app *app, int64_t quote_id, const char *payload_json, const char *action,
                          struct gx_error *err)
{
	char *note;
	enum gx_err e = payload_note(payload_json, &note, err);
	if (e == GX_OK)
		e = quote_move(app, quote_id, action, note, err);
	free(note);
	return e;
}

enum gx_err app_quote_discount_approve(struct app *app, int64_t quote_id, const char *payload_json,
                                       struct gx_error *err)
{
	return decide(app, quote_id, payload_json, "approve", err);
}

enum gx_err app_quote_discount_reject(struct app *app, int64_t quote_id, const char *payload_json,
                                      struct gx_error *err)
{
	return decide(app, quote_id, payload_json, "reject", err);
}

enum gx_err app_quote_discount_decide(struct app *app, int64_t quote_id, int approve,
                                      const char *payload_json, struct gx_error *err)
{
	int64_t waiting = 0;
	enum gx_err e = app_approval_pending_count(app, "quote_discount", quote_id, &waiting, err);
	if (e != GX_OK)
		return e;
	if (waiting)
		return gx_error_set(err, GX_ECONFLICT, "status", "%s",
		                    _("this discount waits in the approvals inbox of the rep's manager; decide it there"));
	return approve ? app_quote_discount_approve(app, quote_id, payload_json, err)
	               : app_quote_discount_reject(app, quote_id, payload_json, err);
}
