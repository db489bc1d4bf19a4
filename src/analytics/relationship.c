/* Kotler relationship types, the four-level gap report and relationship-marketing levels of
 * MODELS.md M14 (see guanxi/analytics/relationship.h). The matrix is read as a sum of two
 * ordinal scores, which reproduces all nine cells of seed001's table. */
#include "guanxi/analytics/relationship.h"

enum gx_err gx_relation_kotler_type(enum gx_relation_margin margin,
                                    enum gx_relation_customers customers,
                                    enum gx_relation_type *out, struct gx_error *err)
{
	if ((unsigned)margin > GX_RELATION_MARGIN_HIGH)
		return gx_error_set(err, GX_EINVAL, "margin",
		                    _("margin level must be low, medium or high (got %d)"), (int)margin);
	if ((unsigned)customers > GX_RELATION_CUSTOMERS_FEW)
		return gx_error_set(err, GX_EINVAL, "customers",
		                    _("customer count level must be many, medium or few (got %d)"),
		                    (int)customers);
	*out = (enum gx_relation_type)((int)margin + (int)customers);
	return GX_OK;
}

const char *gx_relation_type_label(enum gx_relation_type t, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "basic", "基本型" }, { "reactive", "被动型" }, { "accountable", "负责型" },
		{ "proactive", "主动型" }, { "partnership", "伙伴型" },
	};
	return (unsigned)t < GX_RELATION_TYPES ? l[t][lang == GX_LANG_ZH] : NULL;
}

const char *gx_relation_type_description(enum gx_relation_type t, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "sells the product and has no further contact", "售出产品后不再与客户联系" },
		{ "sells and invites the customer to call with problems or complaints",
		  "销售时鼓励客户在不满意时主动反映" },
		{ "calls the customer soon after the sale and uses the feedback to improve",
		  "售后不久回访客户,并把反馈用于改进产品或服务" },
		{ "keeps in touch regularly with suggestions and news", "经常主动与客户沟通,提供建议和信息" },
		{ "works with the customer continuously to serve them better", "与客户持续合作,尽可能满足其要求" },
	};
	return (unsigned)t < GX_RELATION_TYPES ? l[t][lang == GX_LANG_ZH] : NULL;
}

enum gx_err gx_relation_gap_report(const struct gx_relation_levels *in,
                                   struct gx_relation_gaps *out, struct gx_error *err)
{
	const struct {
		const char *name;
		enum gx_relation_type v;
	} lv[] = {
		{ "customer_expected", in->customer_expected },
		{ "customer_perceived", in->customer_perceived },
		{ "firm_implemented", in->firm_implemented },
		{ "firm_designed", in->firm_designed },
	};
	for (int i = 0; i < 4; i++)
		if ((unsigned)lv[i].v >= GX_RELATION_TYPES)
			return gx_error_set(err, GX_EINVAL, lv[i].name,
			                    _("%s must be a relationship type 0..4 (basic … partnership), "
			                      "got %d"), lv[i].name, (int)lv[i].v);
	out->design = (int)in->firm_designed - (int)in->customer_expected;
	out->delivery = (int)in->firm_implemented - (int)in->firm_designed;
	out->perception = (int)in->customer_perceived - (int)in->firm_implemented;
	out->customer = (int)in->customer_perceived - (int)in->customer_expected;
	return GX_OK;
}

enum gx_err gx_relation_rm_level_check(int level, struct gx_error *err)
{
	if (level < GX_RELATION_RM_FINANCIAL || level > GX_RELATION_RM_STRUCTURAL)
		return gx_error_set(err, GX_EINVAL, "rm_level",
		                    _("relationship-marketing level must be 1 (financial), 2 (social) "
		                      "or 3 (structural), got %d"), level);
	return GX_OK;
}

const char *gx_relation_rm_level_label(enum gx_relation_rm_level l, enum gx_lang lang)
{
	static const char *const t[][2] = {
		{ "level 1: financial", "一级关系营销:财务层次" },
		{ "level 2: social", "二级关系营销:社交层次" },
		{ "level 3: structural", "三级关系营销:结构层次" },
	};
	return l >= 1 && l <= 3 ? t[l - 1][lang == GX_LANG_ZH] : NULL;
}

const char *gx_relation_rm_level_description(enum gx_relation_rm_level l, enum gx_lang lang)
{
	static const char *const t[][2] = {
		{ "ties the customer through price incentives and other financial benefits; easy for "
		  "competitors to copy", "以价格优惠等财务利益维系客户,竞争者容易模仿" },
		{ "adds personal, social bonds (knowing the customer, staying in touch) on top of the "
		  "financial benefits", "在财务利益之外建立个人化的社交联系(了解客户、保持联络),社交利益优先" },
		{ "adds structural ties such as shared systems or tailored services that make leaving "
		  "costly", "在财务和社交利益之上建立结构性联系(如共享系统、定制服务),使客户不易离开" },
	};
	return l >= 1 && l <= 3 ? t[l - 1][lang == GX_LANG_ZH] : NULL;
}
