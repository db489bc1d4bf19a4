/* Unit tests for core/validate, core/phone and core/namekey: e-mail, 统一社会信用代码 (real codes
 * of well-known companies and codes built with the GB 32100 algorithm, every single-character
 * error and adjacent transposition detected), resident ID numbers (the GB 11643 example), phone
 * numbers in their many spellings, WeChat IDs and duplicate-hint name keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/datetime.h"
#include "guanxi/validate.h"

static void must_ok(const char *text, enum gx_err rc, const struct gx_error *err)
{
	if (rc != GX_OK)
		fail_msg("%s: unexpected error: %s", text ? text : "(null)", err->message);
}

#define MSG_OK(text, rc, err) must_ok((text), (rc), &(err))

static void expect_fail(enum gx_err rc, const struct gx_error *err, const char *text,
                        const char *field, const char *why)
{
	if (rc != GX_EINVAL)
		fail_msg("%s accepted, expected '%s'", text ? text : "(null)", why);
	assert_string_equal(err->field, field);
	if (!strstr(err->message, why))
		fail_msg("%s: message '%s' lacks '%s'", text ? text : "(null)", err->message, why);
}

/* --- e-mail --- */

static void email_ok(const char *text, const char *want)
{
	char out[GX_EMAIL_SIZE], again[GX_EMAIL_SIZE];
	struct gx_error err;
	MSG_OK(text, gx_email_normalize(text, out, "email", &err), err);
	assert_string_equal(out, want);
	MSG_OK(out, gx_email_normalize(out, again, "email", &err), err);   /* fixed point */
	assert_string_equal(again, out);
}

static void email_bad(const char *text, const char *why)
{
	char out[GX_EMAIL_SIZE] = "untouched";
	struct gx_error err;
	expect_fail(gx_email_normalize(text, out, "email", &err), &err, text, "email", why);
	assert_string_equal(out, "untouched");
}

static void test_email(void **state)
{
	(void)state;
	email_ok("zhang.wei@example.com", "zhang.wei@example.com");
	email_ok("  Zhang.Wei@Example.COM\t", "zhang.wei@example.com");
	email_ok("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com");
	email_ok("wang@163。com", "wang@163.com");
	email_ok("\xE3\x80\x80li@126.com\xE3\x80\x80", "li@126.com");
	email_ok("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk");
	email_ok("o'neil_x-y@example.org", "o'neil_x-y@example.org");
	email_ok("x@xn--fiqs8s.cn", "x@xn--fiqs8s.cn");
	email_ok("12345678@qq.com", "12345678@qq.com");
	email_ok("a@b-c.d-e.com", "a@b-c.d-e.com");
	char local64[80], addr[300], want[300];
	memset(local64, 'a', 64);
	local64[64] = '\0';
	snprintf(addr, sizeof addr, "%s@x.com", local64);
	email_ok(addr, addr);
	snprintf(addr, sizeof addr, "%sa@x.com", local64);
	email_bad(addr, "more than 64 characters before the @");
	/* 64 + 1 + 189 = 254 characters: the longest accepted */
	char l63[64], l61[62];
	memset(l63, 'b', 63); l63[63] = '\0';
	memset(l61, 'c', 61); l61[61] = '\0';
	snprintf(addr, sizeof addr, "%s@%s.%s.%s", local64, l63, l63, l61);
	assert_int_equal(strlen(addr), 254);
	snprintf(want, sizeof want, "%s", addr);
	email_ok(addr, want);
	snprintf(addr, sizeof addr, "%s@%s.%s.%sc", local64, l63, l63, l61);
	email_bad(addr, "is too long");
	snprintf(addr, sizeof addr, "a@%sb.com", l63);
	email_bad(addr, "domain label longer than 63 characters");
	email_bad(NULL, "e-mail address is empty");
	email_bad("", "e-mail address is empty");
	email_bad("   ", "e-mail address is blank");
	email_bad("zhangwei", "has no @");
	email_bad("zhangwei.qq.com", "has no @");
	email_bad("a@b@c.com", "more than one @");
	email_bad("@x.com", "nothing before the @");
	email_bad("a@", "no domain after the @");
	email_bad("zhang wei@x.com", "contains a blank");
	email_bad("zhang\xE3\x80\x80wei@x.com", "contains a blank");
	email_bad("a\x01@x.com", "control character");
	email_bad(".a@x.com", "dot at the start or end");
	email_bad("a.@x.com", "dot at the start or end");
	email_bad("a..b@x.com", "two dots in a row");
	email_bad("\"ab\"@x.com", "quoted local part");
	email_bad("a(b)@x.com", "contains '(' before the @");
	email_bad("a,b@x.com", "contains ',' before the @");
	email_bad("a@localhost", "domain without a dot");
	email_bad("a@x..com", "empty label");
	email_bad("a@.x.com", "empty label");
	email_bad("a@x.com.", "empty label");
	email_bad("a@-x.com", "starting or ending with '-'");
	email_bad("a@x-.com", "starting or ending with '-'");
	email_bad("a@x_y.com", "contains '_' in its domain");
	email_bad("a@x.c", "invalid top-level domain");
	email_bad("a@1.2.3.4", "invalid top-level domain");
	email_bad("a@[1.2.3.4]", "IP address");
	email_bad("张伟@example.com", "contains the character '张'");
	email_bad("a@例子.中国", "contains the character '例'");
	email_bad("a@x.com\xC3", "not valid UTF-8 (bad byte at offset 7)");
}

