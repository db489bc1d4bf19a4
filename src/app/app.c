/* Opening the application over a database, the acting user, and company settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/app.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static const struct app_settings default_settings = {
	.timezone = "Asia/Shanghai",
	.currency = "CNY",
	.pool_max_owned = 200,
	.pool_max_claims_per_day = 20,
	.pool_cooldown_days = 30,
	.pool_recycle_days = 30,
	.recycle_bin_days = 30,
	/* background jobs and webhooks (docs/deploy.md) */
	.job_score_every_s = 86400,
	.job_recycle_every_s = 86400,
	.job_webhooks_every_s = 1,
	.job_lease_s = 120,
	.webhook_max_attempts = 8,
	.webhook_backoff_s = 30,
	.webhook_timeout_s = 10,
	.webhook_retention_days = 30,
	.import_retention_days = 7,
};

enum gx_err app_open(struct app *app, const char *db_url, int create, struct gx_error *err)
{
	memset(app, 0, sizeof *app);
	app->settings = default_settings;
	snprintf(app->actor.role, sizeof app->actor.role, "admin");
	struct store_open_options opts = {.create = create, .migrate = 1};
	enum gx_err e = store_open(db_url, &opts, &app->store, err);
	if (e != GX_OK)
		return e;
	e = app_settings_load(app, err);
	if (e == GX_OK)
		e = app_access_load(app, err);
	if (e != GX_OK) {
		app_access_free(app);
		store_close(app->store);
		app->store = NULL;
	}
	return e;
}

void app_close(struct app *app)
{
	store_close(app->store);
	app->store = NULL;
	free(app->pending);
	app->pending = NULL;
	app_access_free(app);
	free(app->tokens);
	app->tokens = NULL;
	app->npending = app->cap_pending = 0;
}

enum gx_err app_set_actor(struct app *app, const char *username, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u;
	int found = 0;
	enum gx_err e = store_record_find(app->store, &entity_user, "username", username, &a, &u,
	                                  &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user named %s"), username);
	if (e == GX_OK && !record_int(&u, "active"))
		e = gx_error_set(err, GX_EFORBIDDEN, "user", _("user %s is disabled"), username);
	if (e == GX_OK) {
		app->actor.user_id = u.id;
		snprintf(app->actor.role, sizeof app->actor.role, "%s", record_text(&u, "role"));
		app->actor.department_id = record_int(&u, "department_id");
		app->actor.team_id = record_int(&u, "team_id");
		app_access_actor_head(app);
		app_access_apply(app);
	}
	gx_arena_free(&a);
	return e;
}

/* The integer settings, with their bounds. */
static const struct {
	const char *key;
	size_t offset;
	int min, max;
} int_settings[] = {
	{"pool_max_owned", offsetof(struct app_settings, pool_max_owned), 1, 1000000},
	{"pool_max_claims_per_day", offsetof(struct app_settings, pool_max_claims_per_day), 0, 100000},
	{"pool_cooldown_days", offsetof(struct app_settings, pool_cooldown_days), 0, 3650},
	{"pool_recycle_days", offsetof(struct app_settings, pool_recycle_days), 1, 3650},
	{"recycle_bin_days", offsetof(struct app_settings, recycle_bin_days), 1, 3650},
	{"job_score_every_s", offsetof(struct app_settings, job_score_every_s), 0, 31536000},
	{"job_recycle_every_s", offsetof(struct app_settings, job_recycle_every_s), 0, 31536000},
	{"job_webhooks_every_s", offsetof(struct app_settings, job_webhooks_every_s), 0, 3600},
	{"job_lease_s", offsetof(struct app_settings, job_lease_s), 3, 86400},
	{"webhook_max_attempts", offsetof(struct app_settings, webhook_max_attempts), 1, 100},
	{"webhook_backoff_s", offsetof(struct app_settings, webhook_backoff_s), 1, 86400},
	{"webhook_timeout_s", offsetof(struct app_settings, webhook_timeout_s), 1, 120},
	{"webhook_retention_days", offsetof(struct app_settings, webhook_retention_days), 0, 3650},
	{"import_retention_days", offsetof(struct app_settings, import_retention_days), 0, 3650},
};

enum gx_err app_settings_load(struct app *app, struct gx_error *err)
{
	char buf[128];
	int found;
	enum gx_err e;
	for (size_t i = 0; i < sizeof int_settings / sizeof *int_settings; i++) {
		if ((e = store_setting_get(app->store, int_settings[i].key, buf, sizeof buf, &found, err)))
			return e;
		if (found)
			*(int *)((char *)&app->settings + int_settings[i].offset) = atoi(buf);
	}
	if ((e = store_setting_get(app->store, "timezone", buf, sizeof buf, &found, err)))
		return e;
	if (found)
		snprintf(app->settings.timezone, sizeof app->settings.timezone, "%s", buf);
	if ((e = store_setting_get(app->store, "currency", buf, sizeof buf, &found, err)))
		return e;
	if (found)
		snprintf(app->settings.currency, sizeof app->settings.currency, "%s", buf);
	return GX_OK;
}

enum gx_err app_setting_set(struct app *app, const char *key, const char *value, struct gx_error *err)
{
	for (size_t i = 0; i < sizeof int_settings / sizeof *int_settings; i++) {
		if (strcmp(key, int_settings[i].key) != 0)
			continue;
		char *end;
		long v = strtol(value, &end, 10);
		if (!*value || *end || v < int_settings[i].min || v > int_settings[i].max)
			return gx_error_set(err, GX_EINVAL, key, _("%s must be a whole number from %d to %d"),
			                    key, int_settings[i].min, int_settings[i].max);
		enum gx_err e = store_setting_set(app->store, key, value, err);
		if (e == GX_OK)
			*(int *)((char *)&app->settings + int_settings[i].offset) = (int)v;
		return e;
	}
	if (strcmp(key, "currency") == 0) {
		if (strlen(value) != 3)
			return gx_error_set(err, GX_EINVAL, key, "%s", _("currency must be a 3-letter ISO 4217 code"));
		enum gx_err e = store_setting_set(app->store, key, value, err);
		if (e == GX_OK)
			snprintf(app->settings.currency, sizeof app->settings.currency, "%s", value);
		return e;
	}
	if (strcmp(key, "timezone") == 0) {
		if (!*value || strlen(value) >= sizeof app->settings.timezone)
			return gx_error_set(err, GX_EINVAL, key, "%s", _("timezone must be an IANA zone name such as Asia/Shanghai"));
		enum gx_err e = store_setting_set(app->store, key, value, err);
		if (e == GX_OK)
			snprintf(app->settings.timezone, sizeof app->settings.timezone, "%s", value);
		return e;
	}
	return gx_error_set(err, GX_EINVAL, key, _("unknown setting %s"), key);
}
