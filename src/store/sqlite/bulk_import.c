/* Bulk mode of large imports on SQLite (see include/guanxi/bulk_store.h for when and why).
 * Everything here runs inside the importer's transaction: a failure anywhere is undone by its
 * rollback, indexes and stored FTS5 settings included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/bulk_store.h"
#include "guanxi/i18n.h"
#include "store/sqlite/sqlite_store.h"

/* Indexes a bulk import keeps because the import itself reads them: the duplicate checks of a
 * customer row whose phone, mobile, e-mail or USCC is in the importer's key set (a repeated
 * key within the file, or a hash collision) look the value up; without the index each such
 * row would scan the table. Unique indexes (the codes) are never dropped. */
static const char *const kept_indexes[] = {
	"customers_phone", "customers_mobile", "customers_email", "customers_uscc",
};

/* Indexes that only an order the importer's fast path doubts reads (a refund, a credit sale:
 * app_order_save reads the customer's orders and the order's refunds). They are dropped like
 * the others and built again as soon as the first such order comes (store_bulk_restore_reads),
 * so a file of plain sales never maintains them row by row. That matters when the customers
 * come mixed, as in a shop's export by order number: 10M such lines took 324 s of CPU with the
 * two indexes kept and 254 s without (and a cheaper file hash; bench/RESULTS.md, session 13). */
static const char *const general_path_indexes[] = {
	"orders_customer", "orders_refund_of",
};

/* FTS5 settings during the load. automerge 0: no incremental merging while loading; crisismerge
 * (store_bulk_crisismerge) still bounds the segments per level; the one 'optimize' at the end
 * merges them all into a single segment, which is also the fastest layout for queries.
 * 'hashsize' (pending terms per flush) stays at its 1 MB default: the pending-term hash is
 * walked entry by entry on every token, and beyond the CPU caches each step is a cache miss:
 * on 20k customers 64 MB cost 3.55 s CPU, 8 MB 3.04 s, 1 MB 2.93 s, 256 KB 3.49 s (more
 * segments to merge); on 200k customers 4 MB cost 7 s more than 1 MB in the inserts alone. */
#define BULK_CACHE_KIB 196608   /* page cache during the load: 192 MiB (normally 64 MiB) */
/* Page cache while the dropped indexes are built again. SQLite's sorter (CREATE INDEX) sorts
 * runs of up to the page cache's size in memory before it merges them, and a run far larger
 * than the processor's caches sorts slowly: building the six order indexes of the 10M-line
 * database in the sqlite3 shell took 24.0 and 27.2 s CPU with a 2 MB cache, 27.8 and 37.8 s
 * with 16 MB and 38.5 and 41.1 s with 64 MB (the normal size, which the rebuilds used). */
#define SORT_CACHE_KIB 2048

/* The dashboard's insert triggers (migration 0020) mark each new row's customer in dash_dirty:
 * a trigger program per inserted row, and with it a statement journal for every INSERT (a
 * fifth of a bulk order import's INSERT time). A bulk load drops the insert trigger of its
 * tables and marks the customers of all the rows it inserted in one statement at the end,
 * before the importer folds them: the rows whose id is above the table's largest before the
 * load (SQLite gives a new row the largest id + 1, and an import deletes only rows it wrote
 * itself). Update and delete triggers stay. */
static const struct {
	const char *table, *trigger, *mark;
} mark_triggers[] = {
	{"customers", "dash_customers_ins",
	 "INSERT OR IGNORE INTO dash_dirty (customer_id) SELECT id FROM customers WHERE id > ?1"},
	{"orders", "dash_orders_ins",
	 "INSERT OR IGNORE INTO dash_dirty (customer_id) SELECT customer_id FROM orders WHERE id > ?1"},
};
#define NMARK (sizeof mark_triggers / sizeof *mark_triggers)

/* SQLite 3.40 evaluates a CHECK constraint's IN list of three or more values by building a
 * temporary B-tree for every row inserted (a CHECK is coded per row, so the list is not built
 * once per statement as in a query): the status and credit_form checks of orders cost two of
 * them, about 65,000 instructions per order — a quarter of a bulk order import. A bulk load of
 * orders therefore inserts with CHECK constraints off (PRAGMA ignore_check_constraints; the
 * importer validates every value against the same enumerations first) and then tests the
 * very same constraints once, as one query over the whole table (the list built once; the
 * whole table, not only the new rows, since the load may also have updated older ones, and a
 * bulk load is at least as large as its table): any row that breaks one fails the import,
 * which rolls everything back. These are the CHECK constraints of orders and order_lines in
 * migrations 0001 and 0009, word for word. */
