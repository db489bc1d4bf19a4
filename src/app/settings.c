/* The settings registry (see guanxi/settings.h): what an admin may set, with bounds and
 * defaults, the checks with their messages, and the all-or-nothing change of a batch. The
 * operational settings keep their owners (app_setting_set for the pool/job/webhook numbers
 * and the company text, sla.c for hours and the week, sales for the quote threshold); the
 * model parameters are checked and stored here. Their defaults are MODELS.md's. */
#include "guanxi/settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/i18n.h"
#include "guanxi/sales.h"
#include "guanxi/sla.h"
#include "guanxi/store.h"

#define OP "", NULL, NULL
#define INT(k, g, lo, hi) {k, g, APP_SETTING_INT, lo, hi, false, false, OP}
/* A model parameter: bounds, open flags, default, choices, model. */
#define MI(k, g, lo, hi, d, m) {k, g, APP_SETTING_INT, lo, hi, false, false, d, NULL, m}
#define MN(k, g, lo, lo_open, hi, hi_open, d, m) {k, g, APP_SETTING_NUMBER, lo, hi, lo_open, hi_open, d, NULL, m}
#define MC(k, g, choices, d, m) {k, g, APP_SETTING_CHOICE, 0, 0, false, false, d, choices, m}

static const struct app_setting_def defs[] = {
	INT("pool_max_owned", "pool", 1, 1000000),
	INT("pool_max_claims_per_day", "pool", 0, 100000),
	INT("pool_cooldown_days", "pool", 0, 3650),
	INT("pool_recycle_days", "pool", 1, 3650),
	INT("recycle_bin_days", "data", 1, 3650),
	INT("import_retention_days", "data", 0, 3650),
	{"sla_hours_low", "sla", APP_SETTING_SLA, 0, 0, false, false, OP},
	{"sla_hours_medium", "sla", APP_SETTING_SLA, 0, 0, false, false, OP},
	{"sla_hours_high", "sla", APP_SETTING_SLA, 0, 0, false, false, OP},
	{"sla_hours_critical", "sla", APP_SETTING_SLA, 0, 0, false, false, OP},
	{"work_week", "sla", APP_SETTING_WEEK, 0, 0, false, false, OP},
	{"quote_discount_threshold", "sales", APP_SETTING_PERCENT, 0, 0, false, false, OP},
	INT("job_score_every_s", "jobs", 0, 31536000),
	INT("job_recycle_every_s", "jobs", 0, 31536000),
	INT("job_webhooks_every_s", "jobs", 0, 3600),
	INT("job_lease_s", "jobs", 3, 86400),
	INT("webhook_max_attempts", "webhooks", 1, 100),
	INT("webhook_backoff_s", "webhooks", 1, 86400),
	INT("webhook_timeout_s", "webhooks", 1, 120),
	INT("webhook_retention_days", "webhooks", 0, 3650),
	{"timezone", "company", APP_SETTING_TEXT, 0, 0, false, false, OP},
	{"currency", "company", APP_SETTING_TEXT, 0, 0, false, false, OP},
	/* M22: the scoring run's CLV */
	MI("score_horizon_months", "score", 1, 120, "12", "M22"),
	MN("score_monthly_discount", "score", 0, true, 1, true, "0.01", "M22"),
	MN("score_margin", "score", 0, true, 1, false, "1", "M22"),
	/* M21 */
	MC("rfm_monetary", "rfm", "mean|total", "mean", "M21"),
	/* M17: cut-offs in percent of the total value */
	MI("abc_window_months", "abc", 1, 120, "12", "M17"),
	MN("abc_a_pct", "abc", 0, true, 100, true, "80", "M17"),
	MN("abc_b_pct", "abc", 0, true, 100, false, "95", "M17"),
	MN("pareto_top_pct", "abc", 0, true, 100, true, "20", "M17"),
	MN("abc_upgrade_top_pct", "abc", 0, true, 100, true, "20", "M17"),
	/* M13 */
	MI("lifecycle_inactive_days", "lifecycle", 1, 3650, "365", "M13"),
	MN("lifecycle_p_alive_lost", "lifecycle", 0, true, 1, true, "0.1", "M13"),
	MI("lifecycle_window_months", "lifecycle", 1, 60, "12", "M13"),
	MN("lifecycle_decline_ratio", "lifecycle", 0, true, 1, false, "0.7", "M13"),
	MN("lifecycle_p_alive_decline", "lifecycle", 0, true, 1, true, "0.5", "M13"),
	MN("lifecycle_wallet_mature", "lifecycle", 0, true, 1, false, "0.6", "M13"),
	MI("lifecycle_mature_tenure_days", "lifecycle", 0, 3650, "365", "M13"),
	MN("lifecycle_stable_low", "lifecycle", 0, true, 1, false, "0.8", "M13"),
	MN("lifecycle_stable_high", "lifecycle", 1, false, 10, false, "1.2", "M13"),
	MI("lifecycle_outreach_days", "lifecycle", 0, 3650, "180", "M13"),
	/* M9, M11, M12 */
	MI("tucker_periods", "loyalty", 1, 24, "3", "M9"),
	MC("tucker_period", "loyalty", "day|week|month|quarter|year", "month", "M9"),
	MN("loyalty_js_midpoint", "loyalty", 1, true, 5, true, "3", "M11"),
	MN("loyalty_js_apostle", "loyalty", 1, true, 5, false, "4.5", "M11"),
	MN("loyalty_js_terrorist", "loyalty", 1, false, 5, true, "1.5", "M11"),
	MN("loyalty_attitude_midpoint", "loyalty", 1, true, 5, true, "3", "M12"),
	MN("loyalty_repeat_threshold", "loyalty", 0, true, 1, false, "0.5", "M12"),
	MN("loyalty_price_share", "loyalty", 0, true, 1, false, "0.5", "M12"),
	MN("loyalty_incentive_share", "loyalty", 0, true, 1, false, "0.5", "M12"),
	/* M18, M20 */
	MN("clv_discount_rate", "clv", 0, true, 1, true, "0.09", "M18"),
	MI("clv_years", "clv", 1, 50, "5", "M18"),
	MI("retention_window_months", "clv", 1, 60, "12", "M20"),
	/* M23 */
	MN("assoc_min_support", "assoc", 0, true, 1, false, "0.01", "M23"),
	MN("assoc_min_confidence", "assoc", 0, true, 1, false, "0.2", "M23"),
	MN("assoc_min_lift", "assoc", 0, true, 100, false, "1.2", "M23"),
};
#define NDEFS (sizeof defs / sizeof *defs)

