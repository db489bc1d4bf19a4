/* The "gx" FTS5 tokenizer of the search index (scheme: fts_tokenizer.c and docs/search.md).
 * Private to the SQLite store: search.c builds documents and queries in the tokenizer's
 * format, so the constants below are shared between the two files. */
#ifndef GUANXI_STORE_SQLITE_FTS_TOKENIZER_H
#define GUANXI_STORE_SQLITE_FTS_TOKENIZER_H

#include <stdint.h>

#define SQLITE_FTS_NGRAM 4          /* longest n-gram indexed at each position */
#define SQLITE_FTS_SEGMENT 0x1F     /* separates the fields of one column */
#define SQLITE_FTS_PREFIX_MARK 0x01 /* field start + 1..3 characters; starts prefix queries */
/* Field start + exactly 4, 6 or 8 characters use marks 0x03, 0x04, 0x05 (fts_tokenizer.c). */
#define SQLITE_FTS_EXACT_MARK 0x02  /* starts a field that is a code/phone; exact-class tokens */
#define SQLITE_FTS_EXACT_MAX 64     /* longer exact fields get no exact token */
#define SQLITE_FTS_LONG_MARK 0x06   /* starts an 8-gram at every 4th position of a run */
#define SQLITE_FTS_LONG 8
#define SQLITE_FTS_LONG_STRIDE 4
/* From this length on a term contains, whatever its offset in a run, a whole 8-gram of some
 * alignment: such terms are found through the 8-grams (see fts_tokenizer.c). */
#define SQLITE_FTS_LONG_QUERY (SQLITE_FTS_LONG + SQLITE_FTS_LONG_STRIDE - 1)

/* 1 if cp ends a run of indexed characters (whitespace, control characters, sentence
 * punctuation); characters such as @ . _ - + stay inside runs so e-mails are one run. */
int sqlite_fts_is_separator(uint32_t cp);

#endif
