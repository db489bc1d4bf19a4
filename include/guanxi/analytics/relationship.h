/* Relationship types, MODELS.md §3 M14: Kotler's five relationship levels chosen from the
 * margin and the number of customers (seed001's 3 × 3 matrix), the four-level gap report
 * (what the customer expects and perceives, what the firm designed and implemented, all on
 * Kotler's scale), and Berry & Parasuraman's relationship-marketing levels (financial, social,
 * structural) that customers and campaigns are tagged with. */
#ifndef GUANXI_ANALYTICS_RELATIONSHIP_H
#define GUANXI_ANALYTICS_RELATIONSHIP_H

#include "guanxi/error.h"
#include "guanxi/i18n.h"

enum gx_relation_margin { GX_RELATION_MARGIN_LOW = 0, GX_RELATION_MARGIN_MEDIUM,
	                  GX_RELATION_MARGIN_HIGH };
/* Fewer customers score higher: a firm with few customers can afford closer ties. */
enum gx_relation_customers { GX_RELATION_CUSTOMERS_MANY = 0, GX_RELATION_CUSTOMERS_MEDIUM,
	                     GX_RELATION_CUSTOMERS_FEW };

/* Kotler's scale, index = margin level + fewness level. */
enum gx_relation_type {
	GX_RELATION_BASIC = 0,      /* 基本型: no contact after the sale */
	GX_RELATION_REACTIVE,       /* 被动型: the customer is invited to report problems */
	GX_RELATION_ACCOUNTABLE,    /* 负责型: the firm calls back after the sale and uses the answers */
	GX_RELATION_PROACTIVE,      /* 主动型: regular contact initiated by the firm */
	GX_RELATION_PARTNERSHIP,    /* 伙伴型: continuous joint work to serve the customer */
	GX_RELATION_TYPES
};

/* Type of one cell of the matrix; levels out of range: GX_EINVAL. */
enum gx_err gx_relation_kotler_type(enum gx_relation_margin margin,
                                    enum gx_relation_customers customers,
                                    enum gx_relation_type *out, struct gx_error *err);
const char *gx_relation_type_label(enum gx_relation_type t, enum gx_lang lang);
/* What the firm does at that level (seed001's characteristics, in our words). */
const char *gx_relation_type_description(enum gx_relation_type t, enum gx_lang lang);

/* The four levels of one relationship, each a type on Kotler's scale. */
struct gx_relation_levels {
	enum gx_relation_type customer_expected;
	enum gx_relation_type customer_perceived;
	enum gx_relation_type firm_implemented;
	enum gx_relation_type firm_designed;
};

/* Gaps in scale steps; positive means the later level is higher (more relationship). */
struct gx_relation_gaps {
	int design;        /* designed − expected: did the firm plan what customers want? */
	int delivery;      /* implemented − designed: did the firm do what it planned? */
	int perception;    /* perceived − implemented: do customers notice what is done? */
	int customer;      /* perceived − expected: the gap the customer feels (sum of the three) */
};

enum gx_err gx_relation_gap_report(const struct gx_relation_levels *in,
                                   struct gx_relation_gaps *out, struct gx_error *err);

/* Relationship-marketing level (Berry & Parasuraman), stored per customer and on campaigns. */
enum gx_relation_rm_level {
	GX_RELATION_RM_FINANCIAL = 1,   /* 一级: price incentives, financial benefits */
	GX_RELATION_RM_SOCIAL = 2,      /* 二级: social bonds on top of financial ones */
	GX_RELATION_RM_STRUCTURAL = 3   /* 三级: structural ties (systems, shared processes) */
};

/* GX_EINVAL unless level is 1, 2 or 3. */
enum gx_err gx_relation_rm_level_check(int level, struct gx_error *err);
const char *gx_relation_rm_level_label(enum gx_relation_rm_level l, enum gx_lang lang);
const char *gx_relation_rm_level_description(enum gx_relation_rm_level l, enum gx_lang lang);

#endif
