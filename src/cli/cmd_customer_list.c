/* guanxi customer list: customers page by page, with filters; --pool lists the public pool. */
#include "cli/list_common.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	CLI_LIST_OPTIONS,
	{"pool", NULL, N_("only customers in the public pool (no owner)"), NULL},
	{"mine", NULL, N_("only customers owned by --user"), NULL},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	if (cli_flag(ctx, "pool"))
		extra = filter_cond_null(&ctx->arena, &entity_customer, "owner_id", 1);
	if (cli_flag(ctx, "mine"))
		extra = filter_and(&ctx->arena, extra,
		                   filter_cond_int(&ctx->arena, &entity_customer, "owner_id", FILTER_EQ,
		                                   app.actor.user_id));
	rc = cli_run_list(ctx, &app, &entity_customer, extra, "id,code,name,kind,mobile,city,owner_id");
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_list = {
	.name = "customer list",
	.summary = N_("list customers"),
	.options = options,
	.max_args = 0,
	.run = run,
};
