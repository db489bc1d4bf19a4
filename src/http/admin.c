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
#include "guanxi/sales.h"
#include "guanxi/sla.h"
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

/* --- settings ------------------------------------------------------------------------------ */

/* The settings an admin may change, in the order the page shows them. kind: "int" keys are
 * app_setting_set's (it knows their bounds), "sla" are working hours per ticket severity,
 * the others have their own setter. */
static const struct setting_def {
	const char *key, *group, *kind;
} setting_defs[] = {
	{"pool_max_owned", "pool", "int"},
	{"pool_max_claims_per_day", "pool", "int"},
	{"pool_cooldown_days", "pool", "int"},
	{"pool_recycle_days", "pool", "int"},
	{"recycle_bin_days", "data", "int"},
	{"import_retention_days", "data", "int"},
	{"sla_hours_low", "sla", "sla"},
	{"sla_hours_medium", "sla", "sla"},
	{"sla_hours_high", "sla", "sla"},
	{"sla_hours_critical", "sla", "sla"},
	{"work_week", "sla", "week"},
	{"quote_discount_threshold", "sales", "percent"},
	{"job_score_every_s", "jobs", "int"},
	{"job_recycle_every_s", "jobs", "int"},
	{"job_webhooks_every_s", "jobs", "int"},
	{"webhook_max_attempts", "webhooks", "int"},
	{"webhook_backoff_s", "webhooks", "int"},
	{"webhook_timeout_s", "webhooks", "int"},
	{"webhook_retention_days", "webhooks", "int"},
	{"timezone", "company", "text"},
	{"currency", "company", "text"},
};
#define NSETTINGS (sizeof setting_defs / sizeof *setting_defs)

/* The value the app uses now, as text: stored, else the default loaded at open. */
static enum gx_err setting_value(struct app *app, const struct setting_def *d, const struct sla_config *sla,
                                 char *buf, size_t size, struct gx_error *err)
{
	int found = 0;
	if (!strcmp(d->kind, "sla")) {
		int m = sla->minutes[sla_severity_index(d->key + strlen("sla_hours_"))];
		if (m % 60 == 0)
			snprintf(buf, size, "%d", m / 60);
		else
			snprintf(buf, size, "%.4g", m / 60.0);
		return GX_OK;
	}
	if (!strcmp(d->kind, "percent")) {
		int bp;
		enum gx_err e = app_quote_threshold(app, &bp, err);
		if (e == GX_OK)
			snprintf(buf, size, bp % 100 ? "%d.%02d" : "%d", bp / 100, bp % 100);
		return e;
	}
	enum gx_err e = store_setting_get(app->store, d->key, buf, size, &found, err);
	if (e != GX_OK || found)
		return e;
	if (!strcmp(d->kind, "week"))
		snprintf(buf, size, "mon-fri 09:00-18:00");
	else if (!strcmp(d->key, "timezone"))
		snprintf(buf, size, "%s", app->settings.timezone);
	else if (!strcmp(d->key, "currency"))
		snprintf(buf, size, "%s", app->settings.currency);
	else {
		/* not stored: the default app_open put into app->settings */
		struct app_settings s = app->settings;
		const struct {
			const char *k;
			int v;
		} ints[] = {
			{"pool_max_owned", s.pool_max_owned}, {"pool_max_claims_per_day", s.pool_max_claims_per_day},
			{"pool_cooldown_days", s.pool_cooldown_days}, {"pool_recycle_days", s.pool_recycle_days},
			{"recycle_bin_days", s.recycle_bin_days}, {"job_score_every_s", s.job_score_every_s},
			{"job_recycle_every_s", s.job_recycle_every_s}, {"job_webhooks_every_s", s.job_webhooks_every_s},
			{"webhook_max_attempts", s.webhook_max_attempts}, {"webhook_backoff_s", s.webhook_backoff_s},
			{"webhook_timeout_s", s.webhook_timeout_s}, {"webhook_retention_days", s.webhook_retention_days},
			{"import_retention_days", s.import_retention_days},
		};
		for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
			if (!strcmp(ints[i].k, d->key))
				snprintf(buf, size, "%d", ints[i].v);
	}
	return GX_OK;
}

static json_t *settings_json(struct app *app, struct gx_error *err)
{
	struct sla_config sla;
	if (app_sla_load(app, &sla, err) != GX_OK)
		return NULL;
	json_t *items = json_array();
	for (size_t i = 0; i < NSETTINGS; i++) {
		char buf[128] = "";
		if (setting_value(app, &setting_defs[i], &sla, buf, sizeof buf, err) != GX_OK) {
			json_decref(items);
			sla_config_free(&sla);
			return NULL;
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "key", setting_defs[i].key,
		                                       "group", setting_defs[i].group, "kind", setting_defs[i].kind,
		                                       "value", buf));
	}
	sla_config_free(&sla);
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

static enum gx_err setting_apply(struct app *app, const struct setting_def *d, const char *value,
                                 struct gx_error *err)
{
	if (!strcmp(d->kind, "sla"))
		return app_sla_set_hours(app, d->key + strlen("sla_hours_"), value, err);
	if (!strcmp(d->kind, "week"))
		return app_sla_set_week(app, value, err);
	enum gx_err e = !strcmp(d->kind, "percent") ? app_quote_threshold_set(app, value, err)
	                                            : app_setting_set(app, d->key, value, err);
	if (e != GX_OK)
		return e;
	json_t *c = json_pack("{s:s, s:s}", "key", d->key, "value", value);
	char *changes = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	e = app_audit_simple(app, "setting", "setting", 0, changes, 0, err);
	free(changes);
	return e;
}

/* {"key": "value", …}: every key checked and stored in one transaction; the first bad one
 * fails the lot with its key as the field, so the page shows the message next to it. */
enum gx_err h_admin_settings_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		const struct setting_def *d = NULL;
		for (size_t i = 0; i < NSETTINGS && !d; i++)
			if (!strcmp(setting_defs[i].key, key))
				d = &setting_defs[i];
		if (!d)
			e = gx_error_set(err, GX_EINVAL, key, _("unknown setting %s"), key);
		else if (!json_is_string(v) && !json_is_number(v))
			e = gx_error_set(err, GX_EINVAL, key, _("%s must be given as text or a number"), key);
		if (e != GX_OK)
			break;
	}
	if (e == GX_OK)
		e = store_begin(rq->app->store, err);
	if (e != GX_OK) {
		json_decref(body);
		return e;
	}
	json_object_foreach(body, key, v) {
		char num[64];
		const char *text = json_string_value(v);
		if (!text) {
			if (json_is_integer(v))
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			else
				snprintf(num, sizeof num, "%.15g", json_real_value(v));
			text = num;
		}
		for (size_t i = 0; i < NSETTINGS; i++)
			if (!strcmp(setting_defs[i].key, key))
				e = setting_apply(rq->app, &setting_defs[i], text, err);
		if (e != GX_OK) {
			snprintf(err->field, sizeof err->field, "%s", key);
			break;
		}
	}
	json_decref(body);
	if (e == GX_OK)
		e = store_commit(rq->app->store, err);
	else
		store_rollback(rq->app->store);
	if (e != GX_OK) {
		app_settings_load(rq->app, NULL);   /* the in-memory copy may hold a rolled-back value */
		return e;
	}
	return h_admin_settings_get(rq, rs, err);
}
