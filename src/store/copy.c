/* Whole-database copy and checksums (include/guanxi/copy.h): the generic half of `guanxi db
 * copy`, `backup` and `restore`. Everything backend-specific (catalogue queries, snapshots,
 * identity sequences, the search index, online backup) goes through the driver. Values travel
 * as text: both backends read a bound text into an integer or floating-point column as its
 * number. A floating-point value is written with 17 significant digits (value_text), which
 * give the same double back. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/copy.h"
#include "guanxi/customer_store.h"
#include "guanxi/entity.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/strbuf.h"
#include "store/copy_load.h"
#include "store/driver.h"
#include "store/search_text.h"

#define DIGEST crypto_hash_sha256_BYTES

struct table_plan {
	char *name;
	struct db_column *cols;
	size_t ncols;
	size_t *canon;        /* column indexes in name order (the checksum's order) */
	int *deferred;        /* foreign key to a table not yet filled when this one is copied */
	int placed;
};

struct plan {
	struct table_plan *t;
	size_t n;
	size_t *order;        /* copy order: referenced tables first */
};

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->t[i].name);
		db_columns_free(p->t[i].cols, p->t[i].ncols);
		free(p->t[i].canon);
		free(p->t[i].deferred);
	}
	free(p->t);
	free(p->order);
	memset(p, 0, sizeof *p);
}

static int cmp_canon(const void *a, const void *b, void *cols)
{
	const struct db_column *c = cols;
	return strcmp(c[*(const size_t *)a].name, c[*(const size_t *)b].name);
}

/* The tables that are copied: all of the schema's but the migration record, which the target
 * keeps for itself (it was migrated on its own). */
static enum gx_err plan_load(struct store *s, struct plan *p, struct gx_error *err)
{
	memset(p, 0, sizeof *p);
	char **names;
	size_t n;
	enum gx_err e = s->drv->schema_tables(s, &names, &n, err);
	if (e != GX_OK)
		return e;
	p->t = gx_xcalloc(n ? n : 1, sizeof *p->t);
	for (size_t i = 0; i < n && e == GX_OK; i++) {
		if (strcmp(names[i], "schema_migrations") == 0)
			continue;
		struct table_plan *t = &p->t[p->n++];
		t->name = gx_xstrdup(names[i]);
		e = s->drv->schema_columns(s, t->name, &t->cols, &t->ncols, err);
		if (e != GX_OK)
			break;
		t->canon = gx_xcalloc(t->ncols, sizeof *t->canon);
		t->deferred = gx_xcalloc(t->ncols, sizeof *t->deferred);
		for (size_t c = 0; c < t->ncols; c++)
			t->canon[c] = c;
		qsort_r(t->canon, t->ncols, sizeof *t->canon, cmp_canon, t->cols);
	}
	db_names_free(names, n);
	if (e != GX_OK)
		plan_free(p);
	return e;
}

static struct table_plan *plan_find(struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->t[i].name, name) == 0)
			return &p->t[i];
	return NULL;
}

/* Referenced tables before the tables that reference them. A foreign key that cannot be
 * satisfied by the order (to the table itself, or around a cycle) is marked deferred: its
 * column is inserted as NULL and set once every row of the table exists. */
static void plan_order(struct plan *p)
{
	p->order = gx_xcalloc(p->n ? p->n : 1, sizeof *p->order);
	for (size_t k = 0; k < p->n; k++) {
		struct table_plan *pick = NULL;
		for (size_t i = 0; i < p->n && !pick; i++) {
			struct table_plan *t = &p->t[i];
			if (t->placed)
				continue;
			int ready = 1;
			for (size_t c = 0; c < t->ncols && ready; c++) {
				const char *ref = t->cols[c].ref_table;
				struct table_plan *r = ref ? plan_find(p, ref) : NULL;
				if (r && r != t && !r->placed)
					ready = 0;
			}
			if (ready)
				pick = t;
		}
		if (!pick)   /* a cycle: break it at the first table left */
			for (size_t i = 0; i < p->n && !pick; i++)
				if (!p->t[i].placed)
					pick = &p->t[i];
		for (size_t c = 0; c < pick->ncols; c++) {
			const char *ref = pick->cols[c].ref_table;
			struct table_plan *r = ref ? plan_find(p, ref) : NULL;
			if (r && (r == pick || !r->placed))
				pick->deferred[c] = 1;
		}
		pick->placed = 1;
		p->order[k] = (size_t)(pick - p->t);
	}
}

