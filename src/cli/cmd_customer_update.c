/* guanxi customer update ID|CODE field=value …: changes fields; field= (empty) clears one. */
#include <stdlib.h>

#include "cli/cli.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	{"version", "N", N_("refuse if the customer's version is no longer N (someone changed it)"), NULL},
	{"force", NULL, N_("save even if the new phone, e-mail or credit code matches another customer"), NULL},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct record r;
	record_init(&r, &entity_customer, &ctx->arena);
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		r.id = id;
		const char *v = cli_opt(ctx, "version");
		int64_t version = v ? strtoll(v, NULL, 10) : 0;
		struct gx_error err;
		gx_error_clear(&err);
		if (app_customer_update(&app, &r, version, cli_flag(ctx, "force"), &ctx->arena, NULL, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated customer %lld (version %lld)\n"), (long long)id,
			        (long long)r.version);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_update = {
	.name = "customer update",
	.summary = N_("change fields of a customer"),
	.usage = "ID|CODE field=value …",
	.options = options,
	.min_args = 2,
	.max_args = -1,
	.run = run,
};
