/* guanxi ticket assign | start | reply | close | reopen | rate | escalate: the moves of a
 * ticket (see include/guanxi/ticket.h). A refused move prints why and which moves the ticket's
 * status allows, and changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/service_common.h"
#include "guanxi/i18n.h"
#include "guanxi/ticket.h"

static const struct cli_option move_options[] = {
	{"version", "N", N_("refuse if the ticket's version is no longer N (someone changed it)"), NULL},
	{0},
};

static int run_move(struct cli_ctx *ctx, enum ticket_action action)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct ticket_move m = {.action = action};
	const char *v = cli_opt(ctx, "version");
	m.expected_version = v ? strtoll(v, NULL, 10) : 0;
	if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    (action != TICKET_ASSIGN || (rc = cli_user_arg(ctx, &app, ctx->argv[1], &m.assignee_id)) == CLI_OK)) {
		if (action != TICKET_ASSIGN && ctx->argc > 1)
			m.note = ctx->argv[1];
		struct gx_error err;
		gx_error_clear(&err);
		struct record t;
		if (app_ticket_move(&app, id, &m, &ctx->arena, &t, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("ticket %s is now %s\n"), record_text(&t, "code"), record_text(&t, "status"));
	}
	app_close(&app);
	return rc;
}

static int run_assign(struct cli_ctx *ctx) { return run_move(ctx, TICKET_ASSIGN); }
static int run_start(struct cli_ctx *ctx) { return run_move(ctx, TICKET_START); }
static int run_reply(struct cli_ctx *ctx) { return run_move(ctx, TICKET_REPLY); }
static int run_close(struct cli_ctx *ctx) { return run_move(ctx, TICKET_CLOSE); }
static int run_reopen(struct cli_ctx *ctx) { return run_move(ctx, TICKET_REOPEN); }

static int run_rate(struct cli_ctx *ctx)
{
	char *end;
	long long rating = strtoll(ctx->argv[1], &end, 10);
	if (!*ctx->argv[1] || *end)
		return cli_usage_error(ctx, _("the rating must be a whole number from 1 to 5, not \"%s\""), ctx->argv[1]);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record t;
		if (app_ticket_rate(&app, id, rating, ctx->argc > 2 ? ctx->argv[2] : NULL, &ctx->arena, &t, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("ticket %s rated %lld\n"), record_text(&t, "code"), rating);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option escalate_options[] = {
	{"overdue", NULL, N_("escalate every overdue ticket not escalated yet (instead of one ticket)"), NULL},
	{0},
};

static int run_escalate(struct cli_ctx *ctx)
{
	int overdue = cli_flag(ctx, "overdue");
	if (overdue == (ctx->argc > 0))
		return cli_usage_error(ctx, "%s", _("give either a ticket or --overdue"));
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (overdue) {
		struct ticket_escalation_result res;
		if (app_ticket_escalate_overdue(&app, &res, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("escalated %zu overdue tickets, skipped %zu (already escalated or no manager) (job %lld)\n"),
			        res.escalated, res.skipped, (long long)res.job_id);
	} else {
		int64_t id;
		struct record t;
		if ((rc = cli_ticket_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
			if (app_ticket_escalate(&app, id, ctx->argc > 1 ? ctx->argv[1] : NULL, &ctx->arena, &t, &err) != GX_OK)
				rc = cli_fail(&err);
			else
				fprintf(ctx->out, _("ticket %s escalated to user %lld\n"), record_text(&t, "code"),
				        (long long)record_int(&t, "escalated_to"));
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_ticket_assign = {
	.name = "ticket assign", .summary = N_("assign (or reassign) a ticket to a user"),
	.usage = "ID|CODE USER", .options = move_options, .min_args = 2, .max_args = 2, .run = run_assign,
};
const struct cli_command cmd_ticket_start = {
	.name = "ticket start", .summary = N_("start processing an assigned ticket"),
	.usage = "ID|CODE", .options = move_options, .min_args = 1, .max_args = 1, .run = run_start,
};
const struct cli_command cmd_ticket_reply = {
	.name = "ticket reply", .summary = N_("reply to the customer (stops the SLA clock)"),
	.usage = "ID|CODE TEXT", .options = move_options, .min_args = 2, .max_args = 2, .run = run_reply,
};
const struct cli_command cmd_ticket_close = {
	.name = "ticket close", .summary = N_("close a replied ticket with its summary (总结)"),
	.usage = "ID|CODE SUMMARY", .options = move_options, .min_args = 2, .max_args = 2, .run = run_close,
};
const struct cli_command cmd_ticket_reopen = {
	.name = "ticket reopen", .summary = N_("reopen a replied or closed ticket (restarts the SLA clock)"),
	.usage = "ID|CODE REASON", .options = move_options, .min_args = 2, .max_args = 2, .run = run_reopen,
};
const struct cli_command cmd_ticket_rate = {
	.name = "ticket rate", .summary = N_("record the customer's satisfaction (1–5) with a closed ticket"),
	.usage = "ID|CODE 1-5 [COMMENT]", .min_args = 2, .max_args = 3, .run = run_rate,
};
const struct cli_command cmd_ticket_escalate = {
	.name = "ticket escalate", .summary = N_("escalate a ticket to its assignee's manager, or every overdue one"),
	.usage = "[ID|CODE [NOTE]]", .options = escalate_options, .min_args = 0, .max_args = 2, .run = run_escalate,
};
