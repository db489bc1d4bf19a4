/* The PostgreSQL backend of the store (libpq): one connection per struct store, statements
 * prepared once per connection and cached by their SQL text (placeholders rewritten to $n),
 * parameters and results in text format, transactions at SERIALIZABLE so that a unit of work
 * gets the same guarantee as SQLite's single writer (docs/deploy.md), and one reconnect when
 * the connection was lost outside a transaction. SQLSTATEs map to the store's error codes:
 * integrity violations (class 23) to GX_ECONFLICT, serialization failures, deadlocks, lock
 * timeouts and lost connections to GX_EUNAVAIL ("try again").
 *
 * Large reads (store_stream_reads: exports, db copy, scoring) use single-row mode, so a scan of
 * 10M orders holds one row at a time instead of the whole result. The connection is busy while
 * such a result streams; when another statement needs it first (a lookup inside the loop), the
 * rest of the streaming result is drained into a compact buffer of its own — the old, whole
 * result behaviour, only for that statement — and the loop goes on from there. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/strhash.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/postgres/pg_store.h"

struct pg_store;

struct db_stmt {
	struct pg_store *ps;
	char *sql;          /* as written (the cache key) */
	char *pgsql;        /* with $n placeholders */
	char name[24];
	unsigned gen;       /* connection generation it was prepared on; 0: not prepared */
	int nparams;
	char **vals;        /* bound values (owned), NULL for SQL NULL */
	PGresult *res;      /* result of the last execution (streaming: the current row), until reset */
	int row, nrows;
	int64_t changes;
	int executed;       /* run since the last reset */
	int streaming;      /* rows still arriving on the connection (single-row mode) */
	int first_pending;  /* streaming: res holds a row step has not returned yet */
	int nfields;
	char ***buf;        /* rows drained from the connection for another statement */
	size_t nbuf, capbuf, ibuf;
	char **cur;         /* the buffered row step returned last */
	int buffered;       /* rows come from buf */
	int deferred;       /* the drained result ended in an error, reported after its rows */
	struct gx_error deferred_err;
};

struct pg_store {
	struct store base;
	PGconn *conn;
	unsigned gen;       /* bumped at each (re)connect: prepared statements die with a session */
	unsigned next_name;
	struct db_stmt **slots;
	size_t nslots, used;
	struct db_stmt *streaming;   /* the statement whose rows are arriving, or NULL */
	struct pg_bulk *bulk;        /* a COPY in progress (pg_bulk.c), or NULL */
};

static struct pg_store *P(struct store *s)
{
	return (struct pg_store *)s;
}

/* --- errors and reconnecting ------------------------------------------------------------ */

static int connection_lost(struct pg_store *ps, const char *state)
{
	return PQstatus(ps->conn) == CONNECTION_BAD ||
	       (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0));
}

static enum gx_err pg_error(struct pg_store *ps, const PGresult *res, struct gx_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : "";
	/* Every failure says whether running the unit again may help (store_failure_retryable). */
	ps->base.retryable = state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
	if (!msg || !*msg)
		msg = PQerrorMessage(ps->conn);
	char text[512];
	snprintf(text, sizeof text, "%s", msg ? msg : "");
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	if (connection_lost(ps, state))
		return gx_error_set(err, GX_EUNAVAIL, NULL, "%s: %s",
		                    _("the database connection was lost; try again"), text);
	if (state && strncmp(state, "23", 2) == 0)
		return gx_error_set(err, GX_ECONFLICT, NULL, "%s: %s", _("constraint violated"), text);
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	              strcmp(state, "55P03") == 0 || strncmp(state, "53", 2) == 0))
		return gx_error_set(err, GX_EUNAVAIL, NULL, "%s: %s", _("the database is busy; try again"),
		                    text);
	return gx_error_set(err, GX_EINTERNAL, NULL, "%s: %s", _("database error"), text);
}

/* After a failure outside a transaction: if the connection is gone, reconnects once and
 * returns 1 so that the caller retries; 0 otherwise. */
