/* The scores table and its runs (migration 0004_scores.sql): written by `guanxi score`
 * (app/score.c), read by `guanxi customer show`. Portable SQL on both backends. */
#ifndef GUANXI_SCORE_STORE_H
#define GUANXI_SCORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

/* One customer's scores. NaN doubles, negative integers and NULL texts are stored as NULL. */
struct store_score {
	int64_t customer_id;
	int64_t purchases;
	int64_t recency_days;      /* −1: none */
	double monetary_yuan;
	int rfm_r, rfm_f, rfm_m;   /* 0: none */
	const char *rfm_segment;
	double p_alive, expected_12m, clv_yuan;
	const char *lifecycle_stage, *abc_class, *loyalty_type;
	const char *as_of;         /* read back only */
	int64_t run_id;            /* read back only */
};

struct store_score_run {
	int64_t job_id;
	const char *as_of;
	int64_t customers, buyers;
	const char *params, *fitted;  /* JSON; fitted may be NULL */
};

enum gx_err store_score_run_insert(struct store *s, const struct store_score_run *r, int64_t *run_id,
                                   struct gx_error *err);
/* Deletes every score and writes rows[0..n) for run_id, in multi-row INSERTs; the caller
 * holds the transaction. */
enum gx_err store_scores_replace(struct store *s, int64_t run_id, const char *as_of,
                                 const struct store_score *rows, size_t n, struct gx_error *err);
/* The customer's scores, texts copied into a; *found = 0 when it has none. */
enum gx_err store_score_get(struct store *s, int64_t customer_id, struct gx_arena *a, struct store_score *out,
                            int *found, struct gx_error *err);

#endif
