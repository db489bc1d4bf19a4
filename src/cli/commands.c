/* The table of every guanxi command, in the order `guanxi --help` lists them. Each entry is
 * defined in its own file cli/cmd_*.c. */
#include "cli/cli.h"

extern const struct cli_command cmd_version;

const struct cli_command *const cli_commands[] = {
	&cmd_version,
	0,
};
