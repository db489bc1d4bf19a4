/* Changing leads, contracts and quotes after creation, and deleting opportunities to the
 * recycle bin and restoring them. Each change runs in one transaction with the optimistic
 * version check (If-Match) and is audited with before and after. What would rewrite history is
 * refused with the field named: a converted lead (its data lives on in the customer), the
 * amount of a signed contract (terminate it and make a new one), a completed or terminated
 * contract at all, the lines and discount of a quote that left draft (an approved discount must
 * not cover different lines). Status, owner and the other system fields change only through
 * their own actions (lead assign, contract status, quote send …). */
#include <stdlib.h>
#include <string.h>

#include "app/sales_internal.h"
#include "guanxi/approval.h"
#include "guanxi/datetime.h"
#include "guanxi/filter.h"
#include "guanxi/i18n.h"
#include "guanxi/manager.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"

/* Refuses system fields and the listed fixed ones; *any = whether something is set. */
static enum gx_err check_patch(const struct record *patch, const char *const *fixed, size_t nfixed,
                               const char *what, int *any, struct gx_error *err)
{
	const struct entity_def *def = patch->def;
	*any = 0;
	for (size_t i = 0; i < def->nfields; i++) {
		if (!patch->set[i])
			continue;
		const struct field_def *f = &def->fields[i];
		if (f->flags & FF_SYSTEM)
			return gx_error_set(err, GX_EINVAL, f->name, _("%s is set by the system and cannot be given"), f->name);
		for (size_t k = 0; k < nfixed; k++)
			if (strcmp(fixed[k], f->name) == 0)
				return gx_error_set(err, GX_EINVAL, f->name, _("%s of a %s cannot change"), f->name, what);
		if ((f->flags & FF_REQUIRED) && patch->v[i].is_null)
			return gx_error_set(err, GX_EINVAL, f->name, _("%s is required and cannot be emptied"), f->name);
		*any = 1;
	}
	return GX_OK;
}

static int is_set(const struct record *r, const char *field)
{
	return r->set[entity_field_index(r->def, field)];
}

/* The value of field after the patch: the patch's when set, else the current one. */
static const char *merged_text(const struct record *patch, const struct record *cur, const char *field)
{
	return is_set(patch, field) ? record_text(patch, field) : record_text(cur, field);
}

/* Writes patch with the version check, audits before/after, re-indexes when asked, commits;
 * rolls back on failure. */
static enum gx_err finish(struct app *app, struct record *patch, int64_t expected_version, const struct record *cur,
                          int reindex, struct gx_arena *a, struct gx_error *err)
{
	struct record after;
	enum gx_err e;
	if ((e = store_record_update(app->store, patch, expected_version, err)) ||
	    (e = store_record_get(app->store, patch->def, patch->id, a, &after, err)) ||
	    (e = app_audit_change(app, "update", cur, &after, 0, err)) ||
	    (reindex && (e = app_search_index(app, &after, err))) || (e = store_commit(app->store, err))) {
		store_rollback(app->store);
		return e;
	}
	return GX_OK;
}

static enum gx_err begin(struct app *app, const struct entity_def *def, int64_t id, struct gx_arena *a,
                         struct record *cur, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e == GX_OK && (e = sales_get_live(app, def, id, a, cur, err)))
		store_rollback(app->store);
	return e;
}

enum gx_err app_lead_update(struct app *app, struct record *patch, int64_t expected_version,
                            struct gx_arena *a, struct gx_error *err)
{
	static const char *const fixed[] = {"code"};
	int any;
	enum gx_err e = check_patch(patch, fixed, 1, "lead", &any, err);
	if (e != GX_OK)
		return e;
	if (!any)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("nothing to change: give at least one field"));
	if (is_set(patch, "expected_amount_fen") && !record_is_null(patch, "expected_amount_fen") &&
	    record_int(patch, "expected_amount_fen") < 0)
		return gx_error_set(err, GX_EINVAL, "expected_amount_fen", "%s", _("expected amount must not be negative"));
	struct record cur;
	if ((e = begin(app, &entity_lead, patch->id, a, &cur, err)))
		return e;
	if (strcmp(record_text(&cur, "status"), "converted") == 0) {
		store_rollback(app->store);
		return gx_error_set(err, GX_ECONFLICT, "status",
		                    _("lead %s is converted; change the customer or opportunity it became instead"),
		                    record_text(&cur, "code"));
	}
	return finish(app, patch, expected_version, &cur, 1, a, err);
}

