/* Dates, instants and the company time zone (DECISIONS.md "Time").
 *
 * A date is an int32_t count of days since 1970-01-01 in the proleptic Gregorian calendar, with
 * no zone: birthdays, anniversaries, due dates. An instant is an int64_t count of milliseconds
 * since 1970-01-01T00:00:00Z (leap seconds ignored, as in Unix time). Periods (day, ISO week
 * starting Monday, month, year) are taken in a struct gx_tz, the company's zone.
 *
 * Nothing here touches the process: no TZ variable, no localtime(), no locale. Zones with
 * daylight saving time are read from the system's TZif files by our own parser, so threads of
 * the server can each use their own zone. Parsers accept years 0001–9999. */
#ifndef GUANXI_DATETIME_H
#define GUANXI_DATETIME_H

#include <stdint.h>
#include "guanxi/error.h"

#define GX_DATE_MIN (-719162)        /* 0001-01-01 */
#define GX_DATE_MAX 2932896          /* 9999-12-31 */
#define GX_DATE_FMT_SIZE 11          /* "YYYY-MM-DD" */
#define GX_INSTANT_FMT_SIZE 32       /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
#define GX_MS_PER_DAY INT64_C(86400000)
/* Instants of years 0001–9999; functions taking an instant clamp it into this range. */
#define GX_INSTANT_MIN ((int64_t)GX_DATE_MIN * GX_MS_PER_DAY)
#define GX_INSTANT_MAX ((int64_t)(GX_DATE_MAX + 1) * GX_MS_PER_DAY - 1)

enum gx_period {
	GX_PERIOD_DAY,
	GX_PERIOD_WEEK,     /* Monday to Sunday */
	GX_PERIOD_MONTH,
	GX_PERIOD_YEAR
};

/* --- calendar arithmetic (no validation: callers pass valid dates) --- */

int gx_date_is_leap_year(int year);
int gx_date_days_in_month(int year, int month);             /* 0 if month is not 1–12 */
int gx_date_ymd_valid(int year, int month, int day);        /* 1 if it names a real day */
int32_t gx_date_from_ymd(int year, int month, int day);
void gx_date_to_ymd(int32_t days, int *year, int *month, int *day);
int gx_date_weekday(int32_t days);                          /* ISO: 1 = Monday … 7 = Sunday */

/* Adds months keeping the day of month, clamped to the end of a shorter month:
 * 2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28. */
int32_t gx_date_add_months(int32_t days, int months);

/* Completed years from birthday to `on`. Someone born on 02-29 becomes a year older on 03-01 in
 * common years. A day `on` before the birthday gives -1 (years are floored). */
int gx_date_age_years(int32_t birthday, int32_t on);

/* to − from, in days. */
int32_t gx_date_days_between(int32_t from, int32_t to);

/* First day of the period containing days, and the first day of the following period. */
int32_t gx_date_period_start(int32_t days, enum gx_period period);
int32_t gx_date_period_next(int32_t days, enum gx_period period);

/* --- date text --- */

/* Strict "YYYY-MM-DD" (the storage, API and filter form). Messages name the fault:
 * 'date "2023-02-29" does not exist: 2023 is not a leap year'. */
enum gx_err gx_date_parse(const char *text, int32_t *days, const char *field,
                          struct gx_error *err);

/* For imports: blanks around, full-width digits, "YYYY-M-D", "YYYY/M/D", "YYYY.M.D",
 * "YYYYMMDD" and "YYYY年M月D日" are accepted besides "YYYY-MM-DD". Day validation is as strict. */
enum gx_err gx_date_parse_lenient(const char *text, int32_t *days, const char *field,
                                  struct gx_error *err);

char *gx_date_format(int32_t days, char buf[GX_DATE_FMT_SIZE]);   /* "YYYY-MM-DD" */

/* Excel's 1900 date system, which counts the nonexistent 1900-02-29 as serial 60: serials 1–59
 * are 1900-01-01..1900-02-28, 61 is 1900-03-01, 45000 is 2023-03-15. Serial 60 and serials
 * below 1 or past 9999-12-31 are errors. A fraction (time of day) is ignored. */
enum gx_err gx_date_from_excel_serial(double serial, int32_t *days, const char *field,
                                      struct gx_error *err);
/* The serial of a date from 1900-01-01 on (0 for earlier dates). */
int32_t gx_date_to_excel_serial(int32_t days);

/* --- time zones --- */

struct gx_tz;

/* Opens a zone by IANA name. Asia/Shanghai, Asia/Hong_Kong, Asia/Macau, Asia/Taipei,
 * Asia/Singapore, Asia/Tokyo, UTC and Etc/UTC are built in as their present fixed offsets (their
 * last DST or offset change was 1991 or earlier); any other name is read from the TZif file in
 * $TZDIR or /usr/share/zoneinfo. Free with gx_tz_free(). A zone is immutable once opened and
 * may be shared between threads. */
enum gx_err gx_tz_open(const char *name, struct gx_tz **tz, struct gx_error *err);

/* Builds a zone from TZif bytes (RFC 8536, versions 1–4; files with leap seconds refused). */
enum gx_err gx_tz_from_tzif(const char *name, const unsigned char *data, size_t len,
                            struct gx_tz **tz, struct gx_error *err);

void gx_tz_free(struct gx_tz *tz);
const char *gx_tz_name(const struct gx_tz *tz);

/* UTC offset in seconds east of Greenwich in effect at the instant ms. */
int32_t gx_tz_offset_at(const struct gx_tz *tz, int64_t ms);

/* The instant of a local date and time (seconds since local midnight). A local time that occurs
 * twice (clocks set back) gives the earlier instant; one skipped by a DST change is an error. */
enum gx_err gx_tz_local_to_instant(const struct gx_tz *tz, int32_t days, int32_t sec_of_day,
                                   int64_t *ms, struct gx_error *err);

/* --- instants --- */

/* ISO 8601: "2026-11-26T08:30:00Z", "2026-11-26T08:30:00.250Z", "2026-11-26T16:30:00+08:00"
 * (also "+0800", "+08"); "T" may be a space; seconds may be omitted; fraction digits beyond
 * milliseconds are dropped. Without an offset ("2026-11-26 16:30:00") the time is local time in
 * zone; if zone is NULL that is an error. */
enum gx_err gx_instant_parse(const char *text, const struct gx_tz *zone, int64_t *ms,
                             const char *field, struct gx_error *err);

/* "2026-11-26T08:30:00Z", with ".mmm" before the Z when the milliseconds are not zero. */
char *gx_instant_format(int64_t ms, char buf[GX_INSTANT_FMT_SIZE]);

/* "2026-11-26 16:30" in zone, for display. */
char *gx_instant_format_local(int64_t ms, const struct gx_tz *zone, char buf[GX_INSTANT_FMT_SIZE]);

/* The local date of an instant in zone (the date an order counts on). */
int32_t gx_instant_local_date(int64_t ms, const struct gx_tz *zone);

/* The first instant of a local date in zone (midnight, or the end of a DST gap at midnight). */
int64_t gx_instant_from_local_date(int32_t days, const struct gx_tz *zone);

/* The first instant of the day/week/month/year in zone that contains ms. */
int64_t gx_instant_period_start(int64_t ms, const struct gx_tz *zone, enum gx_period period);

/* An Excel 1900-system date-time serial (fraction = time of day) read as local time in zone. */
enum gx_err gx_instant_from_excel_serial(double serial, const struct gx_tz *zone, int64_t *ms,
                                         const char *field, struct gx_error *err);

#endif
