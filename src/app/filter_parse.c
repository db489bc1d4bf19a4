/* The filter language of DECISIONS.md, parsed by recursive descent into guanxi/filter.h trees:
 *   expr := and ("or" and)*      and := unary ("and" unary)*
 *   unary := "not" unary | "(" expr ")" | cond
 *   cond := field cmp value | field "in" "(" value ("," value)* ")"
 *         | field "between" "(" value "," value ")" | field "isnull" | field "notnull"
 * Fields are checked against the entity's table here, so the store only sees known columns. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/filter.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing_store.h"

enum tok_kind { TOK_END, TOK_WORD, TOK_STRING, TOK_NUMBER, TOK_LPAREN, TOK_RPAREN, TOK_COMMA, TOK_BAD };

struct parser {
	const char *text;
	size_t pos;             /* byte offset of the next token */
	enum tok_kind kind;
	size_t start;           /* byte offset of the current token */
	char *value;            /* word, string (unescaped) or number text */
	const struct entity_def *def;
	const struct filter_ext_field *ext;
	struct gx_arena *a;
	struct gx_error *err;
	int depth;
};

enum { MAX_DEPTH = 64, MAX_IN_VALUES = 200, MAX_FILTER_LEN = 8192 };

static size_t char_pos(const struct parser *p, size_t byte)
{
	/* 1-based character position, counting UTF-8 code points. */
	size_t n = 1;
	for (size_t i = 0; i < byte && p->text[i]; i++)
		if (((unsigned char)p->text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static enum gx_err fail(struct parser *p, const char *msg)
{
	return gx_error_set(p->err, GX_EINVAL, "filter", _("filter: %s at position %zu"), msg,
	                    char_pos(p, p->start));
}

static void next(struct parser *p)
{
	const char *t = p->text;
	while (t[p->pos] == ' ' || t[p->pos] == '\t' || t[p->pos] == '\n' || t[p->pos] == '\r')
		p->pos++;
	p->start = p->pos;
	p->value = NULL;
	char c = t[p->pos];
	if (c == '\0') {
		p->kind = TOK_END;
	} else if (c == '(' || c == ')' || c == ',') {
		p->kind = c == '(' ? TOK_LPAREN : c == ')' ? TOK_RPAREN : TOK_COMMA;
		p->pos++;
	} else if (c == '\'') {
		/* 'text' with '' for a quote inside */
		size_t i = p->pos + 1, n = 0;
		char *buf = gx_arena_alloc(p->a, strlen(t + p->pos) + 1);
		for (;;) {
			if (t[i] == '\0') {
				p->kind = TOK_BAD;
				return;
			}
			if (t[i] == '\'') {
				if (t[i + 1] == '\'') {
					buf[n++] = '\'';
					i += 2;
					continue;
				}
				i++;
				break;
			}
			buf[n++] = t[i++];
		}
		buf[n] = '\0';
		p->value = buf;
		p->kind = TOK_STRING;
		p->pos = i;
	} else if (isdigit((unsigned char)c) || c == '-' || c == '+' || c == '.') {
		size_t i = p->pos + 1;
		while (isalnum((unsigned char)t[i]) || t[i] == '.' || ((t[i] == '-' || t[i] == '+') &&
		                                                        (t[i - 1] == 'e' || t[i - 1] == 'E')))
			i++;
		p->value = gx_arena_strndup(p->a, t + p->pos, i - p->pos);
		p->kind = TOK_NUMBER;
		p->pos = i;
	} else if (islower((unsigned char)c) || isupper((unsigned char)c) || c == '_') {
		size_t i = p->pos + 1;
		while (isalnum((unsigned char)t[i]) || t[i] == '_' || t[i] == '.')
			i++;
		p->value = gx_arena_strndup(p->a, t + p->pos, i - p->pos);
		p->kind = TOK_WORD;
		p->pos = i;
	} else {
		p->kind = TOK_BAD;
	}
}

static int is_word(const struct parser *p, const char *w)
{
	return p->kind == TOK_WORD && strcasecmp(p->value, w) == 0;
}

static struct filter_node *node(struct parser *p, enum filter_op op)
{
	struct filter_node *n = gx_arena_calloc(p->a, 1, sizeof *n);
	n->op = op;
	n->field_index = -1;
	return n;
}

static enum gx_err parse_value(struct parser *p, struct filter_value *v)
{
	memset(v, 0, sizeof *v);
	if (p->kind == TOK_STRING) {
		v->kind = FV_STRING;
		v->s = p->value;
	} else if (p->kind == TOK_NUMBER) {
		char *end;
		errno = 0;
		v->kind = FV_NUMBER;
		v->num = strtod(p->value, &end);
		if (*end || errno || !isfinite(v->num))
			return fail(p, _("bad number"));
		long long i = strtoll(p->value, &end, 10);
		v->is_integer = *end == '\0' && errno == 0;
		/* A fraction or a number beyond int64 is kept as a double only (converting it would be
		 * undefined); integer fields then refuse it. */
		v->i = v->is_integer ? i : (fabs(v->num) < 9.2e18 ? (int64_t)v->num : 0);
		errno = 0;
	} else if (is_word(p, "true") || is_word(p, "false")) {
		v->kind = FV_BOOL;
		v->i = is_word(p, "true");
		v->num = (double)v->i;
		v->is_integer = 1;
	} else {
		return fail(p, _("expected a value ('text', a number, true or false)"));
	}
	next(p);
	return GX_OK;
}

static enum gx_err expect(struct parser *p, enum tok_kind k, const char *what)
{
	if (p->kind != k)
		return fail(p, what);
	next(p);
	return GX_OK;
}

static enum gx_err parse_expr(struct parser *p, struct filter_node **out);

static enum gx_err parse_cond(struct parser *p, struct filter_node **out)
{
	if (p->kind != TOK_WORD)
		return fail(p, _("expected a field name"));
	const struct field_def *f = NULL;
	const struct filter_ext_field *x = NULL;
	int index = -1;
	for (const struct filter_ext_field *e = p->ext; e && e->name && !x; e++)
		if (strcmp(e->name, p->value) == 0)
			x = e;
	if (!x && strcmp(p->value, "id") != 0) {
		index = entity_field_index(p->def, p->value);
		if (index >= 0)
			f = &p->def->fields[index];
		if (!f || (f->flags & (FF_HIDDEN | FF_VIRTUAL)))
			return gx_error_set(p->err, GX_EINVAL, "filter",
			                    _("filter: unknown field \"%s\" at position %zu"), p->value,
			                    char_pos(p, p->start));
	}
	next(p);
	static const struct { const char *w; enum filter_op op; } ops[] = {
		{"eq", FILTER_EQ}, {"ne", FILTER_NE}, {"lt", FILTER_LT}, {"le", FILTER_LE},
		{"gt", FILTER_GT}, {"ge", FILTER_GE}, {"contains", FILTER_CONTAINS},
		{"startswith", FILTER_STARTSWITH}, {"in", FILTER_IN}, {"between", FILTER_BETWEEN},
		{"isnull", FILTER_ISNULL}, {"notnull", FILTER_NOTNULL},
	};
	int op = -1;
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (is_word(p, ops[i].w))
			op = (int)ops[i].op;
	if (op < 0)
		return fail(p, _("expected an operator (eq, ne, lt, le, gt, ge, contains, startswith, in, between, isnull, notnull)"));
	next(p);
	struct filter_node *n = node(p, (enum filter_op)op);
	n->field = f;
	n->field_index = index;
	n->ext = x;
	enum gx_err e = GX_OK;
	if (op == FILTER_ISNULL || op == FILTER_NOTNULL) {
		/* no value */
	} else if (op == FILTER_IN || op == FILTER_BETWEEN) {
		if ((e = expect(p, TOK_LPAREN, _("expected \"(\""))) != GX_OK)
			return e;
		int cap = op == FILTER_BETWEEN ? 2 : MAX_IN_VALUES;
		n->values = gx_arena_calloc(p->a, (size_t)cap, sizeof *n->values);
		for (;;) {
			if (n->nvalues == cap)
				return fail(p, op == FILTER_BETWEEN ? _("between takes exactly two values")
				                                    : _("too many values in the list"));
			if ((e = parse_value(p, &n->values[n->nvalues++])) != GX_OK)
				return e;
			if (p->kind == TOK_COMMA) {
				next(p);
				continue;
			}
			break;
		}
		if (op == FILTER_BETWEEN && n->nvalues != 2)
			return fail(p, _("between takes exactly two values"));
		if ((e = expect(p, TOK_RPAREN, _("expected \")\""))) != GX_OK)
			return e;
	} else {
		n->values = gx_arena_calloc(p->a, 1, sizeof *n->values);
		n->nvalues = 1;
		if ((e = parse_value(p, &n->values[0])) != GX_OK)
			return e;
	}
	*out = n;
	return GX_OK;
}

static enum gx_err parse_unary(struct parser *p, struct filter_node **out)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, _("too deeply nested"));
	enum gx_err e;
	if (is_word(p, "not")) {
		next(p);
		struct filter_node *n = node(p, FILTER_NOT);
		if ((e = parse_unary(p, &n->left)) != GX_OK)
			return e;
		*out = n;
	} else if (p->kind == TOK_LPAREN) {
		next(p);
		if ((e = parse_expr(p, out)) != GX_OK)
			return e;
		if ((e = expect(p, TOK_RPAREN, _("expected \")\""))) != GX_OK)
			return e;
	} else {
		if ((e = parse_cond(p, out)) != GX_OK)
			return e;
	}
	p->depth--;
	return GX_OK;
}

static enum gx_err parse_and(struct parser *p, struct filter_node **out)
{
	enum gx_err e = parse_unary(p, out);
	while (e == GX_OK && is_word(p, "and")) {
		next(p);
		struct filter_node *n = node(p, FILTER_AND);
		n->left = *out;
		e = parse_unary(p, &n->right);
		*out = n;
	}
	return e;
}

static enum gx_err parse_expr(struct parser *p, struct filter_node **out)
{
	enum gx_err e = parse_and(p, out);
	while (e == GX_OK && is_word(p, "or")) {
		next(p);
		struct filter_node *n = node(p, FILTER_OR);
		n->left = *out;
		e = parse_and(p, &n->right);
		*out = n;
	}
	return e;
}

enum gx_err filter_parse(const char *text, const struct entity_def *def, struct gx_arena *a,
                         struct filter_node **out, struct gx_error *err)
{
	/* Customer filters everywhere (lists, exports, the API) reach the same scores, tags, clubs
	 * and points as saved segments do. */
	const struct filter_ext_field *ext = def == &entity_customer ? store_customer_ext_fields : NULL;
	return filter_parse_ext(text, def, ext, a, out, err);
}

enum gx_err filter_parse_ext(const char *text, const struct entity_def *def,
                             const struct filter_ext_field *ext, struct gx_arena *a,
                             struct filter_node **out, struct gx_error *err)
{
	*out = NULL;
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, "filter", "%s", _("filter: the expression is empty"));
	if (strlen(text) > MAX_FILTER_LEN)
		return gx_error_set(err, GX_ETOOLARGE, "filter", "%s", _("filter: the expression is too long"));
	struct parser p = {.text = text, .def = def, .ext = ext, .a = a, .err = err};
	next(&p);
	enum gx_err e = parse_expr(&p, out);
	if (e == GX_OK && p.kind != TOK_END)
		e = fail(&p, p.kind == TOK_BAD ? _("unexpected character") : _("unexpected text"));
	if (e != GX_OK)
		*out = NULL;
	return e;
}

