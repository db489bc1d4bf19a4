/* Executing the import wizard's queued runs in the background (see guanxi/import_runs.h). A
 * server's import thread claims a run's lease in job_leases (kind "import:<id>"; the server's
 * heartbeat renews it), writes the stored upload to a private temporary file (with the
 * mapped header row in place of the file's own when the user mapped the columns), runs
 * app_import on it as the run's starter, and stores the counts, the first rejected rows and the
 * rejected-rows CSV back into the run. The two scratch files are anonymous memory files
 * (memfd, opened by the importer through /proc/self/fd), so even a server killed mid-run leaves
 * nothing in the temporary directory; where that is not available they are files in TMPDIR,
 * removed on every path. Progress goes to the run row from a reporter thread with
 * a connection of its own: the import's connection is inside its batch transaction, which
 * others must not wait for (and on SQLite a second write from the same thread would). */
#include <jansson.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "guanxi/access.h"
#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/import_runs.h"
#include "guanxi/import_runs_store.h"
#include "guanxi/jobs_store.h"

#define REPORT_EVERY_MS 250

static int64_t test_pause_ms(const char *name);

struct report {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	int64_t id;
	const char *worker, *db_url;
	struct store *main_store;   /* the importer's connection, used between its batches */
	struct app *app;            /* the importer's app: its job row's id, read on its thread */
	int64_t job_id;
	int reported;               /* on_progress was called */
	int64_t rows, done, total;
	int dirty;
	struct {
		int64_t line, column;
		char reason[240];
	} errors[IMPORT_RUN_MAX_ERRORS];
	size_t nerrors, nwritten;
};

static void on_progress(void *ctx, size_t rows, uint64_t done, uint64_t total)
{
	struct report *r = ctx;
	/* only the importer's thread uses reported */
	int64_t delay = r->reported++ ? 0 : test_pause_ms("GUANXI_TEST_IMPORT_JOB_DELAY_MS");
	if (delay > 0 && !store_in_transaction(r->main_store))
		usleep((useconds_t)(delay * 1000));
	pthread_mutex_lock(&r->mu);
	r->rows = (int64_t)rows;
	r->done = (int64_t)done;
	r->total = (int64_t)total;
	r->job_id = r->app->job_id;   /* this is the importer's thread */
	r->dirty = 1;
	pthread_mutex_unlock(&r->mu);
}

/* The import's jobs row is written, in a transaction still open: its id goes on the run in
 * the same one. Recorded only with the first progress, a server killed between the two left
 * the jobs row running for ever (the takeover finishes the jobs row the run names). */
static enum gx_err on_job_started(void *ctx, int64_t job_id, struct gx_error *err)
{
	struct report *r = ctx;
	pthread_mutex_lock(&r->mu);
	r->job_id = job_id;
	pthread_mutex_unlock(&r->mu);
	return store_import_run_job(r->main_store, r->id, r->worker, job_id, err);
}

static void on_rejected(void *ctx, size_t line, size_t column, const char *message)
{
	struct report *r = ctx;
	pthread_mutex_lock(&r->mu);
	if (r->nerrors < IMPORT_RUN_MAX_ERRORS) {
		r->errors[r->nerrors].line = (int64_t)line;
		r->errors[r->nerrors].column = (int64_t)column;
		snprintf(r->errors[r->nerrors].reason, sizeof r->errors[0].reason, "%s", message ? message : "");
		r->nerrors++;
		r->dirty = 1;
	}
	pthread_mutex_unlock(&r->mu);
}

/* Writes what changed since the last call; errors are written once each (by seq). */
static enum gx_err report_flush(struct report *r, struct store *s, struct gx_error *err)
{
	pthread_mutex_lock(&r->mu);
	int dirty = r->dirty;
	int64_t rows = r->rows, done = r->done, total = r->total, job_id = r->job_id;
	size_t from = r->nwritten, to = r->nerrors;
	r->dirty = 0;
	pthread_mutex_unlock(&r->mu);
	if (!dirty)
		return GX_OK;
	enum gx_err e = store_import_run_progress(s, r->id, r->worker, rows, done, total, job_id, err);
	for (size_t i = from; e == GX_OK && i < to; i++)
		e = store_import_run_error_add(s, r->id, (int64_t)i, r->errors[i].line, r->errors[i].column,
		                               r->errors[i].reason, err);
	pthread_mutex_lock(&r->mu);
	if (e == GX_OK)
		r->nwritten = to;
	else
		r->dirty = 1;   /* tried again next round */
	pthread_mutex_unlock(&r->mu);
	return e;
}

