/* The field tables of every entity (see include/guanxi/entity.h). Column names here must
 * match the migrations; labels are the column headers of import templates and exports. */
#include <string.h>

#include "guanxi/entity.h"
#include "guanxi/entity_credit.h"
#include "guanxi/entity_service.h"
#include "guanxi/entity_marketing.h"
#include "guanxi/entity_workflow.h"
#include "guanxi/sales.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const customer_kinds[] = {"person", "organization", NULL};
static const char *const genders[] = {"male", "female", "other", NULL};
static const char *const channels[] = {"phone", "email", "sms", "wechat", "social", "website",
                                       "store", "service_centre", "visit", "fax", NULL};
static const char *const directions[] = {"inbound", "outbound", NULL};
static const char *const interaction_types[] = {"inquiry", "complaint", "suggestion", "request",
                                                "visit", "return_visit", "reception", "meeting",
                                                "greeting", "training", "care", NULL};
static const char *const phases[] = {"pre_sale", "sale", "post_sale", NULL};
static const char *const order_kinds[] = {"sale", "refund", NULL};
static const char *const order_statuses[] = {"open", "completed", "cancelled", NULL};
static const char *const roles[] = {"admin", "manager", "sales", "service", "marketing",
                                    "analyst", "readonly", NULL};

/* Party roles of a customer (PRODUCT.md module 1). */
const char *const customer_party_roles[] = {"end_user", "dealer", "logistics", "intermediary",
                                            "supplier", "partner", "competitor", "government",
                                            "influencer", NULL};

#define SYS (FF_SYSTEM | FF_NO_IMPORT)
#define HID (FF_SYSTEM | FF_NO_IMPORT | FF_NO_EXPORT | FF_HIDDEN)

