/* guanxi lead add | list | show | status | claim | release | assign | convert | conversion:
 * leads (线索), their pool, conversion into customer + opportunity, and conversion rates. */
#include <string.h>

#include "cli/list_common.h"
#include "cli/output.h"
#include "cli/sales_cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

static const struct cli_option add_options[] = {
	{"owner", "USER", N_("assign it to this user (default: the lead pool)"), NULL},
	{0},
};

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_lead, &ctx->arena);
	int64_t owner = 0;
	if ((rc = sales_cli_user(ctx, &app, cli_opt(ctx, "owner"), &owner)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_lead_create(&app, &r, owner, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created lead %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {
	{"pool", NULL, N_("only the lead pool (open leads without an owner)"), NULL},
	CLI_LIST_OPTIONS,
	{0},
};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	if (cli_flag(ctx, "pool")) {
		struct filter_node *no_owner = filter_cond_null(&ctx->arena, &entity_lead, "owner_id", 1);
		struct filter_node *open = filter_cond_text(&ctx->arena, &entity_lead, "status", FILTER_NE, "converted");
		struct filter_node *live = filter_cond_text(&ctx->arena, &entity_lead, "status", FILTER_NE, "disqualified");
		extra = filter_and(&ctx->arena, no_owner, filter_and(&ctx->arena, open, live));
	}
	rc = cli_run_list(ctx, &app, &entity_lead, extra, "id,code,name,company,phone,source,status,owner_id");
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
	struct record r;
	if (app_lead_resolve(&app, ctx->argv[0], &id, &err) != GX_OK ||
	    store_record_get(app.store, &entity_lead, id, &ctx->arena, &r, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		out_record(ctx, &app, &r);
	app_close(&app);
	return rc;
}

static const struct cli_option status_options[] = {
	{"reason", "TEXT", N_("why (required to disqualify)"), NULL},
	{0},
};

static enum gx_err do_status(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_lead_set_status(app, id, ctx->argv[1], cli_opt(ctx, "reason"), err);
}

static enum gx_err do_claim(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_lead_claim(app, id, err);
}

static enum gx_err do_release(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_lead_release(app, id, err);
}

static enum gx_err do_assign(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	int64_t user = 0;
	if (sales_cli_user(ctx, app, ctx->argv[1], &user) != CLI_OK)
		return gx_error_set(err, GX_EINVAL, "owner_id", _("no user %s"), ctx->argv[1]);
	return app_lead_assign(app, id, user, err);
}

static int run_status(struct cli_ctx *ctx) { return sales_cli_action(ctx, app_lead_resolve, do_status, _("lead %s updated\n")); }
static int run_claim(struct cli_ctx *ctx) { return sales_cli_action(ctx, app_lead_resolve, do_claim, _("claimed lead %s\n")); }
static int run_release(struct cli_ctx *ctx) { return sales_cli_action(ctx, app_lead_resolve, do_release, _("released lead %s to the pool\n")); }
static int run_assign(struct cli_ctx *ctx) { return sales_cli_action(ctx, app_lead_resolve, do_assign, _("assigned lead %s\n")); }

static const struct cli_option convert_options[] = {
	{"customer", "CUSTOMER", N_("attach to this existing customer instead of creating one"), NULL},
	{"force", NULL, N_("create the customer although a phone or e-mail matches an existing one"), NULL},
	{"no-opportunity", NULL, N_("do not open an opportunity"), NULL},
	{"name", "TEXT", N_("name of the opportunity"), NULL},
	{"amount", "YUAN", N_("amount of the opportunity (default: the lead's expected amount)"), NULL},
	{"close", "DATE", N_("expected close date (default: in 30 days)"), NULL},
	{0},
};

static int run_convert(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct lead_convert_opts o = {.force = cli_flag(ctx, "force"), .no_opportunity = cli_flag(ctx, "no-opportunity"),
	                              .opportunity_name = cli_opt(ctx, "name"), .amount_fen = -1,
	                              .expected_close_date = cli_opt(ctx, "close")};
	int64_t id;
	struct lead_convert_result res = {0};
	enum gx_err e = app_lead_resolve(&app, ctx->argv[0], &id, &err);
	if (e == GX_OK && cli_opt(ctx, "customer"))
		e = app_customer_resolve(&app, cli_opt(ctx, "customer"), &o.customer_id, &err);
	if (e == GX_OK && cli_opt(ctx, "amount"))
		e = gx_money_parse_yuan(cli_opt(ctx, "amount"), 0, &o.amount_fen, "amount", &err);
	if (e == GX_OK)
		e = app_lead_convert(&app, id, &o, &ctx->arena, &res, &err);
	if (e != GX_OK) {
		rc = cli_fail(&err);
		for (size_t i = 0; e == GX_ECONFLICT && i < res.dups.n; i++)
			fprintf(stderr, "  %s %s\n", res.dups.items[i].code, res.dups.items[i].name);
	} else {
		fprintf(ctx->out, _("converted lead %s: customer %lld"), ctx->argv[0], (long long)res.customer_id);
		if (res.contact_id)
			fprintf(ctx->out, _(", contact %lld"), (long long)res.contact_id);
		if (res.opportunity_id)
			fprintf(ctx->out, _(", opportunity %lld"), (long long)res.opportunity_id);
		fputc('\n', ctx->out);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option conversion_options[] = {
	{"by", "source|owner", N_("group by lead source or by owner"), "source"},
	{0},
};

static int run_conversion(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct lead_conversion_row *rows;
	size_t n;
	const char *by = cli_opt_or_default(ctx, "by");
	if (app_lead_conversion(&app, by, &ctx->arena, &rows, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {by, "leads", "converted", "rate"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 4, headers);
		for (size_t i = 0; i < n; i++) {
			const char *cells[] = {rows[i].key, gx_arena_printf(&ctx->arena, "%lld", (long long)rows[i].leads),
			                       gx_arena_printf(&ctx->arena, "%lld", (long long)rows[i].converted),
			                       gx_arena_printf(&ctx->arena, "%.4f", rows[i].rate)};
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_lead_add = {
	.name = "lead add",
	.summary = N_("add a lead: name=… source=… [company=… phone=… email=… expected_amount_fen=…]"),
	.usage = "field=value …",
	.options = add_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_lead_list = {
	.name = "lead list",
	.summary = N_("list leads (--pool: the lead pool)"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_lead_show = {
	.name = "lead show",
	.summary = N_("show a lead"),
	.usage = "LEAD",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_lead_status = {
	.name = "lead status",
	.summary = N_("change a lead's status: contacted, qualified, disqualified (--reason), new"),
	.usage = "LEAD STATUS",
	.options = status_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_status,
};
const struct cli_command cmd_lead_claim = {
	.name = "lead claim",
	.summary = N_("take a lead from the lead pool (--user)"),
	.usage = "LEAD",
	.min_args = 1,
	.max_args = 1,
	.run = run_claim,
};
const struct cli_command cmd_lead_release = {
	.name = "lead release",
	.summary = N_("give a lead back to the lead pool"),
	.usage = "LEAD",
	.min_args = 1,
	.max_args = 1,
	.run = run_release,
};
const struct cli_command cmd_lead_assign = {
	.name = "lead assign",
	.summary = N_("assign a lead to a user (managers and admins)"),
	.usage = "LEAD USER",
	.min_args = 2,
	.max_args = 2,
	.run = run_assign,
};
const struct cli_command cmd_lead_convert = {
	.name = "lead convert",
	.summary = N_("convert a lead into a customer (+ contact) and an opportunity, after a duplicate check"),
	.usage = "LEAD",
	.options = convert_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_convert,
};
const struct cli_command cmd_lead_conversion = {
	.name = "lead conversion",
	.summary = N_("lead conversion rate by source or by owner"),
	.options = conversion_options,
	.run = run_conversion,
};
