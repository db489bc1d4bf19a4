/* guanxi survey create | list | show | templates | section | question: the questionnaire
 * designer on the command line. A survey is made from a shipped template or a JSON file (the
 * layout of `survey show --format json`), then sections and questions can be added until the
 * first response arrives. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_survey.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/survey.h"

char *survey_cli_read_file(struct cli_ctx *ctx, const char *path, struct gx_error *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp) {
		gx_error_set(err, GX_EIO, "file", _("%s: cannot open: %s"), path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = gx_arena_alloc(&ctx->arena, cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= (size_t)16 << 20) {
				gx_error_set(err, GX_ETOOLARGE, "file", _("%s: larger than 16 MiB"), path);
				buf = NULL;
				break;
			}
			char *nb = gx_arena_alloc(&ctx->arena, cap * 2);
			memcpy(nb, buf, n);
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (buf)
		buf[n] = 0;
	if (fp != stdin)
		fclose(fp);
	return buf;
}

int survey_cli_resolve(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_survey_resolve(app, arg, id, &err) != GX_OK)
		return cli_fail(&err);
	return CLI_OK;
}

static int run_create(struct cli_ctx *ctx)
{
	const char *tpl = cli_opt(ctx, "template"), *file = cli_opt(ctx, "file");
	if (!tpl == !file)
		return cli_usage_error(ctx, "%s", _("give either --template NAME or --file FILE.json"));
	struct gx_error err;
	gx_error_clear(&err);
	struct survey_def def;
	enum gx_lang lang = gx_i18n_lang();
	const char *l = cli_opt(ctx, "template-lang");
	if (l) {
		int pl = gx_lang_parse(l);
		if (pl < 0)
			return cli_usage_error(ctx, "--template-lang %s: %s", l, _("use zh or en"));
		lang = (enum gx_lang)pl;
	}
	if (tpl) {
		if (survey_template_build(tpl, lang, &ctx->arena, &def, &err) != GX_OK)
			return cli_fail(&err);
	} else {
		const char *text = survey_cli_read_file(ctx, file, &err);
		if (!text || survey_def_from_json(text, &ctx->arena, &def, &err) != GX_OK)
			return cli_fail(&err);
	}
	def.code = ctx->argv[0];
	if (cli_opt(ctx, "title"))
		def.title = cli_opt(ctx, "title");
	if (cli_flag(ctx, "anonymous"))
		def.anonymous = 1;
	if (cli_opt(ctx, "schedule")) {
		char *end;
		long m = strtol(cli_opt(ctx, "schedule"), &end, 10);
		if (*end || (m != 0 && m != 6 && m != 12))
			return cli_usage_error(ctx, "--schedule %s: %s", cli_opt(ctx, "schedule"), _("use 0, 6 or 12 (months)"));
		def.schedule_months = (int)m;
	}
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	if (app_survey_create(&app, &def, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("survey %s created (id %lld, %zu questions)\n"), def.code, (long long)def.id, def.nquestions);
	app_close(&app);
	return rc;
}

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct survey_summary *rows;
	size_t n;
	if (app_survey_list(&app, &ctx->arena, &rows, &n, &err) != GX_OK) {
		app_close(&app);
		return cli_fail(&err);
	}
	static const char *const heads[] = {"id", "code", "title", "template", "anonymous", "schedule_months",
	                                    "questions", "waves", "responses"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 9, heads);
	struct gx_arena *a = &ctx->arena;
	for (size_t i = 0; i < n; i++) {
		const char *cells[] = {gx_arena_printf(a, "%lld", (long long)rows[i].id), rows[i].code, rows[i].title,
		                       rows[i].template_name ? rows[i].template_name : "", rows[i].anonymous ? "yes" : "no",
		                       gx_arena_printf(a, "%d", rows[i].schedule_months),
		                       gx_arena_printf(a, "%lld", (long long)rows[i].questions),
		                       gx_arena_printf(a, "%lld", (long long)rows[i].waves),
		                       gx_arena_printf(a, "%lld", (long long)rows[i].responses)};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	app_close(&app);
	return CLI_OK;
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct survey_def def;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = survey_cli_resolve(ctx, &app, ctx->argv[0], &id)) == CLI_OK &&
	    app_survey_load(&app, id, &ctx->arena, &def, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	if (rc)
		return rc;
	if (ctx->format == CLI_FORMAT_JSON) {
		fprintf(ctx->out, "%s\n", survey_def_to_json(&def, &ctx->arena));
		return CLI_OK;
	}
	fprintf(ctx->out, "%s  %s\n", def.code, def.title);
	static const char *const heads[] = {"#", "section", "code", "type", "required", "scale", "item", "block", "text"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 9, heads);
	struct gx_arena *a = &ctx->arena;
	for (size_t i = 0; i < def.nquestions; i++) {
		const struct survey_question *q = &def.questions[i];
		const char *cells[] = {gx_arena_printf(a, "%zu", i + 1), def.sections[q->section].title, q->code,
		                       survey_qtype_name(q->type), q->required ? "yes" : "no",
		                       q->scale_min || q->scale_max ? gx_arena_printf(a, "%d–%d", q->scale_min, q->scale_max) : "",
		                       q->item ? gx_arena_printf(a, "%d", q->item) : "", q->block ? q->block : "", q->text};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	return CLI_OK;
}

static int run_templates(struct cli_ctx *ctx)
{
	static const char *const heads[] = {"template", "title", "questions"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 3, heads);
	for (int i = 0; survey_template_names[i]; i++) {
		struct survey_def def;
		struct gx_error err;
		if (survey_template_build(survey_template_names[i], gx_i18n_lang(), &ctx->arena, &def, &err) != GX_OK)
			return cli_fail(&err);
		const char *cells[] = {survey_template_names[i], def.title, gx_arena_printf(&ctx->arena, "%zu", def.nquestions)};
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	return CLI_OK;
}

static int run_section(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id, sec = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = survey_cli_resolve(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		if (app_survey_section_add(&app, id, ctx->argv[1], cli_flag(ctx, "demographic"), &sec, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("section added (id %lld)\n"), (long long)sec);
	}
	app_close(&app);
	return rc;
}

/* "a=Label;b=Label" */
static int parse_options(struct cli_ctx *ctx, const char *spec, struct survey_question *q)
{
	char *copy = gx_arena_strdup(&ctx->arena, spec), *save = NULL;
	size_t cap = strlen(spec) / 2 + 2;
	q->options = gx_arena_calloc(&ctx->arena, cap, sizeof *q->options);
	for (char *o = strtok_r(copy, ";", &save); o; o = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(o, '=');
		if (!eq)
			return cli_usage_error(ctx, "--options \"%s\": %s", o, _("expected key=label;key=label…"));
		*eq = 0;
		q->options[q->noptions].key = o;
		q->options[q->noptions++].label = eq + 1;
	}
	return CLI_OK;
}

