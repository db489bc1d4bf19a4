/* The import wizard's endpoints (PRODUCT.md "Import"): the file arrives as the raw request body
 * (CSV or .xlsx, up to the server's body limit), is written to a private temporary directory
 * and imported by app_import on a thread of its own with its own database connection, so a
 * large file never holds a request worker; the page polls the run for its progress and the
 * rows rejected so far (line, column, reason) and downloads the rejected-rows CSV. A dry run
 * (?dry_run=1) does the same inside a transaction that is rolled back: the preview. Runs live
 * in a small table in memory (the newest IMPORT_SLOTS of this process); the job row and audit
 * row of each real import are app_import's own. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guanxi/access.h"
#include "guanxi/i18n.h"
#include "guanxi/import.h"
#include "http/http.h"

#define IMPORT_SLOTS 16
#define IMPORT_MAX_ERRORS 100

struct import_error_row {
	size_t line, column;
	char message[200];
};

enum import_state { IMPORT_FREE, IMPORT_RUNNING, IMPORT_DONE, IMPORT_FAILED };

/* One run. Written by its thread under the lock, read by the polling requests. */
struct import_slot {
	int64_t id;
	int64_t user_id;
	enum import_state state;
	int dry_run;
	char entity[24];
	char db_url[512];
	struct app_actor actor;
	enum gx_lang lang;           /* the request's, for the messages of rejected rows */
	char upload[300], rejected[300];
	size_t rows, done_lines, total_lines;
	struct import_result res;
	struct gx_error error;
	struct import_error_row errors[IMPORT_MAX_ERRORS];
	size_t nerrors;
	int all_or_nothing, force;
};

static pthread_mutex_t import_lock = PTHREAD_MUTEX_INITIALIZER;
static struct import_slot import_slots[IMPORT_SLOTS];
static int64_t import_next_id = 1;
static char import_dir[256];

/* The private directory of this process's uploads and rejected-rows files (0700). */
static enum gx_err import_dir_get(struct gx_error *err)
{
	if (import_dir[0])
		return GX_OK;
	const char *tmp = getenv("TMPDIR");
	snprintf(import_dir, sizeof import_dir, "%s/guanxi-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(import_dir)) {
		int saved = errno;
		import_dir[0] = 0;
		return gx_error_set(err, GX_EIO, NULL, _("cannot create a directory for uploads: %s"), strerror(saved));
	}
	return GX_OK;
}

static void on_progress(void *ctx, size_t rows, uint64_t done, uint64_t total)
{
	struct import_slot *s = ctx;
	pthread_mutex_lock(&import_lock);
	s->rows = rows;
	s->done_lines = (size_t)done;
	s->total_lines = (size_t)total;
	pthread_mutex_unlock(&import_lock);
}

static void on_rejected(void *ctx, size_t line, size_t column, const char *message)
{
	struct import_slot *s = ctx;
	pthread_mutex_lock(&import_lock);
	if (s->nerrors < IMPORT_MAX_ERRORS) {
		struct import_error_row *r = &s->errors[s->nerrors++];
		r->line = line;
		r->column = column;
		snprintf(r->message, sizeof r->message, "%s", message);
	}
	pthread_mutex_unlock(&import_lock);
}

static void *import_thread(void *arg)
{
	struct import_slot *s = arg;
	gx_i18n_set_lang(s->lang);
	struct app app;
	struct gx_error err;
	gx_error_clear(&err);
	struct import_result res = {0};
	struct import_opts opts = {.encoding = GX_ENC_AUTO, .all_or_nothing = s->all_or_nothing, .force = s->force,
	                           .rejected_path = s->rejected, .progress = on_progress,
	                           .rejected = on_rejected, .ctx = s};
	enum gx_err e = app_open(&app, s->db_url, 0, &err);
	if (e == GX_OK) {
		if ((e = app_access_load(&app, &err)) == GX_OK) {
			app.actor = s->actor;
			app_access_apply(&app);
			const struct entity_def *def = import_entity(s->entity);
			/* a dry run's writes, job row and audit row all go with the outer rollback */
			if (!s->dry_run || (e = store_begin(app.store, &err)) == GX_OK)
				e = app_import(&app, def, s->upload, &opts, &res, &err);
			if (s->dry_run && store_in_transaction(app.store))
				store_rollback(app.store);
		}
		app_close(&app);
	}
	unlink(s->upload);
	pthread_mutex_lock(&import_lock);
	s->res = res;
	s->error = err;
	s->state = e == GX_OK ? IMPORT_DONE : IMPORT_FAILED;
	pthread_mutex_unlock(&import_lock);
	return NULL;
}

