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

/* A literal appended without strlen at run time. */
#define SB_LIT(b, lit) sb_addn((b), (lit), sizeof(lit) - 1)

/* Length of the UTF-8 sequence at p that gx_utf8_decode accepts (overlong forms, surrogates and
 * values past U+10FFFF rejected), 0 when invalid; p[0] >= 0x80. Reads no further than the first
 * byte that is not a continuation byte, so a NUL-terminated string is never overrun. */
static inline size_t utf8_seq(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)   /* overlong */
			return 0;
		if (c == 0xED && p[1] >= 0xA0)  /* surrogate */
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)   /* overlong */
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)  /* past U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

static void escape_byte(struct strbuf *b, unsigned char c)
{
	switch (c) {
	case '"': SB_LIT(b, "\\\""); break;
	case '\\': SB_LIT(b, "\\\\"); break;
	case '\b': SB_LIT(b, "\\b"); break;
	case '\f': SB_LIT(b, "\\f"); break;
	case '\n': SB_LIT(b, "\\n"); break;
	case '\r': SB_LIT(b, "\\r"); break;
	case '\t': SB_LIT(b, "\\t"); break;
	default: sb_printf(b, "\\u%04X", c); break;
	}
}

/* The JSON string of s: of n bytes, or up to its NUL when end is NULL. One pass finds the end,
 * checks the UTF-8 and finds what needs an escape (three passes before: strlen,
 * gx_utf8_valid, the escape scan); the clean runs between escapes are copied in one piece.
 * 0, and nothing written, when s is not valid UTF-8. */
static int json_str(struct strbuf *b, const char *s, const char *end)
{
	size_t mark = b->len;
	const unsigned char *p = (const unsigned char *)s, *run = p, *e = (const unsigned char *)end;
	sb_addc(b, '"');
	for (;;) {
		if (e && p >= e)
			break;
		unsigned char c = *p;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			size_t k;
			if (e && e - p < 4) {
				/* near the end: a sequence running past it is invalid, as in gx_utf8_decode */
				unsigned char tmp[4] = {0, 0, 0, 0};
				memcpy(tmp, p, (size_t)(e - p));
				k = utf8_seq(tmp);
			} else {
				k = utf8_seq(p);
			}
			if (!k) {
				b->len = mark;
				b->data[mark] = '\0';
				return 0;
			}
			p += k;
			continue;
		}
		if (c == 0 && !e)
			break;
		sb_addn(b, (const char *)run, (size_t)(p - run));
		escape_byte(b, c);
		run = ++p;
	}
	sb_addn(b, (const char *)run, (size_t)(p - run));
	sb_addc(b, '"');
	return 1;
}

/* Appends s (n bytes) as a JSON string; 0 (nothing written) when s is not valid UTF-8. */
int http_json_string(struct strbuf *b, const char *s, size_t n)
{
	return json_str(b, s, s + n);
}

static void text_or_null(struct strbuf *b, const char *s)
{
	if (!s || !json_str(b, s, NULL))
		SB_LIT(b, "null");
}

/* ,"key": — keys are ASCII identifiers (entity definitions): nothing to escape. */
static void key_text(struct strbuf *b, const char *key)
{
	size_t n = strlen(key);
	if (b->len + n + 5 > b->cap)
		sb_grow(b, n + 4);
	char *o = b->data + b->len;
	o[0] = ',';
	o[1] = '"';
	memcpy(o + 2, key, n);
	o[n + 2] = '"';
	o[n + 3] = ':';
	o[n + 4] = '\0';
	b->len += n + 4;
}

/* A time stamp of the record: null when missing; left out (as jansson did) when not UTF-8. */
static void meta_text(struct strbuf *b, const char *key, const char *s)
{
	size_t mark = b->len;
	key_text(b, key);
	if (!s)
		SB_LIT(b, "null");
	else if (!json_str(b, s, NULL))
		b->len = mark, b->data[mark] = 0;
}

static void value_text(struct strbuf *b, const struct field_def *f, const struct gx_value *v)
{
	if (v->is_null) {
		SB_LIT(b, "null");
		return;
	}
	switch (f->type) {
	case FT_INT: case FT_FEN: case FT_REF:
		sb_add_i64(b, v->i);
		return;
	case FT_BOOL:
		if (v->i)
			SB_LIT(b, "true");
		else
			SB_LIT(b, "false");
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
	SB_LIT(b, "{\"id\":");
	sb_add_i64(b, r->id);
	if (def->has_version) {
		if (wanted("version", fields, nfields)) {
			SB_LIT(b, ",\"version\":");
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
		key_text(b, f->name);
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

void http_resp_add_member(struct http_resp *rs, const char *key, const char *value)
{
	if (!rs->body || rs->len < 2 || rs->body[0] != '{' || rs->body[rs->len - 1] != '}')
		return;
	struct strbuf b;
	sb_init(&b);
	sb_addn(&b, rs->body, rs->len - 1);   /* without the closing brace */
	if (rs->len > 2)
		sb_addc(&b, ',');
	http_json_string(&b, key, strlen(key));
	sb_addc(&b, ':');
	sb_add(&b, value);
	sb_addc(&b, '}');
	http_resp_text(rs, rs->status, &b);
}
