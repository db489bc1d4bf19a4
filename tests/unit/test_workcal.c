/* Unit tests for core/workcal.c: SLA due times counted in working hours, hand-computed on the
 * default week (Mon–Fri 09:00–18:00, Asia/Shanghai = UTC+8) across the evening, weekends, the
 * 2025 National Day and Spring Festival holidays with their make-up workdays (调休) as the
 * State Council announced them (国办发明电〔2024〕12号: 春节 1月28日–2月4日 off, 1月26日 (Sun) and
 * 2月8日 (Sat) worked; 国庆 10月1日–8日 off, 9月28日 (Sun) and 10月11日 (Sat) worked), a week with
 * a lunch break, and bad schedules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/datetime.h"
#include "guanxi/workcal.h"

static struct gx_tz *shanghai;

static int setup(void **state)
{
	(void)state;
	struct gx_error err;
	return gx_tz_open("Asia/Shanghai", &shanghai, &err) == GX_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	gx_tz_free(shanghai);
	return 0;
}

static int32_t d(const char *ymd)
{
	int32_t v = 0;
	struct gx_error err;
	assert_int_equal(gx_date_parse(ymd, &v, "date", &err), GX_OK);
	return v;
}

static struct workcal_exception holidays_2025[32];
static size_t nholidays_2025;

static void add_ex(const char *from, const char *to, enum workcal_day_kind kind)
{
	for (int32_t x = d(from); x <= d(to); x++)
		holidays_2025[nholidays_2025++] = (struct workcal_exception){x, kind};
}

static void calendar(struct workcal *c, int with_holidays)
{
	memset(c, 0, sizeof *c);
	workcal_week_default(&c->week);
	c->tz = shanghai;
	if (with_holidays) {
		nholidays_2025 = 0;
		add_ex("2025-01-26", "2025-01-26", WORKCAL_WORKDAY);
		add_ex("2025-01-28", "2025-02-04", WORKCAL_HOLIDAY);
		add_ex("2025-02-08", "2025-02-08", WORKCAL_WORKDAY);
		add_ex("2025-09-28", "2025-09-28", WORKCAL_WORKDAY);
		add_ex("2025-10-01", "2025-10-08", WORKCAL_HOLIDAY);
		add_ex("2025-10-11", "2025-10-11", WORKCAL_WORKDAY);
		c->ex = holidays_2025;
		c->nex = nholidays_2025;
	}
}

/* from (local time in Shanghai, "YYYY-MM-DD HH:MM") + minutes must be `want` (local). */
static void check_due(const struct workcal *c, const char *from, int64_t minutes, const char *want)
{
	struct gx_error err;
	int64_t t0 = 0, due = 0, expect = 0;
	assert_int_equal(gx_instant_parse(from, shanghai, &t0, "from", &err), GX_OK);
	assert_int_equal(gx_instant_parse(want, shanghai, &expect, "want", &err), GX_OK);
	assert_int_equal(workcal_add_minutes(c, t0, minutes, &due, &err), GX_OK);
	char got[GX_INSTANT_FMT_SIZE], exp[GX_INSTANT_FMT_SIZE];
	gx_instant_format_local(due, shanghai, got);
	gx_instant_format_local(expect, shanghai, exp);
	if (due != expect)
		print_error("%s + %lld min: got %s, wanted %s\n", from, (long long)minutes, got, exp);
	assert_int_equal(due, expect);
}

static void test_same_day_and_overnight(void **state)
{
	(void)state;
	struct workcal c;
	calendar(&c, 0);
	/* 2026-11-23 is a Monday. */
	check_due(&c, "2026-11-23 10:00", 4 * 60, "2026-11-23 14:00");
	check_due(&c, "2026-11-23 09:00", 9 * 60, "2026-11-23 18:00");    /* fills the day exactly */
	check_due(&c, "2026-11-23 17:00", 2 * 60, "2026-11-24 10:00");    /* 1 h today, 1 h tomorrow */
	check_due(&c, "2026-11-23 07:30", 60, "2026-11-23 10:00");        /* before opening: from 09:00 */
	check_due(&c, "2026-11-23 18:00", 60, "2026-11-24 10:00");        /* at closing: tomorrow */
	check_due(&c, "2026-11-23 23:59", 30, "2026-11-24 09:30");
	check_due(&c, "2026-11-23 10:17", 1, "2026-11-23 10:18");
	/* UTC input: 2026-11-23T01:00Z is 09:00 in Shanghai. */
	struct gx_error err;
	int64_t t0, due;
	assert_int_equal(gx_instant_parse("2026-11-23T01:00:00Z", NULL, &t0, "t", &err), GX_OK);
	assert_int_equal(workcal_add_minutes(&c, t0, 60, &due, &err), GX_OK);
	char buf[GX_INSTANT_FMT_SIZE];
	assert_string_equal(gx_instant_format(due, buf), "2026-11-23T02:00:00Z");
}

