/* The access log's writer (access_log.h): request threads append their finished JSON lines to
 * one buffer and a writer thread writes what gathered with one write(2) per batch. A write per
 * line cost a twentieth of the CPU of a GET by id under load; batched, the log costs one call
 * per few milliseconds. Lines stay whole and in the order they were appended. */
#include "http/access_log.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guanxi/arena.h"

/* How long the writer lets lines gather once the first one of a batch arrived: a line reaches
 * the file at most about this much later than its request ended. */
#define GATHER_NS (5 * 1000 * 1000)

struct access_log {
	int fd;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *buf;           /* lines not yet taken by the writer */
	size_t len, cap;
	int stop;
	pthread_t thread;
};

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;   /* a log that cannot be written must not stop the server */
		p += w;
		n -= (size_t)w;
	}
}

static void *writer_main(void *arg)
{
	struct access_log *l = arg;
	char *out = NULL;
	size_t out_cap = 0;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		while (l->len == 0 && !l->stop)
			pthread_cond_wait(&l->cv, &l->mu);
		if (l->len == 0 && l->stop)
			break;
		if (!l->stop) {   /* let the batch gather, unless the server is stopping */
			pthread_mutex_unlock(&l->mu);
			struct timespec ts = {0, GATHER_NS};
			nanosleep(&ts, NULL);
			pthread_mutex_lock(&l->mu);
		}
		/* Swap buffers: appenders go on into the (empty) other one while this one is
		 * written without the lock. */
		char *full = l->buf;
		size_t n = l->len, cap = l->cap;
		l->buf = out;
		l->cap = out_cap;
		l->len = 0;
		out = full;
		out_cap = cap;
		pthread_mutex_unlock(&l->mu);
		write_all(l->fd, out, n);
		pthread_mutex_lock(&l->mu);
	}
	pthread_mutex_unlock(&l->mu);
	free(out);
	return NULL;
}

struct access_log *access_log_start(int fd)
{
	struct access_log *l = gx_xcalloc(1, sizeof *l);
	l->fd = fd;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	if (pthread_create(&l->thread, NULL, writer_main, l) != 0) {
		pthread_cond_destroy(&l->cv);
		pthread_mutex_destroy(&l->mu);
		free(l);
		return NULL;   /* the caller writes each line itself */
	}
	return l;
}

void access_log_line(struct access_log *l, const char *line, size_t n)
{
	if (!l) {
		write_all(STDERR_FILENO, line, n);
		return;
	}
	pthread_mutex_lock(&l->mu);
	if (l->len + n > l->cap) {
		size_t cap = l->cap ? l->cap : 64 * 1024;
		while (cap < l->len + n)
			cap *= 2;
		l->buf = gx_xrealloc(l->buf, cap);
		l->cap = cap;
	}
	memcpy(l->buf + l->len, line, n);
	int first = l->len == 0;
	l->len += n;
	pthread_mutex_unlock(&l->mu);
	if (first)   /* the writer sleeps only while the buffer is empty */
		pthread_cond_signal(&l->cv);
}

void access_log_stop(struct access_log *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->mu);
	l->stop = 1;
	pthread_mutex_unlock(&l->mu);
	pthread_cond_signal(&l->cv);
	pthread_join(l->thread, NULL);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	free(l->buf);
	free(l);
}
