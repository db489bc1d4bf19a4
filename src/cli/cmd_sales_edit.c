/* guanxi lead update | contract update | quote update | opportunity delete | opportunity
 * restore: changing leads, contracts and quotes after creation, and opportunities to and from
 * the recycle bin (app/sales_edit.c says what may change and what is refused). */
#include <stdio.h>
#include <string.h>

#include "cli/sales_cli.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

typedef enum gx_err (*update_fn)(struct app *app, struct record *patch, int64_t expected_version,
                                 struct gx_arena *a, struct gx_error *err);

/* X update CODE field=value …: resolve, fill the patch from the pairs, apply. */
static int run_pairs_update(struct cli_ctx *ctx, const struct entity_def *def, sales_cli_resolve_fn resolve,
                            update_fn update, const char *done_fmt)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record p;
	record_init(&p, def, &ctx->arena);
	if (resolve(&app, ctx->argv[0], &p.id, &err) != GX_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_record_from_pairs(ctx, &app, &p, 1)) == CLI_OK) {
		if (update(&app, &p, 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, done_fmt, ctx->argv[0]);
	}
	app_close(&app);
	return rc;
}

static int run_lead_update(struct cli_ctx *ctx)
{
	return run_pairs_update(ctx, &entity_lead, app_lead_resolve, app_lead_update, _("updated lead %s\n"));
}

static int run_contract_update(struct cli_ctx *ctx)
{
	return run_pairs_update(ctx, &entity_contract, app_contract_resolve, app_contract_update,
	                        _("updated contract %s\n"));
}

static const struct cli_option quote_options[] = {
	{"discount", "PERCENT", N_("new discount on the subtotal, e.g. 12.5 (draft or rejected quotes)"), NULL},
	{"opportunity", "OPPORTUNITY", N_("the opportunity it belongs to (draft or rejected quotes)"), NULL},
	{"valid-until", "DATE", N_("last day the offer holds"), NULL},
	{"notes", "TEXT", N_("notes"), NULL},
	{"owner", "USER", N_("the owner"), NULL},
	{0},
};

static int run_quote_update(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record q;
	record_init(&q, &entity_quote, &ctx->arena);
	int bp = -1;
	size_t n = (size_t)ctx->argc - 1;
	struct quote_line_input *lines = n ? gx_arena_calloc(&ctx->arena, n, sizeof *lines) : NULL;
	static const char *const fields[][2] = {{"opportunity", "opportunity_id"}, {"valid-until", "valid_until"},
	                                         {"notes", "notes"}, {"owner", "owner_id"}};
	if (app_quote_resolve(&app, ctx->argv[0], &q.id, &err) != GX_OK ||
	    (cli_opt(ctx, "discount") && sales_parse_percent(cli_opt(ctx, "discount"), "discount", &bp, &err) != GX_OK)) {
		rc = cli_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (cli_opt(ctx, fields[i][0]) &&
		    app_field_set_text(&app, &q, fields[i][1], cli_opt(ctx, fields[i][0]), &ctx->arena, &err) != GX_OK) {
			rc = cli_fail(&err);
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		if ((rc = sales_cli_quote_line(ctx, &app, ctx->argv[i + 1], &lines[i].line)) != CLI_OK)
			goto out;
	if (app_quote_update(&app, &q, 0, bp, lines, n, &ctx->arena, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		struct record after;
		if (store_record_get(app.store, &entity_quote, q.id, &ctx->arena, &after, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated quote %s: total %s, status %s\n"), record_text(&after, "code"),
			        sales_cli_yuan(ctx, record_int(&after, "total_fen")), record_text(&after, "status"));
	}
out:
	app_close(&app);
	return rc;
}

static enum gx_err do_delete(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_opportunity_delete(app, id, err);
}

static int run_opportunity_delete(struct cli_ctx *ctx)
{
	return sales_cli_action(ctx, app_opportunity_resolve, do_delete,
	                        _("moved opportunity %s to the recycle bin\n"));
}

static enum gx_err do_restore(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_opportunity_restore(app, id, err);
}

static int run_opportunity_restore(struct cli_ctx *ctx)
{
	return sales_cli_action(ctx, app_opportunity_resolve_binned, do_restore,
	                        _("restored opportunity %s from the recycle bin\n"));
}

const struct cli_command cmd_lead_update = {
	.name = "lead update",
	.summary = N_("change a lead that is not converted: name, company, phone, source, expected amount, …"),
	.usage = "LEAD field=value …",
	.min_args = 2,
	.max_args = -1,
	.run = run_lead_update,
};
const struct cli_command cmd_contract_update = {
	.name = "contract update",
	.summary = N_("change a draft or signed contract: title, terms, dates, owner; the amount only while draft"),
	.usage = "CONTRACT field=value …",
	.min_args = 2,
	.max_args = -1,
	.run = run_contract_update,
};
const struct cli_command cmd_quote_update = {
	.name = "quote update",
	.summary = N_("change a quote; new lines (ITEM:QUANTITY[:PRICE]) replace all its lines (draft or rejected quotes)"),
	.usage = "QUOTE [ITEM:QUANTITY[:PRICE] …]",
	.options = quote_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_quote_update,
};
const struct cli_command cmd_opportunity_delete = {
	.name = "opportunity delete",
	.summary = N_("move an opportunity without a contract to the recycle bin"),
	.usage = "OPPORTUNITY",
	.min_args = 1,
	.max_args = 1,
	.run = run_opportunity_delete,
};
const struct cli_command cmd_opportunity_restore = {
	.name = "opportunity restore",
	.summary = N_("bring an opportunity back from the recycle bin"),
	.usage = "OPPORTUNITY",
	.min_args = 1,
	.max_args = 1,
	.run = run_opportunity_restore,
};
