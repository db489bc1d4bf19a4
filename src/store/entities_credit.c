/* Field tables of the credit entities (see include/guanxi/entity_credit.h). Column names match
 * src/store/migrations/…/0009_credit.sql. Derived values (scores, grade, limit, paid amount,
 * status, decisions) are FF_SYSTEM: app/credit_*.c computes them and no input may set them.
 * Row scopes: every credit record is visible exactly when its customer is (access control,
 * include/guanxi/store_scope.h). */
#include "guanxi/entity_credit.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS (FF_SYSTEM | FF_NO_IMPORT)

const char *const credit_form_names[] = {"cash", "charge_account", "credit_sale", "instalment",
                                         "consignment", NULL};
static const char *const credit_forms_no_cash[] = {"charge_account", "credit_sale", "instalment",
                                                   "consignment", NULL};
static const char *const grades[] = {"A", "B", "C", "D", "E", NULL};
static const char *const character_sources[] = {"ratings", "payments", NULL};
static const char *const capacity_sources[] = {"orders", "analyst", NULL};
static const char *const invoice_kinds[] = {"normal", "special", NULL};
static const char *const invoice_statuses[] = {"open", "paid", NULL};
static const char *const payment_methods[] = {"bank_transfer", "cash", "cheque", "acceptance_bill",
                                              "other", NULL};
static const char *const override_statuses[] = {"pending", "approved", "rejected", "used", NULL};

static const struct field_def assessment_fields[] = {
	{"customer_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Customer", "客户", NULL, "customer", NULL, 0},
	{"assessed_on", FT_DATE, FF_REQUIRED, "Assessed on", "评估日期", NULL, NULL, NULL, 0},
	{"assessed_by", FT_REF, SYS, "Assessed by", "评估人", NULL, "user", NULL, 0},
	{"character_score", FT_TEXT, SYS, "Character", "品德", NULL, NULL, NULL, 0},
	{"capacity_score", FT_TEXT, SYS, "Capacity", "能力", NULL, NULL, NULL, 0},
	{"capital_score", FT_TEXT, SYS, "Capital", "资本", NULL, NULL, NULL, 0},
	{"collateral_score", FT_TEXT, SYS, "Collateral", "抵押", NULL, NULL, NULL, 0},
	{"conditions_score", FT_TEXT, SYS, "Conditions", "条件", NULL, NULL, NULL, 0},
	{"character_source", FT_ENUM, SYS, "Character from", "品德依据", character_sources, NULL, NULL, 0},
	{"score", FT_TEXT, SYS, "5C score", "5C得分", NULL, NULL, NULL, 0},
	{"grade", FT_ENUM, SYS, "Grade", "信用等级", grades, NULL, NULL, 0},
	{"monthly_capacity_fen", FT_FEN, SYS, "Monthly capacity", "月均采购额", NULL, NULL, NULL, 0},
	{"capacity_source", FT_ENUM, SYS, "Capacity from", "能力依据", capacity_sources, NULL, NULL, 0},
	{"limit_fen", FT_FEN, SYS, "Credit limit", "信用额度", NULL, NULL, NULL, 0},
	{"allowed_forms", FT_TEXT, SYS, "Allowed credit forms", "允许的信用方式", NULL, NULL, NULL, 200},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 2000},
};

