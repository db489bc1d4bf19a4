/* Unit tests for the complaints variable of a wave's PLS model (MODELS.md M7) taken from the
 * ticket store (app/survey_results.c, survey_results_opts) on SQLite and PostgreSQL: a
 * hand-built wave of 12 customers' responses and 2 public-link responses, with complaint
 * tickets placed on both sides of the window's edges (local midnight, Asia/Shanghai), inquiries
 * and a deleted complaint that must not count; the indicator column handed to the PLS fit is
 * asserted value by value against the hand-counted complaints, for the wave's period and for a
 * 7-day window; the survey-item path still measures the block by its own item; bad options
 * are refused; an ECSI-template wave gets the complaints variable added between sat and loy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/entity_service.h"
#include "guanxi/record_store.h"
#include "guanxi/survey.h"
#include "guanxi/survey_results.h"
#include "guanxi/ticket.h"
#include "support/test_db.h"

#define NCUST 12

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t cust[NCUST];
	int64_t survey, wave;
};

/* Complaints of customer i inside the wave's period 2026-02-01..2026-02-28: formal, informal;
 * and how many of them fall in the last 7 days (2026-02-22..28). */
static const int formal_in[NCUST] = {0, 1, 2, 0, 3, 1, 0, 2, 1, 0, 4, 1};
static const int informal_in[NCUST] = {1, 0, 1, 0, 2, 2, 0, 0, 1, 3, 0, 1};
/* The first late_formal[i] formal complaints of customer i are on 2026-02-25, the rest on
 * 2026-02-03; informal ones are on 2026-02-10. */
static const int late_formal[NCUST] = {0, 1, 0, 0, 2, 0, 0, 1, 1, 0, 1, 0};

