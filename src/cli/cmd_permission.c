/* guanxi permission list | set | scope | routes: the permission table role × entity × action and
 * the row scope of each role (docs/architecture.md "Access control"). Changes are the admins'
 * (or the system's, when no --user is given), audited, and reach a running server within
 * seconds. `permission routes` prints what each API route needs, which the access tests use to
 * cover every route. */
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/strbuf.h"
#include "guanxi/access.h"
#include "guanxi/i18n.h"
#include "http/http.h"

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	const char *only = cli_opt(ctx, "role");
	if (only && access_role_index(only) < 0) {
		app_close(&app);
		return cli_usage_error(ctx, _("unknown role %s"), only);
	}
	const char *headers[] = {"role", "scope", "entity", "actions"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 4, headers);
	for (size_t r = 0; access_role_names[r]; r++) {
		const char *role = access_role_names[r];
		if (only && strcmp(only, role) != 0)
			continue;
		for (size_t i = 0; app_access_entity(i); i++) {
			const char *entity = app_access_entity(i);
			struct strbuf acts;
			sb_init(&acts);
			for (int a = 0; a < ACCESS_NACTIONS; a++)
				if (app_access_role_allowed(&app, role, entity, (enum access_action)a))
					sb_printf(&acts, "%s%s", acts.len ? "," : "", access_action_names[a]);
			const char *row[] = {role, store_scope_name(app_access_role_scope(&app, role)), entity,
			                     gx_arena_strdup(&ctx->arena, sb_str(&acts))};
			out_table_add(&t, row);
			sb_free(&acts);
		}
	}
	out_table_print(ctx, &t);
	app_close(&app);
	return rc;
}

static int run_set(struct cli_ctx *ctx)
{
	const char *v = ctx->argv[3];
	int allowed = strcmp(v, "allow") == 0 ? 1 : strcmp(v, "deny") == 0 ? 0 : strcmp(v, "default") == 0 ? -1 : -2;
	if (allowed == -2)
		return cli_usage_error(ctx, _("expected allow, deny or default, got \"%s\""), v);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_access_set(&app, ctx->argv[0], ctx->argv[1], ctx->argv[2], allowed, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_scope(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	const char *scope = strcmp(ctx->argv[1], "default") == 0 ? NULL : ctx->argv[1];
	if (app_access_set_scope(&app, ctx->argv[0], scope, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}

static int run_routes(struct cli_ctx *ctx)
{
	const char *headers[] = {"method", "path", "entity", "action"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 4, headers);
	HTTP_FOR_EACH_ROUTE(tab, r) {
		int a = http_route_action(r);
		const char *row[] = {r->method, r->pattern, r->entity ? r->entity : "",
		                     r->entity && a >= 0 ? access_action_names[a] : ""};
		out_table_add(&t, row);
	}
	out_table_print(ctx, &t);
	return CLI_OK;
}

static const struct cli_option list_options[] = {
	{"role", "ROLE", N_("only this role"), NULL},
	{0},
};

const struct cli_command cmd_permission_list = {
	.name = "permission list", .summary = N_("show the permission table and each role's row scope"),
	.options = list_options, .max_args = 0, .run = run_list,
};
const struct cli_command cmd_permission_set = {
	.name = "permission set", .summary = N_("allow or deny a role an action on an entity (or back to the default)"),
	.usage = "ROLE ENTITY ACTION allow|deny|default", .min_args = 4, .max_args = 4, .run = run_set,
};
const struct cli_command cmd_permission_scope = {
	.name = "permission scope", .summary = N_("set the rows a role sees: own, team, department, all (or default)"),
	.usage = "ROLE SCOPE", .min_args = 2, .max_args = 2, .run = run_scope,
};
const struct cli_command cmd_permission_routes = {
	.name = "permission routes", .summary = N_("list the API routes with the entity and action each needs"),
	.max_args = 0, .run = run_routes,
};