static const struct field_def invoice_fields[] = {
	{"invoice_no", FT_CODE, FF_REQUIRED | FF_IMMUTABLE, "Invoice no.", "发票号码", NULL, NULL, NULL, 0},
	{"customer_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Customer", "客户", NULL, "customer", NULL, 0},
	{"kind", FT_ENUM, 0, "Kind", "发票类型", invoice_kinds, NULL, NULL, 0},
	{"issued_on", FT_DATE, FF_REQUIRED, "Issued on", "开票日期", NULL, NULL, NULL, 0},
	{"due_on", FT_DATE, FF_REQUIRED, "Due on", "到期日", NULL, NULL, NULL, 0},
	{"amount_fen", FT_FEN, FF_REQUIRED, "Amount", "金额", NULL, NULL, NULL, 0},
	{"paid_fen", FT_FEN, SYS, "Paid", "已收金额", NULL, NULL, NULL, 0},
	{"paid_off_on", FT_DATE, SYS, "Paid off on", "结清日期", NULL, NULL, NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", invoice_statuses, NULL, NULL, 0},
	{"title", FT_TEXT, FF_REQUIRED, "Title", "发票抬头", NULL, NULL, NULL, 200},
	{"uscc", FT_USCC, 0, "Unified social credit code", "统一社会信用代码", NULL, NULL, NULL, 18},
	{"bank", FT_TEXT, 0, "Bank", "开户行", NULL, NULL, NULL, 100},
	{"bank_account", FT_CODE, 0, "Bank account", "账号", NULL, NULL, NULL, 40},
	{"address", FT_TEXT, 0, "Address", "地址", NULL, NULL, NULL, 300},
	{"phone", FT_PHONE, 0, "Phone", "电话", NULL, NULL, NULL, 40},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 2000},
	{"created_by", FT_REF, SYS, "Created by", "开票人", NULL, "user", NULL, 0},
};

static const struct field_def payment_fields[] = {
	{"invoice_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Invoice", "发票", NULL, "invoice", NULL, 0},
	{"customer_id", FT_REF, SYS, "Customer", "客户", NULL, "customer", NULL, 0},
	{"paid_on", FT_DATE, FF_REQUIRED, "Paid on", "收款日期", NULL, NULL, NULL, 0},
	{"amount_fen", FT_FEN, FF_REQUIRED, "Amount", "金额", NULL, NULL, NULL, 0},
	{"method", FT_ENUM, 0, "Method", "收款方式", payment_methods, NULL, NULL, 0},
	{"reference", FT_TEXT, 0, "Reference", "凭证号", NULL, NULL, NULL, 100},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 2000},
	{"recorded_by", FT_REF, SYS, "Recorded by", "登记人", NULL, "user", NULL, 0},
};

static const struct field_def override_fields[] = {
	{"customer_id", FT_REF, FF_REQUIRED | FF_IMMUTABLE, "Customer", "客户", NULL, "customer", NULL, 0},
	{"amount_fen", FT_FEN, 0, "Amount above the limit", "超额金额", NULL, NULL, NULL, 0},
	{"credit_form", FT_ENUM, 0, "Credit form", "信用方式", credit_forms_no_cash, NULL, NULL, 0},
	{"reason", FT_TEXT, FF_REQUIRED, "Reason", "申请理由", NULL, NULL, NULL, 2000},
	{"requested_by", FT_REF, SYS, "Requested by", "申请人", NULL, "user", NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", override_statuses, NULL, NULL, 0},
	{"decided_by", FT_REF, SYS, "Decided by", "审批人", NULL, "user", NULL, 0},
	{"decided_at", FT_INSTANT, SYS, "Decided at", "审批时间", NULL, NULL, NULL, 0},
	{"decision_note", FT_TEXT, SYS, "Decision note", "审批意见", NULL, NULL, NULL, 2000},
	{"order_id", FT_REF, SYS, "Used by order", "使用订单", NULL, "order", NULL, 0},
};

const struct entity_def entity_credit_assessment = {
	"credit_assessment", "credit_assessments", NULL, "Credit assessment", "信用评估",
	assessment_fields, N(assessment_fields), 0, 1,
	NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_invoice = {"invoice", "invoices", "invoice_no", "Invoice", "发票",
                                          invoice_fields, N(invoice_fields), 0, 1,
                                          NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_payment = {"payment", "payments", NULL, "Payment", "收款",
                                          payment_fields, N(payment_fields), 0, 1,
                                          NULL, NULL, NULL, "customer_id", "customer", 0};
const struct entity_def entity_credit_override = {
	"credit_override", "credit_overrides", NULL, "Credit override", "信用额度特批",
	override_fields, N(override_fields), 0, 1,
	NULL, NULL, NULL, "customer_id", "customer", 0};