/* Between two batches of a real import: the progress goes through the importer's own
 * connection (on SQLite the reporter cannot write while a batch holds the write lock). */
static void on_committed(void *ctx)
{
	struct report *r = ctx;
	if (store_in_transaction(r->main_store))
		return;   /* a preview: its outer transaction is still open */
	struct gx_error err;
	report_flush(r, r->main_store, &err);
	int64_t delay = test_pause_ms("GUANXI_TEST_IMPORT_DELAY_MS");
	if (delay > 0)
		usleep((useconds_t)(delay * 1000));
}

static void *report_main(void *arg)
{
	struct report *r = arg;
	struct store *s = NULL;
	struct gx_error err;
	/* a short wait: a write that meets a batch's lock is tried again next round */
	struct store_open_options o = {.migrate = 0, .busy_timeout_ms = 50};
	if (store_open(r->db_url, &o, &s, &err) != GX_OK)
		s = NULL;   /* no live progress; the final counts are still written by the worker */
	pthread_mutex_lock(&r->mu);
	while (!r->stop) {
		struct timespec t;
		gx_deadline_after_ms(&t, REPORT_EVERY_MS);
		pthread_cond_timedwait(&r->cv, &r->mu, &t);
		if (r->stop || !s)
			continue;
		pthread_mutex_unlock(&r->mu);
		report_flush(r, s, &err);
		pthread_mutex_lock(&r->mu);
	}
	pthread_mutex_unlock(&r->mu);
	if (s)
		store_close(s);
	return NULL;
}

/* Writing the stored upload to the temporary file. */
struct upload_out {
	FILE *fp;
	const char *mapping;     /* JSON array or NULL */
	int first;
	struct gx_error own;     /* why the header could not be mapped */
	unsigned char *buf;
	size_t cap;
};

/* Replaces the CSV's header record (up to its line end; a BOM dropped) by the mapped names,
 * unmapped columns named "#N" (ignored by the importer). The header cells are counted by their
 * commas outside quotes: bytes that are valid in GB18030 and UTF-8 alike. */
static int write_mapped_header(struct upload_out *u, const unsigned char *p, size_t n)
{
	size_t i = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0, cells = 1;
	int q = 0;
	for (; i < n; i++) {
		if (p[i] == '"')
			q = !q;
		else if (!q && p[i] == ',')
			cells++;
		else if (!q && (p[i] == '\n' || p[i] == '\r'))
			break;
	}
	json_error_t je;
	json_t *m = json_loads(u->mapping, 0, &je);
	size_t mapped = json_is_array(m) ? json_array_size(m) : 0;
	if (mapped != cells) {
		gx_error_set(&u->own, GX_EINVAL, "columns", _("the mapping names %zu columns but the file's header row has %zu"),
		             mapped, cells);
		json_decref(m);
		return 1;
	}
	for (size_t c = 0; c < cells; c++) {
		const char *f = json_string_value(json_array_get(m, c));
		if (f && *f)
			fprintf(u->fp, "%s%s", c ? "," : "", f);
		else
			fprintf(u->fp, "%s#%zu", c ? "," : "", c + 1);
	}
	json_decref(m);
	if (i == n)
		fputc('\n', u->fp);
	return fwrite(p + i, 1, n - i, u->fp) != n - i;
}

