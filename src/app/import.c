/* Importing tables of records (see include/guanxi/import.h). The file is read once to hash it
 * (for the job's audit row) and count its lines (for the progress bar), then row by row: each
 * row becomes a record through app_field_set_text and is saved through the same app/
 * functions the CLI and API use, each inside its own savepoint, so a bad row is rejected
 * whole and the batch goes on. */
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/audit_store.h"
#include "guanxi/bulk_store.h"
#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/import.h"
#include "guanxi/interaction.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/table.h"

#include "app/import_internal.h"

const struct entity_def *import_entity(const char *name)
{
	static const struct { const char *name; const struct entity_def *def; } names[] = {
		{"customers", &entity_customer}, {"contacts", &entity_contact},
		{"products", &entity_product}, {"categories", &entity_category},
		{"orders", &entity_order}, {"interactions", &entity_interaction},
		{"users", &entity_user}, {"departments", &entity_department}, {"teams", &entity_team},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(name, names[i].name) == 0 || strcmp(name, names[i].def->name) == 0)
			return names[i].def;
	return NULL;
}

static int header_matches(const struct field_def *f, const char *h)
{
	return strcasecmp(h, f->name) == 0 || (f->label_zh && strcmp(h, f->label_zh) == 0) ||
	       (f->label_en && strcasecmp(h, f->label_en) == 0);
}

static int find_field(const struct entity_def *def, const char *h)
{
	for (size_t i = 0; i < def->nfields; i++)
		if (!(def->fields[i].flags & FF_HIDDEN) && header_matches(&def->fields[i], h))
			return (int)i;
	return -1;
}

static void add_ignored(struct import_result *res, const char *h)
{
	size_t used = strlen(res->ignored);
	if (used + strlen(h) + 3 < sizeof res->ignored)
		snprintf(res->ignored + used, sizeof res->ignored - used, "%s%s", used ? ", " : "", h);
}

static enum gx_err map_header(const struct entity_def *def, const struct gx_table_row *hdr,
                              struct gx_arena *a, struct column **out, struct import_result *res,
                              struct gx_error *err)
{
	struct column *cols = gx_arena_calloc(a, hdr->ncells + 1, sizeof *cols);
	int mapped = 0;
	for (size_t c = 0; c < hdr->ncells; c++) {
		char *h = gx_arena_strdup(a, hdr->cells[c]);
		size_t n = strlen(h);
		while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
			h[--n] = '\0';
		while (*h == ' ')
			h++;
		cols[c].field = find_field(def, h);
		cols[c].line = 0;
		if (def == &entity_order && (!strcasecmp(h, "Line discount") || !strcmp(h, "行折扣") ||
		                             !strcasecmp(h, "line_discount"))) {
			cols[c].field = entity_field_index(&entity_order_line, "discount");
			cols[c].line = 1;
		}
		else if (cols[c].field < 0 && def == &entity_order) {
			cols[c].field = find_field(&entity_order_line, h);
			cols[c].line = 1;
			if (cols[c].field >= 0 &&
			    strcmp(entity_order_line.fields[cols[c].field].name, "order_id") == 0)
				cols[c].field = -1;   /* the order is the row's order_no */
		}
		const struct entity_def *d = cols[c].line ? &entity_order_line : def;
		if (cols[c].field >= 0 && (d->fields[cols[c].field].flags & FF_SYSTEM))
			cols[c].field = -1;   /* exported for information; the system sets it */
		if (cols[c].field < 0) {
			if (*h)
				add_ignored(res, h);
			continue;
		}
		for (size_t k = 0; k < c; k++)
			if (cols[k].field == cols[c].field && cols[k].line == cols[c].line)
				return gx_error_set(err, GX_EINVAL, h, _("column %zu (%s) repeats column %zu"), c + 1,
				                    h, k + 1);
		mapped++;
	}
	if (!mapped)
		return gx_error_set(err, GX_EINVAL, NULL, "%s",
		                    _("no column of the first row names a field; the first row must be the header (see `guanxi export … --template`)"));
	/* A column for every required field that the system does not fill. */
	const struct entity_def *defs[2] = {def, def == &entity_order ? &entity_order_line : NULL};
	for (int d = 0; d < 2 && defs[d]; d++)
		for (size_t i = 0; i < defs[d]->nfields; i++) {
			const struct field_def *f = &defs[d]->fields[i];
			if (!(f->flags & FF_REQUIRED) || (f->flags & FF_SYSTEM))
				continue;
			if ((def == &entity_customer || def == &entity_contact) &&
			    (!strcmp(f->name, "code") || !strcmp(f->name, "kind")))
				continue;   /* generated / defaulted */
			if (defs[d] == &entity_order_line && (!strcmp(f->name, "order_id") || !strcmp(f->name, "line_no")))
				continue;
			if (def == &entity_interaction && !strcmp(f->name, "occurred_at"))
				continue;
			int have = 0;
			for (size_t c = 0; c < hdr->ncells; c++)
				have |= cols[c].field == (int)i && cols[c].line == d;
			if (!have)
				return gx_error_set(err, GX_EINVAL, f->name, _("the file has no column for the required field %s (%s)"),
				                    f->label_zh, f->label_en);
		}
	*out = cols;
	return GX_OK;
}

