/* Unit tests of the holiday table the working calendar ships with (core/workcal_cn.c) and of
 * SLA due times across the 2026 Spring Festival and National Day breaks. The 2026 rows are
 * compared date by date with the State Council notice (国务院办公厅关于2026年部分节假日安排的通知,
 * 2025-11-04): 元旦 1月1日–3日 off, 1月4日 (Sun) worked; 春节 2月15日–23日 off, 2月14日 (Sat) and
 * 2月28日 (Sat) worked; 清明 4月4日–6日; 劳动节 5月1日–5日 off, 5月9日 (Sat) worked; 端午 6月19日–
 * 21日; 中秋 9月25日–27日; 国庆 10月1日–7日 off, 9月20日 (Sun) and 10月10日 (Sat) worked. Due
 * times are hand-computed on the default week (Mon–Fri 09:00–18:00, Asia/Shanghai), first on the
 * bare calendar arithmetic, then through the app (table imported with app_calendar_set, SLA per
 * severity: low 40 h, medium 16 h, high 8 h, critical 4 h) on SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/datetime.h"
#include "guanxi/sla.h"
#include "guanxi/workcal.h"
#include "support/test_db.h"

static struct gx_tz *shanghai;
static struct workcal_exception ex[128];
static size_t nex;

static int32_t d(const char *ymd)
{
	int32_t v = 0;
	struct gx_error err;
	assert_int_equal(gx_date_parse(ymd, &v, "date", &err), GX_OK);
	return v;
}

static int setup(void **state)
{
	(void)state;
	struct gx_error err;
	if (gx_tz_open("Asia/Shanghai", &shanghai, &err) != GX_OK)
		return -1;
	nex = 0;
	for (size_t i = 0; i < workcal_cn_ndays && nex < 128; i++)
		ex[nex++] = (struct workcal_exception){d(workcal_cn_days[i].day), workcal_cn_days[i].kind};
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gx_tz_free(shanghai);
	return 0;
}

/* The 2026 rows are exactly the notice's dates, nothing more; the table is sorted, one row a date. */
static void test_2026_matches_the_notice(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to;
		enum workcal_day_kind kind;
	} notice[] = {
		{"2026-01-01", "2026-01-03", WORKCAL_HOLIDAY}, {"2026-01-04", "2026-01-04", WORKCAL_WORKDAY},
		{"2026-02-14", "2026-02-14", WORKCAL_WORKDAY}, {"2026-02-15", "2026-02-23", WORKCAL_HOLIDAY},
		{"2026-02-28", "2026-02-28", WORKCAL_WORKDAY}, {"2026-04-04", "2026-04-06", WORKCAL_HOLIDAY},
		{"2026-05-01", "2026-05-05", WORKCAL_HOLIDAY}, {"2026-05-09", "2026-05-09", WORKCAL_WORKDAY},
		{"2026-06-19", "2026-06-21", WORKCAL_HOLIDAY}, {"2026-09-20", "2026-09-20", WORKCAL_WORKDAY},
		{"2026-09-25", "2026-09-27", WORKCAL_HOLIDAY}, {"2026-10-01", "2026-10-07", WORKCAL_HOLIDAY},
		{"2026-10-10", "2026-10-10", WORKCAL_WORKDAY},
	};
	int32_t want[64];
	enum workcal_day_kind want_kind[64];
	size_t nwant = 0;
	for (size_t i = 0; i < sizeof notice / sizeof *notice; i++)
		for (int32_t x = d(notice[i].from); x <= d(notice[i].to); x++) {
			want_kind[nwant] = notice[i].kind;
			want[nwant++] = x;
		}
	assert_int_equal(nwant, 6 + 33);   /* 6 make-up workdays, 3+9+3+5+3+3+7 days off */
	size_t got = 0;
	for (size_t i = 0; i < nex; i++) {
		if (i)
			assert_true(ex[i].date > ex[i - 1].date);
		if (strncmp(workcal_cn_days[i].day, "2026-", 5) != 0)
			continue;
		assert_true(got < nwant);
		if (ex[i].date != want[got] || ex[i].kind != want_kind[got])
			print_error("row %s differs from the notice\n", workcal_cn_days[i].day);
		assert_int_equal(ex[i].date, want[got]);
		assert_int_equal(ex[i].kind, want_kind[got]);
		got++;
	}
	assert_int_equal(got, nwant);
	/* Make-up workdays fall on weekends (1970-01-01 was a Thursday: (days + 3) % 7 = 5, 6). */
	for (size_t i = 0; i < nwant; i++)
		if (want_kind[i] == WORKCAL_WORKDAY)
			assert_true((want[i] + 3) % 7 >= 5);
}

static void check_due(const struct workcal *c, const char *from, int64_t minutes, const char *want)
{
	struct gx_error err;
	int64_t t0 = 0, due = 0, expect = 0;
	assert_int_equal(gx_instant_parse(from, shanghai, &t0, "from", &err), GX_OK);
	assert_int_equal(gx_instant_parse(want, shanghai, &expect, "want", &err), GX_OK);
	assert_int_equal(workcal_add_minutes(c, t0, minutes, &due, &err), GX_OK);
	char got[GX_INSTANT_FMT_SIZE];
	gx_instant_format_local(due, shanghai, got);
	if (due != expect)
		print_error("%s + %lld min: got %s, wanted %s\n", from, (long long)minutes, got, want);
	assert_int_equal(due, expect);
}

