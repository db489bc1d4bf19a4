/* Calendar dates as day numbers for the analytics models. An order's date is its local date in
 * the company's time zone (DECISIONS.md); the models only need whole days, so a date is the
 * number of days since 1970-01-01 in the proleptic Gregorian calendar (negative before).
 * Month arithmetic (trailing 12-month windows, calendar-month periods) lives here so every
 * model counts months the same way. */
#ifndef GUANXI_ANALYTICS_DAYNUM_H
#define GUANXI_ANALYTICS_DAYNUM_H

#include <stdbool.h>
#include <stdint.h>

#include "guanxi/error.h"

/* Day number of year-month-day; the fields are not checked (use gx_daynum_valid). */
int32_t gx_daynum_from_ymd(int year, int month, int day);
/* Calendar date of a day number. */
void gx_daynum_to_ymd(int32_t daynum, int *year, int *month, int *day);
/* True iff year 1..9999, month 1..12 and day exists in that month. */
bool gx_daynum_valid(int year, int month, int day);
/* GX_EINVAL (naming field) unless the day number lies in 0001-01-01 … 9999-12-31, the range
 * the models accept; it keeps day arithmetic far from int32 overflow. */
enum gx_err gx_daynum_check(int32_t daynum, const char *field, struct gx_error *err);
/* Parses "YYYY-MM-DD" (exactly); GX_EINVAL naming field otherwise. */
enum gx_err gx_daynum_parse(const char *s, const char *field, int32_t *out, struct gx_error *err);
/* The same day `months` months later (earlier if negative), clamped to the month's last day:
 * 2026-03-31 − 1 month = 2026-02-28. */
int32_t gx_daynum_add_months(int32_t daynum, int months);
/* Index of the calendar month containing the day: year·12 + month − 1. */
int32_t gx_daynum_month_index(int32_t daynum);
/* Index of the Monday-starting week containing the day (week 0 starts on 1969-12-29). */
int32_t gx_daynum_week_index(int32_t daynum);

#endif
