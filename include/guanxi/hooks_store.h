/* Webhooks in the database: the subscriptions, the outbox of events with one delivery per
 * subscribed webhook, the claims workers take on due deliveries, and the attempt log
 * (src/store/migrations/…/0012_hooks.sql). Instants are ISO 8601 UTC text as everywhere. */
#ifndef GUANXI_HOOKS_STORE_H
#define GUANXI_HOOKS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/store.h"

struct webhook {
	int64_t id;
	const char *url, *secret, *events, *description, *created_at, *disabled_at;
	int active;
};

/* A claimed delivery with what is needed to send it. */
struct webhook_claim {
	int64_t id, webhook_id;
	int attempts;              /* including the one about to be made */
	const char *url, *secret, *event_id, *type, *payload;
};

/* A delivery as the log shows it. */
struct webhook_delivery {
	int64_t id, webhook_id;
	const char *event_id, *type, *status, *next_attempt_at, *last_error, *delivered_at, *created_at;
	int attempts, last_status;   /* last_status 0: no answer yet */
};

enum gx_err store_webhook_insert(struct store *s, const char *url, const char *secret,
                                 const char *events, const char *description, const char *now,
                                 int64_t *id, struct gx_error *err);
/* Every webhook (active_only: the active ones), in id order, strings in a. */
enum gx_err store_webhook_list(struct store *s, int active_only, struct gx_arena *a,
                               struct webhook **out, size_t *n, struct gx_error *err);
/* Sets active (disabling stamps disabled_at); *found = 0 when there is no such webhook. */
enum gx_err store_webhook_set_active(struct store *s, int64_t id, int active, const char *now,
                                     int *found, struct gx_error *err);

/* The outbox: one event row; then one pending delivery per webhook that wants it. */
enum gx_err store_webhook_event_insert(struct store *s, const char *event_id, const char *type,
                                       const char *entity, int64_t entity_id, int64_t job_id,
                                       const char *payload, const char *now, int64_t *id,
                                       struct gx_error *err);
enum gx_err store_webhook_delivery_insert(struct store *s, int64_t event_row, int64_t webhook_id,
                                          const char *now, struct gx_error *err);

/* Claims up to max due deliveries (pending, next_attempt_at <= now, no live lease, webhook
 * active: a disabled webhook's deliveries wait until it is enabled again) for worker
 * until lease_until, counting the attempt, in one atomic statement: PostgreSQL skips rows
 * another worker has locked (FOR UPDATE SKIP LOCKED), SQLite has one writer. Must run outside
 * a transaction. */
enum gx_err store_webhook_claim(struct store *s, const char *worker, const char *now,
                                const char *lease_until, int max, struct gx_arena *a,
                                struct webhook_claim **out, size_t *n, struct gx_error *err);
/* Ends worker's claim on a delivery: status "delivered", "failed" or back to "pending" with
 * next_attempt_at; and logs the attempt. *owned = 0 when the claim had already been lost
 * (lease expired and taken by another worker): nothing is changed then. */
struct webhook_attempt_result {
	const char *status, *next_attempt_at, *error, *started_at, *now;
	int http_status;           /* 0: no answer */
	int64_t ms;
};
enum gx_err store_webhook_finish(struct store *s, int64_t delivery_id, int attempt,
                                 const char *worker, const struct webhook_attempt_result *r,
                                 int *owned, struct gx_error *err);

/* Hands back worker's claim on a delivery it did not attempt (the server is stopping): due
 * again at once, its attempt uncounted. */
enum gx_err store_webhook_release(struct store *s, int64_t delivery_id, const char *worker,
                                  struct gx_error *err);

/* The delivery log, newest first; webhook_id 0: every webhook; status NULL: any. */
enum gx_err store_webhook_deliveries(struct store *s, int64_t webhook_id, const char *status,
                                     int limit, struct gx_arena *a, struct webhook_delivery **out,
                                     size_t *n, struct gx_error *err);

/* Deletes events created before `before` that have no pending delivery (their deliveries and
 * attempts go with them), and "webhooks" job rows finished before it; counts the events. */
enum gx_err store_webhook_prune(struct store *s, const char *before, int64_t *events,
                                struct gx_error *err);

#endif
