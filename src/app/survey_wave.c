/* Survey waves (调查轮次): one round of a survey between an opening and a closing date in the
 * company's time zone, the 6- or 12-monthly schedule that dates the next round (seed001: a
 * satisfaction survey every half year or year), and closing a wave early. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/survey.h"
#include "guanxi/survey_store.h"

void app_survey_today(struct app *app, char out[11])
{
	struct gx_tz *tz = NULL;
	struct gx_error err;
	int32_t day;
	if (gx_tz_open(app->settings.timezone[0] ? app->settings.timezone : "Asia/Shanghai", &tz, &err) != GX_OK &&
	    gx_tz_open("Asia/Shanghai", &tz, &err) != GX_OK)
		day = (int32_t)(gx_now_ms() / GX_MS_PER_DAY);
	else
		day = gx_instant_local_date(gx_now_ms(), tz);
	gx_tz_free(tz);
	char buf[GX_DATE_FMT_SIZE];
	snprintf(out, 11, "%s", gx_date_format(day, buf));
}

const char *survey_wave_state(const struct survey_wave *w, const char *today)
{
	if (w->closed_at || strcmp(today, w->closes_on) > 0)
		return "closed";
	if (strcmp(today, w->opens_on) < 0)
		return "scheduled";
	return "open";
}

enum gx_err app_survey_wave_get(struct app *app, int64_t wave_id, struct gx_arena *a,
                                struct survey_wave *out, struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_survey_wave_get(app->store, wave_id, a, out, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "wave", _("there is no survey wave %lld"), (long long)wave_id);
	return e;
}

enum gx_err app_survey_wave_resolve(struct app *app, const char *code_or_id, int64_t *id,
                                    struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_survey_wave_find(app->store, code_or_id ? code_or_id : "", id, &found, err);
	if (e != GX_OK)
		return e;
	const char *s = code_or_id ? code_or_id : "";
	if (!found && *s && *s != '0' && strlen(s) <= 18 && strspn(s, "0123456789") == strlen(s)) {
		struct gx_arena a;
		gx_arena_init(&a, 4096);
		struct survey_wave w;
		*id = strtoll(s, NULL, 10);
		e = store_survey_wave_get(app->store, *id, &a, &w, &found, err);
		gx_arena_free(&a);
		if (e != GX_OK)
			return e;
	}
	if (!found)
		return gx_error_set(err, GX_ENOTFOUND, "wave", _("there is no survey wave \"%s\""), s);
	return GX_OK;
}

enum gx_err app_survey_wave_list(struct app *app, int64_t survey_id, struct gx_arena *a,
                                 struct survey_wave **rows, size_t *n, struct gx_error *err)
{
	return store_survey_wave_list(app->store, survey_id, a, rows, n, err);
}

enum gx_err app_survey_next_wave_date(struct app *app, int64_t survey_id, char out[11],
                                      struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct survey_def def;
	struct survey_wave *waves = NULL;
	size_t n = 0;
	enum gx_err e = app_survey_load(app, survey_id, &a, &def, err);
	if (e == GX_OK && def.schedule_months == 0)
		e = gx_error_set(err, GX_EINVAL, "schedule_months",
		                 _("survey %s has no schedule: set every 6 or 12 months, or give the wave's dates"),
		                 def.code);
	if (e == GX_OK)
		e = store_survey_wave_list(app->store, survey_id, &a, &waves, &n, err);
	if (e == GX_OK && n == 0)
		app_survey_today(app, out);
	else if (e == GX_OK) {
		int32_t d;
		char buf[GX_DATE_FMT_SIZE];
		if ((e = gx_date_parse(waves[n - 1].opens_on, &d, "opens_on", err)) == GX_OK)
			snprintf(out, 11, "%s", gx_date_format(gx_date_add_months(d, def.schedule_months), buf));
	}
	gx_arena_free(&a);
	return e;
}

static enum gx_err check_dates(const char *opens, const char *closes, struct gx_error *err)
{
	int32_t o, c;
	enum gx_err e = gx_date_parse(opens, &o, "opens_on", err);
	if (e == GX_OK)
		e = gx_date_parse(closes, &c, "closes_on", err);
	if (e == GX_OK && c < o)
		e = gx_error_set(err, GX_EINVAL, "closes_on", _("the wave closes on %s, before it opens on %s"), closes,
		                 opens);
	if (e == GX_OK && c - o > 366)
		e = gx_error_set(err, GX_EINVAL, "closes_on", "%s", _("a wave stays open at most 366 days"));
	return e;
}

enum gx_err app_survey_wave_create(struct app *app, int64_t survey_id, const char *code,
                                   const char *name, const char *opens_on, const char *closes_on,
                                   int64_t seed, struct survey_wave *out, struct gx_arena *a,
                                   struct gx_error *err)
{
	struct survey_def def;
	enum gx_err e = app_survey_load(app, survey_id, a, &def, err);
	if (e != GX_OK)
		return e;
	char today[11], closes[GX_DATE_FMT_SIZE];
	if (!opens_on || !*opens_on) {
		app_survey_today(app, today);
		opens_on = today;
	}
	int32_t o;
	if ((e = gx_date_parse(opens_on, &o, "opens_on", err)) != GX_OK)
		return e;
	if (!closes_on || !*closes_on)
		closes_on = gx_date_format(o + 30, closes);
	if ((e = check_dates(opens_on, closes_on, err)) != GX_OK)
		return e;
	if (code && (!*code || strlen(code) > 64 || strpbrk(code, " \t\r\n")))
		return gx_error_set(err, GX_EINVAL, "code", "%s", _("a wave code is 1–64 characters without spaces"));
	if (name && strlen(name) > 200)
		return gx_error_set(err, GX_EINVAL, "name", "%s", _("a wave name is at most 200 characters"));
	if (seed < 0 || seed > 2147483647)
		return gx_error_set(err, GX_EINVAL, "seed", "%s", _("the seed is a whole number 0–2147483647"));
	if (seed == 0)
		seed = 1 + (int64_t)randombytes_uniform(2147483646u);
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	struct survey_wave *waves;
	size_t n = 0;
	if ((e = store_survey_wave_list(app->store, survey_id, a, &waves, &n, err)) != GX_OK)
		goto fail;
	if (!code)
		code = gx_arena_printf(a, "%s-W%zu", def.code, n + 1);
	int64_t other;
	int found = 0;
	if ((e = store_survey_wave_find(app->store, code, &other, &found, err)) != GX_OK)
		goto fail;
	if (found) {
		e = gx_error_set(err, GX_ECONFLICT, "code", _("a survey wave with the code %s exists already"), code);
		goto fail;
	}
	memset(out, 0, sizeof *out);
	out->survey_id = survey_id;
	out->code = gx_arena_strdup(a, code);
	out->name = name ? gx_arena_strdup(a, name) : NULL;
	out->opens_on = gx_arena_strdup(a, opens_on);
	out->closes_on = gx_arena_strdup(a, closes_on);
	out->seed = seed;
	if ((e = store_survey_wave_insert(app->store, out, err)) != GX_OK)
		goto fail;
	const char *changes = gx_arena_printf(a, "{\"opens_on\": [null, \"%s\"], \"closes_on\": [null, \"%s\"]}",
	                                      out->opens_on, out->closes_on);
	if ((e = app_survey_audit(app, "create", "survey_wave", out->id, changes, 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_survey_wave_close(struct app *app, int64_t wave_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct survey_wave w;
	enum gx_err e = app_survey_wave_get(app, wave_id, &a, &w, err);
	char now[32];
	gx_now_iso(now);
	if (e == GX_OK)
		e = store_begin(app->store, err);
	if (e == GX_OK) {
		int changed = 0;
		e = store_survey_wave_close(app->store, wave_id, now, &changed, err);
		if (e == GX_OK && !changed)
			e = gx_error_set(err, GX_ECONFLICT, "wave", _("survey wave %s was closed already"), w.code);
		if (e == GX_OK)
			e = app_survey_audit(app, "close", "survey_wave", wave_id, NULL, 0, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}
