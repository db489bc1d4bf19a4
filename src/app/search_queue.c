/* Search indexing for app/: immediate for interactive writes, queued for bulk imports (see
 * struct app's defer_search) and written in one go before the batch commits. */
#include <stdlib.h>

#include "guanxi/app.h"
#include "guanxi/customer_store.h"
#include "guanxi/record_store.h"

enum gx_err app_search_index(struct app *app, const struct record *r, struct gx_error *err)
{
	if (!app->defer_search)
		return store_search_index_record(app->store, r, err);
	if (app->npending == app->cap_pending) {
		app->cap_pending = app->cap_pending ? app->cap_pending * 2 : 256;
		app->pending = gx_xrealloc(app->pending, app->cap_pending * sizeof *app->pending);
	}
	app->pending[app->npending++] = (struct app_pending_search){r->def, r->id};
	return GX_OK;
}

enum gx_err app_search_flush(struct app *app, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 16384);
	enum gx_err e = GX_OK;
	for (size_t i = 0; i < app->npending && e == GX_OK; i++) {
		struct record r;
		struct gx_error miss;
		/* A queued record whose row was rolled back with its savepoint is gone: skip it. */
		if (store_record_get(app->store, app->pending[i].def, app->pending[i].id, &a, &r, &miss) == GX_OK &&
		    !r.deleted_at)
			e = store_search_index_record(app->store, &r, err);
		gx_arena_reset(&a);
	}
	app->npending = 0;
	gx_arena_free(&a);
	return e;
}