enum gx_err app_contract_update(struct app *app, struct record *patch, int64_t expected_version,
                                struct gx_arena *a, struct gx_error *err)
{
	/* The signing date is set by `contract status signed`, the opportunity fixes the customer. */
	static const char *const fixed[] = {"code", "opportunity_id", "signed_date"};
	int any;
	enum gx_err e = check_patch(patch, fixed, 3, "contract", &any, err);
	if (e != GX_OK)
		return e;
	if (!any)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("nothing to change: give at least one field"));
	int amount = is_set(patch, "amount_fen");
	if (amount && record_int(patch, "amount_fen") < 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount must not be negative"));
	struct record cur;
	if ((e = begin(app, &entity_contract, patch->id, a, &cur, err)))
		return e;
	const char *code = record_text(&cur, "code"), *status = record_text(&cur, "status");
	const char *start = merged_text(patch, &cur, "start_date"), *end = merged_text(patch, &cur, "end_date");
	int64_t planned = 0, seq = 0;
	if (strcmp(status, "completed") == 0 || strcmp(status, "terminated") == 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("contract %s is %s and cannot change"), code, status);
	} else if (amount && strcmp(status, "signed") == 0 &&
	           record_int(patch, "amount_fen") != record_int(&cur, "amount_fen")) {
		e = gx_error_set(err, GX_ECONFLICT, "amount_fen",
		                 _("contract %s is signed; its amount cannot change (terminate it and make a new contract)"), code);
	} else if (start && end && strcmp(end, start) < 0) {
		e = gx_error_set(err, GX_EINVAL, is_set(patch, "end_date") ? "end_date" : "start_date",
		                 _("end date %s is before start date %s"), end, start);
	} else if (amount && (e = store_sales_plan_totals(app->store, cur.id, &planned, &seq, err)) == GX_OK &&
	           planned > record_int(patch, "amount_fen")) {
		char b1[GX_MONEY_FMT_SIZE], b2[GX_MONEY_FMT_SIZE];
		e = gx_error_set(err, GX_EINVAL, "amount_fen",
		                 _("the payment plans of contract %s total %s, more than the new amount of %s"), code,
		                 gx_money_format(planned, b1), gx_money_format(record_int(patch, "amount_fen"), b2));
	} else if (is_set(patch, "owner_id") && !record_is_null(patch, "owner_id")) {
		struct record u;
		if ((e = store_record_get(app->store, &entity_user, record_int(patch, "owner_id"), a, &u, err)) == GX_OK &&
		    !record_int(&u, "active"))
			e = gx_error_set(err, GX_EINVAL, "owner_id", _("user %s is disabled and cannot own contracts"),
			                 record_text(&u, "username"));
		else if (e == GX_ENOTFOUND)
			e = gx_error_set(err, GX_EINVAL, "owner_id", _("no user with id %lld"),
			                 (long long)record_int(patch, "owner_id"));
	}
	if (e != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	return finish(app, patch, expected_version, &cur, 0, a, err);
}

/* Replaces the lines of quote q by lines (priced already). */
static enum gx_err replace_lines(struct app *app, int64_t q, struct quote_line_input *lines, size_t nlines,
                                 struct gx_arena *a, struct gx_error *err)
{
	struct store_list_query lq = {.filter = filter_cond_int(a, &entity_quote_line, "quote_id", FILTER_EQ, q),
	                              .limit = 1000};
	struct store_list_result old;
	enum gx_err e = store_record_list(app->store, &entity_quote_line, &lq, a, &old, err);
	for (size_t i = 0; e == GX_OK && i < old.count; i++)
		e = store_record_purge(app->store, &entity_quote_line, old.rows[i].id, err);
	for (size_t i = 0; e == GX_OK && i < nlines; i++) {
		record_set_int(&lines[i].line, "quote_id", q);
		e = store_record_insert(app->store, &lines[i].line, err);
	}
	return e;
}

