/* The header timeout of guanxi serve (header_timeout.h). libmicrohttpd's own timeout
 * (--timeout) counts idle time only: a client that sends one byte of its headers every few
 * seconds (the "slowloris" attack) is never idle for long, so it would keep its connection,
 * and its place under --max-connections and --max-per-ip, as long as it liked. The workers
 * are not what it holds (libmicrohttpd waits for every connection in one epoll set); the
 * connection slots are. Here every connection carries the moment since which it waits for a
 * request's headers (when it was accepted, or when its last request ended); a thread looks
 * at them twice a second and shuts down the socket of any that waited too long.
 * libmicrohttpd then reads the end of the stream and closes the connection the usual way.
 * A request whose headers arrived in time may take longer for its body (--timeout then
 * applies, as for any idle connection). */
#include "http/header_timeout.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "guanxi/arena.h"
#include "guanxi/clock.h"

#define SCAN_INTERVAL_MS 500

/* One connection, from libmicrohttpd's "started" to its "closed" notification. */
struct watched {
	int fd;
	int shut;                       /* its socket was shut down; waiting for libmicrohttpd */
	atomic_llong waiting_since_ms;  /* monotonic; 0 while a request is being served */
	char remote[INET6_ADDRSTRLEN];
	struct watched *prev, *next;
};

struct header_timeout {
	int64_t limit_ms;
	struct access_log *log;
	pthread_mutex_t mu;             /* the list, and shutdown() against the "closed" notice */
	pthread_cond_t cv;
	struct watched *head;
	int stop;
	pthread_t thread;
};

static int64_t mono_ms(void)
{
	return (int64_t)(gx_monotonic_us() / 1000u);
}

static void log_closed(struct header_timeout *h, const struct watched *w, int64_t waited_ms)
{
	char now[32], line[256];
	gx_now_iso(now);
	int n = snprintf(line, sizeof line,
	                 "{\"time\":\"%s\",\"event\":\"header_timeout\",\"remote\":\"%s\",\"waited_ms\":%lld}\n",
	                 now, w->remote, (long long)waited_ms);
	if (n > 0 && (size_t)n < sizeof line)
		access_log_line(h->log, line, (size_t)n);
}

static void *watch_main(void *arg)
{
	struct header_timeout *h = arg;
	pthread_mutex_lock(&h->mu);
	while (!h->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SCAN_INTERVAL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&h->cv, &h->mu, &until);
		int64_t now = mono_ms();
		for (struct watched *w = h->head; w && !h->stop; w = w->next) {
			int64_t since = atomic_load_explicit(&w->waiting_since_ms, memory_order_relaxed);
			if (w->shut || !since || now - since < h->limit_ms)
				continue;
			/* Under the lock: the "closed" notice, which comes before libmicrohttpd closes the
			 * descriptor, waits for it, so this fd is still the connection's own. */
			shutdown(w->fd, SHUT_RDWR);
			w->shut = 1;
			log_closed(h, w, now - since);
		}
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

struct header_timeout *header_timeout_start(unsigned seconds, struct access_log *log)
{
	struct header_timeout *h = gx_xcalloc(1, sizeof *h);
	h->limit_ms = (int64_t)seconds * 1000;
	h->log = log;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if (pthread_create(&h->thread, NULL, watch_main, h) != 0) {
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
		free(h);
		return NULL;
	}
	return h;
}

void header_timeout_stop(struct header_timeout *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	/* The daemon has stopped and said "closed" for every connection it had. */
	while (h->head) {
		struct watched *w = h->head;
		h->head = w->next;
		free(w);
	}
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

static void remote_text(struct MHD_Connection *c, char out[INET6_ADDRSTRLEN])
{
	snprintf(out, INET6_ADDRSTRLEN, "?");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

void header_timeout_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                           enum MHD_ConnectionNotificationCode code)
{
	struct header_timeout *h = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci)
			return;   /* not watched: --timeout still applies */
		struct watched *w = gx_xcalloc(1, sizeof *w);
		w->fd = ci->connect_fd;
		atomic_init(&w->waiting_since_ms, mono_ms());
		remote_text(c, w->remote);
		pthread_mutex_lock(&h->mu);
		w->next = h->head;
		if (h->head)
			h->head->prev = w;
		h->head = w;
		pthread_mutex_unlock(&h->mu);
		*socket_context = w;
		return;
	}
	struct watched *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&h->mu);
	if (w->prev)
		w->prev->next = w->next;
	else
		h->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&h->mu);
	free(w);
	*socket_context = NULL;
}

static struct watched *watched_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void header_timeout_request_began(struct MHD_Connection *c)
{
	struct watched *w = watched_of(c);
	if (w)
		atomic_store_explicit(&w->waiting_since_ms, 0, memory_order_relaxed);
}

void header_timeout_request_ended(struct MHD_Connection *c)
{
	struct watched *w = watched_of(c);
	if (w)
		atomic_store_explicit(&w->waiting_since_ms, mono_ms(), memory_order_relaxed);
}
