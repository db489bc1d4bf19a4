/* Creating and changing the simple records (see include/guanxi/org.h). */
#include <string.h>

#include "guanxi/customer_store.h"
#include "guanxi/i18n.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"

static int has_search_fields(const struct entity_def *def)
{
	for (size_t i = 0; i < def->nfields; i++)
		if (def->fields[i].flags & FF_SEARCH)
			return 1;
	return 0;
}

static enum gx_err check_code_free(struct app *app, const struct record *r, struct gx_arena *a,
                                   struct gx_error *err)
{
	const struct entity_def *def = r->def;
	if (!def->code_field || record_is_null(r, def->code_field))
		return GX_OK;
	struct record other;
	int found = 0;
	enum gx_err e = store_record_find(app->store, def, def->code_field, record_text(r, def->code_field),
	                                  a, &other, &found, err);
	if (e == GX_OK && found && other.id != r->id)
		e = gx_error_set(err, GX_ECONFLICT, def->code_field, _("%s %s already exists"),
		                 gx_tr(def->label_en), record_text(r, def->code_field));
	return e;
}

/* A department may not become its own ancestor. */
static enum gx_err check_department_parent(struct app *app, const struct record *r,
                                           struct gx_arena *a, struct gx_error *err)
{
	if (r->def != &entity_department || record_is_null(r, "parent_id") || !r->id)
		return GX_OK;
	int64_t at = record_int(r, "parent_id");
	for (int depth = 0; at && depth < 1000; depth++) {
		if (at == r->id)
			return gx_error_set(err, GX_EINVAL, "parent_id", "%s",
			                    _("a department cannot be placed under itself or its own sub-department"));
		struct record p;
		enum gx_err e = store_record_get(app->store, &entity_department, at, a, &p, err);
		if (e != GX_OK)
			return e;
		at = record_int(&p, "parent_id");
	}
	return GX_OK;
}

static enum gx_err check_contact_customer(struct app *app, const struct record *r,
                                          struct gx_arena *a, struct gx_error *err)
{
	if (r->def != &entity_contact || record_is_null(r, "customer_id"))
		return GX_OK;
	struct record c;
	enum gx_err e = store_record_get(app->store, &entity_customer, record_int(r, "customer_id"), a, &c, err);
	if (e == GX_OK && c.deleted_at)
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                 record_text(&c, "code"));
	return e;
}

enum gx_err app_org_create(struct app *app, struct record *r, struct gx_arena *a, struct gx_error *err)
{
	if (r->def == &entity_user && record_is_null(r, "role"))
		record_set_text(r, "role", "sales");
	if (r->def == &entity_user && record_is_null(r, "display_name") && !record_is_null(r, "username"))
		record_set_text(r, "display_name", record_text(r, "username"));
	enum gx_err e = GX_OK;
	if (r->def == &entity_contact && record_is_null(r, "code")) {
		/* Contacts usually come without a code of their own: number them. */
		int64_t max_id = 0;
		if ((e = store_record_max_id(app->store, r->def, &max_id, err)) != GX_OK)
			return e;
		record_set_text(r, "code", gx_arena_printf(a, "CT%08lld", (long long)max_id + 1));
	}
	if ((e = app_record_check_required(r, err)) != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	app_stamp_job(app, r);
	r->id = 0;
	if ((e = check_code_free(app, r, a, err)) || (e = check_contact_customer(app, r, a, err)) ||
	    (e = store_record_insert(app->store, r, err)) ||
	    (has_search_fields(r->def) && (e = app_search_index(app, r, err))) ||
	    (e = app_audit_change(app, "create", NULL, r, 0, err))) {
		store_rollback(app->store);
		return e;
	}
	return store_commit(app->store, err);
}

enum gx_err app_org_update(struct app *app, struct record *patch, int64_t expected_version,
                           struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	if ((e = store_record_get(app->store, patch->def, patch->id, a, &before, err)) != GX_OK)
		goto fail;
	if (before.deleted_at) {
		e = gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld is in the recycle bin"),
		                 gx_tr(patch->def->label_en), (long long)patch->id);
		goto fail;
	}
	record_init(&after, patch->def, a);
	after.id = before.id;
	after.version = before.version;
	for (size_t i = 0; i < patch->def->nfields; i++) {
		after.v[i] = patch->set[i] ? patch->v[i] : before.v[i];
		after.set[i] = patch->set[i];
	}
	app_stamp_job(app, &after);
	if ((e = app_record_check_required(&after, err)) || (e = check_code_free(app, &after, a, err)) ||
	    (e = check_department_parent(app, &after, a, err)) ||
	    (e = check_contact_customer(app, &after, a, err)) ||
	    (e = store_record_update(app->store, &after, expected_version, err)) ||
	    (has_search_fields(after.def) && (e = app_search_index(app, &after, err))) ||
	    (e = app_audit_change(app, "update", &before, &after, 0, err)))
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		patch->version = after.version;
	return e;
fail:
	store_rollback(app->store);
	return e;
}
