/* Authentication rules (see guanxi/auth.h). Passwords use argon2id with libsodium's
 * OPSLIMIT/MEMLIMIT_INTERACTIVE (64 MiB, about 0.1 s here): the MODERATE limits take about a
 * second per hash, too slow for the test suites and for a login burst on a 2-core server. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "guanxi/access.h"
#include "guanxi/auth.h"
#include "guanxi/auth_store.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/utf8.h"
#include "app/token_cache.h"

static void sha256_hex(const char *text, char out[AUTH_SECRET_SIZE])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, AUTH_SECRET_SIZE, d, sizeof d);
}

static void random_hex(size_t nbytes, char *out, size_t outsize)
{
	unsigned char buf[32];
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, outsize, buf, nbytes);
}

static void iso_at(int64_t ms, char out[32]) { gx_format_instant_utc(ms, out); }

static int64_t iso_ms(const char *iso)
{
	int64_t ms = 0;
	struct gx_error e;
	if (!iso || !*iso || gx_instant_parse(iso, NULL, &ms, NULL, &e) != GX_OK)
		return 0;
	return ms;
}

static enum gx_err find_user(struct app *app, const char *username, struct gx_arena *a,
                             struct record *u, int *found, struct gx_error *err)
{
	return store_record_find(app->store, &entity_user, "username", username, a, u, found, err);
}

/* Makes the user the acting user of app, as app_set_actor does by name. */
/* Makes the user the request's actor. head_known: u->head_of was read with the user (the
 * session and token look-ups); otherwise it is looked up here. */
static void take_actor(struct app *app, const struct store_actor *u, int head_known, struct auth_identity *id)
{
	app->actor.user_id = u->user_id;
	snprintf(app->actor.role, sizeof app->actor.role, "%s", u->role);
	app->actor.department_id = u->department_id;
	app->actor.team_id = u->team_id;
	if (head_known)
		app->actor.head_of = u->head_of;
	else
		app_access_actor_head(app);
	app_access_apply(app);
	if (id) {
		id->user_id = u->user_id;
		snprintf(id->lang, sizeof id->lang, "%s", u->lang);
	}
}

static void actor_of_record(const struct record *u, struct store_actor *out)
{
	memset(out, 0, sizeof *out);
	out->user_id = u->id;
	out->user_found = 1;
	out->active = (int)record_int(u, "active");
	const char *role = record_text(u, "role"), *lang = record_text(u, "lang");
	snprintf(out->role, sizeof out->role, "%s", role ? role : "");
	snprintf(out->lang, sizeof out->lang, "%s", lang ? lang : "");
	out->department_id = record_int(u, "department_id");
	out->team_id = record_int(u, "team_id");
}

/* A session or token whose user is gone or disabled ends like an expired session. */
static enum gx_err actor_usable(const struct store_actor *u, struct gx_error *err)
{
	if (!u->user_found || !u->active)
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s", _("your session has ended; log in again"));
	return GX_OK;
}

/* The last-seen stamp is bookkeeping, not part of the check: when the database is busy with
 * writers (every request of a burst sees the same stale stamp and tries to write it), a touch
 * that cannot get the write lock is skipped and retried by a later request, instead of turning
 * an authenticated read into a 503. */
static enum gx_err touch_result(enum gx_err e, struct gx_error *err)
{
	if (e == GX_EUNAVAIL) {
		gx_error_clear(err);
		return GX_OK;
	}
	return e;
}

