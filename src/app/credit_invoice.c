/* Invoices (发票) and payments (收款) of credit management (see guanxi/credit.h). An invoice
 * carries the fapiao details the customer's finance department needs (开票信息); missing ones are
 * taken from the customer's file. Its paid amount and status are always recomputed from its
 * payments in the same transaction, so they cannot drift from the payments that back them. */
#include <string.h>

#include "guanxi/credit.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

static const char *yuan(struct gx_arena *a, int64_t fen)
{
	char buf[GX_MONEY_FMT_SIZE];
	return gx_arena_strdup(a, gx_money_format_display(fen, buf));
}

/* Fapiao details the caller left out come from the customer's file. */
static void default_from_customer(struct record *inv, const struct record *cust)
{
	static const char *const pairs[][2] = {
		{"title", "name"}, {"uscc", "uscc"}, {"address", "address"}, {"phone", "phone"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (record_is_null(inv, pairs[i][0]) && record_text(cust, pairs[i][1]))
			record_set_text(inv, pairs[i][0], record_text(cust, pairs[i][1]));
}

static enum gx_err link_orders(struct app *app, struct record *inv, const int64_t *ids, size_t n,
                               struct gx_arena *a, struct gx_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct record o;
		enum gx_err e = store_record_get(app->store, &entity_order, ids[i], a, &o, err);
		if (e == GX_ENOTFOUND)
			return gx_error_set(err, GX_EINVAL, "orders", _("order %lld does not exist"), (long long)ids[i]);
		if (e)
			return e;
		const char *no = record_text(&o, "order_no");
		if (o.deleted_at)
			return gx_error_set(err, GX_EINVAL, "orders", _("order %s is in the recycle bin"), no);
		if (record_int(&o, "customer_id") != record_int(inv, "customer_id"))
			return gx_error_set(err, GX_EINVAL, "orders",
			                    _("order %s belongs to another customer than the invoice"), no);
		if (strcmp(record_text(&o, "kind"), "sale") != 0 || strcmp(record_text(&o, "status"), "cancelled") == 0)
			return gx_error_set(err, GX_EINVAL, "orders",
			                    _("order %s is a refund or cancelled and cannot be invoiced"), no);
		int billed = 0;
		if ((e = store_credit_order_invoiced(app->store, o.id, &billed, err)))
			return e;
		if (billed)
			return gx_error_set(err, GX_ECONFLICT, "orders", _("order %s is billed by another invoice already"), no);
		if ((e = store_invoice_link_order(app->store, inv->id, o.id, err)))
			return e == GX_ECONFLICT
			               ? gx_error_set(err, GX_EINVAL, "orders", _("order %s is listed twice"), no)
			               : e;
	}
	return GX_OK;
}

enum gx_err app_invoice_create(struct app *app, struct record *inv, const int64_t *order_ids,
                               size_t norders, struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = app_record_check_required(inv, err);
	if (e && strcmp(err->field, "title") != 0)   /* the title may come from the customer */
		return e;
	if (record_int(inv, "amount_fen") <= 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("the invoice amount must be above 0"));
	if (strcmp(record_text(inv, "due_on"), record_text(inv, "issued_on")) < 0)
		return gx_error_set(err, GX_EINVAL, "due_on", _("the due date %s is before the issue date %s"),
		                    record_text(inv, "due_on"), record_text(inv, "issued_on"));
	if (record_is_null(inv, "kind"))
		record_set_text(inv, "kind", "normal");
	if ((e = store_begin(app->store, err)))
		return e;
	struct record cust, found;
	int exists = 0;
	e = store_record_get(app->store, &entity_customer, record_int(inv, "customer_id"), a, &cust, err);
	if (e == GX_OK && cust.deleted_at)
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                 record_text(&cust, "code"));
	if (e == GX_OK)
		e = store_record_find(app->store, &entity_invoice, "invoice_no", record_text(inv, "invoice_no"), a,
		                      &found, &exists, err);
	if (e == GX_OK && exists)
		e = gx_error_set(err, GX_ECONFLICT, "invoice_no", _("invoice %s exists already"),
		                 record_text(inv, "invoice_no"));
	if (e == GX_OK) {
		default_from_customer(inv, &cust);
		record_set_text(inv, "status", "open");
		record_set_int(inv, "paid_fen", 0);
		if (app->actor.user_id)
			record_set_int(inv, "created_by", app->actor.user_id);
		e = store_record_insert(app->store, inv, err);
	}
	if (e == GX_OK)
		e = link_orders(app, inv, order_ids, norders, a, err);
	if (e == GX_OK)
		e = app_audit_change(app, "create", NULL, inv, 0, err);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_payment_add(struct app *app, struct record *pay, struct gx_arena *a,
                            struct gx_error *err)
{
	enum gx_err e = app_record_check_required(pay, err);
	if (e)
		return e;
	int64_t amount = record_int(pay, "amount_fen");
	if (amount <= 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("the payment amount must be above 0"));
	if (record_is_null(pay, "method"))
		record_set_text(pay, "method", "bank_transfer");
	if ((e = store_begin(app->store, err)))
		return e;
	struct record inv;
	e = store_record_get(app->store, &entity_invoice, record_int(pay, "invoice_id"), a, &inv, err);
	if (e == GX_ENOTFOUND)
		e = gx_error_set(err, GX_EINVAL, "invoice_id", _("invoice %lld does not exist"),
		                 (long long)record_int(pay, "invoice_id"));
	if (e == GX_OK) {
		const char *no = record_text(&inv, "invoice_no");
		int64_t open = record_int(&inv, "amount_fen") - record_int(&inv, "paid_fen");
		if (amount > open)
			e = gx_error_set(err, GX_EINVAL, "amount_fen",
			                 _("the payment of %s is larger than the open amount %s of invoice %s"),
			                 yuan(a, amount), yuan(a, open), no);
		else if (strcmp(record_text(pay, "paid_on"), record_text(&inv, "issued_on")) < 0)
			e = gx_error_set(err, GX_EINVAL, "paid_on", _("the payment date %s is before invoice %s was issued (%s)"),
			                 record_text(pay, "paid_on"), no, record_text(&inv, "issued_on"));
	}
	if (e == GX_OK) {
		record_set_int(pay, "customer_id", record_int(&inv, "customer_id"));
		if (app->actor.user_id)
			record_set_int(pay, "recorded_by", app->actor.user_id);
		e = store_record_insert(app->store, pay, err);
	}
	if (e == GX_OK)
		e = store_invoice_refresh_paid(app->store, inv.id, err);
	if (e == GX_OK)
		e = app_audit_change(app, "create", NULL, pay, 0, err);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}
