/* Webhook events and their administration (see guanxi/hooks.h). Events are made from audit
 * rows because every write of the product already passes through the audit log inside its
 * transaction: hooking there gives every committed write its event and no rolled-back write
 * one, without touching each verb. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/http_post.h"
#include "guanxi/clock.h"
#include "guanxi/hooks.h"
#include "guanxi/i18n.h"

static int is_admin(const struct app *app)
{
	return app->actor.user_id == 0 || strcmp(app->actor.role, "admin") == 0;
}

static enum gx_err need_admin(const struct app *app, struct gx_error *err)
{
	if (is_admin(app))
		return GX_OK;
	return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only an admin can manage webhooks"));
}

const char *app_hooks_event_type(const struct audit_entry *a, char *buf, size_t size)
{
	if (a->job_id)
		return "job.completed";
	static const struct {
		const char *action, *past;
	} map[] = {
		{"create", "created"}, {"update", "updated"}, {"delete", "deleted"},
		{"restore", "restored"}, {"purge", "purged"}, {"link", "updated"}, {"unlink", "updated"},
	};
	if (!a->action || !a->entity || !*a->entity)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(a->action, map[i].action) == 0) {
			snprintf(buf, size, "%s.%s", a->entity, map[i].past);
			return buf;
		}
	return NULL;
}

int app_hooks_wants(const char *events, const char *type)
{
	if (!events || !*events)
		return 1;
	const char *p = events;
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *tok = p;
		while (n && *tok == ' ')
			tok++, n--;
		while (n && tok[n - 1] == ' ')
			n--;
		if (n == 1 && tok[0] == '*')
			return 1;
		if (n >= 2 && tok[n - 1] == '*' && strncmp(type, tok, n - 1) == 0)
			return 1;
		if (n && strlen(type) == n && strncmp(type, tok, n) == 0)
			return 1;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

static json_t *payload_json(const struct audit_entry *a, const char *event_id, const char *type,
                            const char *now)
{
	json_t *changes = a->changes ? json_loads(a->changes, 0, NULL) : NULL;
	if (!changes)
		changes = json_null();
	json_t *j = json_pack("{s:s, s:s, s:s}", "id", event_id, "type", type, "created_at", now);
	if (a->job_id) {
		json_object_set_new(j, "job", json_pack("{s:I, s:s, s:s?, s:o}", "id", (json_int_t)a->job_id,
		                                        "kind", a->action, "entity", a->entity, "counts", changes));
	} else {
		json_object_set_new(j, "entity", json_string(a->entity));
		json_object_set_new(j, "entity_id", json_integer(a->entity_id));
		json_object_set_new(j, "action", json_string(a->action));
		json_object_set_new(j, "changes", changes);
	}
	json_object_set_new(j, "user_id", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(j, "request_id", a->request_id ? json_string(a->request_id) : json_null());
	return j;
}

enum gx_err app_hooks_emit(struct app *app, const struct audit_entry *a, struct gx_error *err)
{
	char buf[96];
	const char *type = app_hooks_event_type(a, buf, sizeof buf);
	if (!type)
		return GX_OK;
	struct gx_arena ar;
	gx_arena_init(&ar, 4096);
	struct webhook *hooks;
	size_t n;
	enum gx_err e = store_webhook_list(app->store, 1, &ar, &hooks, &n, err);
	size_t wanted = 0;
	for (size_t i = 0; e == GX_OK && i < n; i++)
		wanted += app_hooks_wants(hooks[i].events, type);
	if (e != GX_OK || wanted == 0) {
		gx_arena_free(&ar);
		return e;
	}
	if (sodium_init() < 0) {
		gx_arena_free(&ar);
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	}
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	char event_id[40] = "evt_";
	sodium_bin2hex(event_id + 4, sizeof event_id - 4, raw, sizeof raw);
	char now[32];
	gx_now_iso(now);
	json_t *j = payload_json(a, event_id, type, now);
	char *payload = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	/* A savepoint inside the write's transaction (or a transaction of its own): the event and
	 * its deliveries land together or not at all. */
	int64_t row = 0;
	if ((e = store_begin(app->store, err)) == GX_OK) {
		e = store_webhook_event_insert(app->store, event_id, type, a->entity, a->entity_id, a->job_id,
		                               payload, now, &row, err);
		for (size_t i = 0; e == GX_OK && i < n; i++)
			if (app_hooks_wants(hooks[i].events, type))
				e = store_webhook_delivery_insert(app->store, row, hooks[i].id, now, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	free(payload);
	gx_arena_free(&ar);
	return e;
}

static enum gx_err check_events(const char *events, struct gx_error *err)
{
	if (!events)
		return GX_OK;
	size_t n = strlen(events);
	if (n > 1000 || strspn(events, "abcdefghijklmnopqrstuvwxyz_.*, ") != n)
		return gx_error_set(err, GX_EINVAL, "events", "%s",
		                    _("events must be a comma list of event types such as customer.created, "
		                      "customer.* or * (lower-case letters, _, ., *)"));
	return GX_OK;
}

enum gx_err app_webhook_add(struct app *app, const char *url, const char *events,
                            const char *description, int64_t *id,
                            char secret[APP_WEBHOOK_SECRET_SIZE], struct gx_error *err)
{
	enum gx_err e;
	if ((e = need_admin(app, err)) || (e = gx_http_url_check(url ? url : "", err)) ||
	    (e = check_events(events, err)))
		return e;
	if (strlen(url) > 2000)
		return gx_error_set(err, GX_EINVAL, "url", "%s", _("the URL is longer than 2000 characters"));
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	memcpy(secret, "whsec_", 6);
	sodium_bin2hex(secret + 6, APP_WEBHOOK_SECRET_SIZE - 6, raw, sizeof raw);
	char now[32];
	gx_now_iso(now);
	if ((e = store_begin(app->store, err)))
		return e;
	e = store_webhook_insert(app->store, url, secret, events && *events ? events : "*", description,
	                         now, id, err);
	if (e == GX_OK) {
		json_t *c = json_pack("{s:[no], s:[ns]}", "url", json_string(url), "events",
		                      events && *events ? events : "*");
		char *text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(c);
		e = app_audit_simple(app, "create", "webhook", *id, text, 0, err);
		free(text);
	}
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_webhook_list(struct app *app, struct gx_arena *a, struct webhook **out, size_t *n,
                             struct gx_error *err)
{
	enum gx_err e;
	if ((e = need_admin(app, err)) || (e = store_webhook_list(app->store, 0, a, out, n, err)))
		return e;
	for (size_t i = 0; i < *n; i++)
		(*out)[i].secret = NULL;
	return GX_OK;
}

enum gx_err app_webhook_set_active(struct app *app, int64_t id, int active, struct gx_error *err)
{
	enum gx_err e;
	if ((e = need_admin(app, err)) || (e = store_begin(app->store, err)))
		return e;
	char now[32];
	gx_now_iso(now);
	int found = 0;
	e = store_webhook_set_active(app->store, id, active, now, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("no webhook %lld"), (long long)id);
	if (e == GX_OK)
		e = app_audit_simple(app, "update", "webhook", id,
		                     active ? "{\"active\":[0,1]}" : "{\"active\":[1,0]}", 0, err);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_webhook_deliveries(struct app *app, int64_t webhook_id, const char *status,
                                   int limit, struct gx_arena *a, struct webhook_delivery **out,
                                   size_t *n, struct gx_error *err)
{
	enum gx_err e = need_admin(app, err);
	if (e != GX_OK)
		return e;
	if (status && *status && strcmp(status, "pending") && strcmp(status, "delivered") &&
	    strcmp(status, "failed"))
		return gx_error_set(err, GX_EINVAL, "status", "%s",
		                    _("status must be pending, delivered or failed"));
	if (limit < 1 || limit > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be from 1 to 1000"));
	return store_webhook_deliveries(app->store, webhook_id, status && *status ? status : NULL, limit,
	                                a, out, n, err);
}
