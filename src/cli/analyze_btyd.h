/* Input of the customer-base commands (`guanxi analyze rfm|bgnbd|paretonbd|gammagamma|bgbb|
 * btyd-clv`, MODELS.md M21–M22): one customer per entry, whatever the source — a transactions
 * file (customer, date, amount; column names from flags), a summary file (x, t_x, T[, zbar]),
 * BG/BB's (frequency, recency, periods, count) layout, or the database's sales net of refunds
 * (positive net amounts only, as app/analyze.c reads them). */
#ifndef GX_CLI_ANALYZE_BTYD_H
#define GX_CLI_ANALYZE_BTYD_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/txsummary.h"

enum bt_source { BT_SRC_TRANSACTIONS = 0, BT_SRC_SUMMARY, BT_SRC_BGBB, BT_SRC_DATABASE };

struct bt_customer {
	const char *key, *name;    /* customer code or id cell; name only from the database */
	double x, t_x, T;          /* in the chosen unit (BG/BB: opportunities) */
	double zbar;               /* mean repeat spend (yuan); NaN when unknown */
	double count;              /* customers with this history (1 but for grouped layouts) */
	bool has_tx;               /* RFM fields and holdout below are known */
	struct txs_customer tx;
};

struct bt_input {
	enum bt_source source;
	enum txs_unit unit;
	double unit_days;
	int32_t as_of;              /* first day not used (the option's meaning) */
	bool holdout;               /* --holdout-start given */
	double holdout_length;      /* in the unit */
	size_t n;
	struct bt_customer *c;
};

/* Options every such command takes (the data layout flags). */
#define BT_OPTS_INPUT \
	{"customer-col", "NAME", N_("transactions file: customer id column"), "customer"}, \
	{"date-col", "NAME", N_("transactions file: order date column"), "date"}, \
	{"amount-col", "NAME", N_("transactions file: amount column (yuan)"), "amount"}, \
	{"unit", "UNIT", N_("time unit of t_x, T and --horizon: days, weeks or months"), "weeks"}, \
	{"holdout-start", "DATE", N_("transactions/database: first day of the holdout period (calibration before it)"), NULL}, \
	ANA_OPT_AS_OF

/* Reads FILE (or the database without FILE) as described above; prints errors and returns the
 * exit status (CLI_OK on success). bgbb: the file must have the BG/BB layout or x, t_x, n. */
int bt_input_load(struct cli_ctx *ctx, bool bgbb, struct bt_input *in);

/* The distinct histories (x, t_x, T, count). */
struct btyd_obs *bt_input_obs(struct cli_ctx *ctx, const struct bt_input *in, size_t *n);

/* --top N / --all: how many per-customer rows to print (n when --all). */
int bt_opt_top(struct cli_ctx *ctx, size_t n, size_t *shown);

/* Indices 0..n−1 sorted by score descending, ties by key. */
size_t *bt_rank(struct cli_ctx *ctx, const struct bt_input *in, const double *score);

#define BT_OPTS_TOP \
	{"top", "N", N_("print the N first customers of the ranking"), "20"}, \
	{"all", NULL, N_("print every customer"), NULL}

#endif