/* --- 统一社会信用代码 --- */

static const char *const real_usccs[] = {
	"91350100M000100Y43",   /* the example code of GB 32100 material */
	"914403001922038216",   /* 华为技术有限公司 */
	"91440300708461136T",   /* 深圳市腾讯计算机系统有限公司 */
	"91330100716105852F",   /* 阿里巴巴（中国）有限公司 */
	"91110000802100433B",   /* 北京百度网讯科技有限公司 */
};

static int uscc_valid(const char *code)
{
	char out[GX_USCC_SIZE];
	struct gx_error err;
	return gx_uscc_validate(code, out, "uscc", &err) == GX_OK;
}

static void uscc_bad(const char *text, const char *why)
{
	char out[GX_USCC_SIZE] = "untouched";
	struct gx_error err;
	expect_fail(gx_uscc_validate(text, out, "uscc", &err), &err, text, "uscc", why);
	assert_string_equal(out, "untouched");
}

static void test_uscc_real_and_normalised(void **state)
{
	(void)state;
	char out[GX_USCC_SIZE];
	struct gx_error err;
	for (size_t i = 0; i < sizeof real_usccs / sizeof real_usccs[0]; i++) {
		MSG_OK(real_usccs[i], gx_uscc_validate(real_usccs[i], out, "uscc", &err), err);
		assert_string_equal(out, real_usccs[i]);
		assert_int_equal(gx_uscc_check_char(real_usccs[i]), real_usccs[i][17]);
	}
	MSG_OK("lower", gx_uscc_validate(" 91440300708461136t ", out, "uscc", &err), err);
	assert_string_equal(out, "91440300708461136T");
	MSG_OK("full-width", gx_uscc_validate("９１３５０１００Ｍ０００１００Ｙ４３", out, "uscc", &err), err);
	assert_string_equal(out, "91350100M000100Y43");
	assert_int_equal(gx_uscc_check_char("9135010OM000100Y4"), 0);   /* O is not in the alphabet */
}

/* Codes built with the algorithm for each registering authority and category. */
static void test_uscc_constructed(void **state)
{
	(void)state;
	const char *heads[] = { "11", "12", "13", "19", "21", "31", "32", "33", "34", "35", "41",
	                        "51", "52", "53", "59", "61", "62", "71", "72", "81", "91", "92",
	                        "93", "A1", "A9", "N1", "N2", "N3", "Y1" };
	const char *bodies[] = { "110108MA01ABCD1", "440300000000000", "31011579563200X",
	                         "650102HJKLMNPQR", "999999TUWXY0123" };
	size_t built = 0;
	for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
		for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++) {
			char code[19];
			snprintf(code, sizeof code, "%s%s", heads[h], bodies[b]);
			char c = gx_uscc_check_char(code);
			if (c == 0) {
				/* "X" bodies are fine; only I/O/S/V/Z would give 0 */
				fail_msg("no check char for %s", code);
			}
			code[17] = c;
			code[18] = '\0';
			if (!uscc_valid(code))
				fail_msg("constructed %s rejected", code);
			built++;
			/* every other check character is rejected, with the reason */
			for (const char *a = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *a; a++) {
				if (*a == c)
					continue;
				code[17] = *a;
				char want[80];
				snprintf(want, sizeof want, "has check character '%c' but its first 17 characters give '%c'", *a, c);
				uscc_bad(code, want);
			}
		}
	}
	assert_int_equal(built, 145);
}

