/* guanxi demo: fills a new database with the demo company, with N customers at benchmark
 * volumes (--scale), or with the CDNOW purchase histories (--dataset cdnow), and prints the
 * demo logins and what it created. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/customer_store.h"
#include "guanxi/demo.h"
#include "guanxi/i18n.h"
#include "guanxi/pinyin.h"
#include "guanxi/store.h"

static const struct cli_option options[] = {
	{"seed", "N", N_("seed of the random generator: the same seed and GUANXI_NOW give the same data"), "20240601"},
	{"scale", "N", N_("N customers at the benchmark volumes of DECISIONS.md (about 10 orders and 5 interactions each)"), NULL},
	{"dataset", "NAME", N_("load a public data set instead: cdnow"), NULL},
	{"data-dir", "DIR", N_("directory of the public data sets (env GUANXI_SHARED/data)"), "../shared/data"},
	{0},
};

static void progress(void *ctx, const char *stage, int64_t done, int64_t total)
{
	(void)ctx;
	if (isatty(2))
		fprintf(stderr, "\r%s %lld/%lld   ", stage, (long long)done, (long long)total);
	if (isatty(2) && done == total)
		fputc('\n', stderr);
}

static int parse_count(struct cli_ctx *ctx, const char *name, const char *s, int64_t max, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 1 || v > max)
		return cli_usage_error(ctx, _("--%s must be a whole number from 1 to %lld"), name, (long long)max);
	*out = v;
	return CLI_OK;
}

static void print_json(struct cli_ctx *ctx, const struct demo_result *r, const char *currency,
                       double seconds)
{
	json_t *logins = json_array();
	for (size_t i = 0; i < r->nlogins; i++)
		json_array_append_new(logins, json_pack("{s:s,s:s,s:s,s:s}", "username", r->logins[i].username,
		                                        "display_name", r->logins[i].display_name,
		                                        "role", r->logins[i].role,
		                                        "department", r->logins[i].department));
	json_t *j = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:f,s:o}",
	                      "job_id", (json_int_t)r->job_id, "departments", (json_int_t)r->departments,
	                      "teams", (json_int_t)r->teams, "users", (json_int_t)r->users,
	                      "customers", (json_int_t)r->customers, "persons", (json_int_t)r->persons,
	                      "organizations", (json_int_t)r->organizations, "pool", (json_int_t)r->pool,
	                      "contacts", (json_int_t)r->contacts, "products", (json_int_t)r->products,
	                      "orders", (json_int_t)r->orders, "refunds", (json_int_t)r->refunds,
	                      "order_lines", (json_int_t)r->order_lines,
	                      "interactions", (json_int_t)r->interactions, "tickets", (json_int_t)r->tickets,
	                      "revenue_fen", (json_int_t)r->revenue_fen, "currency", currency,
	                      "first_order_date", r->first_order_date, "last_order_date", r->last_order_date,
	                      "seconds", seconds, "logins", logins);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(ctx->out, "%s\n", text);
	free(text);
	json_decref(j);
}

static void print_result(struct cli_ctx *ctx, const struct demo_result *r, const char *currency,
                         double seconds)
{
	if (ctx->format == CLI_FORMAT_JSON) {
		print_json(ctx, r, currency, seconds);
		return;
	}
	FILE *o = ctx->out;
	fprintf(o, _("demo data written to %s in %.1f s (job %lld)\n"), ctx->db_url, seconds, (long long)r->job_id);
	fprintf(o, "  %-14s %lld (%s %lld, %s %lld, %s %lld)\n", _("customers"), (long long)r->customers,
	        _("persons"), (long long)r->persons, _("organizations"), (long long)r->organizations,
	        _("in the public pool"), (long long)r->pool);
	if (r->contacts)
		fprintf(o, "  %-14s %lld\n", _("contacts"), (long long)r->contacts);
	fprintf(o, "  %-14s %lld (%s %lld, %s %lld) %s %s … %s\n", _("orders"), (long long)r->orders,
	        _("refunds"), (long long)r->refunds, _("lines"), (long long)r->order_lines, _("from"),
	        r->first_order_date, r->last_order_date);
	fprintf(o, "  %-14s %lld.%02lld %s\n", _("net revenue"), (long long)(r->revenue_fen / 100),
	        (long long)(r->revenue_fen % 100), currency);
	if (r->interactions)
		fprintf(o, "  %-14s %lld\n", _("interactions"), (long long)r->interactions);
	if (r->tickets)
		fprintf(o, "  %-14s %lld\n", _("tickets"), (long long)r->tickets);
	if (r->products)
		fprintf(o, "  %-14s %lld\n", _("products"), (long long)r->products);
	if (r->users)
		fprintf(o, "  %-14s %lld, %s %lld, %s %lld\n", _("users"), (long long)r->users,
		        _("departments"), (long long)r->departments, _("teams"), (long long)r->teams);
	if (r->nlogins) {
		/* Logins with passwords come with the server; the usernames are fixed already. */
		fprintf(o, "\n%s\n", _("Demo users (username, name, role, department):"));
		const char *headers[] = {_("Username"), _("Name"), _("Role"), _("Department")};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 4, headers);
		for (size_t i = 0; i < r->nlogins; i++) {
			const char *row[] = {r->logins[i].username, r->logins[i].display_name, r->logins[i].role,
			                     r->logins[i].department};
			out_table_add(&t, row);
		}
		out_table_print(ctx, &t);
	}
}

