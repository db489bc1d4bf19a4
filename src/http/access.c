/* Handlers of access control: the permission table (GET for the matrix in effect, PATCH for
 * one admin change), the audit log with filters and cursor paging, disabling a user with the
 * hand-over of their customers, and exports as CSV or .xlsx downloads (audited by
 * app_export, narrowed and masked by the store's row scope like every read). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "guanxi/access.h"
#include "guanxi/access_store.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/import.h"
#include "guanxi/record_store.h"
#include "http/http.h"

static json_t *matrix_json(struct app *app)
{
	json_t *roles = json_array(), *actions = json_array(), *entities = json_array();
	json_t *perms = json_object(), *scopes = json_object();
	for (size_t i = 0; access_action_names[i]; i++)
		json_array_append_new(actions, json_string(access_action_names[i]));
	for (size_t i = 0; app_access_entity(i); i++)
		json_array_append_new(entities, json_string(app_access_entity(i)));
	for (size_t r = 0; access_role_names[r]; r++) {
		const char *role = access_role_names[r];
		json_array_append_new(roles, json_string(role));
		json_t *by_entity = json_object();
		for (size_t i = 0; app_access_entity(i); i++) {
			json_t *allowed = json_array();
			for (int a = 0; a < ACCESS_NACTIONS; a++)
				if (app_access_role_allowed(app, role, app_access_entity(i), (enum access_action)a))
					json_array_append_new(allowed, json_string(access_action_names[a]));
			json_object_set_new(by_entity, app_access_entity(i), allowed);
		}
		json_object_set_new(perms, role, by_entity);
		json_object_set_new(scopes, role, json_string(store_scope_name(app_access_role_scope(app, role))));
	}
	json_t *changed = json_array();
	for (size_t i = 0; app->access && i < app->access->nrules; i++) {
		const struct access_rule *r = &app->access->rules[i];
		json_array_append_new(changed, json_pack("{s:s, s:s, s:s, s:b}", "role", r->role, "entity",
		                                         r->entity, "action", access_action_names[r->action],
		                                         "allowed", r->allowed));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "roles", roles, "actions", actions, "entities",
	                 entities, "permissions", perms, "scopes", scopes, "changed", changed);
}

json_t *http_access_json(struct app *app)
{
	json_t *perms = json_object();
	for (size_t i = 0; app_access_entity(i); i++) {
		json_t *allowed = json_array();
		for (int a = 0; a < ACCESS_NACTIONS; a++)
			if (app_access_allowed(app, app_access_entity(i), (enum access_action)a))
				json_array_append_new(allowed, json_string(access_action_names[a]));
		json_object_set_new(perms, app_access_entity(i), allowed);
	}
	struct store_scope sc;
	store_scope_get(app->store, &sc);
	return json_pack("{s:s, s:o}", "scope", store_scope_name(sc.kind), "permissions", perms);
}

enum gx_err h_permissions_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	http_resp_json(rs, 200, matrix_json(rq->app));
	return GX_OK;
}

static const char *opt_string(json_t *body, const char *key, int *present, int *bad)
{
	json_t *v = json_object_get(body, key);
	*present = v != NULL;
	if (v && !json_is_string(v) && !json_is_null(v))
		*bad = 1;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* {"role", "entity", "action", "allowed": true|false|null} or {"role", "scope": "…"|null}. */
enum gx_err h_permissions_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int has_role, has_scope, has_entity, has_action, bad = 0;
	const char *role = opt_string(body, "role", &has_role, &bad);
	const char *scope = opt_string(body, "scope", &has_scope, &bad);
	const char *entity = opt_string(body, "entity", &has_entity, &bad);
	const char *action = opt_string(body, "action", &has_action, &bad);
	json_t *jallowed = json_object_get(body, "allowed");
	if (bad || !role || (jallowed && !json_is_boolean(jallowed) && !json_is_null(jallowed)))
		e = gx_error_set(err, GX_EINVAL, NULL, "%s",
		                 _("expected {\"role\", \"entity\", \"action\", \"allowed\": true, false or null} or {\"role\", \"scope\"}"));
	else if (has_scope)
		e = app_access_set_scope(rq->app, role, scope, err);
	else if (!jallowed)
		e = gx_error_set(err, GX_EINVAL, "allowed", "%s", _("allowed (true, false or null) is required"));
	else
		e = app_access_set(rq->app, role, entity, action,
		                   json_is_null(jallowed) ? -1 : json_is_true(jallowed), err);
	json_decref(body);
	if (e == GX_OK)
		http_resp_json(rs, 200, matrix_json(rq->app));
	return e;
}

