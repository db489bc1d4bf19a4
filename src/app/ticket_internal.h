/* What the ticket files of app/ share: loading a live ticket, copying it for an update, the
 * current instant in whole seconds, and recording an event. */
#ifndef GX_APP_TICKET_INTERNAL_H
#define GX_APP_TICKET_INTERNAL_H

#include "guanxi/ticket.h"

/* Now as "YYYY-MM-DDTHH:MM:SSZ": whole seconds, so that instants compare correctly as text. */
void ticket_now(char out[32]);
/* The ticket; GX_ENOTFOUND when absent or deleted. */
enum gx_err ticket_load(struct app *app, int64_t id, struct gx_arena *a, struct record *r, struct gx_error *err);
/* after = before with nothing marked set (record_set_* then marks what changes). */
void ticket_copy(const struct record *before, struct record *after, struct gx_arena *a);
/* One ticket_events row for t (after the change): action, from status, the user acted on. */
enum gx_err ticket_event_add(struct app *app, const struct record *t, const char *action, const char *from,
                             int64_t target_user, const char *note, const char *at, struct gx_arena *a,
                             struct gx_error *err);

#endif
