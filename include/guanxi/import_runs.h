/* The import wizard's runs, kept in the database so that every step of the wizard (upload,
 * column mapping, preview, start, progress, rejected rows) may reach any server behind a load
 * balancer (docs/deploy.md "Several servers"). A run holds the uploaded file (as chunks in the
 * database), the mapping, the status and progress of its latest job and the rejected rows.
 * Its jobs (a preview, rolled back, or the import) are executed by whichever server's
 * background thread claims the run's lease (job_leases kind "import:<id>", renewed by that
 * server's heartbeat): a run never executes twice at once, and a run whose server died is
 * taken over (a preview, which left nothing behind) or marked failed with the reason (an
 * import, which may have committed some batches: never run twice).
 * Runs older than the setting import_retention_days are purged with their file and rows. A run
 * is seen by the user who uploaded it and by admins only (others get "not found"). */
#ifndef GUANXI_IMPORT_RUNS_H
#define GUANXI_IMPORT_RUNS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/import.h"

#define IMPORT_RUN_MAX_ERRORS 100   /* rejected rows listed on the run (all are in the CSV) */
#define IMPORT_RUN_CHUNK 786432     /* raw bytes per stored chunk (1 MiB as base64) */

struct import_run_error {
	int64_t line, column;
	const char *reason;
};

struct import_run {
	int64_t id, user_id;
	const char *role;           /* the starter's role, department and team at upload: the */
	int64_t department_id, team_id;   /* import runs with their permissions and row scope */
	const char *lang;           /* "en" or "zh-CN": the language of the reasons */
	const char *worker;         /* the lease holder that ran or runs the latest job */
	const char *entity;         /* the table name: customers, contacts, … */
	const char *status;         /* uploaded, queued, running, done, failed */
	int dry_run;                /* the latest job is (or was) a preview */
	int all_or_nothing, force, xlsx, imported;
	int64_t file_size;
	const char *mapping;        /* JSON array text or NULL */
	int64_t rows, lines_done, lines_total, created, updated, rejected;
	int rolled_back;
	const char *ignored_columns, *encoding;   /* NULL until a job finished */
	int64_t job_id;             /* the jobs row of a finished import, 0 otherwise */
	const char *error_code, *error_message, *error_field;   /* when failed */
	int64_t attempts;
	const char *created_at, *started_at, *finished_at;
	struct import_run_error *errors;
	size_t nerrors;
};

struct import_run_flags {
	int dry_run, all_or_nothing, force;
	int queue;                  /* queue the first job at once (else status "uploaded") */
};

/* Stores the file (CSV or .xlsx, told apart by its first bytes) as a new run of the actor for
 * def, which must be importable and the actor allowed to create and update it. */
enum gx_err app_import_run_create(struct app *app, const struct entity_def *def, const char *data,
                                  size_t len, const struct import_run_flags *fl, int64_t *id,
                                  struct gx_error *err);

/* The run with its first rejected rows (arena-allocated); GX_ENOTFOUND when there is none or the
 * actor is neither its starter nor an admin. */
enum gx_err app_import_run_get(struct app *app, int64_t id, struct gx_arena *a, struct import_run *r,
                               struct gx_error *err);

/* Maps a CSV's columns: one field name of the entity, or "" to ignore the column, per column of
 * the file's header row in order; no field twice. Only before the import was started; a
 * finished preview is discarded (the run is "uploaded" again). */
enum gx_err app_import_run_set_mapping(struct app *app, int64_t id, const char *const *fields, size_t n,
                                       struct gx_error *err);

/* Queues a preview (dry_run) or the import. The import is queued once per run; a preview may
 * be repeated until then. */
enum gx_err app_import_run_queue(struct app *app, int64_t id, int dry_run, struct gx_error *err);

/* The rejected-rows CSV of a finished job (malloc'ed, *len bytes and a NUL); GX_ECONFLICT while it runs,
 * GX_ENOTFOUND when it wrote none. */
enum gx_err app_import_run_rejected(struct app *app, int64_t id, char **data, size_t *len,
                                    struct gx_error *err);

/* The background side, called by each server's import thread as the system actor: claims one
 * queued run (or one whose server died: its lease ran out) under holder's name and executes it
 * (progress is written from a second connection to db_url). *ran is 1 when a run was handled.
 * The caller's heartbeat must renew holder's leases. */
enum gx_err app_import_runs_work(struct app *app, const char *db_url, const char *holder, int *ran,
                                 struct gx_error *err);

/* Deletes the runs created before `before` (ISO instant) that are not queued or running, with
 * their files and rows; *n counts them. */
enum gx_err app_import_runs_purge(struct app *app, const char *before, int64_t *n, struct gx_error *err);

#endif
