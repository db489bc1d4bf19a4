/* guanxi import ENTITY FILE and guanxi export ENTITY [FILE]: CSV (UTF-8 or GB18030) and .xlsx
 * in and out, with a progress bar on a terminal and the rejected rows written to a file. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "guanxi/i18n.h"
#include "guanxi/import.h"

static const struct cli_option import_options[] = {
	{"encoding", "ENC", N_("CSV encoding: auto, utf-8 or gb18030"), "auto"},
	{"sheet", "NAME", N_(".xlsx sheet to read"), N_("the first")},
	{"all-or-nothing", NULL, N_("import nothing if any row is bad"), NULL},
	{"force", NULL, N_("create customers even when phone, e-mail or credit code match existing ones"), NULL},
	{"rejected", "FILE", N_("write rejected rows with the reasons to this CSV file"), N_("FILE.rejected.csv")},
	{"batch", "N", N_("rows per transaction"), N_("1000; order files: 20000")},
	{"bulk", "MODE", N_("customers and orders on SQLite: auto (one transaction, indexes rebuilt after, when the file has at least as many rows as the table), on or off"), "auto"},
	{0},
};

struct progress_state {
	int tty;
	time_t started, last;
	int shown_errors;
};

static void on_progress(void *ctx, size_t rows, uint64_t line, uint64_t total)
{
	struct progress_state *p = ctx;
	if (!p->tty)
		return;
	time_t now = time(NULL);
	if (now == p->last && line < total)
		return;
	p->last = now;
	double frac = total ? (double)line / (double)total : 0;
	if (frac > 1)
		frac = 1;
	int width = 30, done = (int)(frac * width);
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < done ? '#' : '.';
	bar[width] = '\0';
	double secs = difftime(now, p->started);
	fprintf(stderr, "\r[%s] %3.0f%%  %zu %s  %.0f %s", bar, frac * 100, rows, _("rows"),
	        secs > 0 ? rows / secs : (double)rows, _("rows/s"));
	if (line >= total)
		fputc('\n', stderr);
}

static void on_rejected(void *ctx, size_t line, size_t column, const char *message)
{
	struct progress_state *p = ctx;
	if (p->shown_errors++ >= 20)
		return;
	if (p->tty)
		fputc('\r', stderr);
	if (column)
		fprintf(stderr, _("line %zu, column %zu: %s\n"), line, column, message);
	else
		fprintf(stderr, _("line %zu: %s\n"), line, message);
}

static int run_import(struct cli_ctx *ctx)
{
	const struct entity_def *def = import_entity(ctx->argv[0]);
	if (!def)
		return cli_usage_error(ctx, _("cannot import \"%s\"; use customers, contacts, products, categories, orders, interactions, users, departments or teams"),
		                       ctx->argv[0]);
	struct import_opts o = {0};
	struct gx_error err;
	gx_error_clear(&err);
	if (gx_encoding_parse(cli_opt_or_default(ctx, "encoding"), &o.encoding, &err) != GX_OK)
		return cli_usage_error(ctx, "%s", err.message);
	o.sheet = cli_opt(ctx, "sheet");
	o.all_or_nothing = cli_flag(ctx, "all-or-nothing");
	o.force = cli_flag(ctx, "force");
	const char *batch = cli_opt(ctx, "batch");
	if (batch) {
		char *end;
		long b = strtol(batch, &end, 10);
		if (*end || b < 1 || b > 1000000)
			return cli_usage_error(ctx, "%s", _("--batch must be a number from 1 to 1000000"));
		o.batch_rows = (size_t)b;
	}
	const char *bulk = cli_opt_or_default(ctx, "bulk");
	if (!strcmp(bulk, "auto"))
		o.bulk = IMPORT_BULK_AUTO;
	else if (!strcmp(bulk, "on"))
		o.bulk = IMPORT_BULK_ON;
	else if (!strcmp(bulk, "off"))
		o.bulk = IMPORT_BULK_OFF;
	else
		return cli_usage_error(ctx, "%s", _("--bulk must be auto, on or off"));
	o.rejected_path = cli_opt(ctx, "rejected");
	if (!o.rejected_path)
		o.rejected_path = gx_arena_printf(&ctx->arena, "%s.rejected.csv", ctx->argv[1]);
	struct progress_state p = {.tty = isatty(2), .started = time(NULL)};
	o.progress = on_progress;
	o.rejected = on_rejected;
	o.ctx = &p;
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct import_result res;
	if (app_import(&app, def, ctx->argv[1], &o, &res, &err) != GX_OK) {
		rc = cli_fail(&err);
		app_close(&app);
		return rc;
	}
	if (p.shown_errors > 20)
		fprintf(stderr, _("… and %d more rejected rows\n"), p.shown_errors - 20);
	fprintf(ctx->out, _("read %zu rows (%s): %zu created, %zu updated, %zu rejected (job %lld)\n"),
	        res.rows, gx_encoding_name(res.encoding), res.created, res.updated, res.rejected,
	        (long long)res.job_id);
	if (res.bulk)
		fprintf(ctx->out, "%s\n", _("bulk mode: one transaction, indexes rebuilt after the rows"));
	if (res.ignored[0])
		fprintf(ctx->out, _("columns not imported: %s\n"), res.ignored);
	if (res.rolled_back)
		fprintf(ctx->out, "%s\n", _("nothing was imported because of the rejected rows (--all-or-nothing)"));
	if (res.rejected)
		fprintf(ctx->out, _("rejected rows with reasons: %s\n"), o.rejected_path);
	else
		unlink(o.rejected_path);
	app_close(&app);
	return res.rejected ? CLI_FAIL : CLI_OK;
}

static const struct cli_option export_options[] = {
	{"template", NULL, N_("write only the header row: a template to fill in"), NULL},
	{"filter", "EXPR", N_("export only the rows matching this filter"), NULL},
	{"xlsx", NULL, N_("write .xlsx (also chosen by a FILE ending in .xlsx)"), NULL},
	{"no-bom", NULL, N_("CSV without the UTF-8 byte-order mark that Excel needs for Chinese"), NULL},
	{0},
};

static int run_export(struct cli_ctx *ctx)
{
	const struct entity_def *def = import_entity(ctx->argv[0]);
	if (!def)
		return cli_usage_error(ctx, _("cannot export \"%s\"; use customers, contacts, products, categories, orders, interactions, users, departments or teams"),
		                       ctx->argv[0]);
	const char *path = ctx->argc > 1 ? ctx->argv[1] : NULL;
	struct export_opts o = {0};
	size_t plen = path ? strlen(path) : 0;
	o.format = cli_flag(ctx, "xlsx") || (plen > 5 && strcasecmp(path + plen - 5, ".xlsx") == 0)
	           ? EXPORT_XLSX : EXPORT_CSV;
	o.template_only = cli_flag(ctx, "template");
	o.bom = path && !cli_flag(ctx, "no-bom");
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	const char *ftext = cli_opt(ctx, "filter");
	size_t rows = 0;
	if ((ftext && filter_parse(ftext, def, &ctx->arena, &o.filter, &err) != GX_OK) ||
	    app_export(&app, def, path, &o, &rows, &err) != GX_OK)
		rc = cli_fail(&err);
	else if (path)
		fprintf(ctx->out, _("wrote %zu rows to %s\n"), rows, path);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_import = {
	.name = "import",
	.summary = N_("import customers, contacts, products, orders, interactions… from CSV or .xlsx"),
	.usage = "ENTITY FILE",
	.options = import_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_import,
};
const struct cli_command cmd_export = {
	.name = "export",
	.summary = N_("export records to CSV (stdout or FILE) or .xlsx; --template for an empty form"),
	.usage = "ENTITY [FILE]",
	.options = export_options,
	.min_args = 1,
	.max_args = 2,
	.run = run_export,
};
