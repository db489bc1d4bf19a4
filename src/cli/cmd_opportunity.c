/* guanxi opportunity add | list | show | update | move | board: opportunities (商机) and the
 * kanban view of a pipeline (open opportunities per stage with their amounts). */
#include <string.h>

#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/sales_cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static const struct cli_option add_options[] = {
	{"stage", "STAGE", N_("the open stage to start in (default: the pipeline's first)"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer;
	struct record r;
	record_init(&r, &entity_opportunity, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		record_set_int(&r, "customer_id", customer);
		struct gx_error err;
		gx_error_clear(&err);
		if (app_opportunity_create(&app, &r, cli_opt(ctx, "stage"), &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created opportunity %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
	}
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
	rc = cli_run_list(ctx, &app, &entity_opportunity, NULL,
	                  "id,code,name,customer_id,stage_id,status,amount_fen,expected_close_date,owner_id");
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
	if (app_opportunity_resolve(&app, ctx->argv[0], &id, &err) != GX_OK ||
	    store_record_get(app.store, &entity_opportunity, id, &ctx->arena, &r, &err) != GX_OK) {
		app_close(&app);
		return cli_fail(&err);
	}
	out_record(ctx, &app, &r);
	if (ctx->format == CLI_FORMAT_TABLE) {
		struct sales_stage *st;
		size_t n = 0;
		app_pipeline_stages(&app, record_int(&r, "pipeline_id"), &ctx->arena, &st, &n, &err);
		struct store_list_query q = {
			.filter = filter_cond_int(&ctx->arena, &entity_stage_history, "opportunity_id", FILTER_EQ, id),
			.limit = 1000,
		};
		struct store_list_result res;
		if (store_record_list(app.store, &entity_stage_history, &q, &ctx->arena, &res, &err) == GX_OK) {
			fprintf(ctx->out, "\n%s\n", _("Stage history"));
			for (size_t i = 0; i < res.count; i++) {
				int64_t to = record_int(&res.rows[i], "to_stage_id");
				const char *name = "?";
				for (size_t k = 0; k < n; k++)
					if (st[k].id == to)
						name = st[k].name;
				const char *reason = record_text(&res.rows[i], "reason");
				fprintf(ctx->out, "  %s  %s%s%s\n", record_text(&res.rows[i], "changed_at"), name,
				        reason ? "  " : "", reason ? reason : "");
			}
		}
	}
	app_close(&app);
	return CLI_OK;
}

static int run_update(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record p;
	record_init(&p, &entity_opportunity, &ctx->arena);
	if (app_opportunity_resolve(&app, ctx->argv[0], &p.id, &err) != GX_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_record_from_pairs(ctx, &app, &p, 1)) == CLI_OK) {
		if (app_opportunity_update(&app, &p, 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated opportunity %s\n"), ctx->argv[0]);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option move_options[] = {
	{"reason", "TEXT", N_("why it was won or lost (required for the won and lost stages)"), NULL},
	{0},
};

static enum gx_err do_move(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_opportunity_move(app, id, ctx->argv[1], cli_opt(ctx, "reason"), err);
}

static int run_move(struct cli_ctx *ctx)
{
	return sales_cli_action(ctx, app_opportunity_resolve, do_move, _("moved opportunity %s\n"));
}

/* The kanban board: per stage of the pipeline, the opportunities and their amount. */
static int run_board(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t pid, *counts, *amounts;
	struct sales_stage *st;
	size_t n;
	enum gx_err e = ctx->argc ? app_pipeline_resolve(&app, ctx->argv[0], &pid, &err) : app_pipeline_default(&app, &pid, &err);
	if (e == GX_OK)
		e = app_pipeline_board(&app, pid, &ctx->arena, &st, &counts, &amounts, &n, &err);
	if (e != GX_OK) {
		rc = cli_fail(&err);
	} else {
		static const char *const headers[] = {"stage", "probability", "opportunities", "amount"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 4, headers);
		for (size_t i = 0; i < n; i++) {
			const char *cells[] = {st[i].name, gx_arena_printf(&ctx->arena, "%d%%", st[i].probability),
			                       gx_arena_printf(&ctx->arena, "%lld", (long long)counts[i]),
			                       sales_cli_yuan(ctx, amounts[i])};
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_opportunity_add = {
	.name = "opportunity add",
	.summary = N_("open an opportunity: CUSTOMER name=… amount_fen=… expected_close_date=YYYY-MM-DD"),
	.usage = "CUSTOMER field=value …",
	.options = add_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_opportunity_list = {
	.name = "opportunity list",
	.summary = N_("list opportunities"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_opportunity_show = {
	.name = "opportunity show",
	.summary = N_("show an opportunity with its stage history"),
	.usage = "OPPORTUNITY",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_opportunity_update = {
	.name = "opportunity update",
	.summary = N_("change an open opportunity: amount, expected close date, owner, competitors, …"),
	.usage = "OPPORTUNITY field=value …",
	.min_args = 2,
	.max_args = -1,
	.run = run_update,
};
const struct cli_command cmd_opportunity_move = {
	.name = "opportunity move",
	.summary = N_("move an opportunity to another stage (won/lost need --reason)"),
	.usage = "OPPORTUNITY STAGE",
	.options = move_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_move,
};
const struct cli_command cmd_opportunity_board = {
	.name = "opportunity board",
	.summary = N_("the kanban board of a pipeline: open opportunities and amount per stage"),
	.usage = "[PIPELINE]",
	.max_args = 1,
	.run = run_board,
};
