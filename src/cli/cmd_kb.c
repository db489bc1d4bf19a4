/* guanxi kb add | list | show | update | delete | search: knowledge snippets, the standard
 * answers service staff reuse in replies. */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/service_common.h"
#include "guanxi/i18n.h"
#include "guanxi/kb.h"
#include "guanxi/record_store.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_kb_snippet, &ctx->arena);
	if ((rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_kb_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("added knowledge snippet %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
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
	rc = cli_run_list(ctx, &app, &entity_kb_snippet, NULL, "id,code,category,title,active");
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
	if ((rc = cli_kb_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record r;
		if (store_record_get(app.store, &entity_kb_snippet, id, &ctx->arena, &r, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			out_record(ctx, &app, &r);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option update_options[] = {
	{"version", "N", N_("refuse if the snippet's version is no longer N (someone changed it)"), NULL},
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
	record_init(&r, &entity_kb_snippet, &ctx->arena);
	if ((rc = cli_kb_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		r.id = id;
		const char *v = cli_opt(ctx, "version");
		struct gx_error err;
		gx_error_clear(&err);
		if (app_kb_update(&app, &r, v ? strtoll(v, NULL, 10) : 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated knowledge snippet %lld (version %lld)\n"), (long long)id, (long long)r.version);
	}
	app_close(&app);
	return rc;
}

static int run_delete(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_kb_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_kb_delete(&app, id, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("moved knowledge snippet %lld to the recycle bin\n"), (long long)id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option search_options[] = {
	{"category", "CATEGORY", N_("only snippets of this category"), NULL},
	{"limit", "N", N_("at most this many (1–1000)"), "20"},
	{0},
};

static int run_search(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record *rows;
	size_t n = 0;
	if (app_kb_search(&app, ctx->argv[0], cli_opt(ctx, "category"), atoi(cli_opt_or_default(ctx, "limit")),
	                  &ctx->arena, &rows, &n, &err) != GX_OK)
		rc = cli_fail(&err);
	else {
		static const char *const cols[] = {"code", "category", "title", "body"};
		out_records(ctx, &app, rows, n, cols, 4);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_kb_add = {
	.name = "kb add", .summary = N_("add a knowledge snippet: title=… body=… category=delivery"),
	.usage = "field=value …", .min_args = 1, .max_args = -1, .run = run_add,
};
const struct cli_command cmd_kb_list = {
	.name = "kb list", .summary = N_("list knowledge snippets"), .options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_kb_show = {
	.name = "kb show", .summary = N_("show one knowledge snippet"), .usage = "ID|CODE", .min_args = 1, .max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_kb_update = {
	.name = "kb update", .summary = N_("change a knowledge snippet"), .usage = "ID|CODE field=value …",
	.options = update_options, .min_args = 2, .max_args = -1, .run = run_update,
};
const struct cli_command cmd_kb_delete = {
	.name = "kb delete", .summary = N_("move a knowledge snippet to the recycle bin"), .usage = "ID|CODE",
	.min_args = 1, .max_args = 1, .run = run_delete,
};
const struct cli_command cmd_kb_search = {
	.name = "kb search", .summary = N_("find active snippets whose title or answer contains the text"),
	.usage = "TEXT", .options = search_options, .min_args = 1, .max_args = 1, .run = run_search,
};
