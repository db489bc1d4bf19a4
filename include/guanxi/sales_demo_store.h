/* Bulk inserts for the sales demo generator (see guanxi/demo_sales.h): the generated rows
 * carry their own historical creation times. */
#ifndef GUANXI_SALES_DEMO_STORE_H
#define GUANXI_SALES_DEMO_STORE_H

#include <stdint.h>

#include "guanxi/store.h"

struct sales_demo_opportunity {
	const char *code, *name, *status, *expected_close_date, *competitors, *source;
	const char *close_reason, *closed_at, *closed_date, *created_at;   /* NULL for none */
	int64_t customer_id, pipeline_id, stage_id, amount_fen;
	int64_t owner_id, department_id, team_id, cycle_days, job_id;      /* 0 for none (cycle: NULL) */
};

struct sales_demo_lead {
	const char *code, *name, *company, *phone, *source, *status, *assigned_at;
	const char *disqualify_reason, *converted_at, *created_at;
	int64_t owner_id, department_id, expected_amount_fen, customer_id, job_id;
};

enum gx_err store_sales_demo_opportunity(struct store *s, const struct sales_demo_opportunity *o, int64_t *id,
                                         struct gx_error *err);
enum gx_err store_sales_demo_history(struct store *s, int64_t opportunity_id, int64_t from_stage, int64_t to_stage,
                                     const char *at, int64_t user_id, const char *reason, struct gx_error *err);
enum gx_err store_sales_demo_lead(struct store *s, const struct sales_demo_lead *l, struct gx_error *err);

#endif
