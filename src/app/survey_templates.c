/* The questionnaires shipped as templates (DECISIONS.md: templates may reproduce the short item
 * wording of standard instruments):
 *  - supermarket17: the course's 17-item supermarket questionnaire (seed001 客户满意度调查问卷),
 *    each item asked for importance and satisfaction on 1–5, with its demographic block and
 *    its two open questions;
 *  - servqual22: the 22 SERVQUAL items of Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a
 *    multiple-item scale for measuring consumer perceptions of service quality", Journal of
 *    Retailing 64(1), 12–40, in the Chinese wording of seed001, expectation and perception on
 *    1–7 (items 10–13 and 18–22 negatively worded, reversed by the analysis, MODELS.md M6);
 *  - kano: a block of Kano feature pairs for a retail store (answers of MODELS.md M5);
 *  - ecsi: the ECSI model questionnaire with the 27 items of shared/data/ecsi (image,
 *    expectation, perceived quality, perceived value, satisfaction, loyalty) and the
 *    structural model of MODELS.md M7 (answers 0–10, as in that data set). */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/survey.h"

const char *const survey_template_names[] = {"supermarket17", "servqual22", "kano", "ecsi", NULL};

struct builder {
	struct survey_def *def;
	struct gx_arena *a;
	enum gx_lang lang;
	size_t qcap, scap;
};

static const char *pick(const struct builder *b, const char *zh, const char *en)
{
	return b->lang == GX_LANG_ZH ? zh : en;
}

static void section(struct builder *b, const char *zh, const char *en, int demographic)
{
	struct survey_section *s = &b->def->sections[b->def->nsections++];
	s->title = pick(b, zh, en);
	s->demographic = demographic;
}

static struct survey_question *question(struct builder *b, const char *code, enum survey_qtype type,
                                        const char *zh, const char *en, int required)
{
	struct survey_question *q = &b->def->questions[b->def->nquestions++];
	memset(q, 0, sizeof *q);
	q->section = b->def->nsections - 1;
	q->code = code;
	q->type = type;
	q->text = pick(b, zh, en);
	q->required = required;
	survey_question_default_scale(q);
	return q;
}

/* Options from "key|中文|English" strings. */
static void options(struct builder *b, struct survey_question *q, const char *const *specs, size_t n)
{
	q->options = gx_arena_calloc(b->a, n, sizeof *q->options);
	q->noptions = n;
	for (size_t i = 0; i < n; i++) {
		const char *s = specs[i], *p1 = strchr(s, '|'), *p2 = strchr(p1 + 1, '|');
		q->options[i].key = gx_arena_strndup(b->a, s, (size_t)(p1 - s));
		q->options[i].label = b->lang == GX_LANG_ZH ? gx_arena_strndup(b->a, p1 + 1, (size_t)(p2 - p1 - 1))
		                                            : gx_arena_strdup(b->a, p2 + 1);
	}
}

static const char *const supermarket_items[17][2] = {
	{"价格合理", "Reasonable prices"},
	{"进出方便", "Easy to get in and out"},
	{"商品有特色、新鲜", "Distinctive, fresh goods"},
	{"信誉好", "Good reputation"},
	{"内外环境卫生、清洁", "Clean and tidy inside and outside"},
	{"空气流通、光线充足", "Fresh air and good lighting"},
	{"标识清楚", "Clear signs"},
	{"能轻易找到目标商品", "Goods easy to find"},
	{"卫生间清洁", "Clean toilets"},
	{"服务员有亲切感", "Friendly staff"},
	{"服务员专业知识丰富", "Knowledgeable staff"},
	{"服务员细致解答客户疑问", "Staff answer questions carefully"},
	{"退换货有保障", "Returns and exchanges guaranteed"},
	{"售后服务好", "Good after-sales service"},
	{"付款等候时间短", "Short wait at the checkout"},
	{"投诉方便", "Easy to complain"},
	{"优惠活动多", "Many promotions"},
};

