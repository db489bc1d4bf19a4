/* The route table of the analytics pages' aggregates (客户分析, handlers in analytics_charts.c):
 * read-only, on the pseudo-entity "analytics" of the permission table (admins, managers and
 * analysts by default), each narrowed to the caller's row scope. */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_analytics_scores); H(h_analytics_pareto); H(h_analytics_cohorts); H(h_analytics_pivot);
H(h_analytics_satloy);
#undef H

const struct http_route http_routes_analytics[] = {
	{"GET", "/api/v1/analytics/scores", HTTP_READ, "analytics", h_analytics_scores},
	{"GET", "/api/v1/analytics/pareto", HTTP_READ, "analytics", h_analytics_pareto},
	{"GET", "/api/v1/analytics/cohorts", HTTP_READ, "analytics", h_analytics_cohorts},
	{"GET", "/api/v1/analytics/pivot", HTTP_READ, "analytics", h_analytics_pivot},
	{"GET", "/api/v1/analytics/satisfaction-loyalty", HTTP_READ, "analytics", h_analytics_satloy},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
