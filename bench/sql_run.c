/* bench/sql_run.c: runs the SQL script on standard input against a database opened the way
 * guanxi opens it (store_open: its pragmas, the "gx" FTS5 tokenizer and its SQL functions).
 * bench/run.sh times it copying imported rows into the same schema (schema_floor): the sqlite3
 * shell cannot, since the customers' search index needs our tokenizer.
 *
 *   cc -std=c17 -D_GNU_SOURCE -O2 -DNDEBUG -Iinclude -Isrc bench/sql_run.c build-bench/libguanxi.a \
 *      $(pkg-config --libs …) -o build-bench/sql_run
 *   build-bench/sql_run DB < script.sql
 *   build-bench/sql_run --crisismerge N     prints the FTS5 crisismerge a bulk load of N search
 *                                           documents uses (store_bulk_crisismerge), for the script
 *
 * Exit status 0 when every statement succeeded; otherwise the first error is printed and the
 * script stops (an open transaction is rolled back when the connection closes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "guanxi/bulk_store.h"
#include "guanxi/error.h"
#include "guanxi/store.h"
#include "store/sqlite/sqlite_store.h"

static char *read_all(FILE *f)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len < 2) {
			char *more = realloc(buf, cap *= 2);
			if (!more) {
				free(buf);
				return NULL;
			}
			buf = more;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--crisismerge") == 0) {
		printf("%d\n", store_bulk_crisismerge(strtoull(argv[2], NULL, 10)));
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: sql_run DB < script.sql | sql_run --crisismerge DOCUMENTS\n");
		return 2;
	}
	char *script = read_all(stdin);
	if (!script) {
		fprintf(stderr, "sql_run: cannot read the script\n");
		return 1;
	}
	struct store *s;
	struct gx_error err;
	struct store_open_options o = { 0 };
	if (store_open(argv[1], &o, &s, &err) != GX_OK) {
		fprintf(stderr, "sql_run: %s\n", err.message);
		free(script);
		return 1;
	}
	sqlite3 *db = sqlite_store_handle(s);
	char *msg = NULL;
	int rc = db ? sqlite3_exec(db, script, NULL, NULL, &msg) : SQLITE_MISUSE;
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql_run: %s\n", msg ? msg : "not an SQLite database");
	sqlite3_free(msg);
	store_close(s);
	free(script);
	return rc == SQLITE_OK ? 0 : 1;
}
