/* guanxi survey import WAVE FILE: responses from a table (CSV in UTF-8 or GB18030, or .xlsx),
 * one row per respondent, one column per question code — a pair in two columns CODE.1 and
 * CODE.2 (importance/satisfaction, functional/dysfunctional, expectation/perception), multiple
 * choices as keys separated by ";", an optional "customer" column (code or id). Other columns
 * are ignored, so the ECSI data set of shared/data/ecsi loads as it is into an ECSI-template
 * wave. Every row is validated like the public page's answers; one bad row refuses the whole
 * file, naming its line and the question, and nothing is stored. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/analyze_common.h"
#include "cli/cmd_survey.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/survey.h"

struct colmap {
	int col, col2;             /* the value (or first half) and second half columns, -1 if none */
};

static int find_col(const struct ana_data *d, const char *code, const char *suffix)
{
	char name[48];
	snprintf(name, sizeof name, "%s%s", code, suffix);
	return ana_data_col(d, name);
}

/* A whole number cell as a JSON integer; anything else stays text so the survey's own check
 * names the question and the value. */
static json_t *cell_value(const char *text)
{
	char *end;
	double v = strtod(text, &end);
	if (*text && !*end && v == (double)(long long)v && v > -1e15 && v < 1e15)
		return json_integer((json_int_t)v);
	return json_string(text);
}

static json_t *row_answers(const struct survey_def *def, const struct colmap *map, const struct ana_data *d,
                           size_t r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < def->nquestions; i++) {
		const struct survey_question *q = &def->questions[i];
		const char *a = map[i].col >= 0 ? ana_data_text(d, r, map[i].col) : "";
		if (survey_qtype_is_pair(q->type)) {
			const char *b = map[i].col2 >= 0 ? ana_data_text(d, r, map[i].col2) : "";
			if (*a || *b)
				json_object_set_new(o, q->code, json_pack("[o, o]", *a ? cell_value(a) : json_null(),
				                                          *b ? cell_value(b) : json_null()));
		} else if (!*a) {
			continue;
		} else if (q->type == SURVEY_Q_MULTIPLE) {
			json_t *arr = json_array();
			char *copy = strdup(a), *save = NULL;
			for (char *k = strtok_r(copy, ";", &save); k; k = strtok_r(NULL, ";", &save))
				json_array_append_new(arr, json_string(k));
			free(copy);
			json_object_set_new(o, q->code, arr);
		} else if (q->type == SURVEY_Q_SINGLE || q->type == SURVEY_Q_TEXT) {
			json_object_set_new(o, q->code, json_string(a));
		} else {
			json_object_set_new(o, q->code, cell_value(a));
		}
	}
	return o;
}

static int run(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[1], &d, &err) != GX_OK)
		return cli_fail(&err);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t wave;
	struct survey_wave w;
	struct survey_def def;
	if ((rc = survey_cli_wave(ctx, &app, ctx->argv[0], &wave)) != CLI_OK)
		goto out;
	if (app_survey_wave_get(&app, wave, &ctx->arena, &w, &err) != GX_OK ||
	    app_survey_load(&app, w.survey_id, &ctx->arena, &def, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	struct colmap *map = gx_arena_calloc(&ctx->arena, def.nquestions + 1, sizeof *map);
	size_t used = 0;
	for (size_t i = 0; i < def.nquestions; i++) {
		int pair = survey_qtype_is_pair(def.questions[i].type);
		map[i].col = find_col(&d, def.questions[i].code, pair ? ".1" : "");
		map[i].col2 = pair ? find_col(&d, def.questions[i].code, ".2") : -1;
		used += map[i].col >= 0;
	}
	if (!used) {
		gx_error_set(&err, GX_EINVAL, "file", _("%s: no column is named after a question of survey %s (e.g. %s%s)"),
		             d.path, def.code, def.questions[0].code, survey_qtype_is_pair(def.questions[0].type) ? ".1" : "");
		rc = cli_fail(&err);
		goto out;
	}
	int cust_col = ana_data_col(&d, "customer");
	if (store_begin(app.store, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	size_t n = 0;
	for (size_t r = 0; r < d.nrows && !rc; r++) {
		int64_t cust = 0, rid;
		const char *c = cust_col >= 0 ? ana_data_text(&d, r, cust_col) : "";
		if (*c && app_customer_resolve(&app, c, &cust, &err) != GX_OK) {
			gx_error_prefix(&err, _("%s: line %zu: "), d.path, d.lines[r]);
			rc = cli_fail(&err);
			break;
		}
		json_t *o = row_answers(&def, map, &d, r);
		char *text = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (app_survey_submit_direct(&app, wave, cust, text, cli_flag(ctx, "allow-closed"), &rid, &err) != GX_OK) {
			gx_error_prefix(&err, _("%s: line %zu: "), d.path, d.lines[r]);
			rc = cli_fail(&err);
		}
		free(text);
		n++;
	}
	if (rc) {
		store_rollback(app.store);
		fprintf(stderr, "%s\n", _("nothing was imported"));
	} else if (store_commit(app.store, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		fprintf(ctx->out, _("%zu responses imported into wave %s\n"), n, w.code);
	}
out:
	app_close(&app);
	return rc;
}

static const struct cli_option options[] = {
	{"allow-closed", NULL, N_("also into a closed wave (entering past paper forms)"), NULL},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_survey_import = {
	.name = "survey import", .summary = N_("import responses from CSV/xlsx: one row per respondent, one column per question"),
	.usage = "WAVE FILE", .options = options, .min_args = 2, .max_args = 2, .run = run,
};