static void add_quoted(struct strbuf *sb, const char *name)
{
	sb_add(sb, "\"");
	sb_add(sb, name);
	sb_add(sb, "\"");
}

static void add_col_list(struct strbuf *sb, const struct table_plan *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sb_add(sb, ", ");
		add_quoted(sb, t->cols[c].name);
	}
}

static void add_pk_order(struct strbuf *sb, const struct table_plan *t)
{
	int first = 1;
	for (int k = 1; k <= (int)t->ncols; k++)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cols[c].pk == k) {
				sb_add(sb, first ? " ORDER BY " : ", ");
				add_quoted(sb, t->cols[c].name);
				first = 0;
			}
}

/* --- checksums -------------------------------------------------------------------------- */

/* The rows of a table so far: the sum of their SHA-256 digests as 256-bit little-endian
 * numbers (mod 2^256). Addition does not care about order, so no digest is kept: memory stays
 * the same for ten rows or ten million. */
struct digests {
	unsigned char acc[DIGEST];
	int64_t n;
};

/* A column's value as the text that is copied and summed (NULL for SQL NULL). A float's own
 * text differs between the backends and may lose bits: SQLite writes a REAL with 15
 * significant digits (0.1 + 0.2 would arrive as 0.3) and 50.0 where PostgreSQL writes 50, so
 * a float is written here with 17, the same text for the same double on both. */
static const char *value_text(struct store *s, struct db_stmt *st, const struct table_plan *t, size_t c,
                              char buf[32])
{
	if (!t->cols[c].is_real || db_col_is_null(s, st, (int)c))
		return db_col_text(s, st, (int)c);
	snprintf(buf, 32, "%.17g", db_col_double(s, st, (int)c));
	return buf;
}

static void row_digest(struct store *s, struct db_stmt *st, const struct table_plan *t,
                       struct digests *ds)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t k = 0; k < t->ncols; k++) {
		size_t c = t->canon[k];
		char buf[32];
		const char *v = value_text(s, st, t, c, buf);
		if (!v) {
			crypto_hash_sha256_update(&h, (const unsigned char *)"N", 1);
			continue;
		}
		size_t len = strlen(v);
		char head[32];
		int hl = snprintf(head, sizeof head, "T%zu:", len);
		crypto_hash_sha256_update(&h, (const unsigned char *)head, (unsigned long long)hl);
		crypto_hash_sha256_update(&h, (const unsigned char *)v, len);
	}
	unsigned char d[DIGEST];
	crypto_hash_sha256_final(&h, d);
	unsigned carry = 0;
	for (size_t i = 0; i < DIGEST; i++) {
		carry += (unsigned)ds->acc[i] + d[i];
		ds->acc[i] = (unsigned char)carry;
		carry >>= 8;
	}
	ds->n++;
}

/* The table's checksum: SHA-256 of the sum, or of nothing for an empty table. */
static void digests_finish(struct digests *ds, int64_t *rows, char hex[65])
{
	unsigned char sum[DIGEST];
	crypto_hash_sha256(sum, ds->acc, ds->n ? DIGEST : 0);
	sodium_bin2hex(hex, 65, sum, DIGEST);
	*rows = ds->n;
	memset(ds, 0, sizeof *ds);
}

static enum gx_err table_checksum(struct store *s, const struct table_plan *t, int64_t *rows,
                                  char hex[65], struct gx_error *err)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_add(&sql, "SELECT ");
	add_col_list(&sql, t);
	sb_add(&sql, " FROM ");
	add_quoted(&sql, t->name);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&sql), &st, err);
	sb_free(&sql);
	if (e != GX_OK)
		return e;
	struct digests ds = {0};
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row)
		row_digest(s, st, t, &ds);
	db_reset(s, st);
	digests_finish(&ds, rows, hex);
	return e;
}

/* The dashboard's dirty marks (migration 0020) are set by the target's own triggers while the
 * customers and orders load: they are copied last, over those, so that the target's marks are
 * the source's (its rollup is the source's too, and consistent with the copied rows). */
#define DIRTY_MARKS "dash_dirty"

static void dirty_marks_last(struct plan *p)
{
	for (size_t k = 0; p->order && k + 1 < p->n; k++)
		if (strcmp(p->t[p->order[k]].name, DIRTY_MARKS) == 0) {
			size_t t = p->order[k];
			memmove(&p->order[k], &p->order[k + 1], (p->n - k - 1) * sizeof *p->order);
			p->order[p->n - 1] = t;
			return;
		}
}

