/* Text helpers for the value parsers of core/ (see core/textutil.h). */
#include "core/textutil.h"
#include "guanxi/utf8.h"

#include <stdio.h>
#include <string.h>

const char *gx_text_quote(char *buf, const char *s)
{
	if (!s) {
		snprintf(buf, GX_QUOTE_SIZE, "(null)");
		return buf;
	}
	size_t len = strlen(s), i = 0, o = 0, chars = 0;
	buf[o++] = '"';
	while (i < len) {
		if (chars == GX_QUOTE_MAX_CHARS) {
			memcpy(buf + o, "\xE2\x80\xA6", 3);   /* … */
			o += 3;
			break;
		}
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\\') {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\') {
				buf[o++] = '\\';
				buf[o++] = (char)c;
			} else {
				o += (size_t)snprintf(buf + o, 5, "\\x%02X", c);
			}
			i++;
		} else {
			memcpy(buf + o, s + i, n);
			o += n;
			i += n;
		}
		chars++;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

uint32_t gx_text_fold_width(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

int gx_text_is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x3000;
}

size_t gx_text_trim(const char *s, size_t len, size_t *start)
{
	size_t b = 0, e = len;
	while (b < e) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + b, e - b, &cp);
		if (n == 0 || !gx_text_is_blank(cp))
			break;
		b += n;
	}
	while (e > b) {
		/* step back to the start of the last code point */
		size_t k = e - 1;
		while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80 && e - k < 4)
			k--;
		uint32_t cp;
		size_t n = gx_utf8_decode(s + k, e - k, &cp);
		if (n != e - k || !gx_text_is_blank(cp))
			break;
		e = k;
	}
	*start = b;
	return e - b;
}
