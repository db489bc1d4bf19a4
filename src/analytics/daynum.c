/* Day numbers and month arithmetic for the analytics models (see guanxi/analytics/daynum.h).
 * The conversion is the usual era-based civil-calendar arithmetic (400-year cycles of
 * 146097 days), exact for every proleptic Gregorian date and free of time-zone state, which
 * the threaded server must not touch. */
#include "guanxi/analytics/daynum.h"

#include <stdio.h>
#include <string.h>

#include "guanxi/i18n.h"

static int32_t floor_div(int32_t a, int32_t b)
{
	int32_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int32_t gx_daynum_from_ymd(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                   /* 0..399 */
	int mp = (month + 9) % 12;                                 /* March = 0 */
	int doy = (153 * mp + 2) / 5 + day - 1;                    /* 0..365 */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
	return (int32_t)(era * 146097 + doe - 719468);
}

void gx_daynum_to_ymd(int32_t daynum, int *year, int *month, int *day)
{
	int32_t z = daynum + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400) + (m <= 2);
	*month = m;
	*day = d;
}

static int days_in_month(int year, int month)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : dm[month - 1];
}

bool gx_daynum_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= days_in_month(year, month);
}

enum gx_err gx_daynum_parse(const char *s, const char *field, int32_t *out, struct gx_error *err)
{
	int y, m, d, used = 0;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
	    !gx_daynum_valid(y, m, d))
		return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not a date YYYY-MM-DD"),
		                    field, s ? s : "(null)");
	*out = gx_daynum_from_ymd(y, m, d);
	return GX_OK;
}

enum gx_err gx_daynum_check(int32_t daynum, const char *field, struct gx_error *err)
{
	/* 0001-01-01 and 9999-12-31 as day numbers. */
	if (daynum < -719162 || daynum > 2932896)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("%s: day number %ld is outside the years 1 to 9999"), field,
		                    (long)daynum);
	return GX_OK;
}

int32_t gx_daynum_add_months(int32_t daynum, int months)
{
	int y, m, d;
	gx_daynum_to_ymd(daynum, &y, &m, &d);
	int32_t idx = (int32_t)(y * 12 + m - 1) + months;
	int ny = (int)floor_div(idx, 12);
	int nm = (int)(idx - ny * 12) + 1;
	int last = days_in_month(ny, nm);
	return gx_daynum_from_ymd(ny, nm, d > last ? last : d);
}

int32_t gx_daynum_month_index(int32_t daynum)
{
	int y, m, d;
	gx_daynum_to_ymd(daynum, &y, &m, &d);
	return (int32_t)(y * 12 + m - 1);
}

int32_t gx_daynum_week_index(int32_t daynum)
{
	return floor_div(daynum + 3, 7);
}
