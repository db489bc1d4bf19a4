/* The entities of the workflow module (tasks, notifications, approvals); their field tables
 * are in src/store/entities_workflow.c and their tables in migration 0007_workflow. */
#ifndef GUANXI_ENTITY_WORKFLOW_H
#define GUANXI_ENTITY_WORKFLOW_H

#include "guanxi/entity.h"

extern const struct entity_def entity_task;
extern const struct entity_def entity_notification;
extern const struct entity_def entity_approval;

/* Allowed values, shared by the field tables and app/ (NULL-terminated). */
extern const char *const task_statuses[];
extern const char *const task_kinds[];
extern const char *const task_care_kinds[];
extern const char *const approval_statuses[];

#endif
