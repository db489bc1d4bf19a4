/* Invitations and responses: single-use random tokens (32 bytes from libsodium, URL-safe
 * base64 in the link, only their SHA-256 stored), the form a token opens (SERVQUAL items in
 * the respondent's seeded random order, MODELS.md M6), and the submission, whose every answer
 * is checked before anything is written; the token is spent in the same transaction. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/analytics/servqual.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "guanxi/survey_store.h"

static void token_hash(const char *token, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, d, sizeof d);
}

static int token_well_formed(const char *t)
{
	if (!t || strlen(t) != SURVEY_TOKEN_LEN)
		return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return 0;
	return 1;
}

static enum gx_err wave_accepts(const struct survey_wave *w, const char *today, struct gx_error *err)
{
	const char *state = survey_wave_state(w, today);
	if (strcmp(state, "closed") == 0)
		return gx_error_set(err, GX_ECONFLICT, "wave", _("survey wave %s is closed (it ran %s to %s): answers are no longer accepted"),
		                    w->code, w->opens_on, w->closes_on);
	if (strcmp(state, "scheduled") == 0)
		return gx_error_set(err, GX_ECONFLICT, "wave", _("survey wave %s opens on %s: answers are not accepted yet"),
		                    w->code, w->opens_on);
	return GX_OK;
}

enum gx_err app_survey_invite(struct app *app, int64_t wave_id, const int64_t *customer_ids,
                              size_t count, struct gx_arena *a, struct survey_invitation **out,
                              struct gx_error *err)
{
	*out = NULL;
	if (count == 0 || count > 10000)
		return gx_error_set(err, GX_EINVAL, "count", "%s", _("invite 1–10000 respondents at a time"));
	struct survey_wave w;
	enum gx_err e = app_survey_wave_get(app, wave_id, a, &w, err);
	char today[11];
	app_survey_today(app, today);
	if (e == GX_OK && strcmp(survey_wave_state(&w, today), "closed") == 0)
		e = gx_error_set(err, GX_ECONFLICT, "wave", _("survey wave %s is closed: no more invitations"), w.code);
	if (e != GX_OK || (e = store_begin(app->store, err)) != GX_OK)
		return e;
	struct survey_invitation *inv = gx_arena_calloc(a, count, sizeof *inv);
	for (size_t i = 0; i < count && e == GX_OK; i++) {
		if (customer_ids) {
			struct record c;
			if ((e = app_customer_get(app, customer_ids[i], 0, a, &c, err)) != GX_OK)
				break;
			inv[i].customer_id = c.id;
			inv[i].customer_code = record_text(&c, "code");
		}
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(inv[i].token, sizeof inv[i].token, raw, sizeof raw,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		sodium_memzero(raw, sizeof raw);
		char hash[65];
		token_hash(inv[i].token, hash);
		e = store_survey_invitation_insert(app->store, wave_id, inv[i].customer_id, hash, &inv[i].id, err);
	}
	if (e == GX_OK) {
		const char *changes = gx_arena_printf(a, "{\"invitations\": %zu, \"linked\": %s}", count,
		                                      customer_ids ? "true" : "false");
		e = app_survey_audit(app, "invite", "survey_wave", wave_id, changes, 0, err);
	}
	if (e != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	if ((e = store_commit(app->store, err)) == GX_OK)
		*out = inv;
	return e;
}

/* The invitation behind a token, refusing bad, unknown and used ones. */
static enum gx_err find_invitation(struct app *app, const char *token, struct gx_arena *a,
                                   struct survey_invitation_row *inv, struct gx_error *err)
{
	if (!token_well_formed(token))
		return gx_error_set(err, GX_ENOTFOUND, "token", "%s", _("this survey link is not valid (check that it was copied whole)"));
	char hash[65];
	token_hash(token, hash);
	int found = 0;
	enum gx_err e = store_survey_invitation_by_hash(app->store, hash, a, inv, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "token", "%s", _("this survey link is not valid (check that it was copied whole)"));
	if (e == GX_OK && inv->used_at)
		e = gx_error_set(err, GX_ECONFLICT, "token", _("this survey link was already used (answers received %s); each link takes one response"),
		                 inv->used_at);
	return e;
}

/* The respondent's SERVQUAL item order as a JSON array of item numbers, and the question
 * indexes of the SERVQUAL items in that order (NULL when the survey does not randomise). */
