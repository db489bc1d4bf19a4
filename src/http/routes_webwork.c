/* The route table of the small read endpoints the web pages of issue 9 needed (handlers in
 * customer_scores.c): the customer 360 page's scores and surveys. */
#include "http/http.h"

enum gx_err h_customer_scores(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

const struct http_route http_routes_webwork[] = {
	{"GET", "/api/v1/customers/{id}/scores", HTTP_READ, "customer", h_customer_scores},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