/* --- audit -------------------------------------------------------------------------------- */

static const char *cursor_of(struct gx_arena *a, int64_t id)
{
	char raw[32];
	int n = snprintf(raw, sizeof raw, "a%lld", (long long)id);
	size_t len = sodium_base64_encoded_len((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = gx_arena_alloc(a, len);
	sodium_bin2base64(out, len, (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static enum gx_err parse_cursor(const char *c, int64_t *id, struct gx_error *err)
{
	unsigned char raw[32];
	size_t n = 0;
	if (strlen(c) < 40 && sodium_base642bin(raw, sizeof raw - 1, c, strlen(c), NULL, &n, NULL,
	                                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && n > 1) {
		raw[n] = 0;
		char *end;
		long long v = strtoll((char *)raw + 1, &end, 10);
		if (raw[0] == 'a' && !*end && v > 0) {
			*id = v;
			return GX_OK;
		}
	}
	return gx_error_set(err, GX_EINVAL, "cursor", "%s", _("the cursor is not valid"));
}

static enum gx_err positive(const char *text, const char *name, int64_t *out, struct gx_error *err)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || v <= 0)
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a positive whole number"), name);
	*out = v;
	return GX_OK;
}

static enum gx_err instant_arg(struct http_req *rq, const char *name, const char **out, struct gx_error *err)
{
	const char *text = http_query(rq, name);
	*out = NULL;
	if (!text)
		return GX_OK;
	int64_t ms;
	enum gx_err e = gx_instant_parse(text, NULL, &ms, name, err);
	if (e != GX_OK)
		return e;
	char *buf = gx_arena_alloc(rq->arena, 32);
	gx_format_instant_utc(ms, buf);
	*out = buf;
	return GX_OK;
}

/* GET /api/v1/audit?entity=&record=&user=&since=&until=&limit=&cursor=, newest first. */
enum gx_err h_audit_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct store_audit_query q = {.limit = 50, .entity = http_query(rq, "entity")};
	const char *v;
	enum gx_err e = GX_OK;
	if ((v = http_query(rq, "record")))
		e = positive(v, "record", &q.entity_id, err);
	if (e == GX_OK && (v = http_query(rq, "user"))) {
		if (strcmp(v, "system") == 0) {
			q.user_id = -1;
		} else if (v[0] >= '0' && v[0] <= '9') {
			e = positive(v, "user", &q.user_id, err);
		} else {
			struct record u;
			int found = 0;
			e = store_record_find(rq->app->store, &entity_user, "username", v, rq->arena, &u, &found, err);
			if (e == GX_OK && !found)
				e = gx_error_set(err, GX_EINVAL, "user", _("no user named %s"), v);
			q.user_id = u.id;
		}
	}
	int64_t limit = 50;
	if (e == GX_OK && (v = http_query(rq, "limit")) && (e = positive(v, "limit", &limit, err)) == GX_OK &&
	    limit > 1000)
		e = gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be between 1 and 1000"));
	q.limit = (int)limit;
	if (e == GX_OK && (v = http_query(rq, "cursor")))
		e = parse_cursor(v, &q.before_id, err);
	if (e == GX_OK)
		e = instant_arg(rq, "since", &q.since, err);
	if (e == GX_OK)
		e = instant_arg(rq, "until", &q.until, err);
	struct store_audit_row *rows = NULL;
	size_t n = 0;
	int more = 0;
	if (e == GX_OK)
		e = store_audit_list(rq->app->store, &q, rq->arena, &rows, &n, &more, err);
	if (e != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct store_audit_row *r = &rows[i];
		json_t *changes = r->changes ? json_loads(r->changes, 0, NULL) : NULL;
		json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:s?, s:s, s:s, s:o, s:o, s:o}",
		    "id", (json_int_t)r->id, "at", r->at ? r->at : "",
		    "user_id", r->user_id ? json_integer(r->user_id) : json_null(),
		    "request_id", r->request_id, "action", r->action ? r->action : "",
		    "entity", r->entity ? r->entity : "",
		    "record_id", r->entity_id ? json_integer(r->entity_id) : json_null(),
		    "changes", changes ? changes : r->changes ? json_string(r->changes) : json_null(),
		    "job_id", r->job_id ? json_integer(r->job_id) : json_null()));
	}
	http_resp_json(rs, 200, json_pack("{s:o, s:s?}", "items", items, "next_cursor",
	                                  more && n ? cursor_of(rq->arena, rows[n - 1].id) : NULL));
	return GX_OK;
}