static const struct field_def customer_fields[] = {
	{"code", FT_CODE, FF_REQUIRED | FF_SEARCH, "Code", "客户编号", NULL, NULL, NULL, 0},
	{"kind", FT_ENUM, FF_REQUIRED, "Kind", "客户类型", customer_kinds, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED | FF_SEARCH, "Name", "客户名称", NULL, NULL, "name_norm", 200, "name_sort"},
	{"name_norm", FT_TEXT, HID, "Normalised name", "规范名称", NULL, NULL, NULL, 0},
	{"name_sort", FT_TEXT, HID, "Sort key", "排序键", NULL, NULL, NULL, 0},
	{"is_direct", FT_BOOL, 0, "Direct customer", "直接客户", NULL, NULL, NULL, 0},
	{"roles", FT_LIST, FF_VIRTUAL, "Roles", "客户角色", customer_party_roles, NULL, NULL, 0},
	{"tags", FT_LIST, FF_VIRTUAL, "Tags", "标签", NULL, NULL, NULL, 0},
	{"owner_id", FT_REF, 0, "Owner", "客户经理", NULL, "user", NULL, 0},
	{"team_id", FT_REF, 0, "Team", "团队", NULL, "team", NULL, 0},
	{"department_id", FT_REF, 0, "Department", "部门", NULL, "department", NULL, 0},
	{"key_account", FT_BOOL, 0, "Key account", "重点客户", NULL, NULL, NULL, 0},
	{"industry", FT_TEXT, 0, "Industry", "行业", NULL, NULL, NULL, 100},
	{"province", FT_TEXT, 0, "Province", "省份", NULL, NULL, NULL, 50},
	{"city", FT_TEXT, 0, "City", "城市", NULL, NULL, NULL, 50},
	{"district", FT_TEXT, 0, "District", "区县", NULL, NULL, NULL, 50},
	{"address", FT_TEXT, 0, "Address", "地址", NULL, NULL, NULL, 300},
	{"postcode", FT_CODE, 0, "Postcode", "邮编", NULL, NULL, NULL, 12},
	{"source", FT_TEXT, 0, "Source", "客户来源", NULL, NULL, NULL, 100},
	{"referrer_id", FT_REF, 0, "Referrer", "推荐人", NULL, "customer", NULL, 0},
	{"phone", FT_PHONE, FF_MASKED | FF_SEARCH, "Phone", "电话", NULL, NULL, "phone_norm", 40},
	{"phone_norm", FT_TEXT, HID, "Normalised phone", "规范电话", NULL, NULL, NULL, 0},
	{"mobile", FT_PHONE, FF_MASKED | FF_SEARCH, "Mobile", "手机", NULL, NULL, "mobile_norm", 40},
	{"mobile_norm", FT_TEXT, HID, "Normalised mobile", "规范手机", NULL, NULL, NULL, 0},
	{"email", FT_EMAIL, FF_SEARCH, "E-mail", "电子邮箱", NULL, NULL, "email_norm", 254},
	{"email_norm", FT_TEXT, HID, "Normalised e-mail", "规范邮箱", NULL, NULL, NULL, 0},
	{"wechat", FT_TEXT, FF_MASKED | FF_SEARCH, "WeChat ID", "微信号", NULL, NULL, NULL, 40},
	{"website", FT_TEXT, 0, "Website", "网站", NULL, NULL, NULL, 200},
	{"uscc", FT_USCC, FF_SEARCH, "Unified social credit code", "统一社会信用代码", NULL, NULL, NULL, 18},
	{"gender", FT_ENUM, 0, "Gender", "性别", genders, NULL, NULL, 0},
	{"birthday", FT_DATE, 0, "Birthday", "生日", NULL, NULL, NULL, 0},
	{"birthday_lunar", FT_BOOL, 0, "Lunar birthday", "农历生日", NULL, NULL, NULL, 0},
	{"household_size", FT_INT, 0, "Household size", "家庭人数", NULL, NULL, NULL, 0},
	{"anniversary", FT_DATE, 0, "Anniversary", "纪念日", NULL, NULL, NULL, 0},
	{"care", FT_JSON, 0, "Care data", "关怀信息", NULL, NULL, NULL, 0},
	{"preferences", FT_JSON, 0, "Preferences", "偏好", NULL, NULL, NULL, 0},
	{"ties", FT_JSON, 0, "Relationship ties", "关系纽带", NULL, NULL, NULL, 0},
	{"custom", FT_JSON, 0, "Custom fields", "自定义字段", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"merged_into", FT_REF, SYS, "Merged into", "已合并到", NULL, "customer", NULL, 0},
	{"last_touch_at", FT_INSTANT, SYS, "Last owner contact", "最近跟进", NULL, NULL, NULL, 0},
	{"owner_since", FT_INSTANT, SYS, "Owner since", "分配时间", NULL, NULL, NULL, 0},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
	{"deleted_by", FT_REF, HID, "Deleted by", "删除人", NULL, "user", NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def contact_fields[] = {
	{"code", FT_CODE, FF_REQUIRED | FF_SEARCH, "Code", "联系人编号", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED, "Customer", "所属客户", NULL, "customer", NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED | FF_SEARCH, "Name", "姓名", NULL, NULL, NULL, 100},
	{"title", FT_TEXT, 0, "Title", "职务", NULL, NULL, NULL, 100},
	{"department", FT_TEXT, 0, "Department", "部门", NULL, NULL, NULL, 100},
	{"phone", FT_PHONE, FF_MASKED | FF_SEARCH, "Phone", "电话", NULL, NULL, "phone_norm", 40},
	{"phone_norm", FT_TEXT, HID, "Normalised phone", "规范电话", NULL, NULL, NULL, 0},
	{"email", FT_EMAIL, FF_SEARCH, "E-mail", "电子邮箱", NULL, NULL, "email_norm", 254},
	{"email_norm", FT_TEXT, HID, "Normalised e-mail", "规范邮箱", NULL, NULL, NULL, 0},
	{"wechat", FT_TEXT, FF_MASKED, "WeChat ID", "微信号", NULL, NULL, NULL, 40},
	{"birthday", FT_DATE, 0, "Birthday", "生日", NULL, NULL, NULL, 0},
	{"is_primary", FT_BOOL, 0, "Primary contact", "主要联系人", NULL, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def interaction_fields[] = {
	{"code", FT_CODE, 0, "Code", "互动编号", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Customer", "客户", NULL, "customer", NULL, 0},
	{"contact_id", FT_REF, 0, "Contact", "联系人", NULL, "contact", NULL, 0},
	{"user_id", FT_REF, 0, "User", "经办人", NULL, "user", NULL, 0},
	{"channel", FT_ENUM, FF_REQUIRED, "Channel", "渠道", channels, NULL, NULL, 0},
	{"direction", FT_ENUM, 0, "Direction", "方向", directions, NULL, NULL, 0},
	{"type", FT_ENUM, FF_REQUIRED, "Type", "互动类型", interaction_types, NULL, NULL, 0},
	{"phase", FT_ENUM, 0, "Phase", "阶段", phases, NULL, NULL, 0},
	{"occurred_at", FT_INSTANT, FF_REQUIRED, "Time", "时间", NULL, NULL, NULL, 0},
	{"subject", FT_TEXT, 0, "Subject", "主题", NULL, NULL, NULL, 200},
	{"content", FT_TEXT, 0, "Content", "内容", NULL, NULL, NULL, 20000},
	{"outcome", FT_TEXT, 0, "Outcome", "结果", NULL, NULL, NULL, 2000},
	{"followup_at", FT_INSTANT, 0, "Follow-up time", "跟进时间", NULL, NULL, NULL, 0},
	{"followup_note", FT_TEXT, 0, "Follow-up task", "跟进事项", NULL, NULL, NULL, 2000},
	{"followup_done", FT_BOOL, 0, "Follow-up done", "已跟进", NULL, NULL, NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def category_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "类别编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "类别名称", NULL, NULL, NULL, 100},
	{"parent_id", FT_REF, 0, "Parent", "上级类别", NULL, "category", NULL, 0},
};

static const struct field_def product_fields[] = {
	{"sku", FT_CODE, FF_REQUIRED, "SKU", "产品编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "产品名称", NULL, NULL, NULL, 200},
	{"category_id", FT_REF, 0, "Category", "产品类别", NULL, "category", NULL, 0},
	{"unit", FT_TEXT, 0, "Unit", "单位", NULL, NULL, NULL, 20},
	{"price_fen", FT_FEN, 0, "Price", "单价", NULL, NULL, NULL, 0},
	{"cost_fen", FT_FEN, 0, "Cost", "成本", NULL, NULL, NULL, 0},
	{"active", FT_BOOL, 0, "Active", "在售", NULL, NULL, NULL, 0},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def order_fields[] = {
	{"order_no", FT_CODE, FF_REQUIRED, "Order no.", "订单编号", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED, "Customer", "客户", NULL, "customer", NULL, 0},
	{"kind", FT_ENUM, 0, "Kind", "类型", order_kinds, NULL, NULL, 0},
	{"refund_of", FT_REF, 0, "Refund of", "原订单", NULL, "order", NULL, 0},
	{"ordered_at", FT_INSTANT, FF_REQUIRED, "Order time", "下单时间", NULL, NULL, NULL, 0},
	{"order_date", FT_DATE, SYS, "Order date", "订单日期", NULL, NULL, NULL, 0},
	{"channel", FT_TEXT, 0, "Channel", "渠道", NULL, NULL, NULL, 50},
	{"owner_id", FT_REF, 0, "Owner", "销售员", NULL, "user", NULL, 0},
	{"department_id", FT_REF, SYS, "Department", "部门", NULL, "department", NULL, 0},
	{"amount_fen", FT_FEN, SYS, "Amount", "金额", NULL, NULL, NULL, 0},
	{"cost_fen", FT_FEN, SYS, "Cost", "成本", NULL, NULL, NULL, 0},
	{"discount", FT_BOOL, 0, "Discounted", "折扣", NULL, NULL, NULL, 0},
	{"cross_sell", FT_BOOL, 0, "Cross-sell", "交叉销售", NULL, NULL, NULL, 0},
	{"status", FT_ENUM, 0, "Status", "状态", order_statuses, NULL, NULL, 0},
	{"credit_form", FT_ENUM, 0, "Credit form", "信用方式", credit_form_names, NULL, NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 2000},
	{"job_id", FT_INT, HID, "Job", "批处理任务", NULL, NULL, NULL, 0},
};

static const struct field_def order_line_fields[] = {
	{"order_id", FT_REF, FF_REQUIRED, "Order", "订单", NULL, "order", NULL, 0},
	{"line_no", FT_INT, FF_REQUIRED, "Line", "行号", NULL, NULL, NULL, 0},
	{"product_id", FT_REF, FF_REQUIRED, "Product", "产品编号", NULL, "product", NULL, 0},
	{"quantity", FT_INT, FF_REQUIRED, "Quantity", "数量", NULL, NULL, NULL, 0},
	{"unit_price_fen", FT_FEN, FF_REQUIRED | FF_SIGNED, "Unit price", "单价", NULL, NULL, NULL, 0},
	{"amount_fen", FT_FEN, FF_SIGNED, "Line amount", "行金额", NULL, NULL, NULL, 0},
	{"cost_fen", FT_FEN, FF_SIGNED, "Line cost", "行成本", NULL, NULL, NULL, 0},
	{"discount", FT_BOOL, 0, "Discounted", "折扣", NULL, NULL, NULL, 0},
};

static const struct field_def user_fields[] = {
	{"username", FT_CODE, FF_REQUIRED, "Username", "用户名", NULL, NULL, NULL, 0},
	{"display_name", FT_TEXT, FF_REQUIRED, "Name", "姓名", NULL, NULL, NULL, 100},
	{"email", FT_EMAIL, 0, "E-mail", "电子邮箱", NULL, NULL, NULL, 254},
	{"phone", FT_PHONE, 0, "Phone", "电话", NULL, NULL, NULL, 40},
	{"role", FT_ENUM, FF_REQUIRED, "Role", "角色", roles, NULL, NULL, 0},
	{"department_id", FT_REF, 0, "Department", "部门", NULL, "department", NULL, 0},
	{"team_id", FT_REF, 0, "Team", "团队", NULL, "team", NULL, 0},
	{"password_hash", FT_TEXT, HID, "Password hash", "密码散列", NULL, NULL, NULL, 0},
	{"lang", FT_ENUM, 0, "Language", "语言", (const char *const[]){"zh-CN", "en", NULL}, NULL, NULL, 0},
	{"active", FT_BOOL, 0, "Active", "启用", NULL, NULL, NULL, 0},
};

static const struct field_def department_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "部门编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "部门名称", NULL, NULL, NULL, 100},
	{"parent_id", FT_REF, 0, "Parent department", "上级部门", NULL, "department", NULL, 0},
	{"head_user_id", FT_REF, 0, "Head", "负责人", NULL, "user", NULL, 0},
};

static const struct field_def team_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "团队编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "团队名称", NULL, NULL, NULL, 100},
	{"department_id", FT_REF, 0, "Department", "部门", NULL, "department", NULL, 0},
};

const struct entity_def entity_customer = {"customer", "customers", "code", "Customer", "客户",
                                           customer_fields, N(customer_fields), 1, 1,
                                           "owner_id", "team_id", "department_id", NULL, NULL, 1};
const struct entity_def entity_contact = {"contact", "contacts", "code", "Contact", "联系人",
                                          contact_fields, N(contact_fields), 1, 1,
                                          NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_interaction = {"interaction", "interactions", "code", "Interaction",
                                              "客户互动", interaction_fields,
                                              N(interaction_fields), 1, 1,
                                              NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_category = {"category", "product_categories", "code", "Category",
                                           "产品类别", category_fields, N(category_fields), 0, 0};
const struct entity_def entity_product = {"product", "products", "sku", "Product", "产品",
                                          product_fields, N(product_fields), 1, 1};
const struct entity_def entity_order = {"order", "orders", "order_no", "Order", "订单",
                                        order_fields, N(order_fields), 1, 1,
                                        NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_order_line = {"order_line", "order_lines", NULL, "Order line",
                                             "订单明细", order_line_fields,
                                             N(order_line_fields), 0, 0,
                                             NULL, NULL, NULL, "order_id", "order", 0};
const struct entity_def entity_user = {"user", "users", "username", "User", "用户", user_fields,
                                       N(user_fields), 0, 1};
const struct entity_def entity_department = {"department", "departments", "code", "Department",
                                             "部门", department_fields, N(department_fields), 0, 1};
const struct entity_def entity_team = {"team", "teams", "code", "Team", "团队", team_fields,
                                       N(team_fields), 0, 1};

static const struct entity_def *const all_entities[] = {
	&entity_customer, &entity_contact, &entity_interaction, &entity_category, &entity_product,
	&entity_order, &entity_order_line, &entity_user, &entity_department, &entity_team,
	&entity_credit_assessment, &entity_invoice, &entity_payment, &entity_credit_override,
	&entity_ticket, &entity_ticket_event, &entity_calendar_day, &entity_kb_snippet,
	&entity_segment, &entity_campaign, &entity_club,
	&entity_task, &entity_notification, &entity_approval,
	&entity_pipeline, &entity_pipeline_stage, &entity_lead, &entity_opportunity, &entity_stage_history, &entity_contract, &entity_payment_plan, &entity_sales_target, &entity_quote, &entity_quote_line,
	NULL,
};

const struct entity_def *entity_by_name(const char *name)
{
	for (int i = 0; all_entities[i]; i++)
		if (strcmp(all_entities[i]->name, name) == 0)
			return all_entities[i];
	return NULL;
}

const struct entity_def *entity_nth(size_t i)
{
	for (size_t k = 0; all_entities[k]; k++)
		if (k == i)
			return all_entities[k];
	return NULL;
}
