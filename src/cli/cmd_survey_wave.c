/* guanxi survey wave | waves | close | invite | fill: survey rounds on the command line. A wave
 * opens and closes on dates (or --next takes the date the survey's 6- or 12-monthly schedule
 * gives); invitations print each respondent's single-use link once; fill submits a response
 * from a JSON file, through a token as the public page does, or straight into a wave. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_survey.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/survey.h"

int survey_cli_wave(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_survey_wave_resolve(app, arg, id, &err) != GX_OK)
		return cli_fail(&err);
	return CLI_OK;
}

static int run_wave(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	const char *opens = cli_opt(ctx, "opens");
	char next[11];
	long seed = 0;
	if (cli_opt(ctx, "seed")) {
		char *end;
		seed = strtol(cli_opt(ctx, "seed"), &end, 10);
		if (*end || seed < 1 || seed > 2147483647L)
			rc = cli_usage_error(ctx, "--seed %s: %s", cli_opt(ctx, "seed"), _("a whole number 1–2147483647"));
	}
	if (!rc && (rc = survey_cli_resolve(ctx, &app, ctx->argv[0], &id)) == CLI_OK && cli_flag(ctx, "next")) {
		if (opens)
			rc = cli_usage_error(ctx, "%s", _("--next and --opens exclude each other"));
		else if (app_survey_next_wave_date(&app, id, next, &err) != GX_OK)
			rc = cli_fail(&err);
		opens = next;
	}
	struct survey_wave w;
	if (!rc && app_survey_wave_create(&app, id, cli_opt(ctx, "code"), cli_opt(ctx, "name"), opens,
	                                  cli_opt(ctx, "closes"), seed, &w, &ctx->arena, &err) != GX_OK)
		rc = cli_fail(&err);
	else if (!rc)
		fprintf(ctx->out, _("wave %s created (id %lld): open %s to %s\n"), w.code, (long long)w.id, w.opens_on,
		        w.closes_on);
	app_close(&app);
	return rc;
}

static int run_waves(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	struct survey_wave *rows = NULL;
	size_t n = 0;
	char today[11];
	app_survey_today(&app, today);
	if ((rc = survey_cli_resolve(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    app_survey_wave_list(&app, id, &ctx->arena, &rows, &n, &err) != GX_OK)
		rc = cli_fail(&err);
	char next[11] = "";
	struct gx_error ignore;
	if (!rc && app_survey_next_wave_date(&app, id, next, &ignore) != GX_OK)
		next[0] = 0;
	app_close(&app);
	if (rc)
		return rc;
	static const char *const heads[] = {"id", "code", "name", "opens_on", "closes_on", "state", "invited", "responses"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 8, heads);
	struct gx_arena *a = &ctx->arena;
	for (size_t i = 0; i < n; i++) {
		const char *cells[] = {gx_arena_printf(a, "%lld", (long long)rows[i].id), rows[i].code,
		                       rows[i].name ? rows[i].name : "", rows[i].opens_on, rows[i].closes_on,
		                       survey_wave_state(&rows[i], today), gx_arena_printf(a, "%lld", (long long)rows[i].invited),
		                       gx_arena_printf(a, "%lld", (long long)rows[i].responses)};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	if (next[0] && ctx->format == CLI_FORMAT_TABLE)
		fprintf(ctx->out, _("next wave by the schedule: %s\n"), next);
	return CLI_OK;
}

static int run_close(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = survey_cli_wave(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		if (app_survey_wave_close(&app, id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("wave %s closed\n"), ctx->argv[0]);
	}
	app_close(&app);
	return rc;
}

static int run_invite(struct cli_ctx *ctx)
{
	const char *custs = cli_opt(ctx, "customers"), *count = cli_opt(ctx, "count");
	if (!custs == !count)
		return cli_usage_error(ctx, "%s", _("give either --customers CODE,CODE… or --count N"));
	long n = 0;
	if (count) {
		char *end;
		n = strtol(count, &end, 10);
		if (*end || n < 1 || n > 10000)
			return cli_usage_error(ctx, "--count %s: %s", count, _("1–10000"));
	}
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t wave;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t *ids = NULL;
	if ((rc = survey_cli_wave(ctx, &app, ctx->argv[0], &wave)) == CLI_OK && custs) {
		char *copy = gx_arena_strdup(&ctx->arena, custs), *save = NULL;
		ids = gx_arena_calloc(&ctx->arena, strlen(custs) / 2 + 2, sizeof *ids);
		for (char *c = strtok_r(copy, ",", &save); c && !rc; c = strtok_r(NULL, ",", &save))
			if (app_customer_resolve(&app, c, &ids[n++], &err) != GX_OK)
				rc = cli_fail(&err);
	}
	struct survey_invitation *inv = NULL;
	if (!rc && app_survey_invite(&app, wave, ids, (size_t)n, &ctx->arena, &inv, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	if (rc)
		return rc;
	const char *base = cli_opt_or_default(ctx, "base-url");
	if (ctx->format == CLI_FORMAT_TABLE) {   /* whole links, never shortened to fit a column */
		for (long i = 0; i < n; i++)
			fprintf(ctx->out, "%s%s%s/survey.html#%s\n", inv[i].customer_code ? inv[i].customer_code : "",
			        inv[i].customer_code ? "  " : "", base, inv[i].token);
		fprintf(stderr, "%s\n", _("each link works once; the tokens are not stored and cannot be shown again"));
		return CLI_OK;
	}
	static const char *const heads[] = {"customer", "token", "link"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 3, heads);
	for (long i = 0; i < n; i++) {
		const char *cells[] = {inv[i].customer_code ? inv[i].customer_code : "", inv[i].token,
		                       gx_arena_printf(&ctx->arena, "%s/survey.html#%s", base, inv[i].token)};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	return CLI_OK;
}

