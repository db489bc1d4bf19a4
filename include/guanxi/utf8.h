/* UTF-8 validation and decoding. Every text that enters the system (CLI argument, import cell,
 * API field) is validated before it is stored. */
#ifndef GUANXI_UTF8_H
#define GUANXI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF); otherwise 0
 * and *bad_offset (if not NULL) is the byte offset of the first invalid sequence. */
int gx_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at s (len bytes available); returns its length in bytes, or 0 at an
 * invalid sequence (then *cp is 0xFFFD). */
size_t gx_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (4 bytes room); returns the number of bytes written. */
size_t gx_utf8_encode(uint32_t cp, char *out);

/* Number of code points in a valid UTF-8 string. */
size_t gx_utf8_length(const char *s, size_t len);

#endif