static int upload_chunk(void *ctx, const char *b64)
{
	struct upload_out *u = ctx;
	size_t n = strlen(b64), got = 0;
	if (n / 4 * 3 + 3 > u->cap) {
		u->cap = n / 4 * 3 + 3;
		u->buf = gx_xrealloc(u->buf, u->cap);
	}
	if (sodium_base642bin(u->buf, u->cap, b64, n, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return 1;
	int first = u->first;
	u->first = 0;
	if (first && u->mapping)
		return write_mapped_header(u, u->buf, got);
	return fwrite(u->buf, 1, got, u->fp) != got;
}

/* A scratch file for what (a memfd named by its /proc/self/fd path, else a new private file
 * "<TMPDIR>/guanxi-<what>-XXXXXX<ext>", *on_disk set: the caller removes it). -1 with err set
 * on failure. */
static int scratch_file(const char *what, const char *ext, char path[300], int *on_disk, struct gx_error *err)
{
	*on_disk = 0;
	int fd = memfd_create(what, MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, 300, "/proc/self/fd/%d", fd);
		if (access(path, R_OK | W_OK) == 0)
			return fd;
		close(fd);
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(path, 300, "%s/guanxi-%s-XXXXXX%s", tmp && *tmp ? tmp : "/tmp", what, ext);
	fd = mkostemps(path, (int)strlen(ext), O_CLOEXEC);
	if (fd < 0) {
		gx_error_set(err, GX_EIO, NULL, _("cannot create a temporary file for the import: %m"));
		path[0] = '\0';
		return -1;
	}
	*on_disk = 1;
	return fd;
}

/* Reads the rejected-rows file (fd, rewritten by the importer through its path) into the run
 * as base64 chunks. */
static enum gx_err store_rejected(struct store *s, int64_t id, int fd, struct gx_error *err)
{
	if (lseek(fd, 0, SEEK_SET) != 0)
		return gx_error_set(err, GX_EIO, NULL, _("cannot read the rejected rows back: %m"));
	unsigned char *raw = gx_xmalloc(IMPORT_RUN_CHUNK);
	size_t cap = sodium_base64_ENCODED_LEN(IMPORT_RUN_CHUNK, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = gx_xmalloc(cap);
	enum gx_err e = GX_OK;
	for (int64_t seq = 0; e == GX_OK; seq++) {
		size_t n = 0;
		while (n < IMPORT_RUN_CHUNK) {
			ssize_t r = read(fd, raw + n, IMPORT_RUN_CHUNK - n);
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		if (n == 0)
			break;
		sodium_bin2base64(b64, cap, raw, n, sodium_base64_VARIANT_ORIGINAL);
		e = store_import_run_chunk_put(s, id, "rejected", seq, b64, err);
	}
	free(raw);
	free(b64);
	return e;
}

/* Test hooks (tests/integration/test_import_servers.sh), pauses in milliseconds taken outside
 * any transaction (the heartbeat must still renew the lease), so that tests can kill a server
 * mid-run:
 * - GUANXI_TEST_IMPORT_DELAY_MS: before the job starts reading and after each committed batch;
 * - GUANXI_TEST_IMPORT_JOB_DELAY_MS: in the job's first progress report, before it takes the
 *   job's id (a file of fewer than 1000 rows reports only after its last COMMIT), so that the
 *   jobs row is written and running but no progress of the run has been flushed. */
static int64_t test_pause_ms(const char *name)
{
	const char *v = getenv(name);
	return v ? strtoll(v, NULL, 10) : 0;
}

/* Runs the job of run (status running, held by worker) and records its outcome. */
static enum gx_err execute(struct app *app, const char *db_url, const char *worker, struct import_run *run,
                           struct gx_error *err)
{
	const struct entity_def *def = import_entity(run->entity);
	char upath[300] = "", rpath[300] = "";
	int u_disk = 0, r_disk = 0;
	struct import_result res = {0};
	struct gx_error ie;
	gx_error_clear(&ie);
	enum gx_err e = GX_OK;
	int ufd = -1, rfd = -1;
	if (!def)
		e = gx_error_set(&ie, GX_EINTERNAL, NULL, "import run %lld names no importable entity", (long long)run->id);
	if (e == GX_OK && (ufd = scratch_file("import", run->xlsx ? ".xlsx" : ".csv", upath, &u_disk, &ie)) < 0)
		e = ie.code;
	if (e == GX_OK && (rfd = scratch_file("rejected", ".csv", rpath, &r_disk, &ie)) < 0)
		e = ie.code;
	if (e == GX_OK) {
		int wfd = dup(ufd);
		struct upload_out u = {.fp = wfd >= 0 ? fdopen(wfd, "wb") : NULL, .mapping = run->xlsx ? NULL : run->mapping,
		                       .first = 1};
		if (!u.fp) {
			e = gx_error_set(&ie, GX_EIO, NULL, _("cannot create a temporary file for the import: %m"));
			if (wfd >= 0)
				close(wfd);
		} else {
			e = store_import_run_chunks_each(app->store, run->id, "upload", upload_chunk, &u, &ie);
			if (e != GX_OK && u.own.code != GX_OK) {
				ie = u.own;
				e = ie.code;
			}
			if (fclose(u.fp) != 0 && e == GX_OK)
				e = gx_error_set(&ie, GX_EIO, NULL, _("cannot write a temporary file for the import: %m"));
		}
		free(u.buf);
	}

	struct report rep = {.id = run->id, .worker = worker, .db_url = db_url, .main_store = app->store,
	                      .app = app};
	pthread_mutex_init(&rep.mu, NULL);
	pthread_cond_init(&rep.cv, NULL);
	pthread_t reporter;
	int reporting = 0;
	if (e == GX_OK) {
		reporting = pthread_create(&reporter, NULL, report_main, &rep) == 0;
		struct app_actor system = app->actor;
		enum gx_lang lang = gx_i18n_lang();
		int l = gx_lang_parse(run->lang);
		gx_i18n_set_lang(l < 0 ? GX_LANG_EN : (enum gx_lang)l);
		memset(&app->actor, 0, sizeof app->actor);
		app->actor.user_id = run->user_id;
		snprintf(app->actor.role, sizeof app->actor.role, "%s", run->role ? run->role : "");
		app->actor.department_id = run->department_id;
		app->actor.team_id = run->team_id;
		if ((e = app_access_load(app, &ie)) == GX_OK) {
			app_access_apply(app);
			struct import_opts opts = {.encoding = GX_ENC_AUTO, .all_or_nothing = run->all_or_nothing,
			                           .force = run->force, .rejected_path = rpath, .progress = on_progress,
			                           .rejected = on_rejected, .committed = on_committed,
			                           .job_started = run->dry_run ? NULL : on_job_started, .ctx = &rep};
			int64_t delay = test_pause_ms("GUANXI_TEST_IMPORT_DELAY_MS");
			if (delay > 0)
				usleep((useconds_t)(delay * 1000));
			/* a preview's writes, job row and audit row all go with the outer rollback */
			if (!run->dry_run || (e = store_begin(app->store, &ie)) == GX_OK)
				e = app_import(app, def, upath, &opts, &res, &ie);
			if (run->dry_run && store_in_transaction(app->store))
				store_rollback(app->store);
		}
		app->actor = system;
		app_access_apply(app);
		gx_i18n_set_lang(lang);
	}
	if (reporting) {
		pthread_mutex_lock(&rep.mu);
		rep.stop = 1;
		pthread_cond_signal(&rep.cv);
		pthread_mutex_unlock(&rep.mu);
		pthread_join(reporter, NULL);
	}
	/* what the reporter had not written yet, then the outcome */
	struct gx_error fe;
	gx_error_clear(&fe);
	rep.dirty = 1;
	enum gx_err f = report_flush(&rep, app->store, &fe);
	if (f == GX_OK && e == GX_OK && res.rejected)
		f = store_rejected(app->store, run->id, rfd, &fe);
	struct import_run out = {
		.rows = (int64_t)res.rows, .lines_done = rep.total, .lines_total = rep.total,
		.created = (int64_t)res.created, .updated = (int64_t)res.updated, .rejected = (int64_t)res.rejected,
		.rolled_back = res.rolled_back || run->dry_run, .ignored_columns = res.ignored,
		.encoding = e == GX_OK ? gx_encoding_name(res.encoding) : NULL,
		.job_id = run->dry_run ? 0 : res.job_id,
	};
	if (e != GX_OK) {
		out.lines_done = rep.done;
		out.ignored_columns = NULL;
		out.error_code = gx_err_code_name(ie.code ? ie.code : e);
		out.error_message = ie.message;
		out.error_field = ie.field[0] ? ie.field : NULL;
	}
	char now[32];
	gx_now_iso(now);
	int64_t changes = 0;
	if (f == GX_OK)
		f = store_import_run_finish(app->store, run->id, worker, e == GX_OK, &out, now, &changes, &fe);
	if (ufd >= 0)
		close(ufd);
	if (rfd >= 0)
		close(rfd);
	if (u_disk)
		unlink(upath);
	if (r_disk)
		unlink(rpath);
	pthread_cond_destroy(&rep.cv);
	pthread_mutex_destroy(&rep.mu);
	if (f != GX_OK)
		*err = fe;
	return f;
}

/* A run whose server stopped mid-job (its lease ran out; we hold it now). */
static enum gx_err take_over(struct app *app, const char *worker, struct import_run *run, int *again,
                             struct gx_error *err)
{
	*again = 0;
	int64_t changes = 0;
	/* A preview writes nothing that lasts: run it again. An import is never run again, not even
	 * an all-or-nothing one that cannot have committed anything: its server may still be
	 * alive and merely have lost its lease (a heartbeat that could not reach the database). */
	if (run->dry_run && run->attempts < 2) {
		enum gx_err e = store_import_run_requeue(app->store, run->id, &changes, err);
		*again = e == GX_OK && changes == 1;
		return e;
	}
	char msg[600], now[32];
	if (run->dry_run)
		snprintf(msg, sizeof msg, "%s", _("the servers running this preview stopped twice before it finished; check the file again"));
	else if (run->all_or_nothing)
		snprintf(msg, sizeof msg,
		         _("the server running this import stopped before it finished (after %lld of %lld lines); all or nothing: nothing was saved, and the import was not run again: import the file again"),
		         (long long)run->lines_done, (long long)run->lines_total);
	else
		snprintf(msg, sizeof msg,
		         _("the server running this import stopped before it finished (after %lld of %lld lines); the rows of the batches it had committed stay imported and the import was not run again: check them, then import the rest of the file (rows are matched by code)"),
		         (long long)run->lines_done, (long long)run->lines_total);
	struct import_run out = {.rows = run->rows, .lines_done = run->lines_done, .lines_total = run->lines_total,
	                         .job_id = run->dry_run ? 0 : run->job_id,
	                         .error_code = gx_err_code_name(GX_EUNAVAIL), .error_message = msg};
	gx_now_iso(now);
	(void)worker;
	/* the import's own jobs row, left running by the dead server */
	struct gx_error je;
	if (!run->dry_run && run->job_id)
		store_job_finish(app->store, run->job_id, 0, NULL, msg, &je);
	return store_import_run_finish(app->store, run->id, NULL, 0, &out, now, &changes, err);
}

enum gx_err app_import_runs_work(struct app *app, const char *db_url, const char *holder, int *ran,
                                 struct gx_error *err)
{
	*ran = 0;
	int64_t ids[16];
	size_t n = 0;
	char started[32];
	gx_format_instant_utc(gx_now_ms(), started);
	enum gx_err e = store_import_run_pending(app->store, started, ids, 16, &n, err);
	/* The settings (lease length, import limits) are read fresh only when there is a run to
	 * start: the server's poller asks several times a second and is idle nearly always. */
	if (e == GX_OK && n > 0)
		e = app_settings_load(app, err);
	for (size_t i = 0; e == GX_OK && i < n && !*ran; i++) {
		char kind[48], now[32], lease[32], crashed[32];
		snprintf(kind, sizeof kind, "import:%lld", (long long)ids[i]);
		int64_t now_ms = gx_now_ms();
		gx_format_instant_utc(now_ms, now);
		gx_format_instant_utc(now_ms + (int64_t)app->settings.job_lease_s * 1000, lease);
		int got = 0;
		if ((e = store_job_lease_claim(app->store, kind, holder, now, lease, now, &got, crashed, err)) != GX_OK || !got)
			continue;
		*ran = 1;
		struct gx_arena a;
		gx_arena_init(&a, 4096);
		struct import_run run;
		int found = 0;
		e = store_import_run_get(app->store, ids[i], &a, &run, &found, err);
		int again = 0;
		if (e == GX_OK && found && !strcmp(run.status, "running"))
			e = take_over(app, holder, &run, &again, err);
		if (e == GX_OK && found && (again || !strcmp(run.status, "queued"))) {
			int64_t changes = 0;
			gx_now_iso(now);
			if ((e = store_import_run_begin(app->store, ids[i], holder, now, &changes, err)) == GX_OK && changes == 1) {
				run.attempts++;
				e = execute(app, db_url, holder, &run, err);
			}
		}
		struct gx_error de;
		store_job_lease_drop(app->store, kind, holder, &de);
		gx_arena_free(&a);
	}
	return e;
}
