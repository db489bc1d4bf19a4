/* Unit tests for http/json_text.c: the direct JSON writer of records must give exactly the
 * bytes of json_dumps(http_record_json(…)) (the writer the API used before), for every entity,
 * every field type, with and without ?fields=, masked or not, and for awkward text: quotes,
 * backslashes, every control character, DEL, slashes, Chinese and emoji, text that is not
 * valid UTF-8, broken and scalar JSON, list items with spaces and empty items. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "http/http.h"

static const char *const texts[] = {
	"plain",
	"张伟 \"quoted\" back\\slash /slash/",
	"\x01\x02\x07\b\t\n\v\f\r\x1b\x1f\x7f end",
	"emoji 😀 and 𠀀 and ü",
	"bad \xff utf-8",
	"truncated \xe4\xb8",
	/* what the one-pass UTF-8 check of json_text.c must reject as gx_utf8_decode does */
	"overlong \xc0\xaf \xe0\x80\xaf \xf0\x8f\xbf\xbf",
	"surrogate \xed\xa0\x80 x",
	"past U+10FFFF \xf4\x90\x80\x80",
	"cut emoji at the end \xf0\x9f\x98",
	"edges \xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf \xe0\xa0\x80",
	"",
	"  leading; tag two ;;\x01x; \xc3\x28 ; 北京",
	"{\"b\":1,\"a\":[1,2.5,\"x\\u0001\"],\"n\":null}",
	"[1, 2 , {\"k\" : \"v\"}]",
	"{broken",
	"3",
	"\"a string\"",
};
#define NTEXTS (sizeof texts / sizeof *texts)

static void fill(struct record *r, size_t variant)
{
	const struct entity_def *def = r->def;
	r->id = 17 + (int64_t)variant;
	r->version = 3;
	r->created_at = variant % 3 ? "2026-11-01T00:00:00Z" : NULL;
	r->updated_at = texts[variant % NTEXTS];
	r->deleted_at = variant % 2 ? "2026-11-02T00:00:00Z" : NULL;
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		size_t k = variant + i;
		if (k % 5 == 4) {
			record_set_null(r, f->name);
			continue;
		}
		switch (f->type) {
		case FT_INT: case FT_FEN: case FT_REF:
			record_set_int(r, f->name, k % 2 ? -9007199254740993LL : (int64_t)k * 1000);
			break;
		case FT_BOOL:
			record_set_int(r, f->name, (int64_t)(k % 2));
			break;
		default:
			record_set_text(r, f->name, texts[k % NTEXTS]);
			break;
		}
	}
	r->masked = (int)(variant % 4 == 1);
}

static void compare(const struct record *r, const char *const *fields, size_t nfields)
{
	json_t *j = http_record_json(r, fields, nfields);
	char *want = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	struct strbuf b;
	sb_init(&b);
	http_record_text(&b, r, fields, nfields);
	assert_non_null(want);
	const char *got = sb_str(&b);
	size_t at = 0;
	while (got[at] && got[at] == want[at])
		at++;
	if (got[at] != want[at])
		print_error("%s: differs at byte %zu: got …%.60s… want …%.60s…\n", r->def->name, at,
		            got + (at > 20 ? at - 20 : 0), want + (at > 20 ? at - 20 : 0));
	assert_string_equal(got, want);
	free(want);
	sb_free(&b);
}

static void test_every_entity_matches_jansson(void **state)
{
	(void)state;
	size_t checked = 0;
	for (size_t e = 0; entity_nth(e); e++) {
		const struct entity_def *def = entity_nth(e);
		for (size_t variant = 0; variant < 2 * NTEXTS; variant++) {
			struct gx_arena a;
			gx_arena_init(&a, 4096);
			struct record r;
			record_init(&r, def, &a);
			fill(&r, variant);
			compare(&r, NULL, 0);
			/* ?fields=: the first and last field plus two meta fields */
			const char *sel[4] = {def->fields[0].name, def->fields[def->nfields - 1].name, "version",
			                      "deleted_at"};
			compare(&r, sel, 4);
			gx_arena_free(&a);
			checked++;
		}
	}
	assert_true(checked > 100);
}

static void test_json_string_escapes(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	assert_int_equal(http_json_string(&b, "a\"b\\c\x01\n/é", strlen("a\"b\\c\x01\n/é")), 1);
	assert_string_equal(sb_str(&b), "\"a\\\"b\\\\c\\u0001\\n/é\"");
	sb_reset(&b);
	assert_int_equal(http_json_string(&b, "x\xff", 2), 0);   /* not UTF-8: nothing written */
	assert_string_equal(sb_str(&b), "");
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entity_matches_jansson),
		cmocka_unit_test(test_json_string_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
