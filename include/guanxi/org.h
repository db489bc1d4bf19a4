/* Records without rules of their own beyond their fields: users, departments, teams, product
 * categories, products, and contacts (which must belong to a live customer). */
#ifndef GUANXI_ORG_H
#define GUANXI_ORG_H

#include "guanxi/app.h"

/* Creates r (fields set with app_field_set_text): required fields, a free unique code, for
 * departments no cycle through parent_id; audited; indexed for search when it has FF_SEARCH
 * fields. Sets r->id. */
enum gx_err app_org_create(struct app *app, struct record *r, struct gx_arena *a, struct gx_error *err);
/* Applies the fields set in patch to the record patch->id (same checks). */
enum gx_err app_org_update(struct app *app, struct record *patch, int64_t expected_version,
                           struct gx_arena *a, struct gx_error *err);

#endif
