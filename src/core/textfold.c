/* Search folding (see include/guanxi/textfold.h). ICU's NFKC_Casefold does the Unicode work;
 * plain ASCII, which is most of what is indexed (phones, e-mails, codes), takes a fast path
 * that gives the same result without converting to UTF-16. */
#include "guanxi/textfold.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

static int is_plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* NFKC_Casefold removes no printable ASCII and maps only A-Z; controls other than
		 * the ordinary whitespace are left to ICU for consistency. */
		if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return 0;
	}
	return 1;
}

enum gx_err textfold_fold(const char *s, size_t len, char **out, size_t *out_len,
                          struct gx_error *err)
{
	*out = NULL;
	if (out_len)
		*out_len = 0;
	size_t bad = 0;
	if (!gx_utf8_valid(s, len, &bad))
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("text is not valid UTF-8 (bad byte at offset %zu)"), bad);
	if (is_plain_ascii(s, len)) {
		char *r = gx_xmalloc(len + 1);
		for (size_t i = 0; i < len; i++) {
			char c = s[i];
			r[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		r[len] = '\0';
		*out = r;
		if (out_len)
			*out_len = len;
		return GX_OK;
	}
	if (len > INT32_MAX / 4)
		return gx_error_set(err, GX_ETOOLARGE, NULL, _("text too long to fold (%zu bytes)"), len);

	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		return gx_error_set(err, GX_EINTERNAL, NULL, _("ICU NFKC_Casefold unavailable: %s"),
		                    u_errorName(st));
	int32_t ulen = 0;
	UChar *u16 = gx_xmalloc(sizeof(UChar) * (len + 1));
	u_strFromUTF8(u16, (int32_t)len + 1, &ulen, s, (int32_t)len, &st);
	/* Folding can expand (ß → ss, ㈱ → (株)); retry once with the exact size ICU reports. */
	int32_t cap = ulen * 2 + 16;
	UChar *f = gx_xmalloc(sizeof(UChar) * (size_t)cap);
	int32_t flen = U_SUCCESS(st) ? unorm2_normalize(nfkc_cf, u16, ulen, f, cap, &st) : 0;
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		cap = flen + 1;
		f = gx_xrealloc(f, sizeof(UChar) * (size_t)cap);
		flen = unorm2_normalize(nfkc_cf, u16, ulen, f, cap, &st);
	}
	free(u16);
	if (U_FAILURE(st)) {
		free(f);
		return gx_error_set(err, GX_EINTERNAL, NULL, _("ICU could not fold text: %s"),
		                    u_errorName(st));
	}
	int32_t blen = 0;
	size_t bcap = (size_t)flen * 3 + 1;
	char *r = gx_xmalloc(bcap);
	u_strToUTF8(r, (int32_t)bcap, &blen, f, flen, &st);
	free(f);
	if (U_FAILURE(st)) {
		free(r);
		return gx_error_set(err, GX_EINTERNAL, NULL, _("ICU could not encode folded text: %s"),
		                    u_errorName(st));
	}
	r[blen] = '\0';
	*out = r;
	if (out_len)
		*out_len = (size_t)blen;
	return GX_OK;
}

int textfold_normalize_phone(const char *s, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	out[0] = '\0';
	char digits[64];
	size_t nd = 0, len = strlen(s);
	int plus = 0, seen_digit = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
		if (cp >= 0xFF01 && cp <= 0xFF5E)   /* full-width ASCII */
			cp -= 0xFEE0;
		if (cp >= '0' && cp <= '9') {
			if (nd + 1 >= sizeof digits)
				return 0;
			digits[nd++] = (char)cp;
			seen_digit = 1;
		} else if (cp == '+' && !seen_digit && !plus) {
			plus = 1;
		} else if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == '-' || cp == '.' ||
		           cp == '(' || cp == ')' || (cp >= 0x2010 && cp <= 0x2015)) {
			continue;
		} else {
			return 0;
		}
	}
	if (nd < 3)
		return 0;
	digits[nd] = '\0';
	const char *d = digits;
	if (plus && strncmp(d, "86", 2) == 0) {
		d += 2;
		plus = 0;
	} else if (!plus && strncmp(d, "0086", 4) == 0) {
		d += 4;
	} else if (!plus && nd == 13 && strncmp(d, "861", 3) == 0) {
		d += 2;   /* 86 written without '+' before an 11-digit mobile number */
	}
	size_t need = strlen(d) + (plus ? 1 : 0) + 1;
	if (need > cap || strlen(d) < 3)
		return 0;
	snprintf(out, cap, "%s%s", plus ? "+" : "", d);
	return 1;
}
