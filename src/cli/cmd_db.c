/* guanxi db copy | db checksum | backup | restore: moving a database to another backend,
 * backups and restores (docs/deploy.md "Backups and moving to PostgreSQL"). Every command
 * prints, per table, the row counts and checksums it verified, and the time it took. */
#include <time.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/dbops.h"
#include "guanxi/i18n.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *rows_text(struct cli_ctx *ctx, int64_t n)
{
	return n < 0 ? "" : gx_arena_printf(&ctx->arena, "%lld", (long long)n);
}

/* Source against target: one line per table, "ok" or "DIFFERS". */
static void print_compare(struct cli_ctx *ctx, const struct copy_report *rep)
{
	int measured_any = 0;
	for (size_t i = 0; i < rep->n; i++)
		measured_any |= rep->t[i].src_rows >= 0;
	if (!measured_any)
		return;
	const char *headers[] = {"table", "source rows", "target rows", "source checksum",
	                         "target checksum", "status"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 6, headers);
	for (size_t i = 0; i < rep->n; i++) {
		const struct copy_table_report *r = &rep->t[i];
		int measured = r->dst_rows >= 0;
		const char *cells[] = {
			r->table, rows_text(ctx, r->src_rows), rows_text(ctx, r->dst_rows),
			gx_arena_printf(&ctx->arena, "%.16s", r->src_sum),
			gx_arena_printf(&ctx->arena, "%.16s", r->dst_sum),
			!measured ? "-" : r->differs ? "DIFFERS" : "ok",
		};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
}

/* One database: its tables' counts and full checksums. */
static void print_sums(struct cli_ctx *ctx, const struct copy_report *rep)
{
	const char *headers[] = {"table", "rows", "checksum"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 3, headers);
	for (size_t i = 0; i < rep->n; i++) {
		const struct copy_table_report *r = &rep->t[i];
		const char *cells[] = {r->table, rows_text(ctx, r->src_rows), r->src_sum};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
}

static int64_t total_rows(const struct copy_report *rep)
{
	int64_t n = 0;
	for (size_t i = 0; i < rep->n; i++)
		n += rep->t[i].src_rows > 0 ? rep->t[i].src_rows : 0;
	return n;
}

static void print_summary(struct cli_ctx *ctx, const struct copy_report *rep, double secs)
{
	fprintf(stderr, _("%zu tables, %lld rows copied and verified, %lld records indexed for search, in %.2f s\n"),
	        rep->n, (long long)total_rows(rep), (long long)rep->indexed, secs);
}

static int run_copy(struct cli_ctx *ctx)
{
	const char *from = cli_opt(ctx, "from"), *to = cli_opt(ctx, "to");
	if (!from || !to)
		return cli_usage_error(ctx, "%s", _("both --from and --to are required"));
	struct gx_error err;
	gx_error_clear(&err);
	struct copy_report rep;
	double t0 = now_s();
	enum gx_err e = dbops_copy(from, to, &rep, &err);
	print_compare(ctx, &rep);
	int rc = CLI_OK;
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		print_summary(ctx, &rep, now_s() - t0);
	copy_report_free(&rep);
	return rc;
}

static int run_checksum(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct copy_report rep;
	enum gx_err e = dbops_checksum(ctx->db_url, &rep, &err);
	int rc = CLI_OK;
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		print_sums(ctx, &rep);
	copy_report_free(&rep);
	return rc;
}

static int run_backup(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct copy_report rep;
	enum dbops_backup_method method = DBOPS_BACKUP_ONLINE;
	double t0 = now_s();
	enum gx_err e = dbops_backup(ctx->db_url, ctx->argv[0], &method, &rep, &err);
	int rc = CLI_OK;
	if (e != GX_OK) {
		print_compare(ctx, &rep);
		rc = cli_fail(&err);
	} else if (method == DBOPS_BACKUP_ONLINE) {
		print_sums(ctx, &rep);
		fprintf(stderr, _("backup written to %s with SQLite's online backup: %zu tables, %lld rows, in %.2f s\n"),
		        ctx->argv[0], rep.n, (long long)total_rows(&rep), now_s() - t0);
	} else {
		print_compare(ctx, &rep);
		fprintf(stderr, _("backup written to %s (a SQLite database) from one snapshot: %zu tables, %lld rows verified, in %.2f s\n"),
		        ctx->argv[0], rep.n, (long long)total_rows(&rep), now_s() - t0);
	}
	copy_report_free(&rep);
	return rc;
}

static int run_restore(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct copy_report rep;
	double t0 = now_s();
	enum gx_err e = dbops_restore(ctx->argv[0], ctx->db_url, cli_flag(ctx, "force"), &rep, &err);
	print_compare(ctx, &rep);
	int rc = CLI_OK;
	if (e != GX_OK) {
		rc = cli_fail(&err);
		if (rep.not_empty)
			fprintf(stderr, "%s\n",
			        _("restore into a new, empty database; or give --force to delete every row of this one and "
			          "replace it with the backup's (in one transaction: if the restore fails, nothing changes)"));
	} else {
		if (rep.replaced)
			fprintf(stderr, "%s\n", _("--force: the database's previous rows were deleted and replaced by the backup's"));
		print_summary(ctx, &rep, now_s() - t0);
	}
	copy_report_free(&rep);
	return rc;
}

static const struct cli_option copy_options[] = {
	{"from", "URL", N_("the database to copy (a SQLite file, sqlite:PATH or postgres://…)"), NULL},
	{"to", "URL", N_("the empty database to copy into (a new SQLite file is created)"), NULL},
	{0},
};

static const struct cli_option restore_options[] = {
	{"force", NULL, N_("replace the contents of a database that is not empty"), NULL},
	{0},
};

const struct cli_command cmd_db_copy = {
	.name = "db copy",
	.summary = N_("copy a whole database into an empty one (SQLite or PostgreSQL), verified"),
	.options = copy_options, .max_args = 0, .run = run_copy,
};
const struct cli_command cmd_db_checksum = {
	.name = "db checksum",
	.summary = N_("row counts and checksums of every table of the database"),
	.max_args = 0, .run = run_checksum,
};
const struct cli_command cmd_backup = {
	.name = "backup",
	.summary = N_("write a consistent backup of the database into a new SQLite file"),
	.usage = "FILE", .min_args = 1, .max_args = 1, .run = run_backup,
};
const struct cli_command cmd_restore = {
	.name = "restore",
	.summary = N_("restore a backup file into an empty database, verified"),
	.usage = "FILE", .options = restore_options, .min_args = 1, .max_args = 1, .run = run_restore,
};
