/* The route table of credit management (信用管理): credit positions and assessments, the
 * credit check, aging, invoices, payments and credit overrides (handlers in credit.c and
 * invoices.c). */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_customer_credit); H(h_customer_credit_assess); H(h_customer_credit_check);
H(h_credit_assessment_list); H(h_credit_assessment_get); H(h_credit_aging);
H(h_invoice_list); H(h_invoice_create); H(h_invoice_get); H(h_invoice_payments);
H(h_invoice_payment_add); H(h_payment_list); H(h_payment_get);
H(h_credit_override_list); H(h_credit_override_create); H(h_credit_override_get);
H(h_credit_override_approve); H(h_credit_override_reject);
#undef H

const struct http_route http_routes_credit[] = {
	{"GET", "/api/v1/customers/{id}/credit", HTTP_READ, "customer", h_customer_credit},
	{"POST", "/api/v1/customers/{id}/credit/assessments", HTTP_WRITE, "credit_assessment", h_customer_credit_assess},
	{"GET", "/api/v1/customers/{id}/credit/check", HTTP_READ, "customer", h_customer_credit_check},
	{"GET", "/api/v1/credit/assessments", HTTP_READ, "credit_assessment", h_credit_assessment_list},
	{"GET", "/api/v1/credit/assessments/{id}", HTTP_READ, "credit_assessment", h_credit_assessment_get},
	{"GET", "/api/v1/credit/aging", HTTP_READ, "invoice", h_credit_aging},
	{"GET", "/api/v1/credit/overrides", HTTP_READ, "credit_override", h_credit_override_list},
	{"POST", "/api/v1/credit/overrides", HTTP_WRITE, "credit_override", h_credit_override_create},
	{"GET", "/api/v1/credit/overrides/{id}", HTTP_READ, "credit_override", h_credit_override_get},
	{"POST", "/api/v1/credit/overrides/{id}/approve", HTTP_WRITE, "credit_override", h_credit_override_approve, "admin"},
	{"POST", "/api/v1/credit/overrides/{id}/reject", HTTP_WRITE, "credit_override", h_credit_override_reject, "admin"},
	{"GET", "/api/v1/invoices", HTTP_READ, "invoice", h_invoice_list},
	{"POST", "/api/v1/invoices", HTTP_WRITE, "invoice", h_invoice_create},
	{"GET", "/api/v1/invoices/{id}", HTTP_READ, "invoice", h_invoice_get},
	{"GET", "/api/v1/invoices/{id}/payments", HTTP_READ, "payment", h_invoice_payments},
	{"POST", "/api/v1/invoices/{id}/payments", HTTP_WRITE, "payment", h_invoice_payment_add},
	{"GET", "/api/v1/payments", HTTP_READ, "payment", h_payment_list},
	{"GET", "/api/v1/payments/{id}", HTTP_READ, "payment", h_payment_get},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
