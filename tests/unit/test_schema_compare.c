/* The two backends' schemas are the same logical schema (DECISIONS.md "Storage code"): after
 * all migrations, SQLite and PostgreSQL have the same tables, the same columns with the same
 * type family (integer, text, real) and nullability, the same primary keys and unique
 * constraints, and the same named indexes over the same columns. The search index is
 * backend-specific by design (an FTS5 table there, search_docs here) and left out. Runs in the
 * PostgreSQL pass (GUANXI_TEST_DB_URL); on SQLite alone it has nothing to compare and skips. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/store.h"
#include "guanxi/strbuf.h"
#include "support/test_db.h"

/* Lines "table|what|detail", sorted, one string. */
struct lines {
	char **v;
	size_t n, cap;
};

static void add(struct lines *l, const char *fmt, ...)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
	}
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&l->v[l->n], fmt, ap) < 0)
		l->v[l->n] = NULL;
	va_end(ap);
	l->n++;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *family(const char *type)
{
	char t[64];
	size_t i;
	for (i = 0; type[i] && i < sizeof t - 1; i++)
		t[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ? type[i] + 32 : type[i]);
	t[i] = '\0';
	if (strstr(t, "int"))
		return "integer";
	if (strstr(t, "char") || strstr(t, "text") || strstr(t, "clob"))
		return "text";
	if (strstr(t, "real") || strstr(t, "floa") || strstr(t, "doub") || strstr(t, "numeric"))
		return "real";
	return t[0] ? "other" : "none";
}

static int skipped(const char *table)
{
	return strncmp(table, "search_", 7) == 0 || strncmp(table, "sqlite_", 7) == 0;
}

/* --- SQLite ----------------------------------------------------------------------------- */

static void sqlite_rows(sqlite3 *db, const char *sql, const char *arg, void (*fn)(sqlite3_stmt *, void *),
                        void *ctx)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		fn(st, ctx);
	sqlite3_finalize(st);
}

struct sctx {
	sqlite3 *db;
	struct lines *l;
	const char *table;
	struct strbuf cols;
};

static void s_col(sqlite3_stmt *st, void *p)
{
	struct sctx *c = p;
	add(c->l, "%s|column|%s %s%s", c->table, sqlite3_column_text(st, 0),
	    family((const char *)sqlite3_column_text(st, 1)),
	    sqlite3_column_int(st, 2) || sqlite3_column_int(st, 3) ? " not null" : "");
}

static void s_pk(sqlite3_stmt *st, void *p)
{
	struct sctx *c = p;
	if (c->cols.len)
		sb_addc(&c->cols, ',');
	sb_add(&c->cols, (const char *)sqlite3_column_text(st, 0));
}

static void s_idxcol(sqlite3_stmt *st, void *p)
{
	s_pk(st, p);
}

