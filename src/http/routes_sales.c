/* The sales routes (PRODUCT.md module 3): leads and their pool, pipelines, opportunities,
 * contracts with payment plans, quotes with the discount decision, targets and the reports.
 * Handlers live in http/sales_leads.c, sales_opps.c, sales_deals.c, sales_edit.c and sales_reports.c;
 * docs/openapi.yaml describes each route. */
#include <stddef.h>

#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_lead_list); H(h_lead_create); H(h_lead_get); H(h_lead_status); H(h_lead_claim);
H(h_lead_release); H(h_lead_assign); H(h_lead_convert); H(h_lead_conversion);
H(h_pipeline_list); H(h_pipeline_create); H(h_pipeline_get); H(h_pipeline_board);
H(h_opportunity_list); H(h_opportunity_create); H(h_opportunity_get); H(h_opportunity_patch);
H(h_opportunity_move); H(h_opportunity_history);
H(h_contract_list); H(h_contract_create); H(h_contract_get); H(h_contract_status);
H(h_contract_plans); H(h_contract_plan_add); H(h_payment_plan_paid);
H(h_quote_list); H(h_quote_create); H(h_quote_get); H(h_quote_send); H(h_quote_accept);
H(h_quote_decline); H(h_quote_cancel); H(h_quote_approve); H(h_quote_reject);
H(h_lead_patch); H(h_contract_patch); H(h_quote_patch); H(h_opportunity_delete); H(h_opportunity_restore);
H(h_sales_forecast); H(h_sales_stats); H(h_target_list); H(h_target_set);
#undef H

const struct http_route http_routes_sales[] = {
	{"GET", "/api/v1/leads", HTTP_READ, "lead", h_lead_list},
	{"POST", "/api/v1/leads", HTTP_WRITE, "lead", h_lead_create},
	{"GET", "/api/v1/leads/conversion", HTTP_READ, "lead", h_lead_conversion},
	{"GET", "/api/v1/leads/{id}", HTTP_READ, "lead", h_lead_get},
	{"PATCH", "/api/v1/leads/{id}", HTTP_WRITE, "lead", h_lead_patch},
	{"POST", "/api/v1/leads/{id}/status", HTTP_WRITE, "lead", h_lead_status},
	{"POST", "/api/v1/leads/{id}/claim", HTTP_WRITE, "lead", h_lead_claim},
	{"POST", "/api/v1/leads/{id}/release", HTTP_WRITE, "lead", h_lead_release},
	{"POST", "/api/v1/leads/{id}/assign", HTTP_WRITE, "lead", h_lead_assign},
	{"POST", "/api/v1/leads/{id}/convert", HTTP_WRITE, "lead", h_lead_convert},
	{"GET", "/api/v1/pipelines", HTTP_READ, "pipeline", h_pipeline_list},
	{"POST", "/api/v1/pipelines", HTTP_WRITE, "pipeline", h_pipeline_create},
	{"GET", "/api/v1/pipelines/{id}", HTTP_READ, "pipeline", h_pipeline_get},
	{"GET", "/api/v1/pipelines/{id}/board", HTTP_READ, "opportunity", h_pipeline_board},
	{"GET", "/api/v1/opportunities", HTTP_READ, "opportunity", h_opportunity_list},
	{"POST", "/api/v1/opportunities", HTTP_WRITE, "opportunity", h_opportunity_create},
	{"GET", "/api/v1/opportunities/{id}", HTTP_READ, "opportunity", h_opportunity_get},
	{"PATCH", "/api/v1/opportunities/{id}", HTTP_WRITE, "opportunity", h_opportunity_patch},
	{"DELETE", "/api/v1/opportunities/{id}", HTTP_WRITE, "opportunity", h_opportunity_delete},
	{"POST", "/api/v1/opportunities/{id}/restore", HTTP_WRITE, "opportunity", h_opportunity_restore, "delete"},
	{"POST", "/api/v1/opportunities/{id}/move", HTTP_WRITE, "opportunity", h_opportunity_move},
	{"GET", "/api/v1/opportunities/{id}/history", HTTP_READ, "opportunity", h_opportunity_history},
	{"GET", "/api/v1/contracts", HTTP_READ, "contract", h_contract_list},
	{"POST", "/api/v1/contracts", HTTP_WRITE, "contract", h_contract_create},
	{"GET", "/api/v1/contracts/{id}", HTTP_READ, "contract", h_contract_get},
	{"PATCH", "/api/v1/contracts/{id}", HTTP_WRITE, "contract", h_contract_patch},
	{"POST", "/api/v1/contracts/{id}/status", HTTP_WRITE, "contract", h_contract_status},
	{"GET", "/api/v1/contracts/{id}/payment-plans", HTTP_READ, "contract", h_contract_plans},
	{"POST", "/api/v1/contracts/{id}/payment-plans", HTTP_WRITE, "contract", h_contract_plan_add},
	{"POST", "/api/v1/payment-plans/{id}/paid", HTTP_WRITE, "contract", h_payment_plan_paid},
	{"GET", "/api/v1/quotes", HTTP_READ, "quote", h_quote_list},
	{"POST", "/api/v1/quotes", HTTP_WRITE, "quote", h_quote_create},
	{"GET", "/api/v1/quotes/{id}", HTTP_READ, "quote", h_quote_get},
	{"PATCH", "/api/v1/quotes/{id}", HTTP_WRITE, "quote", h_quote_patch},
	{"POST", "/api/v1/quotes/{id}/send", HTTP_WRITE, "quote", h_quote_send},
	{"POST", "/api/v1/quotes/{id}/accept", HTTP_WRITE, "quote", h_quote_accept},
	{"POST", "/api/v1/quotes/{id}/decline", HTTP_WRITE, "quote", h_quote_decline},
	{"POST", "/api/v1/quotes/{id}/cancel", HTTP_WRITE, "quote", h_quote_cancel},
	{"POST", "/api/v1/quotes/{id}/approve", HTTP_WRITE, "quote", h_quote_approve, "admin"},
	{"POST", "/api/v1/quotes/{id}/reject", HTTP_WRITE, "quote", h_quote_reject, "admin"},
	{"GET", "/api/v1/sales/forecast", HTTP_READ, "opportunity", h_sales_forecast},
	{"GET", "/api/v1/sales/stats", HTTP_READ, "opportunity", h_sales_stats},
	{"GET", "/api/v1/targets", HTTP_READ, "sales_target", h_target_list},
	{"PUT", "/api/v1/targets", HTTP_WRITE, "sales_target", h_target_set},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
