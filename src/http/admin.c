/* The administration endpoints the web UI's admin pages need (PRODUCT.md "Administration"):
 * users (list, add, change role/team/department, reset password), departments and teams (the
 * hierarchy), and the company settings with every parameter the product lets an admin set.
 * Disabling a user with hand-over lives in access.c; webhooks, jobs and the audit log have
 * their own files. Each write goes through app/ so the checks are the CLI's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/auth.h"
#include "guanxi/i18n.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/settings.h"
#include "guanxi/ticket.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_admin_user_list); H(h_admin_user_create); H(h_admin_user_patch); H(h_admin_user_password);
H(h_admin_department_list); H(h_admin_department_create); H(h_admin_team_list);
H(h_admin_team_create); H(h_admin_settings_get); H(h_admin_settings_patch);
#undef H

/* Creates a record of def from the JSON body, sends it with 201. */
static enum gx_err create_from_body(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                                    const char *password, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	if (def == &entity_user)
		json_object_del(body, "password");
	struct record r;
	record_init(&r, def, rq->arena);
	e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = store_begin(rq->app->store, err);
	if (e != GX_OK)
		return e;
	if ((e = app_org_create(rq->app, &r, rq->arena, err)) == GX_OK && password &&
	    (e = app_auth_set_password(rq->app, record_text(&r, "username"), password, err)) != GX_OK &&
	    !err->field[0])
		snprintf(err->field, sizeof err->field, "password");
	if (e == GX_OK)
		e = store_commit(rq->app->store, err);
	else
		store_rollback(rq->app->store);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location",
	                 gx_arena_printf(rq->arena, "/api/v1/%s/%lld", def->table, (long long)r.id));
	if ((e = http_get_record(rq, rs, def, r.id, err)) == GX_OK)
		rs->status = 201;
	return e;
}

enum gx_err h_admin_user_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_user, NULL, err);
}

/* {"username", "display_name", "role", …, "password"}: the password is optional (a user
 * without one cannot log in until an admin sets it). */
enum gx_err h_admin_user_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *password = NULL;
	if (rq->body) {
		json_t *body = json_loads(rq->body, 0, NULL);
		const char *p = body ? json_string_value(json_object_get(body, "password")) : NULL;
		if (p && *p)
			password = gx_arena_strdup(rq->arena, p);
		json_decref(body);
	}
	return create_from_body(rq, rs, &entity_user, password, err);
}

/* Changes display name, e-mail, phone, role, department, team or language of a user. The
 * username, password and active flag have their own verbs. If-Match is optional here: the
 * admin page is the only writer of these fields. */
enum gx_err h_admin_user_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t version = 0;
	int present = 0;
	enum gx_err e = http_if_match(rq, &version, &present, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	static const char *const fixed[] = {"username", "password_hash", "active", "id", "version"};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (json_object_get(body, fixed[i])) {
			json_decref(body);
			return gx_error_set(err, GX_EINVAL, fixed[i], _("%s cannot be changed here"), fixed[i]);
		}
	struct record cur, patch;
	if ((e = store_record_get(rq->app->store, &entity_user, rq->ids[0], rq->arena, &cur, err)) != GX_OK) {
		json_decref(body);
		return e;
	}
	record_init(&patch, &entity_user, rq->arena);
	patch.id = cur.id;
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_org_update(rq->app, &patch, present ? version : cur.version, rq->arena, err);
	if (e != GX_OK)
		return e;
	return http_get_record(rq, rs, &entity_user, cur.id, err);
}

/* {"password": "…"}: sets a new password and ends the user's sessions. */
enum gx_err h_admin_user_password(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record u;
	enum gx_err e = store_record_get(rq->app->store, &entity_user, rq->ids[0], rq->arena, &u, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	const char *pw = json_string_value(json_object_get(body, "password"));
	if (!pw)
		e = gx_error_set(err, GX_EINVAL, "password", "%s", _("password is required"));
	else if ((e = app_auth_set_password(rq->app, record_text(&u, "username"), pw, err)) != GX_OK &&
	         !err->field[0])
		snprintf(err->field, sizeof err->field, "password");
	json_decref(body);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:b}", "user_id", (json_int_t)u.id, "password_set", 1));
	return e;
}

enum gx_err h_admin_department_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_department, NULL, err);
}

enum gx_err h_admin_department_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return create_from_body(rq, rs, &entity_department, NULL, err);
}

enum gx_err h_admin_team_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_team, NULL, err);
}

enum gx_err h_admin_team_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return create_from_body(rq, rs, &entity_team, NULL, err);
}

/* --- settings (the registry is app/settings.c) -------------------------------------------- */

static json_t *setting_json(const struct app_setting_def *d, const char *value)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "key", d->key, "group", d->group, "kind",
	                      app_setting_kind_name(d->kind), "value", value);
	bool bounded = d->kind == APP_SETTING_INT || d->kind == APP_SETTING_NUMBER;
	json_object_set_new(o, "min", bounded ? json_real(d->min) : json_null());
	json_object_set_new(o, "max", bounded ? json_real(d->max) : json_null());
	json_object_set_new(o, "min_open", json_boolean(d->min_open));
	json_object_set_new(o, "max_open", json_boolean(d->max_open));
	json_object_set_new(o, "default", d->def[0] ? json_string(d->def) : json_null());
	json_t *ch = json_null();
	if (d->choices) {
		ch = json_array();
		for (const char *p = d->choices; *p;) {
			const char *bar = strchr(p, '|');
			size_t l = bar ? (size_t)(bar - p) : strlen(p);
			json_array_append_new(ch, json_stringn(p, l));
			p += l + (bar != NULL);
		}
	}
	json_object_set_new(o, "choices", ch);
	json_object_set_new(o, "model", d->model ? json_string(d->model) : json_null());
	return o;
}

static json_t *settings_json(struct app *app, struct gx_error *err)
{
	size_t n;
	const struct app_setting_def *defs = app_setting_defs(&n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char buf[128] = "";
		if (app_setting_value(app, &defs[i], buf, sizeof buf, err) != GX_OK) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, setting_json(&defs[i], buf));
	}
	return json_pack("{s:o}", "items", items);
}

enum gx_err h_admin_settings_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *j = settings_json(rq->app, err);
	if (!j)
		return err->code ? err->code : GX_EINTERNAL;
	http_resp_json(rs, 200, j);
	return GX_OK;
}

/* {"key": "value", …}: every key checked and stored in one transaction; the first bad one
 * fails the lot with its key as the field, so the page shows the message next to it. */
enum gx_err h_admin_settings_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	size_t n = json_object_size(body), k = 0;
	const char **keys = gx_arena_calloc(rq->arena, n + 1, sizeof *keys);
	const char **values = gx_arena_calloc(rq->arena, n + 1, sizeof *values);
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		if (!json_is_string(v) && !json_is_number(v)) {
			e = gx_error_set(err, GX_EINVAL, key, _("%s must be given as text or a number"), key);
			break;
		}
		keys[k] = gx_arena_strdup(rq->arena, key);
		if (json_is_string(v))
			values[k] = gx_arena_strdup(rq->arena, json_string_value(v));
		else if (json_is_integer(v))
			values[k] = gx_arena_printf(rq->arena, "%lld", (long long)json_integer_value(v));
		else
			values[k] = gx_arena_printf(rq->arena, "%.15g", json_real_value(v));
		k++;
	}
	json_decref(body);
	if (e == GX_OK)
		e = app_settings_change(rq->app, k, keys, values, err);
	if (e != GX_OK)
		return e;
	return h_admin_settings_get(rq, rs, err);
}