enum gx_err app_auth_set_password(struct app *app, const char *username, const char *password,
                                  struct gx_error *err)
{
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	size_t len = strlen(password), bad;
	if (len < AUTH_PASSWORD_MIN || len > AUTH_PASSWORD_MAX)
		return gx_error_set(err, GX_EINVAL, "password", _("a password must have %d to %d characters"),
		                    AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	if (!gx_utf8_valid(password, len, &bad))
		return gx_error_set(err, GX_EINVAL, "password", "%s", _("the password is not valid UTF-8"));
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("out of memory while hashing the password"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u, patch;
	int found = 0;
	enum gx_err e = find_user(app, username, &a, &u, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user named %s"), username);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		record_init(&patch, &entity_user, &a);
		patch.id = u.id;
		record_set_text(&patch, "password_hash", hash);
		if ((e = store_record_update(app->store, &patch, 0, err)) ||
		    (e = store_session_delete_user(app->store, u.id, err)) ||
		    (e = app_audit_simple(app, "password", "user", u.id, NULL, 0, err)) ||
		    (e = store_commit(app->store, err)))
			store_rollback(app->store);
	}
	sodium_memzero(hash, sizeof hash);
	gx_arena_free(&a);
	return e;
}

static enum gx_err new_session(struct app *app, int64_t user_id, const char *ip, const char *ua,
                               char token[AUTH_SECRET_SIZE], struct gx_error *err)
{
	char hash[AUTH_SECRET_SIZE], now[32], expires[32];
	random_hex(32, token, AUTH_SECRET_SIZE);
	sha256_hex(token, hash);
	int64_t ms = gx_now_ms();
	iso_at(ms, now);
	iso_at(ms + AUTH_SESSION_IDLE_S * 1000LL, expires);
	/* Expired sessions go when someone logs in, so the table stays small without a job. */
	enum gx_err e = store_session_delete_expired(app->store, now, err);
	if (e == GX_OK)
		e = store_session_insert(app->store, hash, user_id, now, expires, ip, ua, err);
	return e;
}

enum gx_err app_auth_login(struct app *app, const char *username, const char *password,
                           const char *ip, const char *user_agent,
                           char session_token[AUTH_SECRET_SIZE], struct auth_identity *id,
                           int *retry_after, struct gx_error *err)
{
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	*retry_after = 0;
	memset(id, 0, sizeof *id);
	int64_t now_ms = gx_now_ms();
	char since[32], earliest[32], now[32];
	iso_at(now_ms - AUTH_LOCKOUT_WINDOW_S * 1000LL, since);
	iso_at(now_ms, now);
	int64_t failures = 0;
	enum gx_err e = store_login_failures_since(app->store, username, since, &failures, earliest, err);
	if (e != GX_OK)
		return e;
	if (failures >= AUTH_LOCKOUT_FAILURES) {
		int64_t wait = (iso_ms(earliest) + AUTH_LOCKOUT_WINDOW_S * 1000LL - now_ms + 999) / 1000;
		*retry_after = wait < 1 ? 1 : (int)wait;
		return gx_error_set(err, GX_ERATELIMIT, "username",
		                    _("too many failed logins for %s; try again in %d seconds"), username,
		                    *retry_after);
	}
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u;
	int found = 0, ok = 0;
	if ((e = find_user(app, username, &a, &u, &found, err)) != GX_OK)
		goto out;
	const char *hash = found ? record_text(&u, "password_hash") : NULL;
	if (hash && *hash) {
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	} else {
		/* Spend the same time as a real check, so response times do not list the users. */
		char dummy[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(dummy, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
			e = gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("out of memory while hashing the password"));
			goto out;
		}
	}
	if (ok && !record_int(&u, "active")) {
		e = gx_error_set(err, GX_EFORBIDDEN, "username", _("user %s is disabled"), username);
		goto out;
	}
	if (!ok) {
		if ((e = store_login_failure_add(app->store, username, now, ip, err)) == GX_OK)
			e = gx_error_set(err, GX_EUNAUTH, "password", "%s", _("wrong username or password"));
		goto out;
	}
	if ((e = store_login_failures_clear(app->store, username, err)) == GX_OK &&
	    (e = new_session(app, u.id, ip, user_agent, session_token, err)) == GX_OK) {
		struct store_actor actor;
		actor_of_record(&u, &actor);
		take_actor(app, &actor, 0, id);
		app_auth_csrf(session_token, id->csrf);
	}
out:
	gx_arena_free(&a);
	return e;
}

void app_auth_csrf(const char *session_token, char out[AUTH_SECRET_SIZE])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)session_token, strlen(session_token));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"guanxi-csrf", 11);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, AUTH_SECRET_SIZE, mac, sizeof mac);
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == 0;
}

enum gx_err app_auth_session(struct app *app, const char *session_token, struct auth_identity *id,
                             struct gx_error *err)
{
	memset(id, 0, sizeof *id);
	if (!session_token || !is_hex(session_token, 64))
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s", _("your session has ended; log in again"));
	char hash[AUTH_SECRET_SIZE];
	sha256_hex(session_token, hash);
	struct store_session ss;
	struct store_actor actor;
	int found = 0;
	enum gx_err e = store_session_find(app->store, hash, &ss, &actor, &found, err);
	if (e != GX_OK)
		return e;
	int64_t now_ms = gx_now_ms();
	if (!found || iso_ms(ss.expires_at) <= now_ms)
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s", _("your session has ended; log in again"));
	if ((e = actor_usable(&actor, err)) == GX_OK) {
		take_actor(app, &actor, 1, id);
		app_auth_csrf(session_token, id->csrf);
		/* Sliding expiry, written at most once a minute: reads do not write on every request. */
		if (now_ms - iso_ms(ss.last_seen_at) >= AUTH_TOUCH_INTERVAL_S * 1000LL) {
			char now[32], expires[32];
			iso_at(now_ms, now);
			iso_at(now_ms + AUTH_SESSION_IDLE_S * 1000LL, expires);
			e = touch_result(store_session_touch(app->store, ss.id, now, expires, err), err);
		}
	}
	return e;
}