/* The mod-31 check with weights 3^i catches every single substitution and every transposition
 * of adjacent unequal characters. */
static void test_uscc_every_typo_detected(void **state)
{
	(void)state;
	const char *alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	size_t tried = 0;
	for (size_t i = 0; i < sizeof real_usccs / sizeof real_usccs[0]; i++) {
		char code[19];
		for (int pos = 0; pos < 18; pos++) {
			for (const char *a = alpha; *a; a++) {
				memcpy(code, real_usccs[i], 19);
				if (code[pos] == *a)
					continue;
				code[pos] = *a;
				if (uscc_valid(code))
					fail_msg("typo %s (from %s) accepted", code, real_usccs[i]);
				tried++;
			}
			if (pos < 17) {
				memcpy(code, real_usccs[i], 19);
				if (code[pos] != code[pos + 1]) {
					char t = code[pos];
					code[pos] = code[pos + 1];
					code[pos + 1] = t;
					if (uscc_valid(code))
						fail_msg("transposition %s (from %s) accepted", code, real_usccs[i]);
				}
			}
		}
	}
	assert_int_equal(tried, 5 * 18 * 30);
}

static void test_uscc_errors(void **state)
{
	(void)state;
	uscc_bad(NULL, "is empty");
	uscc_bad("", "is empty");
	uscc_bad(" ", "is blank");
	uscc_bad("91350100M000100Y4", "has 17 characters; the code has 18");
	uscc_bad("91350100M000100Y433", "has 19 characters");
	uscc_bad("91350100M000100Y4I", "has 'I' at position 18; the code never uses I, O, S, V or Z");
	uscc_bad("9135010OM000100Y43", "has 'O' at position 8");
	uscc_bad("91350100M0001-0Y43", "has '-' at position 14, which is not a digit or letter");
	uscc_bad("01350100M000100Y43", "starts with '0', which is no registering authority");
	uscc_bad("B1350100M000100Y43", "starts with 'B'");
	uscc_bad("90350100M000100Y43", "has '0' at position 2");
	uscc_bad("9A350100M000100Y43", "has 'A' at position 2");
	uscc_bad("9135A100M000100Y43", "has 'A' at position 5, inside the 6-digit administrative division code");
	uscc_bad("91350100M000100Y44", "统一社会信用代码 \"91350100M000100Y44\" has check character '4' but its first 17 characters give '3' (a typo?)");
	uscc_bad("91350100M000100Y4\xE2\x80", "not valid UTF-8");
	uscc_bad("91350100M000100Y4三", "contains the character '三'");
}

/* --- resident ID --- */

static void rid_bad(const char *text, const char *why)
{
	char out[GX_RESIDENT_ID_SIZE] = "untouched";
	int32_t birth = 42;
	struct gx_error err;
	expect_fail(gx_resident_id_validate(text, out, &birth, "id_number", &err), &err, text,
	            "id_number", why);
	assert_string_equal(out, "untouched");
	assert_int_equal(birth, 42);
}

