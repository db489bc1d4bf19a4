/* What the sales handlers (http/sales_*.c) share: reading optional members of a JSON body
 * with type checks that name the member, and sending a record reloaded from the store. */
#ifndef GX_HTTP_SALES_HTTP_H
#define GX_HTTP_SALES_HTTP_H

#include "guanxi/sales.h"
#include "http/http.h"

/* Removes member `name` from obj and gives its string value (arena copy), NULL when absent or
 * null; GX_EINVAL naming it when it is not a string. */
enum gx_err sales_take_string(struct http_req *rq, json_t *obj, const char *name, const char **out,
                              struct gx_error *err);
/* The same for an integer (*present = 0 when absent or null). */
enum gx_err sales_take_int(json_t *obj, const char *name, int64_t *out, int *present, struct gx_error *err);
/* The same for a boolean (false when absent). */
enum gx_err sales_take_bool(json_t *obj, const char *name, int *out, struct gx_error *err);
/* The request body as an object (an empty object when there is no body). */
enum gx_err sales_body(struct http_req *rq, json_t **out, struct gx_error *err);
/* Sends the live record def/id as stored now, with its ETag. */
enum gx_err sales_send(struct http_req *rq, struct http_resp *rs, int status, const struct entity_def *def,
                       int64_t id, struct gx_error *err);
/* The path's record must exist and be live (404 otherwise). */
enum gx_err sales_path_live(struct http_req *rq, const struct entity_def *def, struct record *r,
                            struct gx_error *err);
/* Sends quote id with its lines and ETag. */
enum gx_err sales_send_quote(struct http_req *rq, struct http_resp *rs, int status, int64_t id,
                             struct gx_error *err);
/* Takes "discount_pct" (a percentage: number or string; absent: *bp unchanged) and "lines" (an
 * array of at most 500 line objects; absent: *lines NULL) out of a quote body. */
enum gx_err sales_quote_body(struct http_req *rq, json_t *body, int *bp, struct quote_line_input **lines,
                             size_t *n, struct gx_error *err);
/* The If-Match version of a PATCH; answers 428 (and returns GX_OK with *version 0) without it.
 * *answered tells that the response is already made. */
enum gx_err sales_if_match(struct http_req *rq, struct http_resp *rs, int64_t *version, int *answered,
                           struct gx_error *err);

#endif
