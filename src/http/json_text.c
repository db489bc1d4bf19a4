/* Records written straight to JSON text for the hot read paths (GET of one record, list
 * pages): the same bytes as json_dumps(http_record_json(…), JSON_COMPACT |
 * JSON_PRESERVE_ORDER | JSON_ENCODE_ANY), without building the jansson tree first. Building
 * and dumping that tree was the largest single cost of a small GET (a malloc per value and per
 * key); tests/unit/test_http_json_text.c compares both writers on awkward records. The
 * rules copied from jansson's output: only '"', '\\' and control characters are escaped
 * (\b \f \n \r \t, others as \u00XX), text that is not valid UTF-8 becomes null (a list item
 * is left out), JSON fields go through jansson as before. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "guanxi/utf8.h"
#include "http/http.h"

/* Appends s (n bytes) as a JSON string; 0 (nothing written) when s is not valid UTF-8. Most
 * values need no escape at all: they are copied in one piece, and only from the first byte that
 * needs one does the byte-by-byte loop take over. */
int http_json_string(struct strbuf *b, const char *s, size_t n)
{
	if (!gx_utf8_valid(s, n, NULL))
		return 0;
	size_t clean = 0;
	while (clean < n) {
		unsigned char c = (unsigned char)s[clean];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
		clean++;
	}
	sb_grow(b, clean + 2);
	b->data[b->len++] = '"';
	if (clean)
		memcpy(b->data + b->len, s, clean);
	b->len += clean;
	b->data[b->len] = '\0';
	size_t run = clean;   /* start of the bytes not yet copied */
	for (size_t i = clean; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sb_addn(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': sb_add(b, "\\\""); break;
		case '\\': sb_add(b, "\\\\"); break;
		case '\b': sb_add(b, "\\b"); break;
		case '\f': sb_add(b, "\\f"); break;
		case '\n': sb_add(b, "\\n"); break;
		case '\r': sb_add(b, "\\r"); break;
		case '\t': sb_add(b, "\\t"); break;
		default: sb_printf(b, "\\u%04X", c); break;
		}
	}
	sb_addn(b, s + run, n - run);
	sb_addc(b, '"');
	return 1;
}

static void text_or_null(struct strbuf *b, const char *s)
{
	if (!s || !http_json_string(b, s, strlen(s)))
		sb_add(b, "null");
}

/* A time stamp of the record: null when missing; left out (as jansson did) when not UTF-8. */
static void meta_text(struct strbuf *b, const char *key, const char *s)
{
	size_t mark = b->len;
	sb_add(b, ",\"");
	sb_add(b, key);
	sb_add(b, "\":");
	if (!s)
		sb_add(b, "null");
	else if (!http_json_string(b, s, strlen(s)))
		b->len = mark, b->data[mark] = 0;
}

static void value_text(struct strbuf *b, const struct field_def *f, const struct gx_value *v)
{
	if (v->is_null) {
		sb_add(b, "null");
		return;
	}
	switch (f->type) {
	case FT_INT: case FT_FEN: case FT_REF:
		sb_add_i64(b, v->i);
		return;
	case FT_BOOL:
		sb_add(b, v->i ? "true" : "false");
		return;
	case FT_JSON: {
		json_t *j = json_loads(v->s, 0, NULL);
		char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
		json_decref(j);
		if (t)
			sb_add(b, t);
		else
			text_or_null(b, v->s);
		free(t);
		return;
	}
	case FT_LIST: {
		sb_addc(b, '[');
		int first = 1;
		const char *p = v->s;
		while (*p) {
			size_t n = strcspn(p, ";");
			const char *s = p;
			while (n && *s == ' ') {
				s++;
				n--;
			}
			if (n) {
				size_t mark = b->len;
				if (!first)
					sb_addc(b, ',');
				if (http_json_string(b, s, n))
					first = 0;
				else
					b->len = mark, b->data[mark] = 0;   /* jansson drops such an item */
			}
			p += strcspn(p, ";");
			if (*p)
				p++;
		}
		sb_addc(b, ']');
		return;
	}
	default:
		text_or_null(b, v->s);
		return;
	}
}

static int wanted(const char *name, const char *const *fields, size_t nfields)
{
	if (!fields || strcmp(name, "id") == 0)
		return 1;
	for (size_t i = 0; i < nfields; i++)
		if (strcmp(fields[i], name) == 0)
			return 1;
	return 0;
}

void http_record_text(struct strbuf *b, const struct record *r, const char *const *fields, size_t nfields)
{
	const struct entity_def *def = r->def;
	sb_add(b, "{\"id\":");
	sb_add_i64(b, r->id);
	if (def->has_version) {
		if (wanted("version", fields, nfields)) {
			sb_add(b, ",\"version\":");
			sb_add_i64(b, r->version);
		}
		if (wanted("created_at", fields, nfields))
			meta_text(b, "created_at", r->created_at);
		if (wanted("updated_at", fields, nfields))
			meta_text(b, "updated_at", r->updated_at);
	}
	if (def->soft_delete && r->deleted_at && wanted("deleted_at", fields, nfields))
		meta_text(b, "deleted_at", r->deleted_at);
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		if ((f->flags & FF_HIDDEN) || !wanted(f->name, fields, nfields))
			continue;
		if ((f->flags & FF_VIRTUAL) && r->v[i].is_null)
			continue;
		/* field names are ASCII identifiers (entity definitions): nothing to escape */
		sb_add(b, ",\"");
		sb_add(b, f->name);
		sb_add(b, "\":");
		if (r->masked && (f->flags & FF_MASKED) && !r->v[i].is_null) {
			char buf[256];
			text_or_null(b, store_scope_view(r, i, buf, sizeof buf));   /* leak control */
		} else {
			value_text(b, f, &r->v[i]);
		}
	}
	sb_addc(b, '}');
}

void http_resp_text(struct http_resp *rs, int status, struct strbuf *b)
{
	free(rs->body);
	rs->body = b->data;
	rs->len = b->len;
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	sb_init(b);
}
