/* POST /api/v1/webhooks/{id}/test: queues one "webhook.test" event for that webhook alone, so
 * an admin can check the receiver and the signature without changing any data; the background
 * delivery thread sends it like any other and it shows in the delivery log. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/hooks.h"
#include "guanxi/i18n.h"
#include "http/http.h"

enum gx_err h_webhook_test(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

enum gx_err h_webhook_test(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct webhook *hooks;
	size_t n;
	enum gx_err e = app_webhook_list(rq->app, rq->arena, &hooks, &n, err);
	if (e != GX_OK)
		return e;
	const struct webhook *w = NULL;
	for (size_t i = 0; i < n && !w; i++)
		if (hooks[i].id == rq->ids[0])
			w = &hooks[i];
	if (!w)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("no webhook %lld"), (long long)rq->ids[0]);
	if (!w->active)
		return gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("the webhook is switched off; switch it on to test it"));
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	char event_id[40] = "evt_";
	sodium_bin2hex(event_id + 4, sizeof event_id - 4, raw, sizeof raw);
	char now[32];
	gx_now_iso(now);
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I}", "id", event_id, "type", "webhook.test", "created_at", now,
	                      "webhook_id", (json_int_t)w->id, "user_id", (json_int_t)rq->app->actor.user_id);
	char *payload = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	int64_t row = 0;
	if ((e = store_begin(rq->app->store, err)) == GX_OK) {
		if ((e = store_webhook_event_insert(rq->app->store, event_id, "webhook.test", "webhook", w->id, 0, payload,
		                                    now, &row, err)) == GX_OK &&
		    (e = store_webhook_delivery_insert(rq->app->store, row, w->id, now, err)) == GX_OK)
			e = store_commit(rq->app->store, err);
		else
			store_rollback(rq->app->store);
	}
	free(payload);
	if (e == GX_OK)
		http_resp_json(rs, 202, json_pack("{s:I, s:s, s:s}", "webhook_id", (json_int_t)w->id, "event_id", event_id,
		                                  "type", "webhook.test"));
	return e;
}
