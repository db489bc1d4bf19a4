/* Helpers shared by the sales files of app/ (see sales_internal.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/sales_internal.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"

enum gx_err sales_next_code(struct app *app, const struct entity_def *def, const char *prefix,
                            struct gx_arena *a, const char **code, struct gx_error *err)
{
	int64_t max_id = 0;
	enum gx_err e = store_record_max_id(app->store, def, &max_id, err);
	if (e != GX_OK)
		return e;
	/* Skip codes a user already took by hand. */
	for (int64_t n = max_id + 1;; n++) {
		const char *c = gx_arena_printf(a, "%s%08lld", prefix, (long long)n);
		int found = 0, deleted = 0;
		int64_t id;
		if ((e = store_record_lookup(app->store, def, def->code_field, c, 0, &id, &deleted, &found, err)))
			return e;
		if (!found) {
			*code = c;
			return GX_OK;
		}
	}
}

enum gx_err sales_today(struct app *app, char out[11], int32_t *days, struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	int32_t d = gx_instant_local_date(gx_now_ms(), tz);
	gx_tz_free(tz);
	char buf[GX_DATE_FMT_SIZE];
	memcpy(out, gx_date_format(d, buf), 11);
	if (days)
		*days = d;
	return GX_OK;
}

enum gx_err sales_local_date(struct app *app, const char *instant, int32_t *days, struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	int64_t ms;
	e = gx_instant_parse(instant, tz, &ms, "created_at", err);
	if (e == GX_OK)
		*days = gx_instant_local_date(ms, tz);
	gx_tz_free(tz);
	return e;
}

enum gx_err sales_resolve(struct app *app, const struct entity_def *def, const char *text,
                          const char *field, int64_t *id, struct gx_error *err)
{
	if (sales_blank(text))
		return gx_error_set(err, GX_EINVAL, field, _("%s: no %s given"), field, gx_tr(def->label_en));
	int found = 0, deleted = 0;
	enum gx_err e = GX_OK;
	if (def->code_field &&
	    (e = store_record_lookup(app->store, def, def->code_field, text, 0, id, &deleted, &found, err)))
		return e;
	if (!found) {
		const char *num = text[0] == '#' ? text + 1 : text;
		char *end;
		long long v = strtoll(num, &end, 10);
		if (*num && !*end && v > 0 &&
		    (e = store_record_lookup(app->store, def, NULL, NULL, v, id, &deleted, &found, err)))
			return e;
	}
	if (!found || deleted)
		return gx_error_set(err, GX_ENOTFOUND, field, _("%s: no %s \"%s\""), field,
		                    gx_tr(def->label_en), text);
	return GX_OK;
}

enum gx_err sales_get_live(struct app *app, const struct entity_def *def, int64_t id,
                           struct gx_arena *a, struct record *r, struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, def, id, a, r, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_ENOTFOUND, "id", _("no %s with id %lld"), gx_tr(def->label_en), (long long)id);
	if (e == GX_OK && r->deleted_at)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("%s %lld is in the recycle bin"),
		                 gx_tr(def->label_en), (long long)id);
	return e;
}

int sales_is_manager(const struct app *app)
{
	return app->actor.user_id == 0 || strcmp(app->actor.role, "admin") == 0 ||
	       strcmp(app->actor.role, "manager") == 0;
}

int sales_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

enum gx_err sales_audit_status(struct app *app, const char *action, const char *entity, int64_t id,
                               const char *from, const char *to, const char *reason,
                               struct gx_error *err)
{
	json_t *o = json_pack("{s:[s?,s?]}", "status", from, to);
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	char *txt = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	enum gx_err e = app_audit_simple(app, action, entity, id, txt, 0, err);
	free(txt);
	return e;
}

void sales_set(struct record *r, const char *field, const char *text)
{
	if (text)
		record_set_text(r, field, text);
	else
		record_set_null(r, field);
}

enum gx_err sales_notify_owner(struct app *app, const struct record *r, int64_t user_id, struct gx_arena *a,
                               struct gx_error *err)
{
	if (!user_id || user_id == app->actor.user_id)
		return GX_OK;
	const char *name = record_text(r, "name") ? record_text(r, "name") : "";
	const char *code = record_text(r, "code") ? record_text(r, "code") : "";
	const char *text = r->def == &entity_lead
	                       ? gx_arena_printf(a, _("lead %s was assigned to you: %s"), code, name)
	                       : gx_arena_printf(a, _("opportunity %s was assigned to you: %s"), code, name);
	return app_notify(app, user_id, "assignment", r->def->name, r->id, text, err);
}
