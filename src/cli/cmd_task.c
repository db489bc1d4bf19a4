/* guanxi task add | list | show | update | complete | cancel | reopen: tasks and follow-ups,
 * linked to any record (--customer CODE, or entity=… entity_id=…). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_workflow_common.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"

int cli_id_arg(struct cli_ctx *ctx, const char *arg, const char *what, int64_t *id)
{
	char *end;
	long long v = strtoll(arg, &end, 10);
	if (!*arg || *end || v <= 0)
		return cli_usage_error(ctx, _("%s must be a positive id, not \"%s\""), what, arg);
	*id = v;
	return CLI_OK;
}

static const struct cli_option add_options[] = {
	{"customer", "ID|CODE", N_("link the task to this customer"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_task, &ctx->arena);
	const char *customer = cli_opt(ctx, "customer");
	int64_t cid;
	if ((rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK && customer &&
	    (rc = cli_customer_arg(ctx, &app, customer, &cid)) == CLI_OK) {
		record_set_text(&r, "entity", "customer");
		record_set_int(&r, "entity_id", cid);
	}
	if (rc == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_task_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created task %lld\n"), (long long)r.id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {
	CLI_LIST_OPTIONS,
	{"all", NULL, N_("every user's tasks, not only those assigned to --user"), NULL},
	{0},
};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	if (app.actor.user_id && !cli_flag(ctx, "all"))
		extra = filter_cond_int(&ctx->arena, &entity_task, "assignee_id", FILTER_EQ, app.actor.user_id);
	rc = cli_run_list(ctx, &app, &entity_task, extra,
	                  "id,due_date,status,kind,title,entity,entity_id,assignee_id,priority");
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
	if ((rc = cli_id_arg(ctx, ctx->argv[0], "task", &id)) == CLI_OK) {
		enum gx_err e = store_record_get(app.store, &entity_task, id, &ctx->arena, &r, &err);
		if (e == GX_ENOTFOUND)
			gx_error_set(&err, e, "id", _("no task with id %lld"), (long long)id);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			out_record(ctx, &app, &r);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option update_options[] = {
	{"version", "N", N_("refuse if the task's version is no longer N (someone changed it)"), NULL},
	{0},
};

static int run_update(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct record r;
	record_init(&r, &entity_task, &ctx->arena);
	if ((rc = cli_id_arg(ctx, ctx->argv[0], "task", &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		r.id = id;
		const char *v = cli_opt(ctx, "version");
		struct gx_error err;
		gx_error_clear(&err);
		if (app_task_update(&app, &r, v ? strtoll(v, NULL, 10) : 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated task %lld (version %lld)\n"), (long long)id, (long long)r.version);
	}
	app_close(&app);
	return rc;
}

static int transition(struct cli_ctx *ctx, const char *action, const char *done_fmt)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_id_arg(ctx, ctx->argv[0], "task", &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_task_transition(&app, id, action, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, done_fmt, (long long)id);
	}
	app_close(&app);
	return rc;
}

static int run_complete(struct cli_ctx *ctx)
{
	return transition(ctx, "complete", _("task %lld is done\n"));
}

static int run_cancel(struct cli_ctx *ctx)
{
	return transition(ctx, "cancel", _("task %lld is cancelled\n"));
}

static int run_reopen(struct cli_ctx *ctx)
{
	return transition(ctx, "reopen", _("task %lld is open again\n"));
}

const struct cli_command cmd_task_add = {
	.name = "task add", .summary = N_("create a task: title=… due_date=YYYY-MM-DD [assignee_id=USER] [entity=… entity_id=…]"),
	.usage = "field=value …", .options = add_options, .min_args = 1, .max_args = -1, .run = run_add,
};
const struct cli_command cmd_task_list = {
	.name = "task list", .summary = N_("list tasks (those assigned to --user unless --all)"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_task_show = {
	.name = "task show", .summary = N_("show one task"), .usage = "ID", .min_args = 1, .max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_task_update = {
	.name = "task update", .summary = N_("change an open task's title, due date, priority, notes or assignee"),
	.usage = "ID field=value …", .options = update_options, .min_args = 2, .max_args = -1, .run = run_update,
};
const struct cli_command cmd_task_complete = {
	.name = "task complete", .summary = N_("mark an open task done"), .usage = "ID", .min_args = 1,
	.max_args = 1, .run = run_complete,
};
const struct cli_command cmd_task_cancel = {
	.name = "task cancel", .summary = N_("cancel an open task"), .usage = "ID", .min_args = 1,
	.max_args = 1, .run = run_cancel,
};
const struct cli_command cmd_task_reopen = {
	.name = "task reopen", .summary = N_("reopen a done or cancelled task"), .usage = "ID",
	.min_args = 1, .max_args = 1, .run = run_reopen,
};
