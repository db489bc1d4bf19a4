/* The field tables of the sales entities (PRODUCT.md module 3): pipelines and their stages,
 * leads, opportunities with their stage history, contracts with payment-collection plans,
 * sales targets, quotes with lines. Column names match migration 0005_sales; labels are the
 * column headers of exports and the UI. Rules across fields (stage moves, conversion,
 * approvals) live in app/sales_*.c. Row scopes (access control): leads and opportunities by
 * owner, team and department, unowned ones (the lead pool, recycled deals) visible to all;
 * contracts and quotes by owner; history, payment plans and quote lines with their parent. */
#include "guanxi/sales.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS (FF_SYSTEM | FF_NO_IMPORT)
#define HID (FF_SYSTEM | FF_NO_IMPORT | FF_NO_EXPORT | FF_HIDDEN)

const char *const sales_stage_kinds[] = {"open", "won", "lost", NULL};
const char *const sales_lead_statuses[] = {"new", "contacted", "qualified", "converted",
                                           "disqualified", NULL};
const char *const sales_opportunity_statuses[] = {"open", "won", "lost", NULL};
const char *const sales_contract_statuses[] = {"draft", "signed", "completed", "terminated", NULL};
const char *const sales_payment_statuses[] = {"planned", "paid", NULL};
const char *const sales_quote_statuses[] = {"draft", "pending_approval", "approved", "rejected",
                                            "sent", "accepted", "declined", "cancelled", NULL};

static const struct field_def pipeline_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "管道编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "管道名称", NULL, NULL, NULL, 100},
	{"is_default", FT_BOOL, 0, "Default", "默认", NULL, NULL, NULL, 0},
};

static const struct field_def stage_fields[] = {
	{"pipeline_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Pipeline", "销售管道", NULL, "pipeline", NULL, 0},
	{"position", FT_INT, FF_REQUIRED, "Position", "顺序", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "阶段名称", NULL, NULL, NULL, 50},
	{"probability", FT_INT, FF_REQUIRED, "Probability (%)", "赢率(%)", NULL, NULL, NULL, 0},
	{"kind", FT_ENUM, FF_REQUIRED, "Kind", "阶段类型", sales_stage_kinds, NULL, NULL, 0},
};

