/* /api/v1/surveys and /api/v1/survey-waves: the questionnaire designer (create from a template
 * or a full definition, add sections and questions), waves (create, list, close), invitations
 * (tokens returned once), responses entered by staff, results and wave-over-wave comparison.
 * Thin adapters over app/survey*.c, so every rule and message is the CLI's. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "guanxi/survey_results.h"
#include "http/http.h"
#include "http/survey_json.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_survey_list); H(h_survey_create); H(h_survey_get); H(h_survey_section_add); H(h_survey_question_add);
H(h_survey_wave_list); H(h_survey_wave_create); H(h_survey_wave_get); H(h_survey_wave_close);
H(h_survey_invite); H(h_survey_response_add); H(h_survey_results); H(h_survey_compare);
#undef H

static const char *body_str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static enum gx_err send_survey(struct http_req *rq, struct http_resp *rs, int status, int64_t id, struct gx_error *err)
{
	struct survey_def def;
	enum gx_err e = app_survey_load(rq->app, id, rq->arena, &def, err);
	if (e != GX_OK)
		return e;
	json_t *o = json_loads(survey_def_to_json(&def, rq->arena), 0, NULL);
	json_object_set_new(o, "version", json_integer(def.version));
	json_object_set_new(o, "created_at", json_string(def.created_at));
	http_resp_json(rs, status, o);
	return GX_OK;
}

enum gx_err h_survey_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_summary *rows;
	size_t n;
	enum gx_err e = app_survey_list(rq->app, rq->arena, &rows, &n, err);
	if (e != GX_OK)
		return e;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s?, s:b, s:i, s:I, s:I, s:I}", "id", (json_int_t)rows[i].id,
		                                     "code", rows[i].code, "title", rows[i].title, "template",
		                                     rows[i].template_name, "anonymous", rows[i].anonymous, "schedule_months",
		                                     rows[i].schedule_months, "questions", (json_int_t)rows[i].questions,
		                                     "waves", (json_int_t)rows[i].waves, "responses",
		                                     (json_int_t)rows[i].responses));
	http_resp_json(rs, 200, json_pack("{s:o}", "items", arr));
	return GX_OK;
}

/* Body: {"code", "template", "template_lang", "title", "anonymous", "schedule_months"} or a
 * whole questionnaire (the layout of GET /surveys/{id}) with "sections". */
enum gx_err h_survey_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct survey_def def;
	const char *tpl = body_str(body, "template");
	if (tpl && !json_object_get(body, "sections")) {
		const char *l = body_str(body, "template_lang");
		int lang = l ? gx_lang_parse(l) : (int)gx_i18n_lang();
		if (lang < 0)
			e = gx_error_set(err, GX_EINVAL, "template_lang", "%s", _("template_lang is zh or en"));
		else
			e = survey_template_build(tpl, (enum gx_lang)lang, rq->arena, &def, err);
		if (e == GX_OK) {
			const char *code = body_str(body, "code"), *title = body_str(body, "title");
			json_t *an = json_object_get(body, "anonymous"), *sm = json_object_get(body, "schedule_months");
			def.code = code ? gx_arena_strdup(rq->arena, code) : NULL;
			if (title)
				def.title = gx_arena_strdup(rq->arena, title);
			if (json_is_boolean(an))
				def.anonymous = json_is_true(an);
			if (json_is_integer(sm))
				def.schedule_months = (int)json_integer_value(sm);
		}
	} else {
		e = survey_def_from_json(rq->body, rq->arena, &def, err);
	}
	json_decref(body);
	if (e == GX_OK)
		e = app_survey_create(rq->app, &def, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/surveys/%lld", (long long)def.id));
	return send_survey(rq, rs, 201, def.id, err);
}

enum gx_err h_survey_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_survey(rq, rs, 200, rq->ids[0], err);
}

