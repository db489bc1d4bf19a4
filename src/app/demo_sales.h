/* The demo driver's entry to the sales demo data (app/demo_sales.c). */
#ifndef GX_APP_DEMO_SALES_H
#define GX_APP_DEMO_SALES_H

#include "app/demo_internal.h"

/* Leads, opportunities, contracts and targets for the customers the demo made: 0.5
 * opportunities and 0.3 leads per customer, owned by the demo's sales reps and managers. */
enum gx_err demo_generate_sales(struct app *app, const struct demo_opts *opts, const struct demo_org *org,
                                struct gx_error *err);

#endif
