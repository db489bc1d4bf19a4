/* Logging interactions and keeping the customer's "last owner contact" current. */
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/customer_store.h"
#include "guanxi/i18n.h"
#include "guanxi/interaction.h"
#include "guanxi/record_store.h"

enum gx_err app_interaction_add(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err)
{
	if (record_is_null(in, "occurred_at")) {
		char now[32];
		gx_now_iso(now);
		record_set_text(in, "occurred_at", gx_arena_strdup(a, now));
	}
	if (record_is_null(in, "user_id") && app->actor.user_id)
		record_set_int(in, "user_id", app->actor.user_id);
	if (record_is_null(in, "direction"))
		record_set_text(in, "direction", "outbound");
	enum gx_err e = app_record_check_required(in, err);
	if (e != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	struct record cust;
	int64_t customer_id = record_int(in, "customer_id");
	if ((e = store_record_get(app->store, &entity_customer, customer_id, a, &cust, err)) != GX_OK)
		goto fail;
	if (cust.deleted_at) {
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                 record_text(&cust, "code"));
		goto fail;
	}
	if (!record_is_null(in, "contact_id")) {
		struct record contact;
		if ((e = store_record_get(app->store, &entity_contact, record_int(in, "contact_id"), a,
		                          &contact, err)) != GX_OK)
			goto fail;
		if (record_int(&contact, "customer_id") != customer_id) {
			e = gx_error_set(err, GX_EINVAL, "contact_id", _("contact %s does not belong to customer %s"),
			                 record_text(&contact, "code"), record_text(&cust, "code"));
			goto fail;
		}
	}
	app_stamp_job(app, in);
	if ((e = store_record_insert(app->store, in, err)) != GX_OK)
		goto fail;
	if (!record_is_null(in, "user_id") && record_int(in, "user_id") == record_int(&cust, "owner_id") &&
	    (e = store_customer_touch(app->store, customer_id, record_text(in, "occurred_at"), err)) != GX_OK)
		goto fail;
	if ((e = app_audit_change(app, "create", NULL, in, 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}
