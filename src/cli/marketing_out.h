/* Key/value output for the marketing and loyalty commands (figures of a campaign, a points
 * balance): "label: value" lines for people, key,value CSV, or one JSON object whose money
 * keys end in _fen and hold integer fen. */
#ifndef GX_CLI_MARKETING_OUT_H
#define GX_CLI_MARKETING_OUT_H

#include <jansson.h>
#include <stdint.h>

#include "cli/cli.h"
#include "guanxi/app.h"
#include "guanxi/entity.h"
#include "guanxi/error.h"

struct kv_out {
	struct cli_ctx *ctx;
	json_t *obj;
};

void kv_begin(struct kv_out *k, struct cli_ctx *ctx);
void kv_str(struct kv_out *k, const char *key, const char *label, const char *v);
void kv_int(struct kv_out *k, const char *key, const char *label, int64_t v);
void kv_fen(struct kv_out *k, const char *key, const char *label, int64_t fen);
/* NaN prints as empty (null in JSON). */
void kv_real(struct kv_out *k, const char *key, const char *label, double v, int decimals);
void kv_end(struct kv_out *k);

/* argv[i] as an id of def by code or id; prints the error and returns CLI_FAIL when unknown. */
int cli_marketing_arg(struct cli_ctx *ctx, struct app *app, const struct entity_def *def,
                      const char *arg, int64_t *id);
/* A whole number argument (may be negative when allow_negative); usage error naming what. */
int cli_int_arg(struct cli_ctx *ctx, const char *arg, const char *what, int allow_negative, int64_t *out);

struct loyalty_status;
/* A customer's standing in one club as key/value output (cmd_points.c). */
void cli_print_loyalty_status(struct cli_ctx *ctx, const struct loyalty_status *st);
/* One line per club the customer is a member of: tier, balance, frequency reward (for
 * `customer show`). */
void cli_show_customer_loyalty(struct cli_ctx *ctx, struct app *app, int64_t customer_id);

#endif
