/* The libmicrohttpd side of guanxi serve: the daemon with its thread pool and limits, one app
 * (one store connection) per worker thread, request bodies with their size limit, the
 * authentication and permission gate in front of every route, the access log, and a graceful
 * stop on SIGTERM/SIGINT. No state of the product is kept here: sessions, counters and data are
 * in the database, so several servers may share one. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "guanxi/access.h"
#include "guanxi/clock.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/group_commit.h"
#include "guanxi/i18n.h"
#include "guanxi/search_merge.h"
#include "guanxi/store_scope.h"
#include "http/access_log.h"
#include "http/acceptor.h"
#include "http/background.h"
#include "http/capture.h"
#include "http/http.h"
#include "http/request_timeouts.h"

#define DEFAULT_MAX_BODY (1024 * 1024)
/* Each connection's request line and headers are read into a memory pool of this size
 * (libmicrohttpd's MHD_OPTION_CONNECTION_MEMORY_LIMIT; too long: 414 or 431). libmicrohttpd
 * zeroes the whole pool after every request, so its size is paid on every request: memset took
 * 4.8 % of a GET by id's server CPU in perf with libmicrohttpd's default of 32 KiB, 3.2 % with
 * 16 KiB. 16 KiB is what Node.js allows by default; nginx and Apache allow 8 KB a line. */
#define DEFAULT_MAX_HEADER (16 * 1024)
#define SETTINGS_REFRESH_MS 5000
#define DRAIN_TIMEOUT_MS 10000
#define SERIALIZATION_RETRIES 8

/* One worker thread's database handle: SQLite connections are never shared between threads. */
struct worker {
	struct app app;
	int64_t settings_at;
	int policy_gen;           /* the server's policy_gen when this worker last loaded it */
	struct worker *next;
};

struct server {
	struct http_server_config cfg;
	struct access_log *log;   /* stderr, written in batches (access_log.h) */
	pthread_mutex_t mu;
	struct worker *workers;   /* every worker's app, closed after the daemon stopped */
	atomic_int inflight;
	/* Bumped when a request of this server changed the permission table, so every worker
	 * reloads it before its next request (changes from elsewhere arrive with the settings). */
	atomic_int policy_gen;
	/* Group commit (SQLite): write requests run on one writer thread and connection, many
	 * to a COMMIT (guanxi/group_commit.h). gc_mu guards gc against the stop: a request either
	 * is queued before the stop drains the queue or is served the ordinary way after it. */
	pthread_mutex_t gc_mu;
	struct group_commit *gc;
	int gc_overlap;           /* its fsyncs overlap the next group (a syncer thread) */
	int group_writes;         /* set before the daemon starts: writes go to the writer */
	struct worker *writer;
	struct search_merge_saved merge_saved;   /* FTS5 automerge as found, put back at the stop */
};

static _Thread_local struct worker *tl_worker;

/* The state of one request across libmicrohttpd's calls. */
struct request_ctx {
	struct timespec start;
	char *body;
	size_t len, cap;
	int too_large, responded;
	int status;
	int retries;        /* runs again after a serialization failure */
	int64_t user_id;
	char request_id[40];
	char method[16];
	char *path;
	json_t *body_json;  /* the body parsed on the libmicrohttpd thread (group commit), or NULL */
	const char *route;  /* the matched route's pattern, for the response capture */
	/* A write under group commit: its connection is suspended while the request runs on the
	 * writer thread; the answer waits in rs until the group's COMMIT made it durable. */
	struct gc_job job;
	int gc_state;       /* GC_NONE, GC_QUEUED, GC_READY */
	int gc_own_error;   /* the request failed by itself (5xx): its answer stands */
	struct server *srv;
	struct MHD_Connection *conn;
	struct http_resp rs;
	struct gx_arena arena;
	struct watched_conn *watch;   /* the connection's header and body deadlines, or NULL */
};

enum { GC_NONE, GC_QUEUED, GC_READY };

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static struct worker *worker_get(struct server *srv, struct gx_error *err)
{
	if (tl_worker)
		return tl_worker;
	struct worker *w = gx_xcalloc(1, sizeof *w);
	if (app_open(&w->app, srv->cfg.db_url, 0, err) != GX_OK) {
		free(w);
		return NULL;
	}
	store_dashboard_defer(w->app.store, 1);   /* folded in batches: gc_before_commit, background.c */
	w->settings_at = gx_monotonic_ms();
	pthread_mutex_lock(&srv->mu);
	w->next = srv->workers;
	srv->workers = w;
	pthread_mutex_unlock(&srv->mu);
	tl_worker = w;
	return w;
}