const struct app_setting_def *app_setting_defs(size_t *n)
{
	*n = NDEFS;
	return defs;
}

const struct app_setting_def *app_setting_find(const char *key)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

const char *app_setting_kind_name(enum app_setting_kind k)
{
	static const char *const names[] = {"int", "number", "choice", "sla", "week", "percent", "text"};
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : "text";
}

/* Index of value among d->choices, or -1. */
static int choice_index(const struct app_setting_def *d, const char *value)
{
	size_t len = strlen(value);
	int i = 0;
	for (const char *p = d->choices; p && *p; i++) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == len && len && strncmp(p, value, l) == 0)
			return i;
		p = bar ? bar + 1 : p + l;
	}
	return -1;
}

enum gx_err app_setting_check(const struct app_setting_def *d, const char *value, struct gx_error *err)
{
	char *end;
	switch (d->kind) {
	case APP_SETTING_INT: {
		long v = strtol(value, &end, 10);
		if (!*value || *end || v < d->min || v > d->max)
			return gx_error_set(err, GX_EINVAL, d->key, _("%s must be a whole number from %d to %d"), d->key,
			                    (int)d->min, (int)d->max);
		return GX_OK;
	}
	case APP_SETTING_NUMBER: {
		double v = strtod(value, &end);
		bool ok = *value && !*end && isfinite(v) && (d->min_open ? v > d->min : v >= d->min) &&
		          (d->max_open ? v < d->max : v <= d->max);
		if (ok)
			return GX_OK;
		if (d->min_open && d->max_open)
			return gx_error_set(err, GX_EINVAL, d->key, _("%s must be a number greater than %g and less than %g"),
			                    d->key, d->min, d->max);
		if (d->min_open)
			return gx_error_set(err, GX_EINVAL, d->key, _("%s must be a number greater than %g and at most %g"),
			                    d->key, d->min, d->max);
		if (d->max_open)
			return gx_error_set(err, GX_EINVAL, d->key, _("%s must be a number of at least %g and less than %g"), d->key,
			                    d->min, d->max);
		return gx_error_set(err, GX_EINVAL, d->key, _("%s must be a number from %g to %g"), d->key, d->min, d->max);
	}
	case APP_SETTING_CHOICE:
		if (choice_index(d, value) >= 0)
			return GX_OK;
		char list[160];
		size_t k = 0;
		for (const char *p = d->choices; *p && k + 3 < sizeof list; p++) {
			if (*p == '|') {
				list[k++] = ',';
				list[k++] = ' ';
			} else
				list[k++] = *p;
		}
		list[k] = '\0';
		return gx_error_set(err, GX_EINVAL, d->key, _("%s must be one of %s"), d->key, list);
	default:
		return GX_OK;
	}
}

