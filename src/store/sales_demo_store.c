/* Bulk writes of the sales demo generator (app/demo_sales.c): rows with historical creation
 * times, which the generic record insert (always "now") cannot write. */
#include "guanxi/sales_demo_store.h"
#include "store/driver.h"

enum gx_err store_sales_demo_opportunity(struct store *s, const struct sales_demo_opportunity *o, int64_t *id,
                                         struct gx_error *err)
{
	int found = 0;
	return db_query_i64(s,
	                    "INSERT INTO opportunities (code, name, customer_id, pipeline_id, stage_id, status,"
	                    " amount_fen, expected_close_date, owner_id, department_id, team_id, competitors, source,"
	                    " close_reason, closed_at, closed_date, cycle_days, stage_changed_at, created_at, updated_at,"
	                    " job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    id, &found, err, "ttiiitit" "III" "tt" "ttt" "I" "ttt" "I",
	                    o->code, o->name, o->customer_id, o->pipeline_id, o->stage_id, o->status, o->amount_fen,
	                    o->expected_close_date, o->owner_id, o->department_id, o->team_id, o->competitors, o->source,
	                    o->close_reason, o->closed_at, o->closed_date, o->cycle_days, o->created_at, o->created_at,
	                    o->created_at, o->job_id);
}

enum gx_err store_sales_demo_history(struct store *s, int64_t opportunity_id, int64_t from_stage, int64_t to_stage,
                                     const char *at, int64_t user_id, const char *reason, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO opportunity_stage_history (opportunity_id, from_stage_id, to_stage_id, changed_at,"
	               " user_id, reason) VALUES (?, ?, ?, ?, ?, ?)",
	               NULL, err, "iIitIt", opportunity_id, from_stage, to_stage, at, user_id, reason);
}

enum gx_err store_sales_demo_lead(struct store *s, const struct sales_demo_lead *l, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO leads (code, name, company, phone, phone_norm, source, status, owner_id, department_id,"
	               " assigned_at, expected_amount_fen, disqualify_reason, customer_id, converted_at, created_at,"
	               " updated_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               NULL, err, "ttttttt" "II" "t" "i" "t" "I" "t" "tt" "I",
	               l->code, l->name, l->company, l->phone, l->phone, l->source, l->status, l->owner_id,
	               l->department_id, l->assigned_at, l->expected_amount_fen, l->disqualify_reason, l->customer_id,
	               l->converted_at, l->created_at, l->created_at, l->job_id);
}
