/* The small shared helpers of the marketing and loyalty use cases (see marketing_internal.h). */
#include "app/marketing_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing.h"
#include "guanxi/record_store.h"

enum gx_err mk_load_live(struct app *app, const struct entity_def *def, int64_t id,
                         struct gx_arena *a, struct record *out, struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, def, id, a, out, err);
	if (e == GX_OK && out->deleted_at)
		e = GX_ENOTFOUND;
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_ENOTFOUND, def->name, _("no %s with id %lld"), def->name,
		                    (long long)id);
	return e;
}

enum gx_err mk_resolve(struct app *app, const struct entity_def *def, const char *id_or_code,
                       int64_t *id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	int found = 0;
	enum gx_err e = store_record_find(app->store, def, def->code_field, id_or_code, &a, &r, &found, err);
	if (e == GX_OK && found && !r.deleted_at) {
		*id = r.id;
	} else if (e == GX_OK) {
		char *end;
		long long v = strtoll(id_or_code, &end, 10);
		if (!found && *id_or_code && !*end && v > 0 && mk_load_live(app, def, v, &a, &r, err) == GX_OK)
			*id = v;
		else
			e = gx_error_set(err, GX_ENOTFOUND, def->name, _("no %s with code or id %s"), def->name,
			                 id_or_code);
	}
	gx_arena_free(&a);
	return e;
}

void mk_apply_patch(const struct record *before, const struct record *patch, struct gx_arena *a,
                    struct record *after)
{
	record_init(after, before->def, a);
	after->id = before->id;
	after->version = before->version;
	after->created_at = before->created_at;
	for (size_t i = 0; i < before->def->nfields; i++) {
		after->v[i] = patch->set[i] ? patch->v[i] : before->v[i];
		after->set[i] = patch->set[i];
	}
}

enum gx_err mk_today(struct app *app, char out[16], struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	char buf[GX_DATE_FMT_SIZE];
	snprintf(out, 16, "%s", gx_date_format(gx_instant_local_date(gx_now_ms(), tz), buf));
	gx_tz_free(tz);
	return GX_OK;
}

enum gx_err mk_local_date(struct app *app, const char *instant, char out[16], struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	int64_t ms;
	if ((e = gx_instant_parse(instant, tz, &ms, "instant", err)) == GX_OK) {
		char buf[GX_DATE_FMT_SIZE];
		snprintf(out, 16, "%s", gx_date_format(gx_instant_local_date(ms, tz), buf));
	}
	gx_tz_free(tz);
	return e;
}

enum gx_err mk_code_free(struct app *app, const struct entity_def *def, const char *code,
                         int64_t self_id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	int found = 0;
	enum gx_err e = store_record_find(app->store, def, def->code_field, code, &a, &r, &found, err);
	if (e == GX_OK && found && r.id != self_id)
		e = gx_error_set(err, GX_ECONFLICT, def->code_field, _("%s code %s is already taken"),
		                 def->name, code);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_marketing_resolve(struct app *app, const struct entity_def *def, const char *id_or_code,
                                  int64_t *id, struct gx_error *err)
{
	return mk_resolve(app, def, id_or_code, id, err);
}

enum gx_err app_marketing_load(struct app *app, const struct entity_def *def, int64_t id,
                               struct gx_arena *a, struct record *out, struct gx_error *err)
{
	return mk_load_live(app, def, id, a, out, err);
}

enum gx_err mk_audit(struct app *app, const char *action, const char *entity, int64_t id,
                     const char *changes_json, struct gx_error *err)
{
	if (app->job_id)
		return GX_OK;
	return app_audit_simple(app, action, entity, id, changes_json, 0, err);
}

void mk_error_field(struct gx_error *err, const char *field)
{
	gx_error_prefix(err, "%s: ", field);
	snprintf(err->field, sizeof err->field, "%s", field);
}

enum gx_err mk_audit_json(struct app *app, const char *action, const char *entity, int64_t id,
                          json_t *changes, struct gx_error *err)
{
	char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(changes);
	enum gx_err e = mk_audit(app, action, entity, id, text, err);
	free(text);
	return e;
}