static void build_supermarket(struct builder *b)
{
	static const char *const genders[] = {"male|男|Male", "female|女|Female"};
	static const char *const ages[] = {"a15_20|15–20岁|15–20", "a21_30|21–30岁|21–30", "a31_40|31–40岁|31–40",
	                                   "a41|41岁以上|41 and over"};
	static const char *const jobs[] = {"employee|职员|Employee", "self_employed|个体劳动者|Self-employed",
	                                   "worker|工人|Worker", "student|学生|Student", "retired|离退休人员|Retired",
	                                   "other|其他|Other"};
	b->def->title = pick(b, "客户满意度调查问卷（超市）", "Customer satisfaction questionnaire (supermarket)");
	b->def->description = pick(b, "下列诸多因素中，哪些对您来说是最重要、最满意的？请按强弱程度打分：5分很重要/很满意 … 1分很不重要/很不满意。",
	                           "Which of these matter most to you, and how satisfied are you? Score each from 5 (very important / very satisfied) to 1 (not at all important / very dissatisfied).");
	b->def->schedule_months = 6;
	section(b, "满意度指标", "Satisfaction attributes", 0);
	for (int i = 0; i < 17; i++)
		question(b, gx_arena_printf(b->a, "q%d", i + 1), SURVEY_Q_IMP_SAT, supermarket_items[i][0],
		         supermarket_items[i][1], 1);
	section(b, "个人情况（如不介意，敬请填写）", "About you (if you do not mind)", 1);
	options(b, question(b, "gender", SURVEY_Q_SINGLE, "您的性别", "Your gender", 0), genders, 2);
	options(b, question(b, "age", SURVEY_Q_SINGLE, "您的年龄", "Your age", 0), ages, 4);
	options(b, question(b, "occupation", SURVEY_Q_SINGLE, "您的职业", "Your occupation", 0), jobs, 6);
	question(b, "income", SURVEY_Q_NUMBER, "您个人平均月收入（元）", "Your average monthly income (yuan)", 0);
	question(b, "household_income", SURVEY_Q_NUMBER, "您家庭人均月收入（元）",
	         "Monthly income per household member (yuan)", 0);
	question(b, "home_district", SURVEY_Q_TEXT, "您家住在哪个区", "District you live in", 0);
	question(b, "work_district", SURVEY_Q_TEXT, "您的工作单位在哪个区", "District you work in", 0);
	section(b, "意见和建议", "Comments", 0);
	question(b, "worst", SURVEY_Q_TEXT, "您对本超市最不满意的是", "What dissatisfies you most about this supermarket", 0);
	question(b, "suggestions", SURVEY_Q_TEXT, "您还有哪些建议或意见", "Any other suggestions or comments", 0);
}

static const char *const servqual_items[22][2] = {
	{"有现代化的服务设施", "The company has modern equipment"},
	{"服务设施具有吸引力", "Its physical facilities are visually appealing"},
	{"员工有整洁的服装和外表", "Its employees are well dressed and neat"},
	{"公司设施与他们所提供的服务相匹配", "Its facilities suit the services it provides"},
	{"公司向顾客承诺的事情能及时地完成", "It does what it promises by the time it promises"},
	{"顾客遇到困难时，能表现出关心并提供帮助", "When customers have problems it is caring and helpful"},
	{"公司是可靠的", "The company is dependable"},
	{"能准确地提供所承诺的服务", "It provides its services exactly as promised"},
	{"正确记录相关的服务", "It keeps its records accurately"},
	{"不能指望他们告诉顾客提供服务的准确时间", "It does not tell customers exactly when services will be performed"},
	{"期望他们提供及时的服务是不现实的", "You do not receive prompt service from its employees"},
	{"员工并不总是愿意帮助顾客", "Its employees are not always willing to help customers"},
	{"员工因为太忙以至于无法立即提供服务，满足顾客需求", "Its employees are too busy to respond to requests promptly"},
	{"员工是值得信赖的", "You can trust its employees"},
	{"在从事交易时顾客会感到放心", "You feel safe in your transactions with it"},
	{"员工是有礼貌的", "Its employees are polite"},
	{"员工可以从公司得到适当的支持，以提供更好的服务", "Its employees get adequate support to do their jobs well"},
	{"公司不会针对不同的顾客提供个别的服务", "It does not give you individual attention"},
	{"员工不会给予顾客个别的关怀", "Its employees do not give you personal attention"},
	{"不能期望员工了解顾客的需求", "Its employees do not know what your needs are"},
	{"公司没有优先考虑顾客的利益", "It does not have your best interests at heart"},
	{"公司提供的服务时间不能符合所有顾客的需求", "Its operating hours are not convenient to all customers"},
};

