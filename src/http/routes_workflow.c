/* The workflow routes: tasks, the agenda, the reminder job, notifications, approvals and the
 * customer transfer request (handlers in workflow.c; docs/openapi.yaml describes them). */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_task_list); H(h_task_get); H(h_task_create); H(h_task_patch); H(h_task_complete);
H(h_task_cancel); H(h_task_reopen); H(h_agenda); H(h_remind); H(h_notification_list);
H(h_notification_read); H(h_notification_unread); H(h_notification_read_all);
H(h_approval_list); H(h_approval_get); H(h_approval_approve); H(h_approval_reject);
H(h_approval_cancel); H(h_customer_transfer_request);
#undef H

const struct http_route http_routes_workflow[] = {
	{"GET", "/api/v1/tasks", HTTP_READ, "task", h_task_list},
	{"POST", "/api/v1/tasks", HTTP_WRITE, "task", h_task_create},
	{"GET", "/api/v1/tasks/{id}", HTTP_READ, "task", h_task_get},
	{"PATCH", "/api/v1/tasks/{id}", HTTP_WRITE, "task", h_task_patch},
	{"POST", "/api/v1/tasks/{id}/complete", HTTP_WRITE, "task", h_task_complete},
	{"POST", "/api/v1/tasks/{id}/cancel", HTTP_WRITE, "task", h_task_cancel},
	{"POST", "/api/v1/tasks/{id}/reopen", HTTP_WRITE, "task", h_task_reopen},
	{"GET", "/api/v1/agenda", HTTP_READ, "task", h_agenda},
	{"POST", "/api/v1/remind", HTTP_WRITE, "task", h_remind, "admin"},
	{"GET", "/api/v1/notifications", HTTP_READ, "notification", h_notification_list},
	{"POST", "/api/v1/notifications/read-all", HTTP_WRITE, "notification", h_notification_read_all},
	{"POST", "/api/v1/notifications/{id}/read", HTTP_WRITE, "notification", h_notification_read},
	{"POST", "/api/v1/notifications/{id}/unread", HTTP_WRITE, "notification", h_notification_unread},
	{"GET", "/api/v1/approvals", HTTP_READ, "approval", h_approval_list},
	{"GET", "/api/v1/approvals/{id}", HTTP_READ, "approval", h_approval_get},
	{"POST", "/api/v1/approvals/{id}/approve", HTTP_WRITE, "approval", h_approval_approve},
	{"POST", "/api/v1/approvals/{id}/reject", HTTP_WRITE, "approval", h_approval_reject},
	{"POST", "/api/v1/approvals/{id}/cancel", HTTP_WRITE, "approval", h_approval_cancel},
	{"POST", "/api/v1/customers/{id}/transfer-request", HTTP_WRITE, "customer", h_customer_transfer_request},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
