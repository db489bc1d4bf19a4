/* Excel serial dates (1900 date system), shared by the xlsx reader and writer. Excel counts days
 * from 1899-12-31 = 0 and, to stay compatible with Lotus 1-2-3, treats 1900 as a leap year:
 * serial 60 is 1900-02-29, a day that never existed, and every later serial is one day ahead of
 * a plain count (61 = 1900-03-01). The day arithmetic is the usual days-from-civil formula on the
 * proleptic Gregorian calendar. */
#include "guanxi/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/i18n.h"

#define SERIAL_MAX 2958465   /* 9999-12-31 */

/* Days since 1970-01-01 of a Gregorian date. */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

enum gx_err gx_excel_serial_to_date(double serial, char out[11], struct gx_error *err)
{
	if (!isfinite(serial) || serial < 1 || serial >= SERIAL_MAX + 1)
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("%g is not an Excel date (valid serials are 1 to %d)"), serial,
		                    SERIAL_MAX);
	long n = (long)floor(serial);
	long y, m, d;
	if (n == 60) {
		y = 1900; m = 2; d = 29;
	} else {
		/* Before the phantom day serials count from 1899-12-31, after it from 1899-12-30. */
		long base = days_from_civil(1899, 12, n < 60 ? 31 : 30);
		civil_from_days(base + n, &y, &m, &d);
	}
	char tmp[64];   /* y, m, d are in range; the room only quiets the compiler */
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, tmp, 11);
	out[10] = '\0';
	return GX_OK;
}

enum gx_err gx_excel_date_to_serial(int year, int month, int day, double *serial,
                                    struct gx_error *err)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > mdays[month - 1] + (month == 2 && leap))
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("%04d-%02d-%02d is not a date Excel can store"), year, month, day);
	long n = days_from_civil(year, month, day) - days_from_civil(1899, 12, 30);
	if (n <= 60)
		n--;   /* dates before 1900-03-01 come before the phantom 1900-02-29 */
	*serial = (double)n;
	return GX_OK;
}
