/* The credit check of orders on credit and the overrides that let a refused order through
 * (see guanxi/credit.h). The decision itself is MODELS.md M25 (gx_credit_check_order); this
 * file gathers its inputs from the database, words the refusal so a sales rep knows what to
 * do next, and looks for an approved override before refusing. An override is used up by the
 * order it lets through, so one approval never becomes a standing exception. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/credit.h"
#include "guanxi/approval.h"
#include "guanxi/manager.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

int credit_form_parse(const char *name)
{
	for (int i = 0; name && credit_form_names[i]; i++)
		if (strcmp(name, credit_form_names[i]) == 0)
			return i;
	return -1;
}

static const char *yuan(struct gx_arena *a, int64_t fen)
{
	char buf[GX_MONEY_FMT_SIZE];
	return gx_arena_strdup(a, gx_money_format_display(fen, buf));
}

static const char *allowed_list(enum gx_credit_grade g, int dealer, struct gx_arena *a)
{
	const char *s = "";
	for (int f = 0; f < GX_CREDIT_FORMS; f++)
		if (gx_credit_form_allowed(g, (enum gx_credit_form)f, dealer, NULL))
			s = gx_arena_printf(a, "%s%s%s", s, *s ? ", " : "",
			                    gx_credit_form_label((enum gx_credit_form)f, gx_i18n_lang()));
	return s;
}

/* The first approved override of the customer under which the order passes. */
static enum gx_err find_override(struct app *app, int64_t customer_id, const struct gx_credit_order_check *in,
                                 struct gx_arena *a, int64_t *override_id, struct gx_error *err)
{
	struct store_list_query q = {.deleted = STORE_ANY, .limit = 1000};
	q.filter = filter_and(a, filter_cond_int(a, &entity_credit_override, "customer_id", FILTER_EQ, customer_id),
	                      filter_cond_text(a, &entity_credit_override, "status", FILTER_EQ, "approved"));
	struct store_list_result res;
	enum gx_err e = store_record_list(app->store, &entity_credit_override, &q, a, &res, err);
	*override_id = 0;
	for (size_t i = 0; e == GX_OK && i < res.count; i++) {
		const struct record *o = &res.rows[i];
		struct gx_credit_order_check c = *in;
		const char *form = record_text(o, "credit_form");
		if (form) {
			if (strcmp(form, credit_form_names[in->form]) != 0)
				continue;
			c.grade = GX_CREDIT_A;     /* the form is allowed whatever the grade */
			c.dealer_or_retailer = true;
		}
		if (!record_is_null(o, "amount_fen") &&
		    __builtin_add_overflow(c.limit_fen, record_int(o, "amount_fen"), &c.limit_fen))
			c.limit_fen = INT64_MAX;
		struct gx_credit_decision d;
		if ((e = gx_credit_check_order(&c, NULL, &d, err)) == GX_OK && d.allowed) {
			*override_id = o->id;
			break;
		}
	}
	return e;
}

