/* Storage of segments' reach and campaigns' members, responses and conversions (migration
 * 0008_marketing.sql). Segments and campaigns themselves are records of the generic record
 * store (guanxi/entity_marketing.h); this is what does not fit one row. */
#ifndef GUANXI_MARKETING_STORE_H
#define GUANXI_MARKETING_STORE_H

#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/filter.h"
#include "guanxi/store.h"

/* What a customer filter may name beyond the customer's own columns: the scores of `guanxi
 * score` (rfm_r … loyalty_type, p_alive, clv_yuan), tags, current club memberships, points
 * balance and campaign membership. Ends with a NULL name. */
extern const struct filter_ext_field store_customer_ext_fields[];

/* Adds every live customer matching filter as a member of the campaign (the frozen target
 * list); *added counts them. The caller holds the transaction. */
enum gx_err store_campaign_freeze_members(struct store *s, int64_t campaign_id,
                                          const struct filter_node *filter, const char *now,
                                          int64_t *added, struct gx_error *err);
/* *found = 0 when the customer is not a member; *responded = 1 when a response is recorded. */
enum gx_err store_campaign_member(struct store *s, int64_t campaign_id, int64_t customer_id,
                                  int *found, int *responded, struct gx_error *err);
enum gx_err store_campaign_respond(struct store *s, int64_t campaign_id, int64_t customer_id,
                                   const char *at, const char *channel, const char *note,
                                   struct gx_error *err);
/* The campaign an order converted for; *found = 0 when none. */
enum gx_err store_campaign_conversion_of(struct store *s, int64_t order_id, int64_t *campaign_id,
                                         int *found, struct gx_error *err);
enum gx_err store_campaign_conversion_add(struct store *s, int64_t campaign_id, int64_t order_id,
                                          int64_t customer_id, const char *now, struct gx_error *err);

struct store_campaign_counts {
	int64_t members, responses;
	int64_t conversions;          /* linked orders */
	int64_t converted_customers;
	int64_t revenue_fen;          /* net amount of the linked orders (refunds subtracted) */
	int64_t margin_fen;           /* revenue minus the linked orders' net cost */
};
enum gx_err store_campaign_counts(struct store *s, int64_t campaign_id,
                                  struct store_campaign_counts *out, struct gx_error *err);

#endif
