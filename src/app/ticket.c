/* Receiving tickets, editing what describes them, and the state machine (see
 * include/guanxi/ticket.h). Each verb checks its input before it opens a transaction, reads the
 * ticket inside it, and writes the ticket, its event and the audit row together, so a refused
 * action leaves the database as it was. */
#include "guanxi/ticket.h"

#include <stdio.h>
#include <string.h>

#include "app/ticket_internal.h"
#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/sla.h"
#include "guanxi/workflow.h"

static const char *const action_names[TICKET_NACTIONS] = {"assign", "start", "reply", "close", "reopen"};

static const struct {
	enum ticket_action action;
	const char *from, *to;
} transitions[] = {
	{TICKET_ASSIGN, "received", "assigned"},
	{TICKET_ASSIGN, "assigned", "assigned"},
	{TICKET_ASSIGN, "processing", "assigned"},
	{TICKET_START, "assigned", "processing"},
	{TICKET_REPLY, "processing", "replied"},
	{TICKET_CLOSE, "replied", "closed"},
	{TICKET_REOPEN, "replied", "processing"},
	{TICKET_REOPEN, "closed", "processing"},
};

const char *ticket_action_name(enum ticket_action action)
{
	return action >= 0 && action < TICKET_NACTIONS ? action_names[action] : "?";
}

int ticket_action_parse(const char *name)
{
	for (int i = 0; name && i < TICKET_NACTIONS; i++)
		if (strcmp(name, action_names[i]) == 0)
			return i;
	return -1;
}

const char *ticket_next_status(const char *from, enum ticket_action action)
{
	for (size_t i = 0; from && i < sizeof transitions / sizeof *transitions; i++)
		if (transitions[i].action == action && strcmp(transitions[i].from, from) == 0)
			return transitions[i].to;
	return NULL;
}

int ticket_status_open(const char *status)
{
	return status && (!strcmp(status, "received") || !strcmp(status, "assigned") || !strcmp(status, "processing"));
}

void ticket_now(char out[32])
{
	gx_format_instant_utc(gx_now_ms() / 1000 * 1000, out);
}

enum gx_err ticket_load(struct app *app, int64_t id, struct gx_arena *a, struct record *r, struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, &entity_ticket, id, a, r, err);
	if (e == GX_OK && r->deleted_at)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("ticket %lld was deleted"), (long long)id);
	return e;
}

void ticket_copy(const struct record *before, struct record *after, struct gx_arena *a)
{
	record_init(after, before->def, a);
	after->id = before->id;
	after->version = before->version;
	for (size_t i = 0; i < before->def->nfields; i++)
		after->v[i] = before->v[i];
}

enum gx_err ticket_event_add(struct app *app, const struct record *t, const char *action, const char *from,
                             int64_t target_user, const char *note, const char *at, struct gx_arena *a,
                             struct gx_error *err)
{
	struct record ev;
	record_init(&ev, &entity_ticket_event, a);
	record_set_int(&ev, "ticket_id", t->id);
	record_set_text(&ev, "action", action);
	if (from)
		record_set_text(&ev, "from_status", from);
	record_set_text(&ev, "to_status", record_text(t, "status"));
	if (app->actor.user_id)
		record_set_int(&ev, "user_id", app->actor.user_id);
	if (target_user)
		record_set_int(&ev, "target_user_id", target_user);
	if (note && *note)
		record_set_text(&ev, "note", note);
	record_set_text(&ev, "at", at);
	app_stamp_job(app, &ev);
	return store_record_insert(app->store, &ev, err);
}

/* An active user to hand a ticket to. */
/* The in-app notification of the new assignee (workflow's notifications), in the caller's
 * transaction; assigning a ticket to oneself tells nobody. */
static enum gx_err ticket_notify_assignee(struct app *app, const struct record *t, int64_t user_id,
                                          struct gx_arena *a, struct gx_error *err)
{
	if (user_id == app->actor.user_id)
		return GX_OK;
	const char *text = gx_arena_printf(a, _("ticket %s was assigned to you: %s"), record_text(t, "code"),
	                                   record_text(t, "subject") ? record_text(t, "subject") : "");
	return app_notify(app, user_id, "assignment", "ticket", t->id, text, err);
}

static enum gx_err check_assignee(struct app *app, int64_t user_id, struct gx_arena *a, struct gx_error *err)
{
	struct record u;
	enum gx_err e = store_record_get(app->store, &entity_user, user_id, a, &u, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_EINVAL, "assignee", _("assignee: no user with id %lld"), (long long)user_id);
	if (e == GX_OK && !record_int(&u, "active"))
		e = gx_error_set(err, GX_EINVAL, "assignee", _("assignee: user %s is disabled"), record_text(&u, "username"));
	return e;
}

