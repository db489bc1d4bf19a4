/* Identifier checks: e-mail, 统一社会信用代码, resident ID, WeChat ID (see guanxi/validate.h).
 * Phone numbers are in phone.c and names in namekey.c. Each check first folds the value onto
 * ASCII (trimming blanks, full-width forms → ASCII) so that the rules below see one alphabet. */
#include "guanxi/validate.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "core/textutil.h"
#include "core/validate_fold.h"

#include <stdio.h>
#include <string.h>

enum gx_err gx_fold_ascii(const char *text, char *out, size_t size, const char *what,
                          const char *field, struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, _("%s is empty"), what);
	size_t len = strlen(text), bad_off, start;
	if (!gx_utf8_valid(text, len, &bad_off))
		return gx_error_set(err, GX_EINVAL, field, _("%s %s is not valid UTF-8 (bad byte at offset %zu)"),
		                    what, gx_text_quote(q, text), bad_off);
	len = gx_text_trim(text, len, &start);
	if (len == 0)
		return gx_error_set(err, GX_EINVAL, field, _("%s is blank"), what);
	size_t n = 0;
	for (size_t i = start; i < start + len;) {
		uint32_t cp;
		size_t k = gx_utf8_decode(text + i, start + len - i, &cp);
		cp = gx_text_fold_width(cp);
		if (cp == 0x3002 || cp == 0xFF61)   /* 。｡ ideographic full stops */
			cp = '.';
		if (cp >= 0x80)
			return gx_error_set(err, GX_EINVAL, field, _("%s %s contains the character '%.*s', which is not allowed here"),
			                    what, gx_text_quote(q, text), (int)k, text + i);
		if (n + 1 >= size)
			return gx_error_set(err, GX_EINVAL, field, _("%s %s is too long"), what, gx_text_quote(q, text));
		out[n++] = (char)cp;
		i += k;
	}
	out[n] = '\0';
	return GX_OK;
}

/* --- e-mail --- */

static int is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("!#$%&'*+/=?^_`{|}~-", c);
}

static enum gx_err email_bad(struct gx_error *err, const char *field, const char *text, const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("e-mail address %s %s"), gx_text_quote(q, text), why);
}

enum gx_err gx_email_normalize(const char *text, char out[GX_EMAIL_SIZE], const char *field,
                               struct gx_error *err)
{
	char a[GX_EMAIL_SIZE];
	enum gx_err rc = gx_fold_ascii(text, a, sizeof a, _("e-mail address"), field, err);
	if (rc != GX_OK)
		return rc;
	for (char *p = a; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			return email_bad(err, field, text, _("contains a blank"));
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			return email_bad(err, field, text, _("contains a control character"));
	}
	char *at = strchr(a, '@');
	if (!at)
		return email_bad(err, field, text, _("has no @"));
	if (strchr(at + 1, '@'))
		return email_bad(err, field, text, _("has more than one @"));
	size_t llen = (size_t)(at - a);
	const char *dom = at + 1;
	size_t dlen = strlen(dom);
	if (llen == 0)
		return email_bad(err, field, text, _("has nothing before the @"));
	if (llen > 64)
		return email_bad(err, field, text, _("has more than 64 characters before the @"));
	if (dlen == 0)
		return email_bad(err, field, text, _("has no domain after the @"));
	if (a[0] == '"')
		return email_bad(err, field, text, _("has a quoted local part, which is not accepted"));
	if (a[0] == '.' || a[llen - 1] == '.')
		return email_bad(err, field, text, _("has a dot at the start or end of the part before the @"));
	for (size_t i = 0; i < llen; i++) {
		if (a[i] == '.') {
			if (a[i + 1] == '.')
				return email_bad(err, field, text, _("has two dots in a row"));
		} else if (!is_atext(a[i])) {
			char why[96];
			snprintf(why, sizeof why, _("contains '%c' before the @, which is not allowed"), a[i]);
			return email_bad(err, field, text, why);
		}
	}
	if (dom[0] == '[')
		return email_bad(err, field, text, _("has an IP address as domain, which is not accepted"));
	if (dlen > 253)
		return email_bad(err, field, text, _("has a domain longer than 253 characters"));
	size_t labels = 0;
	const char *lab = dom, *last = dom;
	for (;;) {
		const char *dot = strchr(lab, '.');
		size_t ll = dot ? (size_t)(dot - lab) : strlen(lab);
		if (ll == 0)
			return email_bad(err, field, text, _("has an empty label in its domain (two dots or a dot at an end)"));
		if (ll > 63)
			return email_bad(err, field, text, _("has a domain label longer than 63 characters"));
		if (lab[0] == '-' || lab[ll - 1] == '-')
			return email_bad(err, field, text, _("has a domain label starting or ending with '-'"));
		for (size_t i = 0; i < ll; i++) {
			char c = lab[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				char why[96];
				snprintf(why, sizeof why, _("contains '%c' in its domain, which is not allowed"), c);
				return email_bad(err, field, text, why);
			}
		}
		labels++;
		last = lab;
		if (!dot)
			break;
		lab = dot + 1;
	}
	if (labels < 2)
		return email_bad(err, field, text, _("has a domain without a dot (expected e.g. example.com)"));
	size_t tl = strlen(last);
	int numeric = 1;
	for (size_t i = 0; i < tl; i++)
		if (last[i] < '0' || last[i] > '9')
			numeric = 0;
	if (numeric || tl < 2)
		return email_bad(err, field, text, _("has an invalid top-level domain"));
	if (llen + 1 + dlen > 254)
		return email_bad(err, field, text, _("is longer than 254 characters"));
	memcpy(out, a, llen + 1 + dlen + 1);
	return GX_OK;
}

