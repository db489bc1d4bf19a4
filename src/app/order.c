/* Saving orders with their lines (see include/guanxi/order.h). */
#include <stdio.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/credit.h"
#include "guanxi/customer_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/order.h"
#include "guanxi/order_store.h"
#include "guanxi/record_store.h"

static enum gx_err line_error(struct gx_error *err, const struct order_line_input *l, enum gx_err e)
{
	if (l->source_line)
		gx_error_prefix(err, _("line %zu: "), l->source_line);
	return e;
}

/* Fills amount and cost, checks signs: sale lines are >= 0, refund lines are stored negative. */
static enum gx_err prepare_line(struct app *app, struct order_line_input *l, int refund,
                                struct gx_arena *a, struct gx_error *err)
{
	struct record *r = &l->line;
	if (record_is_null(r, "quantity") || record_int(r, "quantity") <= 0)
		return line_error(err, l, gx_error_set(err, GX_EINVAL, "quantity", "%s",
		                                       _("quantity must be a whole number above 0")));
	if (record_is_null(r, "product_id"))
		return line_error(err, l, gx_error_set(err, GX_EINVAL, "product_id", "%s", _("the line has no product")));
	if (record_is_null(r, "unit_price_fen"))
		return line_error(err, l, gx_error_set(err, GX_EINVAL, "unit_price_fen", "%s", _("the line has no unit price")));
	int64_t qty = record_int(r, "quantity");
	int64_t price = record_int(r, "unit_price_fen");
	/* Refund lines may be written with or without their minus sign; a sale line may not be
	 * negative at all (DECISIONS.md "Money"). */
	if (!refund && (price < 0 || (!record_is_null(r, "amount_fen") && record_int(r, "amount_fen") < 0) ||
	                (!record_is_null(r, "cost_fen") && record_int(r, "cost_fen") < 0)))
		return line_error(err, l, gx_error_set(err, GX_EINVAL, "amount_fen", "%s",
		                                       _("a sale line cannot be negative; record returns as a refund order")));
	if (price < 0)
		price = -price;
	if (price > INT64_MAX / qty)
		return line_error(err, l, gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("the line amount is too large")));
	int64_t amount = record_is_null(r, "amount_fen") ? price * qty : record_int(r, "amount_fen");
	if (amount < 0)
		amount = -amount;
	int64_t cost;
	if (record_is_null(r, "cost_fen")) {
		struct record p;
		enum gx_err e = store_record_get(app->store, &entity_product, record_int(r, "product_id"), a, &p, err);
		if (e != GX_OK)
			return line_error(err, l, e);
		cost = record_int(&p, "cost_fen") * qty;
	} else {
		cost = record_int(r, "cost_fen");
		if (cost < 0)
			cost = -cost;
	}
	int sign = refund ? -1 : 1;
	record_set_int(r, "unit_price_fen", sign * price);
	record_set_int(r, "amount_fen", sign * amount);
	record_set_int(r, "cost_fen", sign * cost);
	return GX_OK;
}

