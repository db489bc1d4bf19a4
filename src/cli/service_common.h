/* What the service commands share: naming a ticket, snippet or user by code or id. Each prints
 * the error and returns the exit status on failure. */
#ifndef GX_CLI_SERVICE_COMMON_H
#define GX_CLI_SERVICE_COMMON_H

#include <stdint.h>

#include "cli/cli.h"
#include "guanxi/app.h"

int cli_ticket_arg(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);
int cli_kb_arg(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);
int cli_user_arg(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);

#endif