static void test_weekends(void **state)
{
	(void)state;
	struct workcal c;
	calendar(&c, 0);
	/* Friday 2026-11-27 16:00 + 4 h: 2 h on Friday, 2 h on Monday 2026-11-30. */
	check_due(&c, "2026-11-27 16:00", 4 * 60, "2026-11-30 11:00");
	check_due(&c, "2026-11-28 10:00", 60, "2026-11-30 10:00");        /* Saturday */
	check_due(&c, "2026-11-29 23:00", 9 * 60, "2026-11-30 18:00");    /* Sunday night */
	/* A whole working week is 45 h: Monday 09:00 + 45 h is Friday 18:00, + 46 h next Monday 10:00. */
	check_due(&c, "2026-11-23 09:00", 45 * 60, "2026-11-27 18:00");
	check_due(&c, "2026-11-23 09:00", 46 * 60, "2026-11-30 10:00");
}

static void test_holidays_and_makeup_days(void **state)
{
	(void)state;
	struct workcal c;
	calendar(&c, 1);
	/* Tuesday 2025-09-30 16:00 + 4 h: 2 h that day, 1–8 October off, Thursday 10-09 09:00 + 2 h. */
	check_due(&c, "2025-09-30 16:00", 4 * 60, "2025-10-09 11:00");
	/* Friday 2025-09-26 17:00 + 3 h: 1 h Friday, Saturday off, Sunday 09-28 is worked. */
	check_due(&c, "2025-09-26 17:00", 3 * 60, "2025-09-28 11:00");
	/* Friday 2025-10-10 17:00 + 2 h: Saturday 10-11 is a make-up workday. */
	check_due(&c, "2025-10-10 17:00", 2 * 60, "2025-10-11 10:00");
	/* Monday 2025-01-27 17:00 + 10 h: 1 h, Spring Festival 01-28..02-04, 9 h on Wednesday 02-05. */
	check_due(&c, "2025-01-27 17:00", 10 * 60, "2025-02-05 18:00");
	/* Received on the holiday itself (2025-10-03 10:00): the clock starts on 10-09. */
	check_due(&c, "2025-10-03 10:00", 30, "2025-10-09 09:30");
	/* Saturday 2025-01-25 12:00 + 1 h: the Sunday 01-26 is worked. */
	check_due(&c, "2025-01-25 12:00", 60, "2025-01-26 10:00");
	/* Without the table the same start gives Monday. */
	struct workcal plain;
	calendar(&plain, 0);
	check_due(&plain, "2025-01-25 12:00", 60, "2025-01-27 10:00");
	check_due(&plain, "2025-09-30 16:00", 4 * 60, "2025-10-01 11:00");
}

static void test_lunch_break_and_custom_week(void **state)
{
	(void)state;
	struct workcal c;
	calendar(&c, 0);
	struct gx_error err;
	assert_int_equal(workcal_week_parse("mon-fri 09:00-12:00,13:00-18:00; sat 09:00-12:00", &c.week, &err), GX_OK);
	check_due(&c, "2026-11-23 11:00", 2 * 60, "2026-11-23 14:00");    /* skips 12:00–13:00 */
	check_due(&c, "2026-11-23 12:30", 30, "2026-11-23 13:30");
	check_due(&c, "2026-11-27 17:00", 2 * 60, "2026-11-28 10:00");    /* Saturday morning works */
	check_due(&c, "2026-11-28 11:00", 2 * 60, "2026-11-30 10:00");
	char text[WORKCAL_WEEK_TEXT_SIZE];
	workcal_week_format(&c.week, text);
	assert_string_equal(text, "mon-fri 09:00-12:00,13:00-18:00; sat 09:00-12:00");
	workcal_week_default(&c.week);
	workcal_week_format(&c.week, text);
	assert_string_equal(text, "mon-fri 09:00-18:00");
	assert_int_equal(workcal_week_parse("Mon,Wed,Fri 08:30-17:30; tue 10:00-24:00", &c.week, &err), GX_OK);
	workcal_week_format(&c.week, text);
	assert_string_equal(text, "mon,wed,fri 08:30-17:30; tue 10:00-24:00");
	check_due(&c, "2026-11-24 23:00", 2 * 60, "2026-11-25 09:30");    /* Tue till midnight, then Wed */
	/* A make-up Saturday works the first working weekday's hours (Monday 08:30–17:30 here). */
	struct workcal_exception ex[] = {{d("2026-11-28"), WORKCAL_WORKDAY}};
	c.ex = ex;
	c.nex = 1;
	check_due(&c, "2026-11-27 17:00", 60, "2026-11-28 09:00");
}

