/* guanxi approval list | show | approve | reject | cancel, and guanxi customer transfer (a
 * transfer request to the requester's manager). */
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_workflow_common.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/approval.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"

static const struct cli_option list_options[] = {
	CLI_LIST_OPTIONS,
	{"mine", NULL, N_("the requests you filed, instead of those waiting for your decision"), NULL},
	{"status", "S", N_("pending, approved, rejected, cancelled or all"), "pending"},
	{0},
};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_arena *a = &ctx->arena;
	const char *status = cli_opt_or_default(ctx, "status");
	struct filter_node *extra = NULL;
	if (strcmp(status, "all") != 0) {
		int ok = 0;
		for (int i = 0; approval_statuses[i]; i++)
			ok |= strcmp(approval_statuses[i], status) == 0;
		if (!ok) {
			app_close(&app);
			return cli_usage_error(ctx, _("unknown status \"%s\" (pending, approved, rejected, cancelled or all)"), status);
		}
		extra = filter_cond_text(a, &entity_approval, "status", FILTER_EQ, status);
	}
	if (app.actor.user_id)
		extra = filter_and(a, extra, filter_cond_int(a, &entity_approval,
		                                             cli_flag(ctx, "mine") ? "requester_id" : "approver_id",
		                                             FILTER_EQ, app.actor.user_id));
	rc = cli_run_list(ctx, &app, &entity_approval, extra,
	                  "id,created_at,kind,entity,entity_id,requester_id,approver_id,status,reason");
	app_close(&app);
	return rc;
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct record r;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = cli_id_arg(ctx, ctx->argv[0], "approval", &id)) == CLI_OK) {
		enum gx_err e = store_record_get(app.store, &entity_approval, id, &ctx->arena, &r, &err);
		if (e == GX_ENOTFOUND)
			gx_error_set(&err, e, "id", _("no approval request with id %lld"), (long long)id);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			out_record(ctx, &app, &r);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option decide_options[] = {
	{"reason", "TEXT", N_("why (required to reject)"), NULL},
	{0},
};

enum verdict { V_APPROVE, V_REJECT, V_CANCEL };

static int decide(struct cli_ctx *ctx, enum verdict v)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_id_arg(ctx, ctx->argv[0], "approval", &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		const char *reason = v == V_CANCEL ? NULL : cli_opt(ctx, "reason");
		enum gx_err e = v == V_APPROVE ? app_approval_approve(&app, id, reason, &err)
		              : v == V_REJECT ? app_approval_reject(&app, id, reason, &err)
		              : app_approval_cancel(&app, id, &err);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, v == V_APPROVE ? _("approval request %lld approved\n")
			                  : v == V_REJECT ? _("approval request %lld rejected\n")
			                  : _("approval request %lld withdrawn\n"), (long long)id);
	}
	app_close(&app);
	return rc;
}

static int run_approve(struct cli_ctx *ctx)
{
	return decide(ctx, V_APPROVE);
}

static int run_reject(struct cli_ctx *ctx)
{
	return decide(ctx, V_REJECT);
}

static int run_cancel(struct cli_ctx *ctx)
{
	return decide(ctx, V_CANCEL);
}

static const struct cli_option transfer_options[] = {
	{"reason", "TEXT", N_("why the customer should change owner"), NULL},
	{0},
};

static int run_transfer(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer, to, approval;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_user_arg(ctx, &app, ctx->argv[1], &to)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_customer_transfer_request(&app, customer, to, cli_opt(ctx, "reason"), &approval, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("transfer requested: approval request %lld waits for your manager\n"),
			        (long long)approval);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_approval_list = {
	.name = "approval list", .summary = N_("approval requests waiting for you (or --mine: those you filed)"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_approval_show = {
	.name = "approval show", .summary = N_("show one approval request"), .usage = "ID",
	.min_args = 1, .max_args = 1, .run = run_show,
};
const struct cli_command cmd_approval_approve = {
	.name = "approval approve", .summary = N_("approve a request: its action is carried out"),
	.usage = "ID", .options = decide_options, .min_args = 1, .max_args = 1, .run = run_approve,
};
const struct cli_command cmd_approval_reject = {
	.name = "approval reject", .summary = N_("reject a request (--reason required)"),
	.usage = "ID", .options = decide_options, .min_args = 1, .max_args = 1, .run = run_reject,
};
const struct cli_command cmd_approval_cancel = {
	.name = "approval cancel", .summary = N_("withdraw your own pending request"),
	.usage = "ID", .min_args = 1, .max_args = 1, .run = run_cancel,
};
const struct cli_command cmd_customer_transfer = {
	.name = "customer transfer", .summary = N_("ask your manager to move a customer to another owner"),
	.usage = "ID|CODE USERNAME", .options = transfer_options, .min_args = 2, .max_args = 2,
	.run = run_transfer,
};
