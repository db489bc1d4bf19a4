/* Field tables of the service entities (see include/guanxi/entity_service.h). Column names
 * match src/store/migrations/{sqlite,postgres}/0006_service.sql. Everything the state machine
 * owns (status, assignee, reply, summary, due time, escalation, rating) is FF_SYSTEM: only the
 * ticket actions of app/ticket*.c set it, never a create or an update. */
#include "guanxi/entity_service.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS (FF_SYSTEM | FF_NO_IMPORT)
#define HID (FF_SYSTEM | FF_NO_IMPORT | FF_NO_EXPORT | FF_HIDDEN)

const char *const ticket_kinds[] = {"complaint", "inquiry", "request", "suggestion", NULL};
/* The interaction channels plus letters (投诉信箱, the complaint mailbox of the course). */
const char *const ticket_channels[] = {"phone", "email", "sms", "wechat", "social", "website", "store",
                                       "service_centre", "visit", "fax", "letter", NULL};
const char *const ticket_formalities[] = {"formal", "informal", NULL};
/* 善意投诉 / 恶意投诉 (a competitor's or an extortionist's), or not yet judged. */
const char *const ticket_natures[] = {"good_faith", "malicious", "undetermined", NULL};
const char *const ticket_categories[] = {"product_quality", "delivery", "service_attitude", "price_billing",
                                         "after_sales", "other", NULL};
const char *const ticket_severities[] = {"low", "medium", "high", "critical", NULL};
const char *const ticket_statuses[] = {"received", "assigned", "processing", "replied", "closed", NULL};
static const char *const event_actions[] = {"receive", "assign", "start", "reply", "close", "reopen",
                                            "escalate", "rate", NULL};
static const char *const calendar_kinds[] = {"holiday", "workday", NULL};

