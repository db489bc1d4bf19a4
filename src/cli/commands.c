/* The table of every guanxi command, in the order `guanxi --help` lists them. Each entry is
 * defined in its own file cli/cmd_*.c. */
#include "cli/cli.h"

extern const struct cli_command cmd_demo;
extern const struct cli_command cmd_init, cmd_version, cmd_search, cmd_purge, cmd_import, cmd_export;
extern const struct cli_command cmd_customer_add, cmd_customer_list, cmd_customer_show,
	cmd_customer_update, cmd_customer_delete, cmd_customer_restore, cmd_customer_purge,
	cmd_customer_merge, cmd_customer_claim, cmd_customer_release, cmd_customer_assign,
	cmd_pool_recycle;
extern const struct cli_command cmd_interaction_add, cmd_interaction_list;
extern const struct cli_command cmd_setting_set, cmd_setting_list;
extern const struct cli_command cmd_user_add, cmd_user_list, cmd_department_add,
	cmd_department_list, cmd_team_add;

const struct cli_command *const cli_commands[] = {
	&cmd_init,
	&cmd_demo,
	&cmd_customer_add,
	&cmd_customer_list,
	&cmd_customer_show,
	&cmd_customer_update,
	&cmd_customer_delete,
	&cmd_customer_restore,
	&cmd_customer_purge,
	&cmd_customer_merge,
	&cmd_customer_claim,
	&cmd_customer_release,
	&cmd_customer_assign,
	&cmd_pool_recycle,
	&cmd_interaction_add,
	&cmd_interaction_list,
	&cmd_import,
	&cmd_export,
	&cmd_search,
	&cmd_purge,
	&cmd_user_add,
	&cmd_user_list,
	&cmd_department_add,
	&cmd_department_list,
	&cmd_team_add,
	&cmd_setting_set,
	&cmd_setting_list,
	&cmd_version,
	0,
};
