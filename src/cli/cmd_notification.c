/* guanxi notification list | read | unread: the acting user's in-app notifications. */
#include "cli/cli.h"
#include "cli/cmd_workflow_common.h"
#include "cli/list_common.h"
#include "guanxi/i18n.h"
#include "guanxi/workflow.h"

static const struct cli_option list_options[] = {
	CLI_LIST_OPTIONS,
	{"unread", NULL, N_("only unread notifications"), NULL},
	{0},
};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	if (!app.actor.user_id) {
		app_close(&app);
		return cli_usage_error(ctx, "%s", _("notifications belong to a user: give --user"));
	}
	struct filter_node *extra = filter_cond_int(&ctx->arena, &entity_notification, "user_id",
	                                            FILTER_EQ, app.actor.user_id);
	if (cli_flag(ctx, "unread"))
		extra = filter_and(&ctx->arena, extra,
		                   filter_cond_null(&ctx->arena, &entity_notification, "read_at", 1));
	rc = cli_run_list(ctx, &app, &entity_notification, extra,
	                  "id,created_at,kind,text,entity,entity_id,read_at");
	app_close(&app);
	return rc;
}

static const struct cli_option read_options[] = {
	{"all", NULL, N_("mark every unread notification read"), NULL},
	{0},
};

static int mark(struct cli_ctx *ctx, int read)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id, n;
	if (read && cli_flag(ctx, "all")) {
		if (ctx->argc)
			rc = cli_usage_error(ctx, "%s", _("give either an id or --all"));
		else if (app_notification_read_all(&app, &n, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("%lld notifications marked read\n"), (long long)n);
	} else if (ctx->argc != 1) {
		rc = cli_usage_error(ctx, "%s", _("give the notification's id"));
	} else if ((rc = cli_id_arg(ctx, ctx->argv[0], "notification", &id)) == CLI_OK) {
		if (app_notification_mark(&app, id, read, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, read ? _("notification %lld marked read\n") : _("notification %lld marked unread\n"),
			        (long long)id);
	}
	app_close(&app);
	return rc;
}

static int run_read(struct cli_ctx *ctx)
{
	return mark(ctx, 1);
}

static int run_unread(struct cli_ctx *ctx)
{
	return mark(ctx, 0);
}

const struct cli_command cmd_notification_list = {
	.name = "notification list", .summary = N_("your notifications (as --user)"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_notification_read = {
	.name = "notification read", .summary = N_("mark a notification (or --all) read"),
	.usage = "[ID]", .options = read_options, .max_args = 1, .run = run_read,
};
const struct cli_command cmd_notification_unread = {
	.name = "notification unread", .summary = N_("mark a notification unread again"),
	.usage = "ID", .min_args = 1, .max_args = 1, .run = run_unread,
};
