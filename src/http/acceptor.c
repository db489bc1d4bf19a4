/* The server's listening socket and the thread that accepts its connections.
 *
 * libmicrohttpd's thread pool lets every worker thread accept from the shared listening
 * socket, and whichever wakes first takes the connection. Under a burst of new connections the
 * split is left to chance: 64 connections of a benchmark landed on the 4 workers as 59/4/1/1,
 * 29/21/14/1 and 20/16/7/22 in three runs, and the connections of the crowded worker waited
 * several times longer than the others (p99 up to 20 × p50), while the idle workers had nothing
 * to do. So the server accepts itself and hands each connection to libmicrohttpd with
 * MHD_add_connection, which places it on worker (socket number mod pool size): consecutive
 * connections go to consecutive workers. libmicrohttpd still enforces the connection limits
 * (per worker and per address) and closes a socket it refuses. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "guanxi/i18n.h"
#include "http/acceptor.h"

struct http_acceptor {
	int listen_fd;
	int stop_fd;   /* eventfd: written once to stop the thread */
	struct MHD_Daemon *daemon;
	pthread_t thread;
};

enum gx_err http_listen_socket(const struct sockaddr *sa, socklen_t len, const char *what, int *fd_out,
                               unsigned *port, struct gx_error *err)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return gx_error_set(err, GX_EIO, "listen", _("cannot listen on %s: %s"), what, strerror(errno));
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (sa->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, sa, len) != 0 || listen(fd, SOMAXCONN) != 0) {
		int saved = errno;
		close(fd);
		return gx_error_set(err, GX_EIO, "listen", _("cannot listen on %s: %s"), what, strerror(saved));
	}
	struct sockaddr_storage bound;
	socklen_t blen = sizeof bound;
	*port = 0;
	if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0)
		*port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
		                                          : ((struct sockaddr_in *)&bound)->sin_port);
	*fd_out = fd;
	return GX_OK;
}

static void *accept_loop(void *arg)
{
	struct http_acceptor *a = arg;
	struct pollfd p[2] = {{.fd = a->listen_fd, .events = POLLIN}, {.fd = a->stop_fd, .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		struct sockaddr_storage addr;
		socklen_t len = sizeof addr;
		int fd = accept4(a->listen_fd, (struct sockaddr *)&addr, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				/* out of descriptors: the backlog waits until connections close */
				struct timespec ts = {0, 10 * 1000 * 1000};
				nanosleep(&ts, NULL);
			}
			continue;   /* EAGAIN, ECONNABORTED, EINTR, …: the next one */
		}
		MHD_add_connection(a->daemon, fd, (struct sockaddr *)&addr, len);   /* closes fd if refused */
	}
	return NULL;
}

struct http_acceptor *http_acceptor_start(int listen_fd, struct MHD_Daemon *daemon, struct gx_error *err)
{
	struct http_acceptor *a = calloc(1, sizeof *a);
	if (!a) {
		gx_error_set(err, GX_ENOMEM, NULL, "%s", _("out of memory"));
		return NULL;
	}
	a->listen_fd = listen_fd;
	a->daemon = daemon;
	a->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (a->stop_fd < 0 || pthread_create(&a->thread, NULL, accept_loop, a) != 0) {
		gx_error_set(err, GX_EIO, "listen", _("cannot start the thread accepting connections: %s"),
		             strerror(errno));
		if (a->stop_fd >= 0)
			close(a->stop_fd);
		free(a);
		return NULL;
	}
	return a;
}

void http_acceptor_stop(struct http_acceptor *a)
{
	if (!a)
		return;
	uint64_t one = 1;
	if (write(a->stop_fd, &one, sizeof one) != sizeof one) {
		/* an eventfd write of 1 cannot fail short of a bug; shutting the socket down also ends the loop */
		shutdown(a->listen_fd, SHUT_RDWR);
	}
	pthread_join(a->thread, NULL);
	close(a->stop_fd);
	close(a->listen_fd);
	free(a);
}
