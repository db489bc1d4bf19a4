/* Complaints and tickets (PRODUCT.md module 4; the course's 客户投诉制度: record every complaint,
 * handle it through a set procedure, reply to and sum up each one, tell good-faith complaints
 * from malicious ones). A ticket moves through a state machine
 *
 *     received → assigned → processing → replied → closed
 *                 ↑   ↺ (reassign)  │        │        │
 *                 └──── assign ─────┘        └ reopen ┴→ processing
 *
 * and every move is a ticket event (action, from, to, who, when, note). The reply is due within
 * the SLA of its severity, counted in working hours (guanxi/sla.h); open tickets past their due
 * time are overdue and may be escalated to the assignee's manager (guanxi/manager.h). A closed
 * ticket takes one satisfaction rating (1–5). Every refused action changes nothing. */
#ifndef GUANXI_TICKET_H
#define GUANXI_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/entity_service.h"

enum ticket_action {
	TICKET_ASSIGN,     /* received/assigned/processing → assigned; needs the assignee */
	TICKET_START,      /* assigned → processing */
	TICKET_REPLY,      /* processing → replied; needs the reply text */
	TICKET_CLOSE,      /* replied → closed; needs the summary (总结) */
	TICKET_REOPEN,     /* replied/closed → processing; needs the reason; restarts the SLA clock */
	TICKET_NACTIONS
};

/* "assign", "start", "reply", "close", "reopen". */
const char *ticket_action_name(enum ticket_action action);
/* The action of a name, or -1. */
int ticket_action_parse(const char *name);
/* The status an action leads to from status `from`, or NULL when it is not allowed there. */
const char *ticket_next_status(const char *from, enum ticket_action action);
/* 1 for the statuses whose SLA clock runs (received, assigned, processing). */
int ticket_status_open(const char *status);

/* Receives a ticket from a record set with app_field_set_text. Defaults: code TK + 8 digits,
 * kind complaint, formality formal, nature undetermined, category other, severity medium,
 * received_at now, received_by the acting user. The customer must be live; a contact or order
 * must belong to it. The due time is received_at + the severity's SLA in working time. With
 * assignee_id the ticket is assigned at once (two events). */
enum gx_err app_ticket_create(struct app *app, struct record *in, int64_t assignee_id, struct gx_arena *a,
                              struct gx_error *err);

/* Changes the descriptive fields set in patch (kind, channel, formality, nature, category,
 * severity, subject, description, contact, order). customer_id and received_at cannot change.
 * A new severity of an open ticket moves its due time. expected_version > 0: optimistic lock. */
enum gx_err app_ticket_update(struct app *app, struct record *patch, int64_t expected_version,
                              struct gx_arena *a, struct gx_error *err);

struct ticket_move {
	enum ticket_action action;
	int64_t assignee_id;          /* TICKET_ASSIGN */
	const char *note;             /* reply text, summary, reason of a reopen; optional otherwise */
	int64_t expected_version;     /* > 0: the ticket must still have it */
};

/* Applies one move of the state machine to ticket id; *out (may be NULL) gets the ticket after.
 * GX_ECONFLICT when the status does not allow the action (the message names the allowed ones),
 * GX_EINVAL for a missing note or assignee. */
enum gx_err app_ticket_move(struct app *app, int64_t id, const struct ticket_move *m, struct gx_arena *a,
                            struct record *out, struct gx_error *err);

/* Rates a closed ticket 1 (very dissatisfied) … 5 (very satisfied), once per closing. */
enum gx_err app_ticket_rate(struct app *app, int64_t id, int64_t rating, const char *comment,
                            struct gx_arena *a, struct record *out, struct gx_error *err);

/* Escalates an open ticket to the manager of its assignee (or of the user who received it when
 * unassigned): sets escalated_to and escalated_at and records an escalate event. GX_ECONFLICT
 * when the ticket is not open, has no user to start from, that user has no manager, or it is
 * already escalated to that manager. */
enum gx_err app_ticket_escalate(struct app *app, int64_t id, const char *note, struct gx_arena *a,
                                struct record *out, struct gx_error *err);

struct ticket_escalation_result {
	int64_t job_id;
	size_t escalated, skipped;    /* skipped: no manager, or already escalated */
};

/* Escalates every overdue ticket not yet escalated, as one bulk job (one audit row). */
enum gx_err app_ticket_escalate_overdue(struct app *app, struct ticket_escalation_result *res,
                                        struct gx_error *err);

struct ticket_overdue_page {
	struct record *rows;
	size_t count;
	int64_t total;                /* overdue tickets in all (of the owner when given) */
	const char *next_cursor;      /* NULL on the last page */
};

/* A page of overdue tickets, most overdue first; owner_id 0 for everyone's; limit 1..1000. */
enum gx_err app_ticket_overdue(struct app *app, int64_t owner_id, int limit, const char *cursor,
                               struct gx_arena *a, struct ticket_overdue_page *out, struct gx_error *err);

/* The events of a ticket, oldest first. */
enum gx_err app_ticket_events(struct app *app, int64_t id, struct gx_arena *a, struct record **rows,
                              size_t *n, struct gx_error *err);

/* --- complaint counts (MODELS.md M7: the complaints variable from counts of formal and
 * informal complaints) --- */

struct ticket_complaint_count {
	int64_t customer_id;
	int64_t formal, informal;
};

/* Complaints received on local dates [from, to) (YYYY-MM-DD in the company zone; NULL: open end)
 * per customer, in customer id order, to fn (non-zero stops). */
enum gx_err app_ticket_complaint_counts(struct app *app, const char *from, const char *to,
                                        int (*fn)(const struct ticket_complaint_count *c, void *ctx), void *ctx,
                                        struct gx_error *err);
/* The same for given customers: counts[i] = formal + informal complaints of customer_ids[i] (0 for
 * a customer without any), the column a PLS model's complaints block can take. */
enum gx_err app_ticket_complaints_of(struct app *app, const int64_t *customer_ids, size_t n, const char *from,
                                     const char *to, int64_t *counts, struct gx_error *err);

#endif