/* A client's X-Request-Id is kept when it is short and plain; otherwise a random one. */
static void request_id_init(struct MHD_Connection *c, char out[40])
{
	const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (given && strlen(given) >= 8 && strlen(given) < 40 &&
	    strspn(given, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == strlen(given)) {
		snprintf(out, 40, "%s", given);
		return;
	}
	/* A request id needs to be unique, not secret: each thread draws a random 64-bit seed
	 * once and then steps splitmix64, instead of a getrandom system call per request. */
	static _Thread_local uint64_t state;
	static _Thread_local int seeded;
	if (!seeded) {
		randombytes_buf(&state, sizeof state);
		seeded = 1;
	}
	uint64_t z = (state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	unsigned char raw[8];
	for (int i = 0; i < 8; i++)
		raw[i] = (unsigned char)(z >> (8 * i));
	sodium_bin2hex(out, 40, raw, sizeof raw);
}

static int role_may_write(const char *role)
{
	return strcmp(role, "readonly") != 0 && strcmp(role, "analyst") != 0;
}

/* Who is calling: a bearer token, or the session cookie (then non-GET requests must carry the
 * session's CSRF token). */
static enum gx_err authenticate(struct http_req *rq, const char *method, struct gx_error *err)
{
	const char *authz = http_header(rq, "Authorization");
	if (authz && *authz) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return gx_error_set(err, GX_EUNAUTH, NULL, "%s",
			                    _("only Authorization: Bearer <token> is supported"));
		return app_auth_bearer(rq->app, authz + 7, &rq->ident, err);
	}
	const char *cookie = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "gx_session");
	if (!cookie)
		return gx_error_set(err, GX_EUNAUTH, NULL, "%s",
		                    _("authentication required: log in or send an API token"));
	enum gx_err e = app_auth_session(rq->app, cookie, &rq->ident, err);
	if (e != GX_OK)
		return e;
	rq->session_token = cookie;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		const char *csrf = http_header(rq, "X-CSRF-Token");
		if (!csrf || strlen(csrf) != strlen(rq->ident.csrf) ||
		    sodium_memcmp(csrf, rq->ident.csrf, strlen(csrf)) != 0)
			return gx_error_set(err, GX_EFORBIDDEN, "X-CSRF-Token", "%s",
			                    _("missing or wrong X-CSRF-Token header for a request made with the session cookie"));
	}
	return GX_OK;
}

/* Runs the handler; when its transaction lost a serialization conflict to a concurrent one
 * (PostgreSQL), the whole unit of work runs again after a short random pause, a bounded number
 * of times, before the client gets 503 unavailable. Handlers write in one transaction, so a
 * failed attempt left nothing behind. */
