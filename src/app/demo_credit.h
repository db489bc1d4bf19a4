/* Credit data for the demo company (demo_credit.c). */
#ifndef GX_APP_DEMO_CREDIT_H
#define GX_APP_DEMO_CREDIT_H

#include "guanxi/demo.h"

/* 5C assessments for the first organisations (with owners), invoices for their recent orders
 * with due dates spread so that the aging report as of the demo's today has every bucket,
 * and payments: on time, late, partial and missing. Deterministic for a seed and a clock. */
enum gx_err demo_generate_credit(struct app *app, const struct demo_opts *opts, struct gx_error *err);

#endif