enum gx_err app_quote_update(struct app *app, struct record *patch, int64_t expected_version, int discount_bp,
                             struct quote_line_input *lines, size_t nlines, struct gx_arena *a,
                             struct gx_error *err)
{
	static const char *const fixed[] = {"code", "customer_id"};
	int any;
	enum gx_err e = check_patch(patch, fixed, 2, "quote", &any, err);
	if (e != GX_OK)
		return e;
	int repricing = lines || discount_bp >= 0;
	if (!any && !repricing)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("nothing to change: give at least one field, the lines or the discount"));
	if (lines && nlines == 0)
		return gx_error_set(err, GX_EINVAL, "lines", "%s", _("a quote needs at least one line"));
	if (discount_bp > 10000)
		return gx_error_set(err, GX_EINVAL, "discount", "%s", _("discount must be between 0 and 100 %"));
	int threshold;
	if ((e = app_quote_threshold(app, &threshold, err)))
		return e;
	struct record cur;
	if ((e = begin(app, &entity_quote, patch->id, a, &cur, err)))
		return e;
	const char *code = record_text(&cur, "code"), *status = record_text(&cur, "status");
	int editable = strcmp(status, "draft") == 0 || strcmp(status, "rejected") == 0;
	int final = strcmp(status, "accepted") == 0 || strcmp(status, "declined") == 0 || strcmp(status, "cancelled") == 0;
	if (final) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("quote %s is %s and cannot change"), code, status);
	} else if (repricing && !editable) {
		e = gx_error_set(err, GX_ECONFLICT, lines ? "lines" : "discount",
		                 _("quote %s is %s; its lines and discount change only while it is a draft or rejected (make a new quote)"),
		                 code, status);
	} else if (is_set(patch, "opportunity_id") && !editable) {
		e = gx_error_set(err, GX_ECONFLICT, "opportunity_id",
		                 _("quote %s is %s; its opportunity changes only while it is a draft or rejected"), code, status);
	} else if (is_set(patch, "opportunity_id") && !record_is_null(patch, "opportunity_id")) {
		struct record o;
		if ((e = sales_get_live(app, &entity_opportunity, record_int(patch, "opportunity_id"), a, &o, err)) == GX_OK &&
		    record_int(&o, "customer_id") != record_int(&cur, "customer_id"))
			e = gx_error_set(err, GX_EINVAL, "opportunity_id", _("opportunity %s belongs to another customer"),
			                 record_text(&o, "code"));
	}
	int64_t subtotal = record_int(&cur, "subtotal_fen");
	if (e == GX_OK && lines)
		e = sales_quote_price_lines(app, lines, nlines, a, &subtotal, err);
	if (e != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	int64_t approval_id = 0, manager = 0;
	if (repricing) {
		int bp = discount_bp >= 0 ? discount_bp : (int)record_int(&cur, "discount_bp");
		int64_t discount = sales_quote_discount_of(subtotal, bp);
		record_set_int(patch, "discount_bp", bp);
		record_set_int(patch, "subtotal_fen", subtotal);
		record_set_int(patch, "discount_fen", discount);
		record_set_int(patch, "total_fen", subtotal - discount);
		/* Changed lines or discount are a new offer: over the threshold it waits for approval
		 * again, as on creation; a rejected quote repriced within the threshold is a draft. */
		record_set_text(patch, "status", bp > threshold ? "pending_approval" : "draft");
		record_set_null(patch, "decision_note");
		if ((lines && (e = replace_lines(app, cur.id, lines, nlines, a, err))) ||
		    (bp > threshold && app->actor.user_id &&
		     ((e = app_user_manager(app, app->actor.user_id, &manager, err)) ||
		      (manager && (e = app_approval_request(app, "quote_discount", "quote", cur.id, NULL, NULL,
		                                            &approval_id, err)))))) {
			store_rollback(app->store);
			return e;
		}
	}
	return finish(app, patch, expected_version, &cur, 0, a, err);
}

enum gx_err app_opportunity_delete(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur;
	int64_t contracts = 0;
	enum gx_err e = begin(app, &entity_opportunity, id, &a, &cur, err);
	if (e != GX_OK)
		goto out;
	if ((e = store_sales_contract_count(app->store, id, &contracts, err)) == GX_OK && contracts > 0)
		e = gx_error_set(err, GX_ECONFLICT, "id",
		                 _("opportunity %s has a contract; delete or keep the contract, the opportunity stays with it"),
		                 record_text(&cur, "code"));
	if (e == GX_OK && (e = store_record_set_deleted(app->store, &entity_opportunity, id, 1, err)) == GX_OK &&
	    (e = app_audit_change(app, "delete", &cur, NULL, 0, err)) == GX_OK)
		e = store_commit(app->store, err);
	else
		store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_opportunity_restore(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, cust, after;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = store_record_get(app->store, &entity_opportunity, id, &a, &cur, err)) == GX_ENOTFOUND)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("no opportunity with id %lld"), (long long)id);
	if (e == GX_OK && !cur.deleted_at)
		e = gx_error_set(err, GX_ECONFLICT, "id", _("opportunity %s is not in the recycle bin"), record_text(&cur, "code"));
	if (e == GX_OK &&
	    (e = store_record_get(app->store, &entity_customer, record_int(&cur, "customer_id"), &a, &cust, err)) == GX_OK &&
	    cust.deleted_at)
		e = gx_error_set(err, GX_ECONFLICT, "customer_id",
		                 _("customer %s of opportunity %s is in the recycle bin; restore the customer first"),
		                 record_text(&cust, "code"), record_text(&cur, "code"));
	if (e == GX_OK && (e = store_record_set_deleted(app->store, &entity_opportunity, id, 0, err)) == GX_OK &&
	    (e = store_record_get(app->store, &entity_opportunity, id, &a, &after, err)) == GX_OK &&
	    (e = app_audit_change(app, "restore", &cur, &after, 0, err)) == GX_OK)
		e = store_commit(app->store, err);
	else
		store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_opportunity_resolve_binned(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	if (sales_blank(text))
		return gx_error_set(err, GX_EINVAL, "opportunity", "%s", _("opportunity: no opportunity given"));
	int found = 0, deleted = 0;
	enum gx_err e = store_record_lookup(app->store, &entity_opportunity, "code", text, 0, id, &deleted, &found, err);
	if (e != GX_OK)
		return e;
	const char *num = text[0] == '#' ? text + 1 : text;
	char *end;
	long long v = strtoll(num, &end, 10);
	if (!found && *num && !*end && v > 0 &&
	    (e = store_record_lookup(app->store, &entity_opportunity, NULL, NULL, v, id, &deleted, &found, err)))
		return e;
	if (!found)
		return gx_error_set(err, GX_ENOTFOUND, "opportunity", _("opportunity: no opportunity \"%s\""), text);
	return GX_OK;
}
