/* Persistence of surveys (migration 0010_surveys.sql): questionnaires with their sections and
 * questions, waves, invitations (token hashes only), responses and answers. Portable SQL with
 * parameters on both backends; the callers in app/ hold the transactions. */
#ifndef GUANXI_SURVEY_STORE_H
#define GUANXI_SURVEY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/store.h"
#include "guanxi/survey.h"

/* Inserts the survey row, its sections and questions; fills the ids. */
enum gx_err store_survey_insert(struct store *s, struct survey_def *def, struct gx_error *err);
/* *found = 0 when there is no survey with that id. */
enum gx_err store_survey_load(struct store *s, int64_t id, struct gx_arena *a, struct survey_def *def,
                              int *found, struct gx_error *err);
enum gx_err store_survey_find(struct store *s, const char *code, int64_t *id, int *found,
                              struct gx_error *err);
enum gx_err store_survey_list(struct store *s, struct gx_arena *a, struct survey_summary **rows,
                              size_t *n, struct gx_error *err);
enum gx_err store_survey_section_insert(struct store *s, int64_t survey_id, size_t position,
                                        struct survey_section *sec, struct gx_error *err);
/* Inserts q at 1-based position in the survey, into the section with id section_id. */
enum gx_err store_survey_question_insert(struct store *s, int64_t survey_id, int64_t section_id,
                                         size_t position, struct survey_question *q,
                                         struct gx_error *err);
/* Moves a question to another 1-based position (the caller keeps positions unique). */
enum gx_err store_survey_question_reposition(struct store *s, int64_t question_id, size_t position,
                                             struct gx_error *err);
/* Responses over every wave of the survey. */
enum gx_err store_survey_response_count(struct store *s, int64_t survey_id, int64_t *n,
                                        struct gx_error *err);

/* --- waves --- */
enum gx_err store_survey_wave_insert(struct store *s, struct survey_wave *w, struct gx_error *err);
enum gx_err store_survey_wave_get(struct store *s, int64_t id, struct gx_arena *a, struct survey_wave *w,
                                  int *found, struct gx_error *err);
enum gx_err store_survey_wave_find(struct store *s, const char *code, int64_t *id, int *found,
                                   struct gx_error *err);
/* Every wave of the survey, oldest opening date first, with invitation and response counts. */
enum gx_err store_survey_wave_list(struct store *s, int64_t survey_id, struct gx_arena *a,
                                   struct survey_wave **rows, size_t *n, struct gx_error *err);
/* Sets closed_at where it is still NULL; *changed = 0 when it was already closed. */
enum gx_err store_survey_wave_close(struct store *s, int64_t id, const char *at, int *changed,
                                    struct gx_error *err);

/* --- invitations and responses --- */
enum gx_err store_survey_invitation_insert(struct store *s, int64_t wave_id, int64_t customer_id,
                                           const char *token_hash, int64_t *id, struct gx_error *err);
struct survey_invitation_row {
	int64_t id, wave_id, customer_id;
	const char *used_at;
};
enum gx_err store_survey_invitation_by_hash(struct store *s, const char *token_hash, struct gx_arena *a,
                                            struct survey_invitation_row *out, int *found,
                                            struct gx_error *err);
/* Marks the invitation used if it is not yet: *changed = 0 when another submission won. */
enum gx_err store_survey_invitation_use(struct store *s, int64_t id, const char *at, int *changed,
                                        struct gx_error *err);
enum gx_err store_survey_response_insert(struct store *s, int64_t wave_id, int64_t invitation_id,
                                         int64_t customer_id, const char *at, const char *item_order,
                                         int64_t *id, struct gx_error *err);
/* has_a/has_b 0 store NULL; text may be NULL. */
enum gx_err store_survey_answer_insert(struct store *s, int64_t response_id, int64_t question_id,
                                       int has_a, int64_t a, int has_b, int64_t b, const char *text,
                                       struct gx_error *err);

/* Every answer of a wave, ordered by response then question. */
struct survey_answer_row {
	int64_t response_id, question_id;
	int64_t customer_id;          /* the respondent's customer, 0 for none (public link, anonymous) */
	int has_a, has_b;
	int64_t a, b;
	const char *text;
};
enum gx_err store_survey_wave_answers(struct store *s, int64_t wave_id, struct gx_arena *a,
                                      struct survey_answer_row **rows, size_t *n,
                                      struct gx_error *err);

#endif