static const struct {
	const char *table, *violation;
} checked_tables[] = {
	{"orders", "SELECT id FROM orders WHERE NOT (kind IN ('sale','refund')"
	           " AND status IN ('open','completed','cancelled')"
	           " AND credit_form IN ('cash','charge_account','credit_sale','instalment','consignment')"
	           " AND ((kind = 'refund') = (refund_of IS NOT NULL))) LIMIT 1"},
	{"order_lines", "SELECT id FROM order_lines WHERE NOT (quantity > 0) LIMIT 1"},
};
#define NCHECKED (sizeof checked_tables / sizeof *checked_tables)

static const char *const fts_keys[] = {"automerge", "crisismerge"};
static const long long fts_defaults[] = {4, 16};
#define NFTS (sizeof fts_keys / sizeof *fts_keys)

/* A crisis merge rewrites all the segments of a level as one segment of the next level: with
 * automerge off, each flush of the pending terms (1 MB) adds a level-0 segment, every c of
 * them become one level-1 segment, every c of those one level-2 segment, and the final
 * 'optimize' rewrites what is left once more. c is chosen so that level 1 never fills
 * (c * c > flushes) and no larger: a c-way merge costs more per entry as c grows (on 200k
 * customers, 823 flushes: merging them all at once took 9.2 s CPU, in groups of 64 and then
 * the groups 5.1 s + 4.1 s). Measured 823 flushes per 200k customers (243 documents per
 * flush; the estimate below assumes 128, for documents with longer texts). At 1M customers
 * (about 4100 flushes) a c of 64 took the whole index through level 2 before the optimize;
 * with c = 100 the load's CPU stayed the same within the machine's noise (the crisis merges
 * took 9 s less, the wider final optimize 10 s more: 256 s against 249 s at a load average
 * of 9 against 5), but the database file came out at 1.67 GB instead of 2.53 GB: one copy of
 * the index less was written, and its pages stayed free in the file. */
#define DOCS_PER_FLUSH 128
#define CRISIS_MIN 64
/* Two full levels and the index's segments from before the load stay under FTS5's limit of
 * 2000 segments (with crisismerge 2000 a 1M load failed and rolled back). */
#define CRISIS_MAX 900

int store_bulk_crisismerge(uint64_t documents)
{
	uint64_t flushes = documents / DOCS_PER_FLUSH + 1;
	uint64_t c = CRISIS_MIN;
	while (c < CRISIS_MAX && c * c <= flushes)
		c++;
	return (int)c;
}

struct store_bulk {
	sqlite3 *db;
	int64_t cache_size;           /* PRAGMA cache_size before */
	int search;                   /* the load writes search documents */
	int crisismerge;              /* FTS5 crisismerge during the load */
	size_t nidx;
	char **names, **sqls;         /* dropped indexes and their CREATE statements (NULL once built again) */
	struct search_merge_setting fts_saved[NFTS];   /* the settings before */
	char *trigger_sql[NMARK];     /* dropped insert triggers (NULL: not dropped) */
	int64_t max_id[NMARK];        /* their table's largest id before the load */
	int checks_off;               /* CHECK constraints off during the load (orders) */
	int ignore_checks_before;     /* PRAGMA ignore_check_constraints before */
	int checked[NCHECKED];        /* tables checked at the end */
	int reads_restored;           /* store_bulk_restore_reads has run */
};

static enum gx_err db_error(sqlite3 *db, const char *what, struct gx_error *err)
{
	return gx_error_set(err, GX_EIO, NULL, _("bulk import: %s failed: %s"), what, sqlite3_errmsg(db));
}

static enum gx_err exec_sql(sqlite3 *db, const char *sql, struct gx_error *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, sql, err);
	return GX_OK;
}

static enum gx_err set_cache_kib(sqlite3 *db, int kib, struct gx_error *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib);
	return exec_sql(db, sql, err);
}

enum gx_err store_bulk_table_rows(struct store *s, const char *table, int64_t *rows,
                                  struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	*rows = 0;
	if (!db)
		return GX_OK;
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "count", err);
	if (sqlite3_step(st) == SQLITE_ROW)
		*rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return GX_OK;
}