/* The text to give app_field_set_text for a cell: xlsx dates become dates or instants. */
static enum gx_err cell_text(struct app *app, const struct field_def *f, const struct gx_table_row *row,
                             size_t c, struct gx_arena *a, const char **out, struct gx_error *err)
{
	*out = row->cells[c];
	if (row->types && row->types[c] == GX_CELL_DATE && (f->type == FT_DATE || f->type == FT_INSTANT)) {
		double serial = strtod(row->cells[c], NULL);
		if (f->type == FT_DATE) {
			char buf[11];
			enum gx_err e = gx_excel_serial_to_date(serial, buf, err);
			if (e == GX_OK)
				*out = gx_arena_strdup(a, buf);
			return e;
		}
		struct gx_tz *tz;
		enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
		if (e != GX_OK)
			return e;
		int64_t ms;
		e = gx_instant_from_excel_serial(serial, tz, &ms, f->name, err);
		gx_tz_free(tz);
		if (e == GX_OK) {
			char buf[GX_INSTANT_FMT_SIZE];
			*out = gx_arena_strdup(a, gx_instant_format(ms, buf));
		}
		return e;
	}
	return GX_OK;
}

void import_write_rejected(struct import_run *run, const char *const *cells, size_t ncells,
                           size_t line, size_t column, const char *message)
{
	if (run->opts->rejected)
		run->opts->rejected(run->opts->ctx, line, column, message);
	if (!run->rejected_out)
		return;
	const char *extra[3];
	char lbuf[24], cbuf[24];
	snprintf(lbuf, sizeof lbuf, "%zu", line);
	snprintf(cbuf, sizeof cbuf, "%zu", column);
	extra[0] = lbuf;
	extra[1] = column ? cbuf : "";
	extra[2] = message;
	const char **all = gx_xcalloc(ncells + 3, sizeof *all);
	for (size_t i = 0; i < 3; i++)
		all[i] = extra[i];
	for (size_t i = 0; i < ncells; i++)
		all[3 + i] = cells[i];
	struct gx_error ignored;
	gx_csv_writer_row(run->rejected_out, all, NULL, ncells + 3, &ignored);
	free(all);
}

int import_column_of_field(const struct import_run *run, const char *field, int line)
{
	for (size_t c = 0; c < run->ncols; c++) {
		if (run->cols[c].field < 0 || run->cols[c].line != line)
			continue;
		const struct entity_def *d = line ? &entity_order_line : run->def;
		if (strcmp(d->fields[run->cols[c].field].name, field) == 0)
			return (int)c + 1;
	}
	return 0;
}

