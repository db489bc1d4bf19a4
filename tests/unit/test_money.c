/* Unit tests for core/money: exact yuan text ⇄ integer fen, every rejected form with its
 * message, and the formats used by exports and the UI. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "guanxi/money.h"

static void ok_yuan(const char *text, unsigned flags, int64_t want)
{
	struct gx_error err;
	gx_error_clear(&err);
	int64_t fen = -777;
	enum gx_err rc = gx_money_parse_yuan(text, flags, &fen, "amount", &err);
	if (rc != GX_OK)
		fail_msg("%s: unexpected error: %s", text, err.message);
	if (fen != want)
		fail_msg("%s: got %lld fen, want %lld", text, (long long)fen, (long long)want);
}

/* The error must be invalid_input, name the field and contain `why`. */
static void bad_yuan(const char *text, unsigned flags, const char *why)
{
	struct gx_error err;
	gx_error_clear(&err);
	int64_t fen = -777;
	enum gx_err rc = gx_money_parse_yuan(text, flags, &fen, "amount", &err);
	if (rc != GX_EINVAL)
		fail_msg("%s: accepted as %lld fen, expected error containing '%s'", text ? text : "(null)",
		         (long long)fen, why);
	assert_int_equal(fen, -777);            /* output untouched on error */
	assert_string_equal(err.field, "amount");
	if (!strstr(err.message, why))
		fail_msg("%s: message '%s' lacks '%s'", text ? text : "(null)", err.message, why);
}

static void test_parse_plain(void **state)
{
	(void)state;
	ok_yuan("1234.50", 0, 123450);
	ok_yuan("1234.5", 0, 123450);
	ok_yuan("1234", 0, 123400);
	ok_yuan("0", 0, 0);
	ok_yuan("0.01", 0, 1);
	ok_yuan("0.1", 0, 10);
	ok_yuan("007.10", 0, 710);
	ok_yuan("  12.30\t", 0, 1230);
	ok_yuan("\xE3\x80\x80" "12.30" "\xE3\x80\x80", 0, 1230);   /* ideographic spaces */
	ok_yuan("\xC2\xA0" "5", 0, 500);                             /* NBSP */
}

static void test_parse_decorated(void **state)
{
	(void)state;
	ok_yuan("¥1,234.50", 0, 123450);
	ok_yuan("￥1,234.50", 0, 123450);
	ok_yuan("¥ 1,234.50", 0, 123450);
	ok_yuan("1234.5元", 0, 123450);
	ok_yuan("1,234.5 元", 0, 123450);
	ok_yuan("¥12元", 0, 1200);
	ok_yuan("1,000,000", 0, 100000000);
	ok_yuan("12,345,678.90", 0, 1234567890);
	ok_yuan("999", 0, 99900);
	ok_yuan("１２３４．５０", 0, 123450);           /* full-width digits and dot */
	ok_yuan("１，２３４．５", 0, 123450);           /* full-width comma */
	ok_yuan("￥１２３元", 0, 12300);
}

static void test_parse_negative(void **state)
{
	(void)state;
	ok_yuan("-12.30", GX_MONEY_ALLOW_NEGATIVE, -1230);
	ok_yuan("-¥1,234.50", GX_MONEY_ALLOW_NEGATIVE, -123450);
	ok_yuan("¥-1,234.50", GX_MONEY_ALLOW_NEGATIVE, -123450);
	ok_yuan("－５", GX_MONEY_ALLOW_NEGATIVE, -500);             /* full-width minus */
	ok_yuan("\xE2\x88\x92" "0.05", GX_MONEY_ALLOW_NEGATIVE, -5); /* U+2212 minus */
	ok_yuan("-0", GX_MONEY_ALLOW_NEGATIVE, 0);
	bad_yuan("-12.30", 0, "is negative");
	bad_yuan("-0.00", 0, "is negative");
	bad_yuan("--12", GX_MONEY_ALLOW_NEGATIVE, "more than one minus sign");
	bad_yuan("12-", GX_MONEY_ALLOW_NEGATIVE, "minus sign in the wrong place");
	bad_yuan("1-2", GX_MONEY_ALLOW_NEGATIVE, "minus sign in the wrong place");
}

