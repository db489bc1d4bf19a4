/* A fast hash of a NUL-terminated string for the prepared-statement caches of both database
 * drivers. Their keys are whole SQL texts, 1–3 KB for a generated record query, hashed on every
 * prepare: byte-at-a-time FNV-1a was about 4 % of a GET by id, so this one reads 8 bytes at a
 * step (multiply-xorshift mixing). Only a hash: equal keys are still confirmed by strcmp. */
#ifndef GX_CORE_STRHASH_H
#define GX_CORE_STRHASH_H

#include <stdint.h>
#include <string.h>

static inline uint64_t gx_strhash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	uint64_t tail = 0;
	memcpy(&tail, s + i, n - i);
	h = (h ^ tail) * 0x94d049bb133111ebull;
	return h ^ (h >> 29);
}

#endif
