/* Exact conversion between yuan text and integer fen (see include/guanxi/money.h). The parser
 * first maps the text onto a small ASCII alphabet (full-width forms folded, currency marks as
 * tokens) and then checks the grammar on that, so each fault can be named precisely. */
#include "guanxi/money.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "core/textutil.h"

#include <stdio.h>
#include <string.h>

/* Longer inputs are certainly not amounts; the bound keeps the token buffer on the stack. */
#define MONEY_MAX_INPUT 256

enum {
	TOK_YUAN_SIGN = 'Y',   /* ¥ or ￥ before the number */
	TOK_YUAN_WORD = 'E',   /* 元 after the number */
};

static enum gx_err bad(struct gx_error *err, const char *field, const char *text, const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("amount %s %s"), gx_text_quote(q, text), why);
}

/* Maps text onto tokens: digits, '.', ',', '-', ' ', 'Y', 'E'. On an unknown character,
 * returns 0 and points bad_at and bad_len at it. */
static int tokenize(const char *text, size_t len, char *tok, size_t *ntok, size_t *bad_at,
                    size_t *bad_len)
{
	size_t i = 0, n = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = gx_utf8_decode(text + i, len - i, &cp);
		cp = gx_text_fold_width(cp);
		char t;
		if (cp >= '0' && cp <= '9')
			t = (char)cp;
		else if (cp == '.' || cp == ',' || cp == '-')
			t = (char)cp;
		else if (cp == 0x2212)              /* minus sign */
			t = '-';
		else if (gx_text_is_blank(cp))
			t = ' ';
		else if (cp == 0xA5 || cp == 0xFFE5)
			t = TOK_YUAN_SIGN;
		else if (cp == 0x5143)              /* 元 */
			t = TOK_YUAN_WORD;
		else {
			*bad_at = i;
			*bad_len = k;
			return 0;
		}
		tok[n++] = t;
		i += k;
	}
	*ntok = n;
	return 1;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

enum gx_err gx_money_parse_yuan(const char *text, unsigned flags, int64_t *fen,
                                const char *field, struct gx_error *err)
{
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("amount is empty"));
	size_t len = strlen(text), bad_off;
	if (len > MONEY_MAX_INPUT)
		return bad(err, field, text, _("is too long to be an amount"));
	if (!gx_utf8_valid(text, len, &bad_off)) {
		char q[GX_QUOTE_SIZE];
		return gx_error_set(err, GX_EINVAL, field, _("amount %s is not valid UTF-8 (bad byte at offset %zu)"),
		                    gx_text_quote(q, text), bad_off);
	}
	char tok[MONEY_MAX_INPUT];
	size_t n, bad_len;
	if (!tokenize(text, len, tok, &n, &bad_off, &bad_len)) {
		char q[GX_QUOTE_SIZE];
		return gx_error_set(err, GX_EINVAL, field,
		                    _("amount %s contains the unexpected character '%.*s'"),
		                    gx_text_quote(q, text), (int)bad_len, text + bad_off);
	}
	size_t i = 0, end = n;
	while (i < end && tok[i] == ' ')
		i++;
	while (end > i && tok[end - 1] == ' ')
		end--;
	if (i == end)
		return bad(err, field, text, _("is blank"));

	int negative = 0, have_sign_mark = 0;
	/* prefix: [-] [¥] [blanks] [-] in any of these combinations, one sign, one ¥ */
	for (;;) {
		if (i < end && tok[i] == '-') {
			if (negative)
				return bad(err, field, text, _("has more than one minus sign"));
			negative = 1;
			i++;
		} else if (i < end && tok[i] == TOK_YUAN_SIGN) {
			if (have_sign_mark)
				return bad(err, field, text, _("has more than one currency sign"));
			have_sign_mark = 1;
			i++;
			while (i < end && tok[i] == ' ')
				i++;
		} else {
			break;
		}
	}
	/* suffix: [blanks] 元 */
	if (end > i && tok[end - 1] == TOK_YUAN_WORD) {
		end--;
		while (end > i && tok[end - 1] == ' ')
			end--;
	}
	if (i == end)
		return bad(err, field, text, _("has no digits"));

	/* integer part with optional thousands separators */
	uint64_t v = 0;
	const uint64_t limit = (uint64_t)INT64_MAX;
	size_t digits = 0, group = 0, groups = 0;
	int overflow = 0;
	size_t p = i;
	for (; p < end && (is_digit(tok[p]) || tok[p] == ','); p++) {
		if (tok[p] == ',') {
			if (groups == 0) {
				if (group == 0 || group > 3)
					return bad(err, field, text, _("has a thousands separator in the wrong place"));
			} else if (group != 3) {
				return bad(err, field, text, _("has a thousands separator in the wrong place"));
			}
			groups++;
			group = 0;
			continue;
		}
		/* v stays <= limit / 100, so v * 10 + 9 cannot wrap */
		if (overflow || v * 10 + (uint64_t)(tok[p] - '0') > limit / 100)
			overflow = 1;
		else
			v = v * 10 + (uint64_t)(tok[p] - '0');
		digits++;
		group++;
	}
	if (groups > 0 && group != 3)
		return bad(err, field, text, _("has a thousands separator in the wrong place"));
	if (digits == 0) {
		if (p < end && tok[p] == '.')
			return bad(err, field, text, _("has no digits before the decimal point"));
		if (p < end && tok[p] == '-')
			return bad(err, field, text, _("has a minus sign in the wrong place"));
		if (p < end && tok[p] == TOK_YUAN_SIGN)
			return bad(err, field, text, _("has the currency sign in the wrong place"));
		return bad(err, field, text, _("has no digits"));
	}
	uint64_t frac = 0;
	if (p < end && tok[p] == '.') {
		p++;
		size_t fd = 0;
		while (p < end && is_digit(tok[p])) {
			if (fd < 2)
				frac = frac * 10 + (uint64_t)(tok[p] - '0');
			fd++;
			p++;
		}
		if (fd == 0)
			return bad(err, field, text, _("has no digits after the decimal point"));
		if (fd > 2)
			return bad(err, field, text, _("has more than two decimals"));
		if (fd == 1)
			frac *= 10;
	}
	if (p < end) {
		switch (tok[p]) {
		case ',':
			return bad(err, field, text, _("has a thousands separator in the wrong place"));
		case '.':
			return bad(err, field, text, _("has more than one decimal point"));
		case '-':
			return bad(err, field, text, _("has a minus sign in the wrong place"));
		case ' ':
			return bad(err, field, text, _("has a blank inside the number"));
		case TOK_YUAN_SIGN:
			return bad(err, field, text, _("has the currency sign in the wrong place"));
		default:
			return bad(err, field, text, _("has \"元\" in the wrong place"));
		}
	}
	if (overflow || v > (limit - frac) / 100)
		return bad(err, field, text, _("is too large (at most 92233720368547758.07)"));
	if (negative && !(flags & GX_MONEY_ALLOW_NEGATIVE))
		return bad(err, field, text, _("is negative; only refunds may be negative"));
	int64_t r = (int64_t)(v * 100 + frac);
	*fen = negative ? -r : r;
	return GX_OK;
}

