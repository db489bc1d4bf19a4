/* Wall clock with an override for tests (GUANXI_NOW). */
#include "guanxi/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t gx_monotonic_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

int64_t gx_monotonic_ms(void)
{
	return (int64_t)(gx_monotonic_us() / 1000u);
}

int64_t gx_now_ms(void)
{
	const char *pin = getenv("GUANXI_NOW");
	if (pin && *pin) {
		/* The last text parsed, per thread: the server asks for the time several times per
		 * request, and sscanf + timegm cost more than the rest of the clock together. The
		 * text is compared, not its address, since tests setenv a new value in place. */
		static _Thread_local char last[40];
		static _Thread_local int64_t last_v;
		static _Thread_local int last_ok;
		if (last[0] && strcmp(pin, last) == 0)
			return last_ok ? last_v : wall_ms();
		int ok;
		int64_t v = parse_override(pin, &ok);
		if (strlen(pin) < sizeof last) {
			strcpy(last, pin);
			last_v = v;
			last_ok = ok;
		}
		if (ok)
			return v;
	}
	return wall_ms();
}

void gx_format_instant_utc(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	/* Years outside 0..9999 cannot be written in this format; clamp them. */
	int year = tm.tm_year + 1900;
	year = year < 0 ? 0 : year > 9999 ? 9999 : year;
	/* Written digit by digit: this runs for every access-log line and audit row. */
	unsigned v[6] = {(unsigned)year, (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
	                 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u};
	char *p = out;
	*p++ = (char)('0' + v[0] / 1000);
	*p++ = (char)('0' + v[0] / 100 % 10);
	*p++ = (char)('0' + v[0] / 10 % 10);
	*p++ = (char)('0' + v[0] % 10);
	static const char sep[5] = {'-', '-', 'T', ':', ':'};
	for (int i = 1; i < 6; i++) {
		*p++ = sep[i - 1];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p++ = 'Z';
	*p = 0;
}

void gx_now_iso(char out[32])
{
	gx_format_instant_utc(gx_now_ms(), out);
}

void gx_deadline_after_ms(struct timespec *out, int64_t ms)
{
	clock_gettime(CLOCK_REALTIME, out);
	out->tv_sec += (time_t)(ms / 1000);
	out->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}
