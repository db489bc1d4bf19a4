/* Rendering of filter trees (guanxi/filter.h) to parameterised SQL. Column names come from
 * the entity's field table, never from the input; every value is a parameter. Text matching
 * with contains/startswith folds case and width on both sides through gx_fold(), a function
 * each backend provides. */
#include <string.h>

#include "guanxi/i18n.h"
#include "store/sql_params.h"

void sqlb_init(struct sql_build *b)
{
	sb_init(&b->sql);
	gx_arena_init(&b->arena, 4096);
	b->nparams = 0;
	b->overflow = 0;
}

void sqlb_free(struct sql_build *b)
{
	sb_free(&b->sql);
	gx_arena_free(&b->arena);
}

static struct sql_param *next_param(struct sql_build *b)
{
	if (b->nparams >= (int)(sizeof b->params / sizeof *b->params)) {
		b->overflow = 1;
		return NULL;
	}
	sb_addc(&b->sql, '?');
	return &b->params[b->nparams++];
}

void sqlb_param_i64(struct sql_build *b, int64_t v)
{
	struct sql_param *p = next_param(b);
	if (p)
		*p = (struct sql_param){.type = 'i', .i = v};
}

void sqlb_param_double(struct sql_build *b, double v)
{
	struct sql_param *p = next_param(b);
	if (p)
		*p = (struct sql_param){.type = 'd', .d = v};
}

void sqlb_param_text(struct sql_build *b, const char *s)
{
	struct sql_param *p = next_param(b);
	if (p)
		*p = (struct sql_param){.type = s ? 't' : 'n', .s = s ? gx_arena_strdup(&b->arena, s) : NULL};
}

void sqlb_bind(struct store *s, struct sql_build *b, struct db_stmt *st)
{
	for (int i = 0; i < b->nparams; i++) {
		struct sql_param *p = &b->params[i];
		switch (p->type) {
		case 'i': s->drv->bind_i64(st, i + 1, p->i); break;
		case 'd': s->drv->bind_double(st, i + 1, p->d); break;
		case 't': s->drv->bind_text(st, i + 1, p->s); break;
		default: s->drv->bind_null(st, i + 1); break;
		}
	}
}

static int field_is_integer(const struct field_def *f)
{
	return f->type == FT_INT || f->type == FT_BOOL || f->type == FT_FEN || f->type == FT_REF;
}

static enum gx_err ext_value_param(const struct filter_node *n, const struct filter_value *v,
                                   struct sql_build *b, struct gx_error *err)
{
	const struct filter_ext_field *x = n->ext;
	switch (x->type) {
	case FILTER_EXT_INT:
		if (v->kind == FV_STRING || (v->kind == FV_NUMBER && !v->is_integer))
			return gx_error_set(err, GX_EINVAL, x->name, _("field %s needs an integer value"), x->name);
		sqlb_param_i64(b, v->i);
		return GX_OK;
	case FILTER_EXT_REAL:
		if (v->kind != FV_NUMBER)
			return gx_error_set(err, GX_EINVAL, x->name, _("field %s needs a number"), x->name);
		sqlb_param_double(b, v->num);
		return GX_OK;
	case FILTER_EXT_TEXT:
		break;
	}
	if (v->kind != FV_STRING)
		return gx_error_set(err, GX_EINVAL, x->name, _("field %s needs a quoted text value"), x->name);
	if (x->choices && (n->op == FILTER_EQ || n->op == FILTER_NE || n->op == FILTER_IN)) {
		int ok = 0;
		for (const char *const *c = x->choices; *c && !ok; c++)
			ok = strcmp(*c, v->s) == 0;
		if (!ok)
			return gx_error_set(err, GX_EINVAL, x->name, _("field %s has no value \"%s\""), x->name,
			                    v->s);
	}
	sqlb_param_text(b, v->s);
	return GX_OK;
}

static enum gx_err value_param(const struct filter_node *n, const struct filter_value *v,
                               struct sql_build *b, struct gx_error *err)
{
	if (n->ext)
		return ext_value_param(n, v, b, err);
	const struct field_def *f = n->field;
	if (!f || field_is_integer(f)) {
		if (v->kind == FV_STRING || (v->kind == FV_NUMBER && !v->is_integer))
			return gx_error_set(err, GX_EINVAL, f ? f->name : "id",
			                    _("field %s needs an integer value"), f ? f->name : "id");
		sqlb_param_i64(b, v->i);
		return GX_OK;
	}
	if (v->kind != FV_STRING)
		return gx_error_set(err, GX_EINVAL, f->name, _("field %s needs a quoted text value"),
		                    f->name);
	sqlb_param_text(b, v->s);
	return GX_OK;
}

static void column(const struct filter_node *n, struct sql_build *b)
{
	sb_add(&b->sql, n->ext ? n->ext->expr : n->field ? n->field->name : "id");
}

static int is_text_node(const struct filter_node *n)
{
	if (n->ext)
		return n->ext->type == FILTER_EXT_TEXT;
	return !n->field || !field_is_integer(n->field);
}

static enum gx_err render(struct store *s, const struct filter_node *n, struct sql_build *b,
                          struct gx_arena *a, struct gx_error *err);

/* A condition on a many-valued extension field: EXISTS over the related rows. "ne" is "no
 * related row equals", isnull/notnull ask whether there is any related row at all. */
