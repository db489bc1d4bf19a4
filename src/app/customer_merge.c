/* Merging duplicate customers and emptying the recycle bin: the two customer operations that
 * touch many records, so each runs as one audited job (DECISIONS.md "Audit"). */
#include <stdio.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

enum gx_err app_customer_merge(struct app *app, int64_t into, int64_t from, int64_t *moved,
                               struct gx_error *err)
{
	*moved = 0;
	if (into == from)
		return gx_error_set(err, GX_EINVAL, "from", "%s", _("a customer cannot be merged into itself"));
	struct gx_arena a;
	gx_arena_init(&a, 16384);
	struct record keep, gone, fill;
	int64_t job_id = 0;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, into, 0, &a, &keep, err)) != GX_OK ||
	    (e = app_customer_get(app, from, 0, &a, &gone, err)) != GX_OK)
		goto fail;
	char params[96];
	snprintf(params, sizeof params, "{\"into\":%lld,\"from\":%lld}", (long long)into, (long long)from);
	if ((e = store_job_start(app->store, "merge", app->actor.user_id, params, NULL, NULL, &job_id, err)))
		goto fail;
	/* Fill the survivor's empty fields from the merged record (a phone the survivor lacked, a
	 * birthday, …); identifying columns derived from them follow. */
	record_init(&fill, &entity_customer, &a);
	fill.id = into;
	int filled = 0;
	for (size_t i = 0; i < entity_customer.nfields; i++) {
		const struct field_def *f = &entity_customer.fields[i];
		if ((f->flags & (FF_VIRTUAL)) || !strcmp(f->name, "code") || !strcmp(f->name, "job_id") ||
		    !strcmp(f->name, "merged_into") || !strcmp(f->name, "deleted_by"))
			continue;
		if (keep.v[i].is_null && !gone.v[i].is_null) {
			fill.v[i] = gone.v[i];
			fill.set[i] = 1;
			filled++;
		}
	}
	if (filled) {
		fill.v[entity_field_index(&entity_customer, "job_id")] = (struct gx_value){.i = job_id};
		fill.set[entity_field_index(&entity_customer, "job_id")] = 1;
		if ((e = store_record_update(app->store, &fill, 0, err)) != GX_OK)
			goto fail;
	}
	if ((e = store_customer_merge_move(app->store, from, into, moved, err)) != GX_OK)
		goto fail;
	struct record mark;
	record_init(&mark, &entity_customer, &a);
	mark.id = from;
	record_set_int(&mark, "merged_into", into);
	record_set_int(&mark, "job_id", job_id);
	if ((e = store_record_update(app->store, &mark, 0, err)) != GX_OK ||
	    (e = store_record_set_deleted(app->store, &entity_customer, from, 1, err)) != GX_OK ||
	    (e = store_search_remove(app->store, "customer", from, err)) != GX_OK)
		goto fail;
	struct record merged;
	if ((e = app_customer_get(app, into, 0, &a, &merged, err)) != GX_OK ||
	    (e = store_search_index_record(app->store, &merged, err)) != GX_OK)
		goto fail;
	char counts[160];
	snprintf(counts, sizeof counts, "{\"moved\":%lld,\"fields_filled\":%d,\"into\":%lld,\"from\":%lld}",
	         (long long)*moved, filled, (long long)into, (long long)from);
	if ((e = store_job_finish(app->store, job_id, 1, counts, NULL, err)) != GX_OK ||
	    (e = app_audit_simple(app, "merge", "customer", into, counts, job_id, err)) != GX_OK ||
	    (e = store_dashboard_fold_customer(app->store, into, err)) != GX_OK ||
	    (e = store_dashboard_fold_customer(app->store, from, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_recycle_bin_purge(struct app *app, int64_t *purged, int64_t *kept,
                                  struct gx_error *err)
{
	*purged = *kept = 0;
	char cutoff[32];
	gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.recycle_bin_days * 86400000, cutoff);
	struct gx_arena a;
	gx_arena_init(&a, 65536);
	int64_t job_id = 0;
	enum gx_err e = store_job_start(app->store, "purge", app->actor.user_id, NULL, NULL, NULL, &job_id, err);
	/* In batches, each its own transaction: a long purge never holds the write lock for long. */
	while (e == GX_OK) {
		int64_t *ids;
		size_t n;
		gx_arena_reset(&a);
		if ((e = store_customer_deleted_before(app->store, cutoff, 500, &a, &ids, &n, err)) != GX_OK)
			break;
		size_t done = 0;
		if ((e = store_begin(app->store, err)) != GX_OK)
			break;
		for (size_t i = 0; i < n && e == GX_OK; i++) {
			struct gx_error inner;
			gx_error_clear(&inner);
			enum gx_err pe = store_customer_purge_rows(app->store, ids[i], &inner);
			if (pe == GX_OK) {
				(*purged)++;
				done++;
			} else if (pe == GX_ECONFLICT) {
				(*kept)++;
			} else {
				e = pe;
				*err = inner;
			}
		}
		if (e != GX_OK) {
			store_rollback(app->store);
			break;
		}
		if ((e = store_commit(app->store, err)) != GX_OK)
			break;
		/* Rows kept (with orders) stay in the bin; stop when a batch purged nothing new. */
		if (n < 500 || done == 0)
			break;
	}
	char counts[96];
	snprintf(counts, sizeof counts, "{\"purged\":%lld,\"kept\":%lld}", (long long)*purged, (long long)*kept);
	if (job_id) {
		struct gx_error e2;
		store_job_finish(app->store, job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
		if (e == GX_OK)
			e = app_audit_simple(app, "purge", "customer", 0, counts, job_id, err);
	}
	gx_arena_free(&a);
	return e;
}