enum gx_err app_credit_check(struct app *app, int64_t customer_id, int64_t exclude_order_id,
                             enum gx_credit_form form, int64_t amount_fen, struct gx_arena *a,
                             struct credit_check_result *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	if ((unsigned)form >= GX_CREDIT_FORMS)
		return gx_error_set(err, GX_EINVAL, "credit_form", _("unknown credit form %d"), (int)form);
	if (amount_fen < 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("the amount cannot be negative"));
	struct record cust;
	enum gx_err e = store_record_get(app->store, &entity_customer, customer_id, a, &cust, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_ENOTFOUND, "customer_id", _("customer %lld does not exist"),
		                    (long long)customer_id);
	if (e || (e = app_credit_position(app, customer_id, exclude_order_id, &out->pos, err)))
		return e;
	struct gx_credit_order_check in = {
		.grade = out->pos.grade,
		.form = form,
		.dealer_or_retailer = out->pos.dealer,
		.limit_fen = out->pos.limit_fen,
		.open_receivables_fen = out->pos.open_receivables_fen,
		.unpaid_open_orders_fen = out->pos.unpaid_open_orders_fen,
		.new_order_fen = amount_fen,
	};
	if ((e = gx_credit_check_order(&in, NULL, &out->decision, err)))
		return e;
	out->allowed = out->decision.allowed;
	if (out->allowed)
		return GX_OK;
	if ((e = find_override(app, customer_id, &in, a, &out->override_id, err)))
		return e;
	if (out->override_id) {
		out->allowed = 1;
		return GX_OK;
	}
	const char *code = record_text(&cust, "code");
	const char *grade = gx_credit_grade_label(out->pos.grade, gx_i18n_lang());
	const char *form_label = gx_credit_form_label(form, gx_i18n_lang());
	out->field = "credit_form";
	if (!out->pos.assessed)
		out->message = gx_arena_printf(a, _("customer %s has no credit assessment, so only cash is "
		                                    "allowed; assess the customer's credit (guanxi credit "
		                                    "assess) or ask for a credit override"), code);
	else if (out->decision.reason == GX_CREDIT_REFUSED_NOT_DEALER)
		out->message = gx_arena_printf(a, _("%s is only for dealers and retailers and customer %s "
		                                    "does not have the dealer role; pay cash, use another "
		                                    "form or ask for a credit override"), form_label, code);
	else if (out->decision.reason == GX_CREDIT_REFUSED_FORM)
		out->message = gx_arena_printf(a, _("credit form %s is not allowed for customer %s of credit "
		                                    "grade %s (allowed: %s); pay cash, use an allowed form or "
		                                    "ask for a credit override"),
		                               form_label, code, grade, allowed_list(out->pos.grade, out->pos.dealer, a));
	else {
		out->field = "amount_fen";
		out->message = gx_arena_printf(a, _("the order would raise customer %s's credit exposure to %s "
		                                    "(open receivables %s + unpaid open orders %s + this order "
		                                    "%s), above the credit limit of %s (grade %s); ask for a "
		                                    "credit override or take a smaller order"),
		                               code, yuan(a, out->decision.exposure_fen),
		                               yuan(a, out->pos.open_receivables_fen),
		                               yuan(a, out->pos.unpaid_open_orders_fen), yuan(a, amount_fen),
		                               yuan(a, out->pos.limit_fen), grade);
	}
	return GX_OK;
}

enum gx_err app_credit_order_check(struct app *app, const struct record *order, int64_t order_id,
                                   int64_t amount_fen, struct gx_arena *a, int64_t *override_id,
                                   struct gx_error *err)
{
	*override_id = 0;
	const char *kind = record_text(order, "kind"), *status = record_text(order, "status");
	int form = credit_form_parse(record_text(order, "credit_form"));
	if ((kind && strcmp(kind, "sale") != 0) || (status && strcmp(status, "cancelled") == 0) ||
	    form <= GX_CREDIT_FORM_CASH)
		return GX_OK;
	enum gx_err e;
	/* An order already billed took its credit when it was placed; its invoice counts now. */
	int invoiced = 0;
	if ((e = store_credit_order_invoiced(app->store, order_id, &invoiced, err)) || invoiced)
		return e;
	struct credit_check_result res;
	/* Two orders checked at the same moment cannot both use the same headroom: SQLite has one
	 * writer at a time (BEGIN IMMEDIATE) and PostgreSQL runs the save SERIALIZABLE, so the
	 * second fails as busy and, retried, sees the first. */
	if ((e = app_credit_check(app, record_int(order, "customer_id"), order_id,
	                          (enum gx_credit_form)form, amount_fen, a, &res, err)))
		return e;
	if (!res.allowed)
		return gx_error_set(err, GX_ECONFLICT, res.field, _("order %s refused: %s"),
		                    record_text(order, "order_no"), res.message);
	*override_id = res.override_id;
	return GX_OK;
}

enum gx_err app_credit_override_use(struct app *app, int64_t override_id, int64_t order_id,
                                    struct gx_error *err)
{
	struct credit_override_change c = {.from = "approved", .to = "used", .order_id = order_id};
	int changed = 0;
	enum gx_err e = store_credit_override_set_status(app->store, override_id, &c, &changed, err);
	if (e == GX_OK && !changed)
		return gx_error_set(err, GX_ECONFLICT, "override", _("credit override %lld was used meanwhile"),
		                    (long long)override_id);
	if (e == GX_OK && !app->job_id) {
		json_t *j = json_pack("{s:[ss], s:[nI]}", "status", "approved", "used", "order_id",
		                      (json_int_t)order_id);
		char *changes = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		e = app_audit_simple(app, "update", entity_credit_override.name, override_id, changes, 0, err);
		free(changes);
	}
	return e;
}

