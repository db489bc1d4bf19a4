/* guanxi segment add|list|show|count|members|export|update|delete: saved customer filters
 * (客户细分) over customer fields, scores, tags, clubs and points, with their live count. */
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/marketing_out.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing.h"

static const struct cli_option add_options[] = {
	{"description", "TEXT", N_("what the segment is for"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record r;
	record_init(&r, &entity_segment, &ctx->arena);
	const char *desc = cli_opt(ctx, "description");
	enum gx_err e = app_field_set_text(&app, &r, "code", ctx->argv[0], &ctx->arena, &err);
	if (e == GX_OK)
		e = app_field_set_text(&app, &r, "name", ctx->argv[1], &ctx->arena, &err);
	if (e == GX_OK)
		e = app_field_set_text(&app, &r, "filter", ctx->argv[2], &ctx->arena, &err);
	if (e == GX_OK && desc)
		e = app_field_set_text(&app, &r, "description", desc, &ctx->arena, &err);
	if (e == GX_OK)
		e = app_segment_create(&app, &r, &ctx->arena, &err);
	int64_t n = 0;
	if (e == GX_OK)
		e = app_segment_count(&app, r.id, &n, &err);
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("created segment %s (id %lld): %lld customers now\n"), ctx->argv[0],
		        (long long)r.id, (long long)n);
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
	rc = cli_run_list(ctx, &app, &entity_segment, NULL, "id,code,name,filter");
	app_close(&app);
	return rc;
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id, n;
	struct gx_error err;
	gx_error_clear(&err);
	struct record r;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK) {
		if (app_segment_load(&app, id, &ctx->arena, &r, NULL, &err) != GX_OK ||
		    app_segment_count(&app, id, &n, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			out_record(ctx, &app, &r);
			if (ctx->format == CLI_FORMAT_TABLE)
				fprintf(ctx->out, "%s: %lld\n", _("Customers now"), (long long)n);
		}
	}
	app_close(&app);
	return rc;
}

static const struct cli_option count_options[] = {
	{"filter", "EXPR", N_("count this filter instead of a saved segment"), NULL},
	{0},
};

static int run_count(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id, n = 0;
	const char *text = cli_opt(ctx, "filter");
	if (!text && ctx->argc != 1) {
		rc = cli_usage_error(ctx, "%s", _("name a segment or give --filter"));
	} else if (text) {
		if (app_segment_count_text(&app, text, &n, &err) != GX_OK)
			rc = cli_fail(&err);
	} else if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK &&
	           app_segment_count(&app, id, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	}
	if (rc == CLI_OK)
		fprintf(ctx->out, "%lld\n", (long long)n);
	app_close(&app);
	return rc;
}

static int run_members(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	struct record r;
	struct filter_node *f;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK) {
		if (app_segment_load(&app, id, &ctx->arena, &r, &f, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			rc = cli_run_list(ctx, &app, &entity_customer, f, "id,code,name,city,mobile,owner_id");
	}
	app_close(&app);
	return rc;
}

static const struct cli_option export_options[] = {
	{"xlsx", NULL, N_("write .xlsx (also chosen by a FILE ending in .xlsx)"), NULL},
	{0},
};

static enum export_format export_format_of(const struct cli_ctx *ctx, const char *path)
{
	size_t n = strlen(path);
	return cli_flag(ctx, "xlsx") || (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) ? EXPORT_XLSX : EXPORT_CSV;
}

static int run_export(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	size_t rows = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK) {
		if (app_segment_export(&app, id, ctx->argv[1], export_format_of(ctx, ctx->argv[1]), &rows, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(stderr, _("exported %zu customers to %s\n"), rows, ctx->argv[1]);
	}
	app_close(&app);
	return rc;
}

static int run_update(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct record patch;
	record_init(&patch, &entity_segment, &ctx->arena);
	if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &patch, 1)) == CLI_OK) {
		patch.id = id;
		struct gx_error err;
		gx_error_clear(&err);
		if (app_segment_update(&app, &patch, 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated segment %lld\n"), (long long)id);
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
	if ((rc = cli_marketing_arg(ctx, &app, &entity_segment, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_segment_delete(&app, id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("deleted segment %lld\n"), (long long)id);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_segment_add = {
	.name = "segment add",
	.summary = N_("save a customer filter as a segment, e.g. \"clv_yuan gt 1000 and tag eq 'vip'\""),
	.usage = "CODE NAME FILTER",
	.options = add_options,
	.min_args = 3,
	.max_args = 3,
	.run = run_add,
};
const struct cli_command cmd_segment_list = {
	.name = "segment list",
	.summary = N_("list segments"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_segment_show = {
	.name = "segment show",
	.summary = N_("show a segment with its live count"),
	.usage = "SEGMENT",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_segment_count = {
	.name = "segment count",
	.summary = N_("count the customers a segment (or --filter) matches now"),
	.usage = "[SEGMENT]",
	.options = count_options,
	.max_args = 1,
	.run = run_count,
};
const struct cli_command cmd_segment_members = {
	.name = "segment members",
	.summary = N_("list the customers of a segment"),
	.usage = "SEGMENT",
	.options = list_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_members,
};
const struct cli_command cmd_segment_export = {
	.name = "segment export",
	.summary = N_("export a segment's customers to CSV or .xlsx"),
	.usage = "SEGMENT FILE",
	.options = export_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_export,
};
const struct cli_command cmd_segment_update = {
	.name = "segment update",
	.summary = N_("change a segment: name=… filter=… description=…"),
	.usage = "SEGMENT field=value …",
	.min_args = 2,
	.max_args = -1,
	.run = run_update,
};
const struct cli_command cmd_segment_delete = {
	.name = "segment delete",
	.summary = N_("delete a segment (campaigns keep their frozen members)"),
	.usage = "SEGMENT",
	.min_args = 1,
	.max_args = 1,
	.run = run_delete,
};
