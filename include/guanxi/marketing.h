/* Marketing (营销管理, PRODUCT.md module 5): segments as saved customer filters that may name
 * customer fields, scores, tags, clubs and points (guanxi/marketing_store.h), and campaigns
 * whose target segment is frozen into members at launch, with responses, conversions (linked
 * orders), cost per response and ROI. Every write is one transaction with its audit row; a
 * refused request changes nothing. */
#ifndef GUANXI_MARKETING_H
#define GUANXI_MARKETING_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/entity_marketing.h"
#include "guanxi/filter.h"
#include "guanxi/import.h"

/* Id of a live segment, campaign, club, order or customer given by its code or id. */
enum gx_err app_marketing_resolve(struct app *app, const struct entity_def *def, const char *id_or_code,
                                  int64_t *id, struct gx_error *err);

/* Loads a live record of def by id (GX_ENOTFOUND when absent or deleted). */
enum gx_err app_marketing_load(struct app *app, const struct entity_def *def, int64_t id,
                               struct gx_arena *a, struct record *out, struct gx_error *err);

/* --- segments (segment.c) --- */

/* Parses a customer filter with the segment fields; the error names the bad field and its
 * position. */
enum gx_err app_segment_parse(const char *text, struct gx_arena *a, struct filter_node **out,
                              struct gx_error *err);
/* The live customers a filter text matches (parsed and rendered: a type error such as
 * "clv_yuan eq 'x'" is reported here). */
enum gx_err app_segment_count_text(struct app *app, const char *text, int64_t *count,
                                   struct gx_error *err);
/* Creates a segment from a record set with app_field_set_text; the filter is checked first. */
enum gx_err app_segment_create(struct app *app, struct record *in, struct gx_arena *a,
                               struct gx_error *err);
/* Changes name, filter or description (fields set in patch; patch->id names the segment). */
enum gx_err app_segment_update(struct app *app, struct record *patch, int64_t expected_version,
                               struct gx_arena *a, struct gx_error *err);
enum gx_err app_segment_delete(struct app *app, int64_t id, struct gx_error *err);
/* Id of a live segment given by id or code. */
enum gx_err app_segment_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                struct gx_error *err);
/* The live segment and its parsed filter. */
enum gx_err app_segment_load(struct app *app, int64_t id, struct gx_arena *a, struct record *out,
                             struct filter_node **filter, struct gx_error *err);
enum gx_err app_segment_count(struct app *app, int64_t id, int64_t *count, struct gx_error *err);
/* Writes the segment's customers with the customer exporter (CSV or xlsx); audited. */
enum gx_err app_segment_export(struct app *app, int64_t id, const char *path,
                               enum export_format format, size_t *rows, struct gx_error *err);

/* --- campaigns (campaign.c) --- */

/* Creates a draft campaign; budget and actual cost must not be negative, ends_on not before
 * starts_on, the segment live. */
enum gx_err app_campaign_create(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err);
/* Changes a campaign (patch->id); the target segment only while it is a draft. */
enum gx_err app_campaign_update(struct app *app, struct record *patch, int64_t expected_version,
                                struct gx_arena *a, struct gx_error *err);
enum gx_err app_campaign_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                 struct gx_error *err);
/* Freezes the target segment's live customers into members and marks the campaign launched.
 * A campaign is launched once. */
enum gx_err app_campaign_launch(struct app *app, int64_t id, int64_t *members, struct gx_error *err);
enum gx_err app_campaign_close(struct app *app, int64_t id, struct gx_error *err);
/* Records a member's response (once per member). */
enum gx_err app_campaign_respond(struct app *app, int64_t id, int64_t customer_id,
                                 const char *channel, const char *note, struct gx_error *err);
/* Links an order of a member, placed during the campaign, as a conversion. */
enum gx_err app_campaign_convert(struct app *app, int64_t id, int64_t order_id, struct gx_error *err);

struct campaign_stats {
	int64_t budget_fen, actual_cost_fen;
	int64_t members, responses, conversions, converted_customers;
	int64_t revenue_fen, margin_fen;      /* net of refunds */
	double response_rate;                 /* responses / members; NaN without members */
	double conversion_rate;               /* converted customers / members; NaN without members */
	double cost_per_response_yuan;        /* NaN without responses */
	double roi;                           /* (margin − actual cost) / actual cost; NaN when cost 0 */
	double revenue_roi;                   /* (revenue − actual cost) / actual cost */
};
enum gx_err app_campaign_stats(struct app *app, int64_t id, struct campaign_stats *out,
                               struct gx_error *err);
/* The customer filter that selects the campaign's frozen members. */
enum gx_err app_campaign_members_filter(struct app *app, int64_t id, struct gx_arena *a,
                                        struct filter_node **out, struct gx_error *err);
/* The database-marketing list: the members' customer records (addresses, phones, e-mail) with
 * the customer exporter; audited. */
enum gx_err app_campaign_export(struct app *app, int64_t id, const char *path,
                                enum export_format format, size_t *rows, struct gx_error *err);

#endif
