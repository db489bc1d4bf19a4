/* What the sales commands (cli/cmd_lead.c, cmd_opportunity.c, …) share: resolving the record
 * named by an argument and running one app/ action on it, printing a line or the error. */
#ifndef GX_CLI_SALES_CLI_H
#define GX_CLI_SALES_CLI_H

#include "cli/cli.h"
#include "guanxi/sales.h"

typedef enum gx_err (*sales_cli_resolve_fn)(struct app *app, const char *text, int64_t *id,
                                            struct gx_error *err);
typedef enum gx_err (*sales_cli_action_fn)(struct cli_ctx *ctx, struct app *app, int64_t id,
                                           struct gx_error *err);

/* Opens the app, resolves argv[0] with resolve, runs fn and prints done_fmt (with argv[0] as
 * its %s) on success. */
int sales_cli_action(struct cli_ctx *ctx, sales_cli_resolve_fn resolve, sales_cli_action_fn fn,
                     const char *done_fmt);
/* Resolves a user given by username or id; 0 for NULL. */
int sales_cli_user(struct cli_ctx *ctx, struct app *app, const char *text, int64_t *id);
/* Money in yuan with two decimals. */
const char *sales_cli_yuan(struct cli_ctx *ctx, int64_t fen);
/* A quote line from ITEM:QUANTITY[:PRICE] (cli/cmd_quote.c): ITEM a product SKU or else a
 * description, PRICE in yuan defaulting to the product's. */
int sales_cli_quote_line(struct cli_ctx *ctx, struct app *app, const char *spec, struct record *l);

#endif
