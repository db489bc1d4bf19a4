/* A growable string for building SQL, CSV lines and messages. */
#ifndef GUANXI_STRBUF_H
#define GUANXI_STRBUF_H

#include <stddef.h>
#include <string.h>

struct strbuf {
	char *data;      /* always NUL-terminated once anything was added */
	size_t len, cap;
};

void sb_init(struct strbuf *b);
void sb_free(struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_add(struct strbuf *b, const char *s);
/* Makes room for extra more bytes (and the NUL) without changing the text. */
void sb_grow(struct strbuf *b, size_t extra);
/* Appends an integer in decimal (the JSON and SQL writers' hot path: no printf). */
void sb_add_i64(struct strbuf *b, long long v);
/* The decimal text of v, written at the end of buf and NUL-terminated; returns where it starts
 * (no printf: for the writers whose text does not go into a strbuf). */
const char *gx_i64_text(long long v, char buf[24]);

/* sb_addn and sb_addc are inline: the JSON writers of the read paths call them for every
 * field, and the call and the capacity check were a tenth of a list page's CPU time. */
static inline void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sb_grow(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void sb_addc(struct strbuf *b, char c)
{
	if (b->len + 2 > b->cap)
		sb_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text ("" when empty). */
const char *sb_str(struct strbuf *b);

#endif
