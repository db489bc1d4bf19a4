/* Option parsing, help text and dispatch for the guanxi command line. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/collate.h"
#include "guanxi/i18n.h"
#include "guanxi/pinyin.h"

/* Options every command accepts; listed in each --help. */
static const struct cli_option global_options[] = {
	{"db", "URL", N_("database: a SQLite path, sqlite:PATH or postgres://… (env GUANXI_DB)"), "guanxi.db"},
	{"lang", "LANG", N_("message language: zh or en (env GUANXI_LANG, else the locale)"), NULL},
	{"format", "FMT", N_("output format: table, csv or json"), "table"},
	{"user", "NAME", N_("act as this user (env GUANXI_USER); default: the system"), NULL},
	{"help", NULL, N_("show this help"), NULL},
	{NULL, NULL, NULL, NULL},
};

static void print_options(FILE *f, const struct cli_option *opts)
{
	for (const struct cli_option *o = opts; o && o->name; o++) {
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-24s %s", left, _(o->help));
		if (o->def)
			fprintf(f, " (%s: %s)", _("default"), o->def);
		fputc('\n', f);
	}
}

static void print_command_help(FILE *f, const struct cli_command *c)
{
	fprintf(f, "%s: guanxi %s%s%s\n\n%s\n\n", _("Usage"), c->name, c->usage ? " " : "",
	        c->usage ? c->usage : "", _(c->summary));
	if (c->options && c->options->name) {
		fprintf(f, "%s:\n", _("Options"));
		print_options(f, c->options);
		fputc('\n', f);
	}
	fprintf(f, "%s:\n", _("Common options"));
	print_options(f, global_options);
}

static void print_main_help(FILE *f)
{
	fprintf(f, "%s\n\n%s: guanxi <%s> [%s]\n\n%s:\n", _("Guanxi CRM — customer relationship management"),
	        _("Usage"), _("command"), _("options"), _("Commands"));
	for (int i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-22s %s\n", cli_commands[i]->name, _(cli_commands[i]->summary));
	fprintf(f, "\n%s\n", _("Run `guanxi <command> --help` for the options of a command."));
}

const char *cli_opt(const struct cli_ctx *ctx, const char *name)
{
	const struct cli_option *o = ctx->cmd->options;
	for (int i = 0; o && o[i].name; i++)
		if (strcmp(o[i].name, name) == 0)
			return ctx->values[i];
	return NULL;
}

int cli_flag(const struct cli_ctx *ctx, const char *name)
{
	return cli_opt(ctx, name) != NULL;
}

const char *cli_opt_or_default(const struct cli_ctx *ctx, const char *name)
{
	const struct cli_option *o = ctx->cmd->options;
	for (int i = 0; o && o[i].name; i++)
		if (strcmp(o[i].name, name) == 0)
			return ctx->values[i] ? ctx->values[i] : o[i].def;
	return NULL;
}

int cli_fail(const struct gx_error *err)
{
	fprintf(stderr, "guanxi: %s\n", err->message[0] ? err->message : gx_err_code_name(err->code));
	return err->code == GX_OK ? CLI_OK : CLI_FAIL;
}

int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("guanxi: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s `guanxi %s --help`\n", _("See"), ctx->cmd ? ctx->cmd->name : "");
	return CLI_USAGE;
}

static const struct cli_command *find_command(int argc, char **argv, int *words)
{
	/* Two-word commands ("customer add") first, then one-word ones. */
	if (argc >= 3) {
		char both[128];
		snprintf(both, sizeof both, "%s %s", argv[1], argv[2]);
		for (int i = 0; cli_commands[i]; i++)
			if (strcmp(cli_commands[i]->name, both) == 0) {
				*words = 2;
				return cli_commands[i];
			}
	}
	for (int i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, argv[1]) == 0) {
			*words = 1;
			return cli_commands[i];
		}
	return NULL;
}

/* Lists the subcommands of a command group ("customer") when only the group is named. */
static int print_group_help(FILE *f, const char *group)
{
	size_t n = strlen(group);
	int found = 0;
	for (int i = 0; cli_commands[i]; i++) {
		const char *name = cli_commands[i]->name;
		if (strncmp(name, group, n) == 0 && name[n] == ' ') {
			if (!found)
				fprintf(f, "%s: guanxi %s <%s>\n\n", _("Usage"), group, _("subcommand"));
			fprintf(f, "  %-22s %s\n", name, _(cli_commands[i]->summary));
			found = 1;
		}
	}
	return found;
}

