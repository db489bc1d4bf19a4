/* Chinese characters to toneless pinyin, for search by spelling ("zhangwei", "zhang") and by
 * initials ("zw"). The readings are ICU's ("Han-Latin; Latin-ASCII" transliterator); for a
 * polyphonic character ICU picks one reading (with some word context: 重庆 → chong qing). */
#ifndef GUANXI_PINYIN_H
#define GUANXI_PINYIN_H

#include <stddef.h>

#include "guanxi/error.h"

/* The pinyin of the Han characters in s[0..len) (UTF-8). Other characters are skipped; each
 * maximal run of Han characters gives one word. *full gets the syllables of a run written
 * together, runs separated by one space ("北京 ABC 科技" → "beijing keji"); *initials the first
 * letter of each syllable, likewise ("bj kj"). Both are new strings freed with free(); both are
 * "" when s has no Han character. GX_EINVAL on invalid UTF-8, GX_EINTERNAL if ICU fails.
 * Thread-safe: each thread keeps its own transliterator (created on first use, ~0.1 s). */
enum gx_err pinyin_from_han(const char *s, size_t len, char **full, char **initials,
                            struct gx_error *err);

/* 1 if cp is a Han (ideographic) character. */
int pinyin_is_han(unsigned cp);

/* Frees the calling thread's transliterator and cache now (they are also freed when a thread
 * created with pthreads exits). Call it before the main thread ends for leak-clean exits. */
void pinyin_thread_cleanup(void);

#endif
