/* guanxi invoice add | list | show and payment add | list: invoices with their fapiao details
 * (开票信息) and the payments against them (see guanxi/credit.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/credit.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

/* An invoice by number or id. */
static int invoice_arg(struct app *app, const char *arg, int64_t *id)
{
	struct gx_error err;
	gx_error_clear(&err);
	int deleted = 0, found = 0;
	if (store_record_lookup(app->store, &entity_invoice, "invoice_no", arg, 0, id, &deleted, &found, &err) != GX_OK)
		return cli_fail(&err);
	if (!found && store_record_lookup(app->store, &entity_invoice, NULL, arg, 0, id, &deleted, &found, &err) != GX_OK)
		return cli_fail(&err);
	if (!found) {
		gx_error_set(&err, GX_ENOTFOUND, "invoice", _("invoice %s does not exist"), arg);
		return cli_fail(&err);
	}
	return CLI_OK;
}

static const struct cli_option add_options[] = {
	{"orders", "LIST", N_("comma-separated order numbers the invoice bills"), NULL},
	{0},
};

static int run_invoice_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t customer;
	struct record r;
	record_init(&r, &entity_invoice, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) != CLI_OK ||
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) != CLI_OK)
		goto out;
	record_set_int(&r, "customer_id", customer);
	int64_t ids[256];
	size_t n = 0;
	const char *list = cli_opt(ctx, "orders");
	char *copy = list ? gx_arena_strdup(&ctx->arena, list) : NULL;
	for (char *tok = copy ? strtok(copy, ",") : NULL; tok; tok = strtok(NULL, ",")) {
		int deleted = 0, found = 0;
		if (n == 256) {
			rc = cli_usage_error(ctx, "%s", _("at most 256 orders per invoice"));
			goto out;
		}
		if (store_record_lookup(app.store, &entity_order, "order_no", tok, 0, &ids[n], &deleted, &found, &err) != GX_OK ||
		    (!found && gx_error_set(&err, GX_EINVAL, "orders", _("order %s does not exist"), tok))) {
			rc = cli_fail(&err);
			goto out;
		}
		n++;
	}
	if (app_invoice_create(&app, &r, ids, n, &ctx->arena, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("created invoice %s (id %lld)\n"), record_text(&r, "invoice_no"), (long long)r.id);
out:
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_invoice_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	int64_t id;
	if (ctx->argc == 1) {
		if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) != CLI_OK) {
			app_close(&app);
			return rc;
		}
		extra = filter_cond_int(&ctx->arena, &entity_invoice, "customer_id", FILTER_EQ, id);
	}
	rc = cli_run_list(ctx, &app, &entity_invoice, extra,
	                  "invoice_no,customer_id,issued_on,due_on,amount_fen,paid_fen,status,title");
	app_close(&app);
	return rc;
}

static int run_invoice_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	struct record r;
	const char *orders = NULL;
	if ((rc = invoice_arg(&app, ctx->argv[0], &id)) != CLI_OK)
		goto out;
	if (store_record_get(app.store, &entity_invoice, id, &ctx->arena, &r, &err) != GX_OK ||
	    store_invoice_orders(app.store, id, &ctx->arena, &orders, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	out_record(ctx, &app, &r);
	if (ctx->format == CLI_FORMAT_TABLE && orders)
		fprintf(ctx->out, "%s: %s\n", _("Orders"), orders);
out:
	app_close(&app);
	return rc;
}

static int run_payment_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t inv;
	struct record p;
	record_init(&p, &entity_payment, &ctx->arena);
	if ((rc = invoice_arg(&app, ctx->argv[0], &inv)) != CLI_OK ||
	    (rc = cli_record_from_pairs(ctx, &app, &p, 1)) != CLI_OK)
		goto out;
	record_set_int(&p, "invoice_id", inv);
	if (app_payment_add(&app, &p, &ctx->arena, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("recorded payment %lld\n"), (long long)p.id);
out:
	app_close(&app);
	return rc;
}

static int run_payment_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	int64_t id;
	if (ctx->argc == 1) {
		if ((rc = invoice_arg(&app, ctx->argv[0], &id)) != CLI_OK) {
			app_close(&app);
			return rc;
		}
		extra = filter_cond_int(&ctx->arena, &entity_payment, "invoice_id", FILTER_EQ, id);
	}
	rc = cli_run_list(ctx, &app, &entity_payment, extra,
	                  "id,invoice_id,customer_id,paid_on,amount_fen,method,reference");
	app_close(&app);
	return rc;
}

const struct cli_command cmd_invoice_add = {
	.name = "invoice add",
	.summary = N_("issue an invoice: invoice_no=… issued_on=… due_on=… amount_fen=YUAN title=… uscc=… bank=… bank_account=…"),
	.usage = "CUSTOMER field=value …",
	.options = add_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_invoice_add,
};
const struct cli_command cmd_invoice_list = {
	.name = "invoice list",
	.summary = N_("list invoices, of one customer or all"),
	.usage = "[CUSTOMER]",
	.options = list_options,
	.max_args = 1,
	.run = run_invoice_list,
};
const struct cli_command cmd_invoice_show = {
	.name = "invoice show",
	.summary = N_("show one invoice with its fapiao details and orders"),
	.usage = "INVOICE_NO|ID",
	.min_args = 1,
	.max_args = 1,
	.run = run_invoice_show,
};
const struct cli_command cmd_payment_add = {
	.name = "payment add",
	.summary = N_("record a payment against an invoice: paid_on=… amount_fen=YUAN method=…"),
	.usage = "INVOICE_NO|ID field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_payment_add,
};
const struct cli_command cmd_payment_list = {
	.name = "payment list",
	.summary = N_("list payments, of one invoice or all"),
	.usage = "[INVOICE_NO|ID]",
	.options = list_options,
	.max_args = 1,
	.run = run_payment_list,
};