static void report_init(struct copy_report *rep, const struct plan *p)
{
	memset(rep, 0, sizeof *rep);
	rep->t = gx_xcalloc(p->n ? p->n : 1, sizeof *rep->t);
	rep->n = p->n;
	for (size_t k = 0; k < p->n; k++) {
		const struct table_plan *t = &p->t[p->order ? p->order[k] : k];
		rep->t[k].table = gx_xstrdup(t->name);
		rep->t[k].src_rows = rep->t[k].dst_rows = -1;
	}
}

void copy_report_free(struct copy_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		free(rep->t[i].table);
	free(rep->t);
	memset(rep, 0, sizeof *rep);
}

enum gx_err copy_checksum(struct store *s, struct copy_report *rep, struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium cannot start");
	enum gx_err e = store_schema_version(s, &rep->schema_version, err);
	struct plan p;
	if (e != GX_OK || (e = plan_load(s, &p, err)) != GX_OK)
		return e;
	int version = rep->schema_version;
	report_init(rep, &p);
	rep->schema_version = version;
	store_stream_reads(s, 1);
	if ((e = s->drv->tx_begin_snapshot(s, err)) == GX_OK) {
		for (size_t i = 0; i < p.n && e == GX_OK; i++)
			e = table_checksum(s, &p.t[i], &rep->t[i].src_rows, rep->t[i].src_sum, err);
		s->drv->tx_rollback(s);
	}
	store_stream_reads(s, 0);
	plan_free(&p);
	return e;
}

/* --- the copy --------------------------------------------------------------------------- */

/* Both databases have the same tables with the same columns (by name; order may differ). */
static enum gx_err plans_match(struct plan *src, struct plan *dst, struct gx_error *err)
{
	for (size_t i = 0; i < src->n; i++) {
		struct table_plan *d = plan_find(dst, src->t[i].name);
		if (!d)
			return gx_error_set(err, GX_ECONFLICT, "to", _("the target database has no table %s"),
			                    src->t[i].name);
		for (size_t c = 0; c < src->t[i].ncols; c++) {
			int found = 0;
			for (size_t k = 0; k < d->ncols && !found; k++)
				found = strcmp(d->cols[k].name, src->t[i].cols[c].name) == 0;
			if (!found)
				return gx_error_set(err, GX_ECONFLICT, "to",
				                    _("the target's table %s has no column %s"), d->name,
				                    src->t[i].cols[c].name);
		}
		if (d->ncols != src->t[i].ncols)
			return gx_error_set(err, GX_ECONFLICT, "to",
			                    _("the target's table %s has other columns than the source's"),
			                    d->name);
	}
	for (size_t i = 0; i < dst->n; i++)
		if (!plan_find(src, dst->t[i].name))
			return gx_error_set(err, GX_ECONFLICT, "from", _("the source database has no table %s"),
			                    dst->t[i].name);
	return GX_OK;
}

/* Refuses a target holding rows, or (replace) deletes them, referencing tables first. */
static enum gx_err target_empty(struct store *dst, struct plan *p, int replace,
                                struct copy_report *rep, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	for (size_t k = p->n; k-- > 0 && e == GX_OK;) {
		const struct table_plan *t = &p->t[p->order[k]];
		struct strbuf sql;
		sb_init(&sql);
		sb_add(&sql, "SELECT COUNT(*) FROM ");
		add_quoted(&sql, t->name);
		int64_t rows = 0;
		e = db_query_i64(dst, sb_str(&sql), &rows, NULL, err, "");
		if (e == GX_OK && rows > 0) {
			rep->not_empty = !replace;
			if (!replace)
				e = gx_error_set(err, GX_ECONFLICT, "to",
				                 _("the target database is not empty: table %s holds %lld rows"),
				                 t->name, (long long)rows);
			else {
				sb_reset(&sql);
				sb_add(&sql, "DELETE FROM ");
				add_quoted(&sql, t->name);
				e = db_exec_script(dst, sb_str(&sql), err);
				rep->replaced = 1;
			}
		}
		sb_free(&sql);
	}
	return e;
}

