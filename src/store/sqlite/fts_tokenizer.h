/* The "gx" FTS5 tokenizer of the search index (scheme: fts_tokenizer.c and docs/search.md).
 * Private to the SQLite store: search.c builds documents and queries in the tokenizer's
 * format, so the constants below are shared between the two files. */
#ifndef GUANXI_STORE_SQLITE_FTS_TOKENIZER_H
#define GUANXI_STORE_SQLITE_FTS_TOKENIZER_H

#include <stdint.h>

#include "store/search_text.h"

#define SQLITE_FTS_NGRAM 4          /* longest n-gram indexed at each position */
#define SQLITE_FTS_SEGMENT SEARCH_SEGMENT         /* separates the fields of one column */
#define SQLITE_FTS_PREFIX_MARK SEARCH_MARK_PREFIX /* field-start tokens, prefix-class queries */
#define SQLITE_FTS_EXACT_MARK SEARCH_MARK_EXACT   /* a code/phone field; exact-class tokens */
#define SQLITE_FTS_EXACT_MAX SEARCH_EXACT_MAX     /* longer exact fields get no exact token */

#endif
