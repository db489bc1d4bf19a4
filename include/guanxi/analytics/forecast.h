/* Forecasts (MODELS.md M24): the sales pipeline weighted by stage probability per expected
 * close month, and the purchases the existing customers will make month by month according
 * to a fitted buy-till-you-die model. */
#ifndef GUANXI_ANALYTICS_FORECAST_H
#define GUANXI_ANALYTICS_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/error.h"

struct forecast_opportunity {
	int64_t amount_fen;       /* >= 0 */
	int probability_pct;      /* the stage's probability, 0..100 */
	int32_t close_day;        /* expected close date, days since 1970-01-01 (local date) */
};

struct forecast_month {
	int year, month;          /* calendar month of the expected close dates */
	int64_t opportunities;
	int64_t amount_fen;       /* Σ amount */
	double expected_yuan;     /* Σ amount × probability, in yuan */
};

/* Σ amount × probability by expected close month, months in calendar order, only months with
 * opportunities, in a new array (*out, free()). GX_EINVAL for a negative amount or a
 * probability outside 0..100 (naming the opportunity's index). */
enum gx_err forecast_pipeline(const struct forecast_opportunity *o, size_t n,
                              struct forecast_month **out, size_t *n_out, struct gx_error *err);

/* Calendar date of a day number (days since 1970-01-01, proleptic Gregorian). */
void forecast_civil_from_days(int32_t day, int *year, int *month, int *mday);

/* Expected purchases of the customers in rows (histories with counts, in the model's unit of
 * unit_days days) in each of the next `months` months of 365.25/12 days after their
 * calibration end: per_month[j] for month j + 1. BG/NBD or Pareto/NBD. */
enum gx_err forecast_transactions(const struct btyd_model_params *m, const struct btyd_obs *rows,
                                  size_t n, double unit_days, int months, double *per_month,
                                  struct gx_error *err);

#endif