static enum gx_err handle_with_retries(struct http_req *rq, const struct http_route *route,
                                       struct http_resp *rs, int *retries, struct gx_error *err)
{
	for (int attempt = 0;; attempt++) {
		enum gx_err e = route->handler(rq, rs, err);
		*retries = attempt;
		if (e != GX_EUNAVAIL || attempt >= SERIALIZATION_RETRIES ||
		    !store_failure_retryable(rq->app->store))
			return e;
		if (store_in_transaction(rq->app->store))
			store_rollback(rq->app->store);
		free(rs->body);
		*rs = (struct http_resp){.status = 200, .fd = -1};
		gx_error_clear(err);
		struct timespec ts = {0, (long)(randombytes_uniform(20) + 5) * (1L << (attempt < 4 ? attempt : 4)) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

static void dispatch(struct server *srv, struct request_ctx *x, struct MHD_Connection *c,
                     struct http_resp *rs, struct gx_arena *a)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct http_req rq = {.conn = c, .method = x->method, .path = x->path, .arena = a,
	                      .request_id = x->request_id, .cfg = &srv->cfg};
	if (x->body) {
		rq.body = x->body;
		rq.body_len = x->len;
	}
	gx_i18n_set_lang(gx_lang_from_accept(http_header(&rq, "Accept-Language"), GX_LANG_EN));
	int path_known = 0;
	const struct http_route *route = http_route_match(x->method, x->path, rq.ids, &rq.nids, &path_known);
	if (route)
		x->route = route->pattern;
	if (!route) {
		int is_get = !strcmp(x->method, "GET") || !strcmp(x->method, "HEAD");
		if (is_get && strncmp(x->path, "/api/", 5) != 0) {
			if (http_static(&rq, rs, &err) != GX_OK)
				http_resp_error(rs, &err, NULL);
			return;
		}
		if (path_known) {
			gx_error_set(&err, GX_EINVAL, NULL, _("%s is not allowed on %s"), x->method, x->path);
			http_resp_error(rs, &err, NULL);
			rs->status = MHD_HTTP_METHOD_NOT_ALLOWED;
		} else {
			gx_error_set(&err, GX_ENOTFOUND, NULL, _("no such endpoint: %s"), x->path);
			http_resp_error(rs, &err, NULL);
		}
		return;
	}
	if (strcmp(route->pattern, "/healthz") == 0) {   /* the process, not the database */
		route->handler(&rq, rs, &err);
		return;
	}
	struct worker *w = worker_get(srv, &err);
	if (!w) {
		gx_error_set(&err, GX_EUNAVAIL, NULL, "%s", _("the database is not available"));
		http_resp_error(rs, &err, NULL);
		return;
	}
	rq.app = &w->app;
	if (strcmp(route->pattern, "/readyz") == 0) {
		pthread_mutex_lock(&srv->gc_mu);
		rq.writes_stopped = srv->gc && group_commit_failed(srv->gc);
		pthread_mutex_unlock(&srv->gc_mu);
	}
	/* Nobody until authenticated: user 0 would be the all-powerful system actor. */
	memset(&w->app.actor, 0, sizeof w->app.actor);
	snprintf(w->app.actor.role, sizeof w->app.actor.role, "readonly");
	app_access_apply(&w->app);   /* … and no scoped row either */
	w->app.request_id = x->request_id;
	int64_t now = gx_monotonic_ms();
	if (now - w->settings_at > SETTINGS_REFRESH_MS) {
		if (app_settings_load(&w->app, &err) != GX_OK || app_access_load(&w->app, &err) != GX_OK) {
			http_resp_error(rs, &err, NULL);
			return;
		}
		w->settings_at = now;
	}
	int gen = atomic_load(&srv->policy_gen);
	if (gen != w->policy_gen) {
		if (app_access_load(&w->app, &err) != GX_OK) {
			http_resp_error(rs, &err, NULL);
			return;
		}
		w->policy_gen = gen;
	}
	/* A read request (SQLite): authentication and the handler read one snapshot under one
	 * WAL read lock (store_read_begin); ended below whatever happened. */
	int reads_only = !strcmp(x->method, "GET") || !strcmp(x->method, "HEAD");
	if (reads_only)
		store_read_begin(w->app.store);
	enum gx_err e = GX_OK;
	if (route->perm != HTTP_PUBLIC) {
		e = authenticate(&rq, x->method, &err);
		if (e == GX_OK && rq.ident.lang[0]) {
			int lang = gx_lang_parse(rq.ident.lang);
			if (lang >= 0)
				gx_i18n_set_lang((enum gx_lang)lang);
		}
		if (e == GX_OK)
			x->user_id = rq.ident.user_id;
		if (e == GX_OK)
			app_access_apply(&w->app);   /* the caller's row scope for everything the handler reads */
		/* The permission table decides every route that names an entity; the others
		 * (logout, session) need only an authenticated caller whose role may act. */
		if (e == GX_OK && route->entity)
			e = app_access_check(&w->app, route->entity, (enum access_action)http_route_action(route), &err);
		else if (e == GX_OK && route->perm == HTTP_WRITE && !role_may_write(w->app.actor.role))
			e = gx_error_set(&err, GX_EFORBIDDEN, NULL, _("the role %s may not change data"),
			                 w->app.actor.role);
		if (e == GX_EUNAUTH)
			http_resp_header(rs, a, "WWW-Authenticate", "Bearer");
	}
	rq.body_json = x->body_json;   /* parsed before it was queued, or NULL; released below */
	x->body_json = NULL;
	if (e == GX_OK)
		e = http_body_check(&rq, &err);
	if (e == GX_OK) {
		e = handle_with_retries(&rq, route, rs, &x->retries, &err);
		if (rq.ident.user_id)
			x->user_id = rq.ident.user_id;
		if (e == GX_OK && route->entity && strcmp(route->entity, "permission") == 0 &&
		    strcmp(x->method, "GET") != 0)
			w->policy_gen = atomic_fetch_add(&srv->policy_gen, 1) + 1;   /* this worker has it */
	}
	if (e != GX_OK)
		http_resp_error(rs, &err, NULL);
	json_decref(rq.body_json);
	w->app.request_id = NULL;
	store_read_end(w->app.store);
	if (store_in_transaction(w->app.store))
		store_rollback(w->app.store);   /* a handler bug must not leave the connection in a transaction */
}

/* --- group commit ------------------------------------------------------------------------
 * Only routes that change data (HTTP_WRITE, not GET) go to the writer: reads keep their own
 * connections and run in parallel; login and logout (HTTP_PUBLIC/READ) hash passwords or
 * touch only the session, and would hold up the group for nothing. */
static int goes_to_writer(const struct request_ctx *x)
{
	if (!strcmp(x->method, "GET") || !strcmp(x->method, "HEAD"))
		return 0;
	int64_t ids[HTTP_MAX_PARAMS];
	int nids = 0, known = 0;
	const struct http_route *r = http_route_match(x->method, x->path, ids, &nids, &known);
	return r && r->perm == HTTP_WRITE;
}

static enum gx_err gc_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	struct request_ctx *x = (struct request_ctx *)((char *)job - offsetof(struct request_ctx, job));
	tl_worker = x->srv->writer;   /* the handler's app is the writer's, on this thread */
	x->srv->writer->app.defer_search = 1;   /* indexed once per group: gc_before_commit */
	dispatch(x->srv, x, x->conn, &x->rs, &x->arena);
	if (x->rs.status >= 500) {
		/* Whatever the request wrote before it failed goes with its savepoint. */
		x->gc_own_error = 1;
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("the request failed"));
	}
	return GX_OK;
}

