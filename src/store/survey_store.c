/* Survey persistence (see guanxi/survey_store.h). Questionnaires are small (≤ 500 questions)
 * and read whole; answers of a wave are read in one ordered scan for the analyses. */
#include "guanxi/survey_store.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/clock.h"
#include "store/driver.h"

static const char *dup(struct gx_arena *a, const char *t)
{
	return t ? gx_arena_strdup(a, t) : NULL;
}

/* Grows an arena array by doubling (old blocks stay in the arena until it is freed). */
static void *grow(struct gx_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return arr;
	size_t nc = *cap ? *cap * 2 : 16;
	void *na = gx_arena_calloc(a, nc, elem);
	if (arr && n)
		memcpy(na, arr, n * elem);
	*cap = nc;
	return na;
}

static char *options_json(const struct survey_question *q)
{
	if (!q->noptions)
		return NULL;
	json_t *arr = json_array();
	for (size_t k = 0; k < q->noptions; k++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "key", q->options[k].key, "label", q->options[k].label));
	char *s = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(arr);
	return s;
}

static char *model_json(const struct survey_def *def)
{
	if (!def->npaths)
		return NULL;
	json_t *paths = json_array();
	for (size_t p = 0; p < def->npaths; p++)
		json_array_append_new(paths, json_pack("[s, s]", def->paths[p].from, def->paths[p].to));
	json_t *o = json_pack("{s:o}", "paths", paths);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

enum gx_err store_survey_section_insert(struct store *s, int64_t survey_id, size_t position,
                                        struct survey_section *sec, struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO survey_sections (survey_id, position, title, kind) VALUES (?, ?, ?, ?)"
	                    " RETURNING id",
	                    &sec->id, NULL, err, "iitt", survey_id, (int64_t)position, sec->title,
	                    sec->demographic ? "demographic" : "normal");
}

enum gx_err store_survey_question_insert(struct store *s, int64_t survey_id, int64_t section_id,
                                         size_t position, struct survey_question *q,
                                         struct gx_error *err)
{
	int numeric = q->scale_min || q->scale_max;
	char *opts = options_json(q);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "INSERT INTO survey_questions (survey_id, section_id, position, code, type, text,"
	                           " required, scale_min, scale_max, options, item, block)"
	                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                           &st, err);
	if (e == GX_OK) {
		db_bindv(s, st, "iiitttittt", survey_id, section_id, (int64_t)position, q->code,
		         survey_qtype_name(q->type), q->text, (int64_t)(q->required ? 1 : 0), NULL, NULL, opts);
		if (numeric) {
			s->drv->bind_i64(st, 8, q->scale_min);
			s->drv->bind_i64(st, 9, q->scale_max);
		}
		if (q->item)
			s->drv->bind_i64(st, 11, q->item);
		else
			s->drv->bind_null(st, 11);
		s->drv->bind_text(st, 12, q->block);
		int row = 0;
		e = db_step(s, st, &row, err);
		if (e == GX_OK && row)
			q->id = db_col_i64(s, st, 0);
		db_reset(s, st);
	}
	free(opts);
	return e;
}

enum gx_err store_survey_question_reposition(struct store *s, int64_t question_id, size_t position,
                                             struct gx_error *err)
{
	return db_exec(s, "UPDATE survey_questions SET position = ? WHERE id = ?", NULL, err, "ii", (int64_t)position,
	               question_id);
}

enum gx_err store_survey_insert(struct store *s, struct survey_def *def, struct gx_error *err)
{
	char *model = model_json(def);
	char now[32];
	gx_now_iso(now);
	enum gx_err e = db_query_i64(s,
	                             "INSERT INTO surveys (code, title, description, template, anonymous, randomize,"
	                             " schedule_months, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	                             " RETURNING id",
	                             &def->id, NULL, err, "ttttiiittt", def->code, def->title, def->description,
	                             def->template_name, (int64_t)def->anonymous, (int64_t)def->randomize,
	                             (int64_t)def->schedule_months, model, now, now);
	free(model);
	def->version = 1;
	for (size_t i = 0; e == GX_OK && i < def->nsections; i++)
		e = store_survey_section_insert(s, def->id, i + 1, &def->sections[i], err);
	for (size_t i = 0; e == GX_OK && i < def->nquestions; i++)
		e = store_survey_question_insert(s, def->id, def->sections[def->questions[i].section].id, i + 1,
		                                 &def->questions[i], err);
	return e;
}

