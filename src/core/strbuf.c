/* Growable strings (see include/guanxi/strbuf.h). */
#include "guanxi/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"

void sb_init(struct strbuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void sb_free(struct strbuf *b)
{
	free(b->data);
	sb_init(b);
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sb_grow(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = gx_xrealloc(b->data, cap);
	b->cap = cap;
}

void sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

const char *gx_i64_text(long long v, char buf[24])
{
	char *p = buf + 23;
	*p = '\0';
	/* Work on the magnitude as unsigned so that LLONG_MIN has one. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

void sb_add_i64(struct strbuf *b, long long v)
{
	char tmp[24];
	const char *t = gx_i64_text(v, tmp);
	sb_addn(b, t, (size_t)(tmp + 23 - t));
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		sb_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

const char *sb_str(struct strbuf *b)
{
	return b->data ? b->data : "";
}
