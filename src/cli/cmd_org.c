/* The organisation: guanxi user add | list, department add | list, team add. Users created
 * here have no password yet; logging in arrives with the server. */
#include "cli/cli.h"
#include "cli/list_common.h"
#include "guanxi/i18n.h"
#include "guanxi/org.h"

static int run_add(struct cli_ctx *ctx, const struct entity_def *def, const char *code_field)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, def, &ctx->arena);
	struct gx_error err;
	gx_error_clear(&err);
	if (app_field_set_text(&app, &r, code_field, ctx->argv[0], &ctx->arena, &err) != GX_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_record_from_pairs(ctx, &app, &r, 1)) == CLI_OK) {
		if (app_org_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created %s %s (id %lld)\n"), gx_tr(def->label_en), ctx->argv[0],
			        (long long)r.id);
	}
	app_close(&app);
	return rc;
}

static int run_user_add(struct cli_ctx *ctx) { return run_add(ctx, &entity_user, "username"); }
static int run_department_add(struct cli_ctx *ctx) { return run_add(ctx, &entity_department, "code"); }
static int run_team_add(struct cli_ctx *ctx) { return run_add(ctx, &entity_team, "code"); }

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_list(struct cli_ctx *ctx, const struct entity_def *def, const char *columns)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	rc = cli_run_list(ctx, &app, def, NULL, columns);
	app_close(&app);
	return rc;
}

static int run_user_list(struct cli_ctx *ctx)
{
	return run_list(ctx, &entity_user, "id,username,display_name,role,department_id,team_id,active");
}

static int run_department_list(struct cli_ctx *ctx)
{
	return run_list(ctx, &entity_department, "id,code,name,parent_id,head_user_id");
}

const struct cli_command cmd_user_add = {
	.name = "user add", .summary = N_("add a user: user add USERNAME display_name=… role=sales department_id=…"),
	.usage = "USERNAME field=value …", .min_args = 1, .max_args = -1, .run = run_user_add,
};
const struct cli_command cmd_user_list = {
	.name = "user list", .summary = N_("list users"), .options = list_options, .max_args = 0,
	.run = run_user_list,
};
const struct cli_command cmd_department_add = {
	.name = "department add", .summary = N_("add a department: department add CODE name=… parent_id=…"),
	.usage = "CODE field=value …", .min_args = 1, .max_args = -1, .run = run_department_add,
};
const struct cli_command cmd_department_list = {
	.name = "department list", .summary = N_("list departments"), .options = list_options,
	.max_args = 0, .run = run_department_list,
};
const struct cli_command cmd_team_add = {
	.name = "team add", .summary = N_("add a team: team add CODE name=… department_id=…"),
	.usage = "CODE field=value …", .min_args = 1, .max_args = -1, .run = run_team_add,
};