static int64_t make_customer(struct fx *f, const char *name)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_customer, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "name", name, &f->a, &err), GX_OK);
	if (app_customer_create(&f->app, &r, 0, &f->a, NULL, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static int64_t ticket(struct fx *f, int64_t customer, const char *kind, const char *formality, const char *at)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_ticket, &f->a);
	record_set_int(&r, "customer_id", customer);
	const char *kv[][2] = {{"channel", "phone"}, {"subject", "送货延迟"}, {"kind", kind},
	                       {"formality", formality}, {"received_at", at}};
	for (size_t i = 0; i < sizeof kv / sizeof *kv; i++)
		if (app_field_set_text(&f->app, &r, kv[i][0], kv[i][1], &f->a, &err) != GX_OK)
			fail_msg("%s: %s", kv[i][0], err.message);
	if (app_ticket_create(&f->app, &r, 0, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static const char survey_json[] =
	"{\"code\": \"CX\", \"title\": \"投诉与忠诚\", \"sections\": [{\"title\": \"评价\", \"questions\": ["
	"{\"code\": \"s1\", \"type\": \"likert\", \"text\": \"总体满意\", \"block\": \"sat\", \"scale_min\": 1, \"scale_max\": 10},"
	"{\"code\": \"s2\", \"type\": \"likert\", \"text\": \"符合期望\", \"block\": \"sat\", \"scale_min\": 1, \"scale_max\": 10},"
	"{\"code\": \"c1\", \"type\": \"likert\", \"text\": \"投诉次数\", \"block\": \"comp\", \"scale_min\": 1, \"scale_max\": 10},"
	"{\"code\": \"l1\", \"type\": \"likert\", \"text\": \"再次购买\", \"block\": \"loy\", \"scale_min\": 1, \"scale_max\": 10},"
	"{\"code\": \"l2\", \"type\": \"likert\", \"text\": \"推荐亲友\", \"block\": \"loy\", \"scale_min\": 1, \"scale_max\": 10}]}],"
	" \"model\": {\"paths\": [[\"sat\", \"comp\"], [\"comp\", \"loy\"], [\"sat\", \"loy\"]]}}";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct gx_error err;
	setenv("GUANXI_NOW", "2026-03-10T04:00:00Z", 1);
	if (test_db_create(&f->db) != 0 || app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	struct survey_def def;
	if (survey_def_from_json(survey_json, &f->a, &def, &err) != GX_OK || survey_def_check(&def, &err) != GX_OK ||
	    app_survey_create(&f->app, &def, &err) != GX_OK)
		fail_msg("%s", err.message);
	f->survey = def.id;
	struct survey_wave w;
	if (app_survey_wave_create(&f->app, f->survey, "CX-W1", NULL, "2026-02-01", "2026-02-28", 7, &w, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	f->wave = w.id;
	for (int i = 0; i < NCUST; i++) {
		char name[32];
		snprintf(name, sizeof name, "客户%02d", i);
		f->cust[i] = make_customer(f, name);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	gx_arena_free(&f->a);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

static void respond(struct fx *f, int64_t customer, int i)
{
	/* Answers that vary with i so that every block has variance; c1 is the survey's own item. */
	char j[256];
	snprintf(j, sizeof j, "{\"s1\": %d, \"s2\": %d, \"c1\": %d, \"l1\": %d, \"l2\": %d}", 1 + (i * 7) % 10,
	         1 + (i * 3 + 2) % 10, 1 + (i * 5 + 1) % 10, 1 + (i * 7 + 1) % 10, 1 + (i * 3 + 4) % 10);
	int64_t rid;
	struct gx_error err;
	if (app_survey_submit_direct(&f->app, f->wave, customer, j, 1, &rid, &err) != GX_OK)
		fail_msg("%s", err.message);
}

static void fill(struct fx *f)
{
	for (int i = 0; i < NCUST; i++) {
		for (int k = 0; k < formal_in[i]; k++)
			ticket(f, f->cust[i], "complaint", "formal", k < late_formal[i] ? "2026-02-25 09:00" : "2026-02-03 09:00");
		for (int k = 0; k < informal_in[i]; k++)
			ticket(f, f->cust[i], "complaint", "informal", "2026-02-10 15:00");
	}
	/* The edges, in local time: the first and the last minute inside, just outside on both sides. */
	ticket(f, f->cust[3], "complaint", "formal", "2026-02-01 00:00");   /* in: customer 3 has 1 */
	ticket(f, f->cust[3], "complaint", "informal", "2026-02-28 23:59");   /* in: and 2, late too */
	ticket(f, f->cust[6], "complaint", "formal", "2026-01-31 23:59");   /* out */
	ticket(f, f->cust[6], "complaint", "informal", "2026-03-01 00:00");   /* out */
	ticket(f, f->cust[6], "inquiry", "formal", "2026-02-15 10:00");   /* not a complaint */
	int64_t gone = ticket(f, f->cust[9], "complaint", "formal", "2026-02-15 10:00");
	struct gx_error err;
	if (store_record_set_deleted(f->app.store, &entity_ticket, gone, 1, &err) != GX_OK)
		fail_msg("%s", err.message);
	/* Respondents: the 12 customers in order, two public-link responses among them. */
	for (int i = 0; i < NCUST; i++) {
		respond(f, f->cust[i], i);
		if (i == 4 || i == 9)
			respond(f, 0, i + 100);
	}
}

static double expected(int i, int window7)
{
	int n = window7 ? late_formal[i] : formal_in[i] + informal_in[i];
	if (i == 3)
		n += window7 ? 1 : 2;
	return n;
}

static void test_counts_into_pls(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	fill(f);
	struct survey_results r;
	struct survey_results_opts o = {1, 0, NULL};
	if (app_survey_results_opts(&f->app, f->wave, &o, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	const struct survey_pls_result *p = &r.pls;
	assert_true(p->complaints_from_tickets);
	assert_string_equal(p->complaints_lv, "comp");
	assert_string_equal(p->complaints_from, "2026-02-01");
	assert_string_equal(p->complaints_to, "2026-02-28");
	assert_int_equal(p->complaints_dropped, 2);
	assert_int_equal(p->n_obs, NCUST);
	assert_int_equal(p->n_lv, 3);
	assert_int_equal(p->n_mv, 5);   /* s1 s2 l1 l2 + the count; c1 is set aside */
	assert_string_equal(p->mv[4], "tickets");
	for (size_t m = 0; m < 4; m++)
		assert_string_not_equal(p->mv[m], "c1");
	for (int i = 0; i < NCUST; i++)
		if (p->x[(size_t)i * p->n_mv + 4] != expected(i, 0))
			fail_msg("respondent %d: indicator %g, expected %g", i, p->x[(size_t)i * p->n_mv + 4], expected(i, 0));
	assert_true(p->fitted);
	assert_true(isnan(p->index_100[1]));   /* comp: a count has no 0–100 index */
	assert_false(isnan(p->index_100[0]));

	/* The last 7 days before the close. */
	o.window_days = 7;
	if (app_survey_results_opts(&f->app, f->wave, &o, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	assert_string_equal(r.pls.complaints_from, "2026-02-22");
	assert_string_equal(r.pls.complaints_to, "2026-02-28");
	for (int i = 0; i < NCUST; i++)
		if (r.pls.x[(size_t)i * r.pls.n_mv + 4] != expected(i, 1))
			fail_msg("respondent %d (7 days): indicator %g, expected %g", i, r.pls.x[(size_t)i * r.pls.n_mv + 4],
			         expected(i, 1));

	/* The survey-item path: every respondent, the block measured by c1. */
	assert_int_equal(app_survey_results(&f->app, f->wave, &f->a, &r, &err), GX_OK);
	assert_false(r.pls.complaints_from_tickets);
	assert_int_equal(r.pls.complaints_dropped, 0);
	assert_int_equal(r.pls.n_obs, NCUST + 2);
	assert_int_equal(r.pls.n_mv, 5);
	assert_string_equal(r.pls.mv[2], "c1");
	assert_true(r.pls.x[2] == 1 + (0 * 5 + 1) % 10);
	assert_true(r.pls.x[5 * 5 + 2] == 1 + (104 * 5 + 1) % 10);   /* row 5: the public-link response after customer 4 */
}

static void test_bad_options(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct survey_results r;
	struct survey_results_opts o = {1, -1, NULL};
	assert_int_equal(app_survey_results_opts(&f->app, f->wave, &o, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "complaints_window_days");
	o.window_days = SURVEY_COMPLAINTS_MAX_WINDOW + 1;
	assert_int_equal(app_survey_results_opts(&f->app, f->wave, &o, &f->a, &r, &err), GX_EINVAL);
	o.window_days = 0;
	o.complaints_lv = "Comp; DROP";
	assert_int_equal(app_survey_results_opts(&f->app, f->wave, &o, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "complaints_lv");
	/* A block name the survey lacks, with no sat/loy pair to hang it on, is a note, not an error. */
	struct survey_def def;
	const char *nosat = "{\"code\": \"NS\", \"title\": \"t\", \"sections\": [{\"title\": \"s\", \"questions\": ["
	                    "{\"code\": \"a1\", \"type\": \"likert\", \"text\": \"a\", \"block\": \"aa\"},"
	                    "{\"code\": \"b1\", \"type\": \"likert\", \"text\": \"b\", \"block\": \"bb\"}]}],"
	                    " \"model\": {\"paths\": [[\"aa\", \"bb\"]]}}";
	if (survey_def_from_json(nosat, &f->a, &def, &err) != GX_OK || survey_def_check(&def, &err) != GX_OK ||
	    app_survey_create(&f->app, &def, &err) != GX_OK)
		fail_msg("%s", err.message);
	struct survey_wave w;
	assert_int_equal(app_survey_wave_create(&f->app, def.id, "NS-W1", NULL, "2026-02-01", "2026-02-28", 1, &w, &f->a,
	                                        &err), GX_OK);
	o.complaints_lv = NULL;
	assert_int_equal(app_survey_results_opts(&f->app, w.id, &o, &f->a, &r, &err), GX_OK);
	assert_false(r.pls.fitted);
	assert_non_null(r.pls.note);
	assert_non_null(strstr(r.pls.note, "comp"));
}

/* The ECSI template has no complaints block: it is added between sat and loy, and its indicator
 * is each respondent's count. Answers: the first 30 rows of the ECSI data (tests/data). */
static void test_ecsi_added(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct survey_def def;
	assert_int_equal(survey_template_build("ecsi", GX_LANG_ZH, &f->a, &def, &err), GX_OK);
	def.code = "EC";
	assert_int_equal(app_survey_create(&f->app, &def, &err), GX_OK);
	struct survey_wave w;
	assert_int_equal(app_survey_wave_create(&f->app, def.id, "EC-W1", NULL, "2026-02-01", "2026-02-28", 3, &w, &f->a,
	                                        &err), GX_OK);
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[512], line[1024], names[32][16];
	snprintf(path, sizeof path, "%s/ecsi_satisfaction.csv", dir ? dir : "tests/data");
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	int nn = 0;
	for (char *t = strtok(line, ",\r\n"); t && nn < 32; t = strtok(NULL, ",\r\n")) {
		size_t len = strlen(t);
		snprintf(names[nn++], sizeof names[0], "%.*s", (int)(len >= 2 ? len - 2 : 0), t + 1);
	}
	for (int n = 0; n < 30 && fgets(line, sizeof line, fp); n++) {
		char *j = gx_arena_strdup(&f->a, "{");
		int c = 0;
		for (char *t = strtok(line, ",\r\n"); t; t = strtok(NULL, ",\r\n"), c++)
			if (c >= 1 && c <= 27)
				j = gx_arena_printf(&f->a, "%s%s\"%s\": %s", j, c > 1 ? ", " : "", names[c], t);
		j = gx_arena_printf(&f->a, "%s}", j);
		int64_t rid;
		if (app_survey_submit_direct(&f->app, w.id, f->cust[n % NCUST], j, 1, &rid, &err) != GX_OK)
			fail_msg("row %d: %s", n + 1, err.message);
	}
	fclose(fp);
	for (int i = 0; i < NCUST; i++)
		for (int k = 0; k < i % 4; k++)
			ticket(f, f->cust[i], "complaint", k % 2 ? "informal" : "formal", "2026-02-14 12:00");
	struct survey_results r;
	struct survey_results_opts o = {1, 0, "comp"};
	if (app_survey_results_opts(&f->app, w.id, &o, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	assert_int_equal(r.pls.n_lv, 7);
	assert_string_equal(r.pls.lv[6], "comp");
	assert_int_equal(r.pls.n_mv, 28);
	assert_int_equal(r.pls.npaths, 12);
	assert_string_equal(r.pls.paths[10].from, "sat");
	assert_string_equal(r.pls.paths[10].to, "comp");
	assert_string_equal(r.pls.paths[11].from, "comp");
	assert_string_equal(r.pls.paths[11].to, "loy");
	assert_int_equal(r.pls.n_obs, 30);
	for (int n = 0; n < 30; n++)
		assert_true(r.pls.x[(size_t)n * 28 + 27] == (double)((n % NCUST) % 4));
	assert_true(r.pls.fitted);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_into_pls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ecsi_added, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