/* Sets the deferred foreign-key columns of t from src, row by row, by primary key. */
static enum gx_err copy_deferred(struct store *src, struct store *dst, const struct table_plan *t,
                                 size_t c, struct gx_error *err)
{
	size_t pk[8], npk = 0;
	for (int k = 1; k <= (int)t->ncols && npk < 8; k++)
		for (size_t i = 0; i < t->ncols; i++)
			if (t->cols[i].pk == k)
				pk[npk++] = i;
	if (!npk)
		return gx_error_set(err, GX_EINTERNAL, NULL, "table %s: a deferred column needs a primary key",
		                    t->name);
	struct strbuf sel, upd;
	sb_init(&sel);
	sb_init(&upd);
	sb_add(&sel, "SELECT ");
	add_quoted(&sel, t->cols[c].name);
	sb_add(&upd, "UPDATE ");
	add_quoted(&upd, t->name);
	sb_add(&upd, " SET ");
	add_quoted(&upd, t->cols[c].name);
	sb_add(&upd, " = ? WHERE ");
	for (size_t k = 0; k < npk; k++) {
		sb_add(&sel, ", ");
		add_quoted(&sel, t->cols[pk[k]].name);
		if (k)
			sb_add(&upd, " AND ");
		add_quoted(&upd, t->cols[pk[k]].name);
		sb_add(&upd, " = ?");
	}
	sb_add(&sel, " FROM ");
	add_quoted(&sel, t->name);
	sb_add(&sel, " WHERE ");
	add_quoted(&sel, t->cols[c].name);
	sb_add(&sel, " IS NOT NULL");
	struct db_stmt *rs, *ws;
	enum gx_err e = db_prepare(src, sb_str(&sel), &rs, err);
	if (e == GX_OK && (e = db_prepare(dst, sb_str(&upd), &ws, err)) == GX_OK) {
		int row;
		while ((e = db_step(src, rs, &row, err)) == GX_OK && row) {
			for (size_t k = 0; k <= npk; k++)
				dst->drv->bind_text(ws, (int)k + 1, db_col_text(src, rs, (int)k));
			int r2;
			e = db_step(dst, ws, &r2, err);
			db_reset(dst, ws);
			if (e != GX_OK)
				break;
		}
		db_reset(src, rs);
	}
	sb_free(&sel);
	sb_free(&upd);
	return e;
}

/* A single integer primary key column named id, or -1. */
static int id_column(const struct table_plan *t)
{
	int id = -1, npk = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].pk) {
			npk++;
			if (strcmp(t->cols[c].name, "id") == 0)
				id = (int)c;
		}
	return npk == 1 ? id : -1;
}

/* A reference to a row of the same table that comes later in id order, kept for the UPDATE
 * once every row exists. Earlier rows are already there, so most references (a refund to its
 * order) are inserted as they are and CHECK constraints that pair a reference with another
 * column hold at every insert. */
struct late_ref {
	int64_t id;
	size_t col;
	char *value;
};

/* Applies (when e is GX_OK) and frees the late references; returns the outcome. */
static enum gx_err apply_late_refs(struct store *dst, const struct table_plan *t, int idc,
                                   struct late_ref *refs, size_t n, enum gx_err e,
                                   struct gx_error *err)
{
	for (size_t i = 0; i < n && e == GX_OK; i++) {
		struct strbuf upd;
		sb_init(&upd);
		sb_add(&upd, "UPDATE ");
		add_quoted(&upd, t->name);
		sb_add(&upd, " SET ");
		add_quoted(&upd, t->cols[refs[i].col].name);
		sb_add(&upd, " = ? WHERE ");
		add_quoted(&upd, t->cols[idc].name);
		sb_add(&upd, " = ?");
		e = db_exec(dst, sb_str(&upd), NULL, err, "ti", refs[i].value, refs[i].id);
		sb_free(&upd);
	}
	for (size_t i = 0; i < n; i++)
		free(refs[i].value);
	free(refs);
	return e;
}