#define GC_DASHBOARD_FOLD 1000   /* more than a group's 256 writes can mark */

static enum gx_err gc_before_commit(void *cls, struct store *s, struct gx_error *err)
{
	/* Read back with every row visible and nothing masked: the index is not the last caller's. */
	struct worker *w = cls;
	struct store_scope all = {.kind = STORE_SCOPE_ALL};
	store_scope_set(s, &all);
	enum gx_err e = app_search_flush(&w->app, err);
	/* The group's customers into the dashboard rollup, once for the group: the requests left
	 * them marked (store_dashboard_defer). At most GC_DASHBOARD_FOLD: a backlog marked by
	 * others (raw SQL, an import of another process that did not fold) is worked off a slice
	 * per group instead of stalling one group's answers; readers count marked ones exactly. */
	return e == GX_OK ? store_dashboard_fold(s, GC_DASHBOARD_FOLD, NULL, err) : e;
}

/* Pages per search-index merge step: 1-3 ms of CPU at 100k customers (steps of 64 pages cost
 * the same per page, in longer stalls). */
#define GC_MERGE_PAGES 16

/* The writer's idle moments merge the search index (include/guanxi/search_merge.h). */
static int gc_idle(void *cls, struct store *s)
{
	(void)cls;
	int worked = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if (store_search_merge_step(s, GC_MERGE_PAGES, &worked, &err) != GX_OK) {
		fprintf(stderr, "search index merge: %s\n", err.message);
		return -1;
	}
	return worked;
}

/* On the writer thread, or on the syncer's once the group's sync is done (overlap). */
static void gc_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	struct request_ctx *x = (struct request_ctx *)((char *)job - offsetof(struct request_ctx, job));
	if (e != GX_OK && !x->gc_own_error) {
		/* The group's COMMIT or sync failed: the answer the handler prepared is not durable. */
		free(x->rs.body);
		if (x->rs.fd >= 0)
			close(x->rs.fd);
		x->rs = (struct http_resp){.status = 200, .fd = -1};
		http_resp_error(&x->rs, err, NULL);
	}
	x->gc_state = GC_READY;
	MHD_resume_connection(x->conn);   /* libmicrohttpd calls on_request again to send it */
}

/* Queues the request for the writer with its connection suspended; 0 when the server is
 * stopping and the request is to be served the ordinary way. */
static int gc_queue(struct server *srv, struct request_ctx *x, struct MHD_Connection *c)
{
	pthread_mutex_lock(&srv->gc_mu);
	if (!srv->gc) {
		pthread_mutex_unlock(&srv->gc_mu);
		return 0;
	}
	x->gc_state = GC_QUEUED;
	x->srv = srv;
	x->conn = c;
	x->rs = (struct http_resp){.status = 200, .fd = -1};
	gx_arena_init(&x->arena, 0);
	x->job = (struct gc_job){.run = gc_run, .done = gc_done};
	/* Parsing here spares the writer thread, which runs the writes one after another. A body
	 * that does not parse is left for dispatch to refuse with its message. */
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (x->body && x->len && (!ct || strncasecmp(ct, "application/json", 16) == 0))
		x->body_json = json_loadb(x->body, x->len, JSON_REJECT_DUPLICATES, NULL);
	/* Suspended before it is queued, so the writer's resume never comes first. */
	MHD_suspend_connection(c);
	group_commit_submit(srv->gc, &x->job);
	pthread_mutex_unlock(&srv->gc_mu);
	return 1;
}

/* Stops group commit after the writes queued so far; later requests are served the ordinary
 * way. The counts go to the log: writes per COMMIT is what the grouping saved in fsyncs. */
