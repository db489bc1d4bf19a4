/* guanxi override request | approve | reject | list: credit overrides (信用额度特批) that let one
 * refused order on credit through once approved (see guanxi/credit.h). */
#include <jansson.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/credit.h"
#include "guanxi/i18n.h"

static int run_request(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t customer;
	struct record o;
	record_init(&o, &entity_credit_override, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &o, 1)) == CLI_OK) {
		record_set_int(&o, "customer_id", customer);
		if (app_credit_override_request(&app, &o, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("requested credit override %lld (pending)\n"), (long long)o.id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option decide_options[] = {
	{"note", "TEXT", N_("the reason for the decision"), NULL},
	{0},
};

static int decide(struct cli_ctx *ctx, int approve)
{
	char *end;
	long long id = strtoll(ctx->argv[0], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error(ctx, _("\"%s\" is not an override id"), ctx->argv[0]);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	char *payload = NULL;
	if (cli_opt(ctx, "note")) {
		json_t *j = json_pack("{s:s}", "note", cli_opt(ctx, "note"));
		payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
	}
	enum gx_err e = approve ? app_credit_override_approve(&app, id, payload, &err)
	                        : app_credit_override_reject(&app, id, payload, &err);
	free(payload);
	if (e != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, approve ? _("approved credit override %lld\n") : _("rejected credit override %lld\n"), id);
	app_close(&app);
	return rc;
}

static int run_approve(struct cli_ctx *ctx)
{
	return decide(ctx, 1);
}

static int run_reject(struct cli_ctx *ctx)
{
	return decide(ctx, 0);
}

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	rc = cli_run_list(ctx, &app, &entity_credit_override, NULL,
	                  "id,customer_id,amount_fen,credit_form,status,reason,requested_by,decided_by,order_id");
	app_close(&app);
	return rc;
}

const struct cli_command cmd_override_request = {
	.name = "override request",
	.summary = N_("ask for a credit override: amount_fen=YUAN above the limit and/or credit_form=…, reason=…"),
	.usage = "CUSTOMER field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_request,
};
const struct cli_command cmd_override_approve = {
	.name = "override approve",
	.summary = N_("approve a pending credit override"),
	.usage = "ID",
	.options = decide_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_approve,
};
const struct cli_command cmd_override_reject = {
	.name = "override reject",
	.summary = N_("reject a pending credit override"),
	.usage = "ID",
	.options = decide_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_reject,
};
const struct cli_command cmd_override_list = {
	.name = "override list",
	.summary = N_("list credit overrides (filter e.g. \"status eq 'pending'\")"),
	.options = list_options,
	.max_args = 0,
	.run = run_list,
};
