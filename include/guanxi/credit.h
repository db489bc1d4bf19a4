/* Credit management (信用管理, PRODUCT.md module 8) on the model of MODELS.md M25
 * (guanxi/analytics/credit.h): 5C assessments kept as a history (the latest is the customer's
 * current grade, limit and allowed credit forms), invoices with their fapiao details (开票信息)
 * billing orders, payments against invoices, receivables aging as of a date, the credit check
 * every order on credit passes in app_order_save, and credit overrides that let one refused
 * order through once approved. Every write is one transaction with its audit row; a refused
 * write changes nothing. */
#ifndef GUANXI_CREDIT_H
#define GUANXI_CREDIT_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/credit.h"
#include "guanxi/app.h"
#include "guanxi/credit_store.h"
#include "guanxi/entity_credit.h"

/* --- assessments (credit_assess.c) ------------------------------------------------------- */

struct credit_assess_input {
	int64_t customer_id;
	const char *assessed_on;          /* YYYY-MM-DD; NULL: today in the company time zone */
	const struct credit_rating *ratings;   /* 1..5 per criterion of each C */
	size_t nratings;
	/* Character from payment history (share of invoices paid by their due date) instead of
	 * ratings; ratings of character are then refused. */
	int character_from_payments;
	/* The analyst's monthly capacity in fen, or -1 for the average monthly purchases of the
	 * 12 months before assessed_on. */
	int64_t monthly_capacity_fen;
	const char *notes;                /* may be NULL */
};

/* Parses "character.punctuality=4" (C in English or Chinese: 品德, 能力, 资本, 抵押, 条件;
 * criterion a short name; rating an integer 1..5). Messages name the field "ratings". */
enum gx_err app_credit_rating_parse(const char *text, struct gx_arena *a, struct credit_rating *out,
                                    struct gx_error *err);

/* Records a new assessment: every C needs at least one rating (character may come from
 * payments), ratings 1..5, the 5C score and grade, the limit and the allowed forms by M25.
 * *out is the stored assessment. */
enum gx_err app_credit_assess(struct app *app, const struct credit_assess_input *in,
                              struct gx_arena *a, struct record *out, struct gx_error *err);

/* The customer's credit position now: the current assessment (if any), open receivables,
 * unpaid open orders on credit, exposure and what is left of the limit. */
struct credit_position {
	int assessed;                     /* 0: never assessed (grade E, limit 0) */
	int64_t assessment_id;
	enum gx_credit_grade grade;
	double score;
	int64_t limit_fen;
	int dealer;                       /* has the dealer party role (may use consignment) */
	int64_t open_receivables_fen;
	int64_t unpaid_open_orders_fen;
	int64_t exposure_fen;             /* receivables + unpaid open orders */
	int64_t available_fen;            /* limit − exposure (negative when over) */
};
enum gx_err app_credit_position(struct app *app, int64_t customer_id, int64_t exclude_order_id,
                                struct credit_position *out, struct gx_error *err);

/* --- the order check and overrides (credit_check.c) -------------------------------------- */

struct credit_check_result {
	struct credit_position pos;
	struct gx_credit_decision decision;   /* without overrides */
	int64_t override_id;              /* an approved override that lets the order through, or 0 */
	int allowed;                      /* decision.allowed, or an override covers it */
	const char *message;              /* why it is refused (arena), NULL when allowed */
	const char *field;                /* "credit_form" or "amount_fen" when refused */
};

/* What would happen to an order of amount_fen on form for the customer (exclude_order_id: the
 * order itself when it is re-saved). Reads only. */
enum gx_err app_credit_check(struct app *app, int64_t customer_id, int64_t exclude_order_id,
                             enum gx_credit_form form, int64_t amount_fen, struct gx_arena *a,
                             struct credit_check_result *out, struct gx_error *err);

/* Form by its stored name ("credit_sale"); -1 if unknown. */
int credit_form_parse(const char *name);

/* Called by app_order_save inside its transaction once the order (order_id) and its lines
 * are written: refuses (GX_ECONFLICT, field credit_form or amount_fen, the reason in the
 * message) a sale on credit that the check refuses and no approved override covers, so the
 * caller rolls back. The order itself is left out of the unpaid open orders; an order already
 * billed by an invoice is not checked again. *override_id is the override to mark used
 * (app_credit_override_use), or 0. */
enum gx_err app_credit_order_check(struct app *app, const struct record *order, int64_t order_id,
                                   int64_t amount_fen, struct gx_arena *a, int64_t *override_id,
                                   struct gx_error *err);
enum gx_err app_credit_override_use(struct app *app, int64_t override_id, int64_t order_id,
                                    struct gx_error *err);

/* A request (status pending): customer, amount above the limit and/or credit form, reason;
 * requested_by is the actor. */
enum gx_err app_credit_override_request(struct app *app, struct record *o, struct gx_error *err);

/* The approval kind's handlers (struct approval_kind of the approvals framework): decide a
 * pending override. payload_json may be NULL or {"note": "…"}. A decided override is
 * GX_ECONFLICT, an unknown one GX_ENOTFOUND. */
enum gx_err app_credit_override_approve(struct app *app, int64_t override_id,
                                        const char *payload_json, struct gx_error *err);
enum gx_err app_credit_override_reject(struct app *app, int64_t override_id,
                                       const char *payload_json, struct gx_error *err);

/* --- invoices and payments (credit_invoice.c) -------------------------------------------- */

/* Creates an invoice billing the given orders (may be none): amount > 0, due on or after
 * issue, fapiao title required, USCC checksum (by the field), orders of the same customer,
 * live, sales, not billed already. */
enum gx_err app_invoice_create(struct app *app, struct record *inv, const int64_t *order_ids,
                               size_t norders, struct gx_arena *a, struct gx_error *err);
/* Records a payment against an invoice: amount > 0 and not above the invoice's open amount,
 * paid on or after the issue date. */
enum gx_err app_payment_add(struct app *app, struct record *pay, struct gx_arena *a,
                            struct gx_error *err);

/* --- aging (credit_aging.c) ------------------------------------------------------------- */

struct credit_aging_row {
	int64_t customer_id;
	const char *code, *name;
	struct gx_credit_aging aging;
};

struct credit_aging_report {
	char as_of[11];
	struct credit_aging_row *rows;    /* customers with an open amount at as_of, by code */
	size_t n;
	struct gx_credit_aging total;
};

/* Receivables aging as of a date (NULL: today in the company zone), of one customer or all
 * (customer_id 0), by the buckets of M25. */
enum gx_err app_credit_aging(struct app *app, const char *as_of, int64_t customer_id,
                             struct gx_arena *a, struct credit_aging_report *out,
                             struct gx_error *err);

/* Today's date in the company time zone ("YYYY-MM-DD"). */
enum gx_err app_credit_today(struct app *app, char out[11], struct gx_error *err);

#endif
