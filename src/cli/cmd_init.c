/* guanxi init: creates the database (or brings an existing one up to date, including the
 * dashboard's rollup and, on PostgreSQL, the search's gram counts) and optionally sets the company's time zone and currency. */
#include "cli/cli.h"
#include "guanxi/app.h"
#include "guanxi/customer_store.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	{"timezone", "ZONE", N_("company time zone (IANA name)"), "Asia/Shanghai"},
	{"currency", "CODE", N_("company currency (ISO 4217)"), "CNY"},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 1);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	const char *tz = cli_opt(ctx, "timezone"), *cur = cli_opt(ctx, "currency");
	if ((tz && app_setting_set(&app, "timezone", tz, &err) != GX_OK) ||
	    (cur && app_setting_set(&app, "currency", cur, &err) != GX_OK)) {
		app_close(&app);
		return cli_fail(&err);
	}
	/* customers marked by an upgrade (migration 0020) or by writes outside the app (raw SQL, a
	 * db copy) are folded into the dashboard's rollup here, in one transaction */
	int64_t folded = 0;
	enum gx_err e = store_begin(app.store, &err);
	if (e == GX_OK && (e = store_dashboard_fold(app.store, 0, &folded, &err)) == GX_OK)
		e = store_commit(app.store, &err);
	else if (e != GX_OK)
		store_rollback(app.store);
	if (e != GX_OK) {
		app_close(&app);
		return cli_fail(&err);
	}
	if (folded)
		fprintf(ctx->out, _("dashboard rollup: %lld customers folded in\n"), (long long)folded);
	if ((e = store_search_stats_refresh(app.store, &err)) != GX_OK) {   /* PostgreSQL only */
		app_close(&app);
		return cli_fail(&err);
	}
	int version = 0;
	store_schema_version(app.store, &version, &err);
	fprintf(ctx->out, _("database %s is ready (schema version %d)\n"), ctx->db_url, version);
	app_close(&app);
	return CLI_OK;
}

const struct cli_command cmd_init = {
	.name = "init",
	.summary = N_("create the database, or upgrade it to the current schema"),
	.options = options,
	.max_args = 0,
	.run = run,
};
