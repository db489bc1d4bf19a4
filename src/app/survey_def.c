/* The questionnaire as data (guanxi/survey.h): question types and their scales, the rules a
 * questionnaire must obey (survey_def_check, run on every path into the database), and its
 * JSON form, which is both the designer's file format and the API's body. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "guanxi/utf8.h"

static const char *const qtype_names[SURVEY_Q_NTYPES] = {
	"imp_sat", "kano", "servqual", "nps", "likert", "single", "multiple", "text", "number",
};

const char *survey_qtype_name(enum survey_qtype t)
{
	return (unsigned)t < SURVEY_Q_NTYPES ? qtype_names[t] : NULL;
}

int survey_qtype_parse(const char *name)
{
	for (int i = 0; name && i < SURVEY_Q_NTYPES; i++)
		if (strcmp(name, qtype_names[i]) == 0)
			return i;
	return -1;
}

int survey_qtype_is_pair(enum survey_qtype t)
{
	return t == SURVEY_Q_IMP_SAT || t == SURVEY_Q_KANO || t == SURVEY_Q_SERVQUAL;
}

void survey_question_default_scale(struct survey_question *q)
{
	switch (q->type) {
	case SURVEY_Q_KANO: q->scale_min = 1; q->scale_max = 5; break;
	case SURVEY_Q_NPS: q->scale_min = 0; q->scale_max = 10; break;
	case SURVEY_Q_SERVQUAL:
		if (!q->scale_min && !q->scale_max) {
			q->scale_min = 1;
			q->scale_max = 7;
		}
		break;
	case SURVEY_Q_IMP_SAT: case SURVEY_Q_LIKERT:
		if (!q->scale_min && !q->scale_max) {
			q->scale_min = 1;
			q->scale_max = 5;
		}
		break;
	case SURVEY_Q_NUMBER:
		if (!q->scale_min && !q->scale_max)
			q->scale_max = 999999999;
		break;
	default: q->scale_min = q->scale_max = 0; break;
	}
}

/* [a-z0-9_], 1..32 characters. */
static int key_ok(const char *k)
{
	size_t n = k ? strlen(k) : 0;
	if (n == 0 || n > 32)
		return 0;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

static int text_ok(const char *s, size_t max_chars)
{
	if (!s || !*s || !gx_utf8_valid(s, strlen(s), NULL))
		return 0;
	return gx_utf8_length(s, strlen(s)) <= max_chars;
}

static enum gx_err qerr(struct gx_error *err, const struct survey_question *q, size_t i, const char *why)
{
	return gx_error_set(err, GX_EINVAL, "questions", _("question %zu (%s): %s"), i + 1,
	                    q->code ? q->code : "?", why);
}

static enum gx_err check_question(const struct survey_def *def, size_t i, struct gx_error *err)
{
	const struct survey_question *q = &def->questions[i];
	if (!key_ok(q->code))
		return qerr(err, q, i, _("the code must be 1–32 characters of a–z, 0–9 and _"));
	for (size_t j = 0; j < i; j++)
		if (strcmp(def->questions[j].code, q->code) == 0)
			return qerr(err, q, i, _("the code is used by an earlier question"));
	if ((unsigned)q->type >= SURVEY_Q_NTYPES)
		return qerr(err, q, i, _("unknown question type"));
	if (!text_ok(q->text, 1000))
		return qerr(err, q, i, _("the question text must be 1–1000 characters of valid UTF-8"));
	if (q->section >= def->nsections)
		return qerr(err, q, i, _("it names a section that does not exist"));
	if (q->type == SURVEY_Q_IMP_SAT || q->type == SURVEY_Q_SERVQUAL || q->type == SURVEY_Q_LIKERT) {
		if (q->scale_min < 0 || q->scale_max > 100 || q->scale_max - q->scale_min < 1 ||
		    q->scale_max - q->scale_min > 10)
			return qerr(err, q, i, _("the scale must have 2–11 points between 0 and 100"));
	}
	if (q->type == SURVEY_Q_NUMBER && q->scale_min > q->scale_max)
		return qerr(err, q, i, _("the lowest allowed number is above the highest"));
	int choice = q->type == SURVEY_Q_SINGLE || q->type == SURVEY_Q_MULTIPLE;
	if (choice && (q->noptions < 2 || q->noptions > 50))
		return qerr(err, q, i, _("a choice question needs 2–50 options"));
	if (!choice && q->noptions)
		return qerr(err, q, i, _("only choice questions have options"));
	for (size_t k = 0; k < q->noptions; k++) {
		if (!key_ok(q->options[k].key))
			return qerr(err, q, i, _("an option key must be 1–32 characters of a–z, 0–9 and _"));
		if (!text_ok(q->options[k].label, 200))
			return qerr(err, q, i, _("an option label must be 1–200 characters"));
		for (size_t m = 0; m < k; m++)
			if (strcmp(q->options[m].key, q->options[k].key) == 0)
				return qerr(err, q, i, _("two options have the same key"));
	}
	if (q->type == SURVEY_Q_SERVQUAL) {
		if (q->item < 1 || q->item > 22)
			return qerr(err, q, i, _("a SERVQUAL question needs its item number 1–22"));
		for (size_t j = 0; j < i; j++)
			if (def->questions[j].type == SURVEY_Q_SERVQUAL && def->questions[j].item == q->item)
				return qerr(err, q, i, _("the SERVQUAL item number is used by an earlier question"));
	} else if (q->item) {
		return qerr(err, q, i, _("only SERVQUAL questions have an item number"));
	}
	if (q->block && (q->type != SURVEY_Q_LIKERT || !key_ok(q->block)))
		return qerr(err, q, i, _("a block (latent variable) is a code of a–z, 0–9, _ on a likert question"));
	return GX_OK;
}

static int block_exists(const struct survey_def *def, const char *name)
{
	for (size_t i = 0; i < def->nquestions; i++)
		if (def->questions[i].block && strcmp(def->questions[i].block, name) == 0)
			return 1;
	return 0;
}

enum gx_err survey_def_check(struct survey_def *def, struct gx_error *err)
{
	if (!def->code || !*def->code || strlen(def->code) > 64 || strpbrk(def->code, " \t\r\n"))
		return gx_error_set(err, GX_EINVAL, "code", "%s",
		                    _("a survey code is 1–64 characters without spaces"));
	if (!text_ok(def->title, 200))
		return gx_error_set(err, GX_EINVAL, "title", "%s",
		                    _("a survey title is 1–200 characters of valid UTF-8"));
	if (def->description && *def->description && !text_ok(def->description, 4000))
		return gx_error_set(err, GX_EINVAL, "description", "%s",
		                    _("the description is at most 4000 characters of valid UTF-8"));
	if (def->schedule_months != 0 && def->schedule_months != 6 && def->schedule_months != 12)
		return gx_error_set(err, GX_EINVAL, "schedule_months", "%s",
		                    _("the schedule is 0 (none), 6 or 12 months"));
	if (def->nsections == 0 || def->nsections > 50)
		return gx_error_set(err, GX_EINVAL, "sections", "%s", _("a survey has 1–50 sections"));
	for (size_t s = 0; s < def->nsections; s++)
		if (!text_ok(def->sections[s].title, 200))
			return gx_error_set(err, GX_EINVAL, "sections", _("section %zu: the title must be 1–200 characters"),
			                    s + 1);
	if (def->nquestions == 0 || def->nquestions > 500)
		return gx_error_set(err, GX_EINVAL, "questions", "%s", _("a survey has 1–500 questions"));
	for (size_t i = 0; i < def->nquestions; i++) {
		survey_question_default_scale(&def->questions[i]);
		enum gx_err e = check_question(def, i, err);
		if (e != GX_OK)
			return e;
	}
	for (size_t p = 0; p < def->npaths; p++) {
		const struct survey_path *pa = &def->paths[p];
		if (!pa->from || !pa->to || !block_exists(def, pa->from) || !block_exists(def, pa->to) ||
		    strcmp(pa->from, pa->to) == 0)
			return gx_error_set(err, GX_EINVAL, "paths", _("path %zu: both ends must be different blocks of likert questions"),
			                    p + 1);
	}
	return GX_OK;
}

/* --- JSON ------------------------------------------------------------------------------- */

static const char *jstr(json_t *o, const char *k, struct gx_arena *a)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? gx_arena_strdup(a, json_string_value(v)) : NULL;
}

