/* Contacts of an organisation and influence links between customers:
 * guanxi contact add CUSTOMER field=value … | contact list [CUSTOMER] |
 * customer link INDIRECT DIRECT [--note] | customer unlink INDIRECT DIRECT. */
#include "cli/cli.h"
#include "cli/list_common.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/org.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer;
	struct record r;
	record_init(&r, &entity_contact, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		record_set_int(&r, "customer_id", customer);
		struct gx_error err;
		gx_error_clear(&err);
		if (app_org_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created contact %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
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
	struct filter_node *extra = NULL;
	int64_t customer;
	if (ctx->argc == 1) {
		if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) != CLI_OK) {
			app_close(&app);
			return rc;
		}
		extra = filter_cond_int(&ctx->arena, &entity_contact, "customer_id", FILTER_EQ, customer);
	}
	rc = cli_run_list(ctx, &app, &entity_contact, extra, "id,code,customer_id,name,title,phone,email,is_primary");
	app_close(&app);
	return rc;
}

static const struct cli_option link_options[] = {
	{"note", "TEXT", N_("how the indirect customer influences the direct one"), NULL},
	{0},
};

static int run_link(struct cli_ctx *ctx, int unlink)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t indirect, direct;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &indirect)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &direct)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		enum gx_err e = unlink ? app_customer_unlink(&app, indirect, direct, &err)
		                       : app_customer_link(&app, indirect, direct, cli_opt(ctx, "note"), &err);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, unlink ? _("%s no longer influences %s\n") : _("%s now influences %s\n"),
			        ctx->argv[0], ctx->argv[1]);
	}
	app_close(&app);
	return rc;
}

static int run_link_add(struct cli_ctx *ctx) { return run_link(ctx, 0); }
static int run_link_remove(struct cli_ctx *ctx) { return run_link(ctx, 1); }

const struct cli_command cmd_contact_add = {
	.name = "contact add", .summary = N_("add a contact person to a customer"),
	.usage = "CUSTOMER field=value …", .min_args = 1, .max_args = -1, .run = run_add,
};
const struct cli_command cmd_contact_list = {
	.name = "contact list", .summary = N_("list contacts, of one customer or all"),
	.usage = "[CUSTOMER]", .options = list_options, .max_args = 1, .run = run_list,
};
const struct cli_command cmd_customer_link = {
	.name = "customer link", .summary = N_("record that an indirect customer influences a direct one"),
	.usage = "INDIRECT DIRECT", .options = link_options, .min_args = 2, .max_args = 2, .run = run_link_add,
};
const struct cli_command cmd_customer_unlink = {
	.name = "customer unlink", .summary = N_("remove an influence link"),
	.usage = "INDIRECT DIRECT", .min_args = 2, .max_args = 2, .run = run_link_remove,
};
