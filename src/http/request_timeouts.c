/* The header and body timeouts of guanxi serve (request_timeouts.h). libmicrohttpd's own
 * timeout (--timeout) counts idle time only: a client that sends one byte of its headers, or
 * of its body, every few seconds ("slowloris", "slow POST") is never idle for long, so it
 * would keep its connection, and its place under --max-connections and --max-per-ip, as long
 * as it liked. The workers are not what it holds (libmicrohttpd waits for every connection in
 * one epoll set); the connection slots are.
 *
 * Every connection carries its phase and the moment the phase began: waiting for a request's
 * headers (since it was opened, or since its last request ended), receiving a body (since the
 * headers were in, with the bytes received so far), or being answered (no deadline). A
 * thread looks at them twice a second and shuts down the socket of any that is late;
 * libmicrohttpd then reads the end of the stream and closes the connection the usual way.
 * The body's allowance grows with what arrived (the rule of Apache's RequestReadTimeout), so
 * a large upload at any reasonable speed is never cut. */
#include "http/request_timeouts.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "guanxi/arena.h"
#include "guanxi/clock.h"
#include "http/http.h"

#define SCAN_INTERVAL_MS 500

enum { PHASE_HEADERS, PHASE_BODY, PHASE_SERVING };

/* One connection, from libmicrohttpd's "started" to its "closed" notification. The request
 * threads write since and bytes, then the phase (release); the watch thread reads the phase
 * first (acquire), so a new phase comes with its own start. */
struct watched_conn {
	int fd;
	int shut;                /* its socket was shut down; waiting for libmicrohttpd */
	atomic_int phase;
	atomic_llong since_ms;   /* monotonic: when the phase began */
	atomic_llong bytes;      /* of the body received so far (PHASE_BODY) */
	char remote[64];
	struct watched_conn *prev, *next;
};

struct request_timeouts {
	int64_t header_ms, body_ms;
	struct access_log *log;
	pthread_mutex_t mu;      /* the list, and shutdown() against the "closed" notice */
	pthread_cond_t cv;
	struct watched_conn *head;
	int stop;
	pthread_t thread;
};

static void log_closed(struct request_timeouts *t, const struct watched_conn *w, const char *event,
                       int64_t waited_ms, int64_t bytes)
{
	char now[32], line[256];
	gx_now_iso(now);
	int n = snprintf(line, sizeof line, "{\"time\":\"%s\",\"event\":\"%s\",\"remote\":\"%s\",\"waited_ms\":%lld",
	                 now, event, w->remote, (long long)waited_ms);
	if (n > 0 && (size_t)n < sizeof line && bytes >= 0)
		n += snprintf(line + n, sizeof line - (size_t)n, ",\"body_bytes\":%lld", (long long)bytes);
	if (n > 0 && (size_t)n + 2 < sizeof line) {
		memcpy(line + n, "}\n", 2);
		access_log_line(t->log, line, (size_t)n + 2);
	}
}

/* Whether w is past its deadline at now; says which one and how long it waited. */
static int late(const struct request_timeouts *t, struct watched_conn *w, int64_t now,
                const char **event, int64_t *waited, int64_t *bytes)
{
	int phase = atomic_load_explicit(&w->phase, memory_order_acquire);
	int64_t since = atomic_load_explicit(&w->since_ms, memory_order_relaxed);
	*waited = now - since;
	*bytes = -1;
	if (phase == PHASE_HEADERS) {
		*event = "header_timeout";
		return *waited >= t->header_ms;
	}
	if (phase == PHASE_BODY) {
		*bytes = atomic_load_explicit(&w->bytes, memory_order_relaxed);
		*event = "body_timeout";
		return *waited >= t->body_ms + *bytes * 1000 / REQUEST_BODY_MIN_RATE;
	}
	return 0;
}

static void *watch_main(void *arg)
{
	struct request_timeouts *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		struct timespec until;
		gx_deadline_after_ms(&until, SCAN_INTERVAL_MS);
		pthread_cond_timedwait(&t->cv, &t->mu, &until);
		int64_t now = gx_monotonic_ms();
		for (struct watched_conn *w = t->head; w && !t->stop; w = w->next) {
			const char *event;
			int64_t waited, bytes;
			if (w->shut || !late(t, w, now, &event, &waited, &bytes))
				continue;
			/* Under the lock: the "closed" notice, which comes before libmicrohttpd closes the
			 * descriptor, waits for it, so this fd is still the connection's own. */
			shutdown(w->fd, SHUT_RDWR);
			w->shut = 1;
			log_closed(t, w, event, waited, bytes);
		}
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

struct request_timeouts *request_timeouts_start(unsigned header_s, unsigned body_s, struct access_log *log)
{
	struct request_timeouts *t = gx_xcalloc(1, sizeof *t);
	t->header_ms = (int64_t)header_s * 1000;
	t->body_ms = (int64_t)body_s * 1000;
	t->log = log;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->thread, NULL, watch_main, t) != 0) {
		pthread_cond_destroy(&t->cv);
		pthread_mutex_destroy(&t->mu);
		free(t);
		return NULL;
	}
	return t;
}

void request_timeouts_stop(struct request_timeouts *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = 1;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	/* The daemon has stopped and said "closed" for every connection it had. */
	while (t->head) {
		struct watched_conn *w = t->head;
		t->head = w->next;
		free(w);
	}
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static void set_phase(struct watched_conn *w, int phase)
{
	atomic_store_explicit(&w->since_ms, gx_monotonic_ms(), memory_order_relaxed);
	atomic_store_explicit(&w->bytes, 0, memory_order_relaxed);
	atomic_store_explicit(&w->phase, phase, memory_order_release);
}

void request_timeouts_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code)
{
	struct request_timeouts *t = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci)
			return;   /* not watched: --timeout still applies */
		struct watched_conn *w = gx_xcalloc(1, sizeof *w);
		w->fd = ci->connect_fd;
		set_phase(w, PHASE_HEADERS);
		http_client_address(c, w->remote);
		pthread_mutex_lock(&t->mu);
		w->next = t->head;
		if (t->head)
			t->head->prev = w;
		t->head = w;
		pthread_mutex_unlock(&t->mu);
		*socket_context = w;
		return;
	}
	struct watched_conn *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&t->mu);
	if (w->prev)
		w->prev->next = w->next;
	else
		t->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&t->mu);
	free(w);
	*socket_context = NULL;
}

static struct watched_conn *watched_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

struct watched_conn *request_timeouts_began(struct MHD_Connection *c)
{
	struct watched_conn *w = watched_of(c);
	if (w)
		set_phase(w, PHASE_BODY);
	return w;
}

void request_timeouts_body(struct watched_conn *w, size_t bytes)
{
	if (w)
		atomic_fetch_add_explicit(&w->bytes, (long long)bytes, memory_order_relaxed);
}

void request_timeouts_serving(struct watched_conn *w)
{
	if (w)
		atomic_store_explicit(&w->phase, PHASE_SERVING, memory_order_release);
}

void request_timeouts_ended(struct MHD_Connection *c)
{
	struct watched_conn *w = watched_of(c);
	if (w)
		set_phase(w, PHASE_HEADERS);
}
