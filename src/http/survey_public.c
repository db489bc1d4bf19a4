/* The public fill-in of a survey, the only routes besides login and health that need no
 * account: GET /api/v1/public/survey?token=… answers the questionnaire the token opens (SERVQUAL
 * items in the respondent's order) and POST /api/v1/public/survey with {"token", "answers"}
 * stores the one response the token allows. The token is 32 random bytes; nothing else of the
 * database is reachable through these routes. The web page web/survey.html takes the token from
 * the link's #fragment, which browsers send to no server and put in no Referer. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "http/http.h"

enum gx_err h_public_survey_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_public_survey_submit(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

enum gx_err h_public_survey_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct survey_form form;
	enum gx_err e = app_survey_form(rq->app, http_query(rq, "token"), rq->arena, &form, err);
	if (e != GX_OK)
		return e;
	json_t *def = json_loads(survey_def_to_json(&form.def, rq->arena), 0, NULL);
	/* Respondents see the questionnaire, not the database: no ids, no template or model. */
	json_object_del(def, "id");
	json_object_del(def, "model");
	json_object_del(def, "template");
	json_object_del(def, "code");
	json_t *secs = json_object_get(def, "sections");
	for (size_t s = 0; s < json_array_size(secs); s++) {
		json_t *qs = json_object_get(json_array_get(secs, s), "questions");
		for (size_t q = 0; q < json_array_size(qs); q++) {
			json_object_del(json_array_get(qs, q), "id");
			json_object_del(json_array_get(qs, q), "block");
		}
	}
	http_resp_header(rs, NULL, "Cache-Control", "no-store");
	http_resp_json(rs, 200, json_pack("{s:o, s:{s:s, s:s}}", "survey", def, "wave", "name",
	                                  form.wave.name ? form.wave.name : form.wave.code, "closes_on", form.wave.closes_on));
	return GX_OK;
}

enum gx_err h_public_survey_submit(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *jt = json_object_get(body, "token"), *ja = json_object_get(body, "answers");
	const char *token = json_is_string(jt) ? gx_arena_strdup(rq->arena, json_string_value(jt)) : "";
	char *answers = json_is_object(ja) ? json_dumps(ja, JSON_COMPACT) : NULL;
	json_decref(body);
	int64_t rid = 0;
	e = app_survey_submit(rq->app, token, answers ? answers : "null", &rid, err);
	free(answers);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, NULL, "Cache-Control", "no-store");
	http_resp_json(rs, 201, json_pack("{s:b}", "received", 1));
	return GX_OK;
}
