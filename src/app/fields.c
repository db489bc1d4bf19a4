/* Field values from user text (CLI arguments, CSV/xlsx cells) and back to text: each field
 * type's validation, normalisation and display. The message of every error names the field
 * (by its label in the user's language) and says what is wrong with the value. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/app.h"
#include "guanxi/collate.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "guanxi/utf8.h"
#include "guanxi/validate.h"

static int default_max_len(const struct field_def *f)
{
	if (f->max_len)
		return f->max_len;
	switch (f->type) {
	case FT_CODE: return 64;
	case FT_JSON: return 100000;
	default: return 200;
	}
}

/* Trims ASCII and ideographic spaces at both ends. */
static const char *trim(const char *s, struct gx_arena *a)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += (*s == '\xE3') ? 3 : 1;
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return gx_arena_strndup(a, s, n);
}

static int parse_bool(const char *s, int64_t *v)
{
	static const char *const yes[] = {"1", "true", "yes", "y", "是", "对", "√", NULL};
	static const char *const no[] = {"0", "false", "no", "n", "否", "不", "×", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*v = 1;
			return 1;
		}
	for (int i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*v = 0;
			return 1;
		}
	return 0;
}

static enum gx_err resolve_ref(struct app *app, const struct field_def *f, const char *text,
                               struct gx_arena *a, int64_t *id, struct gx_error *err)
{
	const struct entity_def *ref = entity_by_name(f->ref_entity);
	if (!ref)
		return gx_error_set(err, GX_EINTERNAL, f->name, "unknown entity %s", f->ref_entity);
	int found = 0, deleted = 0;
	enum gx_err e = GX_OK;
	if (ref->code_field &&
	    (e = store_record_lookup(app->store, ref, ref->code_field, text, 0, id, &deleted, &found, err)))
		return e;
	if (!found) {
		/* "#123" or "123" as an id when no record has that code. */
		const char *num = text[0] == '#' ? text + 1 : text;
		char *end;
		long long v = strtoll(num, &end, 10);
		if (*num && !*end && v > 0 &&
		    (e = store_record_lookup(app->store, ref, NULL, NULL, v, id, &deleted, &found, err)))
			return e;
	}
	if (!found)
		return gx_error_set(err, GX_EINVAL, f->name, _("%s: no %s with code \"%s\""), field_label(f),
		                    gx_tr(ref->label_en), text);
	if (deleted)
		return gx_error_set(err, GX_EINVAL, f->name, _("%s: %s \"%s\" is in the recycle bin"),
		                    field_label(f), gx_tr(ref->label_en), text);
	return GX_OK;
}

static void set_norm(struct record *r, const struct field_def *f, const char *norm)
{
	if (f->norm_field)
		record_set_text(r, f->norm_field, norm);
}

