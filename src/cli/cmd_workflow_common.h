/* Small helpers shared by the workflow commands (cmd_task.c, cmd_approval.c, …). */
#ifndef GX_CLI_CMD_WORKFLOW_COMMON_H
#define GX_CLI_CMD_WORKFLOW_COMMON_H

#include <stdint.h>

#include "cli/cli.h"
#include "cli/service_common.h"   /* cli_user_arg */

/* A positive record id from argument text; prints a usage error and returns CLI_USAGE when it
 * is not one. */
int cli_id_arg(struct cli_ctx *ctx, const char *arg, const char *what, int64_t *id);

#endif
