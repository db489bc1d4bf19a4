/* Workflow: tasks and care reminders, the per-user agenda, in-app notifications, and a user's
 * manager (DECISIONS.md "Managers"). Approvals are in guanxi/approval.h. A task or
 * notification links to any record by entity name + id, so opportunities, tickets and later
 * modules use these functions without changes here. */
#ifndef GUANXI_WORKFLOW_H
#define GUANXI_WORKFLOW_H

#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/manager.h"
#include "guanxi/entity_workflow.h"

/* --- notifications (notify.c) ------------------------------------------------------------- */

/* Tells user_id something in the app: kind is one of notification_kinds (assignment,
 * approval_request, approval_decision, ticket_overdue, reminder); entity/entity_id name the
 * record it is about (entity NULL and id 0 for none; the record must exist); text is shown as
 * is (1–1000 characters). Runs inside the caller's transaction when there is one. */
enum gx_err app_notify(struct app *app, int64_t user_id, const char *kind, const char *entity,
                       int64_t entity_id, const char *text, struct gx_error *err);
/* The same, at most once per dedup_key (a second call with the key does nothing and sets
 * *created to 0): what the daily reminder job uses to stay idempotent. */
enum gx_err app_notify_once(struct app *app, int64_t user_id, const char *kind, const char *entity,
                            int64_t entity_id, const char *text, const char *dedup_key,
                            int *created, struct gx_error *err);
extern const char *const notification_kinds[];
/* unread → read (read = 1) and read → unread (read = 0), for the acting user's own
 * notifications; the same state twice is GX_ECONFLICT. */
enum gx_err app_notification_mark(struct app *app, int64_t id, int read, struct gx_error *err);
/* Marks every unread notification of the acting user read; *count gets how many. */
enum gx_err app_notification_read_all(struct app *app, int64_t *count, struct gx_error *err);

/* --- managers: app_user_manager (guanxi/manager.h, manager.c) ------------------------------ */

/* --- tasks (task.c) ------------------------------------------------------------------------ */

/* Creates a task from fields set with app_field_set_text (title, due_date required; entity +
 * entity_id link any live record; assignee defaults to the acting user). Notifies the assignee
 * when someone else assigned it. Audited. Sets r->id. */
enum gx_err app_task_create(struct app *app, struct record *r, struct gx_arena *a,
                            struct gx_error *err);
/* Changes title, due date, priority, notes or assignee of an open task. */
enum gx_err app_task_update(struct app *app, struct record *patch, int64_t expected_version,
                            struct gx_arena *a, struct gx_error *err);
/* The task state machine: "complete" open → done, "cancel" open → cancelled, "reopen"
 * done/cancelled → open. Anything else is refused (GX_ECONFLICT) and changes nothing. Only the
 * assignee, the creator, a manager or an admin may move a task. */
enum gx_err app_task_transition(struct app *app, int64_t id, const char *action,
                                struct gx_error *err);
/* A follow-up task for a record (an interaction, opportunity, ticket …), due on due_date
 * (YYYY-MM-DD), at most one per record and due date: a repeated call returns the existing id
 * with *created = 0. assignee_id 0 leaves it unassigned. */
enum gx_err app_task_followup(struct app *app, const char *entity, int64_t entity_id,
                              int64_t assignee_id, const char *due_date, const char *title,
                              int64_t *task_id, int *created, struct gx_error *err);
/* Open tasks linked to entity/entity_id lose their assignee (DECISIONS.md "Public pool": a
 * recycled customer's open tasks become unassigned). Inside a bulk job (job_id > 0) the job's
 * audit row stands for them; otherwise each change is audited. *count may be NULL. */
enum gx_err app_tasks_unassign(struct app *app, const char *entity, int64_t entity_id,
                               int64_t job_id, int64_t *count, struct gx_error *err);
/* Checks that entity names a known entity (GX_EINVAL otherwise) and entity_id a live record of
 * it that the caller's row scope shows: GX_ENOTFOUND (404) for a missing, deleted or foreign
 * record alike, so a link attempt never tells whether someone else's record exists. */
enum gx_err app_link_check(struct app *app, const char *entity, int64_t entity_id,
                           struct gx_error *err);
/* The same without the row scope: only that the record exists and is live. For notifications,
 * which the application writes for their recipient (an assignment notice points to a record
 * the actor has just handed to someone else), never a user's own link. */
enum gx_err app_link_check_live(struct app *app, const char *entity, int64_t entity_id,
                                struct gx_error *err);

/* --- agenda (agenda.c) --------------------------------------------------------------------- */

struct task_agenda {
	char today[11];                /* the company's local date */
	struct record *overdue, *today_tasks, *upcoming;
	size_t n_overdue, n_today, n_upcoming;
};

/* The open tasks of user_id: overdue (due before today), due today, and due in the next `days`
 * days (1–366), each sorted by due date; at most 500 per group. */
enum gx_err app_agenda(struct app *app, int64_t user_id, int days, struct gx_arena *a,
                       struct task_agenda *out, struct gx_error *err);

/* --- the daily reminder job (remind.c) ----------------------------------------------------- */

struct remind_result {
	char today[11];
	int64_t care_created;      /* birthday, children's birthday, anniversary, festival tasks */
	int64_t followups_created; /* from interactions with a follow-up time */
	int64_t reminders_sent;    /* notifications for open tasks due today or overdue */
	int64_t skipped;           /* events already generated by an earlier run */
	int64_t job_id;
};

/* Generates the care tasks for events within `days` days from today (0–60), follow-up tasks
 * from interactions, and one reminder notification per open task due today or overdue per
 * day. Idempotent: every generated row has a unique key, so a second run adds nothing. One
 * job row and one audit row. */
enum gx_err app_remind_run(struct app *app, int days, struct remind_result *out,
                           struct gx_error *err);

#endif