static const struct field_def lead_fields[] = {
	{"code", FT_CODE, FF_REQUIRED | FF_SEARCH, "Code", "线索编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED | FF_SEARCH, "Name", "姓名", NULL, NULL, NULL, 100},
	{"company", FT_TEXT, FF_SEARCH, "Company", "公司", NULL, NULL, NULL, 200},
	{"title", FT_TEXT, 0, "Title", "职务", NULL, NULL, NULL, 100},
	{"phone", FT_PHONE, FF_MASKED | FF_SEARCH, "Phone", "电话", NULL, NULL, "phone_norm", 40},
	{"phone_norm", FT_TEXT, HID, "Normalised phone", "规范电话", NULL, NULL, NULL, 0},
	{"email", FT_EMAIL, FF_SEARCH, "E-mail", "电子邮箱", NULL, NULL, "email_norm", 254},
	{"email_norm", FT_TEXT, HID, "Normalised e-mail", "规范邮箱", NULL, NULL, NULL, 0},
	{"wechat", FT_TEXT, FF_MASKED, "WeChat ID", "微信号", NULL, NULL, NULL, 40},
	{"source", FT_TEXT, FF_REQUIRED, "Source", "线索来源", NULL, NULL, NULL, 100},
	{"status", FT_ENUM, SYS, "Status", "状态", sales_lead_statuses, NULL, NULL, 0},
	{"owner_id", FT_REF, SYS, "Owner", "负责人", NULL, "user", NULL, 0},
	{"department_id", FT_REF, SYS, "Department", "部门", NULL, "department", NULL, 0},
	{"assigned_at", FT_INSTANT, SYS, "Assigned at", "分配时间", NULL, NULL, NULL, 0},
	{"expected_amount_fen", FT_FEN, 0, "Expected amount", "预计金额", NULL, NULL, NULL, 0},
	{"disqualify_reason", FT_TEXT, SYS, "Disqualification reason", "无效原因", NULL, NULL, NULL, 500},
	{"customer_id", FT_REF, SYS, "Customer", "转化客户", NULL, "customer", NULL, 0},
	{"contact_id", FT_REF, SYS, "Contact", "转化联系人", NULL, "contact", NULL, 0},
	{"opportunity_id", FT_REF, SYS, "Opportunity", "转化商机", NULL, "opportunity", NULL, 0},
	{"converted_at", FT_INSTANT, SYS, "Converted at", "转化时间", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def opportunity_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "商机编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "商机名称", NULL, NULL, NULL, 200},
	{"customer_id", FT_REF, FF_REQUIRED, "Customer", "客户", NULL, "customer", NULL, 0},
	{"contact_id", FT_REF, 0, "Contact", "联系人", NULL, "contact", NULL, 0},
	{"lead_id", FT_REF, SYS, "Lead", "来源线索", NULL, "lead", NULL, 0},
	{"pipeline_id", FT_REF, FF_IMMUTABLE, "Pipeline", "销售管道", NULL, "pipeline", NULL, 0},
	{"stage_id", FT_REF, SYS, "Stage", "销售阶段", NULL, "pipeline_stage", NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", sales_opportunity_statuses, NULL, NULL, 0},
	{"amount_fen", FT_FEN, FF_REQUIRED, "Amount", "金额", NULL, NULL, NULL, 0},
	{"expected_close_date", FT_DATE, FF_REQUIRED, "Expected close date", "预计成交日期", NULL, NULL, NULL, 0},
	{"owner_id", FT_REF, 0, "Owner", "负责人", NULL, "user", NULL, 0},
	{"department_id", FT_REF, SYS, "Department", "部门", NULL, "department", NULL, 0},
	{"team_id", FT_REF, SYS, "Team", "团队", NULL, "team", NULL, 0},
	{"competitors", FT_TEXT, 0, "Competitors", "竞争对手", NULL, NULL, NULL, 500},
	{"source", FT_TEXT, 0, "Source", "来源", NULL, NULL, NULL, 100},
	{"close_reason", FT_TEXT, SYS, "Win/loss reason", "赢单/输单原因", NULL, NULL, NULL, 500},
	{"closed_at", FT_INSTANT, SYS, "Closed at", "关闭时间", NULL, NULL, NULL, 0},
	{"closed_date", FT_DATE, SYS, "Close date", "成交日期", NULL, NULL, NULL, 0},
	{"cycle_days", FT_INT, SYS, "Cycle (days)", "销售周期(天)", NULL, NULL, NULL, 0},
	{"stage_changed_at", FT_INSTANT, SYS, "Stage changed at", "阶段变更时间", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def history_fields[] = {
	{"opportunity_id", FT_REF, FF_REQUIRED, "Opportunity", "商机", NULL, "opportunity", NULL, 0},
	{"from_stage_id", FT_REF, 0, "From stage", "原阶段", NULL, "pipeline_stage", NULL, 0},
	{"to_stage_id", FT_REF, FF_REQUIRED, "To stage", "新阶段", NULL, "pipeline_stage", NULL, 0},
	{"changed_at", FT_INSTANT, FF_REQUIRED, "Changed at", "变更时间", NULL, NULL, NULL, 0},
	{"user_id", FT_REF, 0, "User", "操作人", NULL, "user", NULL, 0},
	{"reason", FT_TEXT, 0, "Reason", "原因", NULL, NULL, NULL, 500},
};

static const struct field_def contract_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "合同编号", NULL, NULL, NULL, 0},
	{"title", FT_TEXT, FF_REQUIRED, "Title", "合同名称", NULL, NULL, NULL, 200},
	{"opportunity_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Opportunity", "商机", NULL, "opportunity", NULL, 0},
	{"customer_id", FT_REF, SYS, "Customer", "客户", NULL, "customer", NULL, 0},
	{"owner_id", FT_REF, 0, "Owner", "负责人", NULL, "user", NULL, 0},
	{"amount_fen", FT_FEN, FF_REQUIRED, "Amount", "合同金额", NULL, NULL, NULL, 0},
	{"terms", FT_TEXT, 0, "Terms", "合同条款", NULL, NULL, NULL, 20000},
	{"signed_date", FT_DATE, 0, "Signing date", "签订日期", NULL, NULL, NULL, 0},
	{"start_date", FT_DATE, 0, "Start date", "开始日期", NULL, NULL, NULL, 0},
	{"end_date", FT_DATE, 0, "End date", "结束日期", NULL, NULL, NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", sales_contract_statuses, NULL, NULL, 0},
	{"status_reason", FT_TEXT, SYS, "Status reason", "状态说明", NULL, NULL, NULL, 500},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def payment_plan_fields[] = {
	{"contract_id", FT_REF, FF_REQUIRED, "Contract", "合同", NULL, "contract", NULL, 0},
	{"seq", FT_INT, SYS, "Instalment", "期次", NULL, NULL, NULL, 0},
	{"due_date", FT_DATE, FF_REQUIRED, "Due date", "计划回款日期", NULL, NULL, NULL, 0},
	{"amount_fen", FT_FEN, FF_REQUIRED, "Amount", "计划回款金额", NULL, NULL, NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", sales_payment_statuses, NULL, NULL, 0},
	{"paid_date", FT_DATE, SYS, "Paid on", "实际回款日期", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 2000},
};

static const struct field_def target_fields[] = {
	{"month", FT_CODE, FF_REQUIRED, "Month", "月份", NULL, NULL, NULL, 7},
	{"user_id", FT_REF, 0, "Sales rep", "销售员", NULL, "user", NULL, 0},
	{"team_id", FT_REF, 0, "Team", "团队", NULL, "team", NULL, 0},
	{"target_fen", FT_FEN, FF_REQUIRED, "Target", "目标金额", NULL, NULL, NULL, 0},
};

static const struct field_def quote_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "报价单编号", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED, "Customer", "客户", NULL, "customer", NULL, 0},
	{"opportunity_id", FT_REF, 0, "Opportunity", "商机", NULL, "opportunity", NULL, 0},
	{"owner_id", FT_REF, 0, "Owner", "负责人", NULL, "user", NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", sales_quote_statuses, NULL, NULL, 0},
	{"discount_bp", FT_INT, SYS, "Discount (1/100 %)", "折扣(万分比)", NULL, NULL, NULL, 0},
	{"subtotal_fen", FT_FEN, SYS, "Subtotal", "小计", NULL, NULL, NULL, 0},
	{"discount_fen", FT_FEN, SYS, "Discount", "折扣金额", NULL, NULL, NULL, 0},
	{"total_fen", FT_FEN, SYS, "Total", "总价", NULL, NULL, NULL, 0},
	{"valid_until", FT_DATE, 0, "Valid until", "有效期至", NULL, NULL, NULL, 0},
	{"decision_note", FT_TEXT, SYS, "Approval note", "审批意见", NULL, NULL, NULL, 1000},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def quote_line_fields[] = {
	{"quote_id", FT_REF, FF_REQUIRED, "Quote", "报价单", NULL, "quote", NULL, 0},
	{"line_no", FT_INT, SYS, "Line", "行号", NULL, NULL, NULL, 0},
	{"product_id", FT_REF, 0, "Product", "产品编号", NULL, "product", NULL, 0},
	{"description", FT_TEXT, 0, "Description", "说明", NULL, NULL, NULL, 500},
	{"quantity", FT_INT, FF_REQUIRED, "Quantity", "数量", NULL, NULL, NULL, 0},
	{"unit_price_fen", FT_FEN, FF_REQUIRED, "Unit price", "单价", NULL, NULL, NULL, 0},
	{"amount_fen", FT_FEN, SYS, "Line amount", "行金额", NULL, NULL, NULL, 0},
};

const struct entity_def entity_pipeline = {"pipeline", "pipelines", "code", "Pipeline", "销售管道",
                                           pipeline_fields, N(pipeline_fields), 0, 1};
const struct entity_def entity_pipeline_stage = {"pipeline_stage", "pipeline_stages", "name", "Stage",
                                                 "销售阶段", stage_fields, N(stage_fields), 0, 0};
const struct entity_def entity_lead = {"lead", "leads", "code", "Lead", "线索", lead_fields,
                                       N(lead_fields), 1, 1,
                                       "owner_id", NULL, "department_id", NULL, NULL, 1};
const struct entity_def entity_opportunity = {"opportunity", "opportunities", "code", "Opportunity",
                                              "商机", opportunity_fields, N(opportunity_fields), 1, 1,
                                              "owner_id", "team_id", "department_id", NULL, NULL, 1};
const struct entity_def entity_stage_history = {"stage_history", "opportunity_stage_history", NULL,
                                                "Stage change", "阶段变更", history_fields,
                                                N(history_fields), 0, 0,
                                                NULL, NULL, NULL, "opportunity_id", "opportunity", 0};
const struct entity_def entity_contract = {"contract", "contracts", "code", "Contract", "合同",
                                           contract_fields, N(contract_fields), 1, 1,
                                           "owner_id", NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_payment_plan = {"payment_plan", "payment_plans", NULL,
                                               "Payment plan", "回款计划", payment_plan_fields,
                                               N(payment_plan_fields), 0, 0,
                                               NULL, NULL, NULL, "contract_id", "contract", 0};
const struct entity_def entity_sales_target = {"sales_target", "sales_targets", NULL, "Sales target",
                                               "销售目标", target_fields, N(target_fields), 0, 1};
const struct entity_def entity_quote = {"quote", "quotes", "code", "Quote", "报价单", quote_fields,
                                        N(quote_fields), 1, 1,
                                        "owner_id", NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_quote_line = {"quote_line", "quote_lines", NULL, "Quote line",
                                             "报价明细", quote_line_fields, N(quote_line_fields), 0, 0,
                                             NULL, NULL, NULL, "quote_id", "quote", 0};
