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

struct token_cache_entry {
	int used;
	uint64_t version;                 /* store_read_version when the token was found */
	char hash[AUTH_SECRET_SIZE];      /* the token's SHA-256 (hex); the token itself is not kept */
	int64_t token_id;
	struct store_actor actor;
	char last_used[32];
};

struct token_cache {
	struct token_cache_entry slot[TOKEN_CACHE_SLOTS];   /* one per digest's first bytes */
	uint64_t hits, misses;
};

/* 1 and the token's id, user and last-use stamp when hash was found under this version. */
int token_cache_get(struct token_cache *c, const char *hash, uint64_t version, int64_t *token_id,
                    struct store_actor *actor, char last_used[32]);
/* Keeps what the look-up under version found for hash (replacing the slot's older entry). */
void token_cache_put(struct token_cache *c, const char *hash, uint64_t version, int64_t token_id,
                     const struct store_actor *actor, const char *last_used);

#endif
