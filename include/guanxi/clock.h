/* The current time. Tests and the demo generator pin it with GUANXI_NOW=YYYY-MM-DDTHH:MM:SSZ
 * so that time-dependent rules (pool recycling, ages, cooldowns) are reproducible. */
#ifndef GUANXI_CLOCK_H
#define GUANXI_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds since 1970-01-01T00:00:00Z. */
int64_t gx_now_ms(void);
/* Microseconds of a monotonic clock (not pinned by GUANXI_NOW): for measuring durations. */
uint64_t gx_monotonic_us(void);
/* The same clock in milliseconds, for timeouts (GUANXI_NOW never moves them). */
int64_t gx_monotonic_ms(void);
/* Formats an instant as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void gx_format_instant_utc(int64_t ms, char out[32]);
/* Current time as "YYYY-MM-DDTHH:MM:SSZ". */
void gx_now_iso(char out[32]);
/* The CLOCK_REALTIME instant ms milliseconds from now, as pthread_cond_timedwait takes it. */
void gx_deadline_after_ms(struct timespec *out, int64_t ms);

#endif
