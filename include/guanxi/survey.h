/* Surveys (满意度调查, PRODUCT.md module 7): questionnaires made of sections and questions,
 * shipped templates, waves with open/close dates and a 6- or 12-monthly schedule, invitations
 * carrying a single-use random token, the validated submission of one response per token, and
 * the wave's results computed by the models of MODELS.md §1 (see survey_results.h).
 *
 * A questionnaire travels as a struct survey_def: built by a template, parsed from JSON (the
 * designer's file and the API's body) or loaded from the database, and always checked by
 * survey_def_check before it is stored, so every path obeys the same rules. */
#ifndef GUANXI_SURVEY_H
#define GUANXI_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/i18n.h"

enum survey_qtype {
	SURVEY_Q_IMP_SAT = 0,   /* importance + satisfaction pair, 1–5 (seed001 questionnaire) */
	SURVEY_Q_KANO,          /* functional + dysfunctional pair, Kano answers 1–5 */
	SURVEY_Q_SERVQUAL,      /* expectation + perception pair, 1–7, SERVQUAL item 1–22 */
	SURVEY_Q_NPS,           /* likelihood to recommend 0–10 */
	SURVEY_Q_LIKERT,        /* one rating on scale_min..scale_max (ECSI items 1–10) */
	SURVEY_Q_SINGLE,        /* one option key */
	SURVEY_Q_MULTIPLE,      /* one or more option keys */
	SURVEY_Q_TEXT,          /* free text up to 2000 characters */
	SURVEY_Q_NUMBER,        /* a whole number within scale_min..scale_max (income, age) */
	SURVEY_Q_NTYPES
};

/* "imp_sat", "kano", … (the stored and JSON names); NULL out of range. */
const char *survey_qtype_name(enum survey_qtype t);
/* -1 for an unknown name. */
int survey_qtype_parse(const char *name);
/* 1 for the three paired types, whose answer is two values. */
int survey_qtype_is_pair(enum survey_qtype t);

struct survey_option {
	const char *key;        /* [a-z0-9_], at most 32 characters */
	const char *label;
};

struct survey_section {
	int64_t id;             /* 0 until stored */
	const char *title;
	int demographic;        /* the demographic block (个人情况) */
};

struct survey_question {
	int64_t id;             /* 0 until stored */
	size_t section;         /* index into survey_def.sections */
	const char *code;       /* the answer key, unique in the survey: [a-z0-9_], ≤ 32 */
	enum survey_qtype type;
	const char *text;
	int required;
	int scale_min, scale_max;  /* numeric types; fixed for kano (1–5) and nps (0–10) */
	struct survey_option *options;
	size_t noptions;        /* single/multiple: 2–50 */
	int item;               /* servqual: item number 1–22 */
	const char *block;      /* likert: latent variable of the survey's PLS model, or NULL */
};

struct survey_path {
	const char *from, *to;  /* latent variables (question blocks) */
};

struct survey_def {
	int64_t id;
	int64_t version;
	const char *code;       /* FT_CODE rules: no spaces, ≤ 64 */
	const char *title;
	const char *description;
	const char *template_name;
	int anonymous;
	int randomize;          /* SERVQUAL items in a random order per respondent */
	int schedule_months;    /* 0 (none), 6 or 12 */
	struct survey_section *sections;
	size_t nsections;
	struct survey_question *questions;   /* in presentation order */
	size_t nquestions;
	struct survey_path *paths;           /* the PLS inner model, when likert items have blocks */
	size_t npaths;
	const char *created_at;
};

/* Fills the default scale of a question of type t (imp_sat 1–5, kano 1–5, servqual 1–7,
 * nps 0–10, likert 1–5, number 0–999999999). */
void survey_question_default_scale(struct survey_question *q);

/* Checks every rule of a questionnaire; the message names the question (code and position).
 * Fills defaults first (scales of fixed types). */
enum gx_err survey_def_check(struct survey_def *def, struct gx_error *err);

/* Parses a questionnaire from JSON text (docs/user-guide/surveys.en.md shows the layout);
 * memory from a. The result still needs survey_def_check (app_survey_create does it). */
enum gx_err survey_def_from_json(const char *text, struct gx_arena *a, struct survey_def *def,
                                 struct gx_error *err);
/* The questionnaire as JSON text (the same layout), allocated from a. */
char *survey_def_to_json(const struct survey_def *def, struct gx_arena *a);

/* One audit row for a survey write, or none inside a bulk job (the demo), which has its own
 * single audit row (DECISIONS.md "Audit"). */
enum gx_err app_survey_audit(struct app *app, const char *action, const char *entity, int64_t id,
                             const char *changes_json, int64_t job_id, struct gx_error *err);

/* --- templates (survey_templates.c) --- */

/* "supermarket17", "servqual22", "kano", "ecsi". */
extern const char *const survey_template_names[];
/* Builds a template's questionnaire in lang (zh or en wording); GX_EINVAL for an unknown name
 * listing the known ones. */
enum gx_err survey_template_build(const char *name, enum gx_lang lang, struct gx_arena *a,
                                  struct survey_def *def, struct gx_error *err);

/* --- the designer (app/survey.c) --- */

/* Stores a checked questionnaire under def->code (fills def->id and the ids of its sections
 * and questions); one audit row. GX_ECONFLICT if the code is taken. */
