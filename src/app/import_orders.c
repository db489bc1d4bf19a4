/* Importing orders (DECISIONS.md "Import and export"): one row per order line with the order's
 * columns repeated, lines grouped by order_no. The rows of one order are gathered, then the
 * order is saved whole or rejected whole (every one of its rows goes to the rejected file);
 * re-importing an order replaces its lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/order.h"
#include "guanxi/record_store.h"

#include "app/import_internal.h"

struct order_import {
	struct import_run *run;
	/* the rows of the order being gathered */
	struct gx_arena order_arena;
	struct record order;
	struct order_line_input *lines;
	size_t nlines, cap_lines;
	char **pending_cells;     /* copies of the gathered rows, for the rejected file */
	size_t *pending_lines;
	size_t *pending_ncells;
	int order_bad;
	int header_ok;            /* the order's first row's header cells parsed into order */
	struct gx_error order_err;
	size_t order_err_line, order_err_col;
};

static void order_reset(struct order_import *run)
{
	gx_arena_reset(&run->order_arena);
	run->nlines = 0;
	run->cap_lines = 0;
	run->lines = NULL;
	run->pending_cells = NULL;
	run->order_bad = 0;
	run->header_ok = 0;
	record_init(&run->order, &entity_order, &run->order_arena);
}

static void order_keep_row(struct order_import *run, const struct gx_table_row *row)
{
	struct gx_arena *a = &run->order_arena;
	if (run->nlines == run->cap_lines) {
		size_t cap = run->cap_lines ? run->cap_lines * 2 : 8;
		struct order_line_input *lines = gx_arena_calloc(a, cap, sizeof *lines);
		char **cells = gx_arena_calloc(a, cap, sizeof *cells);
		size_t *ln = gx_arena_calloc(a, cap, sizeof *ln), *nc = gx_arena_calloc(a, cap, sizeof *nc);
		if (run->nlines) {
			memcpy(lines, run->lines, run->nlines * sizeof *lines);
			memcpy(cells, run->pending_cells, run->nlines * sizeof *cells);
			memcpy(ln, run->pending_lines, run->nlines * sizeof *ln);
			memcpy(nc, run->pending_ncells, run->nlines * sizeof *nc);
		}
		run->lines = lines;
		run->pending_cells = cells;
		run->pending_lines = ln;
		run->pending_ncells = nc;
		run->cap_lines = cap;
	}
	const char **copy = gx_arena_calloc(a, row->ncells + 1, sizeof *copy);
	for (size_t i = 0; i < row->ncells; i++)
		copy[i] = gx_arena_strdup(a, row->cells[i]);
	run->pending_cells[run->nlines] = (char *)copy;
	run->pending_lines[run->nlines] = row->line;
	run->pending_ncells[run->nlines] = row->ncells;
	record_init(&run->lines[run->nlines].line, &entity_order_line, a);
	run->lines[run->nlines].source_line = row->line;
	run->nlines++;
}

static void reject_order(struct order_import *run, const struct gx_error *why, size_t col, size_t at_line)
{
	for (size_t i = 0; i < run->nlines; i++) {
		const char *msg = why->message;
		if (run->pending_lines[i] != at_line)
			msg = gx_arena_printf(&run->order_arena, _("rejected with line %zu of the same order: %s"),
			                      at_line, why->message);
		import_write_rejected(run->run, (const char *const *)run->pending_cells[i], run->pending_ncells[i],
		               run->pending_lines[i], run->pending_lines[i] == at_line ? col : 0, msg);
		run->run->res->rejected++;
	}
}

enum gx_err order_import_flush(struct order_import *run, struct gx_error *fatal)
{
	if (!run->nlines)
		return GX_OK;
	if (run->order_bad) {
		reject_order(run, &run->order_err, run->order_err_col, run->order_err_line);
		order_reset(run);
		return GX_OK;
	}
	struct gx_error err;
	gx_error_clear(&err);
	int64_t existing_id = 0;
	int found = 0, deleted = 0;
	store_record_lookup(run->run->app->store, &entity_order, "order_no", record_text(&run->order, "order_no"), 0,
	                    &existing_id, &deleted, &found, &err);
	enum gx_err e = app_order_save(run->run->app, &run->order, run->lines, run->nlines, &run->order_arena, &err);
	if (e == GX_OK) {
		if (found)
			run->run->res->updated++;
		else
			run->run->res->created++;
	} else if (e == GX_EUNAVAIL || e == GX_EINTERNAL || e == GX_ENOMEM) {
		*fatal = err;
		return e;
	} else {
		int col = import_column_of_field(run->run, err.field, 0);
		if (!col)
			col = import_column_of_field(run->run, err.field, 1);
		reject_order(run, &err, (size_t)col, run->pending_lines[0]);
	}
	order_reset(run);
	return GX_OK;
}

