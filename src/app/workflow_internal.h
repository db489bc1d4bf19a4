/* Shared by the workflow files of app/ (task.c, remind.c): not part of the public API. */
#ifndef GX_APP_WORKFLOW_INTERNAL_H
#define GX_APP_WORKFLOW_INTERNAL_H

#include "guanxi/workflow.h"

/* Inserts a generated task (title, kind, due_date, dedup_key, link, assignee set by the
 * caller) unless a task with its dedup_key exists (*created = 0 then). No notification: the
 * reminder job tells the assignee when it is due. Inside the caller's transaction. */
enum gx_err task_insert_generated(struct app *app, struct record *r, struct gx_arena *a,
                                  int *created, struct gx_error *err);

/* The company's local date today. */
enum gx_err workflow_today(struct app *app, int32_t *today, struct gx_error *err);

#endif