/* A free slot, or the oldest finished one (its rejected-rows file removed); NULL when every
 * slot runs. Called under the lock. */
static struct import_slot *slot_take(void)
{
	struct import_slot *best = NULL;
	for (int i = 0; i < IMPORT_SLOTS; i++) {
		struct import_slot *s = &import_slots[i];
		if (s->state == IMPORT_FREE)
			return s;
		if (s->state != IMPORT_RUNNING && (!best || s->id < best->id))
			best = s;
	}
	if (best && best->rejected[0])
		unlink(best->rejected);
	return best;
}

/* The slot of id if the caller started it (admins see every run). Called under the lock. */
static struct import_slot *slot_find(const struct http_req *rq, int64_t id)
{
	for (int i = 0; i < IMPORT_SLOTS; i++) {
		struct import_slot *s = &import_slots[i];
		if (s->state != IMPORT_FREE && s->id == id &&
		    (s->user_id == rq->app->actor.user_id || !strcmp(rq->app->actor.role, "admin")))
			return s;
	}
	return NULL;
}

static int flag(const struct http_req *rq, const char *name)
{
	const char *v = http_query(rq, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* Importing into an entity needs both create and update on it (re-runs update by code). */
static enum gx_err import_allowed(struct app *app, const struct entity_def *def, struct gx_error *err)
{
	enum gx_err e = app_access_check(app, def->name, ACCESS_CREATE, err);
	return e == GX_OK ? app_access_check(app, def->name, ACCESS_UPDATE, err) : e;
}

static enum gx_err write_upload(const char *path, const char *data, size_t len, struct gx_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return gx_error_set(err, GX_EIO, NULL, _("cannot store the upload: %s"), strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = errno;
			close(fd);
			unlink(path);
			return gx_error_set(err, GX_EIO, NULL, _("cannot store the upload: %s"), strerror(saved));
		}
		off += (size_t)w;
	}
	close(fd);
	return GX_OK;
}

/* POST /api/v1/imports?entity=customers[&dry_run=1][&all_or_nothing=1][&force=1], the file
 * as the body: 202 with the run's id to poll. */
enum gx_err h_import_start(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *name = http_query(rq, "entity");
	const struct entity_def *def = name ? import_entity(name) : NULL;
	if (!def)
		return gx_error_set(err, GX_EINVAL, "entity",
		                    _("entity must be one of customers, contacts, products, categories, orders, interactions, users, departments, teams"));
	enum gx_err e = import_allowed(rq->app, def, err);
	if (e != GX_OK)
		return e;
	if (!rq->body || rq->body_len == 0)
		return gx_error_set(err, GX_EINVAL, "file", "%s", _("the request body must be the CSV or .xlsx file to import"));
	int xlsx = rq->body_len >= 4 && memcmp(rq->body, "PK\x03\x04", 4) == 0;
	pthread_mutex_lock(&import_lock);
	e = import_dir_get(err);
	struct import_slot *s = e == GX_OK ? slot_take() : NULL;
	if (e == GX_OK && !s)
		e = gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("too many imports are running; try again in a minute"));
	int64_t id = 0;
	if (e == GX_OK) {
		id = import_next_id++;
		memset(s, 0, sizeof *s);
		s->id = id;
		s->state = IMPORT_RUNNING;   /* reserves the slot while the file is written */
		s->user_id = rq->app->actor.user_id;
		s->actor = rq->app->actor;
		s->lang = gx_i18n_lang();
		s->dry_run = flag(rq, "dry_run");
		s->all_or_nothing = flag(rq, "all_or_nothing");
		s->force = flag(rq, "force");
		snprintf(s->entity, sizeof s->entity, "%s", def->table);
		snprintf(s->db_url, sizeof s->db_url, "%s", rq->cfg->db_url);
		snprintf(s->upload, sizeof s->upload, "%s/upload-%lld.%s", import_dir, (long long)id, xlsx ? "xlsx" : "csv");
		snprintf(s->rejected, sizeof s->rejected, "%s/rejected-%lld.csv", import_dir, (long long)id);
	}
	pthread_mutex_unlock(&import_lock);
	if (e != GX_OK)
		return e;
	pthread_t t;
	int rc = 0;
	if ((e = write_upload(s->upload, rq->body, rq->body_len, err)) == GX_OK &&
	    (rc = pthread_create(&t, NULL, import_thread, s)) != 0)
		e = gx_error_set(err, GX_EINTERNAL, NULL, _("cannot start the import: %s"), strerror(rc));
	if (e != GX_OK) {
		unlink(s->upload);
		pthread_mutex_lock(&import_lock);
		s->state = IMPORT_FREE;
		pthread_mutex_unlock(&import_lock);
		return e;
	}
	pthread_detach(t);
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/imports/%lld", (long long)id));
	http_resp_json(rs, 202, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "status", "running",
	                                  "dry_run", s->dry_run));
	return GX_OK;
}

