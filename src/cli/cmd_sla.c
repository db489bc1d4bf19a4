/* guanxi sla show | set | week and guanxi calendar import | list | set | remove: the SLA hours
 * per severity, the working week and the holiday/make-up workday table (调休) that due times
 * count on (DECISIONS.md "SLA"). */
#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/entity_service.h"
#include "guanxi/i18n.h"
#include "guanxi/sla.h"

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct sla_config c;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_sla_load(&app, &c, &err) != GX_OK) {
		app_close(&app);
		return cli_fail(&err);
	}
	static const char *const headers[] = {"key", "value"};
	struct out_table t;
	struct gx_arena *a = &ctx->arena;
	out_table_init(&t, a, 2, headers);
	for (int i = 0; i < SLA_NSEVERITIES; i++) {
		const char *row[] = {gx_arena_printf(a, "sla_hours_%s", ticket_severities[i]),
		                     gx_arena_printf(a, "%g", c.minutes[i] / 60.0)};
		out_table_add(&t, row);
	}
	char week[WORKCAL_WEEK_TEXT_SIZE];
	workcal_week_format(&c.cal.week, week);
	const char *rows[][2] = {{"work_week", gx_arena_strdup(a, week)},
	                         {"timezone", app.settings.timezone},
	                         {"calendar_days", gx_arena_printf(a, "%zu", c.cal.nex)}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		out_table_add(&t, rows[i]);
	out_table_print(ctx, &t);
	sla_config_free(&c);
	app_close(&app);
	return rc;
}

static int run_set(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_sla_set_hours(&app, ctx->argv[0], ctx->argv[1], &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_week(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_sla_set_week(&app, ctx->argv[0], &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_import(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct calendar_import_result res;
	if (app_calendar_import(&app, ctx->argv[0], &res, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("read %zu days: %zu added, %zu replaced\n"), res.rows, res.created, res.updated);
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
	rc = cli_run_list(ctx, &app, &entity_calendar_day, NULL, "day,kind,name");
	app_close(&app);
	return rc;
}

static int run_day_set(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_calendar_set(&app, ctx->argv[0], ctx->argv[1], ctx->argc > 2 ? ctx->argv[2] : NULL, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_day_remove(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_calendar_remove(&app, ctx->argv[0], &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_sla_show = {
	.name = "sla show", .summary = N_("show SLA hours per severity, the working week and the zone"),
	.max_args = 0, .run = run_show,
};
const struct cli_command cmd_sla_set = {
	.name = "sla set", .summary = N_("set the working hours allowed until the reply for a severity (low, medium, high, critical)"),
	.usage = "SEVERITY HOURS", .min_args = 2, .max_args = 2, .run = run_set,
};
const struct cli_command cmd_sla_week = {
	.name = "sla week", .summary = N_("set the working week, e.g. \"mon-fri 09:00-12:00,13:00-18:00; sat 09:00-12:00\""),
	.usage = "SCHEDULE", .min_args = 1, .max_args = 1, .run = run_week,
};
const struct cli_command cmd_calendar_import = {
	.name = "calendar import", .summary = N_("import holidays and make-up workdays (调休) from CSV/xlsx: date, kind (holiday|workday), name"),
	.usage = "FILE", .min_args = 1, .max_args = 1, .run = run_import,
};
const struct cli_command cmd_calendar_list = {
	.name = "calendar list", .summary = N_("list the holidays and make-up workdays"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_calendar_set = {
	.name = "calendar set", .summary = N_("mark one date as a holiday or a make-up workday"),
	.usage = "DATE holiday|workday [NAME]", .min_args = 2, .max_args = 3, .run = run_day_set,
};
const struct cli_command cmd_calendar_remove = {
	.name = "calendar remove", .summary = N_("make a date an ordinary day of the working week again"),
	.usage = "DATE", .min_args = 1, .max_args = 1, .run = run_day_remove,
};
