/* guanxi contract add | list | status, payment-plan add | list | paid: contracts (合同) from
 * won opportunities and their payment-collection plans (回款计划). */
#include <stdlib.h>

#include "cli/list_common.h"
#include "cli/sales_cli.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record r;
	record_init(&r, &entity_contract, &ctx->arena);
	int64_t opp;
	if (app_opportunity_resolve(&app, ctx->argv[0], &opp, &err) != GX_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		record_set_int(&r, "opportunity_id", opp);
		if (app_contract_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created contract %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
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
	rc = cli_run_list(ctx, &app, &entity_contract, NULL,
	                  "id,code,title,customer_id,opportunity_id,amount_fen,signed_date,status");
	app_close(&app);
	return rc;
}

static const struct cli_option status_options[] = {
	{"signed", "DATE", N_("the signing date (required to sign)"), NULL},
	{"reason", "TEXT", N_("why (required to terminate)"), NULL},
	{0},
};

static enum gx_err do_status(struct cli_ctx *ctx, struct app *app, int64_t id, struct gx_error *err)
{
	return app_contract_set_status(app, id, ctx->argv[1], cli_opt(ctx, "signed"), cli_opt(ctx, "reason"), err);
}

static int run_status(struct cli_ctx *ctx)
{
	return sales_cli_action(ctx, app_contract_resolve, do_status, _("contract %s updated\n"));
}

static int run_plan_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct record r;
	record_init(&r, &entity_payment_plan, &ctx->arena);
	int64_t c;
	if (app_contract_resolve(&app, ctx->argv[0], &c, &err) != GX_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		record_set_int(&r, "contract_id", c);
		if (app_payment_plan_add(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("added instalment %lld (id %lld) to contract %s\n"), (long long)record_int(&r, "seq"),
			        (long long)r.id, ctx->argv[0]);
	}
	app_close(&app);
	return rc;
}

static int run_plan_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	if (ctx->argc) {
		struct gx_error err;
		gx_error_clear(&err);
		int64_t c;
		if (app_contract_resolve(&app, ctx->argv[0], &c, &err) != GX_OK) {
			app_close(&app);
			return cli_fail(&err);
		}
		extra = filter_cond_int(&ctx->arena, &entity_payment_plan, "contract_id", FILTER_EQ, c);
	}
	rc = cli_run_list(ctx, &app, &entity_payment_plan, extra, "id,contract_id,seq,due_date,amount_fen,status,paid_date");
	app_close(&app);
	return rc;
}

static const struct cli_option paid_options[] = {
	{"date", "DATE", N_("the day the money came in"), N_("today")},
	{0},
};

static int run_plan_paid(struct cli_ctx *ctx)
{
	char *end;
	long long id = strtoll(ctx->argv[0], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error(ctx, _("\"%s\" is not an instalment id"), ctx->argv[0]);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_payment_plan_paid(&app, id, cli_opt(ctx, "date"), &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("instalment %lld paid\n"), id);
	app_close(&app);
	return rc;
}

const struct cli_command cmd_contract_add = {
	.name = "contract add",
	.summary = N_("create a contract from a won opportunity: OPPORTUNITY [amount_fen=… terms=… start_date=…]"),
	.usage = "OPPORTUNITY field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_contract_list = {
	.name = "contract list",
	.summary = N_("list contracts"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_contract_status = {
	.name = "contract status",
	.summary = N_("change a contract's status: signed (--signed DATE), completed, terminated (--reason)"),
	.usage = "CONTRACT STATUS",
	.options = status_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_status,
};
const struct cli_command cmd_payment_plan_add = {
	.name = "payment-plan add",
	.summary = N_("add an instalment to a contract's payment plan: CONTRACT due_date=… amount_fen=…"),
	.usage = "CONTRACT field=value …",
	.min_args = 3,
	.max_args = -1,
	.run = run_plan_add,
};
const struct cli_command cmd_payment_plan_list = {
	.name = "payment-plan list",
	.summary = N_("list payment-plan instalments, of one contract or all"),
	.usage = "[CONTRACT]",
	.options = list_options,
	.max_args = 1,
	.run = run_plan_list,
};
const struct cli_command cmd_payment_plan_paid = {
	.name = "payment-plan paid",
	.summary = N_("mark an instalment paid"),
	.usage = "ID",
	.options = paid_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_plan_paid,
};
