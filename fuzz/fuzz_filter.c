/* libFuzzer target for the filter language (src/app/filter_parse.c): any text must parse into
 * a tree or give GX_EINVAL/GX_ETOOLARGE with a position, never crash or recurse without bound.
 * Built and run by `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct gx_error err;
	struct filter_node *n = NULL;
	enum gx_err e = filter_parse(text, &entity_customer, &a, &n, &err);
	if (e == GX_OK && !n)
		abort();
	if (e != GX_OK && e != GX_EINVAL && e != GX_ETOOLARGE)
		abort();
	gx_arena_free(&a);
	free(text);
	return 0;
}
