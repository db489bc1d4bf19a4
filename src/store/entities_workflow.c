/* Field tables of the workflow entities (see include/guanxi/entity_workflow.h). Column names
 * match migration 0007_workflow. The generic record store persists them; the rules (state
 * machines, who may decide) live in src/app/task.c, notify.c and approval.c. */
#include "guanxi/entity_workflow.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS (FF_SYSTEM | FF_NO_IMPORT)

const char *const task_statuses[] = {"open", "done", "cancelled", NULL};
const char *const task_kinds[] = {"todo", "followup", "care", NULL};
const char *const task_care_kinds[] = {"birthday", "child_birthday", "anniversary", "festival", NULL};
static const char *const priorities[] = {"low", "normal", "high", NULL};
const char *const approval_statuses[] = {"pending", "approved", "rejected", "cancelled", NULL};

static const struct field_def task_fields[] = {
	{"title", FT_TEXT, FF_REQUIRED, "Title", "任务", NULL, NULL, NULL, 200},
	{"kind", FT_ENUM, 0, "Kind", "任务类型", task_kinds, NULL, NULL, 0},
	{"care_kind", FT_ENUM, SYS, "Care occasion", "关怀事由", task_care_kinds, NULL, NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", task_statuses, NULL, NULL, 0},
	{"priority", FT_ENUM, 0, "Priority", "优先级", priorities, NULL, NULL, 0},
	{"entity", FT_CODE, FF_IMMUTABLE, "Linked entity", "关联对象", NULL, NULL, NULL, 32},
	{"entity_id", FT_INT, FF_IMMUTABLE, "Linked record", "关联记录", NULL, NULL, NULL, 0},
	{"assignee_id", FT_REF, 0, "Assignee", "负责人", NULL, "user", NULL, 0},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
	{"due_date", FT_DATE, FF_REQUIRED, "Due date", "到期日", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"done_at", FT_INSTANT, SYS, "Done at", "完成时间", NULL, NULL, NULL, 0},
	{"done_by", FT_REF, SYS, "Done by", "完成人", NULL, "user", NULL, 0},
	{"dedup_key", FT_TEXT, SYS, "Generator key", "生成键", NULL, NULL, NULL, 200},
};

static const struct field_def notification_fields[] = {
	{"user_id", FT_REF, FF_REQUIRED | SYS, "User", "用户", NULL, "user", NULL, 0},
	{"kind", FT_CODE, FF_REQUIRED | SYS, "Kind", "类型", NULL, NULL, NULL, 32},
	{"entity", FT_CODE, SYS, "Entity", "关联对象", NULL, NULL, NULL, 32},
	{"entity_id", FT_INT, SYS, "Record", "关联记录", NULL, NULL, NULL, 0},
	{"text", FT_TEXT, FF_REQUIRED | SYS, "Text", "内容", NULL, NULL, NULL, 1000},
	{"read_at", FT_INSTANT, SYS, "Read at", "已读时间", NULL, NULL, NULL, 0},
	{"dedup_key", FT_TEXT, SYS | FF_HIDDEN, "Generator key", "生成键", NULL, NULL, NULL, 200},
};

static const struct field_def approval_fields[] = {
	{"kind", FT_CODE, FF_REQUIRED | SYS, "Kind", "审批类型", NULL, NULL, NULL, 32},
	{"entity", FT_CODE, FF_REQUIRED | SYS, "Entity", "关联对象", NULL, NULL, NULL, 32},
	{"entity_id", FT_INT, FF_REQUIRED | SYS, "Record", "关联记录", NULL, NULL, NULL, 0},
	{"payload", FT_JSON, SYS, "Details", "详情", NULL, NULL, NULL, 0},
	{"requester_id", FT_REF, FF_REQUIRED | SYS, "Requester", "申请人", NULL, "user", NULL, 0},
	{"approver_id", FT_REF, FF_REQUIRED | SYS, "Approver", "审批人", NULL, "user", NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", approval_statuses, NULL, NULL, 0},
	{"reason", FT_TEXT, SYS, "Reason", "申请理由", NULL, NULL, NULL, 2000},
	{"decision_reason", FT_TEXT, SYS, "Decision reason", "审批意见", NULL, NULL, NULL, 2000},
	{"decided_by", FT_REF, SYS, "Decided by", "审批人（实际）", NULL, "user", NULL, 0},
	{"decided_at", FT_INSTANT, SYS, "Decided at", "审批时间", NULL, NULL, NULL, 0},
};

const struct entity_def entity_task = {"task", "tasks", NULL, "Task", "任务", task_fields,
                                       N(task_fields), 0, 1,
                                       "assignee_id", NULL, NULL, "entity_id", NULL, 0,
                                       "created_by", "entity"};
const struct entity_def entity_notification = {"notification", "notifications", NULL,
                                               "Notification", "通知", notification_fields,
                                               N(notification_fields), 0, 1,
                                               "user_id", NULL, NULL, NULL, NULL, 0, NULL, NULL};
const struct entity_def entity_approval = {"approval", "approvals", NULL, "Approval", "审批",
                                           approval_fields, N(approval_fields), 0, 1,
                                           "requester_id", NULL, NULL, "entity_id", NULL, 0,
                                           "approver_id", "entity"};
