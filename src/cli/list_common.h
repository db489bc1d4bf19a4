/* The shared body of every `… list` command: --filter, --sort, --desc, --limit, --cursor,
 * --deleted, --columns, --count, with a page of records printed and the next cursor on stderr. */
#ifndef GX_CLI_LIST_COMMON_H
#define GX_CLI_LIST_COMMON_H

#include "cli/cli.h"
#include "guanxi/app.h"
#include "guanxi/filter.h"

#define CLI_LIST_OPTIONS                                                                       \
	{"filter", "EXPR", N_("filter expression, e.g. \"city eq '上海' and key_account eq true\""), NULL}, \
	{"sort", "FIELD", N_("sort by this field"), "id"},                                         \
	{"desc", NULL, N_("sort in descending order"), NULL},                                      \
	{"limit", "N", N_("rows per page (1–1000)"), "50"},                                        \
	{"cursor", "C", N_("continue after the page that printed this cursor"), NULL},             \
	{"deleted", NULL, N_("list the recycle bin instead"), NULL},                               \
	{"columns", "LIST", N_("comma-separated fields to show"), NULL},                           \
	{"count", NULL, N_("print only the number of matching rows"), NULL}

/* Runs the list; `extra` is ANDed to the user's filter (may be NULL). */
int cli_run_list(struct cli_ctx *ctx, struct app *app, const struct entity_def *def,
                 struct filter_node *extra, const char *default_columns);

#endif
