/* Exporting records to CSV or .xlsx with the column labels that app_import reads back.
 * Orders are written one row per line with the order's columns repeated (DECISIONS.md
 * "Import and export"). Every export of data is audited (leak control, 人走客不走).
 * Memory stays flat for 10M orders on both backends: records are read in keyset pages inside
 * one snapshot, so lookups (an order's lines, reference codes) can run beside them, and
 * reference codes (owner, customer, product) are looked up once each. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/customer_store.h"
#include "guanxi/i18n.h"
#include "guanxi/import.h"
#include "guanxi/record_store.h"
#include "guanxi/table.h"
#include "store/driver.h"

struct export_col {
	const struct entity_def *def;   /* entity_order_line for the line part of orders */
	int field;
};

struct export_run {
	struct app *app;
	const struct export_opts *opts;
	struct export_col *cols;
	size_t ncols;
	struct gx_csv_writer *csv;
	struct gx_xlsx_writer *xlsx;
	size_t rows;
	enum gx_err e;
	struct gx_error *err;
	struct gx_arena a;
	/* reference codes already looked up (owner, customer, product …) */
	struct ref_slot *refs;
	size_t nrefs, caprefs;
};

/* A reference code looked up once per export: (field, id) → code. */
struct ref_slot {
	const struct field_def *f;        /* NULL: empty slot */
	int64_t id;
	char *code;
};

/* At most this many codes are kept (about 10 MB); later references are looked up each time. */
#define REF_CACHE_MAX 200000

static size_t ref_hash(const struct field_def *f, int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)f * 0x9E3779B97F4A7C15ull ^ (uint64_t)id * 0xC2B2AE3D27D4EB4Full;
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static struct ref_slot *ref_find(struct export_run *run, const struct field_def *f, int64_t id)
{
	if (!run->caprefs)
		return NULL;
	for (size_t i = ref_hash(f, id, run->caprefs);; i = (i + 1) & (run->caprefs - 1)) {
		struct ref_slot *sl = &run->refs[i];
		if (!sl->f || (sl->f == f && sl->id == id))
			return sl;
	}
}

static void ref_put(struct export_run *run, const struct field_def *f, int64_t id, const char *code)
{
	if (run->nrefs >= REF_CACHE_MAX)
		return;
	if ((run->nrefs + 1) * 2 > run->caprefs) {   /* grow: keep at most half full */
		struct ref_slot *old = run->refs;
		size_t oldcap = run->caprefs;
		run->caprefs = oldcap ? oldcap * 2 : 1024;
		run->refs = gx_xcalloc(run->caprefs, sizeof *run->refs);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].f)
				*ref_find(run, old[i].f, old[i].id) = old[i];
		free(old);
	}
	struct ref_slot *sl = ref_find(run, f, id);
	if (!sl->f) {
		*sl = (struct ref_slot){f, id, gx_xstrdup(code)};
		run->nrefs++;
	}
}

static void refs_free(struct export_run *run)
{
	for (size_t i = 0; i < run->caprefs; i++)
		free(run->refs[i].code);
	free(run->refs);
}

/* A cell's text; a reference's code comes from the cache after its first lookup. */
static const char *cell_text(struct export_run *run, const struct record *r, int field)
{
	const struct field_def *f = &r->def->fields[field];
	const struct gx_value *v = &r->v[field];
	if (f->type != FT_REF || v->is_null || (r->masked && (f->flags & FF_MASKED)))
		return app_field_text(run->app, r, (size_t)field, &run->a);
	struct ref_slot *sl = ref_find(run, f, v->i);
	if (sl && sl->f)
		return sl->code;
	const char *text = app_field_text(run->app, r, (size_t)field, &run->a);
	ref_put(run, f, v->i, text);
	return text;
}

static int exportable(const struct field_def *f)
{
	return !(f->flags & (FF_HIDDEN | FF_NO_EXPORT));
}

static void build_columns(const struct entity_def *def, struct gx_arena *a, struct export_col **out, size_t *n)
{
	size_t cap = def->nfields + entity_order_line.nfields;
	struct export_col *cols = gx_arena_calloc(a, cap, sizeof *cols);
	size_t k = 0;
	for (size_t i = 0; i < def->nfields; i++)
		if (exportable(&def->fields[i]))
			cols[k++] = (struct export_col){def, (int)i};
	if (def == &entity_order)
		for (size_t i = 0; i < entity_order_line.nfields; i++)
			if (exportable(&entity_order_line.fields[i]) &&
			    strcmp(entity_order_line.fields[i].name, "order_id") != 0)
				cols[k++] = (struct export_col){&entity_order_line, (int)i};
	*out = cols;
	*n = k;
}