static void bulk_free(struct store_bulk *b)
{
	for (size_t i = 0; i < b->nidx; i++) {
		free(b->names[i]);
		free(b->sqls[i]);
	}
	free(b->names);
	free(b->sqls);
	for (size_t i = 0; i < NMARK; i++)
		free(b->trigger_sql[i]);
	free(b);
}

#define NLIST(list) (sizeof list / sizeof *list)

static int listed(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static enum gx_err read_state(struct store_bulk *b, const char *const *tables, struct gx_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->db, "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
		return db_error(b->db, "PRAGMA cache_size", err);
	if (sqlite3_step(st) == SQLITE_ROW)
		b->cache_size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* Secondary indexes written in the schema: automatic (UNIQUE, PRIMARY KEY) ones have no SQL. */
	if (sqlite3_prepare_v2(b->db,
	                       "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1"
	                       " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(b->db, "index list", err);
	for (size_t t = 0; tables[t]; t++) {
		sqlite3_bind_text(st, 1, tables[t], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			if (listed(name, kept_indexes, NLIST(kept_indexes)) || strchr(name, '"'))
				continue;
			b->names = gx_xrealloc(b->names, (b->nidx + 1) * sizeof *b->names);
			b->sqls = gx_xrealloc(b->sqls, (b->nidx + 1) * sizeof *b->sqls);
			b->names[b->nidx] = gx_xstrdup(name);
			b->sqls[b->nidx++] = gx_xstrdup((const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < NMARK; i++) {
		int listed = 0;
		for (size_t t = 0; tables[t]; t++)
			listed |= strcmp(tables[t], mark_triggers[i].table) == 0;
		if (!listed)
			continue;
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT (SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '%s'),"
		                          " (SELECT COALESCE(MAX(id), 0) FROM \"%s\")", mark_triggers[i].trigger,
		         mark_triggers[i].table);
		if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
			return db_error(b->db, mark_triggers[i].trigger, err);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			b->trigger_sql[i] = gx_xstrdup((const char *)sqlite3_column_text(st, 0));
			b->max_id[i] = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	for (size_t i = 0; i < NCHECKED; i++)
		for (size_t t = 0; tables[t]; t++)
			if (strcmp(tables[t], checked_tables[i].table) == 0)
				b->checked[i] = b->checks_off = 1;
	if (b->checks_off) {
		if (sqlite3_prepare_v2(b->db, "PRAGMA ignore_check_constraints", -1, &st, NULL) != SQLITE_OK)
			return db_error(b->db, "PRAGMA ignore_check_constraints", err);
		if (sqlite3_step(st) == SQLITE_ROW)
			b->ignore_checks_before = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	enum gx_err e = GX_OK;
	for (size_t i = 0; i < NFTS && e == GX_OK && b->search; i++)
		e = sqlite_fts_setting_read(b->db, fts_keys[i], &b->fts_saved[i], err);
	return e;
}

enum gx_err store_bulk_restore_reads(struct store_bulk *b, struct gx_error *err)
{
	if (!b || b->reads_restored)
		return GX_OK;
	for (size_t i = 0; i < b->nidx; i++) {
		if (!b->sqls[i] || !listed(b->names[i], general_path_indexes, NLIST(general_path_indexes)))
			continue;
		enum gx_err e = exec_sql(b->db, b->sqls[i], err);
		if (e != GX_OK)
			return e;
		free(b->sqls[i]);
		b->sqls[i] = NULL;
	}
	b->reads_restored = 1;
	return GX_OK;
}

enum gx_err store_bulk_begin(struct store *s, const char *const *tables, uint64_t search_docs,
                             struct store_bulk **out, struct gx_error *err)
{
	*out = NULL;
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	struct store_bulk *b = gx_xcalloc(1, sizeof *b);
	b->db = db;
	b->search = search_docs > 0;
	b->crisismerge = store_bulk_crisismerge(search_docs);
	int search = b->search;
	enum gx_err e = read_state(b, tables, err);
	char sql[200];
	if (e == GX_OK)
		e = set_cache_kib(db, BULK_CACHE_KIB, err);
	if (e == GX_OK && b->checks_off)
		e = exec_sql(db, "PRAGMA ignore_check_constraints=ON", err);
	for (size_t i = 0; i < b->nidx && e == GX_OK; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", b->names[i]);
		e = exec_sql(db, sql, err);
	}
	for (size_t i = 0; i < NMARK && e == GX_OK; i++) {
		if (!b->trigger_sql[i])
			continue;
		snprintf(sql, sizeof sql, "DROP TRIGGER \"%s\"", mark_triggers[i].trigger);
		e = exec_sql(db, sql, err);
	}
	if (e == GX_OK && search)
		e = sqlite_fts_command(db, "automerge", 0, err);
	if (e == GX_OK && search)
		e = sqlite_fts_command(db, "crisismerge", b->crisismerge, err);
	if (e != GX_OK) {
		store_bulk_abort(b);
		return e;
	}
	*out = b;
	return GX_OK;
}

static void restore_cache(struct store_bulk *b)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)b->cache_size);
	sqlite3_exec(b->db, sql, NULL, NULL, NULL);
	if (b->checks_off)
		sqlite3_exec(b->db, b->ignore_checks_before ? "PRAGMA ignore_check_constraints=ON"
		                                            : "PRAGMA ignore_check_constraints=OFF", NULL, NULL, NULL);
}

/* The CHECK constraints the load skipped, tested once over the tables. */
static enum gx_err check_new_rows(struct store_bulk *b, struct gx_error *err)
{
	for (size_t i = 0; i < NCHECKED; i++) {
		if (!b->checked[i])
			continue;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(b->db, checked_tables[i].violation, -1, &st, NULL) != SQLITE_OK)
			return db_error(b->db, checked_tables[i].table, err);
		int rc = sqlite3_step(st);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return gx_error_set(err, GX_EINTERNAL, NULL,
			                    _("bulk import: row %lld of %s breaks a CHECK constraint of the schema; nothing was imported"),
			                    (long long)id, checked_tables[i].table);
		if (rc != SQLITE_DONE)
			return db_error(b->db, checked_tables[i].table, err);
	}
	return GX_OK;
}

enum gx_err store_bulk_end(struct store_bulk *b, struct gx_error *err)
{
	if (!b)
		return GX_OK;
	enum gx_err e = check_new_rows(b, err);
	for (size_t i = 0; i < NMARK && e == GX_OK; i++) {
		if (!b->trigger_sql[i])
			continue;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(b->db, mark_triggers[i].mark, -1, &st, NULL) != SQLITE_OK) {
			e = db_error(b->db, mark_triggers[i].mark, err);
			break;
		}
		sqlite3_bind_int64(st, 1, b->max_id[i]);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		e = rc == SQLITE_DONE ? exec_sql(b->db, b->trigger_sql[i], err) : db_error(b->db, mark_triggers[i].mark, err);
	}
	/* Each CREATE INDEX reads the table once and sorts the keys: pages written in order. The
	 * sort keeps up to the page cache's size of keys in memory and spills sorted runs to
	 * temporary files, which this connection keeps in memory (temp_store=MEMORY): after 10M
	 * order lines that took the import to 890 MB. So the rebuilds run with a small page cache
	 * (SORT_CACHE_KIB) and real temporary files (rebuilding two indexes of the 10M-line
	 * database in the sqlite3 shell: 738 MB and 31.7 s CPU in memory, 139 MB and 15.2 s with
	 * files). SQLite allows the switch while no temporary table exists (if one did, the runs
	 * stay in memory). */
	if (e == GX_OK)
		restore_cache(b);
	if (e == GX_OK && b->nidx)
		e = set_cache_kib(b->db, SORT_CACHE_KIB, err);
	int temp_file = e == GX_OK && b->nidx && sqlite3_exec(b->db, "PRAGMA temp_store=FILE", NULL, NULL, NULL) == SQLITE_OK;
	for (size_t i = 0; i < b->nidx && e == GX_OK; i++)
		if (b->sqls[i])
			e = exec_sql(b->db, b->sqls[i], err);
	if (temp_file)
		sqlite3_exec(b->db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	restore_cache(b);
	/* The settings go back before the merge so that the in-memory configuration is the stored
	 * one again; a setting that had no row gets the default and its row removed, so the
	 * database holds exactly what it held before. */
	for (size_t i = 0; i < NFTS && e == GX_OK && b->search; i++)
		e = sqlite_fts_setting_restore(b->db, fts_keys[i], &b->fts_saved[i], fts_defaults[i], err);
	if (e == GX_OK && b->search)
		e = exec_sql(b->db, "INSERT INTO search_fts(search_fts) VALUES ('optimize')", err);
	restore_cache(b);
	bulk_free(b);
	return e;
}

void store_bulk_abort(struct store_bulk *b)
{
	if (!b)
		return;
	restore_cache(b);
	bulk_free(b);
}
