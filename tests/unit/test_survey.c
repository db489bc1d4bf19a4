/* Unit tests for surveys (app/survey*.c, store/survey_store.c) on SQLite and, in the
 * PostgreSQL pass, on PostgreSQL: templates pass the questionnaire rules; a token is single-use;
 * a full wave of synthetic respondents gives the hand-computed index, quadrants, Kano
 * categories, SERVQUAL gaps and NPS; bad answers (off the scale, a required answer missing, a
 * reused token, a closed wave, an unknown question) are refused with a message naming the
 * question and leave every table unchanged (checksums of the whole database); the ECSI data of
 * shared/data/ecsi (copied to tests/data) filled into an ECSI-template wave reproduce the
 * published PLS path coefficients of MODELS.md M7; waves are compared; SERVQUAL items come in
 * the respondent's seeded order; the demo's two waves show every quadrant and a Kano drift. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_surveys.h"
#include "guanxi/copy.h"
#include "guanxi/survey.h"
#include "guanxi/survey_results.h"
#include "support/assert_near.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	setenv("GUANXI_NOW", "2026-03-10T04:00:00Z", 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

/* Every table's checksum, concatenated: equal strings mean an unchanged database. */
static char *db_sum(struct fx *f)
{
	struct copy_report rep = {0};
	struct gx_error err;
	assert_int_equal(copy_checksum(f->app.store, &rep, &err), GX_OK);
	size_t len = 1;
	for (size_t i = 0; i < rep.n; i++)
		len += strlen(rep.t[i].table) + 64 + 24;
	char *s = calloc(1, len);
	for (size_t i = 0; i < rep.n; i++)
		sprintf(s + strlen(s), "%s:%lld:%s;", rep.t[i].table, (long long)rep.t[i].src_rows, rep.t[i].src_sum);
	copy_report_free(&rep);
	return s;
}

static int64_t create_template(struct fx *f, const char *tpl, const char *code)
{
	struct survey_def def;
	struct gx_error err;
	assert_int_equal(survey_template_build(tpl, GX_LANG_ZH, &f->a, &def, &err), GX_OK);
	def.code = code;
	if (app_survey_create(&f->app, &def, &err) != GX_OK)
		fail_msg("%s", err.message);
	return def.id;
}