static void test_parse_limits(void **state)
{
	(void)state;
	ok_yuan("92233720368547758.07", 0, INT64_MAX);
	ok_yuan("92,233,720,368,547,758.07", 0, INT64_MAX);
	ok_yuan("-92233720368547758.07", GX_MONEY_ALLOW_NEGATIVE, -INT64_MAX);
	bad_yuan("92233720368547758.08", 0, "is too large");
	bad_yuan("92233720368547759", 0, "is too large");
	bad_yuan("100000000000000000", 0, "is too large");
	bad_yuan("99999999999999999999999999999999", 0, "is too large");
	bad_yuan("-92233720368547758.08", GX_MONEY_ALLOW_NEGATIVE, "is too large");
	char big[400];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	bad_yuan(big, 0, "is too long");
}

static void test_parse_errors(void **state)
{
	(void)state;
	bad_yuan(NULL, 0, "is empty");
	bad_yuan("", 0, "is empty");
	bad_yuan("   ", 0, "is blank");
	bad_yuan("¥", 0, "has no digits");
	bad_yuan("元", 0, "has no digits");
	bad_yuan("12.345", 0, "amount \"12.345\" has more than two decimals");
	bad_yuan("12.340", 0, "has more than two decimals");   /* never silently trimmed */
	bad_yuan("0.001", 0, "has more than two decimals");
	bad_yuan("12.", 0, "no digits after the decimal point");
	bad_yuan(".5", 0, "no digits before the decimal point");
	bad_yuan("1.2.3", 0, "more than one decimal point");
	bad_yuan("1,23", 0, "thousands separator in the wrong place");
	bad_yuan("1,2345", 0, "thousands separator in the wrong place");
	bad_yuan("1234,567", 0, "thousands separator in the wrong place");
	bad_yuan(",123", 0, "thousands separator in the wrong place");
	bad_yuan("123,", 0, "thousands separator in the wrong place");
	bad_yuan("1,,234", 0, "thousands separator in the wrong place");
	bad_yuan("12,34,567", 0, "thousands separator in the wrong place");   /* Indian grouping */
	bad_yuan("1.234,50", 0, "has more than two decimals");   /* European form */
	bad_yuan("1.23,5", 0, "thousands separator in the wrong place");
	bad_yuan("1 234", 0, "blank inside the number");
	bad_yuan("12¥", 0, "currency sign in the wrong place");
	bad_yuan("¥¥12", 0, "more than one currency sign");
	bad_yuan("12元5", 0, "\"元\" in the wrong place");
	bad_yuan("12abc", 0, "unexpected character 'a'");
	bad_yuan("+12", 0, "unexpected character '+'");
	bad_yuan("$12", 0, "unexpected character '$'");
	bad_yuan("1e5", 0, "unexpected character 'e'");
	bad_yuan("RMB 12", 0, "unexpected character 'R'");
	bad_yuan("12块", 0, "unexpected character '块'");
	bad_yuan("0x10", 0, "unexpected character 'x'");
	bad_yuan("12\xFF", 0, "is not valid UTF-8 (bad byte at offset 2)");
	bad_yuan("\xE5\x85", 0, "is not valid UTF-8 (bad byte at offset 0)");   /* truncated 元 */
	bad_yuan("1\n2", 0, "blank inside the number");
}

static void test_error_message_quotes_safely(void **state)
{
	(void)state;
	struct gx_error err;
	int64_t fen;
	char big[300];
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[5] = 'x';
	assert_int_equal(gx_money_parse_yuan(big, 0, &fen, "amount", &err), GX_EINVAL);
	/* the echo of the value is cut, so the message stays short */
	assert_true(strlen(err.message) < 120);
	assert_non_null(strstr(err.message, "\"99999x"));
	assert_non_null(strstr(err.message, "…"));
	assert_int_equal(gx_money_parse_yuan("1\xC0", 0, &fen, NULL, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "\"1\\xC0\""));   /* invalid byte escaped, not echoed */
	assert_string_equal(err.field, "");
}