static void build_servqual(struct builder *b)
{
	static const char *const dims[5][2] = {{"有形性", "Tangibles"}, {"可靠性", "Reliability"},
	                                       {"响应性", "Responsiveness"}, {"保证性", "Assurance"},
	                                       {"移情性", "Empathy"}};
	static const int first[6] = {1, 5, 10, 14, 18, 23};
	b->def->title = pick(b, "SERVQUAL 服务质量量表", "SERVQUAL service quality scale");
	b->def->description = pick(b, "每项请分别给出您的期望和实际感受：7 表示完全同意，1 表示完全不同意。量表：Parasuraman、Zeithaml 和 Berry（1988）。",
	                           "For each statement give your expectation and your perception: 7 strongly agree, 1 strongly disagree. Scale: Parasuraman, Zeithaml & Berry (1988).");
	b->def->randomize = 1;
	b->def->schedule_months = 12;
	for (int d = 0; d < 5; d++) {
		section(b, dims[d][0], dims[d][1], 0);
		for (int i = first[d]; i < first[d + 1]; i++)
			question(b, gx_arena_printf(b->a, "sq%d", i), SURVEY_Q_SERVQUAL, servqual_items[i - 1][0],
			         servqual_items[i - 1][1], 1)->item = i;
	}
}

static void build_kano(struct builder *b)
{
	static const char *const features[][3] = {
		{"k_delivery", "送货上门", "Home delivery"},
		{"k_selfcheckout", "自助收银", "Self-service checkout"},
		{"k_mobilepay", "手机支付", "Mobile payment"},
		{"k_points", "会员积分", "Membership points"},
		{"k_parking", "免费停车", "Free parking"},
		{"k_fresh", "当日新鲜蔬果", "Same-day fresh produce"},
	};
	b->def->title = pick(b, "Kano 功能需求问卷", "Kano feature questionnaire");
	b->def->description = pick(b, "每项功能问两次：如果提供该功能您觉得如何，如果不提供您又觉得如何。",
	                           "Each feature is asked twice: how you feel if it is offered, and how you feel if it is not.");
	section(b, "功能需求", "Features", 0);
	for (size_t i = 0; i < sizeof features / sizeof *features; i++)
		question(b, features[i][0], SURVEY_Q_KANO, features[i][1], features[i][2], 1);
}

