/* Wall clock with an override for tests (GUANXI_NOW). */
#include "guanxi/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t parse_override(const char *s, int *ok)
{
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, sec = 0;
	*ok = 0;
	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) < 3)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*ok = 1;
	return (int64_t)timegm(&tm) * 1000;
}

uint64_t gx_monotonic_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

int64_t gx_now_ms(void)
{
	const char *pin = getenv("GUANXI_NOW");
	if (pin && *pin) {
		int ok;
		int64_t v = parse_override(pin, &ok);
		if (ok)
			return v;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void gx_format_instant_utc(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	/* Years outside 0..9999 cannot be written in this format; clamp them. */
	int year = tm.tm_year + 1900;
	year = year < 0 ? 0 : year > 9999 ? 9999 : year;
	snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)year, (unsigned)(tm.tm_mon + 1) % 100u,
	         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	         (unsigned)tm.tm_sec % 100u);
}

void gx_now_iso(char out[32])
{
	gx_format_instant_utc(gx_now_ms(), out);
}
