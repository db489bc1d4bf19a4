/* Unit tests for core/: errors, arenas, message catalogues, UTF-8, growable strings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"
#include "guanxi/utf8.h"

static void test_error_set_and_prefix(void **state)
{
	(void)state;
	struct gx_error err;
	gx_error_clear(&err);
	assert_int_equal(gx_error_set(&err, GX_EINVAL, "phone", "bad phone %s", "12"), GX_EINVAL);
	assert_string_equal(err.field, "phone");
	assert_string_equal(err.message, "bad phone 12");
	gx_error_prefix(&err, "line %d: ", 7);
	assert_string_equal(err.message, "line 7: bad phone 12");
	assert_string_equal(gx_err_code_name(GX_ECONFLICT), "conflict");
	assert_string_equal(gx_err_code_name(GX_ENOMEM), "internal");
	assert_int_equal(gx_err_exit_status(GX_OK), 0);
	assert_int_equal(gx_err_exit_status(GX_ENOTFOUND), 1);
}

static void test_arena(void **state)
{
	(void)state;
	struct gx_arena a;
	gx_arena_init(&a, 1024);
	char *s = gx_arena_strdup(&a, "张伟");
	assert_string_equal(s, "张伟");
	void *big = gx_arena_alloc(&a, 10000); /* larger than a block */
	memset(big, 1, 10000);
	for (int i = 0; i < 1000; i++) {
		int *p = gx_arena_alloc(&a, sizeof(int));
		assert_int_equal((uintptr_t)p % 16, 0);
		*p = i;
	}
	assert_string_equal(gx_arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	gx_arena_reset(&a);
	assert_non_null(gx_arena_alloc(&a, 8));
	gx_arena_free(&a);
}

static void test_i18n_catalog(void **state)
{
	(void)state;
	assert_string_equal(gx_tr_lang(GX_LANG_ZH, "customer"), "客户");
	assert_string_equal(gx_tr_lang(GX_LANG_EN, "customer"), "customer");
	assert_string_equal(gx_tr_lang(GX_LANG_ZH, "no such message"), "no such message");
	assert_int_equal(gx_lang_parse("zh_CN.UTF-8"), GX_LANG_ZH);
	assert_int_equal(gx_lang_parse("en_US"), GX_LANG_EN);
	assert_int_equal(gx_lang_parse("fr"), -1);
	assert_int_equal(gx_lang_from_accept("fr-FR, zh-CN;q=0.8, en;q=0.5", GX_LANG_EN), GX_LANG_ZH);
	assert_int_equal(gx_lang_from_accept("zh;q=0, en", GX_LANG_ZH), GX_LANG_EN);
	assert_int_equal(gx_lang_from_accept(NULL, GX_LANG_ZH), GX_LANG_ZH);
	gx_i18n_set_lang(GX_LANG_ZH);
	assert_string_equal(_("customer"), "客户");
	gx_i18n_set_lang(GX_LANG_EN);
	assert_string_equal(_("customer"), "customer");
}

static void test_utf8(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(gx_utf8_valid("张伟 abc", strlen("张伟 abc"), &bad));
	assert_false(gx_utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
	assert_int_equal(bad, 2);
	assert_false(gx_utf8_valid("\xED\xA0\x80", 3, &bad)); /* surrogate */
	assert_int_equal(bad, 0);
	assert_false(gx_utf8_valid("x\xE5\xBC", 3, &bad)); /* truncated */
	assert_int_equal(bad, 1);
	assert_false(gx_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	uint32_t cp;
	assert_int_equal(gx_utf8_decode("张", 3, &cp), 3);
	assert_int_equal(cp, 0x5F20);
	char buf[4];
	assert_int_equal(gx_utf8_encode(0x1F600, buf), 4);
	assert_int_equal(gx_utf8_decode(buf, 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(gx_utf8_length("张伟ab", strlen("张伟ab")), 4);
}

/* The inline appenders and the integer writer, across a growth of the buffer. */
static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	assert_string_equal(sb_str(&b), "");
	sb_addn(&b, "", 0);
	assert_string_equal(sb_str(&b), "");
	sb_add_i64(&b, 0);
	sb_addc(&b, ' ');
	sb_add_i64(&b, -42);
	sb_addc(&b, ' ');
	sb_add_i64(&b, LLONG_MIN);
	sb_addc(&b, ' ');
	sb_add_i64(&b, LLONG_MAX);
	assert_string_equal(sb_str(&b), "0 -42 -9223372036854775808 9223372036854775807");
	char t[24];
	assert_string_equal(gx_i64_text(7, t), "7");
	assert_string_equal(gx_i64_text(-1234567890123LL, t), "-1234567890123");
	assert_string_equal(gx_i64_text(LLONG_MIN, t), "-9223372036854775808");
	assert_ptr_equal(gx_i64_text(LLONG_MIN, t), t + 3);   /* the longest text still fits */
	sb_reset(&b);
	for (int i = 0; i < 1000; i++)
		sb_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	assert_int_equal(b.data[999], 'a' + 999 % 26);
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_set_and_prefix),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_i18n_catalog),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_strbuf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
