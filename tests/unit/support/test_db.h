/* Test databases for store-level unit tests: a fresh, empty database per test on the backend
 * the run asks for. With GUANXI_TEST_DB_URL=postgres://… (the PostgreSQL pass of
 * scripts/run-tests.sh) that is a new database on that server, dropped afterwards; otherwise a
 * temporary SQLite file. */
#ifndef GX_TEST_DB_H
#define GX_TEST_DB_H

struct test_db {
	char url[512];      /* what store_open takes */
	char admin[512];    /* PostgreSQL: the server URL used to create and drop it */
	char name[64];      /* PostgreSQL: the database name */
	int pg;
};

/* 1 when the run targets PostgreSQL (GUANXI_TEST_DB_URL is a postgres URL). */
int test_db_is_pg(void);
/* Creates the database (nothing to create for SQLite); 0 on success, -1 with a message on
 * stderr. */
int test_db_create(struct test_db *d);
/* Drops it (the store must be closed) or removes the SQLite file and its WAL files. */
void test_db_drop(struct test_db *d);

#endif
