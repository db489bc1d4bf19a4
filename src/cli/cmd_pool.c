/* The public pool (公海): guanxi customer claim | release | assign, and guanxi pool recycle. */
#include "cli/cli.h"
#include "guanxi/approval.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static const struct cli_option release_options[] = {
	{"reason", "TEXT", N_("why the customer goes back to the pool"), NULL},
	{0},
};

static const struct cli_option claim_options[] = {
	{"request-approval", NULL, N_("over the owned or daily limit: ask your manager to approve the claim"), NULL},
	{"reason", "TEXT", N_("why you need this customer (with --request-approval)"), NULL},
	{0},
};

static enum gx_err do_claim(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	if (!cli_flag(ctx, "request-approval"))
		return app_pool_claim(app, id, err);
	int64_t approval;
	enum gx_err e = app_pool_claim_request(app, id, cli_opt(ctx, "reason"), &approval, err);
	if (e == GX_OK)
		fprintf(ctx->out, _("claim over the limit requested: approval request %lld waits for your manager\n"),
		        (long long)approval);
	return e;
}

static enum gx_err do_release(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_pool_release(app, id, cli_opt(ctx, "reason"), err);
}

static int run_claim(struct cli_ctx *ctx)
{
	return cli_customer_action(ctx, do_claim, cli_flag(ctx, "request-approval") ? "" : _("customer %lld is now yours\n"));
}

static int run_release(struct cli_ctx *ctx)
{
	return cli_customer_action(ctx, do_release, _("customer %lld is back in the public pool\n"));
}

static int run_assign(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record u;
		int found = 0;
		if (store_record_find(app.store, &entity_user, "username", ctx->argv[1], &ctx->arena, &u,
		                      &found, &err) != GX_OK)
			rc = cli_fail(&err);
		else if (!found) {
			fprintf(stderr, "guanxi: %s %s\n", _("no user named"), ctx->argv[1]);
			rc = CLI_FAIL;
		} else if (app_pool_assign(&app, id, u.id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("customer %lld assigned to %s\n"), (long long)id, ctx->argv[1]);
	}
	app_close(&app);
	return rc;
}

static int run_recycle(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t n, job;
	if (app_pool_recycle(&app, &n, &job, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("%lld customers without owner contact for %d days returned to the public pool (job %lld)\n"),
		        (long long)n, app.settings.pool_recycle_days, (long long)job);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_claim = {
	.name = "customer claim", .summary = N_("take a customer from the public pool (as --user)"),
	.usage = "ID|CODE", .options = claim_options, .min_args = 1, .max_args = 1, .run = run_claim,
};
const struct cli_command cmd_customer_release = {
	.name = "customer release", .summary = N_("give a customer back to the public pool"),
	.usage = "ID|CODE", .options = release_options, .min_args = 1, .max_args = 1, .run = run_release,
};
const struct cli_command cmd_customer_assign = {
	.name = "customer assign", .summary = N_("give a customer to a user (admins and managers)"),
	.usage = "ID|CODE USERNAME", .min_args = 2, .max_args = 2, .run = run_assign,
};
const struct cli_command cmd_pool_recycle = {
	.name = "pool recycle", .summary = N_("return customers without owner contact to the public pool"),
	.max_args = 0, .run = run_recycle,
};
