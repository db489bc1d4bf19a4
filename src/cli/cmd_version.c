/* guanxi version: prints the program version and the library versions it runs with. */
#include "cli/cli.h"

#include <sqlite3.h>

#include "guanxi/i18n.h"
#include "guanxi/version.h"

static int run_version(struct cli_ctx *ctx)
{
	fprintf(ctx->out, "guanxi %s (SQLite %s)\n", GUANXI_VERSION, sqlite3_libversion());
	return CLI_OK;
}

const struct cli_command cmd_version = {
	.name = "version",
	.summary = N_("show the version"),
	.max_args = 0,
	.run = run_version,
};
