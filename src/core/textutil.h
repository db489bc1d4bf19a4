/* Small text helpers shared by the value parsers of core/ (money, dates, validation): quoting a
 * user's value safely inside an error message, and folding full-width forms. Private to core/. */
#ifndef GUANXI_CORE_TEXTUTIL_H
#define GUANXI_CORE_TEXTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Room for a value quoted by gx_text_quote(): at most GX_QUOTE_MAX_CHARS characters are shown. */
#define GX_QUOTE_SIZE 192
#define GX_QUOTE_MAX_CHARS 40

/* Writes s as "s" into buf (GX_QUOTE_SIZE bytes): valid UTF-8 is copied, control characters and
 * invalid bytes become \xNN, and a value longer than GX_QUOTE_MAX_CHARS characters is cut with
 * "…" so that a hostile megabyte-long cell never floods a message or a log. NULL gives "(null)". */
const char *gx_text_quote(char *buf, const char *s);

/* Full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space U+3000 to ' '; any other
 * code point is returned unchanged. Chinese input methods produce these forms routinely. */
uint32_t gx_text_fold_width(uint32_t cp);

/* 1 for the blanks users leave around values: ASCII space and tab, CR, LF, NBSP, U+3000. */
int gx_text_is_blank(uint32_t cp);

/* Bytes of s without leading and trailing blanks (UTF-8 aware): *start is set to the first
 * non-blank byte, the return value is the trimmed length. Invalid bytes count as non-blank. */
size_t gx_text_trim(const char *s, size_t len, size_t *start);

#endif
