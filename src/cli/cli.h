/* The command-line framework: each command is one file with a declarative entry (name,
 * options, usage, run), listed in cli/commands.c. Options are parsed here once, so every
 * command gets --help, --db, --lang and --format the same way. Exit codes: 0 success,
 * 1 failure (bad data, not found, refused), 2 usage error. */
#ifndef GX_CLI_H
#define GX_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"

enum cli_exit { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

enum cli_format { CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_JSON };

struct cli_option {
	const char *name;       /* long name without "--" */
	const char *arg;        /* NULL for a flag, else the argument's name shown in --help */
	const char *help;       /* English msgid */
	const char *def;        /* default shown in --help, NULL if none */
};

struct cli_ctx;

struct cli_command {
	const char *name;       /* "init" or "customer add" */
	const char *summary;    /* English msgid */
	const char *usage;      /* positional arguments, e.g. "<entity> FILE" */
	const struct cli_option *options;   /* NULL-terminated by name, may be NULL */
	int min_args, max_args; /* positional argument count; max -1 for any */
	int (*run)(struct cli_ctx *ctx);
};

struct cli_ctx {
	const struct cli_command *cmd;
	int argc;               /* positional arguments */
	char **argv;
	struct gx_arena arena;  /* command-scoped memory */
	enum cli_format format;
	const char *db_url;     /* --db or GUANXI_DB, default guanxi.db */
	const char *user;       /* --user or GUANXI_USER: who acts (NULL: the system) */
	/* parsed option values, parallel to cmd->options (NULL if absent, "" for a set flag) */
	const char *values[64];
	FILE *out;
};

int cli_main(int argc, char **argv);

/* Value of option NAME, or NULL if not given. */
const char *cli_opt(const struct cli_ctx *ctx, const char *name);
int cli_flag(const struct cli_ctx *ctx, const char *name);
/* Option value or its declared default. */
const char *cli_opt_or_default(const struct cli_ctx *ctx, const char *name);

/* Prints "guanxi: <message>" to stderr and returns the exit status for err. */
int cli_fail(const struct gx_error *err);
/* Prints a usage error for the current command and returns CLI_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

extern const struct cli_command *const cli_commands[];

struct app;
struct record;
/* Opens the database of --db as --user; prints the error and returns non-zero on failure. */
int cli_app_open(struct cli_ctx *ctx, struct app *app, int create);
/* Sets fields of r from "field=value" arguments argv[first..]; prints errors. */
int cli_record_from_pairs(struct cli_ctx *ctx, struct app *app, struct record *r, int first);
/* Resolves a customer given by id or code. */
int cli_customer_arg(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id);

/* The body of the commands that act on one customer named by argv[0]: opens the app, resolves
 * the customer, calls fn and prints done_fmt (with the customer's id as a long long) on
 * success or the error on failure. */
typedef enum gx_err (*cli_customer_fn)(struct cli_ctx *ctx, struct app *app, int64_t id,
                                       struct gx_error *err);
int cli_customer_action(struct cli_ctx *ctx, cli_customer_fn fn, const char *done_fmt);

#endif
