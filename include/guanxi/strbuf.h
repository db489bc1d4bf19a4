/* A growable string for building SQL, CSV lines and messages. */
#ifndef GUANXI_STRBUF_H
#define GUANXI_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *data;      /* always NUL-terminated once anything was added */
	size_t len, cap;
};

void sb_init(struct strbuf *b);
void sb_free(struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_addc(struct strbuf *b, char c);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text ("" when empty). */
const char *sb_str(struct strbuf *b);

#endif
