/* Routes of webhooks and background jobs (handlers in hooks.c). */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_webhook_list); H(h_webhook_create); H(h_webhook_disable); H(h_webhook_enable);
H(h_webhook_deliveries); H(h_job_list);
#undef H

const struct http_route http_routes_hooks[] = {
	{"GET", "/api/v1/webhooks", HTTP_READ, "webhook", h_webhook_list},
	{"POST", "/api/v1/webhooks", HTTP_WRITE, "webhook", h_webhook_create},
	{"POST", "/api/v1/webhooks/{id}/disable", HTTP_WRITE, "webhook", h_webhook_disable},
	{"POST", "/api/v1/webhooks/{id}/enable", HTTP_WRITE, "webhook", h_webhook_enable},
	{"GET", "/api/v1/webhooks/deliveries", HTTP_READ, "webhook", h_webhook_deliveries},
	{"GET", "/api/v1/jobs", HTTP_READ, "job", h_job_list},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