static int jbool(json_t *o, const char *k, int def)
{
	json_t *v = json_object_get(o, k);
	return json_is_boolean(v) ? json_is_true(v) : json_is_integer(v) ? json_integer_value(v) != 0 : def;
}

static int jint(json_t *o, const char *k, int def)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		return def;
	json_int_t x = json_integer_value(v);
	return x < -1000000000 || x > 1000000000 ? -1 : (int)x;
}

static enum gx_err parse_question(json_t *jq, size_t section, size_t idx, struct gx_arena *a,
                                  struct survey_question *q, struct gx_error *err)
{
	if (!json_is_object(jq))
		return gx_error_set(err, GX_EINVAL, "questions", _("question %zu: expected an object"), idx + 1);
	memset(q, 0, sizeof *q);
	q->section = section;
	q->code = jstr(jq, "code", a);
	const char *type = jstr(jq, "type", a);
	int t = survey_qtype_parse(type);
	if (t < 0)
		return gx_error_set(err, GX_EINVAL, "questions",
		                    _("question %zu (%s): unknown type \"%s\" (imp_sat, kano, servqual, nps, likert, single, multiple, text, number)"),
		                    idx + 1, q->code ? q->code : "?", type ? type : "");
	q->type = (enum survey_qtype)t;
	q->text = jstr(jq, "text", a);
	q->required = jbool(jq, "required", 1);
	q->scale_min = jint(jq, "scale_min", 0);
	q->scale_max = jint(jq, "scale_max", 0);
	q->item = jint(jq, "item", 0);
	q->block = jstr(jq, "block", a);
	json_t *opts = json_object_get(jq, "options");
	if (json_is_array(opts)) {
		q->noptions = json_array_size(opts);
		q->options = gx_arena_calloc(a, q->noptions + 1, sizeof *q->options);
		for (size_t k = 0; k < q->noptions; k++) {
			json_t *o = json_array_get(opts, k);
			q->options[k].key = jstr(o, "key", a);
			q->options[k].label = jstr(o, "label", a);
		}
	} else if (opts && !json_is_null(opts)) {
		return gx_error_set(err, GX_EINVAL, "questions", _("question %zu (%s): options must be an array"),
		                    idx + 1, q->code ? q->code : "?");
	}
	return GX_OK;
}