/* --- 统一社会信用代码 --- */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";   /* 31 characters */

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alphabet, c) : NULL;
	return p ? (int)(p - uscc_alphabet) : -1;
}

char gx_uscc_check_char(const char *first17)
{
	int sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);
		if (v < 0)
			return 0;
		sum += v * w;
		w = w * 3 % 31;
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

static enum gx_err uscc_bad(struct gx_error *err, const char *field, const char *text, const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("统一社会信用代码 %s %s"), gx_text_quote(q, text), why);
}

enum gx_err gx_uscc_validate(const char *text, char out[GX_USCC_SIZE], const char *field,
                             struct gx_error *err)
{
	char a[64], why[160];
	enum gx_err rc = gx_fold_ascii(text, a, sizeof a, _("统一社会信用代码"), field, err);
	if (rc != GX_OK)
		return rc;
	size_t n = strlen(a);
	for (size_t i = 0; i < n; i++)
		if (a[i] >= 'a' && a[i] <= 'z')
			a[i] = (char)(a[i] - 'a' + 'A');
	if (n != 18) {
		snprintf(why, sizeof why, _("has %zu characters; the code has 18"), n);
		return uscc_bad(err, field, text, why);
	}
	for (size_t i = 0; i < 18; i++) {
		if (uscc_value(a[i]) < 0) {
			if (strchr("IOSVZ", a[i]))
				snprintf(why, sizeof why, _("has '%c' at position %zu; the code never uses I, O, S, V or Z"),
				         a[i], i + 1);
			else
				snprintf(why, sizeof why, _("has '%c' at position %zu, which is not a digit or letter of the code"),
				         a[i], i + 1);
			return uscc_bad(err, field, text, why);
		}
	}
	if (!strchr("123456789ANY", a[0])) {
		snprintf(why, sizeof why, _("starts with '%c', which is no registering authority (1–9, A, N, Y)"), a[0]);
		return uscc_bad(err, field, text, why);
	}
	if (a[1] < '1' || a[1] > '9') {
		snprintf(why, sizeof why, _("has '%c' at position 2, where an organisation category digit 1–9 belongs"), a[1]);
		return uscc_bad(err, field, text, why);
	}
	for (size_t i = 2; i < 8; i++) {
		if (a[i] < '0' || a[i] > '9') {
			snprintf(why, sizeof why, _("has '%c' at position %zu, inside the 6-digit administrative division code"),
			         a[i], i + 1);
			return uscc_bad(err, field, text, why);
		}
	}
	char check = gx_uscc_check_char(a);
	if (check != a[17]) {
		snprintf(why, sizeof why, _("has check character '%c' but its first 17 characters give '%c' (a typo?)"),
		         a[17], check);
		return uscc_bad(err, field, text, why);
	}
	memcpy(out, a, 19);
	return GX_OK;
}