static const char *servqual_order(const struct survey_def *def, const struct survey_wave *w, int64_t respondent,
                                  struct gx_arena *a, size_t *idx, size_t *n)
{
	*n = 0;
	if (!def->randomize)
		return NULL;
	int order[GX_SERVQUAL_ITEMS];
	gx_servqual_item_order((uint64_t)w->seed, (uint64_t)respondent, order);
	char *json = gx_arena_calloc(a, 22 * 4 + 4, 1);
	strcat(json, "[");
	for (int k = 0; k < GX_SERVQUAL_ITEMS; k++)
		for (size_t i = 0; i < def->nquestions; i++)
			if (def->questions[i].type == SURVEY_Q_SERVQUAL && def->questions[i].item == order[k]) {
				snprintf(json + strlen(json), 8, "%s%d", *n ? "," : "", order[k]);
				idx[(*n)++] = i;
			}
	strcat(json, "]");
	return *n > 1 ? json : NULL;
}

enum gx_err app_survey_form(struct app *app, const char *token, struct gx_arena *a,
                            struct survey_form *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	struct survey_invitation_row inv;
	enum gx_err e = find_invitation(app, token, a, &inv, err);
	if (e == GX_OK)
		e = app_survey_wave_get(app, inv.wave_id, a, &out->wave, err);
	char today[11];
	app_survey_today(app, today);
	if (e == GX_OK)
		e = wave_accepts(&out->wave, today, err);
	if (e == GX_OK)
		e = app_survey_load(app, out->wave.survey_id, a, &out->def, err);
	if (e != GX_OK)
		return e;
	out->invitation_id = inv.id;
	/* SERVQUAL items take the places of the SERVQUAL items, in the respondent's order, all
	 * under the first SERVQUAL section so the dimension titles do not group them. */
	size_t *idx = gx_arena_calloc(a, out->def.nquestions + 1, sizeof *idx), n = 0;
	if (servqual_order(&out->def, &out->wave, inv.id, a, idx, &n)) {
		struct survey_question *orig = gx_arena_calloc(a, out->def.nquestions, sizeof *orig);
		memcpy(orig, out->def.questions, out->def.nquestions * sizeof *orig);
		size_t slot = 0, first_section = orig[idx[0]].section;
		for (size_t i = 0; i < out->def.nquestions; i++)
			if (orig[i].type == SURVEY_Q_SERVQUAL && orig[i].section < first_section)
				first_section = orig[i].section;
		for (size_t i = 0; i < out->def.nquestions && slot < n; i++)
			if (orig[i].type == SURVEY_Q_SERVQUAL) {
				out->def.questions[i] = orig[idx[slot++]];
				out->def.questions[i].section = first_section;
			}
	}
	return GX_OK;
}

/* --- answers ------------------------------------------------------------------------------- */

struct parsed_answer {
	int present;
	int has_a, has_b;
	int64_t a, b;
	const char *text;
};

static const char *half_name(enum survey_qtype t, int second)
{
	switch (t) {
	case SURVEY_Q_IMP_SAT: return second ? _("satisfaction") : _("importance");
	case SURVEY_Q_KANO: return second ? _("the answer if it is absent") : _("the answer if it is present");
	case SURVEY_Q_SERVQUAL: return second ? _("perception") : _("expectation");
	default: return _("the answer");
	}
}

static enum gx_err bad(struct gx_error *err, const struct survey_question *q, const char *why)
{
	return gx_error_set(err, GX_EINVAL, q->code, _("question %s (%s): %s"), q->code, q->text, why);
}

static enum gx_err scaled(const struct survey_question *q, json_t *v, int second, int64_t *out,
                          struct gx_arena *a, struct gx_error *err)
{
	if (!json_is_integer(v))
		return bad(err, q, gx_arena_printf(a, _("%s must be a whole number from %d to %d"), half_name(q->type, second),
		                                   q->scale_min, q->scale_max));
	json_int_t x = json_integer_value(v);
	if (x < q->scale_min || x > q->scale_max)
		return bad(err, q, gx_arena_printf(a, _("%s %lld is outside the scale %d–%d"), half_name(q->type, second),
		                                   (long long)x, q->scale_min, q->scale_max));
	*out = (int64_t)x;
	return GX_OK;
}

