/* The entities of the service module (PRODUCT.md module 4): tickets (complaints, inquiries,
 * requests, suggestions), their event history, the holiday/make-up workday table of the SLA
 * calendar and knowledge snippets. Field tables in src/store/entities_service.c. */
#ifndef GUANXI_ENTITY_SERVICE_H
#define GUANXI_ENTITY_SERVICE_H

#include "guanxi/entity.h"

extern const struct entity_def entity_ticket;
extern const struct entity_def entity_ticket_event;
extern const struct entity_def entity_calendar_day;
extern const struct entity_def entity_kb_snippet;

/* NULL-terminated value lists of the ticket fields, in their order of rank where it matters
 * (severities from low to critical, statuses along the state machine). */
extern const char *const ticket_severities[];
extern const char *const ticket_statuses[];
extern const char *const ticket_kinds[];
extern const char *const ticket_formalities[];
extern const char *const ticket_natures[];
extern const char *const ticket_categories[];
extern const char *const ticket_channels[];

#endif
