/* The ticket queries that the generic record store cannot express efficiently: the overdue list
 * (read through the partial index tickets_open_due) and complaint counts per customer (the
 * complaints variable of the PLS satisfaction model, MODELS.md M7: formal + informal complaints,
 * seed000). Single rows go through record_store.h. */
#ifndef GUANXI_TICKET_STORE_H
#define GUANXI_TICKET_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/store.h"

/* Open tickets (received, assigned, processing; not deleted) with due_at < now, ordered by
 * due_at then id, after the keyset (after_due, after_id) — "" and 0 for the first page; only
 * those of owner_id unless it is 0. Fills ids[0..*n) with at most limit ids. */
enum gx_err store_ticket_overdue(struct store *s, const char *now, int64_t owner_id, const char *after_due,
                                 int64_t after_id, int limit, int64_t *ids, size_t *n, struct gx_error *err);
enum gx_err store_ticket_overdue_count(struct store *s, const char *now, int64_t owner_id, int64_t *count,
                                       struct gx_error *err);

struct store_complaint_count {
	int64_t customer_id;
	int64_t formal, informal;
};

/* Complaint tickets (kind complaint, not deleted) received in [from, to) — instants as text; NULL
 * for an open end — counted per customer, streamed in customer id order to fn (non-zero stops). */
enum gx_err store_ticket_complaint_counts(struct store *s, const char *from, const char *to,
                                          int (*fn)(const struct store_complaint_count *c, void *ctx),
                                          void *ctx, struct gx_error *err);

#endif
