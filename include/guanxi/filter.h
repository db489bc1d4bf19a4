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

/* A filterable value that is not a column of the entity's own table: a score, a tag, a club
 * membership, a points balance. Tables of these live in store/ (the SQL is a constant of the
 * code, never input, correlated on the entity's table by its name); app/ and the parser only
 * see names, types and allowed values. */
enum filter_ext_type { FILTER_EXT_INT, FILTER_EXT_REAL, FILTER_EXT_TEXT };

struct filter_ext_field {
	const char *name;              /* as written in a filter; NULL ends a table */
	enum filter_ext_type type;
	const char *expr;              /* SQL of the value */
	/* NULL for a single value per row. Otherwise a many-valued field ("FROM … WHERE <link to
	 * the row>"): a condition holds when some related row's expr satisfies it; "ne" holds when
	 * none equals the value, "isnull" when there is no related row. */
	const char *exists_from;
	const char *const *choices;    /* FILTER_EXT_TEXT: allowed values for eq/ne/in, or NULL */
};

struct filter_node {
	enum filter_op op;
	const struct filter_ext_field *ext; /* conditions on an extension field (field is NULL) */
	struct filter_node *left, *right;   /* AND/OR: both; NOT: left */
	const struct field_def *field;      /* conditions */
	int field_index;
	struct filter_value *values;        /* EQ…STARTSWITH: 1; BETWEEN: 2; IN: n */
	int nvalues;
};

/* Parses text against def's fields (hidden and virtual fields are not filterable; "id" is);
 * customer filters also take the extension fields of guanxi/marketing_store.h (scores, tag,
 * club, campaign, points_balance).
 * Errors are GX_EINVAL with the 1-based character position of the bad token. */
enum gx_err filter_parse(const char *text, const struct entity_def *def, struct gx_arena *a,
                         struct filter_node **out, struct gx_error *err);

/* The same, with extension fields (ext ends with a NULL name; may be NULL) that are looked up
 * before the entity's own fields. */
enum gx_err filter_parse_ext(const char *text, const struct entity_def *def,
                             const struct filter_ext_field *ext, struct gx_arena *a,
                             struct filter_node **out, struct gx_error *err);

/* AND of two trees (either may be NULL). */
struct filter_node *filter_and(struct gx_arena *a, struct filter_node *l, struct filter_node *r);
/* A single condition built in code, e.g. filter_cond_int(a, def, "owner_id", FILTER_EQ, 3). */
struct filter_node *filter_cond_int(struct gx_arena *a, const struct entity_def *def,
                                    const char *field, enum filter_op op, int64_t v);
/* field IN (v[0], …, v[n-1]); n >= 1. */
struct filter_node *filter_cond_int_in(struct gx_arena *a, const struct entity_def *def,
                                       const char *field, const int64_t *v, size_t n);
struct filter_node *filter_cond_text(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, enum filter_op op, const char *v);
struct filter_node *filter_cond_null(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, int is_null);

#endif