enum gx_err survey_def_from_json(const char *text, struct gx_arena *a, struct survey_def *def,
                                 struct gx_error *err)
{
	memset(def, 0, sizeof *def);
	json_error_t je;
	json_t *root = json_loads(text, 0, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return gx_error_set(err, GX_EINVAL, NULL, _("the questionnaire is not a JSON object (line %d: %s)"),
		                    je.line, je.text);
	}
	enum gx_err e = GX_OK;
	def->code = jstr(root, "code", a);
	def->title = jstr(root, "title", a);
	def->description = jstr(root, "description", a);
	def->template_name = jstr(root, "template", a);
	def->anonymous = jbool(root, "anonymous", 0);
	def->randomize = jbool(root, "randomize", 1);
	def->schedule_months = jint(root, "schedule_months", 0);
	json_t *secs = json_object_get(root, "sections");
	if (!json_is_array(secs)) {
		e = gx_error_set(err, GX_EINVAL, "sections", "%s",
		                 _("the questionnaire needs \"sections\": [{\"title\": …, \"questions\": […]}, …]"));
		goto out;
	}
	def->nsections = json_array_size(secs);
	def->sections = gx_arena_calloc(a, def->nsections + 1, sizeof *def->sections);
	size_t total = 0;
	for (size_t s = 0; s < def->nsections; s++) {
		json_t *qs = json_object_get(json_array_get(secs, s), "questions");
		total += json_is_array(qs) ? json_array_size(qs) : 0;
	}
	def->questions = gx_arena_calloc(a, total + 1, sizeof *def->questions);
	for (size_t s = 0; s < def->nsections && e == GX_OK; s++) {
		json_t *js = json_array_get(secs, s);
		def->sections[s].title = jstr(js, "title", a);
		def->sections[s].demographic = jbool(js, "demographic", 0);
		json_t *qs = json_object_get(js, "questions");
		for (size_t k = 0; json_is_array(qs) && k < json_array_size(qs) && e == GX_OK; k++) {
			e = parse_question(json_array_get(qs, k), s, def->nquestions, a,
			                   &def->questions[def->nquestions], err);
			def->nquestions++;
		}
	}
	json_t *paths = json_object_get(json_object_get(root, "model"), "paths");
	if (e == GX_OK && json_is_array(paths)) {
		def->npaths = json_array_size(paths);
		def->paths = gx_arena_calloc(a, def->npaths + 1, sizeof *def->paths);
		for (size_t p = 0; p < def->npaths; p++) {
			json_t *jp = json_array_get(paths, p);
			if (json_is_string(json_array_get(jp, 0)))
				def->paths[p].from = gx_arena_strdup(a, json_string_value(json_array_get(jp, 0)));
			if (json_is_string(json_array_get(jp, 1)))
				def->paths[p].to = gx_arena_strdup(a, json_string_value(json_array_get(jp, 1)));
		}
	}
out:
	json_decref(root);
	return e;
}