/* --- disabling a user --------------------------------------------------------------------- */

/* POST /api/v1/users/{id}/disable with an optional {"successor_id": N} or {"successor": name}. */
enum gx_err h_user_disable(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record u, s;
	enum gx_err e = store_record_get(rq->app->store, &entity_user, rq->ids[0], rq->arena, &u, err);
	if (e != GX_OK)
		return e;
	const char *successor = NULL;
	if (rq->body && rq->body_len) {
		json_t *body;
		if ((e = http_body_object(rq, &body, err)) != GX_OK)
			return e;
		json_t *sid = json_object_get(body, "successor_id"), *sname = json_object_get(body, "successor");
		if (sid && !json_is_null(sid)) {
			if (!json_is_integer(sid))
				e = gx_error_set(err, GX_EINVAL, "successor_id", "%s", _("successor_id must be a user id"));
			else if ((e = store_record_get(rq->app->store, &entity_user, (int64_t)json_integer_value(sid),
			                               rq->arena, &s, err)) == GX_OK)
				successor = record_text(&s, "username");
			else if (e == GX_ENOTFOUND)
				e = gx_error_set(err, GX_EINVAL, "successor_id", _("no user with id %lld"),
				                 (long long)json_integer_value(sid));
		} else if (sname && !json_is_null(sname)) {
			if (!json_is_string(sname))
				e = gx_error_set(err, GX_EINVAL, "successor", "%s", _("successor must be a user name"));
			else
				successor = gx_arena_strdup(rq->arena, json_string_value(sname));
		}
		json_decref(body);
		if (e != GX_OK)
			return e;
	}
	int64_t moved = 0;
	e = app_user_disable_handover(rq->app, record_text(&u, "username"), successor, &moved, err);
	if (e == GX_ENOTFOUND && successor)   /* the user of the path exists: the body is at fault */
		err->code = e = GX_EINVAL;
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:I, s:b, s:I, s:s, s:s?}", "user_id", (json_int_t)u.id,
	                                  "disabled", 1, "customers_moved", (json_int_t)moved, "to",
	                                  successor ? "successor" : "pool", "successor", successor));
	return GX_OK;
}

/* --- exports ------------------------------------------------------------------------------ */

static enum gx_err export_entity(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                                 struct gx_error *err)
{
	struct export_opts o = {.format = EXPORT_CSV, .bom = 1};
	const char *fmt = http_query(rq, "format");
	if (fmt && strcmp(fmt, "xlsx") == 0)
		o.format = EXPORT_XLSX;
	else if (fmt && strcmp(fmt, "csv") != 0)
		return gx_error_set(err, GX_EINVAL, "format", "%s", _("format must be csv or xlsx"));
	const char *ftext = http_query(rq, "filter");
	enum gx_err e;
	if (ftext && *ftext && (e = filter_parse(ftext, def, rq->arena, &o.filter, err)) != GX_OK)
		return e;
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/guanxi-export-XXXXXX", dir && *dir ? dir : "/tmp");
	int tmp = mkstemp(path);
	if (tmp < 0)
		return gx_error_set(err, GX_EIO, NULL, _("cannot create a temporary file for the export: %m"));
	close(tmp);
	size_t rows = 0;
	e = app_export(rq->app, def, path, &o, &rows, err);
	int fd = e == GX_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);   /* the open descriptor keeps the content until libmicrohttpd has sent it */
	if (e != GX_OK)
		return e;
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return gx_error_set(err, GX_EIO, NULL, _("cannot read the export back: %m"));
	}
	rs->fd = fd;
	rs->fd_size = (uint64_t)st.st_size;
	rs->content_type = o.format == EXPORT_XLSX
	                       ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                       : "text/csv; charset=utf-8";
	http_resp_header(rs, rq->arena, "Content-Disposition",
	                 gx_arena_printf(rq->arena, "attachment; filename=\"%s.%s\"", def->table,
	                                 o.format == EXPORT_XLSX ? "xlsx" : "csv"));
	http_resp_header(rs, rq->arena, "X-Export-Rows", gx_arena_printf(rq->arena, "%zu", rows));
	rs->status = 200;
	return GX_OK;
}

enum gx_err h_customer_export(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return export_entity(rq, rs, &entity_customer, err);
}

enum gx_err h_contact_export(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return export_entity(rq, rs, &entity_contact, err);
}

enum gx_err h_order_export(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return export_entity(rq, rs, &entity_order, err);
}