enum gx_err app_credit_override_request(struct app *app, struct record *o, struct gx_error *err)
{
	enum gx_err e = app_record_check_required(o, err);
	if (e)
		return e;
	const char *reason = record_text(o, "reason");
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("a credit override needs a reason"));
	if (record_is_null(o, "amount_fen") && record_is_null(o, "credit_form"))
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s",
		                    _("a credit override names an amount above the limit, a credit form, or both"));
	if (!record_is_null(o, "amount_fen") && record_int(o, "amount_fen") <= 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s",
		                    _("the amount of a credit override must be above 0"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record cust;
	if ((e = store_begin(app->store, err))) {
		gx_arena_free(&a);
		return e;
	}
	e = store_record_get(app->store, &entity_customer, record_int(o, "customer_id"), &a, &cust, err);
	if (e == GX_OK && cust.deleted_at)
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                 record_text(&cust, "code"));
	record_set_text(o, "status", "pending");
	if (app->actor.user_id)
		record_set_int(o, "requested_by", app->actor.user_id);
	if (e == GX_OK)
		e = store_record_insert(app->store, o, err);
	if (e == GX_OK)
		e = app_audit_change(app, "create", NULL, o, 0, err);
	/* A user with a manager sends the request to that manager's approvals inbox, where the
	 * decision carries it out (approval_kinds.c); without one (the system, or a user at the
	 * top) an admin or manager decides it with `override approve`. */
	int64_t manager = 0, approval_id = 0;
	if (e == GX_OK && app->actor.user_id)
		e = app_user_manager(app, app->actor.user_id, &manager, err);
	if (e == GX_OK && manager)
		e = app_approval_request(app, "credit_override", "credit_override", o->id, NULL, reason,
		                         &approval_id, err);
	gx_arena_free(&a);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

static enum gx_err decide(struct app *app, int64_t id, const char *payload_json, int approve,
                          struct gx_error *err)
{
	const char *note = NULL;
	json_t *payload = NULL;
	if (payload_json && *payload_json) {
		json_error_t je;
		payload = json_loads(payload_json, JSON_REJECT_DUPLICATES, &je);
		json_t *jn = payload ? json_object_get(payload, "note") : NULL;
		if (!json_is_object(payload) || (jn && !json_is_null(jn) && !json_is_string(jn))) {
			json_decref(payload);
			return gx_error_set(err, GX_EINVAL, "payload", "%s",
			                    _("the decision payload must be a JSON object with an optional string \"note\""));
		}
		note = json_is_string(jn) ? json_string_value(jn) : NULL;
	}
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record cur;
	enum gx_err e = store_begin(app->store, err);
	if (e == GX_OK) {
		e = store_record_get(app->store, &entity_credit_override, id, &a, &cur, err);
		if (e == GX_ENOTFOUND)
			e = gx_error_set(err, GX_ENOTFOUND, "id", _("credit override %lld does not exist"), (long long)id);
		else if (e == GX_OK && strcmp(record_text(&cur, "status"), "pending") != 0)
			e = gx_error_set(err, GX_ECONFLICT, "status", _("credit override %lld is already %s"),
			                 (long long)id, record_text(&cur, "status"));
		int64_t waiting = 0;
		if (e == GX_OK && (e = app_approval_pending_count(app, "credit_override", id, &waiting, err)) == GX_OK &&
		    waiting)
			e = gx_error_set(err, GX_ECONFLICT, "status",
			                 _("credit override %lld waits in the approvals inbox of the requester's manager; decide it there"),
			                 (long long)id);
		else if (e == GX_OK && approve && app->actor.user_id &&
		         record_int(&cur, "requested_by") == app->actor.user_id)
			e = gx_error_set(err, GX_EFORBIDDEN, "decided_by", "%s",
			                 _("a credit override cannot be approved by the person who asked for it"));
		struct credit_override_change c = {.from = "pending", .to = approve ? "approved" : "rejected",
		                                   .user_id = app->actor.user_id, .note = note};
		int changed = 0;
		if (e == GX_OK && (e = store_credit_override_set_status(app->store, id, &c, &changed, err)) == GX_OK &&
		    !changed)
			e = gx_error_set(err, GX_ECONFLICT, "status", _("credit override %lld was decided meanwhile"),
			                 (long long)id);
		if (e == GX_OK) {
			struct record after;
			if ((e = store_record_get(app->store, &entity_credit_override, id, &a, &after, err)) == GX_OK) {
				for (size_t i = 0; i < after.def->nfields; i++)
					after.set[i] = 1;
				e = app_audit_change(app, approve ? "approve" : "reject", &cur, &after, 0, err);
			}
		}
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	json_decref(payload);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_credit_override_approve(struct app *app, int64_t override_id,
                                        const char *payload_json, struct gx_error *err)
{
	return decide(app, override_id, payload_json, 1, err);
}

enum gx_err app_credit_override_reject(struct app *app, int64_t override_id,
                                       const char *payload_json, struct gx_error *err)
{
	return decide(app, override_id, payload_json, 0, err);
}