static const char *col_label(const struct export_col *c)
{
	const struct field_def *f = &c->def->fields[c->field];
	/* The line's discount flag needs a name of its own beside the order's. */
	if (c->def == &entity_order_line && strcmp(f->name, "discount") == 0)
		return _("Line discount");
	return field_label(f);
}

static enum gx_err write_row(struct export_run *run, const struct record *order, const struct record *line)
{
	const char **cells = gx_arena_calloc(&run->a, run->ncols, sizeof *cells);
	struct gx_xlsx_value *vals = run->xlsx ? gx_arena_calloc(&run->a, run->ncols, sizeof *vals) : NULL;
	for (size_t c = 0; c < run->ncols; c++) {
		const struct export_col *col = &run->cols[c];
		const struct record *r = col->def == &entity_order_line ? line : order;
		cells[c] = r ? cell_text(run, r, col->field) : "";
		if (vals) {
			const struct field_def *f = &col->def->fields[col->field];
			if (!*cells[c])
				vals[c].kind = GX_XV_EMPTY;
			else if (f->type == FT_FEN || f->type == FT_INT) {
				vals[c].kind = GX_XV_NUMBER;
				vals[c].number = f->type == FT_FEN ? (double)r->v[col->field].i / 100.0
				                                   : (double)r->v[col->field].i;
			} else if (f->type == FT_DATE) {
				vals[c].kind = GX_XV_DATE;
				vals[c].text = cells[c];
			} else {
				vals[c].kind = GX_XV_TEXT;
				vals[c].text = cells[c];
			}
		}
	}
	run->rows++;
	if (run->csv)
		return gx_csv_writer_row(run->csv, cells, NULL, run->ncols, run->err);
	return gx_xlsx_writer_row(run->xlsx, vals, run->ncols, run->err);
}

static int each_record(const struct record *r, void *ctx)
{
	struct export_run *run = ctx;
	struct record full = *r;
	struct gx_error *err = run->err;
	if (r->def == &entity_customer) {
		/* roles and tags live in side tables */
		const char *roles = NULL, *tags = NULL;
		struct record *m = &full;
		m->v = gx_arena_calloc(&run->a, r->def->nfields, sizeof *m->v);
		memcpy(m->v, r->v, r->def->nfields * sizeof *m->v);
		if ((run->e = store_customer_roles(run->app->store, r->id, &run->a, &roles, err)) ||
		    (run->e = store_customer_tags(run->app->store, r->id, &run->a, &tags, err)))
			return 1;
		int ri = entity_field_index(r->def, "roles"), ti = entity_field_index(r->def, "tags");
		m->v[ri] = (struct gx_value){.is_null = roles == NULL, .s = roles};
		m->v[ti] = (struct gx_value){.is_null = tags == NULL, .s = tags};
	}
	if (r->def == &entity_order) {
		/* One indexed lookup per order. (Reading a page's lines by an order id range was tried:
		 * with a selective filter the range holds mostly other orders' lines, and PostgreSQL's
		 * generic plan for it scanned the whole table.) */
		struct filter_node *f = filter_cond_int(&run->a, &entity_order_line, "order_id", FILTER_EQ, r->id);
		struct store_list_query q = {.filter = f, .sort_field = "line_no", .limit = 1000};
		struct store_list_result lines;
		if ((run->e = store_record_list(run->app->store, &entity_order_line, &q, &run->a, &lines, err)))
			return 1;
		for (size_t i = 0; i < lines.count; i++)
			if ((run->e = write_row(run, &full, &lines.rows[i])))
				return 1;
		if (lines.count == 0 && (run->e = write_row(run, &full, NULL)))
			return 1;
	} else if ((run->e = write_row(run, &full, NULL))) {
		return 1;
	}
	gx_arena_reset(&run->a);
	return 0;
}

/* Records per page: memory is bounded by one page. */
#define PAGE 500

/* Reads the matching records in keyset pages in id order, all in one read-only snapshot of
 * the database (so the file is one instant, as a single scan was). Each page is a finished
 * result, so the lookups made while writing a row (reference codes, a customer's roles and
 * tags, an order's lines) are ordinary statements beside it. A streamed scan could not have
 * them: the PostgreSQL connection is busy while rows stream, and the driver then buffers the
 * rest of the scan at the first lookup — a 1M-order export held every order in memory. */
