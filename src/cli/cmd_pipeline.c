/* guanxi pipeline add CODE NAME STAGE… | pipeline list | pipeline show [PIPELINE]: sales
 * pipelines and their stages (DECISIONS.md "Pipelines"). A stage is NAME:PROBABILITY, with
 * :won or :lost for the two terminal stages, e.g. 初步接洽:20 商务谈判:60 成交:100:won 丢单:0:lost. */
#include <stdlib.h>
#include <string.h>

#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/sales_cli.h"
#include "guanxi/i18n.h"

static const struct cli_option add_options[] = {
	{"default", NULL, N_("make it the default pipeline for new opportunities"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	size_t n = (size_t)ctx->argc - 2;
	struct sales_stage_input *st = gx_arena_calloc(&ctx->arena, n, sizeof *st);
	for (size_t i = 0; i < n; i++) {
		char *spec = gx_arena_strdup(&ctx->arena, ctx->argv[i + 2]);
		char *c1 = strrchr(spec, ':');
		if (!c1)
			return cli_usage_error(ctx, _("stage \"%s\" must be NAME:PROBABILITY[:won|lost]"), spec);
		*c1 = 0;
		st[i].kind = "open";
		if (strcmp(c1 + 1, "won") == 0 || strcmp(c1 + 1, "lost") == 0) {
			st[i].kind = c1 + 1;
			c1 = strrchr(spec, ':');
			if (!c1)
				return cli_usage_error(ctx, _("stage \"%s\" must be NAME:PROBABILITY[:won|lost]"), ctx->argv[i + 2]);
			*c1 = 0;
		}
		char *end;
		long p = strtol(c1 + 1, &end, 10);
		if (!c1[1] || *end)
			return cli_usage_error(ctx, _("stage \"%s\": the probability must be a whole number"), ctx->argv[i + 2]);
		st[i].name = spec;
		st[i].probability = (int)(p < -1 ? -1 : p > 1000 ? 1000 : p);
	}
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	if (app_pipeline_create(&app, ctx->argv[0], ctx->argv[1], cli_flag(ctx, "default"), st, n, &id, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("created pipeline %s (id %lld) with %zu stages\n"), ctx->argv[0], (long long)id, n);
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
	rc = cli_run_list(ctx, &app, &entity_pipeline, NULL, "id,code,name,is_default");
	app_close(&app);
	return rc;
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	struct sales_stage *st;
	size_t n;
	enum gx_err e = ctx->argc ? app_pipeline_resolve(&app, ctx->argv[0], &id, &err) : app_pipeline_default(&app, &id, &err);
	if (e == GX_OK)
		e = app_pipeline_stages(&app, id, &ctx->arena, &st, &n, &err);
	if (e != GX_OK) {
		rc = cli_fail(&err);
	} else {
		static const char *const headers[] = {"position", "stage_id", "name", "probability", "kind"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 5, headers);
		for (size_t i = 0; i < n; i++) {
			const char *cells[] = {gx_arena_printf(&ctx->arena, "%d", st[i].position),
			                       gx_arena_printf(&ctx->arena, "%lld", (long long)st[i].id), st[i].name,
			                       gx_arena_printf(&ctx->arena, "%d", st[i].probability), st[i].kind};
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_pipeline_add = {
	.name = "pipeline add",
	.summary = N_("create a pipeline: CODE NAME and its stages NAME:PROBABILITY[:won|lost] in order"),
	.usage = "CODE NAME STAGE…",
	.options = add_options,
	.min_args = 5,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_pipeline_list = {
	.name = "pipeline list",
	.summary = N_("list the sales pipelines"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_pipeline_show = {
	.name = "pipeline show",
	.summary = N_("show the stages of a pipeline (default: the default pipeline)"),
	.usage = "[PIPELINE]",
	.max_args = 1,
	.run = run_show,
};
