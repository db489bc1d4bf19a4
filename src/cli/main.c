/* guanxi: the command-line entry point. Dispatches to the command table in cli/commands.c. */
#include <gsl/gsl_errno.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	/* GSL's default error handler aborts the whole process; the models check GSL's return
	 * codes and report errors themselves. */
	gsl_set_error_handler_off();
	return cli_main(argc, argv);
}