/* 1 if the row's order-header cells are byte for byte those of the order's first row (then
 * parsing them again would give the same order: nothing is written while an order gathers). */
static int same_header(const struct order_import *run, const struct gx_table_row *row)
{
	if (!run->nlines || !run->header_ok || row->types)
		return 0;
	const char *const *first = (const char *const *)run->pending_cells[0];
	size_t nfirst = run->pending_ncells[0];
	for (size_t c = 0; c < run->run->ncols; c++) {
		if (run->run->cols[c].field < 0 || run->run->cols[c].line)
			continue;
		const char *a = c < row->ncells ? row->cells[c] : NULL, *b = c < nfirst ? first[c] : NULL;
		if (!a || !b || strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

enum gx_err order_import_row(struct order_import *run, const struct gx_table_row *row,
                             struct gx_error *fatal)
{
	size_t bad_col = 0;
	struct gx_error err;
	gx_error_clear(&err);
	enum gx_err e;
	if (same_header(run, row)) {
		/* A further line of the order being gathered: only its line cells are new. */
		order_keep_row(run, row);
		e = import_row_to_record(run->run, row, 1, &run->lines[run->nlines - 1].line, 0, &run->order_arena, &bad_col, &err);
		if (e != GX_OK && !run->order_bad) {
			run->order_bad = 1;
			run->order_err = err;
			run->order_err_line = row->line;
			run->order_err_col = bad_col;
		}
		return GX_OK;
	}
	struct gx_arena scratch;
	gx_arena_init(&scratch, 4096);
	struct record h;
	record_init(&h, &entity_order, &scratch);
	e = import_row_to_record(run->run, row, 0, &h, 0, &scratch, &bad_col, &err);
	const char *no = e == GX_OK ? record_text(&h, "order_no") : NULL;
	if (e == GX_OK && !no) {
		e = gx_error_set(&err, GX_EINVAL, "order_no", "%s", _("order no. is required"));
		bad_col = (size_t)import_column_of_field(run->run, "order_no", 0);
	}
	/* A new order number closes the order gathered so far. */
	if (!run->nlines || !no || !record_text(&run->order, "order_no") ||
	    strcmp(no, record_text(&run->order, "order_no")) != 0) {
		enum gx_err fe = order_import_flush(run, fatal);
		if (fe != GX_OK) {
			gx_arena_free(&scratch);
			return fe;
		}
		if (e == GX_OK) {
			/* Re-parse into the order's own arena so it outlives this row. */
			import_row_to_record(run->run, row, 0, &run->order, 0, &run->order_arena, &bad_col, &err);
			run->header_ok = !row->types;
		}
	}
	order_keep_row(run, row);
	if (e == GX_OK)
		e = import_row_to_record(run->run, row, 1, &run->lines[run->nlines - 1].line, 0, &run->order_arena, &bad_col, &err);
	if (e != GX_OK && !run->order_bad) {
		run->order_bad = 1;
		run->order_err = err;
		run->order_err_line = row->line;
		run->order_err_col = bad_col;
	}
	gx_arena_free(&scratch);
	return GX_OK;
}


struct order_import *order_import_new(struct import_run *run)
{
	struct order_import *oi = gx_xcalloc(1, sizeof *oi);
	oi->run = run;
	gx_arena_init(&oi->order_arena, 0);
	order_reset(oi);
	return oi;
}

enum gx_err order_import_sync(struct order_import *oi, struct gx_error *err)
{
	(void)oi;
	(void)err;
	return GX_OK;
}

void order_import_free(struct order_import *oi)
{
	if (!oi)
		return;
	gx_arena_free(&oi->order_arena);
	free(oi);
}
