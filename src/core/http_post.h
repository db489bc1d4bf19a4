/* The HTTP client of webhook deliveries (libcurl): one POST to an http:// or https:// URL with
 * a deadline, keeping only the status of the answer. */
#ifndef GX_CORE_HTTP_POST_H
#define GX_CORE_HTTP_POST_H

#include <stddef.h>

#include "guanxi/error.h"

struct gx_http_header {
	const char *name, *value;
};

/* Checks that url is one this client can call: http[s]://HOST[:PORT][/PATH]. */
enum gx_err gx_http_url_check(const char *url, struct gx_error *err);

/* POSTs body as application/json with the extra headers; *status gets the answer's status
 * code. Fails with GX_EIO (message says why: refused, timed out, bad answer) when no status
 * came back within timeout_ms. */
enum gx_err gx_http_post(const char *url, const struct gx_http_header *headers, size_t nheaders,
                         const char *body, size_t len, int timeout_ms, int *status,
                         struct gx_error *err);

#endif
