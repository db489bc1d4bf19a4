/* The target side of a whole-database copy (store/copy_load.h). A copy writes millions of rows
 * in one transaction: on PostgreSQL a statement per row costs a round trip each (the 30,000
 * customer demo took half an hour that way), so rows go through the driver's bulk load (COPY);
 * on SQLite, where a statement costs no round trip, rows are inserted by a prepared INSERT of
 * many rows at once. Secondary indexes (and the GIN search index) are built once after the load
 * instead of being updated row by row, and on PostgreSQL foreign keys are added back after the
 * load, which checks every row in one join instead of one lookup per row. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"
#include "store/copy_load.h"
#include "store/driver.h"

/* SQLite's historic limit on bound values per statement is 999; 64 rows per INSERT already
 * spends most of the time in the B-tree, not in the statement. */
#define MAX_VARS 999
#define MAX_ROWS 64

static void add_insert(struct strbuf *sql, const struct copy_loader *l, size_t rows)
{
	sb_add(sql, "INSERT INTO \"");
	sb_add(sql, l->table);
	sb_add(sql, "\" (");
	for (size_t c = 0; c < l->ncols; c++) {
		sb_add(sql, c ? ", \"" : "\"");
		sb_add(sql, l->cols[c]);
		sb_add(sql, "\"");
	}
	sb_add(sql, ") VALUES ");
	for (size_t r = 0; r < rows; r++) {
		sb_add(sql, r ? ", (" : "(");
		for (size_t c = 0; c < l->ncols; c++)
			sb_add(sql, c ? ", ?" : "?");
		sb_add(sql, ")");
	}
}

enum gx_err copy_loader_open(struct copy_loader *l, struct store *s, const char *table,
                             char *const *cols, size_t ncols, struct gx_error *err)
{
	memset(l, 0, sizeof *l);
	l->s = s;
	l->table = gx_xstrdup(table);
	l->ncols = ncols;
	l->cols = gx_xcalloc(ncols ? ncols : 1, sizeof *l->cols);
	for (size_t c = 0; c < ncols; c++)
		l->cols[c] = gx_xstrdup(cols[c]);
	gx_arena_init(&l->a, 0);
	if (s->drv->bulk_begin) {
		enum gx_err e = s->drv->bulk_begin(s, table, (const char *const *)l->cols, ncols, err);
		l->bulk = e == GX_OK;
		return e;
	}
	l->per = ncols ? MAX_VARS / ncols : 1;
	if (l->per > MAX_ROWS)
		l->per = MAX_ROWS;
	if (l->per < 1)
		l->per = 1;
	l->vals = gx_xcalloc(l->per * (ncols ? ncols : 1), sizeof *l->vals);
	struct strbuf sql;
	sb_init(&sql);
	add_insert(&sql, l, 1);
	enum gx_err e = db_prepare(s, sb_str(&sql), &l->one, err);
	if (e == GX_OK && l->per > 1) {
		sb_reset(&sql);
		add_insert(&sql, l, l->per);
		e = db_prepare(s, sb_str(&sql), &l->many, err);
	}
	sb_free(&sql);
	return e;
}

static enum gx_err run_rows(struct copy_loader *l, struct db_stmt *st, size_t first, size_t rows,
                            struct gx_error *err)
{
	const struct store_driver *d = l->s->drv;
	for (size_t i = 0; i < rows * l->ncols; i++) {
		const char *v = l->vals[first * l->ncols + i];
		if (v)
			d->bind_text(st, (int)i + 1, v);
		else
			d->bind_null(st, (int)i + 1);
	}
	int row;
	enum gx_err e = db_step(l->s, st, &row, err);
	db_reset(l->s, st);
	return e;
}

/* Writes the pending rows: all at once when they fill the multi-row INSERT, else one by one. */
static enum gx_err flush(struct copy_loader *l, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	if (l->pending == l->per && l->many)
		e = run_rows(l, l->many, 0, l->per, err);
	else
		for (size_t r = 0; r < l->pending && e == GX_OK; r++)
			e = run_rows(l, l->one, r, 1, err);
	l->pending = 0;
	gx_arena_reset(&l->a);
	return e;
}

enum gx_err copy_loader_row(struct copy_loader *l, const char *const *vals, struct gx_error *err)
{
	if (l->bulk)
		return l->s->drv->bulk_row(l->s, vals, err);
	char **slot = l->vals + l->pending * l->ncols;
	for (size_t c = 0; c < l->ncols; c++)
		slot[c] = vals[c] ? gx_arena_strdup(&l->a, vals[c]) : NULL;
	return ++l->pending == l->per ? flush(l, err) : GX_OK;
}

enum gx_err copy_loader_close(struct copy_loader *l, enum gx_err e, struct gx_error *err)
{
	if (l->bulk) {
		struct gx_error ignored;
		enum gx_err e2 = l->s->drv->bulk_end(l->s, e != GX_OK, e == GX_OK ? err : &ignored);
		if (e == GX_OK)
			e = e2;
	} else if (e == GX_OK && l->pending) {
		e = flush(l, err);
	}
	for (size_t c = 0; c < l->ncols; c++)
		free(l->cols[c]);
	free(l->cols);
	free(l->table);
	free(l->vals);
	gx_arena_free(&l->a);
	memset(l, 0, sizeof *l);
	return e;
}

static void indexes_free(struct copy_indexes *ix)
{
	db_names_free(ix->drops, ix->n);
	db_names_free(ix->creates, ix->n);
	memset(ix, 0, sizeof *ix);
}

enum gx_err copy_indexes_drop(struct store *s, struct copy_indexes *ix, struct gx_error *err)
{
	memset(ix, 0, sizeof *ix);
	if (!s->drv->bulk_defs)
		return GX_OK;
	enum gx_err e = s->drv->bulk_defs(s, &ix->drops, &ix->creates, &ix->n, err);
	for (size_t i = 0; i < ix->n && e == GX_OK; i++)
		e = db_exec_script(s, ix->drops[i], err);
	if (e != GX_OK)
		indexes_free(ix);
	return e;
}

enum gx_err copy_indexes_build(struct store *s, struct copy_indexes *ix, enum gx_err e,
                               struct gx_error *err)
{
	for (size_t i = 0; i < ix->n && e == GX_OK; i++)
		if ((e = db_exec_script(s, ix->creates[i], err)) != GX_OK)
			gx_error_prefix(err, "%s: ", ix->creates[i]);
	indexes_free(ix);
	return e;
}
