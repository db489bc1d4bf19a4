/* The HTTP server (guanxi serve): the REST API under /api/v1/ over app/, and the static web UI.
 * See docs/api.md. */
#ifndef GUANXI_HTTP_H
#define GUANXI_HTTP_H

#include <stddef.h>

#include "guanxi/error.h"

struct http_server_config {
	const char *db_url;
	const char *listen;          /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80"; port 0 picks one */
	const char *web_dir;         /* static files; default "web" */
	unsigned threads;            /* worker threads; 0: two per core */
	unsigned max_connections;    /* 0: 1000 */
	unsigned max_per_ip;         /* 0: 200 */
	unsigned timeout_s;          /* idle connection timeout; 0: 30 */
	unsigned header_timeout_s;   /* a request's headers must arrive within this; 0: 20 */
	unsigned body_timeout_s;     /* … its body within this + 1 s per 500 bytes; 0: 20 */
	size_t max_body;             /* request body limit in bytes; 0: 1 MiB */
	size_t max_header;           /* request line + headers limit in bytes (about); 0: 16 KiB */
	int secure_cookies;          /* add Secure to the session cookie (behind HTTPS) */
	int no_background;           /* run no background jobs or webhook deliveries (guanxi/jobs.h) */
	/* Served under /vendor/: the browser files of the npm packages the UI uses (Chart.js);
	 * NULL: <web_dir>/../node_modules/chart.js/dist, where `npm ci` puts them in a checkout. */
	const char *vendor_dir;
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish and
 * returns GX_OK. Prints "listening on HOST:PORT" to stderr once bound (the real port when 0
 * was asked), and one JSON access-log line per request. */
enum gx_err http_server_run(const struct http_server_config *cfg, struct gx_error *err);

#endif
