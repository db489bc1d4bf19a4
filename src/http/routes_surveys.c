/* Routes of the survey module (PRODUCT.md module 7): the designer, waves, invitations,
 * results, and the two public fill-in routes (no login: the token is the credential). */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_survey_list); H(h_survey_create); H(h_survey_get); H(h_survey_section_add); H(h_survey_question_add);
H(h_survey_wave_list); H(h_survey_wave_create); H(h_survey_wave_get); H(h_survey_wave_close);
H(h_survey_invite); H(h_survey_response_add); H(h_survey_results); H(h_survey_compare);
H(h_public_survey_get); H(h_public_survey_submit);
#undef H

const struct http_route http_routes_surveys[] = {
	{"GET", "/api/v1/surveys", HTTP_READ, "survey", h_survey_list},
	{"POST", "/api/v1/surveys", HTTP_WRITE, "survey", h_survey_create},
	{"GET", "/api/v1/surveys/{id}", HTTP_READ, "survey", h_survey_get},
	{"POST", "/api/v1/surveys/{id}/sections", HTTP_WRITE, "survey", h_survey_section_add},
	{"POST", "/api/v1/surveys/{id}/questions", HTTP_WRITE, "survey", h_survey_question_add},
	{"GET", "/api/v1/surveys/{id}/waves", HTTP_READ, "survey", h_survey_wave_list},
	{"POST", "/api/v1/surveys/{id}/waves", HTTP_WRITE, "survey", h_survey_wave_create},
	{"GET", "/api/v1/survey-waves/{id}", HTTP_READ, "survey", h_survey_wave_get},
	{"POST", "/api/v1/survey-waves/{id}/close", HTTP_WRITE, "survey", h_survey_wave_close},
	{"POST", "/api/v1/survey-waves/{id}/invitations", HTTP_WRITE, "survey", h_survey_invite},
	{"POST", "/api/v1/survey-waves/{id}/responses", HTTP_WRITE, "survey", h_survey_response_add},
	{"GET", "/api/v1/survey-waves/{id}/results", HTTP_READ, "survey", h_survey_results},
	{"GET", "/api/v1/survey-waves/{id}/compare/{id}", HTTP_READ, "survey", h_survey_compare},
	{"GET", "/api/v1/public/survey", HTTP_PUBLIC, NULL, h_public_survey_get},
	{"POST", "/api/v1/public/survey", HTTP_PUBLIC, NULL, h_public_survey_submit},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
