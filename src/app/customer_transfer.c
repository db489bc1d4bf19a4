/* Asking to transfer a customer to another owner (approval kind customer_transfer). The owner
 * hands a customer over when they change territory or leave (人走客不走), but only with their
 * manager's approval; the approved action itself is in pool.c, where every owner change is. */
#include <string.h>

#include "guanxi/approval.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

enum gx_err app_customer_transfer_request(struct app *app, int64_t customer_id, int64_t to_user_id,
                                          const char *reason, int64_t *approval_id,
                                          struct gx_error *err)
{
	*approval_id = 0;
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("a transfer request needs a requesting user (use --user)"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record c, u;
	enum gx_err e = app_customer_get(app, customer_id, 0, &a, &c, err);
	if (e != GX_OK)
		goto out;
	int64_t owner = record_int(&c, "owner_id");
	int manager = strcmp(app->actor.role, "admin") == 0 || strcmp(app->actor.role, "manager") == 0;
	if (!owner) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %s is in the public pool: claim or assign it instead"),
		                 record_text(&c, "code"));
		goto out;
	}
	if (owner != app->actor.user_id && !manager) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL, _("customer %s is not yours to transfer"), record_text(&c, "code"));
		goto out;
	}
	e = store_record_get(app->store, &entity_user, to_user_id, &a, &u, err);
	if (e == GX_ENOTFOUND)
		e = gx_error_set(err, GX_EINVAL, "to_user", _("no user with id %lld"), (long long)to_user_id);
	if (e != GX_OK)
		goto out;
	if (!record_int(&u, "active")) {
		e = gx_error_set(err, GX_EINVAL, "to_user", _("user %s is disabled"), record_text(&u, "username"));
		goto out;
	}
	if (to_user_id == owner) {
		e = gx_error_set(err, GX_EINVAL, "to_user", _("customer %s already belongs to %s"),
		                 record_text(&c, "code"), record_text(&u, "username"));
		goto out;
	}
	const char *payload = gx_arena_printf(&a, "{\"from_user_id\":%lld,\"to_user_id\":%lld}",
	                                      (long long)owner, (long long)to_user_id);
	e = app_approval_request(app, "customer_transfer", "customer", customer_id, payload, reason,
	                         approval_id, err);
out:
	gx_arena_free(&a);
	return e;
}