/* Fills r from the row's cells of the given kind (line = 0 record fields, 1 order-line fields). */
enum gx_err import_row_to_record(struct import_run *run, const struct gx_table_row *row, int line,
                                 struct record *r, int skip_empty, struct gx_arena *a,
                                 size_t *bad_col, struct gx_error *err)
{
	for (size_t c = 0; c < run->ncols && c < row->ncells; c++) {
		if (run->cols[c].field < 0 || run->cols[c].line != line)
			continue;
		const struct field_def *f = &r->def->fields[run->cols[c].field];
		const char *text;
		enum gx_err e = cell_text(run->app, f, row, c, a, &text, err);
		if (e == GX_OK && skip_empty && !*text)
			continue;
		if (e == GX_OK)
			e = app_field_set_text(run->app, r, f->name, text, a, err);
		if (e != GX_OK) {
			*bad_col = c + 1;
			return e;
		}
	}
	return GX_OK;
}

/* Saves one non-order row: update by code when the code exists, else create. */
static enum gx_err save_row(struct import_run *run, const struct gx_table_row *row, struct gx_arena *a,
                            size_t *bad_col, int *created, struct gx_error *err)
{
	struct app *app = run->app;
	const struct entity_def *def = run->def;
	struct record r;
	record_init(&r, def, a);
	enum gx_err e = import_row_to_record(run, row, 0, &r, 0, a, bad_col, err);
	if (e != GX_OK)
		return e;
	struct record existing;
	int found = 0;
	if (def->code_field && !record_is_null(&r, def->code_field) &&
	    (!run->ckeys || customer_keys_may_have(run->ckeys, CUSTOMER_KEY_CODE, record_text(&r, def->code_field)))) {
		e = store_record_find(app->store, def, def->code_field, record_text(&r, def->code_field), a,
		                      &existing, &found, err);
		if (e != GX_OK)
			return e;
	}
	*created = !found;
	if (found) {
		/* A re-run updates by code: the non-empty cells replace the stored values. */
		struct record patch;
		record_init(&patch, def, a);
		if ((e = import_row_to_record(run, row, 0, &patch, 1, a, bad_col, err)) != GX_OK)
			return e;
		patch.id = existing.id;
		if (existing.deleted_at)
			return gx_error_set(err, GX_ECONFLICT, def->code_field, _("%s %s is in the recycle bin; restore it first"),
			                    gx_tr(def->label_en), record_text(&r, def->code_field));
		if (def == &entity_customer) {
			e = app_customer_update(app, &patch, 0, run->opts->force, a, NULL, err);
			if (e == GX_OK)
				customer_keys_add_record(run->ckeys, &patch);
			return e;
		}
		return app_org_update(app, &patch, 0, a, err);
	}
	if (def == &entity_customer)
		return app_customer_create_keyed(app, &r, run->opts->force, run->ckeys, a, err);
	if (def == &entity_interaction)
		return app_interaction_add(app, &r, a, err);
	return app_org_create(app, &r, a, err);
}

/* Bulk mode pays a price proportional to the whole table at the end — one sort per dropped
 * index, one merge of the whole search index — against a saving per imported row (no index
 * maintenance, few search segments to merge). Measured (20,000 customers imported, CPU s,
 * load ≈ 11): into a table of 20,000, bulk 3.93 against row path 4.54 (−13 %); into a table of
 * 80,000, bulk 6.02 against 5.16 (+17 %). The crossover lies between a file of the table's
 * size and one of a quarter of it; the rule takes the file ≥ the table, on the safe side.
 * Small files keep the row path (and its batch commits). */
#define IMPORT_BULK_MIN_ROWS 5000

int import_bulk_wanted(uint64_t file_rows, int64_t table_rows)
{
	return file_rows >= IMPORT_BULK_MIN_ROWS && (int64_t)file_rows >= table_rows;
}

