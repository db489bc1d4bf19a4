/* Sessions, API tokens and failed logins (see guanxi/auth_store.h). Portable SQL only: the
 * PostgreSQL backend runs the same statements. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "guanxi/auth_store.h"
#include "store/dept_head_sql.h"
#include "store/driver.h"

static void copy_col(struct store *s, struct db_stmt *st, int col, char out[32])
{
	const char *t = db_col_text(s, st, col);
	snprintf(out, 32, "%s", t ? t : "");
}

/* The user columns of store_actor, after a query's own columns; u is the users row (LEFT
 * JOIN: NULL id when it is gone) and the department the user heads. */
#define ACTOR_COLUMNS \
	"u.id, u.active, u.role, u.lang, u.department_id, u.team_id, " \
	STORE_DEPT_HEADED_SQL("u.department_id", "u.id")

static void read_actor(struct store *s, struct db_stmt *st, int col, struct store_actor *a)
{
	memset(a, 0, sizeof *a);
	a->user_found = !db_col_is_null(s, st, col);
	a->user_id = db_col_i64(s, st, col);
	a->active = (int)db_col_i64(s, st, col + 1);
	const char *role = db_col_text(s, st, col + 2), *lang = db_col_text(s, st, col + 3);
	snprintf(a->role, sizeof a->role, "%s", role ? role : "");
	snprintf(a->lang, sizeof a->lang, "%s", lang ? lang : "");
	a->department_id = db_col_i64(s, st, col + 4);
	a->team_id = db_col_i64(s, st, col + 5);
	a->head_of = db_col_i64(s, st, col + 6);
}

enum gx_err store_session_insert(struct store *s, const char *token_hash, int64_t user_id,
                                 const char *now, const char *expires_at, const char *ip,
                                 const char *user_agent, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?)",
	               NULL, err, "titttt" "t", token_hash, user_id, now, now, expires_at, ip, user_agent);
}

enum gx_err store_session_find(struct store *s, const char *token_hash, struct store_session *out,
                               struct store_actor *actor, int *found, struct gx_error *err)
{
	*found = 0;
	memset(actor, 0, sizeof *actor);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT x.id, x.user_id, x.last_seen_at, x.expires_at, " ACTOR_COLUMNS
	                           " FROM sessions x LEFT JOIN users u ON u.id = x.user_id WHERE x.token_hash = ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", token_hash);
	int row;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*found = 1;
		out->id = db_col_i64(s, st, 0);
		out->user_id = db_col_i64(s, st, 1);
		copy_col(s, st, 2, out->last_seen_at);
		copy_col(s, st, 3, out->expires_at);
		read_actor(s, st, 4, actor);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_session_touch(struct store *s, int64_t id, const char *now, const char *expires_at,
                                struct gx_error *err)
{
	return db_exec(s, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?", NULL, err,
	               "tti", now, expires_at, id);
}

enum gx_err store_session_delete(struct store *s, const char *token_hash, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM sessions WHERE token_hash = ?", NULL, err, "t", token_hash);
}

enum gx_err store_session_delete_user(struct store *s, int64_t user_id, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM sessions WHERE user_id = ?", NULL, err, "i", user_id);
}

enum gx_err store_session_delete_expired(struct store *s, const char *now, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM sessions WHERE expires_at < ?", NULL, err, "t", now);
}

enum gx_err store_token_insert(struct store *s, int64_t user_id, const char *name, const char *prefix,
                               const char *token_hash, const char *now, int64_t *id,
                               struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)"
	                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "itttt", user_id, name, prefix, token_hash, now);
}

enum gx_err store_token_find(struct store *s, const char *prefix, const char *token_hash,
                             int64_t *id, struct store_actor *actor, char last_used_at[32], int *found,
                             struct gx_error *err)
{
	*found = 0;
	memset(actor, 0, sizeof *actor);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT t.id, t.user_id, t.token_hash, t.last_used_at, " ACTOR_COLUMNS
	                           " FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id"
	                           " WHERE t.prefix = ? AND t.revoked_at IS NULL",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", prefix);
	int row;
	size_t hlen = strlen(token_hash);
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		const char *h = db_col_text(s, st, 2);
		/* Digests compared in constant time, although they are digests already. */
		if (h && strlen(h) == hlen && sodium_memcmp(h, token_hash, hlen) == 0) {
			*found = 1;
			*id = db_col_i64(s, st, 0);
			copy_col(s, st, 3, last_used_at);
			read_actor(s, st, 4, actor);
			break;
		}
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_token_touch(struct store *s, int64_t id, const char *now, struct gx_error *err)
{
	return db_exec(s, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", NULL, err, "ti", now, id);
}

enum gx_err store_token_revoke_user(struct store *s, int64_t user_id, const char *now,
                                    struct gx_error *err)
{
	return db_exec(s, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
	               NULL, err, "ti", now, user_id);
}

enum gx_err store_login_failure_add(struct store *s, const char *username, const char *at,
                                    const char *ip, struct gx_error *err)
{
	return db_exec(s, "INSERT INTO login_failures (username, at, ip) VALUES (?, ?, ?)", NULL, err,
	               "ttt", username, at, ip);
}

enum gx_err store_login_failures_since(struct store *s, const char *username, const char *since,
                                       int64_t *count, char earliest[32], struct gx_error *err)
{
	*count = 0;
	earliest[0] = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT COUNT(*), MIN(at) FROM login_failures WHERE username = ? AND at > ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tt", username, since);
	int row;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*count = db_col_i64(s, st, 0);
		copy_col(s, st, 1, earliest);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_login_failures_clear(struct store *s, const char *username, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM login_failures WHERE username = ?", NULL, err, "t", username);
}
