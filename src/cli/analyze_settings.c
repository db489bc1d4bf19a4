/* See cli/analyze_settings.h: one read of the settings before an analysis of the database. */
#include "cli/analyze_settings.h"

int ana_model_params(struct cli_ctx *ctx, int from_db, struct app_model_params *m)
{
	app_model_params_default(m);
	if (!from_db)
		return CLI_OK;
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_model_params_load(&app, m, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}