/* Customer live; contact and order of that customer. */
static enum gx_err check_links(struct app *app, const struct record *t, struct gx_arena *a, struct gx_error *err)
{
	struct record c, x;
	int64_t customer = record_int(t, "customer_id");
	enum gx_err e = store_record_get(app->store, &entity_customer, customer, a, &c, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_EINVAL, "customer_id", _("customer: no customer with id %lld"), (long long)customer);
	if (e == GX_OK && c.deleted_at)
		e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"), record_text(&c, "code"));
	if (e == GX_OK && !record_is_null(t, "contact_id") &&
	    (e = store_record_get(app->store, &entity_contact, record_int(t, "contact_id"), a, &x, err)) == GX_OK &&
	    record_int(&x, "customer_id") != customer)
		e = gx_error_set(err, GX_EINVAL, "contact_id", _("contact %s does not belong to customer %s"),
		                 record_text(&x, "code"), record_text(&c, "code"));
	if (e == GX_OK && !record_is_null(t, "order_id") &&
	    (e = store_record_get(app->store, &entity_order, record_int(t, "order_id"), a, &x, err)) == GX_OK &&
	    (record_int(&x, "customer_id") != customer || x.deleted_at))
		e = gx_error_set(err, GX_EINVAL, "order_id", _("order %s is not a live order of customer %s"),
		                 record_text(&x, "order_no"), record_text(&c, "code"));
	return e;
}

/* Sets sla_minutes, sla_started_at and due_at of t for a clock starting at `from` (instant text). */
static enum gx_err set_due(struct app *app, struct record *t, const char *from, struct gx_arena *a,
                           struct gx_error *err)
{
	struct sla_config c;
	enum gx_err e = app_sla_load(app, &c, err);
	if (e != GX_OK)
		return e;
	int64_t start = 0, due = 0;
	int minutes = 0;
	if ((e = gx_instant_parse(from, NULL, &start, "received_at", err)) == GX_OK &&
	    (e = sla_due(&c, record_text(t, "severity"), start, &due, &minutes, err)) == GX_OK) {
		char buf[GX_INSTANT_FMT_SIZE];
		record_set_int(t, "sla_minutes", minutes);
		record_set_text(t, "sla_started_at", gx_arena_strdup(a, from));
		record_set_text(t, "due_at", gx_arena_strdup(a, gx_instant_format(due, buf)));
	}
	sla_config_free(&c);
	return e;
}

static void set_default(struct record *r, const char *field, const char *value)
{
	if (record_is_null(r, field))
		record_set_text(r, field, value);
}

