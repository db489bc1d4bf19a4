/* The company's model settings (guanxi/settings.h) as the defaults of `guanxi analyze` when
 * it reads the database; an analysis of a file keeps MODELS.md's defaults, so a file gives
 * the same answer on every machine. Options given on the command line override either. */
#ifndef GX_CLI_ANALYZE_SETTINGS_H
#define GX_CLI_ANALYZE_SETTINGS_H

#include "cli/cli.h"
#include "guanxi/settings.h"

/* Fills m: from the database's settings when from_db, else MODELS.md's defaults. */
int ana_model_params(struct cli_ctx *ctx, int from_db, struct app_model_params *m);

#endif
