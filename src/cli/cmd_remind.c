/* guanxi remind (the daily job: care tasks, follow-ups, reminders) and guanxi agenda (a user's
 * overdue, today's and upcoming tasks). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/workflow.h"

static int days_opt(struct cli_ctx *ctx, int lo, int hi, int *days)
{
	const char *v = cli_opt_or_default(ctx, "days");
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi)
		return cli_usage_error(ctx, _("--days must be a whole number from %d to %d"), lo, hi);
	*days = (int)n;
	return CLI_OK;
}

static const struct cli_option remind_options[] = {
	{"days", "N", N_("create care tasks for events up to N days ahead (0–60)"), "7"},
	{0},
};

static int run_remind(struct cli_ctx *ctx)
{
	int days;
	int rc = days_opt(ctx, 0, 60, &days);
	if (rc)
		return rc;
	struct app app;
	if ((rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct remind_result r;
	if (app_remind_run(&app, days, &r, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("%s: %lld care tasks, %lld follow-up tasks, %lld reminders; %lld already generated (job %lld)\n"),
		        r.today, (long long)r.care_created, (long long)r.followups_created,
		        (long long)r.reminders_sent, (long long)r.skipped, (long long)r.job_id);
	app_close(&app);
	return rc;
}

static const struct cli_option agenda_options[] = {
	{"days", "N", N_("show tasks due up to N days ahead (1–366)"), "7"},
	{0},
};

static int run_agenda(struct cli_ctx *ctx)
{
	int days;
	int rc = days_opt(ctx, 1, 366, &days);
	if (rc)
		return rc;
	struct app app;
	if ((rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct task_agenda ag;
	static const char *const cols[] = {"id", "due_date", "kind", "title", "entity", "entity_id", "priority"};
	if (app_agenda(&app, app.actor.user_id, days, &ctx->arena, &ag, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else if (ctx->format == CLI_FORMAT_TABLE) {
		fprintf(ctx->out, _("Overdue (%zu)\n"), ag.n_overdue);
		out_records(ctx, &app, ag.overdue, ag.n_overdue, cols, 7);
		fprintf(ctx->out, _("Today %s (%zu)\n"), ag.today, ag.n_today);
		out_records(ctx, &app, ag.today_tasks, ag.n_today, cols, 7);
		fprintf(ctx->out, _("Next %d days (%zu)\n"), days, ag.n_upcoming);
		out_records(ctx, &app, ag.upcoming, ag.n_upcoming, cols, 7);
	} else {
		/* One list for scripts, each row's group in its status-like first column. */
		size_t n = ag.n_overdue + ag.n_today + ag.n_upcoming;
		struct record *all = gx_arena_alloc(&ctx->arena, (n ? n : 1) * sizeof *all);
		size_t k = 0;
		for (size_t i = 0; i < ag.n_overdue; i++)
			all[k++] = ag.overdue[i];
		for (size_t i = 0; i < ag.n_today; i++)
			all[k++] = ag.today_tasks[i];
		for (size_t i = 0; i < ag.n_upcoming; i++)
			all[k++] = ag.upcoming[i];
		out_records(ctx, &app, all, n, cols, 7);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_remind = {
	.name = "remind", .summary = N_("daily job: care tasks (birthdays, lunar too, anniversaries, festivals), follow-ups, reminders"),
	.options = remind_options, .max_args = 0, .run = run_remind,
};
const struct cli_command cmd_agenda = {
	.name = "agenda", .summary = N_("your open tasks: overdue, today and coming days (as --user)"),
	.options = agenda_options, .max_args = 0, .run = run_agenda,
};