static enum gx_err copy_table(struct store *src, struct store *dst, const struct table_plan *t,
                              int64_t *rows, char hex[65], struct gx_error *err)
{
	int idc = id_column(t);
	struct strbuf sel;
	sb_init(&sel);
	sb_add(&sel, "SELECT ");
	add_col_list(&sel, t);
	sb_add(&sel, " FROM ");
	add_quoted(&sel, t->name);
	add_pk_order(&sel, t);
	char **names = gx_xcalloc(t->ncols ? t->ncols : 1, sizeof *names);
	const char **vals = gx_xcalloc(t->ncols ? t->ncols : 1, sizeof *vals);
	char (*reals)[32] = gx_xcalloc(t->ncols ? t->ncols : 1, sizeof *reals);   /* value_text's */
	for (size_t c = 0; c < t->ncols; c++)
		names[c] = t->cols[c].name;
	struct db_stmt *rs;
	struct digests ds = {0};
	struct late_ref *late = NULL;
	size_t nlate = 0, caplate = 0;
	struct copy_loader ld;
	enum gx_err e = db_prepare(src, sb_str(&sel), &rs, err);
	if (e == GX_OK && (e = copy_loader_open(&ld, dst, t->name, names, t->ncols, err)) == GX_OK) {
		int row;
		while ((e = db_step(src, rs, &row, err)) == GX_OK && row) {
			row_digest(src, rs, t, &ds);
			int64_t id = idc >= 0 ? db_col_i64(src, rs, idc) : 0;
			for (size_t c = 0; c < t->ncols; c++) {
				vals[c] = NULL;
				if (db_col_is_null(src, rs, (int)c))
					continue;
				int self = t->deferred[c] && t->cols[c].ref_table &&
				           strcmp(t->cols[c].ref_table, t->name) == 0 && idc >= 0;
				if (self && db_col_i64(src, rs, (int)c) > id) {
					if (nlate == caplate) {
						caplate = caplate ? caplate * 2 : 16;
						late = gx_xrealloc(late, caplate * sizeof *late);
					}
					late[nlate++] = (struct late_ref){id, c, gx_xstrdup(db_col_text(src, rs, (int)c))};
				} else if (!t->deferred[c] || self) {
					vals[c] = value_text(src, rs, t, c, reals[c]);
				}
			}
			if ((e = copy_loader_row(&ld, vals, err)) != GX_OK)
				break;
		}
		db_reset(src, rs);
		e = copy_loader_close(&ld, e, err);
	}
	sb_free(&sel);
	free(names);
	free(vals);
	free(reals);
	digests_finish(&ds, rows, hex);
	e = apply_late_refs(dst, t, idc, late, nlate, e, err);
	for (size_t c = 0; c < t->ncols && e == GX_OK; c++) {
		int self = t->cols[c].ref_table && strcmp(t->cols[c].ref_table, t->name) == 0 && idc >= 0;
		if (t->deferred[c] && !self)
			e = copy_deferred(src, dst, t, c, err);
	}
	if (e != GX_OK)
		gx_error_prefix(err, _("table %s: "), t->name);
	return e;
}

struct reindex_ctx {
	struct store *dst;
	int64_t count;
	enum gx_err e;
	struct gx_error *err;
};

static int reindex_one(const struct record *r, void *arg)
{
	struct reindex_ctx *c = arg;
	c->e = store_search_index_record(c->dst, r, c->err);
	c->count++;
	return c->e != GX_OK;
}

/* The search index is the backend's own structure: rebuilt from the records through the same
 * call the application makes when it writes one (live records only, as there). The records
 * are read from the source's snapshot (the target holds the same rows, verified below), so
 * the target's connection is free for a bulk load of the index. */
static enum gx_err search_rebuild(struct store *src, struct store *dst, int64_t *indexed,
                                  struct gx_error *err)
{
	enum gx_err e = dst->drv->search_clear(dst, err);
	int bulk = 0;
	if (e == GX_OK && dst->drv->search_bulk)
		bulk = (e = dst->drv->search_bulk(dst, 1, err)) == GX_OK;
	for (int code = 1; code <= 4 && e == GX_OK; code++) {
		const struct entity_def *def = entity_by_name(search_entity_name(code));
		if (!def)
			continue;
		struct reindex_ctx c = {dst, 0, GX_OK, err};
		struct store_list_query q = {0};
		q.deleted = STORE_LIVE;
		e = store_record_each(src, def, &q, reindex_one, &c, err);
		if (e == GX_OK)
			e = c.e;
		*indexed += c.count;
	}
	if (bulk) {
		struct gx_error ignored;
		enum gx_err e2 = dst->drv->search_bulk(dst, 0, e == GX_OK ? err : &ignored);
		if (e == GX_OK)
			e = e2;
	}
	return e;
}