enum gx_err gx_money_parse_fen(const char *text, unsigned flags, int64_t *fen,
                               const char *field, struct gx_error *err)
{
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("amount in fen is empty"));
	char q[GX_QUOTE_SIZE];
	const char *p = text;
	int negative = 0;
	if (*p == '-') {
		negative = 1;
		p++;
	}
	if (!*p)
		return gx_error_set(err, GX_EINVAL, field, _("amount in fen %s has no digits"),
		                    gx_text_quote(q, text));
	uint64_t v = 0;
	for (; *p; p++) {
		if (!is_digit(*p))
			return gx_error_set(err, GX_EINVAL, field,
			                    _("amount in fen %s must be a whole number of fen (digits only)"),
			                    gx_text_quote(q, text));
		unsigned d = (unsigned)(*p - '0');
		if (v > ((uint64_t)INT64_MAX - d) / 10)
			return gx_error_set(err, GX_EINVAL, field, _("amount in fen %s is too large"),
			                    gx_text_quote(q, text));
		v = v * 10 + d;
	}
	if (negative && !(flags & GX_MONEY_ALLOW_NEGATIVE))
		return gx_error_set(err, GX_EINVAL, field,
		                    _("amount in fen %s is negative; only refunds may be negative"),
		                    gx_text_quote(q, text));
	*fen = negative ? -(int64_t)v : (int64_t)v;
	return GX_OK;
}

/* Writes the magnitude of fen as yuan into buf, with or without thousands separators. */
static char *format_yuan(int64_t fen, char *buf, int display)
{
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t yuan = mag / 100;
	unsigned cents = (unsigned)(mag % 100);
	char digits[24];
	int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)yuan);
	char *o = buf;
	if (fen < 0)
		*o++ = '-';
	if (display) {
		memcpy(o, "\xC2\xA5", 2);   /* ¥ */
		o += 2;
	}
	for (int k = 0; k < nd; k++) {
		if (display && k > 0 && (nd - k) % 3 == 0)
			*o++ = ',';
		*o++ = digits[k];
	}
	snprintf(o, 4, ".%02u", cents);
	return buf;
}

char *gx_money_format(int64_t fen, char buf[GX_MONEY_FMT_SIZE])
{
	return format_yuan(fen, buf, 0);
}

char *gx_money_format_display(int64_t fen, char buf[GX_MONEY_FMT_SIZE])
{
	return format_yuan(fen, buf, 1);
}
