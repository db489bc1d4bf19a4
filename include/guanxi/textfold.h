/* Text folding for search and duplicate checks: makes "ＺＨＡＮＧ", "Zhang" and "zhang" one
 * string, so that an index and a query built from folded text agree whatever the user typed.
 * Folding is Unicode NFKC_Casefold (ICU): case folding, full-width ASCII and the ideographic
 * space to ASCII, compatibility forms (①, ㈱) to their plain spelling. Thread-safe. */
#ifndef GUANXI_TEXTFOLD_H
#define GUANXI_TEXTFOLD_H

#include <stddef.h>

#include "guanxi/error.h"

/* Folds s[0..len) (UTF-8) into a new NUL-terminated string (*out, freed by the caller with
 * free(); *out_len its length, may be NULL). GX_EINVAL if s is not valid UTF-8. */
enum gx_err textfold_fold(const char *s, size_t len, char **out, size_t *out_len,
                          struct gx_error *err);

/* Normalises a phone number as DECISIONS.md asks: full-width digits, spaces, dashes, dots and
 * parentheses dropped, a leading +86 / 0086 country code dropped. Writes the digits (and a
 * leading '+' for a foreign country code) to out (cap bytes, NUL-terminated) and returns 1
 * when s looks like a phone number (only those characters, at least 3 digits, fits in out);
 * otherwise returns 0 and out is "". */
int textfold_normalize_phone(const char *s, char *out, size_t cap);

#endif
