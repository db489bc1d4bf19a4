/* The route tables of the server: every endpoint with its method, path pattern, the permission
 * it needs, the entity it acts on (for the access matrix) and its handler (defined in the
 * resource files). The core table is here; each module family keeps its own table in its own
 * file (routes_<module>.c) and adds one line to http_route_tables below, so modules never
 * edit each other's lines. docs/openapi.yaml describes each
 * of them; tests/integration/test_http.sh checks that none is missing there. Anything else
 * under GET that is not /api/ is a static file of web/. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_healthz); H(h_readyz); H(h_api_index);
H(h_login); H(h_logout); H(h_session);
H(h_customer_list); H(h_customer_create); H(h_customer_get); H(h_customer_patch);
H(h_customer_delete); H(h_customer_restore); H(h_customer_claim); H(h_customer_release);
H(h_customer_merge); H(h_customer_interactions); H(h_customer_interaction_add);
H(h_customer_contacts); H(h_customer_contact_add);
H(h_contact_list); H(h_contact_get); H(h_interaction_list); H(h_interaction_get);
H(h_product_list); H(h_product_get); H(h_order_list); H(h_order_get); H(h_search);
#undef H

static const struct http_route http_routes_core[] = {
	{"GET", "/healthz", HTTP_PUBLIC, NULL, h_healthz},
	{"GET", "/readyz", HTTP_PUBLIC, NULL, h_readyz},
	{"GET", "/api/v1/", HTTP_PUBLIC, NULL, h_api_index},
	{"POST", "/api/v1/login", HTTP_PUBLIC, NULL, h_login},
	{"POST", "/api/v1/logout", HTTP_READ, NULL, h_logout},
	{"GET", "/api/v1/session", HTTP_READ, NULL, h_session},
	{"GET", "/api/v1/customers", HTTP_READ, "customer", h_customer_list},
	{"POST", "/api/v1/customers", HTTP_WRITE, "customer", h_customer_create},
	{"GET", "/api/v1/customers/{id}", HTTP_READ, "customer", h_customer_get},
	{"PATCH", "/api/v1/customers/{id}", HTTP_WRITE, "customer", h_customer_patch},
	{"DELETE", "/api/v1/customers/{id}", HTTP_WRITE, "customer", h_customer_delete},
	{"POST", "/api/v1/customers/{id}/restore", HTTP_WRITE, "customer", h_customer_restore, "delete"},
	{"POST", "/api/v1/customers/{id}/claim", HTTP_WRITE, "customer", h_customer_claim},
	{"POST", "/api/v1/customers/{id}/release", HTTP_WRITE, "customer", h_customer_release},
	{"POST", "/api/v1/customers/{id}/merge", HTTP_WRITE, "customer", h_customer_merge, "delete"},
	{"GET", "/api/v1/customers/{id}/interactions", HTTP_READ, "customer", h_customer_interactions},
	{"POST", "/api/v1/customers/{id}/interactions", HTTP_WRITE, "interaction", h_customer_interaction_add},
	{"GET", "/api/v1/customers/{id}/contacts", HTTP_READ, "customer", h_customer_contacts},
	{"POST", "/api/v1/customers/{id}/contacts", HTTP_WRITE, "contact", h_customer_contact_add},
	{"GET", "/api/v1/contacts", HTTP_READ, "contact", h_contact_list},
	{"GET", "/api/v1/contacts/{id}", HTTP_READ, "contact", h_contact_get},
	{"GET", "/api/v1/interactions", HTTP_READ, "interaction", h_interaction_list},
	{"GET", "/api/v1/interactions/{id}", HTTP_READ, "interaction", h_interaction_get},
	{"GET", "/api/v1/products", HTTP_READ, "product", h_product_list},
	{"GET", "/api/v1/products/{id}", HTTP_READ, "product", h_product_get},
	{"GET", "/api/v1/orders", HTTP_READ, "order", h_order_list},
	{"GET", "/api/v1/orders/{id}", HTTP_READ, "order", h_order_get},
	{"GET", "/api/v1/search", HTTP_READ, "customer", h_search},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};

/* Every table, in matching order. A module adds `extern const struct http_route
 * http_routes_<module>[];` here and its name to the list. */
extern const struct http_route http_routes_credit[];
extern const struct http_route http_routes_surveys[];
extern const struct http_route http_routes_service[];
extern const struct http_route http_routes_marketing[];
extern const struct http_route http_routes_workflow[];
extern const struct http_route http_routes_access[];
extern const struct http_route http_routes_sales[];
extern const struct http_route http_routes_dashboard[];
extern const struct http_route http_routes_hooks[];
extern const struct http_route http_routes_webwork[];
extern const struct http_route http_routes_admin[];
extern const struct http_route http_routes_import[];
extern const struct http_route http_routes_analytics[];
extern const struct http_route http_routes_recommend[];

const struct http_route *const http_route_tables[] = {
	http_routes_core,
	http_routes_credit,
	http_routes_surveys,
	http_routes_service,
	http_routes_marketing,
	http_routes_workflow,
	http_routes_access,
	http_routes_sales,
	http_routes_dashboard,
	http_routes_hooks,
	http_routes_webwork,
	http_routes_admin,
	http_routes_import,
	http_routes_analytics,
	http_routes_recommend,
	NULL,
};

/* A positive decimal id of at most 18 digits (no sign, no leading zero). */
static int parse_id(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Segment-by-segment comparison; "{id}" takes an id. */
static int path_matches(const char *pattern, const char *path, int64_t ids[HTTP_MAX_PARAMS], int *nids)
{
	*nids = 0;
	const char *p = pattern, *q = path;
	while (*p && *q) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			size_t qn = strcspn(q, "/");
			if (!pe || *nids >= HTTP_MAX_PARAMS || !parse_id(q, qn, &ids[*nids]))
				return 0;
			(*nids)++;
			p = pe + 1;
			q += qn;
			continue;
		}
		if (*p != *q)
			return 0;
		p++;
		q++;
	}
	return *p == 0 && *q == 0;
}

const struct http_route *http_route_match(const char *method, const char *path,
                                          int64_t ids[HTTP_MAX_PARAMS], int *nids, int *path_known)
{
	*path_known = 0;
	*nids = 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	HTTP_FOR_EACH_ROUTE(t, r) {
		int64_t tmp[HTTP_MAX_PARAMS];
		int n = 0;
		if (!path_matches(r->pattern, path, tmp, &n))
			continue;
		if (strcmp(r->method, method) != 0) {
			*path_known = 1;
			continue;
		}
		memcpy(ids, tmp, sizeof tmp);
		*nids = n;
		return r;
	}
	return NULL;
}