/* SHA-256 of the file and its number of line breaks, in one pass. The digest comes from
 * libcrypto, whose SHA-256 uses the processor's SHA instructions where it has them: the 719 MB
 * file of 10M order lines took 0.7 s of CPU (`openssl dgst -sha256`) against 3.5 s with
 * libsodium's, which has no such code path: about 2 % of the whole import. */
static enum gx_err hash_file(const char *path, char hex[65], uint64_t *lines, uint64_t *size,
                             struct gx_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return gx_error_set(err, GX_EIO, "file", _("cannot open %s: %m"), path);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		fclose(f);
		return gx_error_set(err, GX_ENOMEM, "file", "%s", _("cannot start the file's SHA-256"));
	}
	unsigned char buf[65536];
	size_t n;
	int ok = 1;
	*lines = 0;
	*size = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		ok &= EVP_DigestUpdate(md, buf, n) == 1;
		*size += n;
		for (const unsigned char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			++*lines;
	}
	int bad = ferror(f);
	fclose(f);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	ok &= EVP_DigestFinal_ex(md, digest, &len) == 1 && len == 32;
	EVP_MD_CTX_free(md);
	if (bad)
		return gx_error_set(err, GX_EIO, "file", _("cannot read %s"), path);
	if (!ok)
		return gx_error_set(err, GX_EINTERNAL, "file", "%s", _("the file's SHA-256 failed"));
	sodium_bin2hex(hex, 65, digest, len);
	return GX_OK;
}

