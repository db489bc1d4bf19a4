/* Checks shared by the dashboard rollup suites (test_dashboard_rollup, test_dashboard_bulk):
 * the rollup as text, to compare one way of building it with another, and its figures against
 * the scan of every customer for awkward as-of days (leap days, month and year ends) in the
 * scopes given. Every function fails the running cmocka test on a mismatch. */
#ifndef GX_TEST_ROLLUP_CHECK_H
#define GX_TEST_ROLLUP_CHECK_H

#include <stddef.h>

#include "guanxi/store_scope.h"

struct store;

/* Every rollup row as "kind stamp owner team department n" lines, sorted (malloc'd). A row
 * whose count came to zero is listed too: no way of building the rollup leaves one. */
char *rollup_check_text(struct store *s);
/* For each test day and each scope: the dashboard's figures from the rollup equal the scan's.
 * stage names the moment in the message. Returns the sum of some scan figures over the
 * whole-company scope, so a caller can assert the comparison compared something. */
long long rollup_check_against_scan(struct store *s, const struct store_scope *scopes, size_t nscopes,
                                    const char *stage);

#endif
