/* Fresh databases for unit tests on either backend (see test_db.h). */
#include "support/test_db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *pg_base(void)
{
	const char *u = getenv("GUANXI_TEST_DB_URL");
	if (u && (strncmp(u, "postgres://", 11) == 0 || strncmp(u, "postgresql://", 13) == 0))
		return u;
	return NULL;
}

int test_db_is_pg(void)
{
	return pg_base() != NULL;
}

static int admin_exec(const char *admin, const char *sql)
{
	PGconn *c = PQconnectdb(admin);
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
		if (rc)
			fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
	} else {
		fprintf(stderr, "test database server: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

int test_db_create(struct test_db *d)
{
	static int counter;
	memset(d, 0, sizeof *d);
	const char *base = pg_base();
	if (!base) {
		snprintf(d->url, sizeof d->url, "/tmp/gx-store-XXXXXX");
		int fd = mkstemp(d->url);
		if (fd < 0)
			return -1;
		close(fd);
		unlink(d->url);
		return 0;
	}
	d->pg = 1;
	snprintf(d->admin, sizeof d->admin, "%s", base);
	snprintf(d->name, sizeof d->name, "gx_ut_%d_%d", (int)getpid(), ++counter);
	const char *slash = strrchr(base, '/');
	if (!slash || slash < base + 13)
		return -1;
	snprintf(d->url, sizeof d->url, "%.*s/%s", (int)(slash - base), base, d->name);
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", d->name);
	return admin_exec(d->admin, sql);
}

void test_db_drop(struct test_db *d)
{
	if (d->pg) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", d->name);
		admin_exec(d->admin, sql);
		return;
	}
	char p[600];
	unlink(d->url);
	snprintf(p, sizeof p, "%s-wal", d->url);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", d->url);
	unlink(p);
}
