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
extern const struct cli_command cmd_contact_add, cmd_contact_list, cmd_customer_link,
	cmd_customer_unlink;
extern const struct cli_command cmd_setting_set, cmd_setting_list;
/* guanxi analyze <model>: one file per model family, cli/cmd_analyze_*.c. */
extern const struct cli_command cmd_analyze_satisfaction, cmd_analyze_gap, cmd_analyze_ipa,
	cmd_analyze_kano, cmd_analyze_servqual, cmd_analyze_pls, cmd_analyze_pdca,
	cmd_analyze_value, cmd_analyze_pareto,
	cmd_analyze_clv, cmd_analyze_retention,
	cmd_analyze_loyalty, cmd_analyze_lifecycle, cmd_analyze_relationship,
	cmd_analyze_credit, cmd_analyze_rfm, cmd_analyze_bgnbd, cmd_analyze_paretonbd,
	cmd_analyze_gammagamma, cmd_analyze_bgbb, cmd_analyze_btyd_clv, cmd_analyze_assoc,
	cmd_analyze_forecast, cmd_score;
extern const struct cli_command cmd_user_add, cmd_user_list, cmd_department_add,
	cmd_department_list, cmd_team_add;
extern const struct cli_command cmd_serve, cmd_user_passwd, cmd_user_token, cmd_user_disable;
/* access control */
extern const struct cli_command cmd_permission_list, cmd_permission_set, cmd_permission_scope,
	cmd_permission_routes;
extern const struct cli_command cmd_db_copy, cmd_db_checksum, cmd_backup, cmd_restore;

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
	&cmd_customer_link,
	&cmd_customer_unlink,
	&cmd_pool_recycle,
	&cmd_contact_add,
	&cmd_contact_list,
	&cmd_interaction_add,
	&cmd_interaction_list,
	&cmd_import,
	&cmd_export,
	&cmd_search,
	&cmd_analyze_satisfaction,
	&cmd_analyze_gap,
	&cmd_analyze_ipa,
	&cmd_analyze_kano,
	&cmd_analyze_servqual,
	&cmd_analyze_pls,
	&cmd_analyze_pdca,
	&cmd_analyze_value,
	&cmd_analyze_pareto,
	&cmd_analyze_clv,
	&cmd_analyze_retention,
	&cmd_analyze_loyalty,
	&cmd_analyze_lifecycle,
	&cmd_analyze_relationship,
	&cmd_analyze_credit,
	&cmd_analyze_rfm,
	&cmd_analyze_bgnbd,
	&cmd_analyze_paretonbd,
	&cmd_analyze_gammagamma,
	&cmd_analyze_bgbb,
	&cmd_analyze_btyd_clv,
	&cmd_analyze_assoc,
	&cmd_analyze_forecast,
	&cmd_score,
	&cmd_purge,
	&cmd_user_add,
	&cmd_user_list,
	&cmd_user_passwd,
	&cmd_user_token,
	&cmd_user_disable,
	&cmd_permission_list,
	&cmd_permission_set,
	&cmd_permission_scope,
	&cmd_permission_routes,
	&cmd_department_add,
	&cmd_department_list,
	&cmd_team_add,
	&cmd_serve,
	&cmd_backup,
	&cmd_restore,
	&cmd_db_copy,
	&cmd_db_checksum,
	&cmd_setting_set,
	&cmd_setting_list,
	&cmd_version,
	0,
};
