/* Unit tests for app/auth.c on a temporary database: password hashing and login, the lockout
 * after 5 failures in 15 minutes and its Retry-After, idle session expiry, the CSRF token
 * derived from the session, personal API tokens, and disabling a user; the user facts read
 * together with a token or session (role, department, team, the department the user heads,
 * whether the user is still active). Time is pinned with GUANXI_NOW. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/auth.h"
#include "guanxi/org.h"
#include "store/driver.h"

struct fx {
	char path[64];
	struct app app;
	struct gx_arena a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/gx-auth-XXXXXX");
	int fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	struct gx_error err;
	if (app_open(&f->app, f->path, 1, &err) != GX_OK)
		return -1;
	gx_arena_init(&f->a, 0);
	struct record u;
	record_init(&u, &entity_user, &f->a);
	if (app_field_set_text(&f->app, &u, "username", "wang", &f->a, &err) ||
	    app_field_set_text(&f->app, &u, "display_name", "王芳", &f->a, &err) ||
	    app_field_set_text(&f->app, &u, "role", "sales", &f->a, &err) ||
	    app_org_create(&f->app, &u, &f->a, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

static enum gx_err login(struct fx *f, const char *pw, char token[AUTH_SECRET_SIZE], int *retry,
                         struct gx_error *err)
{
	struct auth_identity id;
	return app_auth_login(&f->app, "wang", pw, "127.0.0.1", "test", token, &id, retry, err);
}

static void test_password_and_lockout(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	char token[AUTH_SECRET_SIZE];
	int retry;
	setenv("GUANXI_NOW", "2026-11-26T08:00:00Z", 1);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "short", &err), GX_EINVAL);
	assert_int_equal(app_auth_set_password(&f->app, "nobody", "long enough", &err), GX_ENOTFOUND);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "正确的密码123", &err), GX_OK);
	assert_int_equal(login(f, "正确的密码123", token, &retry, &err), GX_OK);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(f->app.actor.user_id, 1);
	assert_string_equal(f->app.actor.role, "sales");

	/* Failures at 08:00, 08:01 … 08:04; the sixth attempt at 08:05 is refused until 08:15. */
	char at[32];
	for (int i = 0; i < 5; i++) {
		snprintf(at, sizeof at, "2026-11-26T08:0%d:00Z", i);
		setenv("GUANXI_NOW", at, 1);
		assert_int_equal(login(f, "wrong", token, &retry, &err), GX_EUNAUTH);
	}
	setenv("GUANXI_NOW", "2026-11-26T08:05:00Z", 1);
	assert_int_equal(login(f, "正确的密码123", token, &retry, &err), GX_ERATELIMIT);
	assert_int_equal(retry, 600);
	/* At 08:15:00 the first failure has left the window: four remain, login works again. */
	setenv("GUANXI_NOW", "2026-11-26T08:15:00Z", 1);
	assert_int_equal(login(f, "正确的密码123", token, &retry, &err), GX_OK);
	/* Success cleared the counter: five more failures are needed to lock again. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(login(f, "wrong", token, &retry, &err), GX_EUNAUTH);
	assert_int_equal(login(f, "正确的密码123", token, &retry, &err), GX_OK);
	/* Unknown users get the same answer as a wrong password. */
	struct auth_identity id;
	assert_int_equal(app_auth_login(&f->app, "ghost", "whatever1", NULL, NULL, token, &id, &retry, &err),
	                 GX_EUNAUTH);
	assert_string_equal(err.message, "wrong username or password");
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	char token[AUTH_SECRET_SIZE];
	int retry;
	struct auth_identity id;
	setenv("GUANXI_NOW", "2026-11-26T08:00:00Z", 1);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "password-1", &err), GX_OK);
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, token, &id, &retry, &err), GX_OK);
	char csrf[AUTH_SECRET_SIZE];
	app_auth_csrf(token, csrf);
	assert_string_equal(csrf, id.csrf);
	assert_string_not_equal(csrf, token);
	memset(&f->app.actor, 0, sizeof f->app.actor);
	assert_int_equal(app_auth_session(&f->app, token, &id, &err), GX_OK);
	assert_int_equal(f->app.actor.user_id, 1);
	assert_string_equal(id.csrf, csrf);
	assert_int_equal(app_auth_session(&f->app, "00", &id, &err), GX_EUNAUTH);
	/* Idle expiry slides: used at 19:00, still valid at 06:59 next day, gone 12 h after. */
	setenv("GUANXI_NOW", "2026-11-26T19:00:00Z", 1);
	assert_int_equal(app_auth_session(&f->app, token, &id, &err), GX_OK);
	setenv("GUANXI_NOW", "2026-11-27T06:59:00Z", 1);
	assert_int_equal(app_auth_session(&f->app, token, &id, &err), GX_OK);
	setenv("GUANXI_NOW", "2026-11-27T19:00:00Z", 1);
	assert_int_equal(app_auth_session(&f->app, token, &id, &err), GX_EUNAUTH);
	/* Logout ends a session; a new password ends all of them. */
	char t2[AUTH_SECRET_SIZE], t3[AUTH_SECRET_SIZE];
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, t2, &id, &retry, &err), GX_OK);
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, t3, &id, &retry, &err), GX_OK);
	assert_int_equal(app_auth_logout(&f->app, t2, &err), GX_OK);
	assert_int_equal(app_auth_session(&f->app, t2, &id, &err), GX_EUNAUTH);
	assert_int_equal(app_auth_session(&f->app, t3, &id, &err), GX_OK);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "password-2", &err), GX_OK);
	assert_int_equal(app_auth_session(&f->app, t3, &id, &err), GX_EUNAUTH);
}