static int run_fill(struct cli_ctx *ctx)
{
	const char *token = cli_opt(ctx, "token"), *wave_arg = cli_opt(ctx, "wave");
	if (!token == !wave_arg)
		return cli_usage_error(ctx, "%s", _("give either --token TOKEN or --wave WAVE"));
	if (token && cli_opt(ctx, "customer"))
		return cli_usage_error(ctx, "%s", _("--customer goes with --wave (a token names its customer)"));
	struct gx_error err;
	gx_error_clear(&err);
	const char *answers = survey_cli_read_file(ctx, ctx->argv[0], &err);
	if (!answers)
		return cli_fail(&err);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t rid = 0, wave = 0, cust = 0;
	if (token) {
		if (app_survey_submit(&app, token, answers, &rid, &err) != GX_OK)
			rc = cli_fail(&err);
	} else if ((rc = survey_cli_wave(ctx, &app, wave_arg, &wave)) == CLI_OK &&
	           (!cli_opt(ctx, "customer") || (rc = cli_customer_arg(ctx, &app, cli_opt(ctx, "customer"), &cust)) == CLI_OK) &&
	           app_survey_submit_direct(&app, wave, cust, answers, 0, &rid, &err) != GX_OK) {
		rc = cli_fail(&err);
	}
	if (!rc)
		fprintf(ctx->out, _("response %lld recorded\n"), (long long)rid);
	app_close(&app);
	return rc;
}

static const struct cli_option wave_opts[] = {
	{"code", "CODE", N_("the wave's code"), "SURVEY-Wn"},
	{"name", "TEXT", N_("a name, e.g. 2026 H1"), NULL},
	{"opens", "DATE", N_("first day answers are accepted (YYYY-MM-DD)"), "today"},
	{"closes", "DATE", N_("last day answers are accepted"), "30 days after opening"},
	{"next", NULL, N_("open on the date the survey's schedule gives (last wave + 6 or 12 months)"), NULL},
	{"seed", "N", N_("seed of the SERVQUAL item order"), "random"},
	{NULL, NULL, NULL, NULL},
};
static const struct cli_option invite_opts[] = {
	{"customers", "CODES", N_("invite these customers (codes or ids, comma-separated)"), NULL},
	{"count", "N", N_("make N anonymous invitation links"), NULL},
	{"base-url", "URL", N_("the server's public address for the links"), "http://127.0.0.1:8080"},
	{NULL, NULL, NULL, NULL},
};
static const struct cli_option fill_opts[] = {
	{"token", "TOKEN", N_("answer through an invitation token (single use)"), NULL},
	{"wave", "WAVE", N_("answer straight into an open wave (paper forms, imports)"), NULL},
	{"customer", "CODE", N_("with --wave: the customer who answered"), NULL},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_survey_wave = {
	.name = "survey wave", .summary = N_("open a new wave (round) of a survey"), .usage = "SURVEY",
	.options = wave_opts, .min_args = 1, .max_args = 1, .run = run_wave,
};
const struct cli_command cmd_survey_waves = {
	.name = "survey waves", .summary = N_("list a survey's waves and the next scheduled date"), .usage = "SURVEY",
	.min_args = 1, .max_args = 1, .run = run_waves,
};
const struct cli_command cmd_survey_close = {
	.name = "survey close", .summary = N_("close a wave now"), .usage = "WAVE", .min_args = 1, .max_args = 1,
	.run = run_close,
};
const struct cli_command cmd_survey_invite = {
	.name = "survey invite", .summary = N_("make single-use invitation links for a wave"), .usage = "WAVE",
	.options = invite_opts, .min_args = 1, .max_args = 1, .run = run_invite,
};
const struct cli_command cmd_survey_fill = {
	.name = "survey fill", .summary = N_("submit one response from a JSON file of answers"),
	.usage = "FILE (--token TOKEN | --wave WAVE)", .options = fill_opts, .min_args = 1, .max_args = 1,
	.run = run_fill,
};
