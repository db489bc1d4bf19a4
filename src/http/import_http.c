/* The import wizard's endpoints (PRODUCT.md "Import"). The file arrives as the raw request body
 * (CSV or .xlsx, up to the server's body limit) and is stored in the database with the run
 * (guanxi/import_runs.h); mapping its columns, previewing it (a dry run, rolled back),
 * starting it, polling its progress and downloading its rejected rows are each a request of
 * their own that any server answers from the database, and the preview and the import run in
 * the background on whichever server claims them. Nothing of a run lives in this process. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/import_runs.h"
#include "http/http.h"

#define ENTITY_CHOICES "entity must be one of customers, contacts, products, categories, orders, interactions, users, departments, teams"

static int flag(const struct http_req *rq, const char *name)
{
	const char *v = http_query(rq, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* The run as the API shows it (docs/openapi.yaml ImportRun). */
static json_t *run_json(const struct import_run *r)
{
	const struct entity_def *def = import_entity(r->entity);
	json_t *errors = json_array();
	for (size_t i = 0; i < r->nerrors; i++)
		json_array_append_new(errors, json_pack("{s:I, s:I, s:s}", "line", (json_int_t)r->errors[i].line, "column",
		                                        (json_int_t)r->errors[i].column, "reason", r->errors[i].reason));
	json_t *mapping = NULL;
	if (r->mapping) {
		json_error_t je;
		mapping = json_loads(r->mapping, 0, &je);
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:b, s:s, s:I, s:o, s:I, s:I, s:I, s:o, s:s, s:s?, s:s?}", "id",
	                      (json_int_t)r->id, "status", r->status, "entity", def ? def->table : r->entity,
	                      "dry_run", r->dry_run, "format", r->xlsx ? "xlsx" : "csv", "file_size",
	                      (json_int_t)r->file_size, "mapping", mapping ? mapping : json_null(), "rows",
	                      (json_int_t)r->rows, "lines_done", (json_int_t)r->lines_done, "lines_total",
	                      (json_int_t)r->lines_total, "errors", errors, "created_at", r->created_at,
	                      "started_at", r->started_at, "finished_at", r->finished_at);
	if (!strcmp(r->status, "done")) {
		json_object_set_new(j, "created", json_integer((json_int_t)r->created));
		json_object_set_new(j, "updated", json_integer((json_int_t)r->updated));
		json_object_set_new(j, "rejected", json_integer((json_int_t)r->rejected));
		json_object_set_new(j, "rolled_back", json_boolean(r->rolled_back || r->dry_run));
		json_object_set_new(j, "ignored_columns", json_string(r->ignored_columns ? r->ignored_columns : ""));
		json_object_set_new(j, "encoding", json_string(r->encoding ? r->encoding : ""));
		if (!r->dry_run && r->job_id)
			json_object_set_new(j, "job_id", json_integer((json_int_t)r->job_id));
	} else if (!strcmp(r->status, "failed")) {
		json_object_set_new(j, "error", json_pack("{s:s, s:s, s:s?}", "code", r->error_code ? r->error_code : "internal",
		                                          "message", r->error_message ? r->error_message : "", "field",
		                                          r->error_field));
	}
	return j;
}

/* Answers the run id with status. */
static enum gx_err answer_run(struct http_req *rq, struct http_resp *rs, int64_t id, int status, struct gx_error *err)
{
	struct import_run r;
	enum gx_err e = app_import_run_get(rq->app, id, rq->arena, &r, err);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, status, run_json(&r));
	return GX_OK;
}

/* POST /api/v1/imports?entity=customers[&dry_run=1][&all_or_nothing=1][&force=1][&hold=1], the
 * file as the body: the run, 202 with its first job queued, or 201 with hold (upload only; map,
 * preview and start it next). */
