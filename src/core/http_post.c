/* One HTTP/1.1 POST over a plain socket with a deadline (see core/http_post.h). Every wait is
 * a poll() bounded by what is left of timeout_ms, so a receiver that accepts and never answers
 * costs the worker at most the timeout. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/http_post.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"

struct url_parts {
	char host[256], port[8];
	const char *path;
};

static enum gx_err url_split(const char *url, struct url_parts *u, struct gx_error *err)
{
	if (strncmp(url, "https://", 8) == 0)
		return gx_error_set(err, GX_EINVAL, "url", "%s",
		                    _("https:// webhook URLs are not supported yet by this build; use http:// "
		                      "(for example to a local relay) until TLS support is added"));
	if (strncmp(url, "http://", 7) != 0)
		return gx_error_set(err, GX_EINVAL, "url", _("%s: a webhook URL must start with http://"), url);
	const char *h = url + 7, *end = h + strcspn(h, "/?#");
	const char *colon = NULL;
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(end - h));
		if (!rb)
			return gx_error_set(err, GX_EINVAL, "url", _("%s: unclosed [ in the host"), url);
		if ((size_t)(rb - h - 1) >= sizeof u->host)
			return gx_error_set(err, GX_EINVAL, "url", _("%s: the host is too long"), url);
		snprintf(u->host, sizeof u->host, "%.*s", (int)(rb - h - 1), h + 1);
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		const char *hend = colon ? colon : end;
		if (hend == h || (size_t)(hend - h) >= sizeof u->host)
			return gx_error_set(err, GX_EINVAL, "url", _("%s: missing or too long host"), url);
		snprintf(u->host, sizeof u->host, "%.*s", (int)(hend - h), h);
	}
	snprintf(u->port, sizeof u->port, "80");
	if (colon) {
		size_t n = (size_t)(end - colon - 1);
		if (n == 0 || n > 5 || strspn(colon + 1, "0123456789") < n || atoi(colon + 1) < 1 ||
		    atoi(colon + 1) > 65535)
			return gx_error_set(err, GX_EINVAL, "url", _("%s: the port must be a number from 1 to 65535"),
			                    url);
		snprintf(u->port, sizeof u->port, "%.*s", (int)n, colon + 1);
	}
	u->path = *end == '/' ? end : "/";
	if (*end && *end != '/')
		return gx_error_set(err, GX_EINVAL, "url", _("%s: expected a path after the host"), url);
	if (strpbrk(u->path, " \r\n\t"))
		return gx_error_set(err, GX_EINVAL, "url", _("%s: spaces and line breaks are not allowed"), url);
	return GX_OK;
}

enum gx_err gx_http_url_check(const char *url, struct gx_error *err)
{
	struct url_parts u;
	return url_split(url, &u, err);
}

static long long mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits for fd to be ready for events until the deadline; 0 ready, -1 timed out or failed. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - mono_ms();
		if (left <= 0)
			return -1;
		struct pollfd p = {.fd = fd, .events = events};
		int r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int connect_to(const struct url_parts *u, long long deadline, char *why, size_t whysize)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(u->host, u->port, &hints, &res);
	if (rc != 0) {
		snprintf(why, whysize, "%s: %s", u->host, gai_strerror(rc));
		return -1;
	}
	int fd = -1;
	snprintf(why, whysize, "%s", "no address");
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		int ok = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
		if (!ok && errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline) == 0) {
			int soerr = 0;
			socklen_t len = sizeof soerr;
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
			ok = soerr == 0;
			errno = soerr ? soerr : ETIMEDOUT;
		} else if (!ok && errno == EINPROGRESS) {
			errno = ETIMEDOUT;
		}
		if (ok)
			break;
		snprintf(why, whysize, "connect: %s", strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

enum gx_err gx_http_post(const char *url, const struct gx_http_header *headers, size_t nheaders,
                         const char *body, size_t len, int timeout_ms, int *status,
                         struct gx_error *err)
{
	*status = 0;
	struct url_parts u;
	enum gx_err e = url_split(url, &u, err);
	if (e != GX_OK)
		return e;
	long long deadline = mono_ms() + timeout_ms;
	char why[160];
	int fd = connect_to(&u, deadline, why, sizeof why);
	if (fd < 0)
		return gx_error_set(err, GX_EIO, "url", "%s", why);
	struct strbuf req;
	sb_init(&req);
	int v6 = strchr(u.host, ':') != NULL;
	sb_printf(&req, "POST %s HTTP/1.1\r\nHost: %s%s%s%s%s\r\n", u.path, v6 ? "[" : "", u.host,
	                 v6 ? "]" : "", strcmp(u.port, "80") ? ":" : "", strcmp(u.port, "80") ? u.port : "");
	sb_printf(&req, "User-Agent: guanxi-webhooks\r\nContent-Type: application/json\r\n"
	                       "Content-Length: %zu\r\nConnection: close\r\n", len);
	for (size_t i = 0; i < nheaders; i++)
		sb_printf(&req, "%s: %s\r\n", headers[i].name, headers[i].value);
	sb_add(&req, "\r\n");
	sb_addn(&req, body, len);
	size_t sent = 0;
	e = GX_OK;
	while (sent < req.len && e == GX_OK) {
		ssize_t w = send(fd, req.data + sent, req.len - sent, MSG_NOSIGNAL);
		if (w > 0)
			sent += (size_t)w;
		else if (w < 0 && errno != EAGAIN && errno != EINTR)
			e = gx_error_set(err, GX_EIO, "url", "send: %s", strerror(errno));
		else if (wait_fd(fd, POLLOUT, deadline) != 0)
			e = gx_error_set(err, GX_EIO, "url", "%s", _("timed out sending the request"));
	}
	sb_free(&req);
	char head[512];
	size_t got = 0;
	while (e == GX_OK && !memchr(head, '\n', got) && got < sizeof head - 1) {
		if (wait_fd(fd, POLLIN, deadline) != 0) {
			e = gx_error_set(err, GX_EIO, "url", "%s", _("timed out waiting for the answer"));
			break;
		}
		ssize_t r = recv(fd, head + got, sizeof head - 1 - got, 0);
		if (r == 0)
			break;
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			e = gx_error_set(err, GX_EIO, "url", "recv: %s", strerror(errno));
		else if (r > 0)
			got += (size_t)r;
	}
	close(fd);
	if (e != GX_OK)
		return e;
	head[got] = '\0';
	int code = 0;
	if (sscanf(head, "HTTP/1.%*[01] %3d", &code) != 1 || code < 100 || code > 599)
		return gx_error_set(err, GX_EIO, "url", "%s", _("the receiver's answer is not HTTP"));
	*status = code;
	return GX_OK;
}