static int64_t wave(struct fx *f, int64_t survey, const char *code, const char *opens, const char *closes)
{
	struct survey_wave w;
	struct gx_error err;
	if (app_survey_wave_create(&f->app, survey, code, NULL, opens, closes, 42, &w, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return w.id;
}

static const char *token(struct fx *f, int64_t wave_id)
{
	struct survey_invitation *inv;
	struct gx_error err;
	if (app_survey_invite(&f->app, wave_id, NULL, 1, &f->a, &inv, &err) != GX_OK)
		fail_msg("%s", err.message);
	assert_int_equal(strlen(inv[0].token), SURVEY_TOKEN_LEN);
	return inv[0].token;
}

static void test_templates(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t id = create_template(f, "supermarket17", "SM");
	struct survey_def d;
	assert_int_equal(app_survey_load(&f->app, id, &f->a, &d, &err), GX_OK);
	size_t pairs = 0, demo = 0;
	for (size_t i = 0; i < d.nquestions; i++) {
		pairs += d.questions[i].type == SURVEY_Q_IMP_SAT;
		demo += d.sections[d.questions[i].section].demographic;
	}
	assert_int_equal(pairs, 17);
	assert_int_equal(demo, 7);
	assert_string_equal(d.questions[0].text, "价格合理");
	assert_string_equal(d.questions[16].text, "优惠活动多");
	assert_int_equal(d.questions[0].scale_max, 5);
	id = create_template(f, "servqual22", "SQ");
	assert_int_equal(app_survey_load(&f->app, id, &f->a, &d, &err), GX_OK);
	assert_int_equal(d.nquestions, 22);
	assert_int_equal(d.nsections, 5);
	assert_int_equal(d.questions[21].item, 22);
	assert_int_equal(d.questions[21].scale_max, 7);
	id = create_template(f, "ecsi", "EC");
	assert_int_equal(app_survey_load(&f->app, id, &f->a, &d, &err), GX_OK);
	assert_int_equal(d.nquestions, 27);
	assert_int_equal(d.npaths, 10);
	create_template(f, "kano", "KA");
	/* the code is unique; an unknown template is refused by name */
	struct survey_def again;
	assert_int_equal(survey_template_build("kano", GX_LANG_EN, &f->a, &again, &err), GX_OK);
	again.code = "KA";
	assert_int_equal(app_survey_create(&f->app, &again, &err), GX_ECONFLICT);
	assert_int_equal(survey_template_build("nps99", GX_LANG_EN, &f->a, &again, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "nps99"));
	/* the JSON form round-trips */
	char *json = survey_def_to_json(&d, &f->a);
	struct survey_def back;
	assert_int_equal(survey_def_from_json(json, &f->a, &back, &err), GX_OK);
	back.code = "EC2";
	assert_int_equal(survey_def_check(&back, &err), GX_OK);
	assert_int_equal(back.nquestions, 27);
	assert_string_equal(back.paths[9].to, "loy");
}

/* The test questionnaire: four importance/satisfaction pairs, two Kano features, the 22
 * SERVQUAL items, an NPS question (required), a choice question. */
static int64_t test_survey(struct fx *f)
{
	struct gx_arena *a = &f->a;
	char *j = gx_arena_strdup(a, "{\"code\": \"T1\", \"title\": \"Test\", \"randomize\": false,"
	                             " \"schedule_months\": 6, \"sections\": ["
	                             "{\"title\": \"Pairs\", \"questions\": ["
	                             "{\"code\": \"a1\", \"type\": \"imp_sat\", \"text\": \"A1\", \"required\": false},"
	                             "{\"code\": \"a2\", \"type\": \"imp_sat\", \"text\": \"A2\", \"required\": false},"
	                             "{\"code\": \"a3\", \"type\": \"imp_sat\", \"text\": \"A3\", \"required\": false},"
	                             "{\"code\": \"a4\", \"type\": \"imp_sat\", \"text\": \"A4\", \"required\": false},"
	                             "{\"code\": \"k1\", \"type\": \"kano\", \"text\": \"K1\"},"
	                             "{\"code\": \"k2\", \"type\": \"kano\", \"text\": \"K2\"},"
	                             "{\"code\": \"nps\", \"type\": \"nps\", \"text\": \"Recommend?\"},"
	                             "{\"code\": \"ch\", \"type\": \"multiple\", \"text\": \"Which\", \"required\": false,"
	                             "  \"options\": [{\"key\": \"x\", \"label\": \"X\"}, {\"key\": \"y\", \"label\": \"Y\"}]}]},"
	                             "{\"title\": \"SERVQUAL\", \"questions\": [");
	for (int i = 1; i <= 22; i++)
		j = gx_arena_printf(a, "%s%s{\"code\": \"s%d\", \"type\": \"servqual\", \"text\": \"S%d\", \"item\": %d,"
		                       " \"required\": false}", j, i > 1 ? "," : "", i, i, i);
	j = gx_arena_printf(a, "%s]}]}", j);
	struct survey_def def;
	struct gx_error err;
	assert_int_equal(survey_def_from_json(j, a, &def, &err), GX_OK);
	if (app_survey_create(&f->app, &def, &err) != GX_OK)
		fail_msg("%s", err.message);
	return def.id;
}

/* R1 and R2 answer everything; R3 only the required Kano and NPS questions. */
static const char *respondent(struct fx *f, int r)
{
	static const int imp[2][4] = {{5, 5, 2, 1}, {5, 3, 2, 1}}, sat[2][4] = {{4, 2, 5, 1}, {4, 2, 3, 3}};
	static const int k1[3][2] = {{1, 5}, {1, 3}, {1, 4}}, k2[3][2] = {{2, 5}, {3, 5}, {1, 5}};
	static const int nps[3] = {9, 10, 6}, e[2] = {5, 6}, p[2] = {4, 6};
	char *j = gx_arena_printf(&f->a, "{\"k1\": [%d, %d], \"k2\": [%d, %d], \"nps\": %d", k1[r][0], k1[r][1], k2[r][0],
	                          k2[r][1], nps[r]);
	if (r < 2) {
		for (int i = 0; i < 4; i++)
			j = gx_arena_printf(&f->a, "%s, \"a%d\": [%d, %d]", j, i + 1, imp[r][i], sat[r][i]);
		for (int i = 1; i <= 22; i++)
			j = gx_arena_printf(&f->a, "%s, \"s%d\": [%d, %d]", j, i, e[r], p[r]);
		j = gx_arena_printf(&f->a, "%s, \"ch\": [%s]", j, r == 0 ? "\"x\", \"y\"" : "\"y\"");
	}
	return gx_arena_printf(&f->a, "%s}", j);
}

static void test_token_single_use(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t s = test_survey(f), w = wave(f, s, "T1-W1", "2026-03-01", "2026-03-31");
	const char *t = token(f, w);
	struct survey_form form;
	assert_int_equal(app_survey_form(&f->app, t, &f->a, &form, &err), GX_OK);
	assert_int_equal(form.def.nquestions, 30);
	int64_t rid = 0;
	assert_int_equal(app_survey_submit(&f->app, t, respondent(f, 0), &rid, &err), GX_OK);
	assert_true(rid > 0);
	char *before = db_sum(f);
	int64_t rid2 = 0;
	assert_int_equal(app_survey_submit(&f->app, t, respondent(f, 1), &rid2, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "already used"));
	assert_int_equal(app_survey_form(&f->app, t, &f->a, &form, &err), GX_ECONFLICT);
	/* a token that was never issued, and a malformed one */
	char forged[SURVEY_TOKEN_LEN + 1];
	memcpy(forged, t, sizeof forged);
	forged[0] = forged[0] == 'A' ? 'B' : 'A';
	assert_int_equal(app_survey_submit(&f->app, forged, respondent(f, 1), &rid2, &err), GX_ENOTFOUND);
	assert_int_equal(app_survey_submit(&f->app, "1", respondent(f, 1), &rid2, &err), GX_ENOTFOUND);
	char *after = db_sum(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_full_wave(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t s = test_survey(f), w = wave(f, s, "T1-W1", "2026-03-01", "2026-03-31");
	for (int r = 0; r < 3; r++) {
		int64_t rid;
		if (app_survey_submit(&f->app, token(f, w), respondent(f, r), &rid, &err) != GX_OK)
			fail_msg("respondent %d: %s", r + 1, err.message);
	}
	struct survey_results res;
	assert_int_equal(app_survey_results(&f->app, w, &f->a, &res, &err), GX_OK);
	assert_int_equal(res.n_responses, 3);
	/* M3: R1 Σ s·i / Σ i = 41/13, R2 = 35/11; the index is their mean (R3 answered no pair). */
	assert_true(res.has_index);
	assert_int_equal(res.index_n, 2);
	assert_near(res.index, (41.0 / 13.0 + 35.0 / 11.0) / 2.0, 1e-12);
	assert_near(res.index_100, 100.0 * ((41.0 / 13.0 + 35.0 / 11.0) / 2.0 - 1.0) / 4.0, 1e-9);
	assert_int_equal(res.level, 3);   /* 3.168 → 一般 */
	/* M4: means I = 5, 4, 2, 1 and S = 4, 2, 4, 2; split lines at their means 3 and 3. */
	assert_int_equal(res.n_attr, 4);
	assert_near(res.split.importance, 3.0, 1e-12);
	assert_near(res.split.satisfaction, 3.0, 1e-12);
	assert_near(res.attr[1].mean_imp, 4.0, 1e-12);
	assert_near(res.attr[1].mean_sat, 2.0, 1e-12);
	assert_int_equal(res.attr[0].quadrant, GX_SAT_IPA_STRENGTH);
	assert_int_equal(res.attr[1].quadrant, GX_SAT_IPA_URGENT);
	assert_int_equal(res.attr[2].quadrant, GX_SAT_IPA_NICE_TO_HAVE);
	assert_int_equal(res.attr[3].quadrant, GX_SAT_IPA_LOW_PRIORITY);
	/* M5: k1 pairs (1,5) O, (1,3) A, (1,4) A → A; k2 (2,5) M, (3,5) M, (1,5) O → M. */
	assert_int_equal(res.n_kano, 2);
	assert_int_equal(res.kano[0].f.category, GX_KANO_A);
	assert_int_equal(res.kano[0].f.counts[GX_KANO_A], 2);
	assert_near(res.kano[0].f.better, 1.0, 1e-12);
	assert_near(res.kano[0].f.worse, -1.0 / 3.0, 1e-12);
	assert_int_equal(res.kano[1].f.category, GX_KANO_M);
	assert_near(res.kano[1].f.better, 1.0 / 3.0, 1e-12);
	assert_near(res.kano[1].f.worse, -1.0, 1e-12);
	/* M6: R1 E 5 P 4, R2 E 6 P 6 on every item. Plain items: gaps −1 and 0 → −0.5; reversed
	 * items (8 − x): R1 4 − 3 = +1, R2 0 → +0.5. Dimensions −0.5, −0.5, +0.5, −0.5, +0.5;
	 * overall −0.1. */
	assert_true(res.has_servqual);
	assert_int_equal(res.servqual.n_respondents, 2);
	assert_near(res.servqual.item_gap[0], -0.5, 1e-12);
	assert_near(res.servqual.item_gap[9], 0.5, 1e-12);
	assert_near(res.servqual.dim_gap[GX_SERVQUAL_TANGIBLES], -0.5, 1e-12);
	assert_near(res.servqual.dim_gap[GX_SERVQUAL_RESPONSIVENESS], 0.5, 1e-12);
	assert_near(res.servqual.dim_gap[GX_SERVQUAL_EMPATHY], 0.5, 1e-12);
	assert_near(res.servqual.overall, -0.1, 1e-12);
	/* NPS: 9, 10 promoters, 6 detractor → 100·(2 − 1)/3. */
	assert_int_equal(res.n_nps, 1);
	assert_int_equal(res.nps[0].nps.promoters, 2);
	assert_near(res.nps[0].nps.nps, 100.0 / 3.0, 1e-9);
	/* choices: x once, y twice, over 2 respondents */
	assert_int_equal(res.n_choices, 1);
	assert_int_equal(res.choices[0].n, 2);
	assert_int_equal(res.choices[0].counts[0], 1);
	assert_int_equal(res.choices[0].counts[1], 2);

	/* Wave over wave: the next wave (schedule 6 months) where R1's answers come twice. */
	char next[11];
	assert_int_equal(app_survey_next_wave_date(&f->app, s, next, &err), GX_OK);
	assert_string_equal(next, "2026-09-01");
	setenv("GUANXI_NOW", "2026-09-02T04:00:00Z", 1);
	int64_t w2 = wave(f, s, "T1-W2", next, NULL);
	for (int r = 0; r < 2; r++) {
		int64_t rid;
		assert_int_equal(app_survey_submit_direct(&f->app, w2, 0, respondent(f, 0), 0, &rid, &err), GX_OK);
	}
	struct survey_results ra, rb;
	assert_int_equal(app_survey_compare(&f->app, w, w2, &f->a, &ra, &rb, &err), GX_OK);
	assert_near(rb.index, 41.0 / 13.0, 1e-12);
	assert_int_equal(rb.kano[0].f.category, GX_KANO_O);    /* A → O: the feature matured */
	assert_near(rb.servqual.overall, (-1 - 1 + 1 - 1 + 1) / 5.0, 1e-12);
	int64_t other = create_template(f, "kano", "KA"), w3 = wave(f, other, "KA-W1", "2026-09-01", NULL);
	assert_int_equal(app_survey_compare(&f->app, w, w3, &f->a, &ra, &rb, &err), GX_EINVAL);
	/* the questionnaire is frozen once answered */
	struct survey_question q = {.code = "extra", .type = SURVEY_Q_TEXT, .text = "More?"};
	assert_int_equal(app_survey_question_add(&f->app, s, 0, &q, &f->a, &err), GX_ECONFLICT);
}

/* Each refused submission names the question and changes nothing. */
static void expect_refused(struct fx *f, const char *tok, const char *answers, enum gx_err code, const char *msg1,
                           const char *msg2)
{
	struct gx_error err;
	gx_error_clear(&err);
	char *before = db_sum(f);
	int64_t rid = 0;
	enum gx_err e = app_survey_submit(&f->app, tok, answers, &rid, &err);
	if (e != code || !strstr(err.message, msg1) || (msg2 && !strstr(err.message, msg2)))
		fail_msg("got %d \"%s\", wanted %d with \"%s\"", e, err.message, code, msg1);
	char *after = db_sum(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* s with the first from replaced by to. */
static const char *subst(struct fx *f, const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	assert_non_null(p);
	return gx_arena_printf(&f->a, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	int64_t s = test_survey(f), w = wave(f, s, "T1-W1", "2026-03-01", "2026-03-31");
	const char *t = token(f, w);
	const char *good = respondent(f, 0);
	/* out of scale: a1's satisfaction 6 on 1–5, NPS 11 on 0–10 */
	expect_refused(f, t, subst(f, good, "\"a1\": [5, 4]", "\"a1\": [5, 6]"), GX_EINVAL, "question a1 (A1)",
	               "6 is outside the scale 1–5");
	expect_refused(f, t, subst(f, good, "\"nps\": 9", "\"nps\": 11"), GX_EINVAL, "question nps",
	               "outside the scale 0–10");
	/* a required answer missing (NPS) */
	expect_refused(f, t, "{\"k1\": [1, 5], \"k2\": [1, 5]}", GX_EINVAL, "question nps (Recommend?)",
	               "an answer is required");
	/* wrong shapes: a single number for a pair, an unknown option, an unknown question */
	expect_refused(f, t, "{\"k1\": 1, \"k2\": [1, 5], \"nps\": 5}", GX_EINVAL, "question k1", "two answers");
	expect_refused(f, t, "{\"k1\": [1, 5], \"k2\": [1, 5], \"nps\": 5, \"ch\": [\"z\"]}", GX_EINVAL, "question ch",
	               "option");
	expect_refused(f, t, "{\"k1\": [1, 5], \"k2\": [1, 5], \"nps\": 5, \"zz\": 1}", GX_EINVAL, "zz", NULL);
	expect_refused(f, t, "[1, 2]", GX_EINVAL, "JSON object", NULL);
	/* the token still works after all those refusals, then never again */
	struct gx_error err;
	int64_t rid;
	assert_int_equal(app_survey_submit(&f->app, t, good, &rid, &err), GX_OK);
	expect_refused(f, t, good, GX_ECONFLICT, "already used", NULL);
	/* a closed wave: closed by hand, and past its closing date */
	const char *t2 = token(f, w);
	assert_int_equal(app_survey_wave_close(&f->app, w, &err), GX_OK);
	assert_int_equal(app_survey_wave_close(&f->app, w, &err), GX_ECONFLICT);
	expect_refused(f, t2, good, GX_ECONFLICT, "T1-W1 is closed", NULL);
	setenv("GUANXI_NOW", "2026-03-05T04:00:00Z", 1);
	int64_t w2 = wave(f, s, "T1-W2", "2026-03-01", "2026-03-09");
	const char *t3 = token(f, w2);
	setenv("GUANXI_NOW", "2026-03-10T04:00:00Z", 1);
	expect_refused(f, t3, good, GX_ECONFLICT, "T1-W2 is closed", NULL);
	int64_t w3 = wave(f, s, "T1-W3", "2026-04-01", "2026-04-09");
	expect_refused(f, token(f, w3), good, GX_ECONFLICT, "opens on 2026-04-01", NULL);
	/* a wave's dates are checked */
	struct survey_wave wv;
	assert_int_equal(app_survey_wave_create(&f->app, s, "X", NULL, "2026-05-02", "2026-05-01", 1, &wv, &f->a, &err),
	                 GX_EINVAL);
	assert_int_equal(app_survey_wave_create(&f->app, s, "X", NULL, "2026-02-30", NULL, 1, &wv, &f->a, &err), GX_EINVAL);
}

static void test_bad_definitions(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	static const char *const bad[][2] = {
		{"{\"code\": \"B\", \"title\": \"B\", \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"q1\", \"type\": \"single\", \"text\": \"Q\", \"options\": [{\"key\": \"a\", \"label\": \"A\"}]}]}]}",
		 "2–50 options"},
		{"{\"code\": \"B\", \"title\": \"B\", \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"q1\", \"type\": \"servqual\", \"text\": \"Q\", \"item\": 23}]}]}", "1–22"},
		{"{\"code\": \"B\", \"title\": \"B\", \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"Q 1\", \"type\": \"text\", \"text\": \"Q\"}]}]}", "code"},
		{"{\"code\": \"B\", \"title\": \"B\", \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"q1\", \"type\": \"likert\", \"text\": \"Q\", \"scale_min\": 1, \"scale_max\": 1}]}]}", "2–11 points"},
		{"{\"code\": \"B\", \"title\": \"B\", \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"q1\", \"type\": \"rating\", \"text\": \"Q\"}]}]}", "unknown type"},
		{"{\"code\": \"B\", \"title\": \"B\", \"schedule_months\": 3, \"sections\": [{\"title\": \"S\", \"questions\": ["
		 "{\"code\": \"q1\", \"type\": \"text\", \"text\": \"Q\"}]}]}", "6 or 12"},
	};
	char *before = db_sum(f);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct survey_def d;
		enum gx_err e = survey_def_from_json(bad[i][0], &f->a, &d, &err);
		if (e == GX_OK)
			e = app_survey_create(&f->app, &d, &err);
		if (e != GX_EINVAL || !strstr(err.message, bad[i][1]))
			fail_msg("case %zu: %d \"%s\"", i, e, err.message);
	}
	char *after = db_sum(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* the designer: a section and a question added before any answer */
	int64_t s = create_template(f, "kano", "KA"), sec = 0;
	assert_int_equal(app_survey_section_add(&f->app, s, "关于您", 1, &sec, &err), GX_OK);
	struct survey_question q = {.code = "age", .type = SURVEY_Q_NUMBER, .text = "Age", .scale_min = 10, .scale_max = 99};
	assert_int_equal(app_survey_question_add(&f->app, s, 2, &q, &f->a, &err), GX_OK);
	struct survey_question q0 = {.code = "intro", .type = SURVEY_Q_TEXT, .text = "First"};
	assert_int_equal(app_survey_question_add(&f->app, s, 1, &q0, &f->a, &err), GX_OK);
	struct survey_def d;
	assert_int_equal(app_survey_load(&f->app, s, &f->a, &d, &err), GX_OK);
	assert_int_equal(d.nquestions, 8);
	assert_string_equal(d.questions[6].code, "intro");
	assert_string_equal(d.questions[7].code, "age");
	assert_true(d.sections[1].demographic);
	struct survey_question dup = {.code = "age", .type = SURVEY_Q_TEXT, .text = "Again"};
	assert_int_equal(app_survey_question_add(&f->app, s, 0, &dup, &f->a, &err), GX_EINVAL);
}

/* SERVQUAL items reach each respondent in the seeded order of gx_servqual_item_order. */
static void test_servqual_order(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t s = create_template(f, "servqual22", "SQ"), w = wave(f, s, "SQ-W1", "2026-03-01", NULL);
	struct survey_invitation *inv;
	assert_int_equal(app_survey_invite(&f->app, w, NULL, 2, &f->a, &inv, &err), GX_OK);
	struct survey_form a, b;
	assert_int_equal(app_survey_form(&f->app, inv[0].token, &f->a, &a, &err), GX_OK);
	assert_int_equal(app_survey_form(&f->app, inv[1].token, &f->a, &b, &err), GX_OK);
	int order[GX_SERVQUAL_ITEMS], same = 1;
	gx_servqual_item_order(42, (uint64_t)inv[0].id, order);
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		assert_int_equal(a.def.questions[i].item, order[i]);
		assert_int_equal(a.def.questions[i].section, 0);
		same &= a.def.questions[i].item == b.def.questions[i].item;
	}
	assert_false(same);
}

/* The ECSI data (250 respondents) in an ECSI-template wave: MODELS.md M7's paths into SAT and R². */
static void test_ecsi_wave(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t s = create_template(f, "ecsi", "EC"), w = wave(f, s, "EC-W1", "2026-03-01", NULL);
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[512];
	snprintf(path, sizeof path, "%s/ecsi_satisfaction.csv", dir ? dir : "tests/data");
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char line[1024], names[32][16];
	assert_non_null(fgets(line, sizeof line, fp));
	int nn = 0;
	for (char *t = strtok(line, ",\r\n"); t && nn < 32; t = strtok(NULL, ",\r\n")) {
		size_t len = strlen(t);
		snprintf(names[nn++], sizeof names[0], "%.*s", (int)(len >= 2 ? len - 2 : 0), t + 1);
	}
	assert_true(app_survey_wave_get(&f->app, w, &f->a, &(struct survey_wave){0}, &err) == GX_OK);
	assert_int_equal(store_begin(f->app.store, &err), GX_OK);   /* one transaction: fast on both backends */
	int n = 0;
	while (fgets(line, sizeof line, fp)) {
		struct gx_arena a;
		gx_arena_init(&a, 0);
		char *j = gx_arena_strdup(&a, "{");
		int c = 0;
		for (char *t = strtok(line, ",\r\n"); t; t = strtok(NULL, ",\r\n"), c++)
			if (c >= 1 && c <= 27)
				j = gx_arena_printf(&a, "%s%s\"%s\": %s", j, c > 1 ? ", " : "", names[c], t);
		j = gx_arena_printf(&a, "%s}", j);
		int64_t rid;
		if (app_survey_submit_direct(&f->app, w, 0, j, 0, &rid, &err) != GX_OK)
			fail_msg("row %d: %s", n + 1, err.message);
		gx_arena_free(&a);
		n++;
	}
	fclose(fp);
	assert_int_equal(store_commit(f->app.store, &err), GX_OK);
	assert_int_equal(n, 250);
	struct survey_results res;
	assert_int_equal(app_survey_results(&f->app, w, &f->a, &res, &err), GX_OK);
	assert_true(res.pls.fitted);
	assert_int_equal(res.pls.n_obs, 250);
	static const struct {
		const char *from;
		double coef;
	} into_sat[] = {{"imag", 0.2007}, {"expe", -0.0028}, {"qual", 0.1221}, {"val", 0.5893}};
	int matched = 0;
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < res.pls.npaths; k++)
			if (!strcmp(res.pls.paths[k].to, "sat") && !strcmp(res.pls.paths[k].from, into_sat[i].from)) {
				assert_near(res.pls.paths[k].coef, into_sat[i].coef, 5e-5);
				matched++;
			}
	assert_int_equal(matched, 4);
	static const double r2[] = {0, 0.3352, 0.7197, 0.5901, 0.7073, 0.5099};   /* imag … loy */
	for (size_t l = 1; l < 6; l++)
		assert_near(res.pls.r2[l], r2[l], 5e-5);
}

/* The demo's survey: two completed waves, every quadrant populated, k1 drifting A → O. */
static void test_demo_survey(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t n = 0;
	if (demo_surveys(&f->app, 20240601u, &n, &err) != GX_OK)
		fail_msg("%s", err.message);
	assert_int_equal(n, 240);
	int64_t w1, w2;
	assert_int_equal(app_survey_wave_resolve(&f->app, "SAT-W1", &w1, &err), GX_OK);
	assert_int_equal(app_survey_wave_resolve(&f->app, "SAT-W2", &w2, &err), GX_OK);
	struct survey_results a, b;
	assert_int_equal(app_survey_compare(&f->app, w1, w2, &f->a, &a, &b, &err), GX_OK);
	assert_int_equal(a.n_responses, 120);
	int seen[4] = {0};
	for (size_t i = 0; i < a.n_attr; i++)
		seen[a.attr[i].quadrant]++;
	for (int q = 0; q < 4; q++)
		assert_true(seen[q] > 0);
	assert_int_equal(a.kano[0].f.category, GX_KANO_A);
	assert_int_equal(b.kano[0].f.category, GX_KANO_O);
	assert_true(b.attr[0].mean_sat > a.attr[0].mean_sat);   /* the improved attributes */
	assert_true(b.attr[14].mean_sat > a.attr[14].mean_sat);
	char today[11];
	app_survey_today(&f->app, today);
	struct survey_wave w;
	assert_int_equal(app_survey_wave_get(&f->app, w2, &f->a, &w, &err), GX_OK);
	assert_string_equal(survey_wave_state(&w, today), "closed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_single_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_wave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_definitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servqual_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ecsi_wave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_survey, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
