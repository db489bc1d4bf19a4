/* guanxi ticket add | list | show | update | history: receiving complaints and tickets and
 * looking at them (the moves of the state machine are in cmd_ticket_move.c). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/service_common.h"
#include "guanxi/i18n.h"
#include "guanxi/kb.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket.h"

static const struct cli_option add_options[] = {
	{"assign", "USER", N_("assign the ticket at once to this user (username or id)"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer, assignee = 0;
	struct record r;
	record_init(&r, &entity_ticket, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK &&
	    (!cli_opt(ctx, "assign") || (rc = cli_user_arg(ctx, &app, cli_opt(ctx, "assign"), &assignee)) == CLI_OK)) {
		record_set_int(&r, "customer_id", customer);
		struct gx_error err;
		gx_error_clear(&err);
		if (app_ticket_create(&app, &r, assignee, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("received ticket %s (id %lld), due %s\n"), record_text(&r, "code"), (long long)r.id,
			        record_text(&r, "due_at"));
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
		extra = filter_cond_int(&ctx->arena, &entity_ticket, "customer_id", FILTER_EQ, customer);
	}
	rc = cli_run_list(ctx, &app, &entity_ticket, extra,
	                  "id,code,status,severity,kind,subject,customer_id,owner_id,due_at");
	app_close(&app);
	return rc;
}

static void print_history(struct cli_ctx *ctx, struct app *app, int64_t id)
{
	struct record *ev;
	size_t n = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_ticket_events(app, id, &ctx->arena, &ev, &n, &err) != GX_OK) {
		cli_fail(&err);
		return;
	}
	static const char *const cols[] = {"at", "action", "from_status", "to_status", "user_id", "target_user_id", "note"};
	out_records(ctx, app, ev, n, cols, sizeof cols / sizeof *cols);
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record r;
		if (store_record_get(app.store, &entity_ticket, id, &ctx->arena, &r, &err) != GX_OK)
			rc = cli_fail(&err);
		else {
			out_record(ctx, &app, &r);
			if (ctx->format == CLI_FORMAT_TABLE) {
				fprintf(ctx->out, "\n%s\n", _("History"));
				print_history(ctx, &app, id);
			}
		}
	}
	app_close(&app);
	return rc;
}

static int run_history(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK)
		print_history(ctx, &app, id);
	app_close(&app);
	return rc;
}

static const struct cli_option update_options[] = {
	{"version", "N", N_("refuse if the ticket's version is no longer N (someone changed it)"), NULL},
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
	record_init(&r, &entity_ticket, &ctx->arena);
	if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		r.id = id;
		const char *v = cli_opt(ctx, "version");
		struct gx_error err;
		gx_error_clear(&err);
		if (app_ticket_update(&app, &r, v ? strtoll(v, NULL, 10) : 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated ticket %lld (version %lld)\n"), (long long)id, (long long)r.version);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_ticket_add = {
	.name = "ticket add",
	.summary = N_("receive a complaint or ticket: channel=phone subject=… severity=high formality=informal …"),
	.usage = "CUSTOMER field=value …",
	.options = add_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_ticket_list = {
	.name = "ticket list",
	.summary = N_("list tickets, of one customer or all"),
	.usage = "[CUSTOMER]",
	.options = list_options,
	.max_args = 1,
	.run = run_list,
};
const struct cli_command cmd_ticket_show = {
	.name = "ticket show",
	.summary = N_("show one ticket with its history"),
	.usage = "ID|CODE",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_ticket_history = {
	.name = "ticket history",
	.summary = N_("every move of a ticket: who, when, from which status to which"),
	.usage = "ID|CODE",
	.min_args = 1,
	.max_args = 1,
	.run = run_history,
};
const struct cli_command cmd_ticket_update = {
	.name = "ticket update",
	.summary = N_("change what describes a ticket (severity, nature, category, …)"),
	.usage = "ID|CODE field=value …",
	.options = update_options,
	.min_args = 2,
	.max_args = -1,
	.run = run_update,
};