static int run(struct cli_ctx *ctx)
{
	struct demo_opts opts = {.seed = DEMO_DEFAULT_SEED, .progress = progress};
	const char *seed = cli_opt(ctx, "seed"), *scale = cli_opt(ctx, "scale");
	const char *dataset = cli_opt(ctx, "dataset");
	int64_t v = 0;
	if (seed) {
		char *end;
		unsigned long long s = strtoull(seed, &end, 10);
		if (!*seed || *end || seed[0] == '-')
			return cli_usage_error(ctx, "%s", _("--seed must be a whole number"));
		opts.seed = s;
	}
	if (scale) {
		if (parse_count(ctx, "scale", scale, 10000000, &v))
			return CLI_USAGE;
		opts.scale = v;
	}
	if (dataset && strcmp(dataset, "cdnow") != 0)
		return cli_usage_error(ctx, _("unknown data set %s (known: cdnow)"), dataset);
	if (dataset && (scale || seed))
		return cli_usage_error(ctx, "%s", _("--dataset cannot be combined with --scale or --seed"));

	const char *path = NULL;
	if (dataset) {
		const char *dir = cli_opt(ctx, "data-dir");
		const char *shared = getenv("GUANXI_SHARED");
		if (!dir && shared && *shared)
			dir = gx_arena_printf(&ctx->arena, "%s/data", shared);
		if (!dir)
			dir = "../shared/data";
		path = gx_arena_printf(&ctx->arena, "%s/cdnow/CDNOW_sample.txt", dir);
	}

	struct app app;
	int rc = cli_app_open(ctx, &app, 1);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct demo_result *res = gx_arena_calloc(&ctx->arena, 1, sizeof *res);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum gx_err e = dataset ? app_demo_cdnow(&app, path, res, &err) : app_demo_generate(&app, &opts, res, &err);
	if (e == GX_OK)
		e = store_planner_stats_refresh(app.store, &err);   /* PostgreSQL: statistics of the new tables */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		print_result(ctx, res, app.settings.currency, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	app_close(&app);
	pinyin_thread_cleanup();
	return rc;
}

const struct cli_command cmd_demo = {
	.name = "demo",
	.summary = N_("fill a new database with demo data (a demo company, --scale N, or --dataset cdnow)"),
	.options = options,
	.max_args = 0,
	.run = run,
};
