/* guanxi customer show ID|CODE: the customer's file card. */
#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	{"deleted", NULL, N_("also show a customer in the recycle bin"), NULL},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record r;
		if (app_customer_get(&app, id, cli_flag(ctx, "deleted"), &ctx->arena, &r, &err) != GX_OK)
			rc = cli_fail(&err);
		else {
			out_record(ctx, &app, &r);
			const char *influences = NULL, *influenced_by = NULL;
			if (ctx->format == CLI_FORMAT_TABLE &&
			    store_customer_links(app.store, id, 0, &ctx->arena, &influences, &err) == GX_OK &&
			    store_customer_links(app.store, id, 1, &ctx->arena, &influenced_by, &err) == GX_OK) {
				if (influences)
					fprintf(ctx->out, "%s: %s\n", _("Influences"), influences);
				if (influenced_by)
					fprintf(ctx->out, "%s: %s\n", _("Influenced by"), influenced_by);
			}
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_show = {
	.name = "customer show",
	.summary = N_("show one customer"),
	.usage = "ID|CODE",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