enum gx_err app_import(struct app *app, const struct entity_def *def, const char *path,
                       const struct import_opts *opts, struct import_result *res,
                       struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	char sha[65];
	uint64_t total_lines, size;
	enum gx_err e = hash_file(path, sha, &total_lines, &size, err);
	if (e != GX_OK)
		return e;
	struct gx_table_read_opts ropts = {.encoding = opts->encoding, .sheet = opts->sheet};
	struct gx_table_reader *reader = NULL;
	if ((e = gx_table_reader_open(path, &ropts, &reader, err)) != GX_OK)
		return e;
	res->encoding = gx_table_reader_encoding(reader);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct import_run run = {.app = app, .def = def, .opts = opts, .res = res};
	const struct gx_table_row *hdr = gx_table_reader_header(reader);
	if (!hdr) {
		e = gx_error_set(err, GX_EINVAL, "file", "%s", _("the file has no header row"));
		goto close;
	}
	run.ncols = hdr->ncells;
	if ((e = map_header(def, hdr, &a, &run.cols, res, err)) != GX_OK)
		goto close;
	if (opts->rejected_path) {
		run.rejected_fp = fopen(opts->rejected_path, "wb");
		if (!run.rejected_fp) {
			e = gx_error_set(err, GX_EIO, "rejected", _("cannot write %s: %m"), opts->rejected_path);
			goto close;
		}
		struct gx_csv_write_opts w = {.crlf = 1, .bom = 1};
		if ((e = gx_csv_writer_open(run.rejected_fp, &w, &run.rejected_out, err)) != GX_OK)
			goto close;
		const char **h = gx_arena_calloc(&a, hdr->ncells + 3, sizeof *h);
		h[0] = _("line");
		h[1] = _("column");
		h[2] = _("error");
		for (size_t i = 0; i < hdr->ncells; i++)
			h[3 + i] = hdr->cells[i];
		gx_csv_writer_row(run.rejected_out, h, NULL, hdr->ncells + 3, err);
	}
	if (def == &entity_order)
		run.orders = order_import_new(&run);

	char params[1024];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(params, sizeof params, "{\"entity\":\"%s\",\"encoding\":\"%s\",\"all_or_nothing\":%s,\"force\":%s}",
	         def->name, gx_encoding_name(res->encoding), opts->all_or_nothing ? "true" : "false",
	         opts->force ? "true" : "false");
	int job_tx = opts->job_started && !store_in_transaction(app->store);
	if (job_tx && (e = store_begin(app->store, err)) != GX_OK)
		goto close;
	if ((e = store_job_start(app->store, "import", app->actor.user_id, params, base, sha, &res->job_id, err)) == GX_OK &&
	    opts->job_started)
		e = opts->job_started(opts->ctx, res->job_id, err);
	if (job_tx && e == GX_OK)
		e = store_commit(app->store, err);
	else if (job_tx)
		store_rollback(app->store);
	if (e != GX_OK)
		goto close;
	app->job_id = res->job_id;
	app->defer_search = 1;

	/* Customers: each commit flushes the search index's pending terms as one more FTS5 segment
	 * to merge later; 5000 rows per commit did the same work in ~20 % less CPU than 1000. */
	size_t batch = opts->batch_rows ? opts->batch_rows
	               : run.orders ? ORDER_IMPORT_BATCH_ROWS : def == &entity_customer ? 5000 : 1000, in_batch = 0;
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto close;
	if (def == &entity_customer && (e = customer_keys_load(app->store, &run.ckeys, err)) != GX_OK) {
		store_rollback(app->store);
		goto close;
	}
	/* Bulk mode: customers (the table with the most indexes, and the search documents) and
	 * order lines (orders and their lines; the rule compares lines with lines). */
	struct store_bulk *bulk = NULL;
	static const char *const bulk_customers[] = {"customers", NULL};
	static const char *const bulk_orders[] = {"orders", "order_lines", NULL};
	if ((def == &entity_customer || run.orders) && opts->bulk != IMPORT_BULK_OFF) {
		int64_t have = 0;
		e = store_bulk_table_rows(app->store, run.orders ? "order_lines" : "customers", &have, err);
		if (e == GX_OK && (opts->bulk == IMPORT_BULK_ON || import_bulk_wanted(total_lines ? total_lines - 1 : 0, have)))
			e = store_bulk_begin(app->store, run.orders ? bulk_orders : bulk_customers,
			                     run.orders ? 0 : (total_lines > 1 ? total_lines - 1 : 1), &bulk, err);
		if (e != GX_OK) {
			store_rollback(app->store);
			goto close;
		}
		res->bulk = bulk != NULL;
		if (bulk && run.orders)
			order_import_set_bulk(run.orders, bulk);
	}
	const struct gx_table_row *row;
	for (;;) {
		struct gx_error rerr;
		gx_error_clear(&rerr);
		e = gx_table_reader_next(reader, &row, &rerr);
		if (e != GX_OK && !row) {
			*err = rerr;
			break;
		}
		if (!row)
			break;
		/* Rows with nothing in them (trailing blank lines of a spreadsheet) are skipped. */
		int blank = 1;
		for (size_t c = 0; c < row->ncells && blank; c++)
			blank = row->cells[c][0] == '\0';
		if (blank && row->status == GX_OK)
			continue;
		res->rows++;
		size_t extra = 0;
		for (size_t c = run.ncols; c < row->ncells && !extra; c++)
			if (row->cells[c][0])
				extra = c + 1;
		if (row->status != GX_OK) {
			import_write_rejected(&run, row->cells, row->ncells, row->line, row->err_column, row->error.message);
			res->rejected++;
		} else if (extra) {
			/* More cells than headers usually means an unquoted comma (1,234.50) shifted them. */
			char msg[200];
			snprintf(msg, sizeof msg, _("the row has %zu cells but the header has %zu; is a comma inside a value unquoted?"),
			         row->ncells, run.ncols);
			import_write_rejected(&run, row->cells, row->ncells, row->line, extra, msg);
			res->rejected++;
			if (run.orders && (e = order_import_flush(run.orders, err)) != GX_OK)
				break;
		} else if (run.orders) {
			if ((e = order_import_row(run.orders, row, err)) != GX_OK)
				break;
		} else {
			struct gx_arena ra;
			gx_arena_init(&ra, 8192);
			size_t bad_col = 0;
			int created = 0;
			e = save_row(&run, row, &ra, &bad_col, &created, &rerr);
			if (e == GX_OK) {
				if (created)
					res->created++;
				else
					res->updated++;
			} else if (e == GX_EUNAVAIL || e == GX_EINTERNAL || e == GX_ENOMEM) {
				*err = rerr;
				gx_arena_free(&ra);
				break;
			} else {
				if (!bad_col)
					bad_col = (size_t)import_column_of_field(&run, rerr.field, 0);
				import_write_rejected(&run, row->cells, row->ncells, row->line, bad_col, rerr.message);
				res->rejected++;
				e = GX_OK;
			}
			gx_arena_free(&ra);
		}
		if (opts->progress && res->rows % 1000 == 0)
			opts->progress(opts->ctx, res->rows, row->line, total_lines);
		/* Bulk mode: one transaction, and the search documents all written after the rows.
		 * Once FTS5 has been written in a transaction, every SAVEPOINT (one per row) makes it
		 * flush its pending terms as a new segment and reopen its readers: writing the
		 * documents between the rows cost 14 % of a 20k-row bulk import in savepoints alone. */
		if (bulk && run.orders && ++in_batch >= batch) {
			/* one transaction; the customers' last contact waits for the end */
			in_batch = 0;
			if ((e = order_import_sync(run.orders, 0, err)) != GX_OK)
				break;
		} else if (!bulk && !opts->all_or_nothing && ++in_batch >= batch) {
			in_batch = 0;
			if ((run.orders && (e = order_import_sync(run.orders, 1, err)) != GX_OK) ||
			    (e = app_search_flush(app, err)) != GX_OK ||
			    (e = store_dashboard_fold(app->store, 0, NULL, err)) != GX_OK ||
			    (e = store_commit(app->store, err)) != GX_OK)
				break;
			if (opts->committed)
				opts->committed(opts->ctx);
			if ((e = store_begin(app->store, err)) != GX_OK ||
			    (e = customer_keys_refresh(app->store, run.ckeys, err)) != GX_OK)
				break;
		}
	}
	if (e == GX_OK && run.orders && (e = order_import_flush(run.orders, err)) == GX_OK)
		e = order_import_sync(run.orders, 1, err);
	if (e == GX_OK && !(opts->all_or_nothing && res->rejected))
		e = app_search_flush(app, err);
	if (e == GX_OK && opts->all_or_nothing && res->rejected) {
		store_rollback(app->store);
		store_bulk_abort(bulk);
		res->rolled_back = 1;
	} else if (e == GX_OK) {
		/* the indexes back first: the fold reads each customer's orders through them */
		e = store_bulk_end(bulk, err);
		if (e == GX_OK)
			e = store_dashboard_fold(app->store, 0, NULL, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	} else {
		if (store_in_transaction(app->store))
			store_rollback(app->store);
		store_bulk_abort(bulk);
	}
	if (opts->progress)
		opts->progress(opts->ctx, res->rows, total_lines, total_lines);
	app->job_id = 0;
	{
		char counts[256];
		snprintf(counts, sizeof counts,
		         "{\"rows\":%zu,\"created\":%zu,\"updated\":%zu,\"rejected\":%zu,\"rolled_back\":%s}",
		         res->rows, res->rolled_back ? 0 : res->created, res->rolled_back ? 0 : res->updated,
		         res->rejected, res->rolled_back ? "true" : "false");
		struct gx_error e2;
		store_job_finish(app->store, res->job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
		if (e == GX_OK)
			e = app_audit_simple(app, "import", def->name, 0, counts, res->job_id, err);
	}
close:
	app->defer_search = 0;
	app->npending = 0;
	if (run.rejected_out) {
		struct gx_error e2;
		gx_csv_writer_close(run.rejected_out, &e2);
	}
	if (run.rejected_fp)
		fclose(run.rejected_fp);
	gx_table_reader_close(reader);
	order_import_free(run.orders);
	gx_arena_free(&a);
	customer_keys_free(run.ckeys);
	app->job_id = 0;
	return e;
}
