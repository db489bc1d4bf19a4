/* What happens to a ticket besides its state machine: the satisfaction rating after closing,
 * escalation to the manager (one ticket, or every overdue one as a bulk job), the overdue list,
 * and complaint counts per customer for the satisfaction models (see include/guanxi/ticket.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ticket_internal.h"
#include "guanxi/audit_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/manager.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket_store.h"
#include "guanxi/workflow.h"

enum gx_err app_ticket_rate(struct app *app, int64_t id, int64_t rating, const char *comment,
                            struct gx_arena *a, struct record *out, struct gx_error *err)
{
	if (rating < 1 || rating > 5)
		return gx_error_set(err, GX_EINVAL, "satisfaction",
		                    _("satisfaction must be a whole number from 1 (very dissatisfied) to 5 (very satisfied), not %lld"),
		                    (long long)rating);
	if (comment && strlen(comment) > 60000)
		return gx_error_set(err, GX_EINVAL, "comment", "%s", _("the comment is longer than 20000 characters"));
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	char now[32];
	ticket_now(now);
	if ((e = ticket_load(app, id, a, &before, err)) != GX_OK)
		goto fail;
	if (strcmp(record_text(&before, "status"), "closed") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("ticket %s is %s: it can be rated only after it is closed"),
		                 record_text(&before, "code"), record_text(&before, "status"));
		goto fail;
	}
	if (!record_is_null(&before, "satisfaction")) {
		e = gx_error_set(err, GX_ECONFLICT, "satisfaction", _("ticket %s was already rated %lld on %s"),
		                 record_text(&before, "code"), (long long)record_int(&before, "satisfaction"),
		                 record_text(&before, "rated_at"));
		goto fail;
	}
	ticket_copy(&before, &after, a);
	record_set_int(&after, "satisfaction", rating);
	record_set_text(&after, "rated_at", gx_arena_strdup(a, now));
	const char *note = comment && *comment ? gx_arena_printf(a, "%lld: %s", (long long)rating, comment)
	                                       : gx_arena_printf(a, "%lld", (long long)rating);
	if ((e = store_record_update(app->store, &after, before.version, err)) != GX_OK ||
	    (e = ticket_event_add(app, &after, "rate", "closed", 0, note, now, a, err)) != GX_OK ||
	    (e = app_audit_change(app, "rate", &before, &after, 0, err)) != GX_OK)
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK && out)
		*out = after;
	return e;
fail:
	store_rollback(app->store);
	return e;
}

static const char *username(struct app *app, int64_t id, struct gx_arena *a)
{
	struct record u;
	struct gx_error ignored;
	if (store_record_get(app->store, &entity_user, id, a, &u, &ignored) != GX_OK)
		return gx_arena_printf(a, "#%lld", (long long)id);
	return record_text(&u, "username");
}

enum gx_err app_ticket_escalate(struct app *app, int64_t id, const char *note, struct gx_arena *a,
                                struct record *out, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	char now[32];
	ticket_now(now);
	int64_t from = 0, manager = 0;
	if ((e = ticket_load(app, id, a, &before, err)) != GX_OK)
		goto fail;
	const char *code = record_text(&before, "code"), *status = record_text(&before, "status");
	if (!ticket_status_open(status)) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("ticket %s is %s: only open tickets are escalated"), code,
		                 status);
		goto fail;
	}
	from = record_int(&before, "owner_id");
	if (!from)
		from = record_int(&before, "received_by");
	if (!from) {
		e = gx_error_set(err, GX_ECONFLICT, "owner_id",
		                 _("ticket %s has neither an assignee nor a receiving user whose manager could take it; assign it first"),
		                 code);
		goto fail;
	}
	if ((e = app_user_manager(app, from, &manager, err)) != GX_OK)
		goto fail;
	if (!manager) {
		e = gx_error_set(err, GX_ECONFLICT, "escalated_to",
		                 _("user %s has no manager: set the head of their department or of a department above"),
		                 username(app, from, a));
		goto fail;
	}
	if (record_int(&before, "escalated_to") == manager) {
		e = gx_error_set(err, GX_ECONFLICT, "escalated_to", _("ticket %s is already escalated to %s"), code,
		                 username(app, manager, a));
		goto fail;
	}
	ticket_copy(&before, &after, a);
	record_set_int(&after, "escalated_to", manager);
	record_set_text(&after, "escalated_at", gx_arena_strdup(a, now));
	app_stamp_job(app, &after);
	const char *text = gx_arena_printf(a, _("ticket %s was escalated to you: %s"), code,
	                                   record_text(&before, "subject") ? record_text(&before, "subject") : "");
	if ((e = store_record_update(app->store, &after, before.version, err)) != GX_OK ||
	    (e = ticket_event_add(app, &after, "escalate", status, manager, note, now, a, err)) != GX_OK ||
	    (e = app_audit_change(app, "escalate", &before, &after, 0, err)) != GX_OK ||
	    (e = app_notify(app, manager, "ticket_overdue", "ticket", after.id, text, err)) != GX_OK)
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK && out)
		*out = after;
	return e;
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_ticket_escalate_overdue(struct app *app, struct ticket_escalation_result *res,
                                        struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	char now[32];
	ticket_now(now);
	enum gx_err e = store_job_start(app->store, "ticket_escalation", app->actor.user_id, NULL, NULL, NULL,
	                                &res->job_id, err);
	if (e != GX_OK)
		return e;
	app->job_id = res->job_id;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	/* Page through the overdue list as it stood at `now`: escalating does not change due_at or the
	 * status, so the keyset stays valid while we write. */
	char after_due[32] = "";
	int64_t after_id = 0;
	for (;;) {
		int64_t ids[200];
		size_t n = 0;
		if ((e = store_ticket_overdue(app->store, now, 0, after_due, after_id, 200, ids, &n, err)) != GX_OK || !n)
			break;
		for (size_t i = 0; i < n && e == GX_OK; i++) {
			gx_arena_reset(&a);
			struct record t;
			if ((e = ticket_load(app, ids[i], &a, &t, err)) != GX_OK)
				break;
			snprintf(after_due, sizeof after_due, "%s", record_text(&t, "due_at"));
			after_id = t.id;
			if (!record_is_null(&t, "escalated_to")) {
				res->skipped++;
				continue;
			}
			struct gx_error one;
			gx_error_clear(&one);
			enum gx_err r = app_ticket_escalate(app, t.id, _("overdue"), &a, NULL, &one);
			if (r == GX_OK)
				res->escalated++;
			else if (r == GX_ECONFLICT)
				res->skipped++;
			else {
				*err = one;
				e = r;
			}
		}
		if (e != GX_OK || n < 200)
			break;
	}
	char counts[128];
	snprintf(counts, sizeof counts, "{\"escalated\":%zu,\"skipped\":%zu}", res->escalated, res->skipped);
	app->job_id = 0;
	struct gx_error e2;
	store_job_finish(app->store, res->job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
	if (e == GX_OK)
		e = app_audit_simple(app, "escalate_overdue", "ticket", 0, counts, res->job_id, err);
	gx_arena_free(&a);
	return e;
}