static int try_reconnect(struct pg_store *ps)
{
	if (ps->base.tx_depth > 0 || PQstatus(ps->conn) != CONNECTION_BAD)
		return 0;
	PQreset(ps->conn);
	if (PQstatus(ps->conn) != CONNECTION_OK)
		return 0;
	ps->gen++;
	return 1;
}

static int result_ok(const PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_EMPTY_QUERY;
}

/* --- placeholders ----------------------------------------------------------------------- */

char *pg_rewrite_placeholders(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = gx_xmalloc(n * 4 + 1), *o = out;
	int max = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {           /* literal or quoted name, doubled quotes inside */
			char q = *p;
			*o++ = *p++;
			while (*p) {
				if (*p == q && p[1] == q) {
					*o++ = *p++;
					*o++ = *p++;
				} else if (*p == q) {
					break;
				} else {
					*o++ = *p++;
				}
			}
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			size_t len = end ? (size_t)(end + 2 - p) : strlen(p);
			memcpy(o, p, len);
			o += len;
			p += len;
		} else if (*p == '?') {
			p++;
			int num = 0;
			if (*p >= '0' && *p <= '9') {
				while (*p >= '0' && *p <= '9' && num < 100000)
					num = num * 10 + (*p++ - '0');
			} else {
				num = max + 1;
			}
			if (num > max)
				max = num;
			o += sprintf(o, "$%d", num);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

/* --- statement cache -------------------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	return gx_strhash(s);
}

static void cache_insert(struct pg_store *ps, struct db_stmt *st)
{
	size_t mask = ps->nslots - 1, i = hash_str(st->sql) & mask;
	while (ps->slots[i])
		i = (i + 1) & mask;
	ps->slots[i] = st;
	ps->used++;
}

static void cache_grow(struct pg_store *ps)
{
	struct db_stmt **old = ps->slots;
	size_t oldn = ps->nslots;
	ps->nslots = oldn ? oldn * 2 : 64;
	ps->slots = gx_xcalloc(ps->nslots, sizeof *ps->slots);
	ps->used = 0;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			cache_insert(ps, old[i]);
	free(old);
}

/* Reads the connection up to the end of the current command's results. */
static void conn_finish(struct pg_store *ps)
{
	PGresult *r;
	while ((r = PQgetResult(ps->conn)) != NULL)
		PQclear(r);
}

static void stream_end(struct pg_store *ps)
{
	if (!ps->streaming)
		return;
	conn_finish(ps);
	ps->streaming->streaming = 0;
	ps->streaming = NULL;
}

/* One row of a single-row result copied into one allocation: nfields pointers, then the
 * values (NULL pointer for SQL NULL). */
static char **row_copy(const PGresult *r, int nfields)
{
	size_t size = (size_t)nfields * sizeof(char *);
	for (int c = 0; c < nfields; c++)
		if (!PQgetisnull(r, 0, c))
			size += (size_t)PQgetlength(r, 0, c) + 1;
	char **row = gx_xmalloc(size ? size : 1);
	char *p = (char *)(row + nfields);
	for (int c = 0; c < nfields; c++) {
		if (PQgetisnull(r, 0, c)) {
			row[c] = NULL;
			continue;
		}
		size_t n = (size_t)PQgetlength(r, 0, c);
		memcpy(p, PQgetvalue(r, 0, c), n);
		p[n] = '\0';
		row[c] = p;
		p += n + 1;
	}
	return row;
}

/* Frees the connection for another statement: the streaming statement's remaining rows move
 * into its buffer (its current row, if any, stays in res for the caller still reading it). */
static void stream_drain(struct pg_store *ps)
{
	struct db_stmt *st = ps->streaming;
	if (!st)
		return;
	PGresult *r;
	while ((r = PQgetResult(ps->conn)) != NULL) {
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_SINGLE_TUPLE) {
			if (st->nbuf == st->capbuf) {
				st->capbuf = st->capbuf ? st->capbuf * 2 : 256;
				st->buf = gx_xrealloc(st->buf, st->capbuf * sizeof *st->buf);
			}
			st->buf[st->nbuf++] = row_copy(r, st->nfields);
		} else if (t != PGRES_TUPLES_OK && !st->deferred) {
			st->deferred = 1;
			pg_error(ps, r, &st->deferred_err);
		}
		PQclear(r);
	}
	st->streaming = 0;
	st->buffered = 1;
	ps->streaming = NULL;
}

PGconn *pg_conn_claim(struct store *s)
{
	stream_drain(P(s));
	return P(s)->conn;
}

struct pg_bulk **pg_bulk_slot(struct store *s)
{
	return &P(s)->bulk;
}

enum gx_err pg_result_error(struct store *s, const PGresult *res, struct gx_error *err)
{
	return pg_error(P(s), res, err);
}

static void stmt_clear(struct db_stmt *st)
{
	if (st->ps->streaming == st)
		stream_end(st->ps);
	for (size_t i = 0; i < st->nbuf; i++)
		free(st->buf[i]);
	free(st->buf);
	st->buf = NULL;
	st->nbuf = st->capbuf = st->ibuf = 0;
	free(st->cur);
	st->cur = NULL;
	st->buffered = st->deferred = st->first_pending = st->streaming = st->executed = 0;
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
	}
}

