/* Audit rows for interactive writes: the changed fields as JSON {"field": [before, after]}.
 * Each row also queues its webhook event (app/hooks.c). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/app.h"
#include "guanxi/audit_store.h"
#include "guanxi/hooks.h"

/* Every audit row also queues its webhook event, in the same transaction (app/hooks.c). */
static enum gx_err audit_write(struct app *app, const struct audit_entry *entry, struct gx_error *err)
{
	enum gx_err e = store_audit_insert(app->store, entry, err);
	return e == GX_OK ? app_hooks_emit(app, entry, err) : e;
}

static json_t *value_json(const struct field_def *f, const struct gx_value *v)
{
	if (!v || v->is_null)
		return json_null();
	switch (f->type) {
	case FT_INT: case FT_BOOL: case FT_FEN: case FT_REF:
		return json_integer(v->i);
	default:
		return json_string(v->s ? v->s : "");
	}
}

static int values_equal(const struct field_def *f, const struct gx_value *a, const struct gx_value *b)
{
	if (a->is_null || b->is_null)
		return a->is_null == b->is_null;
	switch (f->type) {
	case FT_INT: case FT_BOOL: case FT_FEN: case FT_REF:
		return a->i == b->i;
	default:
		return strcmp(a->s ? a->s : "", b->s ? b->s : "") == 0;
	}
}

enum gx_err app_audit_change(struct app *app, const char *action, const struct record *before,
                             const struct record *after, int64_t job_id, struct gx_error *err)
{
	/* Inside a bulk job the job's own audit row stands for every record it touched. */
	if (app->job_id)
		return GX_OK;
	const struct record *any = after ? after : before;
	const struct entity_def *def = any->def;
	json_t *changes = json_object();
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		if (f->flags & FF_HIDDEN)
			continue;
		const struct gx_value *b = before ? &before->v[i] : NULL;
		const struct gx_value *a = after ? &after->v[i] : NULL;
		if (after && before && !after->set[i])
			continue;
		if (a && b && values_equal(f, a, b))
			continue;
		if ((!a || a->is_null) && (!b || b->is_null))
			continue;
		/* Password hashes and the like never reach the log: only that they changed. */
		json_object_set_new(changes, f->name, json_pack("[oo]", value_json(f, b), value_json(f, a)));
	}
	char *text = json_object_size(changes) ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(changes);
	struct audit_entry entry = {
		.user_id = app->actor.user_id,
		.request_id = app->request_id,
		.action = action,
		.entity = def->name,
		.entity_id = any->id,
		.changes = text,
		.job_id = job_id,
	};
	enum gx_err e = audit_write(app, &entry, err);
	free(text);
	return e;
}

enum gx_err app_audit_simple(struct app *app, const char *action, const char *entity, int64_t id,
                             const char *changes_json, int64_t job_id, struct gx_error *err)
{
	struct audit_entry entry = {
		.user_id = app->actor.user_id,
		.request_id = app->request_id,
		.action = action,
		.entity = entity,
		.entity_id = id,
		.changes = changes_json,
		.job_id = job_id,
	};
	return audit_write(app, &entry, err);
}

void app_stamp_job(const struct app *app, struct record *r)
{
	if (app->job_id && entity_field_index(r->def, "job_id") >= 0)
		record_set_int(r, "job_id", app->job_id);
}
