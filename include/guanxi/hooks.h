/* Webhooks (DECISIONS.md "Webhooks"): admins subscribe a URL to events; every audited write
 * (create, update, delete, restore, purge of a record; one job.completed per bulk job) puts an
 * event with a stable id in the outbox in the same transaction as the write; background
 * workers deliver it, signed, with retries and exponential backoff, logging every attempt.
 *
 *   X-Guanxi-Event-Id: evt_<32 hex>          (the same on every attempt: receivers de-duplicate)
 *   X-Guanxi-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)> */
#ifndef GUANXI_HOOKS_H
#define GUANXI_HOOKS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/audit_store.h"
#include "guanxi/hooks_store.h"

#define APP_WEBHOOK_SECRET_SIZE 72   /* "whsec_" + 64 hex + NUL, rounded */

/* Called for every audit row (app/audit.c), inside the write's transaction: queues the event
 * the row stands for, when any active webhook wants it. Rows that are not writes (export,
 * password, token) and per-record rows inside a bulk job make no event. */
enum gx_err app_hooks_emit(struct app *app, const struct audit_entry *a, struct gx_error *err);

/* The event type an audit row stands for ("customer.created", "job.completed"), or NULL.
 * buf holds the result when it is built. */
const char *app_hooks_event_type(const struct audit_entry *a, char *buf, size_t size);
/* 1 when a webhook's events list ("*", "customer.*,order.created") wants type. */
int app_hooks_wants(const char *events, const char *type);

/* Admin only. Adds a webhook and returns its id and its secret, which is shown only now.
 * events NULL or "" means every event. */
enum gx_err app_webhook_add(struct app *app, const char *url, const char *events,
                            const char *description, int64_t *id,
                            char secret[APP_WEBHOOK_SECRET_SIZE], struct gx_error *err);
/* Every webhook, secrets left out. */
enum gx_err app_webhook_list(struct app *app, struct gx_arena *a, struct webhook **out, size_t *n,
                             struct gx_error *err);
enum gx_err app_webhook_set_active(struct app *app, int64_t id, int active, struct gx_error *err);
/* The delivery log, newest first (webhook_id 0: all; status NULL: any; limit 1..1000). */
enum gx_err app_webhook_deliveries(struct app *app, int64_t webhook_id, const char *status,
                                   int limit, struct gx_arena *a, struct webhook_delivery **out,
                                   size_t *n, struct gx_error *err);

/* The signature header's value for a body sent at unix time t. */
void app_webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
                           char out[96]);

struct app_deliver_counts {
	int64_t claimed, delivered, retried, failed, lost;  /* lost: claim expired meanwhile */
};
/* One pass of a delivery worker: claims up to max due deliveries as worker (a name unique to
 * the calling thread), POSTs each, and records the outcome: delivered on 2xx; otherwise again
 * after webhook_backoff_s · 2^(attempt−1) seconds (at most 6 hours), failed after
 * webhook_max_attempts attempts. When *stop becomes set (may be NULL) the claims not yet
 * attempted are handed back and the pass ends. Runs outside any transaction. */
enum gx_err app_webhooks_deliver(struct app *app, const char *worker, int max,
                                 const atomic_int *stop, struct app_deliver_counts *c,
                                 struct gx_error *err);

#endif
