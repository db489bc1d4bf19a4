/* A user's manager (DECISIONS.md "Managers"): the head of the user's department, or — for the
 * head themselves, or when the department has no head — the head of the nearest department
 * above (skipping disabled heads). Approvals and escalations are routed with it. */
#include "guanxi/manager.h"

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

/* Departments nest a few levels deep; the bound only stops a corrupted cycle. */
#define MAX_DEPTH 64

enum gx_err app_user_manager(struct app *app, int64_t user_id, int64_t *manager_id,
                             struct gx_error *err)
{
	*manager_id = 0;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u;
	enum gx_err e = store_record_get(app->store, &entity_user, user_id, &a, &u, err);
	if (e == GX_ENOTFOUND)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user with id %lld"), (long long)user_id);
	int64_t dept = e == GX_OK ? record_int(&u, "department_id") : 0;
	for (int depth = 0; e == GX_OK && dept && depth < MAX_DEPTH; depth++) {
		struct record d;
		if ((e = store_record_get(app->store, &entity_department, dept, &a, &d, err)) != GX_OK)
			break;
		int64_t head = record_int(&d, "head_user_id");
		if (head && head != user_id) {
			/* A disabled head cannot decide anything: the request goes further up. */
			struct record h;
			if ((e = store_record_get(app->store, &entity_user, head, &a, &h, err)) != GX_OK)
				break;
			if (record_int(&h, "active")) {
				*manager_id = head;
				break;
			}
		}
		dept = record_int(&d, "parent_id");
	}
	gx_arena_free(&a);
	return e;
}