enum gx_err app_ticket_create(struct app *app, struct record *in, int64_t assignee_id, struct gx_arena *a,
                              struct gx_error *err)
{
	char now[32];
	ticket_now(now);
	set_default(in, "kind", "complaint");
	set_default(in, "formality", "formal");
	set_default(in, "nature", "undetermined");
	set_default(in, "category", "other");
	set_default(in, "severity", "medium");
	set_default(in, "received_at", gx_arena_strdup(a, now));
	if (strcmp(record_text(in, "received_at"), now) > 0)
		return gx_error_set(err, GX_EINVAL, "received_at", _("received_at %s is in the future"),
		                    record_text(in, "received_at"));
	if (record_is_null(in, "received_by") && app->actor.user_id)
		record_set_int(in, "received_by", app->actor.user_id);
	record_set_text(in, "status", "received");
	record_set_int(in, "reopen_count", 0);
	record_set_int(in, "sla_breached", 0);
	enum gx_err e = GX_OK;
	if (record_is_null(in, "code")) {
		record_set_text(in, "code", "-");   /* placeholder so the required check passes; numbered below */
		if ((e = app_record_check_required(in, err)) != GX_OK)
			return e;
		record_set_null(in, "code");
	} else if ((e = app_record_check_required(in, err)) != GX_OK) {
		return e;
	}
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	if (record_is_null(in, "code")) {
		int64_t max_id = 0;
		if ((e = store_record_max_id(app->store, &entity_ticket, &max_id, err)) != GX_OK)
			goto fail;
		record_set_text(in, "code", gx_arena_printf(a, "TK%08lld", (long long)max_id + 1));
	}
	struct record other;
	int found = 0;
	if ((e = store_record_find(app->store, &entity_ticket, "code", record_text(in, "code"), a, &other, &found,
	                           err)) != GX_OK)
		goto fail;
	if (found) {
		e = gx_error_set(err, GX_ECONFLICT, "code", _("ticket %s already exists"), record_text(in, "code"));
		goto fail;
	}
	if ((e = check_links(app, in, a, err)) != GX_OK ||
	    (assignee_id && (e = check_assignee(app, assignee_id, a, err)) != GX_OK) ||
	    (e = set_due(app, in, record_text(in, "received_at"), a, err)) != GX_OK)
		goto fail;
	app_stamp_job(app, in);
	in->id = 0;
	if ((e = store_record_insert(app->store, in, err)) != GX_OK ||
	    (e = ticket_event_add(app, in, "receive", NULL, 0, NULL, record_text(in, "received_at"), a, err)) != GX_OK)
		goto fail;
	if (assignee_id) {
		struct record after;
		ticket_copy(in, &after, a);
		record_set_text(&after, "status", "assigned");
		record_set_int(&after, "owner_id", assignee_id);
		if ((e = store_record_update(app->store, &after, 0, err)) != GX_OK ||
		    (e = ticket_event_add(app, &after, "assign", "received", assignee_id, NULL, now, a, err)) != GX_OK)
			goto fail;
		record_set_text(in, "status", "assigned");
		record_set_int(in, "owner_id", assignee_id);
		in->version = after.version;
		if ((e = ticket_notify_assignee(app, in, assignee_id, a, err)) != GX_OK)
			goto fail;
	}
	if ((e = app_search_index(app, in, err)) != GX_OK || (e = app_audit_change(app, "create", NULL, in, 0, err)) != GX_OK)
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_ticket_update(struct app *app, struct record *patch, int64_t expected_version,
                              struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	if ((e = ticket_load(app, patch->id, a, &before, err)) != GX_OK)
		goto fail;
	ticket_copy(&before, &after, a);
	for (size_t i = 0; i < entity_ticket.nfields; i++) {
		if (!patch->set[i])
			continue;
		const struct field_def *f = &entity_ticket.fields[i];
		if (f->flags & FF_IMMUTABLE) {
			int same = patch->v[i].is_null == before.v[i].is_null &&
			           (f->type == FT_REF ? patch->v[i].i == before.v[i].i
			                              : (!patch->v[i].s || !before.v[i].s || !strcmp(patch->v[i].s, before.v[i].s)));
			if (!same) {
				e = gx_error_set(err, GX_EINVAL, f->name, _("%s of a ticket cannot change after it is received"),
				                 field_label(f));
				goto fail;
			}
			continue;
		}
		after.v[i] = patch->v[i];
		after.set[i] = 1;
	}
	if ((e = app_record_check_required(&after, err)) != GX_OK || (e = check_links(app, &after, a, err)) != GX_OK)
		goto fail;
	int si = entity_field_index(&entity_ticket, "severity");
	if (after.set[si] && ticket_status_open(record_text(&before, "status")) &&
	    strcmp(record_text(&after, "severity"), record_text(&before, "severity")) != 0 &&
	    (e = set_due(app, &after, record_text(&before, "sla_started_at"), a, err)) != GX_OK)
		goto fail;
	app_stamp_job(app, &after);
	if ((e = store_record_update(app->store, &after, expected_version, err)) != GX_OK ||
	    (e = app_search_index(app, &after, err)) != GX_OK ||
	    (e = app_audit_change(app, "update", &before, &after, 0, err)) != GX_OK)
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		patch->version = after.version;
	return e;
fail:
	store_rollback(app->store);
	return e;
}

/* "assign, start" — the actions a status allows, for the refusal message. */
static const char *allowed_actions(const char *status, struct gx_arena *a)
{
	char buf[128] = "";
	for (int k = 0; k < TICKET_NACTIONS; k++)
		if (ticket_next_status(status, (enum ticket_action)k))
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? ", " : "", action_names[k]);
	return gx_arena_strdup(a, buf[0] ? buf : "-");
}

