/* Lunar dates through ICU's Chinese calendar (see include/guanxi/lunar.h). The calendar runs in
 * UTC: ICU does its astronomy at China's meridian whatever the zone, and a day number maps to
 * midnight UTC, so a Gregorian day and its lunar day correspond one to one.
 *
 * ICU decides which months exist and which is leap; the first day of each month is checked
 * against the new moon of Meeus' series (newmoon.c), because ICU's shorter approximation puts
 * a new moon that falls minutes before Beijing midnight on the next day (春节 2027 on 02-07
 * instead of 02-06). Within China Standard Time (1929–2100) and when the series' instant is
 * clear of midnight, its date wins. */
#include "guanxi/lunar.h"

#include <stdlib.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "core/newmoon.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"

/* ICU numbers Chinese years from 2637 BCE: the lunar year that begins in Gregorian year Y has
 * extended year Y + 2637. */
#define CHINESE_YEAR_OFFSET 2637

struct gx_lunar {
	UCalendar *cal;
};

static enum gx_err icu_fail(struct gx_error *err, const char *what, UErrorCode st)
{
	return gx_error_set(err, GX_EINTERNAL, NULL, _("Chinese calendar (ICU %s): %s"), what,
	                    u_errorName(st));
}

enum gx_err gx_lunar_open(struct gx_lunar **out, struct gx_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar zone[4];
	u_uastrcpy(zone, "UTC");
	UCalendar *cal = ucal_open(zone, -1, "zh_CN@calendar=chinese", UCAL_DEFAULT, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "ucal_open", st);
	struct gx_lunar *l = malloc(sizeof *l);
	if (!l) {
		ucal_close(cal);
		return gx_error_set(err, GX_ENOMEM, NULL, "%s", _("out of memory"));
	}
	l->cal = cal;
	*out = l;
	return GX_OK;
}

void gx_lunar_free(struct gx_lunar *l)
{
	if (!l)
		return;
	ucal_close(l->cal);
	free(l);
}

static enum gx_err read_fields(struct gx_lunar *l, struct gx_lunar_date *out, struct gx_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	out->year = ucal_get(l->cal, UCAL_EXTENDED_YEAR, &st) - CHINESE_YEAR_OFFSET;
	out->month = ucal_get(l->cal, UCAL_MONTH, &st) + 1;
	out->leap = ucal_get(l->cal, UCAL_IS_LEAP_MONTH, &st);
	out->day = ucal_get(l->cal, UCAL_DATE, &st);
	return U_FAILURE(st) ? icu_fail(err, "ucal_get", st) : GX_OK;
}

/* ICU's lunar date of a day and the length of its month. */
static enum gx_err icu_at(struct gx_lunar *l, int32_t days, struct gx_lunar_date *out, int *len,
                          struct gx_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	ucal_setMillis(l->cal, (UDate)days * 86400000.0, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "ucal_setMillis", st);
	enum gx_err e = read_fields(l, out, err);
	if (e == GX_OK && len) {
		*len = ucal_getLimit(l->cal, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &st);
		if (U_FAILURE(st))
			return icu_fail(err, "ucal_getLimit", st);
	}
	return e;
}

/* The true first day of the month ICU starts on icu_start (see the top of this file). */
static int32_t true_start(int32_t icu_start)
{
	static const int32_t cst_from = -14975, cst_to = 47846;   /* 1929-01-01, 2100-12-31 */
	if (icu_start < cst_from || icu_start > cst_to)
		return icu_start;
	double secs;
	int32_t d = gx_newmoon_china_day(icu_start, &secs);
	if (secs < 30 || (d != icu_start - 1 && d != icu_start + 1))
		return icu_start;
	return d;
}

enum gx_err gx_lunar_from_solar(struct gx_lunar *l, int32_t days, struct gx_lunar_date *out,
                                struct gx_error *err)
{
	int len;
	enum gx_err e = icu_at(l, days, out, &len, err);
	if (e != GX_OK)
		return e;
	int32_t start = days - out->day + 1, next = start + len;
	int32_t s1 = true_start(start), n1 = true_start(next);
	if (days >= n1) {   /* the next month really began today */
		if ((e = icu_at(l, next, out, NULL, err)) != GX_OK)
			return e;
		out->day = days - n1 + 1;
	} else if (days < s1) {   /* this month really begins tomorrow: today ends the last one */
		if ((e = icu_at(l, start - 1, out, NULL, err)) != GX_OK)
			return e;
		int32_t prev = true_start(start - out->day);
		out->day = days - prev + 1;
	} else {
		out->day = days - s1 + 1;
	}
	return GX_OK;
}

enum gx_err gx_lunar_to_solar(struct gx_lunar *l, const struct gx_lunar_date *d, int32_t *days,
                              struct gx_error *err)
{
	if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > 30 || d->year < 1 || d->year > 9998)
		return gx_error_set(err, GX_EINVAL, "lunar_date",
		                    _("lunar date %d-%02d-%02d is out of range (month 1-12, day 1-30)"),
		                    d->year, d->month, d->day);
	UErrorCode st = U_ZERO_ERROR;
	ucal_clear(l->cal);
	ucal_set(l->cal, UCAL_EXTENDED_YEAR, d->year + CHINESE_YEAR_OFFSET);
	ucal_set(l->cal, UCAL_MONTH, d->month - 1);
	ucal_set(l->cal, UCAL_IS_LEAP_MONTH, d->leap ? 1 : 0);
	ucal_set(l->cal, UCAL_DATE, 1);
	UDate ms = ucal_getMillis(l->cal, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "ucal_getMillis", st);
	/* Read back: a leap month the year lacks resolves to another month. */
	struct gx_lunar_date first;
	enum gx_err e = read_fields(l, &first, err);
	if (e != GX_OK)
		return e;
	if (first.year != d->year || first.month != d->month || first.leap != (d->leap ? 1 : 0))
		return gx_error_set(err, GX_EINVAL, "lunar_date",
		                    _("the lunar year beginning in %d has no leap month %d"), d->year, d->month);
	int32_t len = ucal_getLimit(l->cal, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "ucal_getLimit", st);
	/* ms is midnight UTC of the month's first day: exact whole days. */
	int32_t start = (int32_t)(ms / 86400000.0);
	int32_t s1 = true_start(start), n1 = true_start(start + len);
	len = n1 - s1;
	int day = d->day > len ? len : d->day;
	*days = s1 + day - 1;
	return GX_OK;
}

static const struct {
	const char *key, *zh;
	int month, day;
} festivals[] = {
	[GX_FESTIVAL_SPRING] = {"spring_festival", "春节", 1, 1},
	[GX_FESTIVAL_DRAGON_BOAT] = {"dragon_boat", "端午节", 5, 5},
	[GX_FESTIVAL_MID_AUTUMN] = {"mid_autumn", "中秋节", 8, 15},
};

enum gx_err gx_festival_date(struct gx_lunar *l, enum gx_festival f, int year, int32_t *days,
                             struct gx_error *err)
{
	struct gx_lunar_date d = {year, festivals[f].month, 0, festivals[f].day};
	return gx_lunar_to_solar(l, &d, days, err);
}

const char *gx_festival_key(enum gx_festival f)
{
	return festivals[f].key;
}

const char *gx_festival_name_zh(enum gx_festival f)
{
	return festivals[f].zh;
}