static void test_due_across_2026_breaks(void **state)
{
	(void)state;
	struct workcal c = {.tz = shanghai, .ex = ex, .nex = nex};
	workcal_week_default(&c.week);
	/* Spring Festival. Friday 02-13 17:00 + 4 h: 1 h, then Saturday 02-14 is worked: 12:00. */
	check_due(&c, "2026-02-13 17:00", 4 * 60, "2026-02-14 12:00");
	/* Saturday 02-14 16:00 + 4 h: 2 h, 02-15..02-23 off, Tuesday 02-24 09:00 + 2 h. */
	check_due(&c, "2026-02-14 16:00", 4 * 60, "2026-02-24 11:00");
	/* Received during the break (02-18): the clock starts on 02-24. */
	check_due(&c, "2026-02-18 10:00", 30, "2026-02-24 09:30");
	/* Friday 02-27 17:00 + 2 h: Saturday 02-28 is worked. */
	check_due(&c, "2026-02-27 17:00", 2 * 60, "2026-02-28 10:00");
	/* Mid-Autumn and National Day. Saturday 09-19 12:00 + 1 h: Sunday 09-20 is worked. */
	check_due(&c, "2026-09-19 12:00", 60, "2026-09-20 10:00");
	/* Thursday 09-24 17:00 + 3 h: 1 h, 09-25..09-27 off, Monday 09-28 + 2 h. */
	check_due(&c, "2026-09-24 17:00", 3 * 60, "2026-09-28 11:00");
	/* Wednesday 09-30 16:00 + 4 h: 2 h, 10-01..10-07 off, Thursday 10-08 + 2 h. */
	check_due(&c, "2026-09-30 16:00", 4 * 60, "2026-10-08 11:00");
	/* 09-30 09:00 + 27 h = 09-30, 10-08, 10-09 in full; + 28 h reaches Saturday 10-10 (worked). */
	check_due(&c, "2026-09-30 09:00", 27 * 60, "2026-10-09 18:00");
	check_due(&c, "2026-09-30 09:00", 28 * 60, "2026-10-10 10:00");
	/* Without the table the same starts give ordinary weekdays. */
	struct workcal plain = {.tz = shanghai};
	workcal_week_default(&plain.week);
	check_due(&plain, "2026-02-13 17:00", 4 * 60, "2026-02-16 12:00");
	check_due(&plain, "2026-09-30 16:00", 4 * 60, "2026-10-01 11:00");
}

/* Through the app: the table set with app_calendar_set, the SLA of each severity from the
 * settings (defaults), due times read back with sla_due. */
static void test_sla_due_through_the_app(void **state)
{
	(void)state;
	struct test_db db;
	struct app app;
	struct gx_error err;
	assert_int_equal(test_db_create(&db), 0);
	assert_int_equal(app_open(&app, db.url, 1, &err), GX_OK);
	for (size_t i = 0; i < workcal_cn_ndays; i++)
		assert_int_equal(app_calendar_set(&app, workcal_cn_days[i].day,
		                                  workcal_cn_days[i].kind == WORKCAL_HOLIDAY ? "holiday" : "workday",
		                                  workcal_cn_days[i].name, &err), GX_OK);
	struct sla_config c;
	assert_int_equal(app_sla_load(&app, &c, &err), GX_OK);
	static const struct {
		const char *severity, *from, *want;
	} cases[] = {
		{"critical", "2026-02-13 17:00", "2026-02-14 12:00"},   /* 4 h: 1 h + 3 h on the make-up Saturday */
		{"medium", "2026-02-13 09:00", "2026-02-14 16:00"},     /* 16 h: 9 h + 7 h */
		{"high", "2026-02-14 16:00", "2026-02-24 15:00"},       /* 8 h: 2 h, the break, 6 h */
		{"high", "2026-09-30 16:00", "2026-10-08 15:00"},       /* 8 h: 2 h, National Day, 6 h */
		{"low", "2026-09-24 09:00", "2026-10-08 13:00"},        /* 40 h: 9 + 9 + 9 + 9 + 4 */
		{"critical", "2026-10-09 16:00", "2026-10-10 11:00"},   /* 4 h: 2 h + 2 h on Saturday 10-10 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t t0, want, due = 0;
		int minutes = 0;
		assert_int_equal(gx_instant_parse(cases[i].from, shanghai, &t0, "from", &err), GX_OK);
		assert_int_equal(gx_instant_parse(cases[i].want, shanghai, &want, "want", &err), GX_OK);
		assert_int_equal(sla_due(&c, cases[i].severity, t0, &due, &minutes, &err), GX_OK);
		if (due != want) {
			char got[GX_INSTANT_FMT_SIZE];
			gx_instant_format_local(due, shanghai, got);
			print_error("%s from %s: got %s, wanted %s\n", cases[i].severity, cases[i].from, got, cases[i].want);
		}
		assert_int_equal(due, want);
	}
	sla_config_free(&c);
	app_close(&app);
	test_db_drop(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2026_matches_the_notice),
		cmocka_unit_test(test_due_across_2026_breaks),
		cmocka_unit_test(test_sla_due_through_the_app),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
