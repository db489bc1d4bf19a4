/* Credit storage beyond the generic record store (see guanxi/credit.h): the criterion ratings
 * of assessments, the current assessment, a customer's open receivables and unpaid open orders
 * on credit, the histories the 5C model reads (net orders for capacity, invoices for
 * character), receivables as of a date for aging, invoice–order links, invoice payment totals
 * and the state changes of overrides. */
#ifndef GUANXI_CREDIT_STORE_H
#define GUANXI_CREDIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/credit.h"
#include "guanxi/arena.h"
#include "guanxi/store.h"

struct credit_rating {
	const char *c;            /* "character", "capacity", … */
	const char *criterion;
	int rating;               /* 1..5 */
};

enum gx_err store_credit_rating_add(struct store *s, int64_t assessment_id,
                                    const struct credit_rating *r, struct gx_error *err);
/* The ratings of an assessment in (C, criterion) order; arrays from the arena. */
enum gx_err store_credit_ratings(struct store *s, int64_t assessment_id, struct gx_arena *a,
                                 struct credit_rating **out, size_t *n, struct gx_error *err);
/* The current assessment of a customer: latest assessed_on, then latest id. *found = 0: none. */
enum gx_err store_credit_current_id(struct store *s, int64_t customer_id, int64_t *id, int *found,
                                    struct gx_error *err);

/* Σ (amount − paid) of the customer's open invoices. */
enum gx_err store_credit_open_receivables(struct store *s, int64_t customer_id, int64_t *fen,
                                          struct gx_error *err);
/* Σ amount of the customer's live open sale orders on a credit form (not cash) that no
 * invoice bills yet, other than exclude_order_id (0: none). */
enum gx_err store_credit_unpaid_open_orders(struct store *s, int64_t customer_id,
                                            int64_t exclude_order_id, int64_t *fen,
                                            struct gx_error *err);
/* 1 when an invoice bills the order. */
enum gx_err store_credit_order_invoiced(struct store *s, int64_t order_id, int *invoiced,
                                        struct gx_error *err);

/* The customer's sales net of refunds (days and amounts ≥ 0) for the capacity average. */
enum gx_err store_credit_net_orders(struct store *s, int64_t customer_id, struct gx_arena *a,
                                    struct gx_credit_order **out, size_t *n, struct gx_error *err);
/* The customer's invoices as (due day, day paid off or GX_CREDIT_UNPAID). */
enum gx_err store_credit_invoice_history(struct store *s, int64_t customer_id, struct gx_arena *a,
                                         struct gx_credit_invoice **out, size_t *n,
                                         struct gx_error *err);

/* Invoices issued on or before as_of with an amount still open at as_of (payments dated after
 * as_of do not count), of one customer or of all (customer_id 0), ordered by customer. */
struct credit_receivable_row {
	int64_t customer_id;
	const char *customer_code, *customer_name;
	int32_t due_day;
	int64_t open_fen;
};
enum gx_err store_credit_receivables_at(struct store *s, const char *as_of, int64_t customer_id,
                                        struct gx_arena *a, struct credit_receivable_row **out,
                                        size_t *n, struct gx_error *err);

/* Links an order to an invoice; GX_ECONFLICT when another invoice bills it already. */
enum gx_err store_invoice_link_order(struct store *s, int64_t invoice_id, int64_t order_id,
                                     struct gx_error *err);
/* The order numbers an invoice bills, joined with ";" (NULL when none). */
enum gx_err store_invoice_orders(struct store *s, int64_t invoice_id, struct gx_arena *a,
                                 const char **out, struct gx_error *err);
/* Recomputes paid_fen, status and paid_off_on of an invoice from its payments. */
enum gx_err store_invoice_refresh_paid(struct store *s, int64_t invoice_id, struct gx_error *err);

/* Moves an override from one status to another (decision or use), stamping who, when, the
 * note and the order that used it. *changed = 0 when it was no longer in status `from`. */
struct credit_override_change {
	const char *from, *to;
	int64_t user_id;          /* decided_by (0: NULL); left alone when to is "used" */
	const char *note;         /* decision note, may be NULL */
	int64_t order_id;         /* for "used" */
};
enum gx_err store_credit_override_set_status(struct store *s, int64_t id,
                                             const struct credit_override_change *c, int *changed,
                                             struct gx_error *err);

#endif
