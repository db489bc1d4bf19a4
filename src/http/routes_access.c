/* The routes of access control (the permission table, the audit log, disabling a user with
 * hand-over, exports that obey the export permission) and the rule that gives every route of
 * every table the action of the permission table it needs. */
#include <string.h>

#include "guanxi/access.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_permissions_get); H(h_permissions_patch); H(h_audit_list); H(h_user_disable);
H(h_customer_export); H(h_contact_export); H(h_order_export);
#undef H

const struct http_route http_routes_access[] = {
	{"GET", "/api/v1/permissions", HTTP_READ, "permission", h_permissions_get, "read"},
	{"PATCH", "/api/v1/permissions", HTTP_WRITE, "permission", h_permissions_patch, "update"},
	{"GET", "/api/v1/audit", HTTP_READ, "audit", h_audit_list, "read"},
	{"POST", "/api/v1/users/{id}/disable", HTTP_WRITE, "user", h_user_disable, "admin"},
	{"GET", "/api/v1/customers/export", HTTP_READ, "customer", h_customer_export, "export"},
	{"GET", "/api/v1/contacts/export", HTTP_READ, "contact", h_contact_export, "export"},
	{"GET", "/api/v1/orders/export", HTTP_READ, "order", h_order_export, "export"},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL, NULL},
};

/* Does the last segment of pattern name the table of the route's entity ("contacts")? */
static int last_segment_is_table(const struct http_route *r)
{
	const struct entity_def *def = r->entity ? entity_by_name(r->entity) : NULL;
	const char *last = strrchr(r->pattern, '/');
	return def && last && strcmp(last + 1, def->table) == 0;
}

int http_route_action(const struct http_route *r)
{
	if (r->action)
		return access_action_parse(r->action);
	const char *m = r->method;
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return ACCESS_READ;
	if (!strcmp(m, "PATCH") || !strcmp(m, "PUT"))
		return ACCESS_UPDATE;
	if (!strcmp(m, "DELETE"))
		return ACCESS_DELETE;
	size_t n = strlen(r->pattern);
	if (n >= 7 && strcmp(r->pattern + n - 7, "/export") == 0)
		return ACCESS_EXPORT;
	if (!strstr(r->pattern, "{id}") || last_segment_is_table(r))
		return ACCESS_CREATE;
	return ACCESS_UPDATE;
}
