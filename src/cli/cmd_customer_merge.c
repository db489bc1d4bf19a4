/* guanxi customer merge INTO FROM: merges a duplicate into the customer that stays. */
#include "cli/cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t into, from;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &into)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &from)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		int64_t moved;
		if (app_customer_merge(&app, into, from, &moved, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("merged customer %lld into %lld; %lld related records moved\n"),
			        (long long)from, (long long)into, (long long)moved);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_merge = {
	.name = "customer merge",
	.summary = N_("merge a duplicate customer (FROM) into another (INTO)"),
	.usage = "INTO FROM",
	.min_args = 2,
	.max_args = 2,
	.run = run,
};