static void ok_fen(const char *text, unsigned flags, int64_t want)
{
	struct gx_error err;
	int64_t fen = -777;
	if (gx_money_parse_fen(text, flags, &fen, "amount_fen", &err) != GX_OK)
		fail_msg("%s: %s", text, err.message);
	assert_int_equal(fen, want);
}

static void bad_fen(const char *text, unsigned flags, const char *why)
{
	struct gx_error err;
	int64_t fen = -777;
	if (gx_money_parse_fen(text, flags, &fen, "amount_fen", &err) != GX_EINVAL)
		fail_msg("%s accepted", text ? text : "(null)");
	assert_int_equal(fen, -777);
	assert_string_equal(err.field, "amount_fen");
	if (!strstr(err.message, why))
		fail_msg("%s: message '%s' lacks '%s'", text ? text : "(null)", err.message, why);
}

static void test_parse_fen(void **state)
{
	(void)state;
	ok_fen("123450", 0, 123450);
	ok_fen("0", 0, 0);
	ok_fen("9223372036854775807", 0, INT64_MAX);
	ok_fen("-1230", GX_MONEY_ALLOW_NEGATIVE, -1230);
	bad_fen("9223372036854775808", 0, "is too large");
	bad_fen("-9223372036854775808", GX_MONEY_ALLOW_NEGATIVE, "is too large");
	bad_fen("-1230", 0, "is negative");
	bad_fen("", 0, "is empty");
	bad_fen(NULL, 0, "is empty");
	bad_fen("-", GX_MONEY_ALLOW_NEGATIVE, "has no digits");
	bad_fen("12.50", 0, "digits only");
	bad_fen(" 12", 0, "digits only");
	bad_fen("12 ", 0, "digits only");
	bad_fen("+12", 0, "digits only");
	bad_fen("1,234", 0, "digits only");
	bad_fen("１２", 0, "digits only");
}

static void test_format(void **state)
{
	(void)state;
	char b[GX_MONEY_FMT_SIZE];
	assert_string_equal(gx_money_format(123450, b), "1234.50");
	assert_string_equal(gx_money_format(-1230, b), "-12.30");
	assert_string_equal(gx_money_format(5, b), "0.05");
	assert_string_equal(gx_money_format(-5, b), "-0.05");
	assert_string_equal(gx_money_format(0, b), "0.00");
	assert_string_equal(gx_money_format(100, b), "1.00");
	assert_string_equal(gx_money_format(INT64_MAX, b), "92233720368547758.07");
	assert_string_equal(gx_money_format(INT64_MIN, b), "-92233720368547758.08");
	assert_string_equal(gx_money_format_display(123450, b), "¥1,234.50");
	assert_string_equal(gx_money_format_display(-1230, b), "-¥12.30");
	assert_string_equal(gx_money_format_display(99999, b), "¥999.99");
	assert_string_equal(gx_money_format_display(100000, b), "¥1,000.00");
	assert_string_equal(gx_money_format_display(0, b), "¥0.00");
	assert_string_equal(gx_money_format_display(123456789012, b), "¥1,234,567,890.12");
	assert_string_equal(gx_money_format_display(INT64_MIN, b), "-¥92,233,720,368,547,758.08");
}

/* Whatever we format, we parse back to the same fen. */
static void test_round_trip(void **state)
{
	(void)state;
	const int64_t vals[] = { 0, 1, 9, 10, 99, 100, 101, 99999, 100000, 123456789, 1000000000000,
	                         INT64_MAX, -1, -100, -123456789, -INT64_MAX };
	for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
		char b[GX_MONEY_FMT_SIZE];
		int64_t back;
		struct gx_error err;
		assert_int_equal(gx_money_parse_yuan(gx_money_format(vals[k], b), GX_MONEY_ALLOW_NEGATIVE,
		                                     &back, NULL, &err), GX_OK);
		assert_int_equal(back, vals[k]);
		assert_int_equal(gx_money_parse_yuan(gx_money_format_display(vals[k], b),
		                                     GX_MONEY_ALLOW_NEGATIVE, &back, NULL, &err), GX_OK);
		assert_int_equal(back, vals[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_decorated),
		cmocka_unit_test(test_parse_negative),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_error_message_quotes_safely),
		cmocka_unit_test(test_parse_fen),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