/* Text of an int field of app->settings that app_open filled. */
static bool operational_int(const struct app *app, const char *key, int *out)
{
	const struct app_settings *s = &app->settings;
	const struct {
		const char *k;
		int v;
	} ints[] = {
		{"pool_max_owned", s->pool_max_owned}, {"pool_max_claims_per_day", s->pool_max_claims_per_day},
		{"pool_cooldown_days", s->pool_cooldown_days}, {"pool_recycle_days", s->pool_recycle_days},
		{"recycle_bin_days", s->recycle_bin_days}, {"job_score_every_s", s->job_score_every_s},
		{"job_recycle_every_s", s->job_recycle_every_s}, {"job_webhooks_every_s", s->job_webhooks_every_s}, {"job_lease_s", s->job_lease_s},
		{"webhook_max_attempts", s->webhook_max_attempts}, {"webhook_backoff_s", s->webhook_backoff_s},
		{"webhook_timeout_s", s->webhook_timeout_s}, {"webhook_retention_days", s->webhook_retention_days},
		{"import_retention_days", s->import_retention_days},
	};
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		if (strcmp(ints[i].k, key) == 0) {
			*out = ints[i].v;
			return true;
		}
	return false;
}

enum gx_err app_setting_value(struct app *app, const struct app_setting_def *d, char *buf, size_t size,
                              struct gx_error *err)
{
	int found = 0;
	buf[0] = '\0';
	if (d->kind == APP_SETTING_SLA) {
		struct sla_config sla;
		enum gx_err e = app_sla_load(app, &sla, err);
		if (e != GX_OK)
			return e;
		int m = sla.minutes[sla_severity_index(d->key + strlen("sla_hours_"))];
		sla_config_free(&sla);
		if (m % 60 == 0)
			snprintf(buf, size, "%d", m / 60);
		else
			snprintf(buf, size, "%.4g", m / 60.0);
		return GX_OK;
	}
	if (d->kind == APP_SETTING_PERCENT) {
		int bp;
		enum gx_err e = app_quote_threshold(app, &bp, err);
		if (e == GX_OK)
			snprintf(buf, size, bp % 100 ? "%d.%02d" : "%d", bp / 100, bp % 100);
		return e;
	}
	enum gx_err e = store_setting_get(app->store, d->key, buf, size, &found, err);
	if (e != GX_OK || found)
		return e;
	int v;
	if (d->kind == APP_SETTING_WEEK)
		snprintf(buf, size, "mon-fri 09:00-18:00");
	else if (strcmp(d->key, "timezone") == 0)
		snprintf(buf, size, "%s", app->settings.timezone);
	else if (strcmp(d->key, "currency") == 0)
		snprintf(buf, size, "%s", app->settings.currency);
	else if (operational_int(app, d->key, &v))
		snprintf(buf, size, "%d", v);
	else
		snprintf(buf, size, "%s", d->def);
	return GX_OK;
}