enum gx_err h_survey_section_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *title = body_str(body, "title");
	int demographic = json_is_true(json_object_get(body, "demographic"));
	int64_t sec = 0;
	title = title ? gx_arena_strdup(rq->arena, title) : NULL;
	json_decref(body);
	if ((e = app_survey_section_add(rq->app, rq->ids[0], title, demographic, &sec, err)) != GX_OK)
		return e;
	return send_survey(rq, rs, 201, rq->ids[0], err);
}

/* Body: one question as in the questionnaire layout, plus "section" (1-based; default last). */
enum gx_err h_survey_question_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *sec = json_object_get(body, "section");
	json_int_t section = json_is_integer(sec) ? json_integer_value(sec) : 0;
	json_object_del(body, "section");
	/* The question is parsed by the questionnaire parser, wrapped in a one-question survey. */
	json_t *wrap = json_pack("{s:s, s:s, s:[{s:s, s:[O]}]}", "code", "x", "title", "x", "sections", "title", "x",
	                         "questions", body);
	char *text = json_dumps(wrap, JSON_COMPACT);
	json_decref(wrap);
	json_decref(body);
	struct survey_def one;
	e = survey_def_from_json(text, rq->arena, &one, err);
	free(text);
	if (e == GX_OK && section < 0)
		e = gx_error_set(err, GX_EINVAL, "section", "%s", _("section is a section number from 1"));
	if (e != GX_OK)
		return e;
	struct survey_question q = one.questions[0];
	if ((e = app_survey_question_add(rq->app, rq->ids[0], (size_t)section, &q, rq->arena, err)) != GX_OK)
		return e;
	return send_survey(rq, rs, 201, rq->ids[0], err);
}

enum gx_err h_survey_wave_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_def def;
	struct survey_wave *rows;
	size_t n;
	enum gx_err e = app_survey_load(rq->app, rq->ids[0], rq->arena, &def, err);
	if (e == GX_OK)
		e = app_survey_wave_list(rq->app, rq->ids[0], rq->arena, &rows, &n, err);
	if (e != GX_OK)
		return e;
	char today[11], next[11];
	struct gx_error ignore;
	app_survey_today(rq->app, today);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, survey_wave_json(&rows[i], today));
	json_t *o = json_pack("{s:o}", "items", arr);
	if (app_survey_next_wave_date(rq->app, rq->ids[0], next, &ignore) == GX_OK)
		json_object_set_new(o, "next_wave_on", json_string(next));
	http_resp_json(rs, 200, o);
	return GX_OK;
}

/* Body: {"code", "name", "opens_on", "closes_on", "next": true, "seed"} (all optional). */
enum gx_err h_survey_wave_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body = NULL;
	enum gx_err e = rq->body && rq->body_len ? http_body_object(rq, &body, err) : GX_OK;
	if (e != GX_OK)
		return e;
	struct gx_arena *a = rq->arena;
	const char *code = body_str(body, "code"), *name = body_str(body, "name");
	const char *opens = body_str(body, "opens_on"), *closes = body_str(body, "closes_on");
	code = code ? gx_arena_strdup(a, code) : NULL;
	name = name ? gx_arena_strdup(a, name) : NULL;
	opens = opens ? gx_arena_strdup(a, opens) : NULL;
	closes = closes ? gx_arena_strdup(a, closes) : NULL;
	json_t *js = json_object_get(body, "seed");
	int64_t seed = json_is_integer(js) ? (int64_t)json_integer_value(js) : 0;
	int next = json_is_true(json_object_get(body, "next"));
	json_decref(body);
	char nd[11];
	if (next && opens)
		return gx_error_set(err, GX_EINVAL, "next", "%s", _("next and opens_on exclude each other"));
	if (next) {
		if ((e = app_survey_next_wave_date(rq->app, rq->ids[0], nd, err)) != GX_OK)
			return e;
		opens = nd;
	}
	struct survey_wave w;
	if ((e = app_survey_wave_create(rq->app, rq->ids[0], code, name, opens, closes, seed, &w, a, err)) != GX_OK)
		return e;
	struct survey_wave back;
	if ((e = app_survey_wave_get(rq->app, w.id, a, &back, err)) != GX_OK)
		return e;
	char today[11];
	app_survey_today(rq->app, today);
	http_resp_header(rs, a, "Location", gx_arena_printf(a, "/api/v1/survey-waves/%lld", (long long)w.id));
	http_resp_json(rs, 201, survey_wave_json(&back, today));
	return GX_OK;
}

