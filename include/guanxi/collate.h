/* Chinese sort order (DECISIONS.md "Search": pinyin order via ICU collation on both backends).
 * A name's sort key is ICU's zh collation key written as hex, so that a plain byte-wise text
 * comparison in any database (SQLite, PostgreSQL with C collation) sorts names as a Chinese
 * reader expects: 安 < 北 < 陈 < 张, with Latin names among them by their letters. */
#ifndef GUANXI_COLLATE_H
#define GUANXI_COLLATE_H

#include "guanxi/arena.h"
#include "guanxi/error.h"

/* The collation key of UTF-8 text, as a NUL-terminated hex string from the arena. */
enum gx_err gx_collation_key(const char *text, struct gx_arena *a, char **key, struct gx_error *err);
/* Frees the calling thread's collator (also freed at thread exit). */
void gx_collation_thread_cleanup(void);

#endif
