/* guanxi quote add | list | show | send | accept | decline | cancel | approve | reject |
 * threshold: quotes (报价单) with lines and a discount; above the threshold a quote waits for
 * approval. approve/reject call the handlers the approvals framework will call. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/sales_cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static const struct cli_option add_options[] = {
	{"discount", "PERCENT", N_("discount on the subtotal, e.g. 12.5"), "0"},
	{"opportunity", "OPPORTUNITY", N_("the opportunity it belongs to"), NULL},
	{"valid-until", "DATE", N_("last day the offer holds"), NULL},
	{"code", "CODE", N_("quote number (default: generated)"), NULL},
	{0},
};

/* ITEM:QTY[:PRICE]: ITEM is a product SKU, or a description when no product has that SKU;
 * PRICE in yuan defaults to the product's price. */
int sales_cli_quote_line(struct cli_ctx *ctx, struct app *app, const char *spec, struct record *l)
{
	record_init(l, &entity_quote_line, &ctx->arena);
	char *s = gx_arena_strdup(&ctx->arena, spec);
	char *c1 = strchr(s, ':');
	if (!c1)
		return cli_usage_error(ctx, _("line \"%s\" must be ITEM:QUANTITY[:PRICE]"), spec);
	*c1++ = 0;
	char *c2 = strchr(c1, ':');
	if (c2)
		*c2++ = 0;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t pid = 0;
	int found = 0, deleted = 0;
	if (store_record_lookup(app->store, &entity_product, "sku", s, 0, &pid, &deleted, &found, &err) != GX_OK)
		return cli_fail(&err);
	if (found && !deleted)
		record_set_int(l, "product_id", pid);
	else if (app_field_set_text(app, l, "description", s, &ctx->arena, &err) != GX_OK)
		return cli_fail(&err);
	if (app_field_set_text(app, l, "quantity", c1, &ctx->arena, &err) != GX_OK ||
	    (c2 && app_field_set_text(app, l, "unit_price_fen", c2, &ctx->arena, &err) != GX_OK)) {
		gx_error_prefix(&err, _("line \"%s\": "), spec);
		return cli_fail(&err);
	}
	return CLI_OK;
}

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record q;
	record_init(&q, &entity_quote, &ctx->arena);
	int64_t customer;
	int bp = 0;
	size_t n = (size_t)ctx->argc - 1;
	struct quote_line_input *lines = gx_arena_calloc(&ctx->arena, n + 1, sizeof *lines);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) != CLI_OK)
		goto out;
	record_set_int(&q, "customer_id", customer);
	if (sales_parse_percent(cli_opt_or_default(ctx, "discount"), "discount", &bp, &err) != GX_OK ||
	    (cli_opt(ctx, "opportunity") && app_field_set_text(&app, &q, "opportunity_id", cli_opt(ctx, "opportunity"), &ctx->arena, &err)) ||
	    (cli_opt(ctx, "valid-until") && app_field_set_text(&app, &q, "valid_until", cli_opt(ctx, "valid-until"), &ctx->arena, &err)) ||
	    (cli_opt(ctx, "code") && app_field_set_text(&app, &q, "code", cli_opt(ctx, "code"), &ctx->arena, &err))) {
		rc = cli_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = sales_cli_quote_line(ctx, &app, ctx->argv[i + 1], &lines[i].line)) != CLI_OK)
			goto out;
	if (app_quote_create(&app, &q, bp, lines, n, &ctx->arena, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("created quote %s (id %lld): total %s, status %s\n"), record_text(&q, "code"),
		        (long long)q.id, sales_cli_yuan(ctx, record_int(&q, "total_fen")), record_text(&q, "status"));
out:
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	rc = cli_run_list(ctx, &app, &entity_quote, NULL,
	                  "id,code,customer_id,opportunity_id,status,discount_bp,subtotal_fen,total_fen");
	app_close(&app);
	return rc;
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	struct record r;
	if (app_quote_resolve(&app, ctx->argv[0], &id, &err) != GX_OK ||
	    store_record_get(app.store, &entity_quote, id, &ctx->arena, &r, &err) != GX_OK) {
		app_close(&app);
		return cli_fail(&err);
	}
	out_record(ctx, &app, &r);
	struct store_list_query q = {
		.filter = filter_cond_int(&ctx->arena, &entity_quote_line, "quote_id", FILTER_EQ, id),
		.limit = 1000,
		.sort_field = "line_no",
	};
	struct store_list_result res;
	if (ctx->format == CLI_FORMAT_TABLE &&
	    store_record_list(app.store, &entity_quote_line, &q, &ctx->arena, &res, &err) == GX_OK) {
		static const char *const cols[] = {"line_no", "product_id", "description", "quantity", "unit_price_fen", "amount_fen"};
		fputc('\n', ctx->out);
		out_records(ctx, &app, res.rows, res.count, cols, 6);
	}
	app_close(&app);
	return CLI_OK;
}