enum gx_err h_import_start(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *name = http_query(rq, "entity");
	const struct entity_def *def = name ? import_entity(name) : NULL;
	if (!def)
		return gx_error_set(err, GX_EINVAL, "entity", "%s", _(ENTITY_CHOICES));
	struct import_run_flags fl = {.dry_run = flag(rq, "dry_run"), .all_or_nothing = flag(rq, "all_or_nothing"),
	                              .force = flag(rq, "force"), .queue = !flag(rq, "hold")};
	int64_t id = 0;
	enum gx_err e = app_import_run_create(rq->app, def, rq->body, rq->body_len, &fl, &id, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/imports/%lld", (long long)id));
	return answer_run(rq, rs, id, fl.queue ? 202 : 201, err);
}

/* GET /api/v1/imports/{id}: status, progress (lines read of the file's lines), counts and the
 * first IMPORT_RUN_MAX_ERRORS rejected rows, from any server. */
enum gx_err h_import_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return answer_run(rq, rs, rq->ids[0], 200, err);
}

/* PUT /api/v1/imports/{id}/mapping {"columns": ["code", "", "name", …]}: a field (or "" to
 * ignore) per column of the CSV's header row. */
enum gx_err h_import_mapping(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body = NULL;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *cols = json_object_get(body, "columns");
	size_t n = json_is_array(cols) ? json_array_size(cols) : 0;
	if (!json_is_array(cols))
		e = gx_error_set(err, GX_EINVAL, "columns", "%s", _("columns must be an array of field names, \"\" for a column to ignore"));
	const char **names = gx_arena_calloc(rq->arena, n + 1, sizeof *names);
	for (size_t i = 0; e == GX_OK && i < n; i++) {
		json_t *v = json_array_get(cols, i);
		if (json_is_null(v))
			names[i] = "";
		else if (json_is_string(v))
			names[i] = gx_arena_strdup(rq->arena, json_string_value(v));
		else
			e = gx_error_set(err, GX_EINVAL, "columns", "%s", _("columns must be an array of field names, \"\" for a column to ignore"));
	}
	json_decref(body);
	if (e == GX_OK)
		e = app_import_run_set_mapping(rq->app, rq->ids[0], names, n, err);
	return e == GX_OK ? answer_run(rq, rs, rq->ids[0], 200, err) : e;
}

/* POST /api/v1/imports/{id}/preview: a dry run of the stored file, in the background. */
enum gx_err h_import_preview(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_import_run_queue(rq->app, rq->ids[0], 1, err);
	return e == GX_OK ? answer_run(rq, rs, rq->ids[0], 202, err) : e;
}

/* POST /api/v1/imports/{id}/start: the import itself, in the background; once per run. */
enum gx_err h_import_run(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_import_run_queue(rq->app, rq->ids[0], 0, err);
	return e == GX_OK ? answer_run(rq, rs, rq->ids[0], 202, err) : e;
}

/* GET /api/v1/imports/{id}/rejected: the rejected rows as CSV (line, column, reason and the
 * file's columns), once the job has finished. */
enum gx_err h_import_rejected(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	char *data = NULL;
	size_t len = 0;
	enum gx_err e = app_import_run_rejected(rq->app, rq->ids[0], &data, &len, err);
	if (e != GX_OK)
		return e;
	rs->status = 200;
	rs->body = data;
	rs->len = len;
	rs->content_type = "text/csv; charset=utf-8";
	http_resp_header(rs, rq->arena, "Content-Disposition",
	                 gx_arena_printf(rq->arena, "attachment; filename=\"rejected-%lld.csv\"", (long long)rq->ids[0]));
	return GX_OK;
}

/* GET /api/v1/imports/fields?entity=customers: the columns the file may have, for the
 * mapping step (name, Chinese and English label, required). */
enum gx_err h_import_fields(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *name = http_query(rq, "entity");
	const struct entity_def *def = name ? import_entity(name) : NULL;
	if (!def)
		return gx_error_set(err, GX_EINVAL, "entity", "%s", _(ENTITY_CHOICES));
	json_t *items = json_array();
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		if (f->flags & FF_HIDDEN)
			continue;
		json_array_append_new(items, json_pack("{s:s, s:s?, s:s?, s:b}", "name", f->name, "label_zh",
		                                       f->label_zh, "label_en", f->label_en, "required",
		                                       (f->flags & FF_REQUIRED) != 0));
	}
	http_resp_json(rs, 200, json_pack("{s:s, s:o}", "entity", def->table, "items", items));
	return GX_OK;
}
