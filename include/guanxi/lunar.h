/* The Chinese lunisolar calendar (农历) through ICU's "chinese" calendar: lunar birthdays and
 * the festivals 春节 (1st of the 1st month), 端午 (5th of the 5th) and 中秋 (15th of the 8th).
 * No date tables: ICU computes the months from new moons and solar terms. Dates are day
 * numbers of guanxi/datetime.h (days since 1970-01-01). */
#ifndef GUANXI_LUNAR_H
#define GUANXI_LUNAR_H

#include <stdint.h>

#include "guanxi/error.h"

/* One ICU Chinese calendar; use it from one thread at a time. */
struct gx_lunar;

struct gx_lunar_date {
	int year;     /* the Gregorian year in which this lunar year begins (its 春节) */
	int month;    /* 1–12 */
	int leap;     /* 1 for a leap month (闰月) */
	int day;      /* 1–30 */
};

enum gx_festival { GX_FESTIVAL_SPRING, GX_FESTIVAL_DRAGON_BOAT, GX_FESTIVAL_MID_AUTUMN };

enum gx_err gx_lunar_open(struct gx_lunar **out, struct gx_error *err);
void gx_lunar_free(struct gx_lunar *l);

/* The lunar date of a Gregorian day. */
enum gx_err gx_lunar_from_solar(struct gx_lunar *l, int32_t days, struct gx_lunar_date *out,
                                struct gx_error *err);
/* The Gregorian day of a lunar date. A day past the end of a short (29-day) month gives the
 * month's last day, so a birthday on the 30th is still kept in years where that month is
 * short. A leap month that the year does not have is GX_EINVAL. */
enum gx_err gx_lunar_to_solar(struct gx_lunar *l, const struct gx_lunar_date *d, int32_t *days,
                              struct gx_error *err);
/* The festival of the lunar year that begins in Gregorian year `year`. */
enum gx_err gx_festival_date(struct gx_lunar *l, enum gx_festival f, int year, int32_t *days,
                             struct gx_error *err);
/* "spring_festival", "dragon_boat", "mid_autumn"; and the Chinese names 春节, 端午节, 中秋节. */
const char *gx_festival_key(enum gx_festival f);
const char *gx_festival_name_zh(enum gx_festival f);

#endif
