/* Interactions (客户互动): every touchpoint on one timeline per customer. */
#ifndef GUANXI_INTERACTION_H
#define GUANXI_INTERACTION_H

#include "guanxi/app.h"

/* Logs an interaction from a record set with app_field_set_text. The customer must be live;
 * a contact must belong to that customer; user defaults to the acting user and occurred_at to
 * now. An interaction logged by the customer's owner counts as owner contact for the pool's
 * recycle rule. */
enum gx_err app_interaction_add(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err);

#endif