enum gx_err copy_database(struct store *src, struct store *dst, const struct copy_options *opts,
                          struct copy_report *rep, struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium cannot start");
	int vs = 0, vd = 0;
	enum gx_err e = store_schema_version(src, &vs, err);
	if (e == GX_OK)
		e = store_schema_version(dst, &vd, err);
	if (e != GX_OK)
		return e;
	if (vs != vd)
		return gx_error_set(err, GX_ECONFLICT, "from",
		                    _("schema versions differ: the source is at version %d, the target at %d; "
		                      "bring both to the same version (guanxi init upgrades a database) first"),
		                    vs, vd);
	struct plan ps, pd;
	if ((e = plan_load(src, &ps, err)) != GX_OK)
		return e;
	if ((e = plan_load(dst, &pd, err)) != GX_OK) {
		plan_free(&ps);
		return e;
	}
	if ((e = plans_match(&ps, &pd, err)) != GX_OK)
		goto out;
	plan_order(&ps);
	dirty_marks_last(&ps);
	report_init(rep, &ps);
	rep->schema_version = vs;
	if ((e = src->drv->tx_begin_snapshot(src, err)) != GX_OK)
		goto out;
	if ((e = store_begin(dst, err)) != GX_OK) {
		src->drv->tx_rollback(src);
		goto out;
	}
	e = target_empty(dst, &ps, opts && opts->replace, rep, err);
	/* Secondary indexes are built once after the load instead of row by row. */
	struct copy_indexes ix = {0};
	if (e == GX_OK)
		e = copy_indexes_drop(dst, &ix, err);
	/* Tables of 10M rows: the source's scans arrive row by row (bounded memory). */
	store_stream_reads(src, 1);
	for (size_t k = 0; k < ps.n && e == GX_OK; k++) {
		if (strcmp(ps.t[ps.order[k]].name, DIRTY_MARKS) == 0)
			e = db_exec(dst, "DELETE FROM " DIRTY_MARKS, NULL, err, "");
		if (e == GX_OK)
			e = copy_table(src, dst, &ps.t[ps.order[k]], &rep->t[k].src_rows, rep->t[k].src_sum, err);
	}
	if (e == GX_OK)
		e = search_rebuild(src, dst, &rep->indexed, err);
	store_stream_reads(src, 0);
	src->drv->tx_rollback(src);
	for (size_t k = 0; k < ps.n && e == GX_OK && dst->drv->identity_reset; k++) {
		const struct table_plan *t = &ps.t[ps.order[k]];
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cols[c].pk == 1 && strcmp(t->cols[c].name, "id") == 0)
				e = dst->drv->identity_reset(dst, t->name, err);
	}
	e = copy_indexes_build(dst, &ix, e, err);
	/* The verification reads the target back inside the copy's transaction, so a mismatch
	 * leaves the target as it was. */
	int differs = 0;
	store_stream_reads(dst, 1);
	for (size_t k = 0; k < ps.n && e == GX_OK; k++) {
		struct copy_table_report *r = &rep->t[k];
		e = table_checksum(dst, plan_find(&pd, r->table), &r->dst_rows, r->dst_sum, err);
		r->differs = r->src_rows != r->dst_rows || strcmp(r->src_sum, r->dst_sum) != 0;
		differs |= r->differs;
	}
	store_stream_reads(dst, 0);
	if (e == GX_OK && differs)
		e = gx_error_set(err, GX_ECONFLICT, NULL, "%s",
		                 _("verification failed: the target's rows differ from the source's; nothing was written"));
	if (e == GX_OK)
		e = store_commit(dst, err);
	else
		store_rollback(dst);
out:
	plan_free(&ps);
	plan_free(&pd);
	return e;
}

enum gx_err copy_check_integrity(struct store *s, struct gx_error *err)
{
	return s->drv->check_integrity ? s->drv->check_integrity(s, err) : GX_OK;
}

enum gx_err copy_backup_file(struct store *s, const char *path, int *supported, struct gx_error *err)
{
	*supported = s->drv->backup_to_file != NULL;
	return *supported ? s->drv->backup_to_file(s, path, err) : GX_OK;
}

enum gx_err copy_has_table(struct store *s, const char *table, int *found, struct gx_error *err)
{
	char **names;
	size_t n;
	*found = 0;
	enum gx_err e = s->drv->schema_tables(s, &names, &n, err);
	for (size_t i = 0; e == GX_OK && i < n; i++)
		if (strcmp(names[i], table) == 0)
			*found = 1;
	if (e == GX_OK)
		db_names_free(names, n);
	return e;
}
