/* guanxi customer add field=value …: creates a customer, refusing likely duplicates. */
#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	{"force", NULL, N_("create even if the phone, e-mail or credit code matches a customer"), NULL},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_customer, &ctx->arena);
	if ((rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct customer_dups dups;
		if (app_customer_create(&app, &r, cli_flag(ctx, "force"), &ctx->arena, &dups, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			for (size_t i = 0; i < dups.n; i++)
				if (dups.items[i].code)   /* NULL: a customer this user may not see */
					fprintf(stderr, _("note: customer %s (%s) looks similar\n"), dups.items[i].code,
					        dups.items[i].name);
			if (ctx->format == CLI_FORMAT_TABLE)
				fprintf(ctx->out, _("created customer %s (id %lld)\n"), record_text(&r, "code"),
				        (long long)r.id);
			else {
				struct record shown;
				if (app_customer_get(&app, r.id, 0, &ctx->arena, &shown, &err) == GX_OK)
					out_record(ctx, &app, &shown);
			}
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_add = {
	.name = "customer add",
	.summary = N_("create a customer from field=value pairs (see `guanxi export customers --template`)"),
	.usage = "field=value …",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.run = run,
};
