/* The recycle bin: guanxi customer delete | restore | purge ID|CODE, and `guanxi purge` for the
 * job that empties the bin of everything older than the retention period. */
#include "cli/cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

static enum gx_err do_delete(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_customer_delete(app, id, err);
}

static enum gx_err do_restore(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_customer_restore(app, id, err);
}

static enum gx_err do_purge(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_customer_purge(app, id, err);
}

static int run_delete(struct cli_ctx *ctx)
{
	return cli_customer_action(ctx, do_delete, _("customer %lld moved to the recycle bin\n"));
}

static int run_restore(struct cli_ctx *ctx)
{
	return cli_customer_action(ctx, do_restore, _("customer %lld restored\n"));
}

static int run_purge_one(struct cli_ctx *ctx)
{
	return cli_customer_action(ctx, do_purge, _("customer %lld purged\n"));
}

static int run_purge_job(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t purged, kept;
	if (app_recycle_bin_purge(&app, &purged, &kept, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("purged %lld customers from the recycle bin; kept %lld that have orders\n"),
		        (long long)purged, (long long)kept);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_delete = {
	.name = "customer delete", .summary = N_("move a customer to the recycle bin"),
	.usage = "ID|CODE", .min_args = 1, .max_args = 1, .run = run_delete,
};
const struct cli_command cmd_customer_restore = {
	.name = "customer restore", .summary = N_("bring a customer back from the recycle bin"),
	.usage = "ID|CODE", .min_args = 1, .max_args = 1, .run = run_restore,
};
const struct cli_command cmd_customer_purge = {
	.name = "customer purge", .summary = N_("remove a customer in the recycle bin for good"),
	.usage = "ID|CODE", .min_args = 1, .max_args = 1, .run = run_purge_one,
};
const struct cli_command cmd_purge = {
	.name = "purge", .summary = N_("empty the recycle bin of records deleted longer ago than the retention period"),
	.max_args = 0, .run = run_purge_job,
};
