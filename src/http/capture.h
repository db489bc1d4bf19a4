/* Response capture for the contract tests (docs/api.md "Testing against the OpenAPI file"):
 * with GUANXI_CAPTURE_RESPONSES=FILE in the server's environment, every answer of a matched
 * API route is appended to FILE as one JSON line {method, route, status, type, body}, which
 * tests/integration/helpers/openapi_check.py validates against docs/openapi.yaml. Off (one
 * branch per response) unless the variable is set when the server starts. */
#ifndef GX_HTTP_CAPTURE_H
#define GX_HTTP_CAPTURE_H

#include <stddef.h>

/* Reads GUANXI_CAPTURE_RESPONSES once; call before the server accepts requests. */
void http_capture_init(void);
int http_capture_enabled(void);
/* Appends one response; route is the table's pattern (/api/v1/customers/{id}). A body sent
 * from a file (body NULL, len its size) is recorded as "streamed", without its content. */
void http_capture_response(const char *method, const char *route, int status,
                           const char *content_type, const char *body, size_t len);

#endif
