/* guanxi setting set KEY VALUE | setting list: company settings (time zone, pool limits…). */
#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/i18n.h"

static int run_set(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_setting_set(&app, ctx->argv[0], ctx->argv[1], &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	const struct app_settings *s = &app.settings;
	const char *headers[] = {"key", "value"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 2, headers);
	struct gx_arena *a = &ctx->arena;
	const char *rows[][2] = {
		{"timezone", s->timezone},
		{"currency", s->currency},
		{"pool_max_owned", gx_arena_printf(a, "%d", s->pool_max_owned)},
		{"pool_max_claims_per_day", gx_arena_printf(a, "%d", s->pool_max_claims_per_day)},
		{"pool_cooldown_days", gx_arena_printf(a, "%d", s->pool_cooldown_days)},
		{"pool_recycle_days", gx_arena_printf(a, "%d", s->pool_recycle_days)},
		{"recycle_bin_days", gx_arena_printf(a, "%d", s->recycle_bin_days)},
		{"job_score_every_s", gx_arena_printf(a, "%d", s->job_score_every_s)},
		{"job_recycle_every_s", gx_arena_printf(a, "%d", s->job_recycle_every_s)},
		{"job_webhooks_every_s", gx_arena_printf(a, "%d", s->job_webhooks_every_s)},
		{"job_lease_s", gx_arena_printf(a, "%d", s->job_lease_s)},
		{"webhook_max_attempts", gx_arena_printf(a, "%d", s->webhook_max_attempts)},
		{"webhook_backoff_s", gx_arena_printf(a, "%d", s->webhook_backoff_s)},
		{"webhook_timeout_s", gx_arena_printf(a, "%d", s->webhook_timeout_s)},
		{"webhook_retention_days", gx_arena_printf(a, "%d", s->webhook_retention_days)},
		{"import_retention_days", gx_arena_printf(a, "%d", s->import_retention_days)},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		out_table_add(&t, rows[i]);
	out_table_print(ctx, &t);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_setting_set = {
	.name = "setting set", .summary = N_("change a company setting"),
	.usage = "KEY VALUE", .min_args = 2, .max_args = 2, .run = run_set,
};
const struct cli_command cmd_setting_list = {
	.name = "setting list", .summary = N_("show the company settings"),
	.max_args = 0, .run = run_list,
};