enum gx_err app_auth_logout(struct app *app, const char *session_token, struct gx_error *err)
{
	char hash[AUTH_SECRET_SIZE];
	sha256_hex(session_token ? session_token : "", hash);
	return store_session_delete(app->store, hash, err);
}

enum gx_err app_auth_token_create(struct app *app, const char *username, const char *name,
                                  char out[AUTH_TOKEN_SIZE], struct gx_error *err)
{
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u;
	int found = 0;
	enum gx_err e = find_user(app, username, &a, &u, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user named %s"), username);
	if (e == GX_OK && !record_int(&u, "active"))
		e = gx_error_set(err, GX_EFORBIDDEN, "user", _("user %s is disabled"), username);
	if (e == GX_OK) {
		char hex[41], hash[AUTH_SECRET_SIZE], prefix[9], now[32];
		random_hex(20, hex, sizeof hex);
		snprintf(out, AUTH_TOKEN_SIZE, "gx_%s", hex);
		snprintf(prefix, sizeof prefix, "%.8s", hex);
		sha256_hex(out, hash);
		gx_now_iso(now);
		int64_t tid = 0;
		if ((e = store_begin(app->store, err)) == GX_OK) {
			if ((e = store_token_insert(app->store, u.id, name, prefix, hash, now, &tid, err)) ||
			    (e = app_audit_simple(app, "token_create", "user", u.id, NULL, 0, err)) ||
			    (e = store_commit(app->store, err)))
				store_rollback(app->store);
		}
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_auth_bearer(struct app *app, const char *token, struct auth_identity *id,
                            struct gx_error *err)
{
	memset(id, 0, sizeof *id);
	if (!token || strncmp(token, "gx_", 3) != 0 || !is_hex(token + 3, 40))
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s", _("the API token is not valid"));
	char last_used[32];
	int64_t tid = 0;
	struct store_actor actor;
	int found = 0;
	enum gx_err e = GX_OK;
	uint64_t version;
	unsigned char digest[TOKEN_CACHE_DIGEST];
	int versioned = store_read_version(app->store, &version);
	if (versioned) {
		if (!app->tokens)
			app->tokens = token_cache_new();
		token_cache_digest(app->tokens, token, digest);
	}
	if (versioned && token_cache_get(app->tokens, digest, version, &tid, &actor, last_used)) {
		found = 1;
	} else {
		char hash[AUTH_SECRET_SIZE], prefix[9];
		memcpy(prefix, token + 3, 8);
		prefix[8] = '\0';
		sha256_hex(token, hash);
		e = store_token_find(app->store, prefix, hash, &tid, &actor, last_used, &found, err);
		if (e == GX_OK && found && versioned)
			token_cache_put(app->tokens, digest, version, tid, &actor, last_used);
	}
	if (e != GX_OK)
		return e;
	if (!found)
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s", _("the API token is not valid"));
	if ((e = actor_usable(&actor, err)) == GX_OK) {
		take_actor(app, &actor, 1, id);
		int64_t now_ms = gx_now_ms();
		if (now_ms - iso_ms(last_used) >= AUTH_TOUCH_INTERVAL_S * 1000LL) {
			char now[32];
			iso_at(now_ms, now);
			e = touch_result(store_token_touch(app->store, tid, now, err), err);
		}
	}
	return e;
}

enum gx_err app_user_disable(struct app *app, const char *username, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u, patch;
	int found = 0;
	char now[32];
	gx_now_iso(now);
	enum gx_err e = find_user(app, username, &a, &u, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user named %s"), username);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		record_init(&patch, &entity_user, &a);
		patch.id = u.id;
		if ((e = app_field_set_text(app, &patch, "active", "0", &a, err)) ||
		    (e = app_org_update(app, &patch, 0, &a, err)) ||
		    (e = store_session_delete_user(app->store, u.id, err)) ||
		    (e = store_token_revoke_user(app->store, u.id, now, err)) ||
		    (e = store_commit(app->store, err)))
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}