static void test_resident_id(void **state)
{
	(void)state;
	char out[GX_RESIDENT_ID_SIZE], d[GX_DATE_FMT_SIZE];
	int32_t birth;
	struct gx_error err;
	/* the example number of GB 11643-1999 */
	MSG_OK("std", gx_resident_id_validate("11010519491231002X", out, &birth, "id_number", &err), err);
	assert_string_equal(out, "11010519491231002X");
	assert_string_equal(gx_date_format(birth, d), "1949-12-31");
	MSG_OK("lower x", gx_resident_id_validate(" 11010519491231002x ", out, NULL, "id_number", &err), err);
	assert_string_equal(out, "11010519491231002X");
	MSG_OK("fw", gx_resident_id_validate("１１０１０５１９４９１２３１００２Ｘ", out, NULL, "id_number", &err), err);
	assert_string_equal(out, "11010519491231002X");
	MSG_OK("1880", gx_resident_id_validate("440524188001010014", out, &birth, "id_number", &err), err);
	assert_string_equal(gx_date_format(birth, d), "1880-01-01");
	MSG_OK("leap", gx_resident_id_validate("110101200002290018", out, &birth, "id_number", &err), err);
	assert_string_equal(gx_date_format(birth, d), "2000-02-29");
	assert_int_equal(gx_resident_id_check_char("11010519491231002"), 'X');
	assert_int_equal(gx_resident_id_check_char("1101051949123100A"), 0);
	rid_bad(NULL, "resident ID number is empty");
	rid_bad("110105491231002", "old 15-digit number");
	rid_bad("11010519491231002", "has 17 characters; the number has 18");
	rid_bad("11010519491231002X1", "has 19 characters");
	rid_bad("1101051949123100XX", "has 'X' at position 17; the first 17 are digits");
	rid_bad("11010519491231002Y", "ends in 'Y'");
	rid_bad("110105194913310021", "birth date 19491331 at positions 7–14, which is not a real date");
	rid_bad("110105190002290011", "birth date 19000229");   /* 1900 is not a leap year */
	rid_bad("110105202302290011", "birth date 20230229");
	rid_bad("110105000001010011", "birth date 00000101");
	rid_bad("110105194912310021", "has check character '1' but its first 17 digits give 'X' (a typo?)");
	/* every single-digit substitution is caught (by the check or the date) */
	const char *good = "11010519491231002X";
	for (int pos = 0; pos < 18; pos++) {
		for (const char *a = "0123456789X"; *a; a++) {
			char id[19];
			memcpy(id, good, 19);
			if (id[pos] == *a || (pos < 17 && *a == 'X'))
				continue;
			id[pos] = *a;
			if (gx_resident_id_validate(id, out, NULL, NULL, &err) == GX_OK)
				fail_msg("typo %s accepted", id);
		}
	}
}

/* --- phone --- */

static void phone_ok(const char *text, const char *want, enum gx_phone_kind want_kind)
{
	char out[GX_PHONE_SIZE], again[GX_PHONE_SIZE];
	enum gx_phone_kind kind = 0;
	struct gx_error err;
	MSG_OK(text, gx_phone_normalize(text, out, &kind, "phone", &err), err);
	if (strcmp(out, want) != 0)
		fail_msg("%s: got %s, want %s", text, out, want);
	assert_int_equal(kind, want_kind);
	MSG_OK(out, gx_phone_normalize(out, again, NULL, "phone", &err), err);   /* fixed point */
	assert_string_equal(again, out);
}

static void phone_bad(const char *text, const char *why)
{
	char out[GX_PHONE_SIZE] = "untouched";
	struct gx_error err;
	expect_fail(gx_phone_normalize(text, out, NULL, "phone", &err), &err, text, "phone", why);
	assert_string_equal(out, "untouched");
}

static void test_phone_mobile(void **state)
{
	(void)state;
	const char *spellings[] = {
		"13800138000", "138 0013 8000", "138-0013-8000", "+86 138-0013-8000", "+86 13800138000",
		"+8613800138000", "0086 13800138000", "0086-138-0013-8000", "8613800138000",
		"86 138 0013 8000", "(+86) 138 0013 8000", "１３８００１３８０００", "＋８６　１３８　００１３　８０００",
		" 138.0013.8000 ", "138/0013/8000", "+86（138）00138000",
	};
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
		phone_ok(spellings[i], "13800138000", GX_PHONE_MOBILE);
	phone_ok("19912345678", "19912345678", GX_PHONE_MOBILE);
	phone_ok("16612345678", "16612345678", GX_PHONE_MOBILE);
}

