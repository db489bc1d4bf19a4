/* Mainland China phone numbers (see guanxi/validate.h): reads the many ways people write a
 * number — country prefixes, separators, full-width digits, extensions — and returns the digits
 * as dialled inside the mainland, which is what duplicate checks and search compare. */
#include "guanxi/validate.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "core/textutil.h"

#include <stdio.h>
#include <string.h>

#define PHONE_MAX_INPUT 64
#define PHONE_MAX_DIGITS 20
#define EXT_MAX_DIGITS 6

static enum gx_err phone_bad(struct gx_error *err, const char *field, const char *text,
                             const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("phone number %s %s"), gx_text_quote(q, text), why);
}

/* Kind of a number without country prefix, or 0 with *why set. */
static enum gx_phone_kind classify(const char *m, const char **why)
{
	size_t n = strlen(m);
	if (m[0] == '1') {
		if (n != 11) {
			*why = _("starts like a mobile number but a mobile number has 11 digits");
			return 0;
		}
		if (m[1] < '3') {
			*why = _("is not a mobile number: mobile numbers start with 13 to 19");
			return 0;
		}
		return GX_PHONE_MOBILE;
	}
	if (m[0] == '0') {
		/* area codes: 010, 02x (2 digits after the 0); 0xxx otherwise */
		size_t area;
		if (m[1] == '1' || m[1] == '2') {
			if (m[1] == '1' && m[2] != '0') {
				*why = _("has an area code starting 01 other than 010");
				return 0;
			}
			area = 3;
		} else if (m[1] >= '3' && m[1] <= '9') {
			area = 4;
		} else {
			*why = _("does not start with a valid area code");
			return 0;
		}
		if (n < area + 7 || n > area + 8) {
			*why = _("has a local number that is not 7 or 8 digits after its area code");
			return 0;
		}
		if (m[area] < '2') {
			*why = _("has a local number starting with 0 or 1 after its area code");
			return 0;
		}
		return GX_PHONE_LANDLINE;
	}
	if ((strncmp(m, "400", 3) == 0 || strncmp(m, "800", 3) == 0) && n == 10)
		return GX_PHONE_SERVICE;
	if ((n == 7 || n == 8) && m[0] >= '2')
		*why = _("has no area code (a landline needs one, e.g. 010 or 021)");
	else
		*why = _("is not a mainland China mobile, landline or 400/800 number");
	return 0;
}

/* After +86 the trunk 0 of an area code is left out: "10 6552 9988" is 010, "21 …" is 021. Mobile
 * numbers start 13–19, so "10" can only be Beijing. */
static int needs_trunk_zero(const char *rest)
{
	return rest[0] >= '2' || (rest[0] == '1' && rest[1] == '0');
}

