/* The working-hours calendar that SLA due times count on (DECISIONS.md "SLA"): a weekly
 * schedule of working spans per weekday in the company's zone (default Mon–Fri 09:00–18:00
 * Asia/Shanghai), overridden day by day by a table of exceptions — public holidays (no work)
 * and make-up workdays (调休: a weekend day worked in exchange for a holiday bridge).
 *
 * Pure arithmetic: no I/O, no process state; the zone is a struct gx_tz the caller opened.
 * A make-up workday works the spans of the standard working day, which is the first weekday
 * from Monday on that has any (Monday in the default schedule). */
#ifndef GUANXI_WORKCAL_H
#define GUANXI_WORKCAL_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/datetime.h"
#include "guanxi/error.h"

#define WORKCAL_MAX_SPANS 4
#define WORKCAL_WEEK_TEXT_SIZE 256
/* How far ahead add_minutes looks for working time before giving up (a schedule of only
 * holidays would otherwise loop for ever). */
#define WORKCAL_MAX_DAYS 3660

struct workcal_span {
	int32_t start, end;          /* seconds since local midnight, 0 <= start < end <= 86400 */
};

struct workcal_week {
	struct workcal_span day[7][WORKCAL_MAX_SPANS];   /* [0] = Monday … [6] = Sunday */
	int nspans[7];
};

enum workcal_day_kind { WORKCAL_HOLIDAY = 1, WORKCAL_WORKDAY = 2 };

struct workcal_exception {
	int32_t date;                /* days since 1970-01-01 (guanxi/datetime.h) */
	enum workcal_day_kind kind;
};

struct workcal {
	struct workcal_week week;
	const struct gx_tz *tz;
	const struct workcal_exception *ex;   /* sorted by date, one per date; may be NULL */
	size_t nex;
};

/* Mon–Fri 09:00–18:00. */
void workcal_week_default(struct workcal_week *w);

/* Parses "mon-fri 09:00-18:00" — groups separated by ';', each a day list (mon, tue, wed, thu,
 * fri, sat, sun; ranges with '-', lists with ',') and its spans ("09:00-12:00,13:00-18:00",
 * ascending, not overlapping, end up to 24:00). Days not named do not work. At least one span
 * in the week. Errors name the group and the reason. */
enum gx_err workcal_week_parse(const char *text, struct workcal_week *w, struct gx_error *err);

/* The canonical text of a week ("mon-fri 09:00-18:00"), the inverse of workcal_week_parse. */
void workcal_week_format(const struct workcal_week *w, char buf[WORKCAL_WEEK_TEXT_SIZE]);

/* The working spans of a local date (exceptions first, then the weekly schedule); returns how
 * many were written to out. */
int workcal_day_spans(const struct workcal *c, int32_t date, struct workcal_span out[WORKCAL_MAX_SPANS]);

/* The instant when `minutes` working minutes have passed since from_ms: the due time of an SLA
 * of that many working minutes. Time before the next working span does not count; a due time
 * that fills a span exactly is that span's end (09:00 + 9 h = 18:00 the same day). GX_EINVAL when
 * minutes < 0 or no working time exists within WORKCAL_MAX_DAYS days. */
enum gx_err workcal_add_minutes(const struct workcal *c, int64_t from_ms, int64_t minutes,
                                int64_t *due_ms, struct gx_error *err);

/* Working milliseconds in [from_ms, to_ms) (0 when to <= from), e.g. how long a reply took in
 * working time. Spans of at most WORKCAL_MAX_DAYS days are counted. */
int64_t workcal_working_ms_between(const struct workcal *c, int64_t from_ms, int64_t to_ms);

/* The holidays and make-up workdays of mainland China shipped with the calendar (2025 and 2026,
 * from the State Council notices; core/workcal_cn.c names them), sorted by date. */
struct workcal_cn_day {
	const char *day;             /* "YYYY-MM-DD" */
	enum workcal_day_kind kind;
	const char *name;            /* 春节, 国庆调休上班, … */
};
extern const struct workcal_cn_day workcal_cn_days[];
extern const size_t workcal_cn_ndays;

#endif
