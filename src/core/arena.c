/* Bump allocator over a list of blocks; large requests get a block of their own. */
#include "guanxi/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gx_arena_block {
	struct gx_arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void *gx_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p) {
		fprintf(stderr, "guanxi: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void *gx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fprintf(stderr, "guanxi: out of memory (%zu x %zu bytes)\n", n, size);
		abort();
	}
	return p;
}

void *gx_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q) {
		fprintf(stderr, "guanxi: out of memory (%zu bytes)\n", size);
		abort();
	}
	return q;
}

char *gx_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = gx_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void gx_arena_init(struct gx_arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->total = 0;
}

static struct gx_arena_block *block_new(size_t size)
{
	struct gx_arena_block *b = gx_xmalloc(sizeof *b + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *gx_arena_alloc(struct gx_arena *a, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	struct gx_arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		if (size > a->block_size / 4) {
			/* A large request gets its own block, linked behind the current one so the
			 * current block's free space stays usable. */
			struct gx_arena_block *big = block_new(size);
			big->used = size;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			a->total += size;
			return big->data;
		}
		b = block_new(a->block_size);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	a->total += size;
	return p;
}

void *gx_arena_calloc(struct gx_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "guanxi: arena allocation overflow\n");
		abort();
	}
	void *p = gx_arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *gx_arena_strndup(struct gx_arena *a, const char *s, size_t n)
{
	char *p = gx_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gx_arena_strdup(struct gx_arena *a, const char *s)
{
	return s ? gx_arena_strndup(a, s, strlen(s)) : NULL;
}

char *gx_arena_printf(struct gx_arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = gx_arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void gx_arena_reset(struct gx_arena *a)
{
	struct gx_arena_block *b = a->head, *keep = NULL;
	while (b) {
		struct gx_arena_block *next = b->next;
		if (!keep && b->size == a->block_size) {
			keep = b;
			keep->used = 0;
		} else {
			free(b);
		}
		b = next;
	}
	if (keep)
		keep->next = NULL;
	a->head = keep;
	a->total = 0;
}

void gx_arena_free(struct gx_arena *a)
{
	struct gx_arena_block *b = a->head;
	while (b) {
		struct gx_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
