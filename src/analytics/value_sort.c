/* Radix sort and sort keys for the ranking models (see analytics/value_sort.h). Passes in which
 * every record has the same byte are skipped, which removes most passes for amounts and ids
 * whose high bytes are all zero. */
#include "analytics/value_sort.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"

void vs_radix_sort(struct vs_item *a, size_t n)
{
	if (n < 2)
		return;
	struct vs_item *tmp = gx_xmalloc(n * sizeof *tmp), *src = a, *dst = tmp;
	for (int pass = 0; pass < 16; pass++) {
		int shift = (pass % 8) * 8;
		bool primary = pass >= 8;
		size_t count[256] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((primary ? src[i].k1 : src[i].k2) >> shift) & 0xff]++;
		bool trivial = false;
		for (int b = 0; b < 256; b++)
			if (count[b] == n)
				trivial = true;
		if (trivial)
			continue;
		size_t pos = 0;
		for (int b = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[((primary ? src[i].k1 : src[i].k2) >> shift) & 0xff]++] = src[i];
		struct vs_item *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(tmp);
}

uint64_t vs_key_i64_asc(int64_t v)
{
	return (uint64_t)v ^ (1ull << 63);
}

uint64_t vs_key_i64_desc(int64_t v)
{
	return ~vs_key_i64_asc(v);
}

/* Monotone map of a non-NaN double to uint64, never UINT64_MAX. */
static uint64_t double_bits_asc(double d)
{
	if (d == 0)
		d = 0;   /* −0 and +0 tie */
	uint64_t b;
	memcpy(&b, &d, sizeof b);
	uint64_t k = (b >> 63) ? ~b : b | (1ull << 63);
	return k == UINT64_MAX ? UINT64_MAX - 1 : k;
}

uint64_t vs_key_double_asc(double d)
{
	return isnan(d) ? UINT64_MAX : double_bits_asc(d);
}

uint64_t vs_key_double_desc(double d)
{
	return isnan(d) ? UINT64_MAX : ~double_bits_asc(d) - 1;
}