enum gx_err app_survey_create(struct app *app, struct survey_def *def, struct gx_error *err);
/* Loads a survey by id. GX_ENOTFOUND when absent. */
enum gx_err app_survey_load(struct app *app, int64_t id, struct gx_arena *a, struct survey_def *def,
                            struct gx_error *err);
/* Resolves a survey given by code or id. */
enum gx_err app_survey_resolve(struct app *app, const char *code_or_id, int64_t *id,
                               struct gx_error *err);
/* Appends a section; refused once the survey has responses (the analyses compare waves of
 * the same questionnaire). */
enum gx_err app_survey_section_add(struct app *app, int64_t survey_id, const char *title,
                                   int demographic, int64_t *section_id, struct gx_error *err);
/* Appends a question to the section at 1-based position section_pos (0: the last section);
 * the whole questionnaire is checked again with it; refused once the survey has responses. */
enum gx_err app_survey_question_add(struct app *app, int64_t survey_id, size_t section_pos,
                                    struct survey_question *q, struct gx_arena *a,
                                    struct gx_error *err);

struct survey_summary {
	int64_t id;
	const char *code, *title, *template_name;
	int anonymous, schedule_months;
	int64_t questions, waves, responses;
};

enum gx_err app_survey_list(struct app *app, struct gx_arena *a, struct survey_summary **rows,
                            size_t *n, struct gx_error *err);

/* --- waves (app/survey_wave.c) --- */

struct survey_wave {
	int64_t id, survey_id;
	const char *code, *name;
	const char *opens_on, *closes_on;   /* YYYY-MM-DD, inclusive, company time zone */
	const char *closed_at;              /* closed early, or NULL */
	int64_t seed;
	int64_t invited, responses;         /* counts, filled by loads */
	const char *created_at;
};

/* "open", "scheduled" (not yet open), "closed". */
const char *survey_wave_state(const struct survey_wave *w, const char *today);

/* Creates a wave. opens_on NULL: today (or, for `next`, the schedule's next date); closes_on
 * NULL: 30 days after it opens. code NULL: generated "<survey>-W<n>". seed 0: random. */
enum gx_err app_survey_wave_create(struct app *app, int64_t survey_id, const char *code,
                                   const char *name, const char *opens_on, const char *closes_on,
                                   int64_t seed, struct survey_wave *out, struct gx_arena *a,
                                   struct gx_error *err);
/* The date the next wave opens: the latest wave's opening date plus the survey's schedule
 * (6 or 12 months). GX_EINVAL when the survey has no schedule; with no wave yet, today. */
enum gx_err app_survey_next_wave_date(struct app *app, int64_t survey_id, char out[11],
                                      struct gx_error *err);
enum gx_err app_survey_wave_get(struct app *app, int64_t wave_id, struct gx_arena *a,
                                struct survey_wave *out, struct gx_error *err);
enum gx_err app_survey_wave_resolve(struct app *app, const char *code_or_id, int64_t *id,
                                    struct gx_error *err);
enum gx_err app_survey_wave_list(struct app *app, int64_t survey_id, struct gx_arena *a,
                                 struct survey_wave **rows, size_t *n, struct gx_error *err);
/* Closes a wave now; GX_ECONFLICT if already closed. */
enum gx_err app_survey_wave_close(struct app *app, int64_t wave_id, struct gx_error *err);
/* Today's date in the company time zone (GUANXI_NOW pins it). */
void app_survey_today(struct app *app, char out[11]);

/* --- invitations and responses (app/survey_fill.c) --- */

#define SURVEY_TOKEN_LEN 43   /* 32 random bytes, URL-safe base64 without padding */

struct survey_invitation {
	int64_t id, customer_id;
	char token[SURVEY_TOKEN_LEN + 1];   /* only right after creation; never stored */
	const char *customer_code;
};

/* Creates one invitation per customer (customer_ids, n; linked surveys only) or count
 * anonymous ones (customer_ids NULL), all in one transaction. The tokens are returned once. */
enum gx_err app_survey_invite(struct app *app, int64_t wave_id, const int64_t *customer_ids,
                              size_t count, struct gx_arena *a, struct survey_invitation **out,
                              struct gx_error *err);

/* What the public page shows for a token: the questionnaire (SERVQUAL items already in this
 * respondent's order) and the wave. Refuses unknown or used tokens and closed waves. */
struct survey_form {
	struct survey_def def;
	struct survey_wave wave;
	int64_t invitation_id;
};
enum gx_err app_survey_form(struct app *app, const char *token, struct gx_arena *a,
                            struct survey_form *out, struct gx_error *err);

/* Validates and stores one response for a token, answers given as a JSON object
 * {"code": value, …} (a pair as [a, b], a choice as its key, multiple choices as an array of
 * keys, text as a string, numbers as integers). Every answer is checked before anything is
 * written; the token is spent in the same transaction, so a refused submission changes nothing
 * and a token can be used only once. */
enum gx_err app_survey_submit(struct app *app, const char *token, const char *answers_json,
                              int64_t *response_id, struct gx_error *err);
/* The same for a response without an invitation (imports, demo data, tests): customer_id 0
 * for none. The wave must be open unless allow_closed. */
enum gx_err app_survey_submit_direct(struct app *app, int64_t wave_id, int64_t customer_id,
                                     const char *answers_json, int allow_closed,
                                     int64_t *response_id, struct gx_error *err);

#endif
