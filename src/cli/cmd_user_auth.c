/* guanxi user passwd | token | disable: credentials of users. The password is read from
 * standard input (echo off on a terminal), never from the command line where ps would show it;
 * a token is printed once and only its digest is kept. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "guanxi/access.h"
#include "guanxi/auth.h"
#include "guanxi/i18n.h"

static int read_password(char *buf, size_t size)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, noecho;
	if (tty) {
		fprintf(stderr, "%s", _("New password: "));
		tcgetattr(STDIN_FILENO, &old);
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
	}
	int ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return 0;
	buf[strcspn(buf, "\r\n")] = 0;
	return 1;
}

static int run_passwd(struct cli_ctx *ctx)
{
	char pw[AUTH_PASSWORD_MAX + 2];
	if (!read_password(pw, sizeof pw)) {
		fprintf(stderr, "guanxi: %s\n", _("no password on standard input"));
		return CLI_FAIL;
	}
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_auth_set_password(&app, ctx->argv[0], pw, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("password set for %s\n"), ctx->argv[0]);
		app_close(&app);
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

static int run_token(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	char token[AUTH_TOKEN_SIZE];
	if (app_auth_token_create(&app, ctx->argv[0], cli_opt(ctx, "name"), token, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		fprintf(ctx->out, "%s\n", token);
		fprintf(stderr, "%s\n", _("keep this token safe: it is shown only once"));
	}
	app_close(&app);
	return rc;
}

/* The customers of a disabled user go to --successor, or back to the public pool. */
static int run_disable(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	const char *successor = cli_opt(ctx, "successor");
	int64_t moved = 0;
	if (app_user_disable_handover(&app, ctx->argv[0], successor, &moved, &err) != GX_OK)
		rc = cli_fail(&err);
	else if (successor)
		fprintf(ctx->out, _("user %s disabled; sessions ended and API tokens revoked; %lld customers handed to %s\n"),
		        ctx->argv[0], (long long)moved, successor);
	else
		fprintf(ctx->out, _("user %s disabled; sessions ended and API tokens revoked; %lld customers returned to the public pool\n"),
		        ctx->argv[0], (long long)moved);
	app_close(&app);
	return rc;
}

static const struct cli_option disable_options[] = {
	{"successor", "NAME", N_("hand the user's customers to this user (default: the public pool)"), NULL},
	{0},
};

static const struct cli_option token_options[] = {
	{"name", "NAME", N_("what the token is for, e.g. \"nightly export\""), NULL},
	{0},
};

const struct cli_command cmd_user_passwd = {
	.name = "user passwd", .summary = N_("set a user's password (read from standard input)"),
	.usage = "USERNAME", .min_args = 1, .max_args = 1, .run = run_passwd,
};
const struct cli_command cmd_user_token = {
	.name = "user token", .summary = N_("create a personal API token for a user (printed once)"),
	.usage = "USERNAME", .options = token_options, .min_args = 1, .max_args = 1, .run = run_token,
};
const struct cli_command cmd_user_disable = {
	.name = "user disable",
	.summary = N_("disable a user: no login, sessions ended, tokens revoked, customers handed on"),
	.usage = "USERNAME", .options = disable_options, .min_args = 1, .max_args = 1, .run = run_disable,
};