enum gx_err app_order_save(struct app *app, struct record *h, struct order_line_input *lines,
                           size_t nlines, struct gx_arena *a, struct gx_error *err)
{
	if (nlines == 0)
		return gx_error_set(err, GX_EINVAL, "lines", "%s", _("an order needs at least one line"));
	if (record_is_null(h, "kind"))
		record_set_text(h, "kind", "sale");
	if (record_is_null(h, "status"))
		record_set_text(h, "status", "completed");
	int refund = strcmp(record_text(h, "kind"), "refund") == 0;
	if (refund != !record_is_null(h, "refund_of"))
		return gx_error_set(err, GX_EINVAL, "refund_of", "%s",
		                    refund ? _("a refund must name the order it refunds")
		                           : _("only a refund may name an order it refunds"));
	enum gx_err e = app_record_check_required(h, err);
	if (e != GX_OK)
		return e;
	/* Local date of the order in the company's zone. */
	struct gx_tz *tz;
	if ((e = gx_tz_open(app->settings.timezone, &tz, err)) != GX_OK)
		return e;
	int64_t ms;
	e = gx_instant_parse(record_text(h, "ordered_at"), tz, &ms, "ordered_at", err);
	int32_t day = e == GX_OK ? gx_instant_local_date(ms, tz) : 0;
	gx_tz_free(tz);
	if (e != GX_OK)
		return e;
	char dbuf[GX_DATE_FMT_SIZE];
	h->v[entity_field_index(&entity_order, "order_date")] =
		(struct gx_value){.s = gx_arena_strdup(a, gx_date_format(day, dbuf))};
	h->set[entity_field_index(&entity_order, "order_date")] = 1;

	app_stamp_job(app, h);
	/* inside a caller's unit of work (bulk) the caller folds the rollup once */
	int nested = store_in_transaction(app->store);
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	struct record cust;
	if ((e = store_record_get(app->store, &entity_customer, record_int(h, "customer_id"), a, &cust, err)))
		goto fail;
	if (cust.deleted_at) {
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                 record_text(&cust, "code"));
		goto fail;
	}
	/* Owner and department at placement: the given owner, else the customer's. */
	if (record_is_null(h, "owner_id") && !record_is_null(&cust, "owner_id"))
		record_set_int(h, "owner_id", record_int(&cust, "owner_id"));
	if (!record_is_null(h, "owner_id")) {
		struct record u;
		if ((e = store_record_get(app->store, &entity_user, record_int(h, "owner_id"), a, &u, err)))
			goto fail;
		int di = entity_field_index(&entity_order, "department_id");
		h->v[di] = u.v[entity_field_index(&entity_user, "department_id")];
		h->set[di] = 1;
	}
	for (size_t i = 0; i < nlines; i++)
		if ((e = prepare_line(app, &lines[i], refund, a, err)) != GX_OK)
			goto fail;

	struct record existing;
	int found = 0;
	if ((e = store_record_find(app->store, &entity_order, "order_no", record_text(h, "order_no"), a,
	                           &existing, &found, err)))
		goto fail;
	int append = 0, sums_known = 0;
	if (found) {
		if (existing.deleted_at) {
			e = gx_error_set(err, GX_ECONFLICT, "order_no", _("order %s is in the recycle bin"),
			                 record_text(h, "order_no"));
			goto fail;
		}
		if (record_int(&existing, "customer_id") != record_int(h, "customer_id")) {
			e = gx_error_set(err, GX_ECONFLICT, "customer_id",
			                 _("order %s belongs to another customer; an order cannot move between customers"),
			                 record_text(h, "order_no"));
			goto fail;
		}
		int64_t job = record_int(h, "job_id");
		append = job && record_int(&existing, "job_id") == job;
		h->id = existing.id;
		if ((e = store_record_update(app->store, h, 0, err)))
			goto fail;
		if (!append && (e = store_order_lines_delete(app->store, h->id, err)))
			goto fail;
	} else {
		/* A new order's totals are the sums of its lines, known here: written with the
		 * order instead of by an UPDATE after the lines (the store keeps them in step). */
		int64_t amount = 0, cost = 0;
		sums_known = 1;
		for (size_t i = 0; i < nlines && sums_known; i++)
			sums_known = !__builtin_add_overflow(amount, record_int(&lines[i].line, "amount_fen"), &amount) &&
			             !__builtin_add_overflow(cost, record_int(&lines[i].line, "cost_fen"), &cost);
		if (sums_known) {
			record_set_int(h, "amount_fen", amount);
			record_set_int(h, "cost_fen", cost);
		}
		if ((e = store_record_insert(app->store, h, err)))
			goto fail;
	}
	int64_t next_no = 1;
	if (append && (e = store_order_next_line_no(app->store, h->id, &next_no, err)))
		goto fail;
	for (size_t i = 0; i < nlines; i++) {
		struct record *l = &lines[i].line;
		record_set_int(l, "order_id", h->id);
		if (record_is_null(l, "line_no") || append)
			record_set_int(l, "line_no", next_no + (int64_t)i);
		if ((e = store_record_insert(app->store, l, err))) {
			if (e == GX_ECONFLICT)
				gx_error_set(err, GX_EINVAL, "line_no", _("line number %lld appears twice in order %s"),
				             (long long)record_int(l, "line_no"), record_text(h, "order_no"));
			line_error(err, &lines[i], e);
			goto fail;
		}
	}
	if (!sums_known && (e = store_order_refresh_totals(app->store, h->id, err)))
		goto fail;
	/* The credit check (MODELS.md M25) sees the order as saved, lines appended by a job
	 * included; a refusal rolls the whole order back. A new cash order skips the read. */
	const char *form = record_text(h, "credit_form");
	if (!refund && (found || (form && strcmp(form, "cash") != 0))) {
		struct record saved;
		int64_t override_id = 0;
		if ((e = store_record_get(app->store, &entity_order, h->id, a, &saved, err)) ||
		    (e = app_credit_order_check(app, &saved, h->id, record_int(&saved, "amount_fen"), a,
		                                &override_id, err)) ||
		    (override_id && (e = app_credit_override_use(app, override_id, h->id, err))))
			goto fail;
	}
	if (refund) {
		struct record orig;
		if ((e = store_record_get(app->store, &entity_order, record_int(h, "refund_of"), a, &orig, err)))
			goto fail;
		if (record_int(&orig, "customer_id") != record_int(h, "customer_id") ||
		    strcmp(record_text(&orig, "kind"), "sale") != 0) {
			e = gx_error_set(err, GX_EINVAL, "refund_of", "%s",
			                 _("a refund must refund a sale of the same customer"));
			goto fail;
		}
		int64_t refunded = 0;
		struct record now;
		if ((e = store_order_refunded_total(app->store, orig.id, -1, &refunded, err)) ||
		    (e = store_record_get(app->store, &entity_order, h->id, a, &now, err)))
			goto fail;
		if (-refunded > record_int(&orig, "amount_fen")) {
			e = gx_error_set(err, GX_EINVAL, "amount_fen", _("refunds of order %s would exceed its amount"),
			                 record_text(&orig, "order_no"));
			goto fail;
		}
	}
	/* An order counts as contact with the customer for the public pool's recycle rule. */
	if ((e = store_customer_touch(app->store, record_int(h, "customer_id"), record_text(h, "ordered_at"), err)))
		goto fail;
	if (!record_int(h, "job_id") && (e = app_audit_change(app, found ? "update" : "create", NULL, h, 0, err)))
		goto fail;
	/* the dashboard's rollup (guanxi/dashboard_store.h) */
	if (!nested && (e = store_dashboard_fold_customer(app->store, record_int(h, "customer_id"), err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}
