/* guanxi job list | job run-due: background job runs (guanxi/jobs.h), and running the
 * scheduled jobs that are due now, as a server's scheduler does (for cron or tests). */
#include <stdio.h>

#include "cli/analyze_common.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/jobs.h"

static int run_list(struct cli_ctx *ctx)
{
	long limit = 50;
	int rc = ana_opt_long(ctx, "limit", 1, 1000, &limit);
	struct app app;
	if (rc || (rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct job_row *j;
	size_t n;
	if (app_jobs_list(&app, cli_opt(ctx, "kind"), (int)limit, &ctx->arena, &j, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {"id", "kind", "status", "started_at", "finished_at", "counts", "message"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 7, headers);
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {gx_arena_printf(&ctx->arena, "%lld", (long long)j[i].id), j[i].kind,
			                     j[i].status, j[i].started_at, j[i].finished_at ? j[i].finished_at : "",
			                     j[i].counts ? j[i].counts : "", j[i].message ? j[i].message : ""};
			out_table_add(&t, row);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

static int run_due(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	char holder[96];
	app_jobs_worker_name("cli", holder);
	int ran = 0;
	if (app_jobs_run_due(&app, holder, &ran, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("%d scheduled jobs ran\n"), ran);
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {
	{"kind", "KIND", N_("only jobs of this kind: score, recycle, webhooks, import, merge, purge"), NULL},
	{"limit", "N", N_("most rows shown, newest first"), "50"},
	{0},
};

const struct cli_command cmd_job_list = {
	.name = "job list", .summary = N_("show background and bulk job runs"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_job_run_due = {
	.name = "job run-due", .summary = N_("run the scheduled jobs that are due now"),
	.max_args = 0, .run = run_due,
};
