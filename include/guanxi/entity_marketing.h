/* The entities of marketing and loyalty (PRODUCT.md modules 5 and 6), as field tables for the
 * generic record store: saved segments, campaigns and clubs. Members, responses, tiers and the
 * points ledger are kept by store/marketing_store.c and store/loyalty_store.c. */
#ifndef GUANXI_ENTITY_MARKETING_H
#define GUANXI_ENTITY_MARKETING_H

#include "guanxi/entity.h"

extern const struct entity_def entity_segment;
extern const struct entity_def entity_campaign;
extern const struct entity_def entity_club;

/* Campaign types and relationship-marketing levels (Berry & Parasuraman: financial, social,
 * structural), NULL-terminated. */
extern const char *const campaign_types[];
extern const char *const campaign_rm_levels[];

#endif