static void test_phone_landline_and_service(void **state)
{
	(void)state;
	const char *beijing[] = {
		"010-65529988", "01065529988", "(010) 6552-9988", "（０１０）６５５２９９８８", "010 6552 9988",
		"+86 10 6552 9988", "+86-10-65529988", "+86 (0)10 6552 9988", "861065529988",
		"0086 10 6552 9988", "0086-010-65529988",
	};
	for (size_t i = 0; i < sizeof beijing / sizeof beijing[0]; i++)
		phone_ok(beijing[i], "01065529988", GX_PHONE_LANDLINE);
	phone_ok("021-5555 6666", "02155556666", GX_PHONE_LANDLINE);
	phone_ok("+86 21 5555 6666", "02155556666", GX_PHONE_LANDLINE);
	phone_ok("0755-8888 9999", "075588889999", GX_PHONE_LANDLINE);
	phone_ok("+86 755 8888 9999", "075588889999", GX_PHONE_LANDLINE);
	phone_ok("0571-8765432", "05718765432", GX_PHONE_LANDLINE);      /* 7-digit local number */
	phone_ok("010-6552998", "0106552998", GX_PHONE_LANDLINE);
	/* extensions, decided: kept as "x" + digits for landlines and hotlines */
	phone_ok("010-65529988 x123", "01065529988x123", GX_PHONE_LANDLINE);
	phone_ok("010-65529988X123", "01065529988x123", GX_PHONE_LANDLINE);
	phone_ok("010-65529988 ext. 12", "01065529988x12", GX_PHONE_LANDLINE);
	phone_ok("(010)65529988 EXT:123", "01065529988x123", GX_PHONE_LANDLINE);
	phone_ok("010-65529988转123", "01065529988x123", GX_PHONE_LANDLINE);
	phone_ok("010 6552 9988 分机 8001", "01065529988x8001", GX_PHONE_LANDLINE);
	phone_ok("010-65529988#9", "01065529988x9", GX_PHONE_LANDLINE);
	phone_ok("０１０－６５５２９９８８　ｘ１２", "01065529988x12", GX_PHONE_LANDLINE);
	phone_ok("010-65529988 x123456", "01065529988x123456", GX_PHONE_LANDLINE);
	phone_ok("010-65529988 ext1 ", "01065529988x1", GX_PHONE_LANDLINE);
	phone_ok("400-810-8888", "4008108888", GX_PHONE_SERVICE);
	phone_ok("800 810 8888", "8008108888", GX_PHONE_SERVICE);
	phone_ok("400-810-8888 转 2", "4008108888x2", GX_PHONE_SERVICE);
}

static void test_phone_errors(void **state)
{
	(void)state;
	phone_bad(NULL, "phone number is empty");
	phone_bad("", "phone number is empty");
	phone_bad("   ", "has no digits");
	phone_bad("--", "has no digits");
	phone_bad("1380013800", "a mobile number has 11 digits");
	phone_bad("138001380001", "a mobile number has 11 digits");
	phone_bad("12800138000", "mobile numbers start with 13 to 19");
	phone_bad("11800138000", "mobile numbers start with 13 to 19");
	phone_bad("65529988", "has no area code");
	phone_bad("6552998", "has no area code");
	phone_bad("010-655299881", "not 7 or 8 digits after its area code");
	phone_bad("010-655299", "not 7 or 8 digits");
	phone_bad("011-65529988", "area code starting 01 other than 010");
	phone_bad("010-05529988", "local number starting with 0 or 1");
	phone_bad("00-12345678", "mainland China number");
	phone_bad("+1 415 555 0100", "is not a mainland China number (its country code is not 86)");
	phone_bad("+852 2123 4567", "its country code is not 86");
	phone_bad("00852 2123 4567", "its country code is not 86");
	phone_bad("+86", "nothing after the country code");
	phone_bad("+86 12345", "a mobile number has 11 digits");
	phone_bad("999", "is not a mainland China mobile, landline or 400/800 number");
	phone_bad("4008108888 1", "is not a mainland China mobile, landline or 400/800 number");
	phone_bad("13800138000 x12", "is a mobile number, which cannot have an extension");
	phone_bad("13800138000转1", "cannot have an extension");
	phone_bad("010-65529988 x", "extension marker but no extension digits");
	phone_bad("010-65529988 x1234567", "extension longer than 6 digits");
	phone_bad("010-65529988 x12 x34", "more than one extension");
	phone_bad("x123", "has an extension but no number");
	phone_bad("tel: 010-65529988", "unexpected character 't'");
	phone_bad("138@0013-8000", "unexpected character '@'");
	phone_bad("1+3800138000", "'+' that is not at the start");
	phone_bad("++8613800138000", "'+' that is not at the start");
	phone_bad("138〇0013800", "unexpected character '〇'");
	phone_bad("1234567890123456789012", "too many digits");
	phone_bad("1380013800\xFF", "not valid UTF-8 (bad byte at offset 10)");
	char big[100];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	phone_bad(big, "is too long");
}

