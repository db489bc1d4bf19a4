/* The per-connection cache of checked API tokens (token_cache.h). Small and direct-mapped: a
 * worker serves the tokens of a few scripts and users at a time, and a miss costs only the
 * look-up that would have run anyway. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/token_cache.h"
#include "guanxi/arena.h"

struct token_cache *token_cache_new(void)
{
	struct token_cache *c = gx_xcalloc(1, sizeof *c);
	randombytes_buf(c->key, sizeof c->key);
	return c;
}

void token_cache_digest(const struct token_cache *c, const char *token,
                        unsigned char out[TOKEN_CACHE_DIGEST])
{
	crypto_generichash(out, TOKEN_CACHE_DIGEST, (const unsigned char *)token, strlen(token), c->key,
	                   sizeof c->key);
}

int token_cache_get(struct token_cache *c, const unsigned char *digest, uint64_t version,
                    int64_t *token_id, struct store_actor *actor, char last_used[32])
{
	struct token_cache_entry *e = &c->slot[digest[0] % TOKEN_CACHE_SLOTS];
	if (!e->used || e->version != version || sodium_memcmp(e->digest, digest, TOKEN_CACHE_DIGEST) != 0) {
		c->misses++;
		return 0;
	}
	c->hits++;
	*token_id = e->token_id;
	*actor = e->actor;
	memcpy(last_used, e->last_used, sizeof e->last_used);
	return 1;
}

void token_cache_put(struct token_cache *c, const unsigned char *digest, uint64_t version,
                     int64_t token_id, const struct store_actor *actor, const char *last_used)
{
	struct token_cache_entry *e = &c->slot[digest[0] % TOKEN_CACHE_SLOTS];
	e->used = 1;
	e->version = version;
	memcpy(e->digest, digest, TOKEN_CACHE_DIGEST);
	e->token_id = token_id;
	e->actor = *actor;
	snprintf(e->last_used, sizeof e->last_used, "%s", last_used ? last_used : "");
}
