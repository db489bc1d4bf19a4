/* The background threads of guanxi serve (see http/background.h): the scheduler, the webhook
 * worker, the import worker (the wizard's queued previews and imports, guanxi/import_runs.h),
 * and the heartbeat that keeps the scheduler's job leases alive while a job runs (its
 * own thread and connection, so a run of any length never blocks it). Each opens its own app
 * as the system actor, reloads the settings every round (another server or the CLI may change
 * the schedule), and sleeps on a condition variable so that a stop request wakes it at once.
 * Errors are logged as JSON lines on stderr next to the access log and the round is retried
 * later: a database that is down only delays the jobs. */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/clock.h"
#include "guanxi/import_runs.h"
#include "guanxi/jobs.h"
#include "http/background.h"

#define JOBS_ROUND_S 1
#define IMPORTS_ROUND_MS 300   /* how soon a queued wizard run starts on an idle server */
/* Small batches: a worker that dies holds at most this many deliveries until its lease (the
 * attempts' timeouts plus a margin) runs out. */
#define DELIVERY_BATCH 4
#define ROUND_BATCHES 50   /* one job row per round of at most 200 deliveries */

struct http_background {
	char *db_url;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	atomic_int stop_flag;     /* the same, read without the lock between deliveries */
	pthread_t jobs_thread, hooks_thread, beat_thread, imports_thread;
	int jobs_started, hooks_started, beat_started, imports_started;
	char jobs_holder[96];     /* the lease holder name of the scheduler and the import worker,
	                           * renewed by the heartbeat */
};

static void log_line(const char *what, const struct gx_error *err, json_t *extra)
{
	char now[32];
	gx_now_iso(now);
	json_t *j = json_pack("{s:s, s:s}", "time", now, "background", what);
	if (err)
		json_object_set_new(j, "error", json_string(err->message));
	if (extra)
		json_object_update(j, extra);
	json_decref(extra);
	char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (line)
		fprintf(stderr, "%s\n", line);
	free(line);
	json_decref(j);
}

/* Sleeps up to ms unless asked to stop; returns 1 when asked to stop. */
static int nap(struct http_background *b, int64_t ms)
{
	struct timespec t;
	gx_deadline_after_ms(&t, ms);
	pthread_mutex_lock(&b->mu);
	while (!b->stop && pthread_cond_timedwait(&b->cv, &b->mu, &t) == 0)
		;
	int stop = b->stop;
	pthread_mutex_unlock(&b->mu);
	return stop;
}

static int stopping(struct http_background *b)
{
	pthread_mutex_lock(&b->mu);
	int stop = b->stop;
	pthread_mutex_unlock(&b->mu);
	return stop;
}

/* Opens the thread's app when it is not open yet, else reloads its settings when asked to;
 * 0 when the database is not reachable. */
static int ensure_app(struct http_background *b, struct app *app, int *open, const char *what, int reload)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (*open && !reload)
		return 1;
	if (*open) {
		if (app_settings_load(app, &err) == GX_OK)
			return 1;
		log_line(what, &err, NULL);
		return 0;
	}
	if (app_open(app, b->db_url, 0, &err) != GX_OK) {
		log_line(what, &err, NULL);
		return 0;
	}
	app->actor.user_id = 0;   /* the system */
	*open = 1;
	return 1;
}

/* PostgreSQL: the customers that requests marked for the dashboard rollup (they do not fold
 * themselves: store_dashboard_defer) are folded here, a batch per round, in a transaction of
 * their own. SQLite's writer folds them with each commit group instead. A round that loses a
 * serialization conflict to another server's fold leaves them for the next. */
#define DASHBOARD_FOLD_BATCH 5000
static void fold_dashboard(struct app *app)
{
	if (store_backend(app->store) != STORE_POSTGRES)
		return;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_jobs_fold_dashboard(app, DASHBOARD_FOLD_BATCH, &err) != GX_OK && !store_failure_retryable(app->store))
		log_line("dashboard", &err, NULL);
}

static void *jobs_main(void *arg)
{
	struct http_background *b = arg;
	struct app app;
	int open = 0;
	while (!stopping(b)) {
		if (ensure_app(b, &app, &open, "jobs", 1)) {
			struct gx_error err;
			gx_error_clear(&err);
			int ran = 0;
			if (app_jobs_run_due(&app, b->jobs_holder, &ran, &err) != GX_OK)
				log_line("jobs", &err, NULL);
			fold_dashboard(&app);
		}
		if (nap(b, JOBS_ROUND_S * 1000))
			break;
	}
	if (open)
		app_close(&app);
	return NULL;
}

