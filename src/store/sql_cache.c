/* Per-connection cache of generated SQL text (see store/sql_cache.h): open addressing on an
 * FNV hash of (entity, kind, key bytes); grows when half full. A connection is used by one
 * thread at a time, so the cache needs no lock. */
#include "store/sql_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "store/driver.h"

struct sql_entry {
	const void *def;
	int kind;
	size_t nkey;
	unsigned char *key;
	char *sql;            /* NULL: empty slot */
};

struct sql_cache {
	struct sql_entry *slots;
	size_t nslots, used;
};

static uint64_t entry_hash(const void *def, int kind, const unsigned char *key, size_t nkey)
{
	uint64_t h = 1469598103934665603ull;
	uintptr_t p = (uintptr_t)def;
	for (size_t i = 0; i < sizeof p; i++, p >>= 8)
		h = (h ^ (p & 0xff)) * 1099511628211ull;
	h = (h ^ (unsigned)kind) * 1099511628211ull;
	for (size_t i = 0; i < nkey; i++)
		h = (h ^ key[i]) * 1099511628211ull;
	return h;
}

static int entry_is(const struct sql_entry *e, const void *def, int kind, const unsigned char *key,
                    size_t nkey)
{
	return e->def == def && e->kind == kind && e->nkey == nkey && memcmp(e->key, key, nkey) == 0;
}

const char *sql_cache_get(struct store *s, const void *def, int kind, const unsigned char *key,
                          size_t nkey)
{
	struct sql_cache *c = s->sql_cache;
	if (!c || !c->nslots)
		return NULL;
	size_t mask = c->nslots - 1;
	for (size_t i = entry_hash(def, kind, key, nkey) & mask; c->slots[i].sql; i = (i + 1) & mask)
		if (entry_is(&c->slots[i], def, kind, key, nkey))
			return c->slots[i].sql;
	return NULL;
}

static void entry_place(struct sql_cache *c, struct sql_entry e)
{
	size_t mask = c->nslots - 1, i = entry_hash(e.def, e.kind, e.key, e.nkey) & mask;
	while (c->slots[i].sql)
		i = (i + 1) & mask;
	c->slots[i] = e;
	c->used++;
}

const char *sql_cache_put(struct store *s, const void *def, int kind, const unsigned char *key,
                          size_t nkey, const char *sql)
{
	if (!s->sql_cache)
		s->sql_cache = gx_xcalloc(1, sizeof *s->sql_cache);
	struct sql_cache *c = s->sql_cache;
	if ((c->used + 1) * 2 > c->nslots) {
		struct sql_entry *old = c->slots;
		size_t oldn = c->nslots;
		c->nslots = oldn ? oldn * 2 : 64;
		c->slots = gx_xcalloc(c->nslots, sizeof *c->slots);
		c->used = 0;
		for (size_t i = 0; i < oldn; i++)
			if (old[i].sql)
				entry_place(c, old[i]);
		free(old);
	}
	struct sql_entry e = {def, kind, nkey, gx_xmalloc(nkey ? nkey : 1), gx_xstrdup(sql)};
	if (nkey)
		memcpy(e.key, key, nkey);
	entry_place(c, e);
	return e.sql;
}

void sql_cache_free(struct sql_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nslots; i++)
		if (c->slots[i].sql) {
			free(c->slots[i].key);
			free(c->slots[i].sql);
		}
	free(c->slots);
	free(c);
}
