/* Shared body of the sales commands (see sales_cli.h). */
#include "cli/sales_cli.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

int sales_cli_action(struct cli_ctx *ctx, sales_cli_resolve_fn resolve, sales_cli_action_fn fn,
                     const char *done_fmt)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	if (resolve(&app, ctx->argv[0], &id, &err) != GX_OK || fn(ctx, &app, id, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, done_fmt, ctx->argv[0]);
	app_close(&app);
	return rc;
}

int sales_cli_user(struct cli_ctx *ctx, struct app *app, const char *text, int64_t *id)
{
	*id = 0;
	if (!text)
		return CLI_OK;
	struct record r;
	record_init(&r, &entity_opportunity, &ctx->arena);
	struct gx_error err;
	gx_error_clear(&err);
	if (app_field_set_text(app, &r, "owner_id", text, &ctx->arena, &err) != GX_OK)
		return cli_fail(&err);
	*id = record_int(&r, "owner_id");
	return CLI_OK;
}

const char *sales_cli_yuan(struct cli_ctx *ctx, int64_t fen)
{
	char buf[GX_MONEY_FMT_SIZE];
	return gx_arena_strdup(&ctx->arena, gx_money_format(fen, buf));
}