static void parse_options(struct gx_arena *a, const char *text, struct survey_question *q)
{
	json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
	if (json_is_array(arr)) {
		q->noptions = json_array_size(arr);
		q->options = gx_arena_calloc(a, q->noptions + 1, sizeof *q->options);
		for (size_t k = 0; k < q->noptions; k++) {
			json_t *o = json_array_get(arr, k);
			q->options[k].key = dup(a, json_string_value(json_object_get(o, "key")));
			q->options[k].label = dup(a, json_string_value(json_object_get(o, "label")));
		}
	}
	json_decref(arr);
}

static void parse_model(struct gx_arena *a, const char *text, struct survey_def *def)
{
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	json_t *paths = json_object_get(o, "paths");
	if (json_is_array(paths)) {
		def->npaths = json_array_size(paths);
		def->paths = gx_arena_calloc(a, def->npaths + 1, sizeof *def->paths);
		for (size_t p = 0; p < def->npaths; p++) {
			def->paths[p].from = dup(a, json_string_value(json_array_get(json_array_get(paths, p), 0)));
			def->paths[p].to = dup(a, json_string_value(json_array_get(json_array_get(paths, p), 1)));
		}
	}
	json_decref(o);
}

static enum gx_err load_sections(struct store *s, int64_t id, struct gx_arena *a, struct survey_def *def,
                                 struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT id, title, kind FROM survey_sections WHERE survey_id = ? ORDER BY position",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	size_t cap = 0;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		def->sections = grow(a, def->sections, def->nsections, &cap, sizeof *def->sections);
		struct survey_section *sec = &def->sections[def->nsections++];
		sec->id = db_col_i64(s, st, 0);
		sec->title = dup(a, db_col_text(s, st, 1));
		const char *kind = db_col_text(s, st, 2);
		sec->demographic = kind && strcmp(kind, "demographic") == 0;
	}
	db_reset(s, st);
	return e;
}

static enum gx_err load_questions(struct store *s, int64_t id, struct gx_arena *a, struct survey_def *def,
                                  struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, section_id, code, type, text, required, scale_min, scale_max, options,"
	                           " item, block FROM survey_questions WHERE survey_id = ? ORDER BY position",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	size_t cap = 0;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		def->questions = grow(a, def->questions, def->nquestions, &cap, sizeof *def->questions);
		struct survey_question *q = &def->questions[def->nquestions++];
		memset(q, 0, sizeof *q);
		q->id = db_col_i64(s, st, 0);
		int64_t sec = db_col_i64(s, st, 1);
		for (size_t k = 0; k < def->nsections; k++)
			if (def->sections[k].id == sec)
				q->section = k;
		q->code = dup(a, db_col_text(s, st, 2));
		int t = survey_qtype_parse(db_col_text(s, st, 3));
		q->type = t < 0 ? SURVEY_Q_TEXT : (enum survey_qtype)t;
		q->text = dup(a, db_col_text(s, st, 4));
		q->required = (int)db_col_i64(s, st, 5);
		q->scale_min = (int)db_col_i64(s, st, 6);
		q->scale_max = (int)db_col_i64(s, st, 7);
		parse_options(a, db_col_text(s, st, 8), q);
		q->item = (int)db_col_i64(s, st, 9);
		q->block = dup(a, db_col_text(s, st, 10));
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_load(struct store *s, int64_t id, struct gx_arena *a, struct survey_def *def,
                              int *found, struct gx_error *err)
{
	memset(def, 0, sizeof *def);
	*found = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, version, code, title, description, template, anonymous, randomize,"
	                           " schedule_months, model, created_at FROM surveys WHERE id = ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		def->id = db_col_i64(s, st, 0);
		def->version = db_col_i64(s, st, 1);
		def->code = dup(a, db_col_text(s, st, 2));
		def->title = dup(a, db_col_text(s, st, 3));
		def->description = dup(a, db_col_text(s, st, 4));
		def->template_name = dup(a, db_col_text(s, st, 5));
		def->anonymous = (int)db_col_i64(s, st, 6);
		def->randomize = (int)db_col_i64(s, st, 7);
		def->schedule_months = (int)db_col_i64(s, st, 8);
		parse_model(a, db_col_text(s, st, 9), def);
		def->created_at = dup(a, db_col_text(s, st, 10));
	}
	db_reset(s, st);
	if (e == GX_OK && *found)
		e = load_sections(s, id, a, def, err);
	if (e == GX_OK && *found)
		e = load_questions(s, id, a, def, err);
	return e;
}