static void stmt_free(struct db_stmt *st)
{
	stmt_clear(st);
	free(st->vals);
	free(st->sql);
	free(st->pgsql);
	free(st);
}

/* Prepares st on the current connection unless it already is. */
static enum gx_err stmt_ensure_prepared(struct db_stmt *st, struct gx_error *err)
{
	struct pg_store *ps = st->ps;
	if (st->gen != ps->gen)
		stream_drain(ps);
	for (int attempt = 0; st->gen != ps->gen; attempt++) {
		PGresult *res = PQprepare(ps->conn, st->name, st->pgsql, st->nparams, NULL);
		if (result_ok(res)) {
			PQclear(res);
			st->gen = ps->gen;
			break;
		}
		if (attempt == 0 && try_reconnect(ps)) {
			PQclear(res);
			continue;
		}
		enum gx_err e = pg_error(ps, res, err);
		PQclear(res);
		return e;
	}
	return GX_OK;
}

static enum gx_err drv_prepare(struct store *s, const char *sql, struct db_stmt **out,
                               struct gx_error *err)
{
	struct pg_store *ps = P(s);
	if (ps->nslots) {
		size_t mask = ps->nslots - 1, i = hash_str(sql) & mask;
		while (ps->slots[i]) {
			if (strcmp(ps->slots[i]->sql, sql) == 0) {
				stmt_clear(ps->slots[i]);
				*out = ps->slots[i];
				return stmt_ensure_prepared(*out, err);
			}
			i = (i + 1) & mask;
		}
	}
	struct db_stmt *st = gx_xcalloc(1, sizeof *st);
	st->ps = ps;
	st->sql = gx_xstrdup(sql);
	st->pgsql = pg_rewrite_placeholders(sql, &st->nparams);
	st->vals = gx_xcalloc((size_t)st->nparams + 1, sizeof *st->vals);
	snprintf(st->name, sizeof st->name, "gx%u", ++ps->next_name);
	enum gx_err e = stmt_ensure_prepared(st, err);
	if (e != GX_OK) {
		stmt_free(st);
		return e;
	}
	if ((ps->used + 1) * 2 > ps->nslots)
		cache_grow(ps);
	cache_insert(ps, st);
	*out = st;
	return GX_OK;
}

/* --- binding and stepping --------------------------------------------------------------- */

static void bind_owned(struct db_stmt *st, int idx, char *v)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = v;
}

static void drv_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	bind_owned(st, idx, gx_xstrdup(buf));
}

static void drv_bind_double(struct db_stmt *st, int idx, double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.17g", v);
	bind_owned(st, idx, gx_xstrdup(buf));
}

