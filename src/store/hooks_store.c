/* Webhook subscriptions, the event outbox, delivery claims and the attempt log (see
 * guanxi/hooks_store.h). The claim is the one place the backends differ: PostgreSQL locks the
 * rows it takes and skips those another worker holds, SQLite's single writer makes the plain
 * UPDATE atomic. */
#include <string.h>

#include "guanxi/hooks_store.h"
#include "store/driver.h"

static const char *dup(struct gx_arena *a, const char *s)
{
	return s ? gx_arena_strdup(a, s) : NULL;
}

enum gx_err store_webhook_insert(struct store *s, const char *url, const char *secret,
                                 const char *events, const char *description, const char *now,
                                 int64_t *id, struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO webhooks (url, secret, events, description, active, created_at)"
	                    " VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
	                    id, NULL, err, "ttttt", url, secret, events, description, now);
}

enum gx_err store_webhook_list(struct store *s, int active_only, struct gx_arena *a,
                               struct webhook **out, size_t *n, struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           active_only
	                           ? "SELECT id, url, secret, events, description, active, created_at, disabled_at"
	                             " FROM webhooks WHERE active = 1 ORDER BY id"
	                           : "SELECT id, url, secret, events, description, active, created_at, disabled_at"
	                             " FROM webhooks ORDER BY id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	size_t cap = 0;
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct webhook *grown = gx_arena_alloc(a, cap * sizeof *grown);
			if (*n)
				memcpy(grown, *out, *n * sizeof *grown);
			*out = grown;
		}
		struct webhook *w = &(*out)[(*n)++];
		w->id = db_col_i64(s, st, 0);
		w->url = dup(a, db_col_text(s, st, 1));
		w->secret = dup(a, db_col_text(s, st, 2));
		w->events = dup(a, db_col_text(s, st, 3));
		w->description = dup(a, db_col_text(s, st, 4));
		w->active = (int)db_col_i64(s, st, 5);
		w->created_at = dup(a, db_col_text(s, st, 6));
		w->disabled_at = dup(a, db_col_text(s, st, 7));
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_webhook_set_active(struct store *s, int64_t id, int active, const char *now,
                                     int *found, struct gx_error *err)
{
	int64_t changes = 0;
	enum gx_err e = db_exec(s, "UPDATE webhooks SET active = ?, disabled_at = ? WHERE id = ?", &changes,
	                        err, "iti", (int64_t)(active != 0), active ? NULL : now, id);
	*found = changes > 0;
	return e;
}

enum gx_err store_webhook_event_insert(struct store *s, const char *event_id, const char *type,
                                       const char *entity, int64_t entity_id, int64_t job_id,
                                       const char *payload, const char *now, int64_t *id,
                                       struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO webhook_events (event_id, type, entity, entity_id, job_id, payload, created_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "tttIItt", event_id, type, entity, entity_id, job_id, payload, now);
}

enum gx_err store_webhook_delivery_insert(struct store *s, int64_t event_row, int64_t webhook_id,
                                          const char *now, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO webhook_deliveries (event_id, webhook_id, status, attempts, next_attempt_at,"
	               " created_at) VALUES (?, ?, 'pending', 0, ?, ?)",
	               NULL, err, "iitt", event_row, webhook_id, now, now);
}