static int has_option(const struct survey_question *q, const char *key)
{
	for (size_t k = 0; k < q->noptions; k++)
		if (strcmp(q->options[k].key, key) == 0)
			return 1;
	return 0;
}

static enum gx_err parse_one(const struct survey_question *q, json_t *v, struct parsed_answer *p,
                             struct gx_arena *a, struct gx_error *err)
{
	memset(p, 0, sizeof *p);
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	    (json_is_array(v) && json_array_size(v) == 0))
		return q->required ? bad(err, q, _("an answer is required")) : GX_OK;
	p->present = 1;
	enum gx_err e = GX_OK;
	switch (q->type) {
	case SURVEY_Q_IMP_SAT: case SURVEY_Q_KANO: case SURVEY_Q_SERVQUAL:
		if (!json_is_array(v) || json_array_size(v) != 2)
			return bad(err, q, gx_arena_printf(a, _("expected two answers [%s, %s]"), half_name(q->type, 0),
			                                   half_name(q->type, 1)));
		if ((e = scaled(q, json_array_get(v, 0), 0, &p->a, a, err)) != GX_OK ||
		    (e = scaled(q, json_array_get(v, 1), 1, &p->b, a, err)) != GX_OK)
			return e;
		p->has_a = p->has_b = 1;
		return GX_OK;
	case SURVEY_Q_NPS: case SURVEY_Q_LIKERT: case SURVEY_Q_NUMBER:
		p->has_a = 1;
		return scaled(q, v, 0, &p->a, a, err);
	case SURVEY_Q_SINGLE:
		if (!json_is_string(v) || !has_option(q, json_string_value(v)))
			return bad(err, q, _("the answer must be one of the question's option keys"));
		p->text = gx_arena_strdup(a, json_string_value(v));
		return GX_OK;
	case SURVEY_Q_MULTIPLE: {
		if (!json_is_array(v))
			return bad(err, q, _("expected an array of option keys"));
		size_t n = json_array_size(v), len = 0;
		for (size_t i = 0; i < n; i++) {
			json_t *k = json_array_get(v, i);
			if (!json_is_string(k) || !has_option(q, json_string_value(k)))
				return bad(err, q, _("every answer must be one of the question's option keys"));
			for (size_t j = 0; j < i; j++)
				if (strcmp(json_string_value(json_array_get(v, j)), json_string_value(k)) == 0)
					return bad(err, q, _("an option is chosen twice"));
			len += strlen(json_string_value(k)) + 1;
		}
		char *t = gx_arena_calloc(a, len + 1, 1);
		for (size_t i = 0; i < n; i++) {
			if (i)
				strcat(t, ";");
			strcat(t, json_string_value(json_array_get(v, i)));
		}
		p->text = t;
		return GX_OK;
	}
	case SURVEY_Q_TEXT:
		if (!json_is_string(v))
			return bad(err, q, _("expected text"));
		{
			/* jansson guarantees UTF-8; count characters, not bytes */
			const char *s = json_string_value(v);
			size_t chars = 0;
			for (const char *c = s; *c; c++)
				chars += ((unsigned char)*c & 0xC0) != 0x80;
			if (chars > 2000)
				return bad(err, q, _("the text is longer than 2000 characters"));
			p->text = gx_arena_strdup(a, s);
		}
		return GX_OK;
	default:
		return bad(err, q, _("unknown question type"));
	}
}

/* Parses and checks every answer; nothing is written here. */
static enum gx_err parse_answers(const struct survey_def *def, const char *json, struct gx_arena *a,
                                 struct parsed_answer *out, struct gx_error *err)
{
	json_error_t je;
	json_t *root = json ? json_loads(json, 0, &je) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return gx_error_set(err, GX_EINVAL, "answers", "%s",
		                    _("the answers must be a JSON object {\"question code\": answer, …}"));
	}
	enum gx_err e = GX_OK;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		size_t i = 0;
		while (i < def->nquestions && strcmp(def->questions[i].code, key) != 0)
			i++;
		if (i == def->nquestions) {
			e = gx_error_set(err, GX_EINVAL, "answers", _("there is no question \"%s\" in survey %s"), key, def->code);
			break;
		}
	}
	for (size_t i = 0; e == GX_OK && i < def->nquestions; i++)
		e = parse_one(&def->questions[i], json_object_get(root, def->questions[i].code), &out[i], a, err);
	json_decref(root);
	return e;
}