static void drv_bind_text(struct db_stmt *st, int idx, const char *v)
{
	bind_owned(st, idx, v ? gx_xstrdup(v) : NULL);
}

static void drv_bind_null(struct db_stmt *st, int idx)
{
	bind_owned(st, idx, NULL);
}

/* Sends st in single-row mode; the first result decides: a row starts streaming, anything
 * else (no rows, a command, an error) is complete at once. */
static enum gx_err stmt_execute_stream(struct db_stmt *st, struct gx_error *err)
{
	struct pg_store *ps = st->ps;
	for (int attempt = 0;; attempt++) {
		enum gx_err e = stmt_ensure_prepared(st, err);
		if (e != GX_OK)
			return e;
		stream_drain(ps);
		PGresult *res = NULL;
		if (PQsendQueryPrepared(ps->conn, st->name, st->nparams, (const char *const *)st->vals, NULL,
		                        NULL, 0)) {
			PQsetSingleRowMode(ps->conn);
			res = PQgetResult(ps->conn);
		}
		ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		st->executed = 1;
		if (t == PGRES_SINGLE_TUPLE) {
			st->res = res;
			st->row = 0;
			st->nrows = 1;
			st->nfields = PQnfields(res);
			st->streaming = st->first_pending = 1;
			st->changes = 0;
			ps->streaming = st;
			return GX_OK;
		}
		conn_finish(ps);
		if (result_ok(res)) {
			st->res = res;
			st->row = -1;
			st->nrows = t == PGRES_TUPLES_OK ? PQntuples(res) : 0;
			const char *ct = PQcmdTuples(res);
			st->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
			return GX_OK;
		}
		st->executed = 0;
		if (attempt == 0 && try_reconnect(ps)) {
			PQclear(res);
			continue;
		}
		e = pg_error(ps, res, err);
		PQclear(res);
		return e;
	}
}

static enum gx_err stmt_execute(struct db_stmt *st, struct gx_error *err)
{
	struct pg_store *ps = st->ps;
	if (ps->base.stream_reads > 0)
		return stmt_execute_stream(st, err);
	stream_drain(ps);
	for (int attempt = 0;; attempt++) {
		enum gx_err e = stmt_ensure_prepared(st, err);
		if (e != GX_OK)
			return e;
		PGresult *res = PQexecPrepared(ps->conn, st->name, st->nparams,
		                               (const char *const *)st->vals, NULL, NULL, 0);
		if (result_ok(res)) {
			st->executed = 1;
			st->res = res;
			st->row = -1;
			st->nrows = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
			const char *ct = PQcmdTuples(res);
			st->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
			return GX_OK;
		}
		if (attempt == 0 && try_reconnect(ps)) {
			PQclear(res);
			continue;
		}
		e = pg_error(ps, res, err);
		PQclear(res);
		return e;
	}
}

static enum gx_err drv_step(struct db_stmt *st, int *row, struct gx_error *err)
{
	*row = 0;
	if (!st->executed) {
		enum gx_err e = stmt_execute(st, err);
		if (e != GX_OK)
			return e;
	}
	if (st->first_pending) {   /* the row that came with the first result */
		st->first_pending = 0;
		*row = 1;
		return GX_OK;
	}
	if (st->streaming) {
		struct pg_store *ps = st->ps;
		PQclear(st->res);
		st->res = NULL;
		st->nrows = 0;
		PGresult *r = PQgetResult(ps->conn);
		ExecStatusType t = r ? PQresultStatus(r) : PGRES_TUPLES_OK;
		if (t == PGRES_SINGLE_TUPLE) {
			st->res = r;
			st->row = 0;
			st->nrows = 1;
			*row = 1;
			return GX_OK;
		}
		enum gx_err e = GX_OK;
		if (t != PGRES_TUPLES_OK)
			e = pg_error(ps, r, err);
		PQclear(r);
		stream_end(ps);
		return e;
	}
	if (st->buffered) {
		PQclear(st->res);
		st->res = NULL;
		st->nrows = 0;
		if (st->ibuf < st->nbuf) {
			free(st->cur);
			st->cur = st->buf[st->ibuf];
			st->buf[st->ibuf++] = NULL;
			*row = 1;
			return GX_OK;
		}
		free(st->cur);
		st->cur = NULL;
		if (st->deferred) {
			st->deferred = 0;
			*err = st->deferred_err;
			return st->deferred_err.code;
		}
		return GX_OK;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		*row = 1;
	} else {
		st->row = st->nrows;
	}
	return GX_OK;
}

