/* guanxi settings list|get|set: every company setting of the registry (guanxi/settings.h),
 * operational and model parameters alike, with its group, default and allowed range; a set
 * of several KEY VALUE pairs is one all-or-nothing change, audited like the admin page's.
 * The older `setting set KEY VALUE` and `setting list` stay as aliases. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/settings.h"

/* "1 – 120", "(0, 1)", "mean|total", or "" for the kinds their owners check. */
static const char *range_text(struct gx_arena *a, const struct app_setting_def *d)
{
	switch (d->kind) {
	case APP_SETTING_INT:
		return gx_arena_printf(a, "%d–%d", (int)d->min, (int)d->max);
	case APP_SETTING_NUMBER:
		return gx_arena_printf(a, "%s%g, %g%s", d->min_open ? "(" : "[", d->min, d->max, d->max_open ? ")" : "]");
	case APP_SETTING_CHOICE:
		return d->choices;
	default:
		return "";
	}
}

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	const char *group = cli_opt_or_default(ctx, "group");
	const char *headers[] = {"key", "group", "value", "default", "range", "model"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 6, headers);
	size_t n;
	const struct app_setting_def *defs = app_setting_defs(&n);
	struct gx_error err;
	gx_error_clear(&err);
	for (size_t i = 0; i < n && !rc; i++) {
		if (group && strcmp(group, defs[i].group) != 0)
			continue;
		char buf[128];
		if (app_setting_value(&app, &defs[i], buf, sizeof buf, &err) != GX_OK) {
			rc = cli_fail(&err);
			break;
		}
		const char *row[] = {defs[i].key, defs[i].group, gx_arena_strdup(&ctx->arena, buf), defs[i].def,
		                     range_text(&ctx->arena, &defs[i]), defs[i].model ? defs[i].model : ""};
		out_table_add(&t, row);
	}
	if (!rc)
		out_table_print(ctx, &t);
	app_close(&app);
	return rc;
}

static int run_get(struct cli_ctx *ctx)
{
	const struct app_setting_def *d = app_setting_find(ctx->argv[0]);
	if (!d)
		return cli_usage_error(ctx, _("unknown setting %s"), ctx->argv[0]);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	char buf[128];
	struct gx_error err;
	gx_error_clear(&err);
	if (app_setting_value(&app, d, buf, sizeof buf, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, "%s\n", buf);
	app_close(&app);
	return rc;
}

static int run_set(struct cli_ctx *ctx)
{
	if (ctx->argc % 2)
		return cli_usage_error(ctx, "%s", _("give KEY VALUE pairs"));
	size_t n = (size_t)ctx->argc / 2;
	const char **keys = gx_arena_calloc(&ctx->arena, n + 1, sizeof *keys);
	const char **values = gx_arena_calloc(&ctx->arena, n + 1, sizeof *values);
	for (size_t i = 0; i < n; i++) {
		keys[i] = ctx->argv[2 * i];
		values[i] = ctx->argv[2 * i + 1];
	}
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_settings_change(&app, n, keys, values, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {
	{"group", "GROUP", N_("only this group (pool, sla, score, rfm, abc, lifecycle, loyalty, clv, assoc, …)"), NULL},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_settings_list = {
	.name = "settings list", .summary = N_("show every company setting with its default and allowed range"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_settings_get = {
	.name = "settings get", .summary = N_("print the value of one company setting"),
	.usage = "KEY", .min_args = 1, .max_args = 1, .run = run_get,
};
const struct cli_command cmd_settings_set = {
	.name = "settings set", .summary = N_("change company settings (all or none)"),
	.usage = "KEY VALUE [KEY VALUE …]", .min_args = 2, .max_args = -1, .run = run_set,
};
const struct cli_command cmd_setting_set = {
	.name = "setting set", .summary = N_("change a company setting (same as settings set)"),
	.usage = "KEY VALUE", .min_args = 2, .max_args = 2, .run = run_set,
};
const struct cli_command cmd_setting_list = {
	.name = "setting list", .summary = N_("show the company settings (same as settings list)"),
	.options = list_options, .max_args = 0, .run = run_list,
};