static void gc_close(struct server *srv)
{
	pthread_mutex_lock(&srv->gc_mu);
	struct group_commit *g = srv->gc;
	srv->gc = NULL;
	pthread_mutex_unlock(&srv->gc_mu);
	if (!g)
		return;
	struct group_commit_stats st;
	group_commit_stop(g, &st);
	struct gx_error merr;
	gx_error_clear(&merr);
	if (srv->writer && store_search_merge_end(srv->writer->app.store, &srv->merge_saved, &merr) != GX_OK)
		fprintf(stderr, "search index: automerge not put back: %s\n", merr.message);
	fprintf(stderr, "group commit: %llu writes in %llu commits (%.1f per commit, largest group %llu, %llu failed);"
	        " %.3f s running writes, %.3f s committing (CPU %.3f s and %.3f s)",
	        (unsigned long long)st.jobs, (unsigned long long)st.commits,
	        st.commits ? (double)st.jobs / (double)st.commits : 0.0, (unsigned long long)st.max_group,
	        (unsigned long long)st.failed_jobs, (double)st.run_us / 1e6, (double)st.commit_us / 1e6,
	        (double)st.run_cpu_us / 1e6, (double)st.commit_cpu_us / 1e6);
	if (srv->gc_overlap)
		fprintf(stderr, ", %.3f s holding a group open for the syncer; syncer: %llu fsyncs of the WAL, %.3f s syncing,"
		        " %.1f groups and %.1f writes per fsync (at most %llu groups), %llu failed",
		        (double)st.hold_us / 1e6, (unsigned long long)st.syncs, (double)st.sync_us / 1e6,
		        st.syncs ? (double)st.synced_groups / (double)st.syncs : 0.0,
		        st.syncs ? (double)st.synced_jobs / (double)st.syncs : 0.0,
		        (unsigned long long)st.max_groups_per_sync, (unsigned long long)st.sync_failures);
	fprintf(stderr, "; %llu checkpoints beside the writer, %.3f s, and %llu of their tails on it, %.3f s;"
	        " %llu search-index merge steps in idle moments, %.3f s\n",
	        (unsigned long long)st.checkpoints, (double)st.checkpoint_us / 1e6,
	        (unsigned long long)st.tail_checkpoints, (double)st.tail_checkpoint_us / 1e6, (unsigned long long)st.idle_steps,
	        (double)st.idle_us / 1e6);
}