static json_t *question_json(const struct survey_question *q)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "code", q->code, "type", survey_qtype_name(q->type),
	                      "text", q->text, "required", q->required);
	if (q->id)
		json_object_set_new(o, "id", json_integer(q->id));
	if (q->scale_min || q->scale_max) {
		json_object_set_new(o, "scale_min", json_integer(q->scale_min));
		json_object_set_new(o, "scale_max", json_integer(q->scale_max));
	}
	if (q->item)
		json_object_set_new(o, "item", json_integer(q->item));
	if (q->block)
		json_object_set_new(o, "block", json_string(q->block));
	if (q->noptions) {
		json_t *arr = json_array();
		for (size_t k = 0; k < q->noptions; k++)
			json_array_append_new(arr, json_pack("{s:s, s:s}", "key", q->options[k].key, "label",
			                                     q->options[k].label));
		json_object_set_new(o, "options", arr);
	}
	return o;
}

char *survey_def_to_json(const struct survey_def *def, struct gx_arena *a)
{
	json_t *root = json_pack("{s:s?, s:s?, s:s?, s:s?, s:b, s:b, s:i}", "code", def->code, "title", def->title,
	                         "description", def->description, "template", def->template_name,
	                         "anonymous", def->anonymous, "randomize", def->randomize,
	                         "schedule_months", def->schedule_months);
	if (def->id)
		json_object_set_new(root, "id", json_integer(def->id));
	json_t *secs = json_array();
	for (size_t s = 0; s < def->nsections; s++) {
		json_t *qs = json_array();
		for (size_t i = 0; i < def->nquestions; i++)
			if (def->questions[i].section == s)
				json_array_append_new(qs, question_json(&def->questions[i]));
		json_array_append_new(secs, json_pack("{s:s, s:b, s:o}", "title", def->sections[s].title,
		                                      "demographic", def->sections[s].demographic, "questions", qs));
	}
	json_object_set_new(root, "sections", secs);
	if (def->npaths) {
		json_t *paths = json_array();
		for (size_t p = 0; p < def->npaths; p++)
			json_array_append_new(paths, json_pack("[s, s]", def->paths[p].from, def->paths[p].to));
		json_object_set_new(root, "model", json_pack("{s:o}", "paths", paths));
	}
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	char *out = gx_arena_strdup(a, s ? s : "{}");
	free(s);
	return out;
}
