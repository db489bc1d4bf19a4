/* The route table of the association rules and cross-selling suggestions (MODELS.md M23,
 * handlers in recommend.c): the rules on the pseudo-entity "analytics" like the other
 * analytics aggregates, a customer's suggestions on "customer" like its scores. */
#include "http/http.h"

enum gx_err h_analytics_association(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_customer_recommendations(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

const struct http_route http_routes_recommend[] = {
	{"GET", "/api/v1/analytics/association", HTTP_READ, "analytics", h_analytics_association},
	{"GET", "/api/v1/customers/{id}/recommendations", HTTP_READ, "customer", h_customer_recommendations},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