static enum MHD_Result send_resp(struct request_ctx *x, struct MHD_Connection *c, struct http_resp *rs)
{
	struct MHD_Response *resp;
	if (rs->fd >= 0) {
		resp = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
	} else {
		resp = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (void *)"",
		                                       rs->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	}
	if (!resp) {
		free(rs->body);
		return MHD_NO;
	}
	if (rs->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	MHD_add_response_header(resp, "X-Request-Id", x->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	int has_cache = 0;
	for (int i = 0; i < rs->nheaders; i++) {
		MHD_add_response_header(resp, rs->hname[i], rs->hvalue[i]);
		has_cache |= strcasecmp(rs->hname[i], "Cache-Control") == 0;
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	x->status = rs->status;
	x->responded = 1;
	if (http_capture_enabled())
		http_capture_response(x->method, x->route, rs->status, rs->content_type,
		                      rs->fd >= 0 ? NULL : rs->body, rs->fd >= 0 ? (size_t)rs->fd_size : rs->len);
	enum MHD_Result r = MHD_queue_response(c, (unsigned)rs->status, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result send_too_large(struct server *srv, struct request_ctx *x, struct MHD_Connection *c)
{
	gx_i18n_set_lang(gx_lang_from_accept(
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"), GX_LANG_EN));
	struct gx_error err;
	gx_error_set(&err, GX_ETOOLARGE, NULL, _("the request body is larger than %zu bytes"),
	             srv->cfg.max_body);
	struct http_resp rs = {.status = 413, .fd = -1};
	http_resp_error(&rs, &err, NULL);
	return send_resp(x, c, &rs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct request_ctx *x = *con_cls;
	if (!x) {
		x = gx_xcalloc(1, sizeof *x);
		x->watch = request_timeouts_began(c);   /* headers in: the body's deadline from now */
		clock_gettime(CLOCK_MONOTONIC, &x->start);
		snprintf(x->method, sizeof x->method, "%s", method);
		x->path = gx_xstrdup(url);
		request_id_init(c, x->request_id);
		atomic_fetch_add(&srv->inflight, 1);
		*con_cls = x;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body) {
			x->too_large = 1;
			return send_too_large(srv, x, c);   /* the body still has to come, or be cut */
		}
		return MHD_YES;
	}
	if (x->responded) {   /* the rest of a body answered 413 already, read and dropped */
		request_timeouts_body(x->watch, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		request_timeouts_body(x->watch, *upload_size);
		if (!x->too_large && x->len + *upload_size > srv->cfg.max_body) {
			x->too_large = 1;
			free(x->body);
			x->body = NULL;
			x->len = x->cap = 0;
		}
		if (!x->too_large) {
			if (x->len + *upload_size + 1 > x->cap) {
				x->cap = (x->len + *upload_size + 1) * 2;
				x->body = gx_xrealloc(x->body, x->cap);
			}
			memcpy(x->body + x->len, upload_data, *upload_size);
			x->len += *upload_size;
			x->body[x->len] = 0;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	request_timeouts_serving(x->watch);   /* the body is in (or there was none) */
	if (x->too_large)
		return send_too_large(srv, x, c);
	if (x->gc_state == GC_READY) {
		x->gc_state = GC_NONE;
		enum MHD_Result r = send_resp(x, c, &x->rs);
		gx_arena_free(&x->arena);
		return r;
	}
	if (x->gc_state == GC_QUEUED)
		return MHD_YES;
	if (srv->group_writes && goes_to_writer(x) && gc_queue(srv, x, c))
		return MHD_YES;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct http_resp rs = {.status = 200, .fd = -1};
	dispatch(srv, x, c, &rs, &a);
	enum MHD_Result r = send_resp(x, c, &rs);
	gx_arena_free(&a);
	return r;
}

/* The access log's pieces, written at p; each returns the position after what it wrote. */
static char *log_lit(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

static char *log_int(char *p, int64_t v)
{
	char t[24];
	return log_lit(p, gx_i64_text(v, t));
}

/* The duration in milliseconds with three decimals (microseconds), as a JSON number. */
static char *log_ms(char *p, double ms)
{
	int64_t us = ms > 0 && ms < 1e15 ? (int64_t)(ms * 1000.0 + 0.5) : 0;
	p = log_int(p, us / 1000);
	*p++ = '.';
	*p++ = (char)('0' + us / 100 % 10);
	*p++ = (char)('0' + us / 10 % 10);
	*p++ = (char)('0' + us % 10);
	return p;
}

/* Appends s as a JSON string (quotes included) at *p, escaping what JSON requires; bytes that
 * are not valid UTF-8 become U+FFFD, so that a hostile path still gives one valid line. Text
 * past end is cut (a path of more than about 2,900 bytes is logged shortened). */
static char *log_str(char *p, const char *end, const char *s)
{
	*p++ = '"';
	for (const unsigned char *u = (const unsigned char *)s; *u && p < end - 8;) {
		unsigned c = *u;
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
			u++;
		} else if (c < 0x20 || c == 0x7f) {
			p += sprintf(p, "\\u%04x", c);
			u++;
		} else if (c < 0x80) {
			*p++ = (char)c;
			u++;
		} else {
			size_t n = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
			size_t i = 1;
			while (n && i < n && (u[i] & 0xc0) == 0x80)
				i++;
			int ok = n && i == n && !(c == 0xe0 && u[1] < 0xa0) && !(c == 0xed && u[1] >= 0xa0) &&
			         !(c == 0xf0 && u[1] < 0x90) && !(c == 0xf4 && u[1] >= 0x90);
			if (ok) {
				memcpy(p, u, n);
				p += n;
				u += n;
			} else {
				memcpy(p, "\xef\xbf\xbd", 3);
				p += 3;
				u += i;
			}
		}
	}
	*p++ = '"';
	return p;
}

/* One JSON line per request on stderr, handed whole to the access log's writer thread.
 * Built by hand into a stack buffer (the same keys, order and number format as jansson gave):
 * the JSON library cost as much as the request itself for a small GET. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request_ctx *x = *con_cls;
	request_timeouts_ended(c);   /* the next request's headers are due from now */
	if (!x)
		return;
	char now[32], line[3072];
	const char *end = line + sizeof line - 160;   /* room for the fields after the path */
	gx_now_iso(now);
	/* Put together without printf, which was a sixtieth of the CPU of a GET by id. */
	char *p = line;
	p = log_lit(p, "{\"time\":\"");
	p = log_lit(p, now);
	p = log_lit(p, "\",\"request_id\":");
	p = log_str(p, end, x->request_id);
	p = log_lit(p, ",\"method\":");
	p = log_str(p, end, x->method);
	p = log_lit(p, ",\"path\":");
	p = log_str(p, end, x->path);
	p = log_lit(p, ",\"status\":");
	p = log_int(p, x->responded ? x->status : 0);
	p = log_lit(p, ",\"ms\":");
	p = log_ms(p, ms_since(&x->start));
	p = log_lit(p, ",\"user_id\":");
	p = log_int(p, x->user_id);
	p = log_lit(p, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ",\"completed\":true" : ",\"completed\":false");
	if (x->retries) {
		p = log_lit(p, ",\"retries\":");
		p = log_int(p, x->retries);
	}
	p = log_lit(p, "}\n");
	access_log_line(srv->log, line, (size_t)(p - line));
	if (x->gc_state == GC_READY) {   /* the client left before its answer could be sent */
		free(x->rs.body);
		if (x->rs.fd >= 0)
			close(x->rs.fd);
		gx_arena_free(&x->arena);
	}
	json_decref(x->body_json);
	free(x->body);
	free(x->path);
	free(x);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->inflight, 1);
}

/* %XX decoding of the path that refuses an encoded NUL (it would cut the path in two): such a
 * path becomes one no route or file matches. */
static size_t unescape_path(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '%' && r[1] && r[2] && strchr("0123456789abcdefABCDEF", r[1]) &&
		    strchr("0123456789abcdefABCDEF", r[2])) {
			char hex[3] = {r[1], r[2], 0};
			int v = (int)strtol(hex, NULL, 16);
			if (v == 0) {
				strcpy(s, "/\x01");
				return 2;
			}
			*w++ = (char)v;
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

static enum gx_err parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6,
                                struct gx_error *err)
{
	char host[128];
	const char *port;
	if (listen[0] == '[') {
		const char *end = strchr(listen, ']');
		if (!end || end[1] != ':' || (size_t)(end - listen - 1) >= sizeof host)
			return gx_error_set(err, GX_EINVAL, "listen", _("--listen %s: expected HOST:PORT"), listen);
		snprintf(host, sizeof host, "%.*s", (int)(end - listen - 1), listen + 1);
		port = end + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			return gx_error_set(err, GX_EINVAL, "listen", _("--listen %s: expected HOST:PORT"), listen);
		snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
		port = colon + 1;
	}
	char *end;
	long pn = strtol(port, &end, 10);
	if (!*port || *end || pn < 0 || pn > 65535)
		return gx_error_set(err, GX_EINVAL, "listen", _("--listen %s: the port must be a number from 0 to 65535"),
		                    listen);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE};
	struct addrinfo *res = NULL;
	if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
		return gx_error_set(err, GX_EINVAL, "listen",
		                    _("--listen %s: expected a numeric address and port, e.g. 127.0.0.1:8080"),
		                    listen);
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return GX_OK;
}

/* libmicrohttpd's own complaints (connection limits, socket errors), marked as such. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	fprintf(stderr, "libmicrohttpd: %s%s", buf, buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
}

enum gx_err http_server_run(const struct http_server_config *cfg, struct gx_error *err)
{
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	struct server srv = {.cfg = *cfg};
	http_capture_init();
	if (!srv.cfg.web_dir)
		srv.cfg.web_dir = "web";
	if (!srv.cfg.max_body)
		srv.cfg.max_body = DEFAULT_MAX_BODY;
	if (!srv.cfg.max_header)
		srv.cfg.max_header = DEFAULT_MAX_HEADER;
	if (!srv.cfg.max_connections)
		srv.cfg.max_connections = 1000;
	if (!srv.cfg.max_per_ip)
		srv.cfg.max_per_ip = 200;
	if (!srv.cfg.timeout_s)
		srv.cfg.timeout_s = 30;
	if (!srv.cfg.header_timeout_s)
		srv.cfg.header_timeout_s = 20;
	if (!srv.cfg.body_timeout_s)
		srv.cfg.body_timeout_s = 20;
	pthread_mutex_init(&srv.mu, NULL);
	pthread_mutex_init(&srv.gc_mu, NULL);
	atomic_init(&srv.inflight, 0);
	atomic_init(&srv.policy_gen, 0);

	/* Open (and migrate) once up front, so a bad --db fails here and not on the first request.
	 * On SQLite this first connection becomes the writer of group commit. */
	struct worker *writer = gx_xcalloc(1, sizeof *writer);
	enum gx_err e = app_open(&writer->app, cfg->db_url, 0, err);
	if (e != GX_OK) {
		free(writer);
		return e;
	}
	store_dashboard_defer(writer->app.store, 1);
	/* Worker threads: one per core on SQLite, whose reads run in this process and never wait
	 * (1M demo, GET by id: 68 µs and 23,500/s with two threads against 75 µs and 21,900/s with
	 * four on 2 cores); two per core on PostgreSQL, where a request waits for the database. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (!srv.cfg.threads)
		srv.cfg.threads = (unsigned)(cores > 0 ? cores : 1) * (store_backend(writer->app.store) == STORE_SQLITE ? 1 : 2);
	if (store_backend(writer->app.store) == STORE_SQLITE) {
		/* The fsync of one group overlaps the running of the next; without WAL (or the WAL
		 * file) the COMMIT syncs as before. */
		struct group_commit_options o = {.before_commit = gc_before_commit, .cls = writer, .overlap = 1,
		                                 .idle = gc_idle};
		struct gx_error oerr;
		gx_error_clear(&oerr);
		/* merges of the search index in the writer's idle moments instead of in the writes */
		if (store_search_merge_begin(writer->app.store, &srv.merge_saved, &oerr) != GX_OK) {
			fprintf(stderr, "search index merging stays in the writes: %s\n", oerr.message);
			o.idle = NULL;
			gx_error_clear(&oerr);
		}
		e = group_commit_start(writer->app.store, &o, &srv.gc, &oerr);
		if (e == GX_OK) {
			srv.gc_overlap = 1;
		} else {
			fprintf(stderr, "group commit without overlap: %s\n", oerr.message);
			o.overlap = 0;
			e = group_commit_start(writer->app.store, &o, &srv.gc, err);
		}
	}
	if (srv.gc) {
		writer->settings_at = gx_monotonic_ms();
		srv.writer = writer;
		srv.group_writes = 1;
		writer->next = srv.workers;
		srv.workers = writer;
	} else {
		struct gx_error ignored;
		store_search_merge_end(writer->app.store, &srv.merge_saved, &ignored);
		app_close(&writer->app);
		free(writer);
		if (e != GX_OK)
			return e;
	}

	struct sockaddr_storage ss;
	int v6 = 0;
	if ((e = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss, &v6, err)) != GX_OK)
		return e;

	/* Worker threads inherit this mask, so only sigwait below sees the stop signals. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	/* Started after the mask, so that these threads do not take the stop signals either. */
	/* --no-background leaves out the scheduled jobs and webhooks, not the wizard's imports */
	struct http_background *bg = http_background_start(cfg->db_url, !cfg->no_background);

	/* The server accepts connections itself (http/acceptor.c says why): libmicrohttpd gets
	 * no listening socket of its own. */
	const char *what = cfg->listen ? cfg->listen : "127.0.0.1:8080";
	int lfd = -1;
	unsigned port = 0;
	if ((e = http_listen_socket((struct sockaddr *)&ss, v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
	                            what, &lfd, &port, err)) != GX_OK) {
		gc_close(&srv);
		http_background_stop(bg);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return e;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
	                 MHD_USE_NO_LISTEN_SOCKET;
	flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv.log = access_log_start(STDERR_FILENO);
	struct request_timeouts *rto = request_timeouts_start(srv.cfg.header_timeout_s, srv.cfg.body_timeout_s, srv.log);
	if (!rto)
		gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("cannot start the server's request-timeout thread"));
	struct MHD_Daemon *d = !rto ? NULL : MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, &srv,
		/* first, so that libmicrohttpd's own complaints about the options after it reach
		 * our log too (it warns otherwise) */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_THREAD_POOL_SIZE, srv.cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, srv.cfg.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv.cfg.max_per_ip,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv.cfg.max_header,
		MHD_OPTION_CONNECTION_TIMEOUT, srv.cfg.timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_NOTIFY_CONNECTION, request_timeouts_notify, rto,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_path, NULL,
		MHD_OPTION_END);
	struct http_acceptor *acc = d ? http_acceptor_start(lfd, d, err) : NULL;
	if (!acc) {
		int saved = errno;
		if (d)
			MHD_stop_daemon(d);
		request_timeouts_stop(rto);
		access_log_stop(srv.log);
		close(lfd);
		gc_close(&srv);
		http_background_stop(bg);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return d || !rto ? err->code
		                 : gx_error_set(err, GX_EIO, "listen", _("cannot listen on %s: %s"), what, strerror(saved));
	}
	char host[INET6_ADDRSTRLEN] = "";
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	fprintf(stderr, v6 ? "listening on [%s]:%u (%u threads)\n" : "listening on %s:%u (%u threads)\n",
	        host, port, srv.cfg.threads);

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "stopping on signal %d: finishing requests in flight\n", sig);
	http_acceptor_stop(acc);   /* no new connections; those open finish their requests */
	int64_t t0 = gx_monotonic_ms();
	while (atomic_load(&srv.inflight) > 0 && gx_monotonic_ms() - t0 < DRAIN_TIMEOUT_MS) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	gc_close(&srv);   /* every queued write answered (resumed) before the daemon stops */
	MHD_stop_daemon(d);
	request_timeouts_stop(rto);
	access_log_stop(srv.log);   /* every request's line is written before "stopped" */
	http_background_stop(bg);
	for (struct worker *w = srv.workers, *next; w; w = next) {
		next = w->next;
		app_close(&w->app);
		free(w);
	}
	pthread_mutex_destroy(&srv.mu);
	pthread_mutex_destroy(&srv.gc_mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fprintf(stderr, "stopped\n");
	return GX_OK;
}
