/* The import wizard's runs as the user acts on them (see guanxi/import_runs.h): upload, column
 * mapping, queueing a preview or the import, reading the run and its rejected rows. Nothing is
 * kept in this process: each call reads and writes the run's rows, so the next step of the
 * wizard may go to any server. The background side (claiming and executing a queued run) is in
 * import_runs_exec.c. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/import_runs.h"
#include "guanxi/import_runs_store.h"
#include "guanxi/order.h"

/* Importing into an entity needs both create and update on it (re-runs update by code). */
static enum gx_err import_allowed(struct app *app, const struct entity_def *def, struct gx_error *err)
{
	enum gx_err e = app_access_check(app, def->name, ACCESS_CREATE, err);
	return e == GX_OK ? app_access_check(app, def->name, ACCESS_UPDATE, err) : e;
}

static int is_admin(const struct app *app)
{
	return app->actor.user_id == 0 || strcmp(app->actor.role, "admin") == 0;
}

enum gx_err app_import_run_create(struct app *app, const struct entity_def *def, const char *data,
                                  size_t len, const struct import_run_flags *fl, int64_t *id,
                                  struct gx_error *err)
{
	*id = 0;
	enum gx_err e = import_allowed(app, def, err);
	if (e != GX_OK)
		return e;
	if (!data || len == 0)
		return gx_error_set(err, GX_EINVAL, "file", "%s", _("the request body must be the CSV or .xlsx file to import"));
	struct import_run r = {
		.user_id = app->actor.user_id, .role = app->actor.role, .department_id = app->actor.department_id,
		.team_id = app->actor.team_id, .lang = gx_lang_tag(gx_i18n_lang()), .entity = def->name,
		.status = fl->queue ? "queued" : "uploaded", .dry_run = fl->dry_run, .all_or_nothing = fl->all_or_nothing,
		.force = fl->force, .xlsx = len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0, .file_size = (int64_t)len,
		.imported = fl->queue && !fl->dry_run,
	};
	char now[32];
	gx_now_iso(now);
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	e = store_import_run_insert(app->store, &r, now, id, err);
	size_t cap = sodium_base64_ENCODED_LEN(IMPORT_RUN_CHUNK, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = gx_xmalloc(cap);
	for (size_t off = 0, seq = 0; e == GX_OK && off < len; off += IMPORT_RUN_CHUNK, seq++) {
		size_t n = len - off < IMPORT_RUN_CHUNK ? len - off : IMPORT_RUN_CHUNK;
		sodium_bin2base64(b64, cap, (const unsigned char *)data + off, n, sodium_base64_VARIANT_ORIGINAL);
		e = store_import_run_chunk_put(app->store, *id, "upload", (int64_t)seq, b64, err);
	}
	free(b64);
	if (e == GX_OK)
		return store_commit(app->store, err);
	store_rollback(app->store);
	*id = 0;
	return e;
}

/* The run if the actor may see it: its starter and admins; anyone else is told it does not
 * exist, so that run ids reveal nothing. */
static enum gx_err run_load(struct app *app, int64_t id, struct gx_arena *a, struct import_run *r,
                            struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_import_run_get(app->store, id, a, r, &found, err);
	if (e != GX_OK)
		return e;
	if (!found || (!is_admin(app) && r->user_id != app->actor.user_id))
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("no import run %lld"), (long long)id);
	return GX_OK;
}

enum gx_err app_import_run_get(struct app *app, int64_t id, struct gx_arena *a, struct import_run *r,
                               struct gx_error *err)
{
	return run_load(app, id, a, r, err);
}

/* May the entity's import header name this field? The same names the importer matches. */
static int field_known(const struct entity_def *def, const char *name)
{
	const struct entity_def *defs[2] = {def, def == &entity_order ? &entity_order_line : NULL};
	for (int d = 0; d < 2 && defs[d]; d++)
		for (size_t i = 0; i < defs[d]->nfields; i++)
			if (!(defs[d]->fields[i].flags & FF_HIDDEN) && strcmp(defs[d]->fields[i].name, name) == 0)
				return 1;
	return def == &entity_order && strcmp(name, "line_discount") == 0;
}

/* Why a run refuses a new job or mapping. */
static enum gx_err refused(const struct import_run *r, struct gx_error *err)
{
	if (r->imported)
		return gx_error_set(err, GX_ECONFLICT, NULL, "%s",
		                    _("this file was already imported; upload it again to import it once more"));
	return gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("a job of this import is queued or running; wait for it to finish"));
}