static enum gx_err export_pages(struct export_run *run, const struct entity_def *def)
{
	struct store *s = run->app->store;
	struct gx_error *err = run->err;
	store_read_end(s);   /* the export takes a snapshot of its own */
	int snapshot = s->tx_depth == 0;
	enum gx_err e = snapshot ? s->drv->tx_begin_snapshot(s, err) : GX_OK;
	if (e != GX_OK)
		return e;
	struct gx_arena page;
	gx_arena_init(&page, 0);
	char *cursor = NULL;
	for (;;) {
		struct store_list_query q = {.filter = run->opts->filter,
		                             .deleted = run->opts->include_deleted ? STORE_ANY : STORE_LIVE,
		                             .limit = PAGE, .cursor = cursor};
		struct store_list_result res;
		if ((e = store_record_list(s, def, &q, &page, &res, err)) != GX_OK)
			break;
		for (size_t i = 0; i < res.count && run->e == GX_OK; i++)
			each_record(&res.rows[i], run);
		if ((e = run->e) != GX_OK)
			break;
		free(cursor);
		cursor = res.next_cursor ? gx_xstrdup(res.next_cursor) : NULL;
		gx_arena_reset(&page);
		if (!cursor)
			break;
	}
	free(cursor);
	gx_arena_free(&page);
	if (snapshot)
		s->drv->tx_rollback(s);
	return e;
}

enum gx_err app_export(struct app *app, const struct entity_def *def, const char *path,
                       const struct export_opts *opts, size_t *rows, struct gx_error *err)
{
	*rows = 0;
	/* Leak control: exporting data is a permission of its own (a template is not data). */
	if (!opts->template_only && app_access_check(app, def->name, ACCESS_EXPORT, err) != GX_OK)
		return err->code;
	struct export_run run = {.app = app, .opts = opts, .err = err};
	gx_arena_init(&run.a, 0);
	struct gx_arena hdr_arena;
	gx_arena_init(&hdr_arena, 0);
	build_columns(def, &hdr_arena, &run.cols, &run.ncols);
	const char **headers = gx_arena_calloc(&hdr_arena, run.ncols, sizeof *headers);
	for (size_t c = 0; c < run.ncols; c++)
		headers[c] = col_label(&run.cols[c]);
	FILE *fp = NULL;
	enum gx_err e = GX_OK;
	if (opts->format == EXPORT_XLSX) {
		if (!path) {
			e = gx_error_set(err, GX_EINVAL, "file", "%s", _("an .xlsx export needs a file name"));
			goto out;
		}
		struct gx_xlsx_write_opts xo = {.sheet_name = gx_tr(def->label_en)};
		if ((e = gx_xlsx_writer_open(path, headers, run.ncols, &xo, &run.xlsx, err)))
			goto out;
	} else {
		fp = path ? fopen(path, "wb") : stdout;
		if (!fp) {
			e = gx_error_set(err, GX_EIO, "file", _("cannot write %s: %m"), path);
			goto out;
		}
		struct gx_csv_write_opts co = {.crlf = 1, .bom = opts->bom};
		if ((e = gx_csv_writer_open(fp, &co, &run.csv, err)) ||
		    (e = gx_csv_writer_row(run.csv, headers, NULL, run.ncols, err)))
			goto out;
	}
	if (!opts->template_only) {
		e = export_pages(&run, def);
	}
out:
	if (run.csv) {
		struct gx_error e2;
		enum gx_err ce = gx_csv_writer_close(run.csv, e == GX_OK ? err : &e2);
		if (e == GX_OK)
			e = ce;
	}
	if (run.xlsx) {
		struct gx_error e2;
		enum gx_err xe = gx_xlsx_writer_close(run.xlsx, e == GX_OK ? err : &e2);
		if (e == GX_OK)
			e = xe;
	}
	if (fp && fp != stdout && fclose(fp) != 0 && e == GX_OK)
		e = gx_error_set(err, GX_EIO, "file", _("cannot write %s: %m"), path);
	*rows = run.rows;
	if (e == GX_OK && !opts->template_only) {
		char counts[256];
		snprintf(counts, sizeof counts, "{\"rows\":%zu,\"format\":\"%s\",\"file\":\"%s\"}", run.rows,
		         opts->format == EXPORT_XLSX ? "xlsx" : "csv", path ? (strrchr(path, '/') ? strrchr(path, '/') + 1 : path) : "-");
		e = app_audit_simple(app, "export", def->name, 0, counts, 0, err);
	}
	gx_arena_free(&run.a);
	gx_arena_free(&hdr_arena);
	refs_free(&run);
	return e;
}
