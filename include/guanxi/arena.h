/* Arena (region) allocator: request- or command-scoped memory freed all at once.
 * Allocation never returns NULL: on exhaustion of the heap the process aborts, as a CRM
 * request cannot continue sensibly without memory. */
#ifndef GUANXI_ARENA_H
#define GUANXI_ARENA_H

#include <stddef.h>

struct gx_arena_block;

struct gx_arena {
	struct gx_arena_block *head;
	size_t block_size;
	size_t total;           /* bytes handed out, for diagnostics */
};

void gx_arena_init(struct gx_arena *a, size_t block_size);   /* block_size 0: 64 KiB */
void *gx_arena_alloc(struct gx_arena *a, size_t size);        /* 16-byte aligned */
void *gx_arena_calloc(struct gx_arena *a, size_t n, size_t size);
char *gx_arena_strdup(struct gx_arena *a, const char *s);
char *gx_arena_strndup(struct gx_arena *a, const char *s, size_t n);
char *gx_arena_printf(struct gx_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gx_arena_reset(struct gx_arena *a);                      /* keep the first block, drop the rest */
void gx_arena_free(struct gx_arena *a);

/* Aborts with a message when malloc fails; used by the few heap allocations outside arenas. */
void *gx_xmalloc(size_t size);
void *gx_xcalloc(size_t n, size_t size);
void *gx_xrealloc(void *p, size_t size);
char *gx_xstrdup(const char *s);

#endif
