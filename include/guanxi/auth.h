/* Authentication rules (docs/api.md "Authentication"): argon2id passwords, database-backed
 * sessions with a CSRF token derived from the session secret, personal API tokens, and the
 * failed-login lockout. Secrets are shown once and stored only as SHA-256 digests. Every
 * function that accepts a credential sets app->actor on success. */
#ifndef GUANXI_AUTH_H
#define GUANXI_AUTH_H

#include <stdint.h>

#include "guanxi/app.h"

#define AUTH_LOCKOUT_FAILURES 5          /* failed logins … */
#define AUTH_LOCKOUT_WINDOW_S (15 * 60)  /* … within this window lock the username */
#define AUTH_SESSION_IDLE_S (12 * 3600)  /* a session unused this long expires */
#define AUTH_TOUCH_INTERVAL_S 60         /* last-seen stamps are written at most this often */
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024
#define AUTH_SECRET_SIZE 65              /* 64 hex characters and the NUL */
#define AUTH_TOKEN_SIZE 48               /* "gx_" + 40 hex characters and the NUL */

struct auth_identity {
	int64_t user_id;
	char lang[8];                    /* the user's language setting, "" when none */
	char csrf[AUTH_SECRET_SIZE];     /* sessions only: the token non-GET requests must echo */
};

/* Sets a user's password (argon2id, libsodium's interactive limits) and ends their sessions. */
enum gx_err app_auth_set_password(struct app *app, const char *username, const char *password,
                                  struct gx_error *err);

/* Checks the password and opens a session; session_token receives the cookie value. While the
 * username is locked out, GX_ERATELIMIT with *retry_after seconds. Wrong username or password
 * is one GX_EUNAUTH message, so it does not reveal which users exist. */
enum gx_err app_auth_login(struct app *app, const char *username, const char *password,
                           const char *ip, const char *user_agent,
                           char session_token[AUTH_SECRET_SIZE], struct auth_identity *id,
                           int *retry_after, struct gx_error *err);
/* Resolves a session cookie to its user (GX_EUNAUTH when unknown, expired or disabled). */
enum gx_err app_auth_session(struct app *app, const char *session_token, struct auth_identity *id,
                             struct gx_error *err);
enum gx_err app_auth_logout(struct app *app, const char *session_token, struct gx_error *err);
/* The CSRF token belonging to a session token (an HMAC of it, so nothing more is stored). */
void app_auth_csrf(const char *session_token, char out[AUTH_SECRET_SIZE]);

/* Creates a personal API token for the user; out receives it (shown once). */
enum gx_err app_auth_token_create(struct app *app, const char *username, const char *name,
                                  char out[AUTH_TOKEN_SIZE], struct gx_error *err);
/* Resolves "Authorization: Bearer <token>". */
enum gx_err app_auth_bearer(struct app *app, const char *token, struct auth_identity *id,
                            struct gx_error *err);

/* Disables a user: no login, sessions ended, API tokens revoked. */
enum gx_err app_user_disable(struct app *app, const char *username, struct gx_error *err);

#endif
