/* The per-connection cache of checked API tokens (token_cache.h). Small and direct-mapped: a
 * worker serves the tokens of a few scripts and users at a time, and a miss costs only the
 * look-up that would have run anyway. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/token_cache.h"

static struct token_cache_entry *slot_of(struct token_cache *c, const char *hash)
{
	/* The digest is uniformly random: its first two hex digits spread tokens over the slots. */
	unsigned v = 0;
	for (int i = 0; i < 2 && hash[i]; i++)
		v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : (hash[i] | 0x20) - 'a' + 10);
	return &c->slot[v % TOKEN_CACHE_SLOTS];
}

int token_cache_get(struct token_cache *c, const char *hash, uint64_t version, int64_t *token_id,
                    struct store_actor *actor, char last_used[32])
{
	struct token_cache_entry *e = slot_of(c, hash);
	size_t n = strlen(hash);
	if (!e->used || e->version != version || n != strlen(e->hash) ||
	    sodium_memcmp(e->hash, hash, n) != 0) {
		c->misses++;
		return 0;
	}
	c->hits++;
	*token_id = e->token_id;
	*actor = e->actor;
	memcpy(last_used, e->last_used, sizeof e->last_used);
	return 1;
}

void token_cache_put(struct token_cache *c, const char *hash, uint64_t version, int64_t token_id,
                     const struct store_actor *actor, const char *last_used)
{
	struct token_cache_entry *e = slot_of(c, hash);
	e->used = 1;
	e->version = version;
	snprintf(e->hash, sizeof e->hash, "%s", hash);
	e->token_id = token_id;
	e->actor = *actor;
	snprintf(e->last_used, sizeof e->last_used, "%s", last_used ? last_used : "");
}