static int run_question(struct cli_ctx *ctx)
{
	struct survey_question q = {0};
	q.code = cli_opt(ctx, "code");
	q.text = cli_opt(ctx, "text");
	const char *type = cli_opt(ctx, "type");
	int t = survey_qtype_parse(type);
	if (!q.code || !q.text || t < 0)
		return cli_usage_error(ctx, "%s", _("--code, --text and --type (imp_sat, kano, servqual, nps, likert, single, multiple, text, number) are required"));
	q.type = (enum survey_qtype)t;
	q.required = !cli_flag(ctx, "optional");
	q.block = cli_opt(ctx, "block");
	if (cli_opt(ctx, "item"))
		q.item = atoi(cli_opt(ctx, "item"));
	const char *scale = cli_opt(ctx, "scale");
	if (scale && sscanf(scale, "%d-%d", &q.scale_min, &q.scale_max) != 2)
		return cli_usage_error(ctx, "--scale %s: %s", scale, _("expected MIN-MAX, e.g. 1-7"));
	int rc = cli_opt(ctx, "options") ? parse_options(ctx, cli_opt(ctx, "options"), &q) : CLI_OK;
	long section = 0;
	if (!rc && cli_opt(ctx, "section")) {
		char *end;
		section = strtol(cli_opt(ctx, "section"), &end, 10);
		if (*end || section < 1)
			return cli_usage_error(ctx, "--section %s: %s", cli_opt(ctx, "section"), _("a section number from 1"));
	}
	if (rc)
		return rc;
	struct app app;
	if ((rc = cli_app_open(ctx, &app, 0)) != CLI_OK)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = survey_cli_resolve(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		if (app_survey_question_add(&app, id, (size_t)section, &q, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("question %s added (id %lld)\n"), q.code, (long long)q.id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option create_opts[] = {
	{"template", "NAME", N_("start from a shipped template: supermarket17, servqual22, kano, ecsi"), NULL},
	{"template-lang", "zh|en", N_("language of the template's wording (default: --lang)"), NULL},
	{"file", "FILE", N_("the questionnaire as JSON (the layout of survey show --format json); - reads stdin"), NULL},
	{"title", "TEXT", N_("the survey's title (default: the template's or the file's)"), NULL},
	{"anonymous", NULL, N_("never link responses to customers"), NULL},
	{"schedule", "MONTHS", N_("a new wave every 6 or 12 months (0: none)"), NULL},
	{NULL, NULL, NULL, NULL},
};
static const struct cli_option section_opts[] = {
	{"demographic", NULL, N_("the section is the demographic block"), NULL},
	{NULL, NULL, NULL, NULL},
};
static const struct cli_option question_opts[] = {
	{"code", "CODE", N_("the answer key: a–z, 0–9, _ (required)"), NULL},
	{"type", "TYPE", N_("imp_sat, kano, servqual, nps, likert, single, multiple, text or number (required)"), NULL},
	{"text", "TEXT", N_("the question's wording (required)"), NULL},
	{"section", "N", N_("section number from 1"), "the last"},
	{"optional", NULL, N_("an answer is not required"), NULL},
	{"scale", "MIN-MAX", N_("answer scale of imp_sat, servqual, likert (2–11 points) or number bounds"), NULL},
	{"options", "SPEC", N_("choices as key=label;key=label…"), NULL},
	{"item", "N", N_("SERVQUAL item number 1–22"), NULL},
	{"block", "NAME", N_("latent variable of the survey's PLS model (likert)"), NULL},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_survey_create = {
	.name = "survey create", .summary = N_("create a survey from a template or a JSON questionnaire"),
	.usage = "CODE (--template NAME | --file FILE)", .options = create_opts, .min_args = 1, .max_args = 1,
	.run = run_create,
};
const struct cli_command cmd_survey_list = {
	.name = "survey list", .summary = N_("list the surveys"), .max_args = 0, .run = run_list,
};
const struct cli_command cmd_survey_show = {
	.name = "survey show", .summary = N_("show a survey's questions (--format json: the questionnaire file)"),
	.usage = "SURVEY", .min_args = 1, .max_args = 1, .run = run_show,
};
const struct cli_command cmd_survey_templates = {
	.name = "survey templates", .summary = N_("list the shipped questionnaire templates"), .max_args = 0,
	.run = run_templates,
};
const struct cli_command cmd_survey_section = {
	.name = "survey section", .summary = N_("add a section to a survey"), .usage = "SURVEY TITLE",
	.options = section_opts, .min_args = 2, .max_args = 2, .run = run_section,
};
const struct cli_command cmd_survey_question = {
	.name = "survey question", .summary = N_("add a question to a survey"), .usage = "SURVEY --code C --type T --text TEXT",
	.options = question_opts, .min_args = 1, .max_args = 1, .run = run_question,
};