static enum gx_err render_exists(struct store *s, const struct filter_node *n, struct sql_build *b,
                                 struct gx_arena *a, struct gx_error *err)
{
	const struct filter_ext_field *x = n->ext;
	int negate = n->op == FILTER_NE || n->op == FILTER_ISNULL;
	sb_add(&b->sql, negate ? "NOT EXISTS (SELECT 1 " : "EXISTS (SELECT 1 ");
	sb_add(&b->sql, x->exists_from);
	if (n->op == FILTER_ISNULL || n->op == FILTER_NOTNULL) {
		sb_addc(&b->sql, ')');
		return GX_OK;
	}
	sb_add(&b->sql, " AND ");
	struct filter_node inner = *n;
	inner.ext = &(struct filter_ext_field){x->name, x->type, x->expr, NULL, x->choices};
	if (inner.op == FILTER_NE)
		inner.op = FILTER_EQ;
	enum gx_err e = render(s, &inner, b, a, err);
	sb_addc(&b->sql, ')');
	return e;
}

/* LIKE patterns: the value is escaped so that % and _ in user input match literally. */
static const char *like_escape(struct gx_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = gx_arena_alloc(a, 2 * n + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static enum gx_err render(struct store *s, const struct filter_node *n, struct sql_build *b,
                          struct gx_arena *a, struct gx_error *err)
{
	static const char *const cmp[] = {
		[FILTER_EQ] = " = ", [FILTER_NE] = " <> ", [FILTER_LT] = " < ",
		[FILTER_LE] = " <= ", [FILTER_GT] = " > ", [FILTER_GE] = " >= ",
	};
	enum gx_err e = GX_OK;
	if (n->ext && n->ext->exists_from && n->op != FILTER_AND && n->op != FILTER_OR &&
	    n->op != FILTER_NOT)
		return render_exists(s, n, b, a, err);
	switch (n->op) {
	case FILTER_AND:
	case FILTER_OR:
		sb_addc(&b->sql, '(');
		if ((e = render(s, n->left, b, a, err)) != GX_OK)
			return e;
		sb_add(&b->sql, n->op == FILTER_AND ? " AND " : " OR ");
		if ((e = render(s, n->right, b, a, err)) != GX_OK)
			return e;
		sb_addc(&b->sql, ')');
		return GX_OK;
	case FILTER_NOT:
		sb_add(&b->sql, "NOT (");
		if ((e = render(s, n->left, b, a, err)) != GX_OK)
			return e;
		sb_addc(&b->sql, ')');
		return GX_OK;
	case FILTER_EQ: case FILTER_NE: case FILTER_LT: case FILTER_LE: case FILTER_GT: case FILTER_GE:
		column(n, b);
		sb_add(&b->sql, cmp[n->op]);
		return value_param(n, &n->values[0], b, err);
	case FILTER_CONTAINS:
	case FILTER_STARTSWITH: {
		const char *fname = n->ext ? n->ext->name : n->field ? n->field->name : "id";
		if (!is_text_node(n))
			return gx_error_set(err, GX_EINVAL, fname,
			                    _("contains and startswith need a text field; %s is not one"), fname);
		if (n->values[0].kind != FV_STRING)
			return gx_error_set(err, GX_EINVAL, fname, "%s",
			                    _("contains and startswith need a quoted text value"));
		sb_add(&b->sql, "gx_fold(");
		column(n, b);
		sb_add(&b->sql, ") LIKE ");
		const char *pat = gx_arena_printf(a, "%s%s%%", n->op == FILTER_CONTAINS ? "%" : "",
		                                  like_escape(a, n->values[0].s));
		sb_add(&b->sql, "gx_fold(");
		sqlb_param_text(b, pat);
		sb_add(&b->sql, ") ESCAPE '\\'");
		return GX_OK;
	}
	case FILTER_IN:
		column(n, b);
		sb_add(&b->sql, " IN (");
		for (int i = 0; i < n->nvalues; i++) {
			if (i)
				sb_add(&b->sql, ", ");
			if ((e = value_param(n, &n->values[i], b, err)) != GX_OK)
				return e;
		}
		sb_addc(&b->sql, ')');
		return GX_OK;
	case FILTER_BETWEEN:
		column(n, b);
		sb_add(&b->sql, " BETWEEN ");
		if ((e = value_param(n, &n->values[0], b, err)) != GX_OK)
			return e;
		sb_add(&b->sql, " AND ");
		return value_param(n, &n->values[1], b, err);
	case FILTER_ISNULL:
	case FILTER_NOTNULL:
		column(n, b);
		sb_add(&b->sql, n->op == FILTER_ISNULL ? " IS NULL" : " IS NOT NULL");
		return GX_OK;
	}
	return gx_error_set(err, GX_EINTERNAL, NULL, "unknown filter operator");
}

enum gx_err sql_render_filter(struct store *s, const struct filter_node *n, struct sql_build *b,
                              struct gx_error *err)
{
	enum gx_err e = render(s, n, b, &b->arena, err);
	if (e == GX_OK && b->overflow)
		e = gx_error_set(err, GX_EINVAL, "filter", "%s", _("the filter has too many values"));
	return e;
}

void sql_multirow_text(char *out, const char *head, const char *tuple, size_t rows)
{
	size_t hl = strlen(head), tl = strlen(tuple), len = hl;
	memcpy(out, head, hl);
	for (size_t i = 0; i < rows; i++) {
		if (i) {
			out[len++] = ',';
			out[len++] = ' ';
		}
		memcpy(out + len, tuple, tl);
		len += tl;
	}
	out[len] = '\0';
}
