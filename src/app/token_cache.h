/* API tokens already checked on one connection (app_auth_bearer). A read request's bearer token
 * costs a look-up of the token and its user on every request; when the database has not changed
 * since the same token was found on this connection (store_read_version gives the same number),
 * that look-up would give the same answer, so the answer is kept instead. A change of anything
 * at all, anywhere (a revoked token, a disabled user, another role, or an unrelated customer),
 * gives another number, and the next request looks the token up again. Without a version (a
 * write, or PostgreSQL) nothing is kept or used. */
#ifndef GX_APP_TOKEN_CACHE_H
#define GX_APP_TOKEN_CACHE_H

#include <stdint.h>

#include "guanxi/auth.h"
#include "guanxi/auth_store.h"

#define TOKEN_CACHE_SLOTS 16
#define TOKEN_CACHE_DIGEST 32

struct token_cache_entry {
	int used;
	uint64_t version;                          /* store_read_version when the token was found */
	unsigned char digest[TOKEN_CACHE_DIGEST];  /* token_cache_digest; the token is not kept */
	int64_t token_id;
	struct store_actor actor;
	char last_used[32];
};

struct token_cache {
	unsigned char key[32];   /* random, this cache's own: its digests mean nothing elsewhere */
	struct token_cache_entry slot[TOKEN_CACHE_SLOTS];   /* one per digest's first byte */
	uint64_t hits, misses;
};

struct token_cache *token_cache_new(void);   /* free() frees it */
/* The token's digest under this cache's key (keyed BLAKE2b): about a third of the work of the
 * SHA-256 the database look-up needs, which a hit then skips. */
void token_cache_digest(const struct token_cache *c, const char *token,
                        unsigned char out[TOKEN_CACHE_DIGEST]);
/* 1 and the token's id, user and last-use stamp when the digest was found under this version. */
int token_cache_get(struct token_cache *c, const unsigned char *digest, uint64_t version,
                    int64_t *token_id, struct store_actor *actor, char last_used[32]);
/* Keeps what the look-up under version found (replacing the slot's older entry). */
void token_cache_put(struct token_cache *c, const unsigned char *digest, uint64_t version,
                     int64_t token_id, const struct store_actor *actor, const char *last_used);

#endif