enum gx_err gx_phone_normalize(const char *text, char out[GX_PHONE_SIZE], enum gx_phone_kind *kind,
                               const char *field, struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("phone number is empty"));
	size_t len = strlen(text), bad_off, start;
	if (len > PHONE_MAX_INPUT)
		return phone_bad(err, field, text, _("is too long"));
	if (!gx_utf8_valid(text, len, &bad_off))
		return gx_error_set(err, GX_EINVAL, field, _("phone number %s is not valid UTF-8 (bad byte at offset %zu)"),
		                    gx_text_quote(q, text), bad_off);
	len = gx_text_trim(text, len, &start);
	char m[PHONE_MAX_DIGITS + 3], ext[EXT_MAX_DIGITS + 1];
	size_t nm = 0, ne = 0;
	int plus = 0, in_ext = 0;
	for (size_t i = start; i < start + len;) {
		uint32_t cp;
		size_t k = gx_utf8_decode(text + i, start + len - i, &cp);
		cp = gx_text_fold_width(cp);
		int marker = 0;
		if (cp >= '0' && cp <= '9') {
			if (in_ext) {
				if (ne == EXT_MAX_DIGITS)
					return phone_bad(err, field, text, _("has an extension longer than 6 digits"));
				ext[ne++] = (char)cp;
			} else {
				if (nm == PHONE_MAX_DIGITS)
					return phone_bad(err, field, text, _("has too many digits"));
				m[nm++] = (char)cp;
			}
		} else if (gx_text_is_blank(cp) || cp == '-' || cp == '.' || cp == '/' || cp == '(' ||
		           cp == ')' || cp == 0x2013 || cp == 0x2014) {
			/* separators */
		} else if (cp == ':' && in_ext && ne == 0) {
			/* "ext: 123" */
		} else if (cp == '+') {
			if (plus || nm > 0 || in_ext)
				return phone_bad(err, field, text, _("has a '+' that is not at the start"));
			plus = 1;
		} else if (cp == '#' || cp == 0x8F6C) {   /* # 转 */
			marker = 1;
		} else if (cp == 0x5206 && i + k + 3 <= start + len && memcmp(text + i + k, "\xE6\x9C\xBA", 3) == 0) {
			marker = 1;                           /* 分机 */
			k += 3;
		} else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
			/* a word of (possibly full-width) letters: only "x" and "ext" mean something */
			char word[8];
			size_t nw = 0, j = i;
			while (j < start + len) {
				uint32_t c2;
				size_t k2 = gx_utf8_decode(text + j, start + len - j, &c2);
				c2 = gx_text_fold_width(c2) | 0x20;
				if (c2 < 'a' || c2 > 'z')
					break;
				if (nw < sizeof word - 1)
					word[nw++] = (char)c2;
				j += k2;
			}
			word[nw] = '\0';
			if (strcmp(word, "x") != 0 && strcmp(word, "ext") != 0) {
				char why[96];
				snprintf(why, sizeof why, _("contains the unexpected character '%c'"), word[0]);
				return phone_bad(err, field, text, why);
			}
			marker = 1;
			k = j - i;
		} else {
			char why[96];
			snprintf(why, sizeof why, _("contains the unexpected character '%.*s'"), (int)k, text + i);
			return phone_bad(err, field, text, why);
		}
		if (marker) {
			if (in_ext)
				return phone_bad(err, field, text, _("has more than one extension"));
			if (nm == 0)
				return phone_bad(err, field, text, _("has an extension but no number"));
			in_ext = 1;
		}
		i += k;
	}
	m[nm] = '\0';
	ext[ne] = '\0';
	if (nm == 0)
		return phone_bad(err, field, text, _("has no digits"));
	if (in_ext && ne == 0)
		return phone_bad(err, field, text, _("has an extension marker but no extension digits"));

	/* country prefix: +86, 0086, or a bare 86 when what follows is then a valid number */
	char num[PHONE_MAX_DIGITS + 3];
	const char *why = NULL;
	enum gx_phone_kind k = 0;
	int intl = plus || strncmp(m, "00", 2) == 0;
	if (intl) {
		const char *rest = plus ? m : m + 2;
		if (strncmp(rest, "86", 2) != 0) {
			return phone_bad(err, field, text,
			                 _("is not a mainland China number (its country code is not 86)"));
		}
		rest += 2;
		/* international form drops the trunk 0 of area codes; some keep it as "(0)" */
		snprintf(num, sizeof num, "%s%s", needs_trunk_zero(rest) ? "0" : "", rest);
		k = num[0] ? classify(num, &why) : 0;
		if (!num[0])
			why = _("has nothing after the country code");
	} else {
		snprintf(num, sizeof num, "%s", m);
		k = classify(num, &why);
		if (!k && strncmp(m, "86", 2) == 0 && nm >= 11) {
			char alt[PHONE_MAX_DIGITS + 3];
			const char *why2;
			snprintf(alt, sizeof alt, "%s%s", needs_trunk_zero(m + 2) ? "0" : "", m + 2);
			enum gx_phone_kind k2 = classify(alt, &why2);
			if (k2) {
				k = k2;
				memcpy(num, alt, sizeof num);
			}
		}
	}
	if (!k)
		return phone_bad(err, field, text, why);
	if (ne && k == GX_PHONE_MOBILE)
		return phone_bad(err, field, text, _("is a mobile number, which cannot have an extension"));
	snprintf(out, GX_PHONE_SIZE, "%s%s%s", num, ne ? "x" : "", ext);
	if (kind)
		*kind = k;
	return GX_OK;
}
