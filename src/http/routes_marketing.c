/* Routes of marketing and loyalty (handlers in marketing.c and loyalty.c), listed in
 * routes.c's http_route_tables. Documented in docs/openapi.yaml. */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_segment_list); H(h_segment_create); H(h_segment_get); H(h_segment_patch); H(h_segment_delete);
H(h_segment_customers); H(h_segment_count);
H(h_campaign_list); H(h_campaign_create); H(h_campaign_get); H(h_campaign_patch); H(h_campaign_launch);
H(h_campaign_close); H(h_campaign_respond); H(h_campaign_convert); H(h_campaign_members);
H(h_club_list); H(h_club_create); H(h_club_get); H(h_club_tier_add); H(h_club_join); H(h_club_leave);
H(h_club_members); H(h_club_member_points); H(h_club_member_redeem); H(h_club_member_adjust);
H(h_club_earn); H(h_club_expire); H(h_customer_loyalty);
#undef H

const struct http_route http_routes_marketing[] = {
	{"GET", "/api/v1/segments", HTTP_READ, "segment", h_segment_list},
	{"POST", "/api/v1/segments", HTTP_WRITE, "segment", h_segment_create},
	{"GET", "/api/v1/segments/count", HTTP_READ, "customer", h_segment_count},
	{"GET", "/api/v1/segments/{id}", HTTP_READ, "segment", h_segment_get},
	{"PATCH", "/api/v1/segments/{id}", HTTP_WRITE, "segment", h_segment_patch},
	{"DELETE", "/api/v1/segments/{id}", HTTP_WRITE, "segment", h_segment_delete},
	{"GET", "/api/v1/segments/{id}/customers", HTTP_READ, "customer", h_segment_customers},
	{"GET", "/api/v1/campaigns", HTTP_READ, "campaign", h_campaign_list},
	{"POST", "/api/v1/campaigns", HTTP_WRITE, "campaign", h_campaign_create},
	{"GET", "/api/v1/campaigns/{id}", HTTP_READ, "campaign", h_campaign_get},
	{"PATCH", "/api/v1/campaigns/{id}", HTTP_WRITE, "campaign", h_campaign_patch},
	{"POST", "/api/v1/campaigns/{id}/launch", HTTP_WRITE, "campaign", h_campaign_launch},
	{"POST", "/api/v1/campaigns/{id}/close", HTTP_WRITE, "campaign", h_campaign_close},
	{"POST", "/api/v1/campaigns/{id}/responses", HTTP_WRITE, "campaign", h_campaign_respond},
	{"POST", "/api/v1/campaigns/{id}/conversions", HTTP_WRITE, "campaign", h_campaign_convert},
	{"GET", "/api/v1/campaigns/{id}/members", HTTP_READ, "customer", h_campaign_members},
	{"GET", "/api/v1/clubs", HTTP_READ, "club", h_club_list},
	{"POST", "/api/v1/clubs", HTTP_WRITE, "club", h_club_create},
	{"GET", "/api/v1/clubs/{id}", HTTP_READ, "club", h_club_get},
	{"POST", "/api/v1/clubs/{id}/tiers", HTTP_WRITE, "club", h_club_tier_add},
	{"GET", "/api/v1/clubs/{id}/members", HTTP_READ, "club", h_club_members},
	{"POST", "/api/v1/clubs/{id}/members", HTTP_WRITE, "club", h_club_join},
	{"POST", "/api/v1/clubs/{id}/members/{id}/leave", HTTP_WRITE, "club", h_club_leave},
	{"GET", "/api/v1/clubs/{id}/members/{id}/points", HTTP_READ, "club", h_club_member_points},
	{"POST", "/api/v1/clubs/{id}/members/{id}/redeem", HTTP_WRITE, "club", h_club_member_redeem},
	{"POST", "/api/v1/clubs/{id}/members/{id}/adjust", HTTP_WRITE, "club", h_club_member_adjust},
	{"POST", "/api/v1/clubs/{id}/earn", HTTP_WRITE, "club", h_club_earn},
	{"POST", "/api/v1/clubs/{id}/expire", HTTP_WRITE, "club", h_club_expire},
	{"GET", "/api/v1/customers/{id}/loyalty", HTTP_READ, "customer", h_customer_loyalty},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL},
};
