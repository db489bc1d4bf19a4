/* Logging in and out: POST /api/v1/login opens a session (cookie gx_session, HttpOnly,
 * SameSite=Lax) and returns the CSRF token; POST /api/v1/logout ends it; GET /api/v1/session
 * tells the UI who is logged in and gives the CSRF token again after a page reload. */
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/http.h"

static json_t *user_json(struct http_req *rq, int64_t id)
{
	struct record u;
	struct gx_error err;
	if (store_record_get(rq->app->store, &entity_user, id, rq->arena, &u, &err) != GX_OK)
		return json_null();
	return http_record_json(&u, NULL, 0);
}

enum gx_err h_login(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *ju = json_object_get(body, "username"), *jp = json_object_get(body, "password");
	if (!json_is_string(ju) || !json_string_length(ju)) {
		json_decref(body);
		return gx_error_set(err, GX_EINVAL, "username", "%s", _("username must be a non-empty string"));
	}
	if (!json_is_string(jp)) {
		json_decref(body);
		return gx_error_set(err, GX_EINVAL, "password", "%s", _("password must be a string"));
	}
	char token[AUTH_SECRET_SIZE], ip[64];
	int retry_after = 0;
	const char *username = gx_arena_strdup(rq->arena, json_string_value(ju));
	e = app_auth_login(rq->app, username, json_string_value(jp), http_client_address(rq->conn, ip),
	                   http_header(rq, "User-Agent"), token, &rq->ident, &retry_after, err);
	json_decref(body);
	if (e == GX_ERATELIMIT)
		http_resp_header(rs, rq->arena, "Retry-After", gx_arena_printf(rq->arena, "%d", retry_after));
	if (e != GX_OK)
		return e;
	/* No Max-Age: the database's sliding idle expiry decides, not a fixed browser deadline. */
	http_resp_header(rs, rq->arena, "Set-Cookie",
	                 gx_arena_printf(rq->arena, "gx_session=%s; Path=/; HttpOnly; SameSite=Lax%s",
	                                 token, rq->cfg->secure_cookies ? "; Secure" : ""));
	http_resp_json(rs, 200, json_pack("{s:o, s:s, s:o}", "user", user_json(rq, rq->ident.user_id),
	                                  "csrf_token", rq->ident.csrf, "access", http_access_json(rq->app)));
	return GX_OK;
}

enum gx_err h_logout(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	if (rq->session_token) {
		enum gx_err e = app_auth_logout(rq->app, rq->session_token, err);
		if (e != GX_OK)
			return e;
		http_resp_header(rs, rq->arena, "Set-Cookie",
		                 gx_arena_printf(rq->arena, "gx_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
		                                 rq->cfg->secure_cookies ? "; Secure" : ""));
	}
	rs->status = 204;
	return GX_OK;
}

enum gx_err h_session(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	http_resp_json(rs, 200, json_pack("{s:o, s:s?, s:o}", "user", user_json(rq, rq->ident.user_id),
	                                  "csrf_token", rq->session_token ? rq->ident.csrf : NULL,
	                                  "access", http_access_json(rq->app)));
	return GX_OK;
}
