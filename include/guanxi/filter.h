/* Filter expressions (DECISIONS.md "Filters"): parsed once in app/ from the text form
 *   owner_id eq 3 and (city eq '上海' or name contains '科技') and not birthday isnull
 * into this AST, checked against an entity's field whitelist, and rendered by each store
 * backend to parameterised SQL. */
#ifndef GUANXI_FILTER_H
#define GUANXI_FILTER_H

#include "guanxi/arena.h"
#include "guanxi/entity.h"
#include "guanxi/error.h"

enum filter_op {
	FILTER_AND, FILTER_OR, FILTER_NOT,
	FILTER_EQ, FILTER_NE, FILTER_LT, FILTER_LE, FILTER_GT, FILTER_GE,
	FILTER_CONTAINS, FILTER_STARTSWITH, FILTER_IN, FILTER_BETWEEN,
	FILTER_ISNULL, FILTER_NOTNULL
};

enum filter_value_kind { FV_STRING, FV_NUMBER, FV_BOOL };

struct filter_value {
	enum filter_value_kind kind;
	const char *s;       /* FV_STRING */
	double num;          /* FV_NUMBER */
	int is_integer;      /* FV_NUMBER written without fraction or exponent */
	int64_t i;           /* integer value of a number, or 0/1 for FV_BOOL */
};

struct filter_node {
	enum filter_op op;
	struct filter_node *left, *right;   /* AND/OR: both; NOT: left */
	const struct field_def *field;      /* conditions */
	int field_index;
	struct filter_value *values;        /* EQ…STARTSWITH: 1; BETWEEN: 2; IN: n */
	int nvalues;
};

/* Parses text against def's fields (hidden and virtual fields are not filterable; "id" is).
 * Errors are GX_EINVAL with the 1-based character position of the bad token. */
enum gx_err filter_parse(const char *text, const struct entity_def *def, struct gx_arena *a,
                         struct filter_node **out, struct gx_error *err);

/* AND of two trees (either may be NULL). */
struct filter_node *filter_and(struct gx_arena *a, struct filter_node *l, struct filter_node *r);
/* A single condition built in code, e.g. filter_cond_int(a, def, "owner_id", FILTER_EQ, 3). */
struct filter_node *filter_cond_int(struct gx_arena *a, const struct entity_def *def,
                                    const char *field, enum filter_op op, int64_t v);
struct filter_node *filter_cond_text(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, enum filter_op op, const char *v);
struct filter_node *filter_cond_null(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, int is_null);

#endif