static const char *state_name(enum import_state st)
{
	return st == IMPORT_RUNNING ? "running" : st == IMPORT_DONE ? "done" : "failed";
}

/* GET /api/v1/imports/{id}: status, progress (lines read of the file's lines), counts and the
 * first IMPORT_MAX_ERRORS rejected rows. */
enum gx_err h_import_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	pthread_mutex_lock(&import_lock);
	struct import_slot *s = slot_find(rq, rq->ids[0]);
	if (!s) {
		pthread_mutex_unlock(&import_lock);
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("no import %lld (runs are kept until the server restarts)"),
		                    (long long)rq->ids[0]);
	}
	json_t *errors = json_array();
	for (size_t i = 0; i < s->nerrors; i++)
		json_array_append_new(errors, json_pack("{s:I, s:I, s:s}", "line", (json_int_t)s->errors[i].line,
		                                        "column", (json_int_t)s->errors[i].column, "reason",
		                                        s->errors[i].message));
	int finished = s->state != IMPORT_RUNNING;
	json_t *j = json_pack("{s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:o}", "id", (json_int_t)s->id, "status",
	                      state_name(s->state), "entity", s->entity, "dry_run", s->dry_run,
	                      "rows", (json_int_t)(finished ? s->res.rows : s->rows),
	                      "lines_done", (json_int_t)s->done_lines, "lines_total", (json_int_t)s->total_lines,
	                      "errors", errors);
	if (finished && s->state == IMPORT_DONE) {
		json_object_set_new(j, "created", json_integer((json_int_t)s->res.created));
		json_object_set_new(j, "updated", json_integer((json_int_t)s->res.updated));
		json_object_set_new(j, "rejected", json_integer((json_int_t)s->res.rejected));
		json_object_set_new(j, "rolled_back", json_boolean(s->res.rolled_back || s->dry_run));
		json_object_set_new(j, "ignored_columns", json_string(s->res.ignored));
		json_object_set_new(j, "encoding", json_string(gx_encoding_name(s->res.encoding)));
		if (!s->dry_run && s->res.job_id)
			json_object_set_new(j, "job_id", json_integer((json_int_t)s->res.job_id));
	} else if (finished) {
		json_object_set_new(j, "error", json_pack("{s:s, s:s, s:s?}", "code", gx_err_code_name(s->error.code),
		                                          "message", s->error.message, "field",
		                                          s->error.field[0] ? s->error.field : NULL));
	}
	pthread_mutex_unlock(&import_lock);
	http_resp_json(rs, 200, j);
	return GX_OK;
}

/* GET /api/v1/imports/{id}/rejected: the rejected rows as CSV (the file's columns and line,
 * column, reason), once the run has finished. */
enum gx_err h_import_rejected(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	char path[300];
	enum gx_err e = GX_OK;
	pthread_mutex_lock(&import_lock);
	struct import_slot *s = slot_find(rq, rq->ids[0]);
	if (!s)
		e = gx_error_set(err, GX_ENOTFOUND, NULL, _("no import %lld (runs are kept until the server restarts)"),
		                 (long long)rq->ids[0]);
	else if (s->state == IMPORT_RUNNING)
		e = gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("the import is still running"));
	else
		snprintf(path, sizeof path, "%s", s->rejected);
	pthread_mutex_unlock(&import_lock);
	if (e != GX_OK)
		return e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return gx_error_set(err, GX_ENOTFOUND, NULL, "%s", _("this import wrote no rejected rows"));
	}
	rs->status = 200;
	rs->fd = fd;
	rs->fd_size = (uint64_t)st.st_size;
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
		return gx_error_set(err, GX_EINVAL, "entity",
		                    _("entity must be one of customers, contacts, products, categories, orders, interactions, users, departments, teams"));
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