enum gx_err app_import_run_set_mapping(struct app *app, int64_t id, const char *const *fields, size_t n,
                                       struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct import_run r;
	enum gx_err e = run_load(app, id, &a, &r, err);
	const struct entity_def *def = e == GX_OK ? import_entity(r.entity) : NULL;
	if (e == GX_OK && !def)
		e = gx_error_set(err, GX_EINTERNAL, NULL, "import run %lld names no importable entity", (long long)id);
	if (e == GX_OK && r.xlsx)
		e = gx_error_set(err, GX_EINVAL, "columns", "%s",
		                 _("a column mapping applies to CSV files; a workbook's columns are matched by its header row"));
	if (e == GX_OK && (n == 0 || n > 1000))
		e = gx_error_set(err, GX_EINVAL, "columns", "%s", _("columns must list 1 to 1000 fields, one per column of the file"));
	json_t *arr = json_array();
	for (size_t i = 0; e == GX_OK && i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		if (*f && !field_known(def, f)) {
			e = gx_error_set(err, GX_EINVAL, "columns", _("column %zu: %s is not a field of %s"), i + 1, f, def->table);
			break;
		}
		for (size_t k = 0; *f && k < i; k++)
			if (fields[k] && strcmp(fields[k], f) == 0) {
				e = gx_error_set(err, GX_EINVAL, "columns", _("column %zu maps to %s as column %zu does"), i + 1, f, k + 1);
				break;
			}
		json_array_append_new(arr, json_string(f));
	}
	if (e == GX_OK) {
		char *text = json_dumps(arr, JSON_COMPACT);
		int64_t changes = 0;
		e = store_import_run_set_mapping(app->store, id, text, &changes, err);
		free(text);
		if (e == GX_OK && changes != 1)
			e = refused(&r, err);
	}
	json_decref(arr);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_import_run_queue(struct app *app, int64_t id, int dry_run, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct import_run r;
	enum gx_err e = run_load(app, id, &a, &r, err);
	const struct entity_def *def = e == GX_OK ? import_entity(r.entity) : NULL;
	if (e == GX_OK && !def)
		e = gx_error_set(err, GX_EINTERNAL, NULL, "import run %lld names no importable entity", (long long)id);
	/* the permission table may have changed since the upload */
	if (e == GX_OK)
		e = import_allowed(app, def, err);
	int64_t changes = 0;
	if (e == GX_OK && (e = store_import_run_queue(app->store, id, dry_run, &changes, err)) == GX_OK && changes != 1)
		e = refused(&r, err);
	gx_arena_free(&a);
	return e;
}

struct concat {
	char *buf;
	size_t len, cap;
};

static int concat_chunk(void *ctx, const char *b64)
{
	struct concat *c = ctx;
	size_t n = strlen(b64), need = c->len + n / 4 * 3 + 4;   /* and a NUL */
	if (need > c->cap) {
		c->cap = need * 2;
		c->buf = gx_xrealloc(c->buf, c->cap);
	}
	size_t got = 0;
	if (sodium_base642bin((unsigned char *)c->buf + c->len, c->cap - c->len, b64, n, NULL, &got, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return 1;
	c->len += got;
	return 0;
}

enum gx_err app_import_run_rejected(struct app *app, int64_t id, char **data, size_t *len,
                                    struct gx_error *err)
{
	*data = NULL;
	*len = 0;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct import_run r;
	enum gx_err e = run_load(app, id, &a, &r, err);
	if (e == GX_OK && (!strcmp(r.status, "queued") || !strcmp(r.status, "running")))
		e = gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("the import is still running"));
	struct concat c = {0};
	if (e == GX_OK)
		e = store_import_run_chunks_each(app->store, id, "rejected", concat_chunk, &c, err);
	if (e == GX_OK && c.len == 0)
		e = gx_error_set(err, GX_ENOTFOUND, NULL, "%s", _("this import wrote no rejected rows"));
	gx_arena_free(&a);
	if (e != GX_OK) {
		free(c.buf);
		return e;
	}
	c.buf[c.len] = '\0';
	*data = c.buf;
	*len = c.len;
	return GX_OK;
}

enum gx_err app_import_runs_purge(struct app *app, const char *before, int64_t *n, struct gx_error *err)
{
	if (!is_admin(app))
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only an admin can purge import runs"));
	return store_import_runs_purge(app->store, before, n, err);
}