struct filter_node *filter_and(struct gx_arena *a, struct filter_node *l, struct filter_node *r)
{
	if (!l)
		return r;
	if (!r)
		return l;
	struct filter_node *n = gx_arena_calloc(a, 1, sizeof *n);
	n->op = FILTER_AND;
	n->left = l;
	n->right = r;
	return n;
}

static struct filter_node *cond(struct gx_arena *a, const struct entity_def *def, const char *field,
                                enum filter_op op)
{
	struct filter_node *n = gx_arena_calloc(a, 1, sizeof *n);
	n->op = op;
	n->field_index = strcmp(field, "id") == 0 ? -1 : entity_field_index(def, field);
	n->field = n->field_index >= 0 ? &def->fields[n->field_index] : NULL;
	return n;
}

struct filter_node *filter_cond_int(struct gx_arena *a, const struct entity_def *def,
                                    const char *field, enum filter_op op, int64_t v)
{
	struct filter_node *n = cond(a, def, field, op);
	n->values = gx_arena_calloc(a, 1, sizeof *n->values);
	n->nvalues = 1;
	n->values[0] = (struct filter_value){.kind = FV_NUMBER, .num = (double)v, .is_integer = 1, .i = v};
	return n;
}

struct filter_node *filter_cond_int_in(struct gx_arena *a, const struct entity_def *def,
                                       const char *field, const int64_t *v, size_t n)
{
	struct filter_node *node = cond(a, def, field, FILTER_IN);
	node->values = gx_arena_calloc(a, n, sizeof *node->values);
	node->nvalues = (int)n;
	for (size_t i = 0; i < n; i++)
		node->values[i] = (struct filter_value){.kind = FV_NUMBER, .num = (double)v[i], .is_integer = 1, .i = v[i]};
	return node;
}

struct filter_node *filter_cond_text(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, enum filter_op op, const char *v)
{
	struct filter_node *n = cond(a, def, field, op);
	n->values = gx_arena_calloc(a, 1, sizeof *n->values);
	n->nvalues = 1;
	n->values[0] = (struct filter_value){.kind = FV_STRING, .s = gx_arena_strdup(a, v)};
	return n;
}

struct filter_node *filter_cond_null(struct gx_arena *a, const struct entity_def *def,
                                     const char *field, int is_null)
{
	return cond(a, def, field, is_null ? FILTER_ISNULL : FILTER_NOTNULL);
}