/* Cursor: base64 of "due_at id" (DECISIONS.md: cursors are opaque). */
static const char *cursor_make(struct gx_arena *a, const char *due, int64_t id)
{
	char raw[64];
	int n = snprintf(raw, sizeof raw, "%s %lld", due, (long long)id);
	size_t sz = sodium_base64_encoded_len((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = gx_arena_alloc(a, sz);
	sodium_bin2base64(out, sz, (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static enum gx_err cursor_read(const char *cursor, char due[32], int64_t *id, struct gx_error *err)
{
	unsigned char raw[64];
	size_t n = 0;
	char extra;
	long long v = 0;
	if (strlen(cursor) > 80 ||
	    sodium_base642bin(raw, sizeof raw - 1, cursor, strlen(cursor), NULL, &n, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		n = 0;
	raw[n] = '\0';
	if (!n || sscanf((const char *)raw, "%31s %lld%c", due, &v, &extra) != 2 || v <= 0)
		return gx_error_set(err, GX_EINVAL, "cursor", "%s", _("cursor is not one this list returned"));
	*id = v;
	return GX_OK;
}

/* The tickets of ids[0..n) into rows in that order, 200 ids per query (one round trip each
 * instead of one per ticket, which is what a PostgreSQL server makes costly). */
static enum gx_err load_in_order(struct app *app, const int64_t *ids, size_t n, struct gx_arena *a,
                                 struct record *rows, struct gx_error *err)
{
	for (size_t first = 0; first < n; first += 200) {
		size_t m = n - first < 200 ? n - first : 200;
		struct filter_node *in = filter_cond_int(a, &entity_ticket, "id", FILTER_IN, ids[first]);
		in->values = gx_arena_calloc(a, m, sizeof *in->values);
		in->nvalues = (int)m;
		for (size_t i = 0; i < m; i++)
			in->values[i] = (struct filter_value){.kind = FV_NUMBER, .num = (double)ids[first + i],
			                                      .is_integer = 1, .i = ids[first + i]};
		struct store_list_query q = {.filter = in, .deleted = STORE_ANY, .limit = (int)m, .sort_field = "id"};
		struct store_list_result res;
		enum gx_err e = store_record_list(app->store, &entity_ticket, &q, a, &res, err);
		if (e != GX_OK)
			return e;
		for (size_t i = 0; i < m; i++) {
			size_t k = 0;
			while (k < res.count && res.rows[k].id != ids[first + i])
				k++;
			if (k == res.count)   /* deleted between the two queries: cannot happen in a snapshot */
				return gx_error_set(err, GX_ECONFLICT, "id", _("ticket %lld changed meanwhile; try again"),
				                    (long long)ids[first + i]);
			rows[first + i] = res.rows[k];
		}
	}
	return GX_OK;
}

enum gx_err app_ticket_overdue(struct app *app, int64_t owner_id, int limit, const char *cursor,
                               struct gx_arena *a, struct ticket_overdue_page *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	if (limit < 1 || limit > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", _("limit must be from 1 to 1000, not %d"), limit);
	char now[32], after_due[32] = "";
	int64_t after_id = 0;
	ticket_now(now);
	enum gx_err e = cursor && *cursor ? cursor_read(cursor, after_due, &after_id, err) : GX_OK;
	if (e != GX_OK)
		return e;
	int64_t *ids = gx_arena_calloc(a, (size_t)limit + 1, sizeof *ids);
	size_t n = 0;
	if ((e = store_ticket_overdue(app->store, now, owner_id, after_due, after_id, limit + 1, ids, &n, err)) != GX_OK ||
	    (e = store_ticket_overdue_count(app->store, now, owner_id, &out->total, err)) != GX_OK)
		return e;
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	out->rows = gx_arena_calloc(a, shown ? shown : 1, sizeof *out->rows);
	e = load_in_order(app, ids, shown, a, out->rows, err);
	out->count = shown;
	if (e == GX_OK && n > (size_t)limit)
		out->next_cursor = cursor_make(a, record_text(&out->rows[shown - 1], "due_at"), out->rows[shown - 1].id);
	return e;
}

/* --- complaint counts ------------------------------------------------------------------- */

/* A local date bound as the instant text of its midnight in the company zone. */
static enum gx_err date_bound(struct app *app, const char *date, const char *field, char out[GX_INSTANT_FMT_SIZE],
                              const char **bound, struct gx_error *err)
{
	*bound = NULL;
	if (!date || !*date)
		return GX_OK;
	int32_t d;
	enum gx_err e = gx_date_parse(date, &d, field, err);
	struct gx_tz *tz = NULL;
	if (e == GX_OK && (e = gx_tz_open(app->settings.timezone, &tz, err)) == GX_OK) {
		gx_instant_format(gx_instant_from_local_date(d, tz), out);
		*bound = out;
		gx_tz_free(tz);
	}
	return e;
}

struct count_fwd {
	int (*fn)(const struct ticket_complaint_count *c, void *ctx);
	void *ctx;
};

static int forward(const struct store_complaint_count *c, void *ctx)
{
	struct count_fwd *f = ctx;
	struct ticket_complaint_count t = {c->customer_id, c->formal, c->informal};
	return f->fn(&t, f->ctx);
}

enum gx_err app_ticket_complaint_counts(struct app *app, const char *from, const char *to,
                                        int (*fn)(const struct ticket_complaint_count *c, void *ctx), void *ctx,
                                        struct gx_error *err)
{
	char fb[GX_INSTANT_FMT_SIZE], tb[GX_INSTANT_FMT_SIZE];
	const char *f = NULL, *t = NULL;
	enum gx_err e;
	if ((e = date_bound(app, from, "from", fb, &f, err)) != GX_OK || (e = date_bound(app, to, "to", tb, &t, err)) != GX_OK)
		return e;
	struct count_fwd fw = {fn, ctx};
	return store_ticket_complaint_counts(app->store, f, t, forward, &fw, err);
}

struct by_id {
	int64_t id;
	size_t at;
};

static int cmp_by_id(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

struct merge_ctx {
	const struct by_id *order;
	size_t n, pos;
	int64_t *counts;
};

/* Both sides ascend by customer id: a merge join. */
static int merge_count(const struct ticket_complaint_count *c, void *ctx)
{
	struct merge_ctx *m = ctx;
	while (m->pos < m->n && m->order[m->pos].id < c->customer_id)
		m->pos++;
	for (size_t k = m->pos; k < m->n && m->order[k].id == c->customer_id; k++)
		m->counts[m->order[k].at] = c->formal + c->informal;
	return m->pos >= m->n;
}

enum gx_err app_ticket_complaints_of(struct app *app, const int64_t *customer_ids, size_t n, const char *from,
                                     const char *to, int64_t *counts, struct gx_error *err)
{
	for (size_t i = 0; i < n; i++)
		counts[i] = 0;
	if (!n)
		return GX_OK;
	struct by_id *order = gx_xcalloc(n, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = (struct by_id){customer_ids[i], i};
	qsort(order, n, sizeof *order, cmp_by_id);
	struct merge_ctx m = {order, n, 0, counts};
	enum gx_err e = app_ticket_complaint_counts(app, from, to, merge_count, &m, err);
	free(order);
	return e;
}
