/* Influence links between customers (PRODUCT.md module 1: an indirect customer — a designer,
 * an adviser, a key opinion leader — influences the direct customers who buy). */
#include <stdio.h>

#include "guanxi/customer.h"
#include "guanxi/i18n.h"

enum gx_err app_customer_link(struct app *app, int64_t indirect_id, int64_t direct_id,
                              const char *note, struct gx_error *err)
{
	if (indirect_id == direct_id)
		return gx_error_set(err, GX_EINVAL, "direct", "%s", _("a customer cannot influence itself"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record ind, dir;
	int64_t changed = 0;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, indirect_id, 0, &a, &ind, err)) ||
	    (e = app_customer_get(app, direct_id, 0, &a, &dir, err)))
		goto fail;
	if ((e = store_customer_link(app->store, indirect_id, direct_id, note, &changed, err)))
		goto fail;
	char changes[96];
	snprintf(changes, sizeof changes, "{\"influences\":[null,%lld]}", (long long)direct_id);
	if ((e = app_audit_simple(app, "link", "customer", indirect_id, changes, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_customer_unlink(struct app *app, int64_t indirect_id, int64_t direct_id,
                                struct gx_error *err)
{
	int64_t changed = 0;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	if ((e = store_customer_unlink(app->store, indirect_id, direct_id, &changed, err)))
		goto fail;
	if (!changed) {
		e = gx_error_set(err, GX_ENOTFOUND, NULL, _("customer %lld does not influence customer %lld"),
		                 (long long)indirect_id, (long long)direct_id);
		goto fail;
	}
	char changes[96];
	snprintf(changes, sizeof changes, "{\"influences\":[%lld,null]}", (long long)direct_id);
	if ((e = app_audit_simple(app, "unlink", "customer", indirect_id, changes, 0, err)))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}