/* --- WeChat --- */

static void test_wechat(void **state)
{
	(void)state;
	struct gx_error err;
	const char *good[] = { "wxid_abc", "Zhang-Wei_88", "abcdef", "a1234567890123456789", "Z_____" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		MSG_OK(good[i], gx_wechat_id_validate(good[i], "wechat", &err), err);
	const struct { const char *text, *why; } bad[] = {
		{ NULL, "WeChat ID is empty" },
		{ "", "WeChat ID is empty" },
		{ "abcde", "has 5 characters; it must have 6 to 20" },
		{ "a12345678901234567890", "has 21 characters" },
		{ "1abcdef", "must start with a letter" },
		{ "_abcdef", "must start with a letter" },
		{ "-abcdef", "must start with a letter" },
		{ "zhang wei", "contains ' '" },
		{ " zhangwei", "contains ' '" },
		{ "zhang.wei", "contains '.'" },
		{ "zhang@wei", "contains '@'" },
		{ "张伟abcdef", "contains '张'; only letters, digits, _ and - are allowed" },
		{ "ａｂｃｄｅｆ", "contains 'ａ'" },
		{ "abcdef\xFF", "is not valid UTF-8" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_fail(gx_wechat_id_validate(bad[i].text, "wechat", &err), &err, bad[i].text, "wechat",
		            bad[i].why);
}

/* --- names --- */

static void name_is(struct gx_arena *a, const char *text, const char *want)
{
	char *out = NULL, *again = NULL;
	struct gx_error err;
	MSG_OK(text, gx_name_normalize(text, a, &out, "name", &err), err);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" → \"%s\", want \"%s\"", text ? text : "(null)", out, want);
	MSG_OK(out, gx_name_normalize(out, a, &again, "name", &err), err);
	if (strcmp(again, out) != 0)
		fail_msg("not a fixed point: \"%s\" → \"%s\"", out, again);
}

static void test_name_key(void **state)
{
	(void)state;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	/* suffixes, longest first and repeatedly */
	name_is(&a, "北京星辰科技有限公司", "北京星辰科技");
	name_is(&a, "星辰科技股份有限公司", "星辰科技");
	name_is(&a, "星辰科技有限责任公司", "星辰科技");
	name_is(&a, "星辰科技 股份公司", "星辰科技");
	name_is(&a, "星辰科技公司", "星辰科技");
	name_is(&a, "星辰科技集团", "星辰科技");
	name_is(&a, "星辰科技集团有限公司", "星辰科技");
	name_is(&a, "星辰科技集团股份有限公司", "星辰科技");
	name_is(&a, "星辰科技總公司", "星辰科技");
	name_is(&a, "星辰科技集團有限公司", "星辰科技");
	/* the leading city, ASCII or full-width parentheses, with or without blanks */
	name_is(&a, "（北京）星辰科技有限公司", "星辰科技");
	name_is(&a, "(北京)星辰科技有限公司", "星辰科技");
	name_is(&a, " ( 北京 ) 星辰科技", "星辰科技");
	name_is(&a, "(Beijing) Star Tech", "startech");
	name_is(&a, "(010)星辰科技", "010星辰科技");          /* digits are no city */
	name_is(&a, "(内蒙古自治区锡林郭勒盟二连浩特市)星辰", "内蒙古自治区锡林郭勒盟二连浩特市星辰");   /* > 12 */
	/* a place right before a dropped suffix; one in the middle stays */
	name_is(&a, "腾讯科技（深圳）有限公司", "腾讯科技");
	name_is(&a, "星辰科技集团（北京）有限公司", "星辰科技");
	name_is(&a, "阿里巴巴（中国）网络技术有限公司", "阿里巴巴中国网络技术");
	/* width, case, blanks and punctuation */
	name_is(&a, "张 伟", "张伟");
	name_is(&a, "张\xE3\x80\x80伟", "张伟");
	name_is(&a, "阿凡提·买买提", "阿凡提买买提");
	name_is(&a, "华为、中兴，小米。", "华为中兴小米");
	name_is(&a, "《星辰》“科技”【测试】", "星辰科技测试");
	name_is(&a, "ＡＢＣ　Ｔｒａｄｉｎｇ", "abctrading");
	name_is(&a, "A&B 贸易", "ab贸易");
	name_is(&a, "星辰™ 科技®", "星辰科技");
	name_is(&a, "Straße", "straße");                      /* simple folding keeps ß */
	name_is(&a, "ÉCOLE", "école");
	name_is(&a, "zero\xE2\x80\x8Bwidth", "zerowidth");       /* U+200B format character */
	/* Latin suffixes only as whole words */
	name_is(&a, "Huawei Technologies Co., Ltd.", "huaweitechnologies");
	name_is(&a, "Apple Inc.", "apple");
	name_is(&a, "ACME Corporation", "acme");
	name_is(&a, "Foo Bar LLC", "foobar");
	name_is(&a, "Foo Co", "foo");
	name_is(&a, "Foo Limited", "foo");
	name_is(&a, "Zinc", "zinc");
	name_is(&a, "Zinc Inc", "zinc");
	name_is(&a, "Costco", "costco");
	name_is(&a, "星辰Co.,Ltd", "星辰");
	name_is(&a, "星辰科技(北京)Co., Ltd.", "星辰科技");
	/* punctuation that hid a suffix: keys are fixed points (found by fuzzing) */
	name_is(&a, "星辰公司(", "星辰");
	name_is(&a, "星辰(北京公司)", "星辰北京");
	name_is(&a, "星辰公司)(", "星辰");
	/* names that are only a suffix keep it; empty stays empty */
	name_is(&a, "公司", "公司");
	name_is(&a, "有限公司", "有限公司");
	name_is(&a, "股份有限公司", "股份有限公司");
	name_is(&a, "Limited", "limited");
	name_is(&a, "（北京）", "北京");
	name_is(&a, "", "");
	name_is(&a, NULL, "");
	name_is(&a, "·、，", "");
	/* the same company spelled four ways gets one key */
	const char *spellings[] = { "（北京）星辰科技有限公司", "星辰科技 有限责任公司", "星辰 科技·集团",
	                            "ＳＴＡＲ星辰科技" };
	char *k0, *k;
	struct gx_error err;
	MSG_OK("s0", gx_name_normalize(spellings[0], &a, &k0, NULL, &err), err);
	for (size_t i = 1; i < 3; i++) {
		MSG_OK(spellings[i], gx_name_normalize(spellings[i], &a, &k, NULL, &err), err);
		assert_string_equal(k, k0);
	}
	MSG_OK(spellings[3], gx_name_normalize(spellings[3], &a, &k, NULL, &err), err);
	assert_string_equal(k, "star星辰科技");
	/* errors */
	char *untouched = (char *)"x";
	char big[1100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	expect_fail(gx_name_normalize(big, &a, &untouched, "name", &err), &err, "big", "name",
	            "is longer than 1000 bytes");
	expect_fail(gx_name_normalize("星辰\xE6\x98", &a, &untouched, "name", &err), &err, "utf8", "name",
	            "is not valid UTF-8 (bad byte at offset 6)");
	assert_string_equal(untouched, "x");
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_uscc_real_and_normalised),
		cmocka_unit_test(test_uscc_constructed),
		cmocka_unit_test(test_uscc_every_typo_detected),
		cmocka_unit_test(test_uscc_errors),
		cmocka_unit_test(test_resident_id),
		cmocka_unit_test(test_phone_mobile),
		cmocka_unit_test(test_phone_landline_and_service),
		cmocka_unit_test(test_phone_errors),
		cmocka_unit_test(test_wechat),
		cmocka_unit_test(test_name_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