enum gx_err store_webhook_claim(struct store *s, const char *worker, const char *now,
                                const char *lease_until, int max, struct gx_arena *a,
                                struct webhook_claim **out, size_t *n, struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	const char *claim =
		s->backend == STORE_POSTGRES
		? "UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ?, attempts = attempts + 1"
		  " WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending'"
		  " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
		  " AND webhook_id IN (SELECT id FROM webhooks WHERE active = 1)"
		  " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)"
		: "UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ?, attempts = attempts + 1"
		  " WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending'"
		  " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
		  " AND webhook_id IN (SELECT id FROM webhooks WHERE active = 1)"
		  " ORDER BY id LIMIT ?)";
	int64_t claimed = 0;
	enum gx_err e = db_exec(s, claim, &claimed, err, "tttti", worker,
	                        lease_until, now, now, (int64_t)max);
	if (e != GX_OK || claimed == 0)
		return e;
	struct db_stmt *st;
	e = db_prepare(s,
	               "SELECT d.id, d.webhook_id, d.attempts, w.url, w.secret, e.event_id, e.type, e.payload"
	               " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
	               " JOIN webhook_events e ON e.id = d.event_id"
	               " WHERE d.claimed_by = ? AND d.lease_until = ? ORDER BY d.id",
	               &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tt", worker, lease_until);
	*out = gx_arena_calloc(a, (size_t)claimed, sizeof **out);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)claimed) {
		struct webhook_claim *c = &(*out)[(*n)++];
		c->id = db_col_i64(s, st, 0);
		c->webhook_id = db_col_i64(s, st, 1);
		c->attempts = (int)db_col_i64(s, st, 2);
		c->url = dup(a, db_col_text(s, st, 3));
		c->secret = dup(a, db_col_text(s, st, 4));
		c->event_id = dup(a, db_col_text(s, st, 5));
		c->type = dup(a, db_col_text(s, st, 6));
		c->payload = dup(a, db_col_text(s, st, 7));
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_webhook_finish(struct store *s, int64_t delivery_id, int attempt,
                                 const char *worker, const struct webhook_attempt_result *r,
                                 int *owned, struct gx_error *err)
{
	*owned = 0;
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	int64_t changes = 0;
	int delivered = strcmp(r->status, "delivered") == 0;
	e = db_exec(s,
	            "UPDATE webhook_deliveries SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
	            " claimed_by = NULL, lease_until = NULL, last_status = ?, last_error = ?,"
	            " delivered_at = COALESCE(?, delivered_at)"
	            " WHERE id = ? AND claimed_by = ? AND attempts = ?",
	            &changes, err, "ttIttiti", r->status, r->next_attempt_at, (int64_t)r->http_status,
	            r->error, delivered ? r->now : NULL, delivery_id, worker, (int64_t)attempt);
	/* The attempt happened whether or not the claim survived: the log says so. */
	if (e == GX_OK)
		e = db_exec(s,
		            "INSERT INTO webhook_attempts (delivery_id, attempt, worker, started_at, ms, http_status,"
		            " error) VALUES (?, ?, ?, ?, ?, ?, ?)",
		            NULL, err, "iittiIt", delivery_id, (int64_t)attempt, worker, r->started_at, r->ms,
		            (int64_t)r->http_status, r->error);
	if (e != GX_OK) {
		store_rollback(s);
		return e;
	}
	*owned = changes > 0;
	return store_commit(s, err);
}

enum gx_err store_webhook_release(struct store *s, int64_t delivery_id, const char *worker,
                                  struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE webhook_deliveries SET claimed_by = NULL, lease_until = NULL,"
	               " attempts = attempts - 1 WHERE id = ? AND claimed_by = ?",
	               NULL, err, "it", delivery_id, worker);
}

enum gx_err store_webhook_deliveries(struct store *s, int64_t webhook_id, const char *status,
                                     int limit, struct gx_arena *a, struct webhook_delivery **out,
                                     size_t *n, struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT d.id, d.webhook_id, e.event_id, e.type, d.status, d.attempts,"
	                           " d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at"
	                           " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
	                           " WHERE (? = 0 OR d.webhook_id = ?) AND (CAST(? AS TEXT) IS NULL OR d.status = ?)"
	                           " ORDER BY d.id DESC LIMIT ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "iitti", webhook_id, webhook_id, status, status, (int64_t)limit);
	*out = gx_arena_calloc(a, (size_t)(limit > 0 ? limit : 1), sizeof **out);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)limit) {
		struct webhook_delivery *d = &(*out)[(*n)++];
		d->id = db_col_i64(s, st, 0);
		d->webhook_id = db_col_i64(s, st, 1);
		d->event_id = dup(a, db_col_text(s, st, 2));
		d->type = dup(a, db_col_text(s, st, 3));
		d->status = dup(a, db_col_text(s, st, 4));
		d->attempts = (int)db_col_i64(s, st, 5);
		d->next_attempt_at = dup(a, db_col_text(s, st, 6));
		d->last_status = (int)db_col_i64(s, st, 7);
		d->last_error = dup(a, db_col_text(s, st, 8));
		d->delivered_at = dup(a, db_col_text(s, st, 9));
		d->created_at = dup(a, db_col_text(s, st, 10));
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_webhook_prune(struct store *s, const char *before, int64_t *events,
                                struct gx_error *err)
{
	*events = 0;
	enum gx_err e = db_exec(s,
	                        "DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS"
	                        " (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id"
	                        " AND d.status = 'pending')",
	                        events, err, "t", before);
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM jobs WHERE kind = 'webhooks' AND finished_at < ?", NULL, err, "t",
		            before);
	return e;
}
