/* The routes of the service module (tickets, SLA, calendar, knowledge snippets); handlers in
 * tickets.c and service.c, described in docs/openapi.yaml. Literal segments such as
 * /tickets/overdue never clash with /tickets/{id}, which takes digits only. */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_ticket_list); H(h_ticket_create); H(h_ticket_get); H(h_ticket_patch); H(h_ticket_events);
H(h_ticket_assign); H(h_ticket_start); H(h_ticket_reply); H(h_ticket_close); H(h_ticket_reopen);
H(h_ticket_rate); H(h_ticket_escalate); H(h_ticket_overdue); H(h_ticket_escalate_overdue);
H(h_ticket_complaint_counts); H(h_customer_tickets);
H(h_sla_get); H(h_sla_patch); H(h_calendar_list); H(h_calendar_create); H(h_calendar_delete);
H(h_kb_list); H(h_kb_create); H(h_kb_get); H(h_kb_patch); H(h_kb_delete);
#undef H

const struct http_route http_routes_service[] = {
	{"GET", "/api/v1/tickets", HTTP_READ, "ticket", h_ticket_list},
	{"POST", "/api/v1/tickets", HTTP_WRITE, "ticket", h_ticket_create},
	{"GET", "/api/v1/tickets/overdue", HTTP_READ, "ticket", h_ticket_overdue},
	{"POST", "/api/v1/tickets/escalate-overdue", HTTP_WRITE, "ticket", h_ticket_escalate_overdue},
	{"GET", "/api/v1/tickets/complaint-counts", HTTP_READ, "ticket", h_ticket_complaint_counts},
	{"GET", "/api/v1/tickets/{id}", HTTP_READ, "ticket", h_ticket_get},
	{"PATCH", "/api/v1/tickets/{id}", HTTP_WRITE, "ticket", h_ticket_patch},
	{"GET", "/api/v1/tickets/{id}/events", HTTP_READ, "ticket", h_ticket_events},
	{"POST", "/api/v1/tickets/{id}/assign", HTTP_WRITE, "ticket", h_ticket_assign},
	{"POST", "/api/v1/tickets/{id}/start", HTTP_WRITE, "ticket", h_ticket_start},
	{"POST", "/api/v1/tickets/{id}/reply", HTTP_WRITE, "ticket", h_ticket_reply},
	{"POST", "/api/v1/tickets/{id}/close", HTTP_WRITE, "ticket", h_ticket_close},
	{"POST", "/api/v1/tickets/{id}/reopen", HTTP_WRITE, "ticket", h_ticket_reopen},
	{"POST", "/api/v1/tickets/{id}/rate", HTTP_WRITE, "ticket", h_ticket_rate},
	{"POST", "/api/v1/tickets/{id}/escalate", HTTP_WRITE, "ticket", h_ticket_escalate},
	{"GET", "/api/v1/customers/{id}/tickets", HTTP_READ, "customer", h_customer_tickets},
	{"GET", "/api/v1/sla", HTTP_READ, NULL, h_sla_get},
	{"PATCH", "/api/v1/sla", HTTP_WRITE, NULL, h_sla_patch},
	{"GET", "/api/v1/calendar-days", HTTP_READ, "calendar_day", h_calendar_list},
	{"POST", "/api/v1/calendar-days", HTTP_WRITE, "calendar_day", h_calendar_create},
	{"DELETE", "/api/v1/calendar-days/{id}", HTTP_WRITE, "calendar_day", h_calendar_delete},
	{"GET", "/api/v1/kb-snippets", HTTP_READ, "kb_snippet", h_kb_list},
	{"POST", "/api/v1/kb-snippets", HTTP_WRITE, "kb_snippet", h_kb_create},
	{"GET", "/api/v1/kb-snippets/{id}", HTTP_READ, "kb_snippet", h_kb_get},
	{"PATCH", "/api/v1/kb-snippets/{id}", HTTP_WRITE, "kb_snippet", h_kb_patch},
	{"DELETE", "/api/v1/kb-snippets/{id}", HTTP_WRITE, "kb_snippet", h_kb_delete},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