/* Renews the scheduler's leases every third of job_lease_s. When a renewal fails (the
 * database is away) the lease may run out and another server may start the kind: the same
 * at-most-once-at-a-time rule then rests on the run's own transaction. */
static void *beat_main(void *arg)
{
	struct http_background *b = arg;
	struct app app;
	int open = 0;
	while (!stopping(b)) {
		int every_ms = 1000;
		if (ensure_app(b, &app, &open, "heartbeat", 1)) {
			every_ms = app.settings.job_lease_s * 1000 / 3;
			struct gx_error err;
			gx_error_clear(&err);
			int64_t renewed = 0;
			if (app_jobs_heartbeat(&app, b->jobs_holder, &renewed, &err) != GX_OK)
				log_line("heartbeat", &err, NULL);
		}
		if (nap(b, every_ms > 0 ? every_ms : 1000))
			break;
	}
	if (open)
		app_close(&app);
	return NULL;
}

/* Runs the wizard's queued runs one after another (each claimed by its lease, under the same
 * holder name as the scheduler, so the heartbeat keeps it while it runs). */
static void *imports_main(void *arg)
{
	struct http_background *b = arg;
	struct app app;
	int open = 0;
	while (!stopping(b)) {
		int ran = 0;
		/* app_import_runs_work reads the settings itself when a run is waiting */
		if (ensure_app(b, &app, &open, "imports", 0)) {
			struct gx_error err;
			gx_error_clear(&err);
			if (app_import_runs_work(&app, b->db_url, b->jobs_holder, &ran, &err) != GX_OK)
				log_line("imports", &err, NULL);
		}
		if (!ran && nap(b, IMPORTS_ROUND_MS))
			break;
	}
	if (open)
		app_close(&app);
	return NULL;
}

static void *hooks_main(void *arg)
{
	struct http_background *b = arg;
	struct app app;
	int open = 0;
	char worker[96];
	app_jobs_worker_name("webhooks", worker);
	while (!stopping(b)) {
		int every = 1;
		if (ensure_app(b, &app, &open, "webhooks", 1)) {
			every = app.settings.job_webhooks_every_s;
			struct app_deliver_counts c;
			struct gx_error err;
			gx_error_clear(&err);
			/* Rounds follow each other while there is work; then the worker rests a period. */
			int more = every > 0;
			while (more && !stopping(b)) {
				if (app_jobs_deliver_webhooks(&app, worker, DELIVERY_BATCH, ROUND_BATCHES, &b->stop_flag,
				                              &c, &more, &err) != GX_OK) {
					log_line("webhooks", &err, NULL);
					break;
				}
			}
		}
		if (nap(b, (every > 0 ? every : 5) * 1000))
			break;
	}
	if (open)
		app_close(&app);
	return NULL;
}

struct http_background *http_background_start(const char *db_url, int scheduled)
{
	struct http_background *b = gx_xcalloc(1, sizeof *b);
	b->db_url = gx_xstrdup(db_url);
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	atomic_init(&b->stop_flag, 0);
	app_jobs_worker_name("jobs", b->jobs_holder);
	b->jobs_started = scheduled && pthread_create(&b->jobs_thread, NULL, jobs_main, b) == 0;
	b->beat_started = pthread_create(&b->beat_thread, NULL, beat_main, b) == 0;
	b->hooks_started = scheduled && pthread_create(&b->hooks_thread, NULL, hooks_main, b) == 0;
	b->imports_started = pthread_create(&b->imports_thread, NULL, imports_main, b) == 0;
	return b;
}

void http_background_stop(struct http_background *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->mu);
	b->stop = 1;
	atomic_store(&b->stop_flag, 1);
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	if (b->jobs_started)
		pthread_join(b->jobs_thread, NULL);
	if (b->beat_started)
		pthread_join(b->beat_thread, NULL);
	if (b->hooks_started)
		pthread_join(b->hooks_thread, NULL);
	if (b->imports_started)
		pthread_join(b->imports_thread, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	free(b->db_url);
	free(b);
}
