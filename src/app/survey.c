/* The questionnaire designer: creating a survey from a checked definition (a template, a JSON
 * file or an API body), adding sections and questions while no response exists yet, loading
 * and listing. Each write is one transaction with one audit row. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "guanxi/survey_store.h"

enum gx_err app_survey_audit(struct app *app, const char *action, const char *entity, int64_t id,
                             const char *changes_json, int64_t job_id, struct gx_error *err)
{
	if (app->job_id)
		return GX_OK;
	return app_audit_simple(app, action, entity, id, changes_json, job_id, err);
}

enum gx_err app_survey_create(struct app *app, struct survey_def *def, struct gx_error *err)
{
	enum gx_err e = survey_def_check(def, err);
	if (e != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	int64_t other = 0;
	int found = 0;
	if ((e = store_survey_find(app->store, def->code, &other, &found, err)) != GX_OK)
		goto fail;
	if (found) {
		e = gx_error_set(err, GX_ECONFLICT, "code", _("a survey with the code %s exists already"), def->code);
		goto fail;
	}
	if ((e = store_survey_insert(app->store, def, err)) != GX_OK)
		goto fail;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	const char *changes = gx_arena_printf(&a, "{\"questions\": [null, %zu], \"template\": [null, %s]}",
	                                      def->nquestions, def->template_name ? "true" : "false");
	e = app_survey_audit(app, "create", "survey", def->id, changes, 0, err);
	gx_arena_free(&a);
	if (e != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_survey_load(struct app *app, int64_t id, struct gx_arena *a, struct survey_def *def,
                            struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_survey_load(app->store, id, a, def, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "survey", _("there is no survey %lld"), (long long)id);
	return e;
}

/* A positive decimal without sign or leading zero. */
static int parse_id(const char *s, int64_t *id)
{
	if (!s || !*s || *s == '0' || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return 0;
	*id = strtoll(s, NULL, 10);
	return 1;
}

enum gx_err app_survey_resolve(struct app *app, const char *code_or_id, int64_t *id, struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_survey_find(app->store, code_or_id ? code_or_id : "", id, &found, err);
	if (e != GX_OK)
		return e;
	if (!found && parse_id(code_or_id, id)) {
		struct gx_arena a;
		gx_arena_init(&a, 4096);
		struct survey_def d;
		e = store_survey_load(app->store, *id, &a, &d, &found, err);
		gx_arena_free(&a);
		if (e != GX_OK)
			return e;
	}
	if (!found)
		return gx_error_set(err, GX_ENOTFOUND, "survey", _("there is no survey \"%s\""),
		                    code_or_id ? code_or_id : "");
	return GX_OK;
}

enum gx_err app_survey_list(struct app *app, struct gx_arena *a, struct survey_summary **rows,
                            size_t *n, struct gx_error *err)
{
	return store_survey_list(app->store, a, rows, n, err);
}

/* Loads the survey inside the caller's transaction and refuses a change once it has answers. */
static enum gx_err load_editable(struct app *app, int64_t survey_id, struct gx_arena *a, struct survey_def *def,
                                 struct gx_error *err)
{
	enum gx_err e = app_survey_load(app, survey_id, a, def, err);
	int64_t n = 0;
	if (e == GX_OK)
		e = store_survey_response_count(app->store, survey_id, &n, err);
	if (e == GX_OK && n > 0)
		e = gx_error_set(err, GX_ECONFLICT, "survey",
		                 _("survey %s already has %lld responses: its questions can no longer change (copy it to a new survey instead)"),
		                 def->code, (long long)n);
	return e;
}

enum gx_err app_survey_section_add(struct app *app, int64_t survey_id, const char *title,
                                   int demographic, int64_t *section_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	struct survey_def def;
	if ((e = load_editable(app, survey_id, &a, &def, err)) != GX_OK)
		goto fail;
	struct survey_section *secs = gx_arena_calloc(&a, def.nsections + 1, sizeof *secs);
	memcpy(secs, def.sections, def.nsections * sizeof *secs);
	secs[def.nsections].title = title;
	secs[def.nsections].demographic = demographic;
	def.sections = secs;
	def.nsections++;
	if ((e = survey_def_check(&def, err)) != GX_OK)
		goto fail;
	if ((e = store_survey_section_insert(app->store, survey_id, def.nsections, &secs[def.nsections - 1], err)) != GX_OK)
		goto fail;
	*section_id = secs[def.nsections - 1].id;
	if ((e = app_survey_audit(app, "update", "survey", survey_id, "{\"sections\": \"+1\"}", 0, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_survey_question_add(struct app *app, int64_t survey_id, size_t section_pos,
                                    struct survey_question *q, struct gx_arena *a,
                                    struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct survey_def def;
	if ((e = load_editable(app, survey_id, a, &def, err)) != GX_OK)
		goto fail;
	if (section_pos > def.nsections) {
		e = gx_error_set(err, GX_EINVAL, "section", _("survey %s has %zu sections; there is no section %zu"),
		                 def.code, def.nsections, section_pos);
		goto fail;
	}
	q->section = section_pos ? section_pos - 1 : def.nsections - 1;
	struct survey_question *qs = gx_arena_calloc(a, def.nquestions + 1, sizeof *qs);
	memcpy(qs, def.questions, def.nquestions * sizeof *qs);
	/* The new question goes after the last question of its section, so the survey order keeps
	 * sections together. */
	size_t at = 0;
	for (size_t i = 0; i < def.nquestions; i++)
		if (def.questions[i].section <= q->section)
			at = i + 1;
	memmove(qs + at + 1, qs + at, (def.nquestions - at) * sizeof *qs);
	qs[at] = *q;
	def.questions = qs;
	def.nquestions++;
	if ((e = survey_def_check(&def, err)) != GX_OK)
		goto fail;
	/* Positions after the insertion point move down by one: from the end, so the unique
	 * (survey, position) index never sees two equal positions. */
	for (size_t i = def.nquestions - 1; i > at; i--)
		if ((e = store_survey_question_reposition(app->store, qs[i].id, i + 1, err)) != GX_OK)
			goto fail;
	if ((e = store_survey_question_insert(app->store, survey_id, def.sections[q->section].id, at + 1, &qs[at], err)) != GX_OK)
		goto fail;
	*q = qs[at];
	if ((e = app_survey_audit(app, "update", "survey", survey_id, "{\"questions\": \"+1\"}", 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}
