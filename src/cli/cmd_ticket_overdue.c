/* guanxi ticket overdue | complaints: the overdue list (most overdue first) and complaint
 * counts per customer, formal and informal, for the complaints variable of the satisfaction
 * models (MODELS.md M7). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/service_common.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket.h"

static const struct cli_option overdue_options[] = {
	{"owner", "USER", N_("only the tickets assigned to this user"), NULL},
	{"limit", "N", N_("rows per page (1–1000)"), "50"},
	{"cursor", "C", N_("continue after the page that printed this cursor"), NULL},
	{"count", NULL, N_("print only the number of overdue tickets"), NULL},
	{0},
};

static int run_overdue(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t owner = 0;
	if (cli_opt(ctx, "owner") && (rc = cli_user_arg(ctx, &app, cli_opt(ctx, "owner"), &owner)) != CLI_OK) {
		app_close(&app);
		return rc;
	}
	struct gx_error err;
	gx_error_clear(&err);
	struct ticket_overdue_page page;
	int limit = atoi(cli_opt_or_default(ctx, "limit"));
	if (app_ticket_overdue(&app, owner, limit, cli_opt(ctx, "cursor"), &ctx->arena, &page, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else if (cli_flag(ctx, "count")) {
		fprintf(ctx->out, "%lld\n", (long long)page.total);
	} else {
		static const char *const cols[] = {"id", "code", "due_at", "status", "severity", "subject", "customer_id",
		                                   "owner_id", "escalated_to"};
		out_records(ctx, &app, page.rows, page.count, cols, sizeof cols / sizeof *cols);
		fprintf(stderr, _("%lld overdue\n"), (long long)page.total);
		if (page.next_cursor)
			fprintf(stderr, _("more: --cursor %s\n"), page.next_cursor);
	}
	app_close(&app);
	return rc;
}

struct complaints_out {
	struct cli_ctx *ctx;
	struct app *app;
	struct out_table t;
	struct gx_arena row;
};

static int add_count(const struct ticket_complaint_count *c, void *p)
{
	struct complaints_out *o = p;
	struct gx_arena *a = &o->ctx->arena;
	struct record cust;
	struct gx_error err;
	gx_arena_reset(&o->row);
	const char *code = store_record_get(o->app->store, &entity_customer, c->customer_id, &o->row, &cust, &err) == GX_OK
	                   ? record_text(&cust, "code") : "";
	const char *cells[] = {gx_arena_printf(a, "%lld", (long long)c->customer_id), gx_arena_strdup(a, code),
	                       gx_arena_printf(a, "%lld", (long long)c->formal),
	                       gx_arena_printf(a, "%lld", (long long)c->informal),
	                       gx_arena_printf(a, "%lld", (long long)(c->formal + c->informal))};
	out_table_add(&o->t, cells);
	return 0;
}

static const struct cli_option complaints_options[] = {
	{"from", "DATE", N_("count complaints received on or after this date (YYYY-MM-DD)"), NULL},
	{"to", "DATE", N_("count complaints received before this date (YYYY-MM-DD)"), NULL},
	{0},
};

static int run_complaints(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct complaints_out o = {.ctx = ctx, .app = &app};
	static const char *const headers[] = {"customer_id", "code", "formal", "informal", "complaints"};
	out_table_init(&o.t, &ctx->arena, 5, headers);
	gx_arena_init(&o.row, 4096);
	struct gx_error err;
	gx_error_clear(&err);
	if (app_ticket_complaint_counts(&app, cli_opt(ctx, "from"), cli_opt(ctx, "to"), add_count, &o, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		out_table_print(ctx, &o.t);
	gx_arena_free(&o.row);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_ticket_overdue = {
	.name = "ticket overdue",
	.summary = N_("open tickets past their SLA due time, most overdue first"),
	.options = overdue_options,
	.max_args = 0,
	.run = run_overdue,
};
const struct cli_command cmd_ticket_complaints = {
	.name = "ticket complaints",
	.summary = N_("complaints per customer, formal and informal (the complaints variable of analyze pls)"),
	.options = complaints_options,
	.max_args = 0,
	.run = run_complaints,
};
