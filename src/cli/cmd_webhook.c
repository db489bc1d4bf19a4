/* guanxi webhook add|list|disable|enable|deliveries|deliver: webhook subscriptions and their
 * delivery log (guanxi/hooks.h). The secret is printed once, when the webhook is added. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/analyze_common.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/jobs.h"

static int parse_id(struct cli_ctx *ctx, const char *text, int64_t *id)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || v < 1)
		return cli_usage_error(ctx, _("%s is not a webhook id"), text);
	*id = v;
	return CLI_OK;
}

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id = 0;
	char secret[APP_WEBHOOK_SECRET_SIZE];
	if (app_webhook_add(&app, ctx->argv[0], cli_opt(ctx, "events"), cli_opt(ctx, "description"), &id,
	                    secret, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		if (ctx->format == CLI_FORMAT_TABLE) {
			/* Plain lines: a table would shorten the secret to fit the terminal. */
			fprintf(ctx->out, _("added webhook %lld\n"), (long long)id);
			fprintf(ctx->out, "secret: %s\n", secret);
			fprintf(stderr, "%s\n", _("keep the secret now: it is not shown again"));
		} else {
			const char *headers[] = {"id", "url", "secret"};
			struct out_table t;
			out_table_init(&t, &ctx->arena, 3, headers);
			const char *row[] = {gx_arena_printf(&ctx->arena, "%lld", (long long)id), ctx->argv[0], secret};
			out_table_add(&t, row);
			out_table_print(ctx, &t);
		}
	}
	app_close(&app);
	return rc;
}

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct webhook *w;
	size_t n;
	if (app_webhook_list(&app, &ctx->arena, &w, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {"id", "url", "events", "active", "created_at", "description"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 6, headers);
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {gx_arena_printf(&ctx->arena, "%lld", (long long)w[i].id), w[i].url,
			                     w[i].events, w[i].active ? "1" : "0", w[i].created_at,
			                     w[i].description ? w[i].description : ""};
			out_table_add(&t, row);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

static int set_active(struct cli_ctx *ctx, int active)
{
	int64_t id = 0;
	int rc = parse_id(ctx, ctx->argv[0], &id);
	struct app app;
	if (rc || (rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_webhook_set_active(&app, id, active, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_disable(struct cli_ctx *ctx) { return set_active(ctx, 0); }
static int run_enable(struct cli_ctx *ctx) { return set_active(ctx, 1); }

static int run_deliveries(struct cli_ctx *ctx)
{
	long limit = 50, hook = 0;
	int rc = ana_opt_long(ctx, "limit", 1, 1000, &limit);
	if (!rc)
		rc = ana_opt_long(ctx, "webhook", 1, 1L << 50, &hook);
	struct app app;
	if (rc || (rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct webhook_delivery *d;
	size_t n;
	if (app_webhook_deliveries(&app, hook, cli_opt(ctx, "status"), (int)limit, &ctx->arena, &d, &n,
	                           &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {"id", "webhook_id", "event_id", "type", "status", "attempts",
		                         "last_status", "next_attempt_at", "last_error"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 9, headers);
		struct gx_arena *a = &ctx->arena;
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {gx_arena_printf(a, "%lld", (long long)d[i].id),
			                     gx_arena_printf(a, "%lld", (long long)d[i].webhook_id), d[i].event_id,
			                     d[i].type, d[i].status, gx_arena_printf(a, "%d", d[i].attempts),
			                     d[i].last_status ? gx_arena_printf(a, "%d", d[i].last_status) : "",
			                     d[i].next_attempt_at, d[i].last_error ? d[i].last_error : ""};
			out_table_add(&t, row);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

/* One delivery pass now, as a server's background worker makes it (for cron or tests). */
static int run_deliver(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	char worker[96];
	app_jobs_worker_name("cli", worker);
	struct app_deliver_counts c;
	int more;
	/* Small batches, as a server's worker takes them (short claim leases), until none is due. */
	enum gx_err e = app_jobs_deliver_webhooks(&app, worker, 4, 1 << 20, NULL, &c, &more, &err);
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("claimed %lld, delivered %lld, to retry %lld, failed %lld\n"),
		        (long long)c.claimed, (long long)c.delivered, (long long)c.retried, (long long)c.failed);
	app_close(&app);
	return rc;
}

static const struct cli_option add_options[] = {
	{"events", "LIST", N_("event types to send, comma-separated: customer.created, customer.*, job.completed, *"), "*"},
	{"description", "TEXT", N_("a note on what the receiver is"), NULL},
	{0},
};
static const struct cli_option delivery_options[] = {
	{"webhook", "ID", N_("only this webhook's deliveries"), NULL},
	{"status", "STATUS", N_("only pending, delivered or failed deliveries"), NULL},
	{"limit", "N", N_("most rows shown, newest first"), "50"},
	{0},
};

const struct cli_command cmd_webhook_add = {
	.name = "webhook add", .summary = N_("send signed events to a URL (prints the secret once)"),
	.usage = "URL", .options = add_options, .min_args = 1, .max_args = 1, .run = run_add,
};
const struct cli_command cmd_webhook_list = {
	.name = "webhook list", .summary = N_("show the webhooks"), .max_args = 0, .run = run_list,
};
const struct cli_command cmd_webhook_disable = {
	.name = "webhook disable", .summary = N_("stop sending events to a webhook"),
	.usage = "ID", .min_args = 1, .max_args = 1, .run = run_disable,
};
const struct cli_command cmd_webhook_enable = {
	.name = "webhook enable", .summary = N_("send events to a disabled webhook again"),
	.usage = "ID", .min_args = 1, .max_args = 1, .run = run_enable,
};
const struct cli_command cmd_webhook_deliveries = {
	.name = "webhook deliveries", .summary = N_("show the webhook delivery log"),
	.options = delivery_options, .max_args = 0, .run = run_deliveries,
};
const struct cli_command cmd_webhook_deliver = {
	.name = "webhook deliver", .summary = N_("deliver the due webhook events now"),
	.max_args = 0, .run = run_deliver,
};
