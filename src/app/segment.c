/* Segments (客户细分): saved customer filters. A filter may name the customer's own fields and
 * the extension fields of store_customer_ext_fields (scores, tags, clubs, points, campaigns);
 * it is checked by rendering it (a count) before it is saved, so a stored segment always runs.
 * The live count, the member list and the export all run the same filter. */
#include <string.h>

#include "app/marketing_internal.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing.h"
#include "guanxi/marketing_store.h"
#include "guanxi/record_store.h"

enum gx_err app_segment_parse(const char *text, struct gx_arena *a, struct filter_node **out,
                              struct gx_error *err)
{
	return filter_parse_ext(text, &entity_customer, store_customer_ext_fields, a, out, err);
}

static enum gx_err count_filter(struct app *app, struct filter_node *f, int64_t *count,
                                struct gx_error *err)
{
	struct store_list_query q = {.filter = f, .deleted = STORE_LIVE};
	return store_record_count(app->store, &entity_customer, &q, count, err);
}

enum gx_err app_segment_count_text(struct app *app, const char *text, int64_t *count,
                                   struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct filter_node *f;
	enum gx_err e = app_segment_parse(text, &a, &f, err);
	if (e == GX_OK)
		e = count_filter(app, f, count, err);
	gx_arena_free(&a);
	return e;
}

/* The filter must parse and run; the error keeps the parser's message (field and position). */
static enum gx_err check_filter(struct app *app, const char *text, struct gx_error *err)
{
	int64_t n;
	return app_segment_count_text(app, text, &n, err);
}

enum gx_err app_segment_create(struct app *app, struct record *in, struct gx_arena *a,
                               struct gx_error *err)
{
	enum gx_err e = app_record_check_required(in, err);
	if (e != GX_OK || (e = check_filter(app, record_text(in, "filter"), err)) != GX_OK)
		return e;
	if (app->actor.user_id)
		record_set_int(in, "created_by", app->actor.user_id);
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	if ((e = mk_code_free(app, &entity_segment, record_text(in, "code"), 0, err)) == GX_OK &&
	    (e = store_record_insert(app->store, in, err)) == GX_OK &&
	    (e = app_audit_change(app, "create", NULL, in, 0, err)) == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_segment_update(struct app *app, struct record *patch, int64_t expected_version,
                               struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e;
	if (patch->set[entity_field_index(&entity_segment, "filter")] &&
	    (e = check_filter(app, record_text(patch, "filter") ? record_text(patch, "filter") : "", err)) != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	struct record before, after;
	if ((e = mk_load_live(app, &entity_segment, patch->id, a, &before, err)) != GX_OK)
		goto fail;
	mk_apply_patch(&before, patch, a, &after);
	if ((e = app_record_check_required(&after, err)) != GX_OK)
		goto fail;
	if (patch->set[entity_field_index(&entity_segment, "code")] &&
	    (e = mk_code_free(app, &entity_segment, record_text(&after, "code"), after.id, err)) != GX_OK)
		goto fail;
	if ((e = store_record_update(app->store, &after, expected_version, err)) != GX_OK ||
	    (e = app_audit_change(app, "update", &before, &after, 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_segment_delete(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record before;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = mk_load_live(app, &entity_segment, id, &a, &before, err)) == GX_OK &&
	    (e = store_record_set_deleted(app->store, &entity_segment, id, 1, err)) == GX_OK &&
	    (e = app_audit_change(app, "delete", &before, NULL, 0, err)) == GX_OK)
		e = store_commit(app->store, err);
	else
		store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_segment_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                struct gx_error *err)
{
	return mk_resolve(app, &entity_segment, id_or_code, id, err);
}

enum gx_err app_segment_load(struct app *app, int64_t id, struct gx_arena *a, struct record *out,
                             struct filter_node **filter, struct gx_error *err)
{
	enum gx_err e = mk_load_live(app, &entity_segment, id, a, out, err);
	if (e == GX_OK && filter) {
		e = app_segment_parse(record_text(out, "filter"), a, filter, err);
		if (e != GX_OK)
			gx_error_prefix(err, _("segment %s: "), record_text(out, "code"));
	}
	return e;
}

enum gx_err app_segment_count(struct app *app, int64_t id, int64_t *count, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	struct filter_node *f;
	enum gx_err e = app_segment_load(app, id, &a, &r, &f, err);
	if (e == GX_OK)
		e = count_filter(app, f, count, err);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_segment_export(struct app *app, int64_t id, const char *path,
                               enum export_format format, size_t *rows, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	struct filter_node *f;
	enum gx_err e = app_segment_load(app, id, &a, &r, &f, err);
	if (e == GX_OK) {
		struct export_opts o = {.format = format, .filter = f, .bom = format == EXPORT_CSV};
		e = app_export(app, &entity_customer, path, &o, rows, err);
	}
	gx_arena_free(&a);
	return e;
}
