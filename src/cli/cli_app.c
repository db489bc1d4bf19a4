/* What most commands share: opening the application as the chosen user, reading
 * field=value arguments, and naming a customer by id or code. */
#include <string.h>

#include "cli/cli.h"
#include "guanxi/app.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"

int cli_app_open(struct cli_ctx *ctx, struct app *app, int create)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_open(app, ctx->db_url, create, &err) != GX_OK)
		return cli_fail(&err);
	if (ctx->user && app_set_actor(app, ctx->user, &err) != GX_OK) {
		app_close(app);
		return cli_fail(&err);
	}
	return CLI_OK;
}

int cli_record_from_pairs(struct cli_ctx *ctx, struct app *app, struct record *r, int first)
{
	for (int i = first; i < ctx->argc; i++) {
		const char *eq = strchr(ctx->argv[i], '=');
		if (!eq || eq == ctx->argv[i])
			return cli_usage_error(ctx, _("expected field=value, got \"%s\""), ctx->argv[i]);
		char *field = gx_arena_strndup(&ctx->arena, ctx->argv[i], (size_t)(eq - ctx->argv[i]));
		const struct field_def *f = entity_field(r->def, field);
		if (!f || (f->flags & FF_HIDDEN)) {
			fprintf(stderr, "guanxi: %s: %s\n", _("unknown field"), field);
			return CLI_USAGE;
		}
		struct gx_error err;
		gx_error_clear(&err);
		if (app_field_set_text(app, r, field, eq + 1, &ctx->arena, &err) != GX_OK)
			return cli_fail(&err);
	}
	return CLI_OK;
}

int cli_customer_arg(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_customer_resolve(app, arg, id, &err) != GX_OK)
		return cli_fail(&err);
	return CLI_OK;
}

int cli_customer_action(struct cli_ctx *ctx, cli_customer_fn fn, const char *done_fmt)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (fn(ctx, &app, id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, done_fmt, (long long)id);
	}
	app_close(&app);
	return rc;
}
