/* Who a user's manager is (DECISIONS.md "Managers"): the head of the user's department, or —
 * for the head themselves, or when the department has no head — the head of the nearest
 * department above that has one. Approvals and escalations go to that manager. */
#ifndef GUANXI_MANAGER_H
#define GUANXI_MANAGER_H

#include <stdint.h>

#include "guanxi/app.h"

/* *manager_id gets the manager of user_id, or 0 when there is none (no department, or no head
 * above who is someone else and active). Disabled heads are passed over, as a disabled user can
 * approve nothing. GX_ENOTFOUND when the user does not exist. */
enum gx_err app_user_manager(struct app *app, int64_t user_id, int64_t *manager_id, struct gx_error *err);

#endif