/* --- 居民身份证号码 --- */

char gx_resident_id_check_char(const char *first17)
{
	int sum = 0, w = 1;
	/* weights are 2^(17−i) mod 11 for i = 0..16; computed from the right end */
	for (int i = 16; i >= 0; i--) {
		if (first17[i] < '0' || first17[i] > '9')
			return 0;
		w = w * 2 % 11;
		sum += (first17[i] - '0') * w;
	}
	return "10X98765432"[sum % 11];
}

static enum gx_err rid_bad(struct gx_error *err, const char *field, const char *text, const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("resident ID number %s %s"), gx_text_quote(q, text), why);
}

enum gx_err gx_resident_id_validate(const char *text, char out[GX_RESIDENT_ID_SIZE],
                                    int32_t *birth_date, const char *field, struct gx_error *err)
{
	char a[64], why[160];
	enum gx_err rc = gx_fold_ascii(text, a, sizeof a, _("resident ID number"), field, err);
	if (rc != GX_OK)
		return rc;
	size_t n = strlen(a);
	if (n == 15)
		return rid_bad(err, field, text, _("is an old 15-digit number; enter the 18-digit number"));
	if (n != 18) {
		snprintf(why, sizeof why, _("has %zu characters; the number has 18"), n);
		return rid_bad(err, field, text, why);
	}
	if (a[17] == 'x')
		a[17] = 'X';
	for (size_t i = 0; i < 18; i++) {
		if ((a[i] < '0' || a[i] > '9') && !(i == 17 && a[i] == 'X')) {
			if (i == 17)
				snprintf(why, sizeof why, _("ends in '%c'; the last character is a digit or X"), a[i]);
			else
				snprintf(why, sizeof why, _("has '%c' at position %zu; the first 17 are digits"),
				         a[i], i + 1);
			return rid_bad(err, field, text, why);
		}
	}
	int y = (a[6] - '0') * 1000 + (a[7] - '0') * 100 + (a[8] - '0') * 10 + (a[9] - '0');
	int m = (a[10] - '0') * 10 + (a[11] - '0'), d = (a[12] - '0') * 10 + (a[13] - '0');
	if (y < 1800 || !gx_date_ymd_valid(y, m, d)) {
		snprintf(why, sizeof why, _("has the birth date %.8s at positions 7–14, which is not a real date"),
		         a + 6);
		return rid_bad(err, field, text, why);
	}
	char check = gx_resident_id_check_char(a);
	if (check != a[17]) {
		snprintf(why, sizeof why, _("has check character '%c' but its first 17 digits give '%c' (a typo?)"),
		         a[17], check);
		return rid_bad(err, field, text, why);
	}
	if (birth_date)
		*birth_date = gx_date_from_ymd(y, m, d);
	memcpy(out, a, 19);
	return GX_OK;
}

/* --- WeChat ID --- */

enum gx_err gx_wechat_id_validate(const char *text, const char *field, struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("WeChat ID is empty"));
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-')) {
			uint32_t cp;
			size_t k = gx_utf8_decode(text + i, n - i, &cp);
			if (k == 0)
				return gx_error_set(err, GX_EINVAL, field, _("WeChat ID %s is not valid UTF-8"),
				                    gx_text_quote(q, text));
			return gx_error_set(err, GX_EINVAL, field,
			                    _("WeChat ID %s contains '%.*s'; only letters, digits, _ and - are allowed"),
			                    gx_text_quote(q, text), (int)k, text + i);
		}
	}
	if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z')))
		return gx_error_set(err, GX_EINVAL, field, _("WeChat ID %s must start with a letter"),
		                    gx_text_quote(q, text));
	if (n < 6 || n > 20)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("WeChat ID %s has %zu characters; it must have 6 to 20"),
		                    gx_text_quote(q, text), n);
	return GX_OK;
}
