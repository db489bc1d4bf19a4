/* The route table of the dashboard (the web UI's landing page): read-only aggregates, handler
 * in dashboard.c. */
#include "http/http.h"

enum gx_err h_dashboard(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

const struct http_route http_routes_dashboard[] = {
	{"GET", "/api/v1/dashboard", HTTP_READ, "customer", h_dashboard},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
