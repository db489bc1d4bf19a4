/* The routes of the admin pages (handlers in admin.c): users, departments, teams and the
 * company settings, and the test delivery of a webhook (webhook_test.c). Reading users, departments and teams is open to every role (pickers need
 * them); changing them, resetting passwords and the settings are admin actions. */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_admin_user_list); H(h_admin_user_create); H(h_admin_user_patch); H(h_admin_user_password);
H(h_admin_department_list); H(h_admin_department_create); H(h_admin_team_list);
H(h_admin_team_create); H(h_admin_settings_get); H(h_admin_settings_patch); H(h_webhook_test);
#undef H

const struct http_route http_routes_admin[] = {
	{"GET", "/api/v1/users", HTTP_READ, "user", h_admin_user_list},
	{"POST", "/api/v1/users", HTTP_WRITE, "user", h_admin_user_create},
	{"PATCH", "/api/v1/users/{id}", HTTP_WRITE, "user", h_admin_user_patch, "admin"},
	{"POST", "/api/v1/users/{id}/password", HTTP_WRITE, "user", h_admin_user_password, "admin"},
	{"GET", "/api/v1/departments", HTTP_READ, "department", h_admin_department_list},
	{"POST", "/api/v1/departments", HTTP_WRITE, "department", h_admin_department_create},
	{"GET", "/api/v1/teams", HTTP_READ, "team", h_admin_team_list},
	{"POST", "/api/v1/teams", HTTP_WRITE, "team", h_admin_team_create},
	{"GET", "/api/v1/settings", HTTP_READ, "user", h_admin_settings_get, "admin"},
	{"PATCH", "/api/v1/settings", HTTP_WRITE, "user", h_admin_settings_patch, "admin"},
	{"POST", "/api/v1/webhooks/{id}/test", HTTP_WRITE, "webhook", h_webhook_test, "update"},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL, NULL},
};
