/* A fixture for the workflow suites (test_workflow.c, test_approval.c): an app on a fresh
 * database of the run's backend (SQLite file, or PostgreSQL in the second pass), with an
 * organisation: HQ (head boss) > SALES (head lead) with reps wang and li, and NOHEAD (no head)
 * under SALES with rep zhao. */
#ifndef GX_TEST_WORKFLOW_FIXTURE_H
#define GX_TEST_WORKFLOW_FIXTURE_H

#include "guanxi/app.h"
#include "support/test_db.h"

struct wf {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t boss, lead, wang, li, zhao, hq, sales, nohead;
};

int wf_setup(void **state);
int wf_teardown(void **state);
/* Acts as that user ("" or NULL: the system). */
void wf_as(struct wf *f, const char *username);
/* A customer built from "field=value" strings through the app's validation; returns its id. */
int64_t wf_customer(struct wf *f, ...);
/* A fingerprint of every table (row counts and checksums): equal before and after a refused
 * action proves it changed nothing. The string is the caller's to free. */
char *wf_db_fingerprint(struct wf *f);

#endif