enum gx_err app_field_set_text(struct app *app, struct record *r, const char *field,
                               const char *text, struct gx_arena *a, struct gx_error *err)
{
	int idx = entity_field_index(r->def, field);
	if (idx < 0)
		return gx_error_set(err, GX_EINVAL, field, _("unknown field %s"), field);
	const struct field_def *f = &r->def->fields[idx];
	if (f->flags & FF_SYSTEM)
		return gx_error_set(err, GX_EINVAL, field, _("%s is set by the system and cannot be given"),
		                    field_label(f));
	size_t bad;
	if (!gx_utf8_valid(text, strlen(text), &bad))
		return gx_error_set(err, GX_EINVAL, field, _("%s: invalid UTF-8 at byte %zu"), field_label(f),
		                    bad + 1);
	const char *v = f->type == FT_JSON || f->type == FT_TEXT ? text : trim(text, a);
	if (f->type == FT_TEXT) {
		/* Free text keeps inner line breaks but not surrounding blanks. */
		v = trim(text, a);
	}
	if (!*v) {
		record_set_null(r, field);
		if (f->norm_field)
			record_set_null(r, f->norm_field);
		if (f->sort_field)
			record_set_null(r, f->sort_field);
		return GX_OK;
	}
	int max = default_max_len(f);
	if ((int)gx_utf8_length(v, strlen(v)) > max)
		return gx_error_set(err, GX_EINVAL, field, _("%s is longer than %d characters"),
		                    field_label(f), max);
	enum gx_err e = GX_OK;
	switch (f->type) {
	case FT_TEXT:
		record_set_text(r, field, v);
		if (f->norm_field) {
			char *norm = NULL;
			if ((e = gx_name_normalize(v, a, &norm, field, err)) != GX_OK)
				return e;
			record_set_text(r, f->norm_field, norm);
		}
		if (f->sort_field) {
			char *key = NULL;
			if ((e = gx_collation_key(v, a, &key, err)) != GX_OK)
				return e;
			record_set_text(r, f->sort_field, key);
		}
		return GX_OK;
	case FT_CODE:
		for (const char *p = v; *p; p++)
			if (*p == ' ' || *p == '\t' || (unsigned char)*p < 0x20)
				return gx_error_set(err, GX_EINVAL, field, _("%s \"%s\" must not contain spaces"),
				                    field_label(f), v);
		record_set_text(r, field, v);
		return GX_OK;
	case FT_ENUM:
		for (int i = 0; f->choices[i]; i++)
			if (strcasecmp(v, f->choices[i]) == 0) {
				record_set_text(r, field, f->choices[i]);
				return GX_OK;
			}
		{
			char list[512] = "";
			for (int i = 0; f->choices[i]; i++) {
				strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
				strncat(list, f->choices[i], sizeof list - strlen(list) - 1);
			}
			return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not one of %s"),
			                    field_label(f), v, list);
		}
	case FT_LIST: {
		if (f->choices) {
			char *copy = gx_arena_strdup(a, v);
			for (char *tok = strtok(copy, ";"); tok; tok = strtok(NULL, ";")) {
				while (*tok == ' ')
					tok++;
				int ok = 0;
				for (int i = 0; f->choices[i]; i++)
					ok |= strcmp(tok, f->choices[i]) == 0;
				if (!ok && *tok)
					return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not a known value"),
					                    field_label(f), tok);
			}
		}
		record_set_text(r, field, v);
		return GX_OK;
	}
	case FT_INT: {
		char *end;
		long long n = strtoll(v, &end, 10);
		if (*end || n < -1000000000LL || n > 1000000000000LL)
			return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not a whole number"),
			                    field_label(f), v);
		if (n < 0)
			return gx_error_set(err, GX_EINVAL, field, _("%s must not be negative"), field_label(f));
		record_set_int(r, field, n);
		return GX_OK;
	}
	case FT_BOOL: {
		int64_t b;
		if (!parse_bool(v, &b))
			return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not yes/no (1/0, true/false, 是/否)"),
			                    field_label(f), v);
		record_set_int(r, field, b);
		return GX_OK;
	}
	case FT_DATE: {
		int32_t days;
		if ((e = gx_date_parse_lenient(v, &days, field, err)) != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		char buf[GX_DATE_FMT_SIZE];
		record_set_text(r, field, gx_arena_strdup(a, gx_date_format(days, buf)));
		return GX_OK;
	}
	case FT_INSTANT: {
		struct gx_tz *tz;
		if ((e = gx_tz_open(app->settings.timezone, &tz, err)) != GX_OK)
			return e;
		int64_t ms;
		e = gx_instant_parse(v, tz, &ms, field, err);
		gx_tz_free(tz);
		if (e != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		char buf[GX_INSTANT_FMT_SIZE];
		record_set_text(r, field, gx_arena_strdup(a, gx_instant_format(ms, buf)));
		return GX_OK;
	}
	case FT_FEN: {
		int64_t fen;
		if ((e = gx_money_parse_yuan(v, (f->flags & FF_SIGNED) ? GX_MONEY_ALLOW_NEGATIVE : 0, &fen,
		                             field, err)) != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		record_set_int(r, field, fen);
		return GX_OK;
	}
	case FT_JSON: {
		json_error_t jerr;
		json_t *j = json_loads(v, JSON_REJECT_DUPLICATES, &jerr);
		if (!j || !(json_is_object(j) || json_is_array(j))) {
			json_decref(j);
			return gx_error_set(err, GX_EINVAL, field, _("%s is not a JSON object or array (%s)"),
			                    field_label(f), j ? _("another JSON value") : jerr.text);
		}
		char *compact = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		record_set_text(r, field, gx_arena_strdup(a, compact));
		free(compact);
		json_decref(j);
		return GX_OK;
	}
	case FT_REF: {
		int64_t id = 0;
		if ((e = resolve_ref(app, f, v, a, &id, err)) != GX_OK)
			return e;
		record_set_int(r, field, id);
		return GX_OK;
	}
	case FT_PHONE: {
		char norm[GX_PHONE_SIZE];
		enum gx_phone_kind kind;
		if ((e = gx_phone_normalize(v, norm, &kind, field, err)) != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		record_set_text(r, field, v);
		set_norm(r, f, gx_arena_strdup(a, norm));
		return GX_OK;
	}
	case FT_EMAIL: {
		char norm[GX_EMAIL_SIZE];
		if ((e = gx_email_normalize(v, norm, field, err)) != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		record_set_text(r, field, v);
		set_norm(r, f, gx_arena_strdup(a, norm));
		return GX_OK;
	}
	case FT_USCC: {
		char norm[GX_USCC_SIZE];
		if ((e = gx_uscc_validate(v, norm, field, err)) != GX_OK) {
			gx_error_prefix(err, "%s: ", field_label(f));
			return e;
		}
		record_set_text(r, field, gx_arena_strdup(a, norm));
		return GX_OK;
	}
	}
	return gx_error_set(err, GX_EINTERNAL, field, "unhandled field type");
}

enum gx_err app_record_check_required(const struct record *r, struct gx_error *err)
{
	for (size_t i = 0; i < r->def->nfields; i++) {
		const struct field_def *f = &r->def->fields[i];
		if ((f->flags & FF_REQUIRED) && (r->v[i].is_null || (!r->v[i].s && f->type != FT_INT &&
		                                                        f->type != FT_BOOL && f->type != FT_FEN &&
		                                                        f->type != FT_REF)))
			return gx_error_set(err, GX_EINVAL, f->name, _("%s is required"), field_label(f));
	}
	return GX_OK;
}

const char *app_field_text(struct app *app, const struct record *r, size_t i, struct gx_arena *a)
{
	const struct field_def *f = &r->def->fields[i];
	const struct gx_value *v = &r->v[i];
	if (v->is_null)
		return "";
	if (r->masked && (f->flags & FF_MASKED)) {   /* leak control: a reader who does not own it */
		char buf[256];
		return gx_arena_strdup(a, store_scope_view(r, i, buf, sizeof buf));
	}
	switch (f->type) {
	case FT_INT:
		return gx_arena_printf(a, "%lld", (long long)v->i);
	case FT_BOOL:
		return v->i ? "1" : "0";
	case FT_FEN: {
		char buf[GX_MONEY_FMT_SIZE];
		return gx_arena_strdup(a, gx_money_format(v->i, buf));
	}
	case FT_REF: {
		const struct entity_def *ref = entity_by_name(f->ref_entity);
		if (ref && ref->code_field && app) {
			struct record rr;
			struct gx_error err;
			if (store_record_get(app->store, ref, v->i, a, &rr, &err) == GX_OK) {
				const char *code = record_text(&rr, ref->code_field);
				if (code)
					return code;
			}
		}
		return gx_arena_printf(a, "#%lld", (long long)v->i);
	}
	default:
		return v->s ? v->s : "";
	}
}