enum gx_err app_ticket_move(struct app *app, int64_t id, const struct ticket_move *m, struct gx_arena *a,
                            struct record *out, struct gx_error *err)
{
	if (m->action < 0 || m->action >= TICKET_NACTIONS)
		return gx_error_set(err, GX_EINVAL, "action", "%s", _("unknown ticket action (assign, start, reply, close, reopen)"));
	const char *note = m->note && *m->note ? m->note : NULL;
	static const char *const note_field[TICKET_NACTIONS] = {NULL, NULL, "reply", "summary", "reason"};
	if (note_field[m->action] && !note)
		return gx_error_set(err, GX_EINVAL, note_field[m->action], _("%s needs %s: it cannot be empty"),
		                    action_names[m->action], note_field[m->action]);
	if (m->action == TICKET_ASSIGN && m->assignee_id <= 0)
		return gx_error_set(err, GX_EINVAL, "assignee", "%s", _("assign needs the user to assign the ticket to"));
	if (note && strlen(note) > 60000)
		return gx_error_set(err, GX_EINVAL, note_field[m->action] ? note_field[m->action] : "note", "%s",
		                    _("the text is longer than 20000 characters"));
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	char now[32];
	ticket_now(now);
	if ((e = ticket_load(app, id, a, &before, err)) != GX_OK)
		goto fail;
	const char *from = record_text(&before, "status");
	const char *to = ticket_next_status(from, m->action);
	if (!to) {
		e = gx_error_set(err, GX_ECONFLICT, "status",
		                 _("ticket %s is %s: %s is not allowed (allowed now: %s)"), record_text(&before, "code"),
		                 from, action_names[m->action], allowed_actions(from, a));
		goto fail;
	}
	if (m->expected_version > 0 && m->expected_version != before.version) {
		e = gx_error_set(err, GX_ECONFLICT, "version", _("ticket %s changed meanwhile (version %lld, not %lld)"),
		                 record_text(&before, "code"), (long long)before.version, (long long)m->expected_version);
		goto fail;
	}
	ticket_copy(&before, &after, a);
	record_set_text(&after, "status", to);
	int64_t target = 0;
	switch (m->action) {
	case TICKET_ASSIGN:
		if ((e = check_assignee(app, m->assignee_id, a, err)) != GX_OK)
			goto fail;
		if (m->assignee_id == record_int(&before, "owner_id") && !strcmp(from, "assigned")) {
			e = gx_error_set(err, GX_ECONFLICT, "assignee", _("ticket %s is already assigned to that user"),
			                 record_text(&before, "code"));
			goto fail;
		}
		record_set_int(&after, "owner_id", m->assignee_id);
		target = m->assignee_id;
		break;
	case TICKET_START:
		break;
	case TICKET_REPLY:
		record_set_text(&after, "reply", note);
		record_set_text(&after, "replied_at", gx_arena_strdup(a, now));
		record_set_int(&after, "sla_breached", strcmp(now, record_text(&before, "due_at")) > 0);
		break;
	case TICKET_CLOSE:
		record_set_text(&after, "summary", note);
		record_set_text(&after, "closed_at", gx_arena_strdup(a, now));
		break;
	case TICKET_REOPEN:
		/* A new round: the reply, summary, rating and escalation of the last one stay in the events. */
		record_set_int(&after, "reopen_count", record_int(&before, "reopen_count") + 1);
		for (const char *const *f = (const char *const[]){"reply", "replied_at", "closed_at", "summary",
		                                                  "satisfaction", "rated_at", "escalated_to",
		                                                  "escalated_at", NULL};
		     *f; f++)
			record_set_null(&after, *f);
		record_set_int(&after, "sla_breached", 0);
		if ((e = set_due(app, &after, gx_arena_strdup(a, now), a, err)) != GX_OK)
			goto fail;
		break;
	default:
		break;
	}
	app_stamp_job(app, &after);
	if ((e = store_record_update(app->store, &after, before.version, err)) != GX_OK ||
	    (e = ticket_event_add(app, &after, action_names[m->action], from, target, note, now, a, err)) != GX_OK ||
	    (e = app_audit_change(app, action_names[m->action], &before, &after, 0, err)) != GX_OK ||
	    (target && (e = ticket_notify_assignee(app, &after, target, a, err)) != GX_OK))
		goto fail;
	if ((e = store_commit(app->store, err)) != GX_OK)
		return e;
	if (out)
		*out = after;
	return GX_OK;
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_ticket_events(struct app *app, int64_t id, struct gx_arena *a, struct record **rows,
                              size_t *n, struct gx_error *err)
{
	struct record t;
	enum gx_err e = ticket_load(app, id, a, &t, err);
	if (e != GX_OK)
		return e;
	struct store_list_query q = {.deleted = STORE_ANY, .limit = 1000, .sort_field = "id"};
	q.filter = filter_cond_int(a, &entity_ticket_event, "ticket_id", FILTER_EQ, id);
	struct store_list_result res;
	if ((e = store_record_list(app->store, &entity_ticket_event, &q, a, &res, err)) == GX_OK) {
		*rows = res.rows;
		*n = res.count;
	}
	return e;
}
