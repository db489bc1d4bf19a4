/* Knowledge snippets and the lookups by code the service commands share (see
 * include/guanxi/kb.h). */
#include "guanxi/kb.h"

#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"

enum gx_err app_kb_create(struct app *app, struct record *r, struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e;
	if (record_is_null(r, "code")) {
		int64_t max_id = 0;
		if ((e = store_record_max_id(app->store, &entity_kb_snippet, &max_id, err)) != GX_OK)
			return e;
		record_set_text(r, "code", gx_arena_printf(a, "KB%05lld", (long long)max_id + 1));
	}
	if (record_is_null(r, "active"))
		record_set_int(r, "active", 1);
	if (app->actor.user_id)
		record_set_int(r, "created_by", app->actor.user_id);
	return app_org_create(app, r, a, err);
}

enum gx_err app_kb_update(struct app *app, struct record *patch, int64_t expected_version, struct gx_arena *a,
                          struct gx_error *err)
{
	return app_org_update(app, patch, expected_version, a, err);
}

enum gx_err app_kb_delete(struct app *app, int64_t id, struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before;
	if ((e = store_record_get(app->store, &entity_kb_snippet, id, a, &before, err)) == GX_OK && before.deleted_at)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("knowledge snippet %s is already in the recycle bin"),
		                 record_text(&before, "code"));
	if (e == GX_OK && (e = store_record_set_deleted(app->store, &entity_kb_snippet, id, 1, err)) == GX_OK &&
	    (e = app_audit_change(app, "delete", &before, NULL, 0, err)) == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	return e;
}

enum gx_err app_kb_search(struct app *app, const char *text, const char *category, int limit,
                          struct gx_arena *a, struct record **rows, size_t *n, struct gx_error *err)
{
	*rows = NULL;
	*n = 0;
	const char *t = text ? text : "";
	while (*t == ' ' || *t == '\t')
		t++;
	if (!*t)
		return gx_error_set(err, GX_EINVAL, "q", "%s", _("give the text to search the knowledge snippets for"));
	if (limit < 1 || limit > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", _("limit must be from 1 to 1000, not %d"), limit);
	if (strlen(t) > 200)
		return gx_error_set(err, GX_EINVAL, "q", "%s", _("the search text is longer than 200 bytes"));
	const struct entity_def *def = &entity_kb_snippet;
	struct filter_node *f = filter_cond_int(a, def, "active", FILTER_EQ, 1);
	if (category && *category) {
		const struct field_def *cf = entity_field(def, "category");
		int ok = 0;
		for (int i = 0; cf->choices[i]; i++)
			ok |= strcmp(cf->choices[i], category) == 0;
		if (!ok)
			return gx_error_set(err, GX_EINVAL, "category", _("category \"%s\" is not one of the ticket categories"),
			                    category);
		f = filter_and(a, f, filter_cond_text(a, def, "category", FILTER_EQ, category));
	}
	/* Title matches first, then matches in the answer only. */
	struct record *out = NULL;
	size_t count = 0;
	for (int pass = 0; pass < 2 && (int)count < limit; pass++) {
		struct filter_node *title = filter_cond_text(a, def, "title", FILTER_CONTAINS, t);
		struct filter_node *cond;
		if (pass == 0) {
			cond = title;
		} else {
			struct filter_node *not_title = gx_arena_calloc(a, 1, sizeof *not_title);
			not_title->op = FILTER_NOT;
			not_title->left = title;
			cond = filter_and(a, filter_cond_text(a, def, "body", FILTER_CONTAINS, t), not_title);
		}
		struct store_list_query q = {.filter = filter_and(a, f, cond), .deleted = STORE_LIVE,
		                             .limit = limit - (int)count, .sort_field = "id"};
		struct store_list_result res;
		enum gx_err e = store_record_list(app->store, def, &q, a, &res, err);
		if (e != GX_OK)
			return e;
		struct record *grown = gx_arena_calloc(a, count + res.count + 1, sizeof *grown);
		if (count)
			memcpy(grown, out, count * sizeof *grown);
		memcpy(grown + count, res.rows, res.count * sizeof *grown);
		out = grown;
		count += res.count;
	}
	*rows = out;
	*n = count;
	return GX_OK;
}

static enum gx_err resolve(struct app *app, const struct entity_def *def, const char *field, const char *text,
                           int64_t *id, struct gx_error *err)
{
	int64_t got = 0;
	int deleted = 0, found = 0;
	enum gx_err e = store_record_lookup(app->store, def, field, text ? text : "", 0, &got, &deleted, &found, err);
	if (e == GX_OK && !found) {
		char *end;
		long long v = text ? strtoll(text, &end, 10) : 0;
		if (v > 0 && !*end)
			e = store_record_lookup(app->store, def, NULL, text, v, &got, &deleted, &found, err);
	}
	if (e == GX_OK && !found)
		return gx_error_set(err, GX_ENOTFOUND, def->name, _("no %s with %s or id %s"), gx_tr(def->label_en), field,
		                    text ? text : "");
	*id = got;
	return e;
}

enum gx_err app_ticket_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err)
{
	return resolve(app, &entity_ticket, "code", id_or_code, id, err);
}

enum gx_err app_kb_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err)
{
	return resolve(app, &entity_kb_snippet, "code", id_or_code, id, err);
}

enum gx_err app_user_resolve(struct app *app, const char *name_or_id, int64_t *id, struct gx_error *err)
{
	return resolve(app, &entity_user, "username", name_or_id, id, err);
}
