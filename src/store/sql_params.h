/* SQL text plus its parameters, built together so that values never enter the text. */
#ifndef GX_STORE_SQL_PARAMS_H
#define GX_STORE_SQL_PARAMS_H

#include <stdint.h>

#include "guanxi/filter.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"

struct sql_param {
	char type;          /* 'i' int64, 'd' double, 't' text, 'n' null */
	int64_t i;
	double d;
	const char *s;
};

struct sql_build {
	struct strbuf sql;
	struct gx_arena arena;   /* copies of text parameters */
	struct sql_param params[256];
	int nparams;
	int overflow;       /* too many parameters: the query is refused */
};

void sqlb_init(struct sql_build *b);
void sqlb_free(struct sql_build *b);
void sqlb_param_i64(struct sql_build *b, int64_t v);
void sqlb_param_double(struct sql_build *b, double v);
void sqlb_param_text(struct sql_build *b, const char *s);   /* copies s */
/* Binds every parameter to a prepared statement of this SQL. */
void sqlb_bind(struct store *s, struct sql_build *b, struct db_stmt *st);
/* A multi-row INSERT's text into out: head, then rows copies of tuple separated by ", ". out
 * must hold strlen(head) + rows * (strlen(tuple) + 2) + 1 bytes. */
void sql_multirow_text(char *out, const char *head, const char *tuple, size_t rows);

/* Renders a filter tree as a boolean SQL expression over the entity's columns. */
enum gx_err sql_render_filter(struct store *s, const struct filter_node *n, struct sql_build *b,
                              struct gx_error *err);

#endif