static void s_index(sqlite3_stmt *st, void *p)
{
	struct sctx *c = p;
	const char *name = (const char *)sqlite3_column_text(st, 0);
	const char *origin = (const char *)sqlite3_column_text(st, 1);
	int unique = sqlite3_column_int(st, 2);
	struct sctx ic = { c->db, c->l, c->table, {0} };
	sb_init(&ic.cols);
	sqlite_rows(c->db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", name, s_idxcol, &ic);
	if (strcmp(origin, "c") == 0)
		add(c->l, "%s|index|%s%s(%s)", c->table, unique ? "unique " : "", name, sb_str(&ic.cols));
	else if (strcmp(origin, "u") == 0)
		add(c->l, "%s|unique|(%s)", c->table, sb_str(&ic.cols));
	else if (strcmp(origin, "pk") == 0)
		add(c->l, "%s|primary key|(%s)", c->table, sb_str(&ic.cols));
	sb_free(&ic.cols);
}

static void s_table(sqlite3_stmt *st, void *p)
{
	struct sctx *c = p;
	char *t = strdup((const char *)sqlite3_column_text(st, 0));
	if (!skipped(t)) {
		struct sctx tc = { c->db, c->l, t, {0} };
		sb_init(&tc.cols);
		add(c->l, "%s|table|", t);
		sqlite_rows(c->db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", t, s_col, &tc);
		/* an INTEGER PRIMARY KEY is the rowid and has no index of its own */
		sqlite_rows(c->db, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", t, s_pk, &tc);
		int rowid_pk = 0;
		sqlite3_stmt *q;
		sqlite3_prepare_v2(c->db, "SELECT COUNT(*) FROM pragma_index_list(?) WHERE origin = 'pk'", -1, &q, NULL);
		sqlite3_bind_text(q, 1, t, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) == SQLITE_ROW)
			rowid_pk = sqlite3_column_int(q, 0) == 0 && tc.cols.len;
		sqlite3_finalize(q);
		if (rowid_pk)
			add(c->l, "%s|primary key|(%s)", t, sb_str(&tc.cols));
		sb_free(&tc.cols);
		sqlite_rows(c->db, "SELECT name, origin, \"unique\" FROM pragma_index_list(?)", t, s_index, &tc);
	}
	free(t);
}

static void sqlite_schema(const char *path, struct lines *l)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	struct sctx c = { db, l, NULL, {0} };
	sqlite_rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", NULL, s_table, &c);
	sqlite3_close(db);
}

/* --- PostgreSQL ------------------------------------------------------------------------- */

static void pg_schema(const char *url, struct lines *l)
{
	PGconn *c = PQconnectdb(url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c,
		"SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
		" WHERE table_schema = 'public' ORDER BY table_name, ordinal_position");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	const char *last = "";
	char lastbuf[128] = "";
	for (int i = 0; i < PQntuples(r); i++) {
		const char *t = PQgetvalue(r, i, 0);
		if (skipped(t))
			continue;
		if (strcmp(t, last) != 0) {
			add(l, "%s|table|", t);
			snprintf(lastbuf, sizeof lastbuf, "%s", t);
			last = lastbuf;
		}
		add(l, "%s|column|%s %s%s", t, PQgetvalue(r, i, 1), family(PQgetvalue(r, i, 2)),
		    strcmp(PQgetvalue(r, i, 3), "NO") == 0 ? " not null" : "");
	}
	PQclear(r);
	/* constraints: primary keys and unique, columns in key order */
	r = PQexec(c,
		"SELECT cl.relname, co.contype,"
		" (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(co.conkey) WITH ORDINALITY k(n, ord)"
		"  JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n)"
		" FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid"
		" JOIN pg_namespace ns ON ns.oid = cl.relnamespace"
		" WHERE ns.nspname = 'public' AND co.contype IN ('p', 'u')");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	for (int i = 0; i < PQntuples(r); i++)
		if (!skipped(PQgetvalue(r, i, 0)))
			add(l, "%s|%s|(%s)", PQgetvalue(r, i, 0),
			    PQgetvalue(r, i, 1)[0] == 'p' ? "primary key" : "unique", PQgetvalue(r, i, 2));
	PQclear(r);
	/* indexes not backing a constraint */
	r = PQexec(c,
		"SELECT t.relname, i.relname, x.indisunique,"
		" (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(n, ord)"
		"  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n)"
		" FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
		" JOIN pg_namespace ns ON ns.oid = t.relnamespace"
		" WHERE ns.nspname = 'public'"
		" AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = x.indexrelid)");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	for (int i = 0; i < PQntuples(r); i++)
		if (!skipped(PQgetvalue(r, i, 0)))
			add(l, "%s|index|%s%s(%s)", PQgetvalue(r, i, 0),
			    PQgetvalue(r, i, 2)[0] == 't' ? "unique " : "", PQgetvalue(r, i, 1),
			    PQgetvalue(r, i, 3));
	PQclear(r);
	PQfinish(c);
}

static int report_diff(struct lines *a, const char *an, struct lines *b, const char *bn)
{
	qsort(a->v, a->n, sizeof *a->v, cmp);
	qsort(b->v, b->n, sizeof *b->v, cmp);
	int diffs = 0;
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i], b->v[j]);
		if (c == 0) {
			i++, j++;
			continue;
		}
		if (c < 0)
			fprintf(stderr, "only in %s: %s\n", an, a->v[i++]);
		else
			fprintf(stderr, "only in %s: %s\n", bn, b->v[j++]);
		diffs++;
	}
	return diffs;
}

static void free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void test_same_schema(void **state)
{
	(void)state;
	if (!test_db_is_pg()) {
		fprintf(stderr, "no PostgreSQL in this run (GUANXI_TEST_DB_URL): nothing to compare\n");
		skip();
	}
	struct test_db pgdb;
	assert_int_equal(test_db_create(&pgdb), 0);
	char path[] = "/tmp/gx-schema-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct store_open_options o = {.create = 1, .migrate = 1};
	struct store *s1 = NULL, *s2 = NULL;
	struct gx_error err;
	assert_int_equal(store_open(path, &o, &s1, &err), GX_OK);
	assert_int_equal(store_open(pgdb.url, &o, &s2, &err), GX_OK);
	int v1 = 0, v2 = 0;
	assert_int_equal(store_schema_version(s1, &v1, &err), GX_OK);
	assert_int_equal(store_schema_version(s2, &v2, &err), GX_OK);
	assert_int_equal(v1, v2);
	store_close(s1);
	store_close(s2);

	struct lines a = {0}, b = {0};
	sqlite_schema(path, &a);
	pg_schema(pgdb.url, &b);
	int diffs = report_diff(&a, "sqlite", &b, "postgres");
	fprintf(stderr, "%zu schema facts compared, %d differences\n", a.n, diffs);
	assert_true(a.n > 200);   /* 18 tables and their columns, keys and indexes */
	free_lines(&a);
	free_lines(&b);
	unlink(path);
	test_db_drop(&pgdb);
	assert_int_equal(diffs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
