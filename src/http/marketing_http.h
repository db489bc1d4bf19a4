/* Shared by the marketing and loyalty handlers (marketing.c, loyalty.c): typed reads of JSON
 * bodies with messages naming the field, a record sent with extra keys, and a customer's
 * loyalty standing as JSON (also embedded in GET /api/v1/customers/{id}). */
#ifndef GX_HTTP_MARKETING_HTTP_H
#define GX_HTTP_MARKETING_HTTP_H

#include "http/http.h"

/* obj[key] as an integer / string. *present = 0 when absent or null; required makes absence
 * an error. Wrong types are GX_EINVAL naming the key. */
enum gx_err mh_int(json_t *obj, const char *key, int required, int64_t *out, int *present,
                   struct gx_error *err);
enum gx_err mh_str(json_t *obj, const char *key, int required, const char **out, struct gx_error *err);
/* The record as JSON with its ETag, plus the keys of extra (stolen, may be NULL). */
void mh_send_record(struct http_req *rq, struct http_resp *rs, int status, const struct record *r,
                    json_t *extra);
/* [{club, club_name, joined_on, balance, credited, tier, tier_name, next_tier, points_to_next,
 * purchases, frequency_discount_bp}] for every club the customer is a member of now. */
enum gx_err mh_loyalty_json(struct http_req *rq, int64_t customer_id, json_t **out, struct gx_error *err);
/* Adds "loyalty" (mh_loyalty_json) to the customer object already in rs; left as it is when
 * that fails (the customer record itself was read fine). */
void mh_add_loyalty(struct http_req *rq, struct http_resp *rs, int64_t customer_id);

#endif