enum gx_err h_survey_wave_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_wave w;
	enum gx_err e = app_survey_wave_get(rq->app, rq->ids[0], rq->arena, &w, err);
	if (e != GX_OK)
		return e;
	char today[11];
	app_survey_today(rq->app, today);
	http_resp_json(rs, 200, survey_wave_json(&w, today));
	return GX_OK;
}

enum gx_err h_survey_wave_close(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_survey_wave_close(rq->app, rq->ids[0], err);
	return e == GX_OK ? h_survey_wave_get(rq, rs, err) : e;
}

/* Body: {"customers": [id, …]} or {"count": n}. The tokens are in this answer only. */
enum gx_err h_survey_invite(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *jc = json_object_get(body, "customers"), *jn = json_object_get(body, "count");
	size_t n = 0;
	int64_t *ids = NULL;
	if (json_is_array(jc) && !jn) {
		n = json_array_size(jc);
		ids = gx_arena_calloc(rq->arena, n + 1, sizeof *ids);
		for (size_t i = 0; i < n && e == GX_OK; i++) {
			json_t *v = json_array_get(jc, i);
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				e = gx_error_set(err, GX_EINVAL, "customers", _("customers[%zu] must be a customer id"), i);
			else
				ids[i] = (int64_t)json_integer_value(v);
		}
	} else if (json_is_integer(jn) && !jc) {
		json_int_t c = json_integer_value(jn);
		n = c > 0 && c <= 10000 ? (size_t)c : 0;
	} else {
		e = gx_error_set(err, GX_EINVAL, "customers", "%s", _("give either customers (an array of ids) or count"));
	}
	json_decref(body);
	struct survey_invitation *inv = NULL;
	if (e == GX_OK)
		e = app_survey_invite(rq->app, rq->ids[0], ids, n, rq->arena, &inv, err);
	if (e != GX_OK)
		return e;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)inv[i].id, "token", inv[i].token,
		                                     "path", gx_arena_printf(rq->arena, "/survey.html#%s", inv[i].token),
		                                     "customer_id", inv[i].customer_id ? json_integer(inv[i].customer_id) : json_null()));
	http_resp_json(rs, 201, json_pack("{s:o}", "items", arr));
	return GX_OK;
}

/* A response typed in by staff (paper forms): {"customer_id": id or null, "answers": {…}}. */
enum gx_err h_survey_response_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *jc = json_object_get(body, "customer_id"), *ja = json_object_get(body, "answers");
	int64_t cust = json_is_integer(jc) ? (int64_t)json_integer_value(jc) : 0;
	char *answers = ja ? json_dumps(ja, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	json_decref(body);
	if (jc && !json_is_null(jc) && cust <= 0)
		e = gx_error_set(err, GX_EINVAL, "customer_id", "%s", _("customer_id must be a customer id or null"));
	int64_t rid = 0;
	if (e == GX_OK)
		e = app_survey_submit_direct(rq->app, rq->ids[0], cust, answers ? answers : "null", 0, &rid, err);
	free(answers);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 201, json_pack("{s:I}", "response_id", (json_int_t)rid));
	return GX_OK;
}

enum gx_err h_survey_results(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_results r;
	struct survey_results_opts o;
	enum gx_err e = survey_results_opts_parse(http_query(rq, "complaints"), http_query(rq, "complaints_window_days"),
	                                          http_query(rq, "complaints_lv"), &o, err);
	if (e == GX_OK)
		e = app_survey_results_opts(rq->app, rq->ids[0], &o, rq->arena, &r, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, survey_results_json(&r));
	return e;
}

enum gx_err h_survey_compare(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_results a, b;
	enum gx_err e = app_survey_compare(rq->app, rq->ids[0], rq->ids[1], rq->arena, &a, &b, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, survey_compare_json(&a, &b));
	return e;
}