static enum gx_err do_act(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	const char *action = strchr(ctx->cmd->name, ' ') + 1;
	if (strcmp(action, "approve") == 0 || strcmp(action, "reject") == 0) {
		json_t *o = json_object();
		if (cli_opt(ctx, "note"))
			json_object_set_new(o, "note", json_string(cli_opt(ctx, "note")));
		char *payload = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		enum gx_err e = app_quote_discount_decide(app, id, strcmp(action, "approve") == 0, payload, err);
		free(payload);
		return e;
	}
	return app_quote_act(app, id, action, err);
}

static int run_act(struct cli_ctx *ctx)
{
	return sales_cli_action(ctx, app_quote_resolve, do_act, _("quote %s updated\n"));
}

static int run_threshold(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int bp;
	if (ctx->argc && app_quote_threshold_set(&app, ctx->argv[0], &err) != GX_OK)
		rc = cli_fail(&err);
	else if (app_quote_threshold(&app, &bp, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("quotes with a discount above %d.%02d %% need approval\n"), bp / 100, bp % 100);
	app_close(&app);
	return rc;
}

static const struct cli_option note_options[] = {
	{"note", "TEXT", N_("the approver's note"), NULL},
	{0},
};

const struct cli_command cmd_quote_add = {
	.name = "quote add",
	.summary = N_("create a quote: CUSTOMER ITEM:QUANTITY[:PRICE] … (ITEM a product SKU or a description)"),
	.usage = "CUSTOMER LINE…",
	.options = add_options,
	.min_args = 2,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_quote_list = {
	.name = "quote list",
	.summary = N_("list quotes"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_quote_show = {
	.name = "quote show",
	.summary = N_("show a quote with its lines"),
	.usage = "QUOTE",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
#define QUOTE_ACTION(var, verb, text, opts)                                                       \
	const struct cli_command var = {.name = "quote " verb, .summary = text, .usage = "QUOTE",       \
	                                .options = opts, .min_args = 1, .max_args = 1, .run = run_act}
QUOTE_ACTION(cmd_quote_send, "send", N_("send a quote (not while it waits for approval)"), NULL);
QUOTE_ACTION(cmd_quote_accept, "accept", N_("record that the customer accepted a sent quote"), NULL);
QUOTE_ACTION(cmd_quote_decline, "decline", N_("record that the customer declined a sent quote"), NULL);
QUOTE_ACTION(cmd_quote_cancel, "cancel", N_("cancel a quote"), NULL);
QUOTE_ACTION(cmd_quote_approve, "approve", N_("approve a quote's discount (managers)"), note_options);
QUOTE_ACTION(cmd_quote_reject, "reject", N_("reject a quote's discount (managers)"), note_options);
const struct cli_command cmd_quote_threshold = {
	.name = "quote threshold",
	.summary = N_("show or set the discount (percent) above which a quote needs approval"),
	.usage = "[PERCENT]",
	.max_args = 1,
	.run = run_threshold,
};