/* Matches "--name" or "--name=value" against a list; returns the index or -1. */
static int match_option(const struct cli_option *opts, const char *arg, const char **inline_value)
{
	const char *name = arg + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	for (int i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) {
			*inline_value = eq ? eq + 1 : NULL;
			return i;
		}
	return -1;
}

int cli_main(int argc, char **argv)
{
	/* Language first, so that even usage errors come in the user's language. */
	enum gx_lang lang = gx_lang_from_env();
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			v = argv[i + 1];
		if (v && gx_lang_parse(v) >= 0)
			lang = (enum gx_lang)gx_lang_parse(v);
	}
	gx_i18n_set_lang(lang);

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		print_main_help(stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	int words = 0;
	const struct cli_command *cmd = find_command(argc, argv, &words);
	if (!cmd) {
		if (print_group_help(stderr, argv[1]))
			return CLI_USAGE;
		fprintf(stderr, "guanxi: %s: %s\n", _("unknown command"), argv[1]);
		print_main_help(stderr);
		return CLI_USAGE;
	}

	struct cli_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.cmd = cmd;
	ctx.out = stdout;
	ctx.argv = gx_xcalloc((size_t)argc, sizeof(char *));
	gx_arena_init(&ctx.arena, 0);
	const char *format = "table";
	ctx.db_url = getenv("GUANXI_DB") && *getenv("GUANXI_DB") ? getenv("GUANXI_DB") : "guanxi.db";
	ctx.user = getenv("GUANXI_USER") && *getenv("GUANXI_USER") ? getenv("GUANXI_USER") : NULL;
	int status = CLI_OK;
	int options_done = 0;

	for (int i = 1 + words; i < argc; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || a[1] != '-' || a[2] == '\0') {
			if (!options_done && strcmp(a, "--") == 0) {
				options_done = 1;
				continue;
			}
			ctx.argv[ctx.argc++] = argv[i];
			continue;
		}
		const char *inline_value = NULL;
		int gi = match_option(global_options, a, &inline_value);
		int ci = gi < 0 ? match_option(cmd->options, a, &inline_value) : -1;
		if (gi < 0 && ci < 0) {
			status = cli_usage_error(&ctx, "%s: %s", _("unknown option"), a);
			goto done;
		}
		const struct cli_option *o = gi >= 0 ? &global_options[gi] : &cmd->options[ci];
		const char *value = "";
		if (o->arg) {
			if (inline_value)
				value = inline_value;
			else if (i + 1 < argc)
				value = argv[++i];
			else {
				status = cli_usage_error(&ctx, "%s --%s %s", _("missing value for"), o->name, o->arg);
				goto done;
			}
		} else if (inline_value) {
			status = cli_usage_error(&ctx, "%s: --%s", _("option takes no value"), o->name);
			goto done;
		}
		if (gi >= 0) {
			if (strcmp(o->name, "help") == 0) {
				print_command_help(stdout, cmd);
				goto done;
			} else if (strcmp(o->name, "db") == 0) {
				ctx.db_url = value;
			} else if (strcmp(o->name, "user") == 0) {
				ctx.user = value;
			} else if (strcmp(o->name, "format") == 0) {
				format = value;
			} else if (strcmp(o->name, "lang") == 0 && gx_lang_parse(value) < 0) {
				status = cli_usage_error(&ctx, "%s: %s", _("unknown language (use zh or en)"), value);
				goto done;
			}
		} else {
			if (ci >= (int)(sizeof ctx.values / sizeof *ctx.values)) {
				status = cli_usage_error(&ctx, "too many options");
				goto done;
			}
			ctx.values[ci] = value;
		}
	}
	if (strcmp(format, "table") == 0)
		ctx.format = CLI_FORMAT_TABLE;
	else if (strcmp(format, "csv") == 0)
		ctx.format = CLI_FORMAT_CSV;
	else if (strcmp(format, "json") == 0)
		ctx.format = CLI_FORMAT_JSON;
	else {
		status = cli_usage_error(&ctx, "%s: %s", _("unknown format (use table, csv or json)"), format);
		goto done;
	}
	if (ctx.argc < cmd->min_args || (cmd->max_args >= 0 && ctx.argc > cmd->max_args)) {
		status = cli_usage_error(&ctx, "%s", _("wrong number of arguments"));
		goto done;
	}
	status = cmd->run(&ctx);
done:
	gx_arena_free(&ctx.arena);
	free(ctx.argv);
	/* The main thread's ICU objects are not freed by thread-exit destructors. */
	pinyin_thread_cleanup();
	gx_collation_thread_cleanup();
	return status;
}
