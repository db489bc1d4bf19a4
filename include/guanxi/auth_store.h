/* Storage of authentication state: sessions, personal API tokens and failed-login counters
 * (migration 0003_auth). Only digests of secrets reach these functions; the rules (expiry,
 * lockout, hashing) live in app/auth.c. */
#ifndef GUANXI_AUTH_STORE_H
#define GUANXI_AUTH_STORE_H

#include <stdint.h>

#include "guanxi/store.h"

struct store_session {
	int64_t id, user_id;
	char last_seen_at[32], expires_at[32];
};

/* What a request needs to know of the user behind a session or token, read in the same query
 * as the session or token (one round trip instead of three on PostgreSQL): user_found 0 when
 * the user row is gone; head_of is the department the user heads (their own department when
 * they head it, else the lowest id they head; 0 when none). */
struct store_actor {
	int64_t user_id;
	int user_found, active;
	char role[16], lang[8];
	int64_t department_id, team_id, head_of;
};

enum gx_err store_session_insert(struct store *s, const char *token_hash, int64_t user_id,
                                 const char *now, const char *expires_at, const char *ip,
                                 const char *user_agent, struct gx_error *err);
/* *found = 0 when no session has that digest (expired ones are found: the caller decides);
 * the session's user into *actor. */
enum gx_err store_session_find(struct store *s, const char *token_hash, struct store_session *out,
                               struct store_actor *actor, int *found, struct gx_error *err);
enum gx_err store_session_touch(struct store *s, int64_t id, const char *now, const char *expires_at,
                                struct gx_error *err);
enum gx_err store_session_delete(struct store *s, const char *token_hash, struct gx_error *err);
/* Ends every session of a user (disable, password change). */
enum gx_err store_session_delete_user(struct store *s, int64_t user_id, struct gx_error *err);
enum gx_err store_session_delete_expired(struct store *s, const char *now, struct gx_error *err);

enum gx_err store_token_insert(struct store *s, int64_t user_id, const char *name, const char *prefix,
                               const char *token_hash, const char *now, int64_t *id,
                               struct gx_error *err);
/* The live (not revoked) token with this prefix and digest, and its user into *actor. */
enum gx_err store_token_find(struct store *s, const char *prefix, const char *token_hash,
                             int64_t *id, struct store_actor *actor, char last_used_at[32], int *found,
                             struct gx_error *err);
enum gx_err store_token_touch(struct store *s, int64_t id, const char *now, struct gx_error *err);
enum gx_err store_token_revoke_user(struct store *s, int64_t user_id, const char *now,
                                    struct gx_error *err);

enum gx_err store_login_failure_add(struct store *s, const char *username, const char *at,
                                    const char *ip, struct gx_error *err);
/* Failures for username after `since`, and the earliest of them ("" when none). */
enum gx_err store_login_failures_since(struct store *s, const char *username, const char *since,
                                       int64_t *count, char earliest[32], struct gx_error *err);
enum gx_err store_login_failures_clear(struct store *s, const char *username, struct gx_error *err);

#endif
