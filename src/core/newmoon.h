/* Instants of new moon from Meeus' series (see newmoon.c); private to core/lunar.c. */
#ifndef GX_CORE_NEWMOON_H
#define GX_CORE_NEWMOON_H

#include <stdint.h>

/* The China Standard Time (UTC+8) date, as a day number, of the new moon nearest the given
 * day number, and how many seconds that instant lies from the nearer midnight (so callers
 * can tell a clear case from one within the series' error). */
int32_t gx_newmoon_china_day(int32_t near_day, double *secs_from_midnight);

#endif