static const char *value(struct db_stmt *st, int col)
{
	if (st->cur)
		return col >= 0 && col < st->nfields ? st->cur[col] : NULL;
	if (!st->res || st->row < 0 || st->row >= st->nrows || col >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t drv_col_i64(struct db_stmt *st, int col)
{
	const char *v = value(st, col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])   /* booleans, as SQLite gives them */
		return 1;
	return strtoll(v, NULL, 10);
}

static double drv_col_double(struct db_stmt *st, int col)
{
	const char *v = value(st, col);
	return v ? strtod(v, NULL) : 0.0;
}

static const char *drv_col_text(struct db_stmt *st, int col)
{
	return value(st, col);
}

static int drv_col_is_null(struct db_stmt *st, int col)
{
	return value(st, col) == NULL;
}

static int64_t drv_changes(struct db_stmt *st)
{
	return st->changes;
}

static void drv_reset(struct db_stmt *st)
{
	stmt_clear(st);
}

/* --- scripts and transactions ----------------------------------------------------------- */

static enum gx_err drv_exec_script(struct store *s, const char *sql, struct gx_error *err)
{
	struct pg_store *ps = P(s);
	stream_drain(ps);
	for (int attempt = 0;; attempt++) {
		PGresult *res = PQexec(ps->conn, sql);
		if (result_ok(res)) {
			PQclear(res);
			return GX_OK;
		}
		if (attempt == 0 && try_reconnect(ps)) {
			PQclear(res);
			continue;
		}
		enum gx_err e = pg_error(ps, res, err);
		PQclear(res);
		return e;
	}
}

enum gx_err pg_query_params(struct store *s, const char *sql, int nparams, const char *const *vals,
                            struct pg_result **out, struct gx_error *err)
{
	struct pg_store *ps = P(s);
	*out = NULL;
	stream_drain(ps);
	for (int attempt = 0;; attempt++) {
		PGresult *res = PQexecParams(ps->conn, sql, nparams, NULL, vals, NULL, NULL, 0);
		if (result_ok(res)) {
			*out = (struct pg_result *)res;
			return GX_OK;
		}
		if (attempt == 0 && try_reconnect(ps)) {
			PQclear(res);
			continue;
		}
		enum gx_err e = pg_error(ps, res, err);
		PQclear(res);
		return e;
	}
}

int pg_result_rows(const struct pg_result *res)
{
	return PQntuples((const PGresult *)res);
}

int64_t pg_result_i64(const struct pg_result *res, int row, int col)
{
	return strtoll(PQgetvalue((const PGresult *)res, row, col), NULL, 10);
}

void pg_result_free(struct pg_result *res)
{
	PQclear((PGresult *)res);
}

static enum gx_err drv_tx_begin(struct store *s, struct gx_error *err)
{
	return drv_exec_script(s, "BEGIN ISOLATION LEVEL SERIALIZABLE", err);
}

static enum gx_err drv_tx_commit(struct store *s, struct gx_error *err)
{
	struct pg_store *ps = P(s);
	stream_drain(ps);
	PGresult *res = PQexec(ps->conn, "COMMIT");
	enum gx_err e = GX_OK;
	if (!result_ok(res))
		e = pg_error(ps, res, err);
	else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		/* COMMIT of a transaction that an earlier error aborted rolls back instead */
		e = gx_error_set(err, GX_EINTERNAL, NULL, "%s",
		                 _("the transaction was rolled back after an earlier error"));
	PQclear(res);
	return e;
}

static void drv_tx_rollback(struct store *s)
{
	struct pg_store *ps = P(s);
	stream_drain(ps);
	if (PQtransactionStatus(ps->conn) != PQTRANS_IDLE)
		PQclear(PQexec(ps->conn, "ROLLBACK"));
}

static int drv_tx_active(struct store *s)
{
	return PQtransactionStatus(P(s)->conn) != PQTRANS_IDLE;
}

static void drv_close(struct store *s)
{
	struct pg_store *ps = P(s);
	for (size_t i = 0; i < ps->nslots; i++)
		if (ps->slots[i])
			stmt_free(ps->slots[i]);
	free(ps->slots);
	pg_bulk_free(ps->bulk);
	PQfinish(ps->conn);
	free(ps);
}

static const struct store_driver pg_driver = {
	.name = "postgres",
	.close = drv_close,
	.exec_script = drv_exec_script,
	.prepare = drv_prepare,
	.bind_i64 = drv_bind_i64,
	.bind_double = drv_bind_double,
	.bind_text = drv_bind_text,
	.bind_null = drv_bind_null,
	.step = drv_step,
	.col_i64 = drv_col_i64,
	.col_double = drv_col_double,
	.col_text = drv_col_text,
	.col_is_null = drv_col_is_null,
	.changes = drv_changes,
	.reset = drv_reset,
	.tx_begin = drv_tx_begin,
	.tx_commit = drv_tx_commit,
	.tx_rollback = drv_tx_rollback,
	.tx_active = drv_tx_active,
	.search_put = pg_search_put,
	.search_delete = pg_search_delete,
	.search_query = pg_search_query,
	.schema_tables = pg_schema_tables,
	.schema_columns = pg_schema_columns,
	.tx_begin_snapshot = pg_tx_begin_snapshot,
	.identity_reset = pg_identity_reset,
	.next_id = pg_next_id,
	.search_clear = pg_search_clear,
	.check_integrity = NULL,
	.backup_to_file = NULL,
	.bulk_begin = pg_bulk_begin,
	.bulk_row = pg_bulk_row,
	.bulk_end = pg_bulk_end,
	.search_bulk = pg_search_bulk,
	.bulk_defs = pg_bulk_defs,
	.migrations = migrations_postgres,
};

/* Server notices ("relation already exists, skipping") are not for the user's terminal. */
static void ignore_notice(void *arg, const char *message)
{
}

/* The URL without its password, for messages. */
static void url_for_message(const char *url, char *out, size_t cap)
{
	const char *scheme = strstr(url, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (colon)
		snprintf(out, cap, "%.*s:***%s", (int)(colon - url), url, at);
	else
		snprintf(out, cap, "%s", url);
}

enum gx_err pg_store_open(const char *url, const struct store_open_options *opts,
                          struct store **out, struct gx_error *err)
{
	*out = NULL;
	char options[64];
	snprintf(options, sizeof options, "-c lock_timeout=%d",
	         opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000);
	/* Later keywords win: the URL may override the timeout and options, never the encoding. */
	const char *const keys[] = { "connect_timeout", "options", "dbname", "client_encoding",
	                             "application_name", NULL };
	const char *const vals[] = { "10", options, url, "UTF8", "guanxi", NULL };
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char shown[256];
		url_for_message(url, shown, sizeof shown);
		char msg[512];
		snprintf(msg, sizeof msg, "%s", conn ? PQerrorMessage(conn) : "out of memory");
		size_t n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		PQfinish(conn);
		return gx_error_set(err, GX_EUNAVAIL, "db", _("cannot connect to database %s: %s"), shown,
		                    msg);
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	struct pg_store *ps = gx_xcalloc(1, sizeof *ps);
	ps->base.drv = &pg_driver;
	ps->base.backend = STORE_POSTGRES;
	ps->conn = conn;
	ps->gen = 1;
	*out = &ps->base;
	return GX_OK;
}
