/* The scheduler's side of background jobs (see guanxi/jobs.h). Each due kind is claimed through
 * its lease row, run with the app function the CLI uses, and handed back with its next due
 * time. The lease is short (setting job_lease_s) and renewed by a heartbeat of the server while
 * the run lasts (app_jobs_heartbeat, from another thread and connection); a server that dies
 * mid-run stops renewing, so another takes the kind over within about one lease and marks the
 * dead run's job row failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/hooks_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/import_runs.h"
#include "guanxi/jobs.h"
#include "guanxi/recommend.h"
#include "guanxi/score.h"
#include "guanxi/settings.h"

/* Test hook: a pause after the claim, so that tests can kill a server mid-run. */
static int64_t test_delay_ms(void)
{
	const char *v = getenv("GUANXI_TEST_JOB_DELAY_MS");
	return v ? strtoll(v, NULL, 10) : 0;
}

void app_jobs_worker_name(const char *tag, char out[96])
{
	char host[48] = "";
	gethostname(host, sizeof host - 1);
	unsigned char raw[4];
	randombytes_buf(raw, sizeof raw);
	char hex[9];
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	snprintf(out, 96, "%s:%d:%s:%s", host, (int)getpid(), tag, hex);
}

static enum gx_err run_score(struct app *app, struct gx_error *err)
{
	struct gx_tz *tz = NULL;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	struct app_score_options o;
	struct app_model_params m;
	e = app_score_options_load(app, &o, &m, gx_instant_local_date(gx_now_ms(), tz), err);
	gx_tz_free(tz);
	if (e != GX_OK)
		return e;
	struct app_score_result res;
	if ((e = app_score_run(app, &o, &res, err)) != GX_OK)
		return e;
	/* the association rules of M23 are refreshed with the scores */
	struct app_assoc_result ar;
	return app_assoc_run(app, &m.assoc, &ar, err);
}

static enum gx_err run_recycle(struct app *app, struct gx_error *err)
{
	int64_t recycled = 0, job_id = 0;
	return app_pool_recycle(app, &recycled, &job_id, err);
}

/* Prunes delivered and failed webhook events older than the retention, with their delivery
 * log; one job row with the count. */
static enum gx_err run_webhook_prune(struct app *app, struct gx_error *err)
{
	char before[32], counts[64];
	gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.webhook_retention_days * 86400000, before);
	int64_t job_id = 0, events = 0;
	enum gx_err e = store_job_start(app->store, "webhook_prune", app->actor.user_id, NULL, NULL, NULL,
	                                &job_id, err);
	if (e != GX_OK)
		return e;
	e = store_webhook_prune(app->store, before, &events, err);
	snprintf(counts, sizeof counts, "{\"events\":%lld}", (long long)events);
	struct gx_error fe;
	store_job_finish(app->store, job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &fe);
	return e;
}

/* Deletes the import wizard's runs older than the retention, with their files and rows. */
static enum gx_err run_import_purge(struct app *app, struct gx_error *err)
{
	char before[32], counts[64];
	gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.import_retention_days * 86400000, before);
	int64_t job_id = 0, runs = 0;
	enum gx_err e = store_job_start(app->store, "import_purge", app->actor.user_id, NULL, NULL, NULL, &job_id, err);
	if (e != GX_OK)
		return e;
	e = app_import_runs_purge(app, before, &runs, err);
	snprintf(counts, sizeof counts, "{\"runs\":%lld}", (long long)runs);
	struct gx_error fe;
	store_job_finish(app->store, job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &fe);
	return e;
}

static int score_every(const struct app_settings *s) { return s->job_score_every_s; }
static int recycle_every(const struct app_settings *s) { return s->job_recycle_every_s; }
static int prune_every(const struct app_settings *s) { return s->webhook_retention_days > 0 ? 86400 : 0; }
static int import_purge_every(const struct app_settings *s) { return s->import_retention_days > 0 ? 86400 : 0; }

static const struct {
	const char *kind;
	int (*every)(const struct app_settings *s);   /* seconds between runs, 0: never */
	enum gx_err (*run)(struct app *app, struct gx_error *err);
} kinds[] = {
	{"score", score_every, run_score},
	{"recycle", recycle_every, run_recycle},
	{"webhook_prune", prune_every, run_webhook_prune},
	{"import_purge", import_purge_every, run_import_purge},
};

