/* Files compiled into the binary by scripts/embed.sh (migrations, message catalogues).
 * Each array ends with an entry whose name is NULL. The bytes are NUL-terminated. */
#ifndef GX_CORE_EMBEDDED_H
#define GX_CORE_EMBEDDED_H
#include <stddef.h>

struct gx_embedded {
	const char *name;
	const unsigned char *data;
	size_t size;
};

extern const struct gx_embedded migrations_sqlite[];
extern const struct gx_embedded migrations_postgres[];
extern const struct gx_embedded catalogs[];

#endif