static enum gx_err write_response(struct app *app, const struct survey_def *def, const struct survey_wave *w,
                                  int64_t invitation_id, int64_t customer_id, const char *item_order,
                                  const struct parsed_answer *ans, int64_t *response_id, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	enum gx_err e = store_survey_response_insert(app->store, w->id, invitation_id, customer_id, now, item_order,
	                                             response_id, err);
	for (size_t i = 0; e == GX_OK && i < def->nquestions; i++)
		if (ans[i].present)
			e = store_survey_answer_insert(app->store, *response_id, def->questions[i].id, ans[i].has_a, ans[i].a,
			                               ans[i].has_b, ans[i].b, ans[i].text, err);
	if (e == GX_OK)
		e = app_survey_audit(app, "create", "survey_response", *response_id, NULL, 0, err);
	return e;
}

static enum gx_err submit_once(struct app *app, const char *token, const char *answers_json,
                               int64_t *response_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct survey_form form;
	enum gx_err e = app_survey_form(app, token, &a, &form, err);
	struct parsed_answer *ans = NULL;
	if (e == GX_OK) {
		ans = gx_arena_calloc(&a, form.def.nquestions + 1, sizeof *ans);
		e = parse_answers(&form.def, answers_json, &a, ans, err);
	}
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		struct survey_invitation_row inv;
		int found = 0, changed = 0;
		char hash[65], now[32];
		token_hash(token, hash);
		gx_now_iso(now);
		e = store_survey_invitation_by_hash(app->store, hash, &a, &inv, &found, err);
		if (e == GX_OK)
			e = store_survey_invitation_use(app->store, inv.id, now, &changed, err);
		if (e == GX_OK && !changed)   /* another submission spent it meanwhile */
			e = gx_error_set(err, GX_ECONFLICT, "token", "%s",
			                 _("this survey link was already used; each link takes one response"));
		size_t *idx = gx_arena_calloc(&a, form.def.nquestions + 1, sizeof *idx), n = 0;
		const char *order = e == GX_OK ? servqual_order(&form.def, &form.wave, inv.id, &a, idx, &n) : NULL;
		int anon = form.def.anonymous;
		if (e == GX_OK)
			e = write_response(app, &form.def, &form.wave, anon ? 0 : inv.id, anon ? 0 : inv.customer_id, order,
			                   ans, response_id, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

/* On PostgreSQL, two submissions racing for one token can end in a serialization failure
 * (GX_EUNAVAIL) for the loser; tried again, it reads the spent token and gets the clear
 * "already used" answer instead of "busy". */
enum gx_err app_survey_submit(struct app *app, const char *token, const char *answers_json,
                              int64_t *response_id, struct gx_error *err)
{
	int outer = store_in_transaction(app->store);
	enum gx_err e = GX_OK;
	for (int attempt = 0; attempt < 4; attempt++) {
		e = submit_once(app, token, answers_json, response_id, err);
		if (e != GX_EUNAVAIL || outer)
			break;
	}
	return e;
}

enum gx_err app_survey_submit_direct(struct app *app, int64_t wave_id, int64_t customer_id,
                                     const char *answers_json, int allow_closed,
                                     int64_t *response_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct survey_wave w;
	struct survey_def def;
	char today[11];
	app_survey_today(app, today);
	enum gx_err e = app_survey_wave_get(app, wave_id, &a, &w, err);
	if (e == GX_OK && !allow_closed)
		e = wave_accepts(&w, today, err);
	if (e == GX_OK)
		e = app_survey_load(app, w.survey_id, &a, &def, err);
	if (e == GX_OK && customer_id && def.anonymous)
		e = gx_error_set(err, GX_EINVAL, "customer", _("survey %s is anonymous: a response cannot name a customer"),
		                 def.code);
	struct record c;
	if (e == GX_OK && customer_id)
		e = app_customer_get(app, customer_id, 0, &a, &c, err);
	struct parsed_answer *ans = NULL;
	if (e == GX_OK) {
		ans = gx_arena_calloc(&a, def.nquestions + 1, sizeof *ans);
		e = parse_answers(&def, answers_json, &a, ans, err);
	}
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		e = write_response(app, &def, &w, 0, customer_id, NULL, ans, response_id, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}
