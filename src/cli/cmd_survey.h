/* Shared by the survey commands (cli/cmd_survey*.c). */
#ifndef GX_CLI_CMD_SURVEY_H
#define GX_CLI_CMD_SURVEY_H

#include <stdint.h>

#include "cli/cli.h"
#include "guanxi/app.h"

/* A whole file (or stdin for "-") as NUL-terminated text in the command's arena; NULL with err
 * set when it cannot be read. */
char *survey_cli_read_file(struct cli_ctx *ctx, const char *path, struct gx_error *err);
/* A survey or a wave named by code or id; prints the error and returns non-zero when unknown. */
int survey_cli_resolve(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);
int survey_cli_wave(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);

#endif
