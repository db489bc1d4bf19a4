/* guanxi interaction add CUSTOMER field=value … | interaction list [CUSTOMER]: the timeline. */
#include "cli/cli.h"
#include "cli/list_common.h"
#include "guanxi/i18n.h"
#include "guanxi/interaction.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer;
	struct record r;
	record_init(&r, &entity_interaction, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		record_set_int(&r, "customer_id", customer);
		struct gx_error err;
		gx_error_clear(&err);
		if (app_interaction_add(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("logged interaction %lld\n"), (long long)r.id);
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
	struct filter_node *extra = NULL;
	int64_t customer;
	if (ctx->argc == 1) {
		if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) != CLI_OK) {
			app_close(&app);
			return rc;
		}
		extra = filter_cond_int(&ctx->arena, &entity_interaction, "customer_id", FILTER_EQ, customer);
	}
	rc = cli_run_list(ctx, &app, &entity_interaction, extra,
	                  "id,occurred_at,customer_id,channel,type,direction,subject,user_id");
	app_close(&app);
	return rc;
}

const struct cli_command cmd_interaction_add = {
	.name = "interaction add",
	.summary = N_("log an interaction: channel=phone type=inquiry subject=… (see --help of export)"),
	.usage = "CUSTOMER field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_interaction_list = {
	.name = "interaction list",
	.summary = N_("list interactions, of one customer or all"),
	.usage = "[CUSTOMER]",
	.options = list_options,
	.max_args = 1,
	.run = run_list,
};