static void test_tokens_and_disable(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	char tok[AUTH_TOKEN_SIZE];
	struct auth_identity id;
	assert_int_equal(app_auth_token_create(&f->app, "wang", "script", tok, &err), GX_OK);
	assert_int_equal(strlen(tok), 43);
	assert_memory_equal(tok, "gx_", 3);
	memset(&f->app.actor, 0, sizeof f->app.actor);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_OK);
	assert_int_equal(id.user_id, 1);
	assert_string_equal(f->app.actor.role, "sales");
	char bad[AUTH_TOKEN_SIZE];
	memcpy(bad, tok, sizeof bad);
	bad[42] = bad[42] == 'a' ? 'b' : 'a';   /* same prefix, other secret */
	assert_int_equal(app_auth_bearer(&f->app, bad, &id, &err), GX_EUNAUTH);
	assert_int_equal(app_auth_bearer(&f->app, "Bearer", &id, &err), GX_EUNAUTH);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "password-1", &err), GX_OK);
	assert_int_equal(app_user_disable(&f->app, "wang", &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_EUNAUTH);
	char t[AUTH_SECRET_SIZE];
	int retry;
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, t, &id, &retry, &err),
	                 GX_EFORBIDDEN);
	assert_int_equal(app_auth_token_create(&f->app, "wang", NULL, tok, &err), GX_EFORBIDDEN);
}

/* The actor comes from the token's or session's own query: what the users and departments
 * rows say at that moment, without a user record read of its own. */
static void test_actor_read_with_credentials(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct store *s = f->app.store;
	assert_int_equal(db_exec_script(s,
	                                "INSERT INTO departments (id, code, name, created_at, updated_at) VALUES"
	                                " (7, 'D7', '华东区', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	                                " (9, 'D9', '华南区', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	                                "UPDATE users SET department_id = 7, lang = 'en' WHERE id = 1;",
	                                &err),
	                 GX_OK);
	char tok[AUTH_TOKEN_SIZE], session[AUTH_SECRET_SIZE];
	int retry;
	struct auth_identity id;
	assert_int_equal(app_auth_token_create(&f->app, "wang", "script", tok, &err), GX_OK);
	assert_int_equal(app_auth_set_password(&f->app, "wang", "password-1", &err), GX_OK);
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, session, &id, &retry, &err), GX_OK);
	memset(&f->app.actor, 0, sizeof f->app.actor);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_OK);
	assert_int_equal(f->app.actor.department_id, 7);
	assert_int_equal(f->app.actor.head_of, 0);
	assert_string_equal(id.lang, "en");
	/* Heading another department: that one; heading the own one too: the own one. */
	assert_int_equal(db_exec_script(s, "UPDATE departments SET head_user_id = 1 WHERE id = 9", &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_OK);
	assert_int_equal(f->app.actor.head_of, 9);
	assert_int_equal(app_auth_session(&f->app, session, &id, &err), GX_OK);
	assert_int_equal(f->app.actor.head_of, 9);
	char again[AUTH_SECRET_SIZE];   /* a login looks the head up on its own (store_department_headed) */
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, again, &id, &retry, &err), GX_OK);
	assert_int_equal(f->app.actor.head_of, 9);
	assert_int_equal(db_exec_script(s, "UPDATE departments SET head_user_id = 1 WHERE id = 7", &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_OK);
	assert_int_equal(f->app.actor.head_of, 7);
	assert_int_equal(app_auth_login(&f->app, "wang", "password-1", NULL, NULL, again, &id, &retry, &err), GX_OK);
	assert_int_equal(f->app.actor.head_of, 7);
	/* A role changed in the table counts from the next request on. */
	assert_int_equal(db_exec_script(s, "UPDATE users SET role = 'manager' WHERE id = 1", &err), GX_OK);
	assert_int_equal(app_auth_session(&f->app, session, &id, &err), GX_OK);
	assert_string_equal(f->app.actor.role, "manager");
	/* Inactive in the table (tokens and sessions not revoked): both refused. */
	assert_int_equal(db_exec_script(s, "UPDATE users SET active = 0 WHERE id = 1", &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_EUNAUTH);
	assert_string_equal(err.message, "your session has ended; log in again");
	assert_int_equal(app_auth_session(&f->app, session, &id, &err), GX_EUNAUTH);
	assert_int_equal(db_exec_script(s, "UPDATE users SET active = 1 WHERE id = 1", &err), GX_OK);
	assert_int_equal(app_auth_bearer(&f->app, tok, &id, &err), GX_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_password_and_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens_and_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_actor_read_with_credentials, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