static enum gx_err find_by_code(struct store *s, const char *sql, const char *code, int64_t *id, int *found,
                                struct gx_error *err)
{
	return db_query_i64(s, sql, id, found, err, "t", code);
}

enum gx_err store_survey_find(struct store *s, const char *code, int64_t *id, int *found,
                              struct gx_error *err)
{
	return find_by_code(s, "SELECT id FROM surveys WHERE code = ?", code, id, found, err);
}

enum gx_err store_survey_list(struct store *s, struct gx_arena *a, struct survey_summary **rows,
                              size_t *n, struct gx_error *err)
{
	*rows = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT s.id, s.code, s.title, s.template, s.anonymous, s.schedule_months,"
	                           " (SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = s.id),"
	                           " (SELECT COUNT(*) FROM survey_waves w WHERE w.survey_id = s.id),"
	                           " (SELECT COUNT(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id"
	                           "  WHERE w.survey_id = s.id)"
	                           " FROM surveys s ORDER BY s.id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	size_t cap = 0;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*rows = grow(a, *rows, *n, &cap, sizeof **rows);
		struct survey_summary *r = &(*rows)[(*n)++];
		r->id = db_col_i64(s, st, 0);
		r->code = dup(a, db_col_text(s, st, 1));
		r->title = dup(a, db_col_text(s, st, 2));
		r->template_name = dup(a, db_col_text(s, st, 3));
		r->anonymous = (int)db_col_i64(s, st, 4);
		r->schedule_months = (int)db_col_i64(s, st, 5);
		r->questions = db_col_i64(s, st, 6);
		r->waves = db_col_i64(s, st, 7);
		r->responses = db_col_i64(s, st, 8);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_response_count(struct store *s, int64_t survey_id, int64_t *n,
                                        struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COUNT(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id"
	                    " WHERE w.survey_id = ?",
	                    n, NULL, err, "i", survey_id);
}

/* --- waves --------------------------------------------------------------------------------- */

enum gx_err store_survey_wave_insert(struct store *s, struct survey_wave *w, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO survey_waves (code, survey_id, name, opens_on, closes_on, seed, created_at,"
	                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    &w->id, NULL, err, "titttitt", w->code, w->survey_id, w->name, w->opens_on, w->closes_on,
	                    w->seed, now, now);
}

#define WAVE_COLS \
	"w.id, w.survey_id, w.code, w.name, w.opens_on, w.closes_on, w.closed_at, w.seed, w.created_at," \
	" (SELECT COUNT(*) FROM survey_invitations i WHERE i.wave_id = w.id)," \
	" (SELECT COUNT(*) FROM survey_responses r WHERE r.wave_id = w.id)"

static void read_wave(struct store *s, struct db_stmt *st, struct gx_arena *a, struct survey_wave *w)
{
	w->id = db_col_i64(s, st, 0);
	w->survey_id = db_col_i64(s, st, 1);
	w->code = dup(a, db_col_text(s, st, 2));
	w->name = dup(a, db_col_text(s, st, 3));
	w->opens_on = dup(a, db_col_text(s, st, 4));
	w->closes_on = dup(a, db_col_text(s, st, 5));
	w->closed_at = dup(a, db_col_text(s, st, 6));
	w->seed = db_col_i64(s, st, 7);
	w->created_at = dup(a, db_col_text(s, st, 8));
	w->invited = db_col_i64(s, st, 9);
	w->responses = db_col_i64(s, st, 10);
}

enum gx_err store_survey_wave_get(struct store *s, int64_t id, struct gx_arena *a, struct survey_wave *w,
                                  int *found, struct gx_error *err)
{
	memset(w, 0, sizeof *w);
	*found = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT " WAVE_COLS " FROM survey_waves w WHERE w.id = ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		read_wave(s, st, a, w);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_wave_find(struct store *s, const char *code, int64_t *id, int *found,
                                   struct gx_error *err)
{
	return find_by_code(s, "SELECT id FROM survey_waves WHERE code = ?", code, id, found, err);
}

enum gx_err store_survey_wave_list(struct store *s, int64_t survey_id, struct gx_arena *a,
                                   struct survey_wave **rows, size_t *n, struct gx_error *err)
{
	*rows = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT " WAVE_COLS " FROM survey_waves w WHERE w.survey_id = ?"
	                              " ORDER BY w.opens_on, w.id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", survey_id);
	size_t cap = 0;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*rows = grow(a, *rows, *n, &cap, sizeof **rows);
		read_wave(s, st, a, &(*rows)[(*n)++]);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_wave_close(struct store *s, int64_t id, const char *at, int *changed,
                                    struct gx_error *err)
{
	int64_t n = 0;
	enum gx_err e = db_exec(s,
	                        "UPDATE survey_waves SET closed_at = ?, updated_at = ?, version = version + 1"
	                        " WHERE id = ? AND closed_at IS NULL",
	                        &n, err, "tti", at, at, id);
	*changed = n > 0;
	return e;
}

/* --- invitations and responses ---------------------------------------------------------------- */

enum gx_err store_survey_invitation_insert(struct store *s, int64_t wave_id, int64_t customer_id,
                                           const char *token_hash, int64_t *id, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO survey_invitations (wave_id, customer_id, token_hash, created_at)"
	                    " VALUES (?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "iItt", wave_id, customer_id, token_hash, now);
}

enum gx_err store_survey_invitation_by_hash(struct store *s, const char *token_hash, struct gx_arena *a,
                                            struct survey_invitation_row *out, int *found,
                                            struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	*found = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT id, wave_id, customer_id, used_at FROM survey_invitations"
	                              " WHERE token_hash = ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", token_hash);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		out->id = db_col_i64(s, st, 0);
		out->wave_id = db_col_i64(s, st, 1);
		out->customer_id = db_col_is_null(s, st, 2) ? 0 : db_col_i64(s, st, 2);
		out->used_at = dup(a, db_col_text(s, st, 3));
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_invitation_use(struct store *s, int64_t id, const char *at, int *changed,
                                        struct gx_error *err)
{
	int64_t n = 0;
	enum gx_err e = db_exec(s, "UPDATE survey_invitations SET used_at = ? WHERE id = ? AND used_at IS NULL", &n,
	                        err, "ti", at, id);
	*changed = n > 0;
	return e;
}

enum gx_err store_survey_response_insert(struct store *s, int64_t wave_id, int64_t invitation_id,
                                         int64_t customer_id, const char *at, const char *item_order,
                                         int64_t *id, struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO survey_responses (wave_id, invitation_id, customer_id, submitted_at, item_order)"
	                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "iIItt", wave_id, invitation_id, customer_id, at, item_order);
}

enum gx_err store_survey_answer_insert(struct store *s, int64_t response_id, int64_t question_id,
                                       int has_a, int64_t a, int has_b, int64_t b, const char *text,
                                       struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "INSERT INTO survey_answers (response_id, question_id, value_a, value_b, text)"
	                           " VALUES (?, ?, ?, ?, ?)",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "iinnt", response_id, question_id, text);
	if (has_a)
		s->drv->bind_i64(st, 3, a);
	if (has_b)
		s->drv->bind_i64(st, 4, b);
	int row = 0;
	e = db_step(s, st, &row, err);
	db_reset(s, st);
	return e;
}

enum gx_err store_survey_wave_answers(struct store *s, int64_t wave_id, struct gx_arena *a,
                                      struct survey_answer_row **rows, size_t *n,
                                      struct gx_error *err)
{
	*rows = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT a.response_id, a.question_id, a.value_a, a.value_b, a.text, r.customer_id"
	                           " FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
	                           " WHERE r.wave_id = ? ORDER BY a.response_id, a.question_id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", wave_id);
	size_t cap = 0;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*rows = grow(a, *rows, *n, &cap, sizeof **rows);
		struct survey_answer_row *r = &(*rows)[(*n)++];
		r->response_id = db_col_i64(s, st, 0);
		r->question_id = db_col_i64(s, st, 1);
		r->has_a = !db_col_is_null(s, st, 2);
		r->a = r->has_a ? db_col_i64(s, st, 2) : 0;
		r->has_b = !db_col_is_null(s, st, 3);
		r->b = r->has_b ? db_col_i64(s, st, 3) : 0;
		r->text = dup(a, db_col_text(s, st, 4));
		r->customer_id = db_col_is_null(s, st, 5) ? 0 : db_col_i64(s, st, 5);
	}
	db_reset(s, st);
	return e;
}