/* Stores one value through its owner; the model parameters are checked and stored here. */
static enum gx_err apply_one(struct app *app, const struct app_setting_def *d, const char *value, struct gx_error *err)
{
	enum gx_err e;
	switch (d->kind) {
	case APP_SETTING_SLA:
		e = app_sla_set_hours(app, d->key + strlen("sla_hours_"), value, err);
		break;
	case APP_SETTING_WEEK:
		e = app_sla_set_week(app, value, err);
		break;
	case APP_SETTING_PERCENT:
		e = app_quote_threshold_set(app, value, err);
		break;
	default:
		if ((e = app_setting_check(d, value, err)) != GX_OK)
			break;
		e = d->model ? store_setting_set(app->store, d->key, value, err) : app_setting_set(app, d->key, value, err);
	}
	if (e != GX_OK) {
		if (!err->field[0] || strcmp(err->field, d->key) != 0)
			snprintf(err->field, sizeof err->field, "%s", d->key);
		return e;
	}
	if (d->kind == APP_SETTING_SLA || d->kind == APP_SETTING_WEEK)
		return GX_OK;   /* sla.c audits its own changes */
	json_t *c = json_pack("{s:s, s:s}", "key", d->key, "value", value);
	char *changes = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	e = app_audit_simple(app, "setting", "setting", 0, changes, 0, err);
	free(changes);
	return e;
}

/* lo must stay below hi (or at most hi when !strict). */
static const struct rule {
	const char *lo, *hi;
	bool strict;
} rules[] = {
	{"abc_a_pct", "abc_b_pct", true},
	{"lifecycle_p_alive_lost", "lifecycle_p_alive_decline", false},
	{"lifecycle_stable_low", "lifecycle_stable_high", true},
	{"loyalty_js_terrorist", "loyalty_js_midpoint", true},
	{"loyalty_js_midpoint", "loyalty_js_apostle", true},
};

static bool in_batch(size_t n, const char *const *keys, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

static enum gx_err check_rules(struct app *app, size_t n, const char *const *keys, struct gx_error *err)
{
	for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
		char lo_s[64], hi_s[64];
		enum gx_err e;
		if ((e = app_setting_value(app, app_setting_find(rules[r].lo), lo_s, sizeof lo_s, err)) != GX_OK ||
		    (e = app_setting_value(app, app_setting_find(rules[r].hi), hi_s, sizeof hi_s, err)) != GX_OK)
			return e;
		double lo = strtod(lo_s, NULL), hi = strtod(hi_s, NULL);
		if (rules[r].strict ? lo < hi : lo <= hi)
			continue;
		/* name the key the admin moved; both moved: the upper one */
		bool lo_moved = in_batch(n, keys, rules[r].lo), hi_moved = in_batch(n, keys, rules[r].hi);
		const char *field = lo_moved && !hi_moved ? rules[r].lo : rules[r].hi;
		if (rules[r].strict)
			return gx_error_set(err, GX_EINVAL, field, _("%s (%s) must be less than %s (%s)"), rules[r].lo, lo_s,
			                    rules[r].hi, hi_s);
		return gx_error_set(err, GX_EINVAL, field, _("%s (%s) must be at most %s (%s)"), rules[r].lo, lo_s,
		                    rules[r].hi, hi_s);
	}
	return GX_OK;
}

enum gx_err app_settings_change(struct app *app, size_t n, const char *const *keys, const char *const *values,
                                struct gx_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct app_setting_def *d = app_setting_find(keys[i]);
		enum gx_err e = d ? app_setting_check(d, values[i], err)
		                  : gx_error_set(err, GX_EINVAL, keys[i], _("unknown setting %s"), keys[i]);
		if (e != GX_OK)
			return e;
	}
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	for (size_t i = 0; i < n && e == GX_OK; i++)
		e = apply_one(app, app_setting_find(keys[i]), values[i], err);
	if (e == GX_OK)
		e = check_rules(app, n, keys, err);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	app_settings_load(app, NULL);   /* the in-memory copy may hold a rolled-back value */
	return e;
}