static void build_ecsi(struct builder *b)
{
	static const char *const items[][3] = {
		{"imag1", "公司言行可信", "It can be trusted in what it says and does"},
		{"imag2", "公司稳定、基础牢固", "It is stable and firmly established"},
		{"imag3", "公司对社会有贡献", "It contributes to society"},
		{"imag4", "公司关心客户", "It cares about its customers"},
		{"imag5", "公司创新、有前瞻性", "It is innovative and looks ahead"},
		{"expe1", "成为客户时对总体质量的期望", "Your expectation of its overall quality when you became a customer"},
		{"expe2", "期望它提供满足您个人需要的产品和服务", "Your expectation that it meets your personal needs"},
		{"expe3", "期望它的服务可靠、少出差错", "Your expectation that its service is reliable"},
		{"expe4", "期望它的网络覆盖和通话质量", "Your expectation of its network coverage and call quality"},
		{"expe5", "期望它的客户服务水平", "Your expectation of its customer service"},
		{"qual1", "总体感知质量", "Overall perceived quality"},
		{"qual2", "技术质量（网络、通话）", "Technical quality (network, calls)"},
		{"qual3", "个人服务和咨询", "Personal service and advice"},
		{"qual4", "服务和产品的提供", "Provision of services and products"},
		{"qual5", "账单清楚可靠", "Clear and reliable bills"},
		{"val1", "相对价格而言的质量", "Quality given the price you pay"},
		{"val2", "相对质量而言的价格", "Price given the quality you get"},
		{"val3", "与其他运营商相比的性价比", "Value for money compared with other providers"},
		{"val4", "总体物有所值", "Overall value for money"},
		{"sat1", "总体满意度", "Overall satisfaction"},
		{"sat2", "达到您期望的程度", "How far it fulfils your expectations"},
		{"sat3", "与理想运营商的差距", "How close it is to your ideal provider"},
		{"sat4", "对其服务的满意程度", "Satisfaction with its services"},
		{"loy1", "再次选择它的可能性", "Would you choose it again"},
		{"loy2", "向亲友推荐它的可能性", "Would you recommend it to friends"},
		{"loy3", "价格上涨时仍留下的可能性", "Would you stay if prices went up"},
		{"loy4", "对它的信任和忠诚", "Your trust in and loyalty to it"},
	};
	static const char *const lv[][3] = {{"imag", "企业形象", "Image"}, {"expe", "客户期望", "Expectation"},
	                                    {"qual", "感知质量", "Perceived quality"}, {"val", "感知价值", "Perceived value"},
	                                    {"sat", "客户满意", "Satisfaction"}, {"loy", "客户忠诚", "Loyalty"}};
	static const char *const paths[][2] = {{"imag", "expe"}, {"imag", "sat"}, {"imag", "loy"}, {"expe", "qual"},
	                                       {"expe", "val"}, {"expe", "sat"}, {"qual", "val"}, {"qual", "sat"},
	                                       {"val", "sat"}, {"sat", "loy"}};
	b->def->title = pick(b, "ECSI 客户满意度指数问卷", "ECSI customer satisfaction index questionnaire");
	b->def->description = pick(b, "请用 0（很低）到 10（很高）评价下列各项。", "Rate each item from 0 (very low) to 10 (very high).");
	b->def->schedule_months = 12;
	for (size_t l = 0; l < 6; l++) {
		section(b, lv[l][1], lv[l][2], 0);
		for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
			size_t n = strlen(lv[l][0]);
			if (strncmp(items[i][0], lv[l][0], n) != 0 || items[i][0][n] < '0' || items[i][0][n] > '9')
				continue;
			struct survey_question *q = question(b, items[i][0], SURVEY_Q_LIKERT, items[i][1], items[i][2], 1);
			q->scale_min = 0;   /* the ECSI data answer 0–10 */
			q->scale_max = 10;
			q->block = lv[l][0];
		}
	}
	b->def->npaths = sizeof paths / sizeof *paths;
	b->def->paths = gx_arena_calloc(b->a, b->def->npaths, sizeof *b->def->paths);
	for (size_t p = 0; p < b->def->npaths; p++) {
		b->def->paths[p].from = paths[p][0];
		b->def->paths[p].to = paths[p][1];
	}
}

enum gx_err survey_template_build(const char *name, enum gx_lang lang, struct gx_arena *a,
                                  struct survey_def *def, struct gx_error *err)
{
	memset(def, 0, sizeof *def);
	struct builder b = {def, a, lang, 0, 0};
	def->sections = gx_arena_calloc(a, 8, sizeof *def->sections);
	def->questions = gx_arena_calloc(a, 40, sizeof *def->questions);
	def->randomize = 1;
	if (name && strcmp(name, "supermarket17") == 0)
		build_supermarket(&b);
	else if (name && strcmp(name, "servqual22") == 0)
		build_servqual(&b);
	else if (name && strcmp(name, "kano") == 0)
		build_kano(&b);
	else if (name && strcmp(name, "ecsi") == 0)
		build_ecsi(&b);
	else
		return gx_error_set(err, GX_EINVAL, "template",
		                    _("unknown survey template \"%s\" (supermarket17, servqual22, kano, ecsi)"),
		                    name ? name : "");
	def->template_name = gx_arena_strdup(a, name);
	return GX_OK;
}