static void test_working_time_between(void **state)
{
	(void)state;
	struct workcal c;
	calendar(&c, 1);
	struct gx_error err;
	int64_t a, b;
	assert_int_equal(gx_instant_parse("2025-09-30 16:00", shanghai, &a, "a", &err), GX_OK);
	assert_int_equal(gx_instant_parse("2025-10-09 11:00", shanghai, &b, "b", &err), GX_OK);
	assert_int_equal(workcal_working_ms_between(&c, a, b), 4 * 3600 * 1000);
	assert_int_equal(workcal_working_ms_between(&c, b, a), 0);
	assert_int_equal(gx_instant_parse("2026-11-27 16:00", shanghai, &a, "a", &err), GX_OK);
	assert_int_equal(gx_instant_parse("2026-11-30 11:00", shanghai, &b, "b", &err), GX_OK);
	assert_int_equal(workcal_working_ms_between(&c, a, b), 4 * 3600 * 1000);
}

/* Working hours stay wall-clock hours across a daylight-saving change: New York moved from
 * UTC-5 to UTC-4 on Sunday 2026-03-08. Friday 17:00 EST (22:00Z) + 2 h is Monday 10:00 EDT
 * (14:00Z), 64 hours of clock time later rather than 65. Skipped without the system's tzdata. */
static void test_daylight_saving(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/America/New_York", R_OK) != 0) {
		print_message("SKIPPED: no /usr/share/zoneinfo/America/New_York\n");
		return;
	}
	struct gx_tz *ny;
	struct gx_error err;
	assert_int_equal(gx_tz_open("America/New_York", &ny, &err), GX_OK);
	struct workcal c;
	memset(&c, 0, sizeof c);
	workcal_week_default(&c.week);
	c.tz = ny;
	int64_t t0, due;
	char buf[GX_INSTANT_FMT_SIZE];
	assert_int_equal(gx_instant_parse("2026-03-06T22:00:00Z", NULL, &t0, "t", &err), GX_OK);
	assert_int_equal(workcal_add_minutes(&c, t0, 120, &due, &err), GX_OK);
	assert_string_equal(gx_instant_format(due, buf), "2026-03-09T14:00:00Z");
	/* And back in November (EDT to EST on Sunday 2026-11-01): Friday 17:00 EDT (21:00Z) + 2 h is
	 * Monday 10:00 EST (15:00Z). */
	assert_int_equal(gx_instant_parse("2026-10-30T21:00:00Z", NULL, &t0, "t", &err), GX_OK);
	assert_int_equal(workcal_add_minutes(&c, t0, 120, &due, &err), GX_OK);
	assert_string_equal(gx_instant_format(due, buf), "2026-11-02T15:00:00Z");
	assert_int_equal(workcal_working_ms_between(&c, t0, due), 2 * 3600 * 1000);
	gx_tz_free(ny);
}

static void test_bad_schedules(void **state)
{
	(void)state;
	struct workcal_week w;
	struct gx_error err;
	workcal_week_default(&w);
	assert_int_equal(workcal_week_parse("mon-fri 18:00-09:00", &w, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "end after it starts"));
	assert_string_equal(err.field, "work_week");
	assert_int_equal(workcal_week_parse("xyz 09:00-18:00", &w, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "day name"));
	assert_int_equal(workcal_week_parse("mon-fri 25:00-26:00", &w, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "HH:MM"));
	assert_int_equal(workcal_week_parse("fri-mon 09:00-18:00", &w, &err), GX_EINVAL);
	assert_int_equal(workcal_week_parse("mon 09:00-18:00; mon 10:00-11:00", &w, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "named twice"));
	assert_int_equal(workcal_week_parse("mon 09:00-12:00,11:00-13:00", &w, &err), GX_EINVAL);
	assert_int_equal(workcal_week_parse("", &w, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "no working hours"));
	assert_int_equal(workcal_week_parse("mon 09:00-18:00 extra", &w, &err), GX_EINVAL);
	/* A failed parse leaves the week as it was. */
	char text[WORKCAL_WEEK_TEXT_SIZE];
	workcal_week_format(&w, text);
	assert_string_equal(text, "mon-fri 09:00-18:00");

	/* Only holidays ahead: refused instead of looping. */
	struct workcal c;
	calendar(&c, 0);
	assert_int_equal(workcal_week_parse("mon 09:00-10:00", &c.week, &err), GX_OK);
	static struct workcal_exception all[WORKCAL_MAX_DAYS / 7 + 2];
	int32_t monday = d("2026-11-23");
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		all[i] = (struct workcal_exception){monday + (int32_t)i * 7, WORKCAL_HOLIDAY};
	c.ex = all;
	c.nex = sizeof all / sizeof *all;
	int64_t t0 = gx_instant_from_local_date(monday, shanghai), due;
	assert_int_equal(workcal_add_minutes(&c, t0, 1, &due, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "no working time"));
	assert_int_equal(workcal_add_minutes(&c, t0, -5, &due, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_day_and_overnight),
		cmocka_unit_test(test_weekends),
		cmocka_unit_test(test_holidays_and_makeup_days),
		cmocka_unit_test(test_lunch_break_and_custom_week),
		cmocka_unit_test(test_working_time_between),
		cmocka_unit_test(test_daylight_saving),
		cmocka_unit_test(test_bad_schedules),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