static const struct field_def ticket_fields[] = {
	{"code", FT_CODE, FF_REQUIRED | FF_SEARCH, "Code", "工单编号", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Customer", "客户", NULL, "customer", NULL, 0},
	{"contact_id", FT_REF, 0, "Contact", "联系人", NULL, "contact", NULL, 0},
	{"order_id", FT_REF, 0, "Order", "相关订单", NULL, "order", NULL, 0},
	{"kind", FT_ENUM, 0, "Kind", "工单类型", ticket_kinds, NULL, NULL, 0},
	{"channel", FT_ENUM, FF_REQUIRED, "Channel", "受理渠道", ticket_channels, NULL, NULL, 0},
	{"formality", FT_ENUM, 0, "Formal or informal", "正式/非正式", ticket_formalities, NULL, NULL, 0},
	{"nature", FT_ENUM, 0, "Nature", "投诉性质", ticket_natures, NULL, NULL, 0},
	{"category", FT_ENUM, 0, "Category", "投诉类别", ticket_categories, NULL, NULL, 0},
	{"severity", FT_ENUM, 0, "Severity", "严重程度", ticket_severities, NULL, NULL, 0},
	{"subject", FT_TEXT, FF_REQUIRED | FF_SEARCH, "Subject", "主题", NULL, NULL, NULL, 200},
	{"description", FT_TEXT, 0, "Description", "投诉内容", NULL, NULL, NULL, 20000},
	{"status", FT_ENUM, SYS, "Status", "状态", ticket_statuses, NULL, NULL, 0},
	{"owner_id", FT_REF, SYS, "Assignee", "处理人", NULL, "user", NULL, 0},
	{"received_by", FT_REF, SYS, "Received by", "受理人", NULL, "user", NULL, 0},
	{"received_at", FT_INSTANT, FF_IMMUTABLE, "Received at", "受理时间", NULL, NULL, NULL, 0},
	{"sla_minutes", FT_INT, SYS, "SLA (working minutes)", "时限（工作分钟）", NULL, NULL, NULL, 0},
	{"sla_started_at", FT_INSTANT, SYS, "SLA clock started", "计时起点", NULL, NULL, NULL, 0},
	{"due_at", FT_INSTANT, SYS, "Due", "答复期限", NULL, NULL, NULL, 0},
	{"replied_at", FT_INSTANT, SYS, "Replied at", "答复时间", NULL, NULL, NULL, 0},
	{"reply", FT_TEXT, SYS, "Reply", "答复内容", NULL, NULL, NULL, 20000},
	{"sla_breached", FT_BOOL, SYS, "SLA missed", "超时答复", NULL, NULL, NULL, 0},
	{"closed_at", FT_INSTANT, SYS, "Closed at", "结案时间", NULL, NULL, NULL, 0},
	{"summary", FT_TEXT, SYS, "Summary", "处理总结", NULL, NULL, NULL, 4000},
	{"escalated_to", FT_REF, SYS, "Escalated to", "升级至", NULL, "user", NULL, 0},
	{"escalated_at", FT_INSTANT, SYS, "Escalated at", "升级时间", NULL, NULL, NULL, 0},
	{"reopen_count", FT_INT, SYS, "Reopened", "重开次数", NULL, NULL, NULL, 0},
	{"satisfaction", FT_INT, SYS, "Satisfaction (1-5)", "满意度（1-5）", NULL, NULL, NULL, 0},
	{"rated_at", FT_INSTANT, SYS, "Rated at", "评价时间", NULL, NULL, NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def ticket_event_fields[] = {
	{"ticket_id", FT_REF, FF_REQUIRED, "Ticket", "工单", NULL, "ticket", NULL, 0},
	{"action", FT_ENUM, FF_REQUIRED, "Action", "操作", event_actions, NULL, NULL, 0},
	{"from_status", FT_ENUM, 0, "From", "原状态", ticket_statuses, NULL, NULL, 0},
	{"to_status", FT_ENUM, FF_REQUIRED, "To", "新状态", ticket_statuses, NULL, NULL, 0},
	{"user_id", FT_REF, 0, "By", "操作人", NULL, "user", NULL, 0},
	{"target_user_id", FT_REF, 0, "Assignee or manager", "指派/升级对象", NULL, "user", NULL, 0},
	{"note", FT_TEXT, 0, "Note", "说明", NULL, NULL, NULL, 20000},
	{"at", FT_INSTANT, FF_REQUIRED, "Time", "时间", NULL, NULL, NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def calendar_day_fields[] = {
	{"day", FT_DATE, FF_REQUIRED, "Date", "日期", NULL, NULL, NULL, 0},
	{"kind", FT_ENUM, FF_REQUIRED, "Kind", "类型", calendar_kinds, NULL, NULL, 0},
	{"name", FT_TEXT, 0, "Name", "名称", NULL, NULL, NULL, 100},
};

static const struct field_def kb_snippet_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "知识编号", NULL, NULL, NULL, 0},
	{"title", FT_TEXT, FF_REQUIRED, "Title", "标题", NULL, NULL, NULL, 200},
	{"body", FT_TEXT, FF_REQUIRED, "Answer", "答复要点", NULL, NULL, NULL, 20000},
	{"category", FT_ENUM, 0, "Category", "类别", ticket_categories, NULL, NULL, 0},
	{"active", FT_BOOL, 0, "Active", "启用", NULL, NULL, NULL, 0},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
};

const struct entity_def entity_ticket = {"ticket", "tickets", "code", "Ticket", "工单", ticket_fields,
                                         N(ticket_fields), 1, 1,
                                         "owner_id", NULL, NULL, "customer_id", "customer", 0,
                                         "received_by", NULL};
const struct entity_def entity_ticket_event = {"ticket_event", "ticket_events", NULL, "Ticket event",
                                               "工单记录", ticket_event_fields, N(ticket_event_fields), 0, 0,
                                               NULL, NULL, NULL, "ticket_id", "ticket", 0, NULL, NULL};
const struct entity_def entity_calendar_day = {"calendar_day", "calendar_days", "day", "Calendar day",
                                               "节假日/调休", calendar_day_fields, N(calendar_day_fields), 0, 0};
const struct entity_def entity_kb_snippet = {"kb_snippet", "kb_snippets", "code", "Knowledge snippet",
                                             "知识库条目", kb_snippet_fields, N(kb_snippet_fields), 1, 1};