enum gx_err app_jobs_run_due(struct app *app, const char *holder, int *ran, struct gx_error *err)
{
	*ran = 0;
	enum gx_err first = GX_OK;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		int every = kinds[i].every(&app->settings);
		if (every <= 0)
			continue;
		int64_t now_ms = gx_now_ms();
		char now[32], lease[32], first_run[32], crashed[32];
		gx_format_instant_utc(now_ms, now);
		gx_format_instant_utc(now_ms + (int64_t)app->settings.job_lease_s * 1000, lease);
		/* A kind seen for the first time waits one period: starting a server does not start
		 * every job at once. */
		gx_format_instant_utc(now_ms + (int64_t)every * 1000, first_run);
		int got = 0;
		struct gx_error ke;
		gx_error_clear(&ke);
		enum gx_err e = store_job_lease_claim(app->store, kinds[i].kind, holder, now, lease, first_run,
		                                      &got, crashed, &ke);
		if (e == GX_OK && got && crashed[0])
			e = store_job_mark_abandoned(app->store, kinds[i].kind, crashed,
			                             _("the server running this job stopped before it finished"),
			                             now, &ke);
		if (e == GX_OK && got) {
			/* The run's own job row records its failure; the lease is handed back either way. */
			int64_t delay = test_delay_ms();
			if (delay > 0)
				usleep((useconds_t)(delay * 1000));
			e = kinds[i].run(app, &ke);
			(*ran)++;
			char next[32];
			gx_format_instant_utc(gx_now_ms() + (int64_t)every * 1000, next);
			struct gx_error re;
			enum gx_err r = store_job_lease_release(app->store, kinds[i].kind, holder, next, &re);
			if (e == GX_OK && r != GX_OK) {
				e = r;
				ke = re;
			}
		}
		if (e != GX_OK && first == GX_OK) {
			first = e;
			if (err)
				*err = ke;
		}
	}
	return first;
}

enum gx_err app_jobs_heartbeat(struct app *app, const char *holder, int64_t *renewed,
                               struct gx_error *err)
{
	char lease[32];
	gx_format_instant_utc(gx_now_ms() + (int64_t)app->settings.job_lease_s * 1000, lease);
	return store_job_lease_renew(app->store, holder, lease, renewed, err);
}

enum gx_err app_jobs_deliver_webhooks(struct app *app, const char *worker, int batch,
                                      int max_batches, const atomic_int *stop,
                                      struct app_deliver_counts *c, int *more, struct gx_error *err)
{
	memset(c, 0, sizeof *c);
	*more = 0;
	char started[32];
	gx_now_iso(started);
	enum gx_err e = GX_OK;
	for (int i = 0; i < max_batches && !(stop && atomic_load(stop)); i++) {
		struct app_deliver_counts one;
		e = app_webhooks_deliver(app, worker, batch, stop, &one, err);
		c->claimed += one.claimed;
		c->delivered += one.delivered;
		c->retried += one.retried;
		c->failed += one.failed;
		c->lost += one.lost;
		*more = e == GX_OK && one.claimed == batch;
		if (!*more)
			break;
	}
	if (c->claimed == 0)
		return e;
	char counts[200], params[140];
	snprintf(counts, sizeof counts,
	         "{\"claimed\":%lld,\"delivered\":%lld,\"retried\":%lld,\"failed\":%lld,\"lost\":%lld}",
	         (long long)c->claimed, (long long)c->delivered, (long long)c->retried,
	         (long long)c->failed, (long long)c->lost);
	snprintf(params, sizeof params, "{\"worker\":\"%s\"}", worker);
	struct gx_error je;
	int64_t job_id = 0;
	if (store_job_record(app->store, "webhooks", app->actor.user_id, params, started, e == GX_OK, counts,
	                     e == GX_OK ? NULL : err->message, &job_id, &je) != GX_OK && e == GX_OK) {
		*err = je;
		e = je.code;
	}
	return e;
}

enum gx_err app_jobs_list(struct app *app, const char *kind, int limit, struct gx_arena *a,
                          struct job_row **out, size_t *n, struct gx_error *err)
{
	if (app->actor.user_id != 0 && strcmp(app->actor.role, "admin") != 0)
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only an admin can see background jobs"));
	if (limit < 1 || limit > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be from 1 to 1000"));
	return store_job_list(app->store, kind && *kind ? kind : NULL, limit, a, out, n, err);
}

enum gx_err app_jobs_fold_dashboard(struct app *app, int64_t max, struct gx_error *err)
{
	int64_t waiting = 0;
	enum gx_err e = store_dashboard_dirty(app->store, 1, &waiting, err);
	if (e != GX_OK || waiting == 0 || (e = store_begin(app->store, err)) != GX_OK)
		return e;
	if ((e = store_dashboard_fold(app->store, max, NULL, err)) != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	return store_commit(app->store, err);
}
