/* 5C credit assessments (see guanxi/credit.h): ratings checked and grouped by C, each C scored
 * by MODELS.md M25 (character optionally from payment history), the weighted score, grade,
 * monthly capacity (the customer's own purchases unless the analyst gives a figure), limit and
 * allowed forms, all stored with the ratings in one transaction. An assessment is never
 * changed afterwards: a new one is recorded instead, so the history shows how a grade came
 * about. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/credit.h"
#include "guanxi/customer_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/strbuf.h"

static const char *const c_names[GX_CREDIT_CS] = {"character", "capacity", "capital", "collateral",
                                                  "conditions"};
static const char *const c_names_zh[GX_CREDIT_CS] = {"品德", "能力", "资本", "抵押", "条件"};
static const char *const grade_names[GX_CREDIT_GRADES] = {"A", "B", "C", "D", "E"};

enum gx_err app_credit_today(struct app *app, char out[11], struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	char buf[GX_DATE_FMT_SIZE];
	snprintf(out, 11, "%s", gx_date_format(gx_instant_local_date(gx_now_ms(), tz), buf));
	gx_tz_free(tz);
	return GX_OK;
}

static int c_index(const char *name)
{
	for (int i = 0; i < GX_CREDIT_CS; i++)
		if (strcmp(name, c_names[i]) == 0 || strcmp(name, c_names_zh[i]) == 0)
			return i;
	return -1;
}

enum gx_err app_credit_rating_parse(const char *text, struct gx_arena *a, struct credit_rating *out,
                                    struct gx_error *err)
{
	const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
	if (!dot || !eq || eq < dot || dot == text || eq == dot + 1)
		return gx_error_set(err, GX_EINVAL, "ratings",
		                    _("rating \"%s\" is not C.criterion=rating (e.g. character.punctuality=4)"),
		                    text);
	char *c = gx_arena_strndup(a, text, (size_t)(dot - text));
	int ci = c_index(c);
	if (ci < 0)
		return gx_error_set(err, GX_EINVAL, "ratings",
		                    _("rating \"%s\": \"%s\" is not one of the 5C (character, capacity, "
		                      "capital, collateral, conditions)"), text, c);
	char *criterion = gx_arena_strndup(a, dot + 1, (size_t)(eq - dot - 1));
	if (strlen(criterion) > 64 || strpbrk(criterion, " \t\r\n;,="))
		return gx_error_set(err, GX_EINVAL, "ratings",
		                    _("rating \"%s\": the criterion name must be at most 64 characters "
		                      "without spaces, commas or semicolons"), text);
	char *end;
	long r = strtol(eq + 1, &end, 10);
	if (end == eq + 1 || *end)
		return gx_error_set(err, GX_EINVAL, "ratings",
		                    _("rating \"%s\": \"%s\" is not a whole number from 1 to 5"), text, eq + 1);
	out->c = c_names[ci];
	out->criterion = criterion;
	out->rating = r < -1000 ? -1000 : r > 1000 ? 1000 : (int)r;
	return GX_OK;
}

static enum gx_err check_ratings(const struct credit_assess_input *in, struct gx_error *err)
{
	for (size_t i = 0; i < in->nratings; i++) {
		const struct credit_rating *r = &in->ratings[i];
		int ci = r->c ? c_index(r->c) : -1;
		if (ci < 0)
			return gx_error_set(err, GX_EINVAL, "ratings",
			                    _("rating %zu names no C of the 5C (character, capacity, capital, "
			                      "collateral, conditions)"), i + 1);
		if (!r->criterion || !*r->criterion)
			return gx_error_set(err, GX_EINVAL, "ratings", _("rating %zu (%s) names no criterion"),
			                    i + 1, c_names[ci]);
		if (r->rating < 1 || r->rating > 5)
			return gx_error_set(err, GX_EINVAL, "ratings",
			                    _("rating of %s.%s is %d: ratings run from 1 to 5"), c_names[ci],
			                    r->criterion, r->rating);
		for (size_t j = 0; j < i; j++)
			if (c_index(in->ratings[j].c) == ci && strcmp(in->ratings[j].criterion, r->criterion) == 0)
				return gx_error_set(err, GX_EINVAL, "ratings", _("%s.%s is rated twice"),
				                    c_names[ci], r->criterion);
		if (ci == GX_CREDIT_CHARACTER && in->character_from_payments)
			return gx_error_set(err, GX_EINVAL, "ratings", "%s",
			                    _("character is scored from payment history here; leave out the "
			                      "character ratings or rate it instead"));
	}
	return GX_OK;
}

/* Each C's score from its ratings; character from payments when asked. */
static enum gx_err score_cs(struct app *app, const struct credit_assess_input *in, int32_t as_of,
                            struct gx_arena *a, double scores[GX_CREDIT_CS], struct gx_error *err)
{
	enum gx_err e;
	for (int c = 0; c < GX_CREDIT_CS; c++) {
		if (c == GX_CREDIT_CHARACTER && in->character_from_payments) {
			struct gx_credit_invoice *inv;
			size_t n;
			if ((e = store_credit_invoice_history(app->store, in->customer_id, a, &inv, &n, err)) ||
			    (e = gx_credit_character_from_payments(inv, n, as_of, &scores[c], err)))
				return e;
			continue;
		}
		int vals[64];
		size_t n = 0;
		for (size_t i = 0; i < in->nratings; i++)
			if (c_index(in->ratings[i].c) == c) {
				if (n == 64)
					return gx_error_set(err, GX_EINVAL, "ratings",
					                    _("%s has more than 64 criteria"), c_names[c]);
				vals[n++] = in->ratings[i].rating;
			}
		if (n == 0)
			return gx_error_set(err, GX_EINVAL, "ratings",
			                    _("%s (%s) has no rating; every C needs at least one criterion rated 1 to 5"),
			                    c_names[c], c_names_zh[c]);
		if ((e = gx_credit_score_from_ratings(vals, n, &scores[c], err)))
			return e;
	}
	return GX_OK;
}

static const char *forms_text(enum gx_credit_grade g, int dealer, struct gx_arena *a)
{
	struct strbuf b;
	sb_init(&b);
	for (int f = 0; f < GX_CREDIT_FORMS; f++)
		if (gx_credit_form_allowed(g, (enum gx_credit_form)f, dealer, NULL)) {
			if (b.len)
				sb_addc(&b, ';');
			sb_add(&b, credit_form_names[f]);
		}
	const char *s = gx_arena_strdup(a, sb_str(&b));
	sb_free(&b);
	return s;
}

static enum gx_err is_dealer(struct app *app, int64_t customer_id, struct gx_arena *a, int *dealer,
                             struct gx_error *err)
{
	const char *roles = NULL;
	enum gx_err e = store_customer_roles(app->store, customer_id, a, &roles, err);
	*dealer = 0;
	for (const char *p = roles; e == GX_OK && p && *p;) {
		size_t n = strcspn(p, ";");
		if (n == 6 && strncmp(p, "dealer", 6) == 0)
			*dealer = 1;
		p += n + (p[n] == ';');
	}
	return e;
}

static enum gx_err live_customer(struct app *app, int64_t id, struct gx_arena *a, struct gx_error *err)
{
	struct record c;
	enum gx_err e = store_record_get(app->store, &entity_customer, id, a, &c, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_ENOTFOUND, "customer_id", _("customer %lld does not exist"),
		                    (long long)id);
	if (e == GX_OK && c.deleted_at)
		return gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                    record_text(&c, "code"));
	return e;
}

enum gx_err app_credit_assess(struct app *app, const struct credit_assess_input *in,
                              struct gx_arena *a, struct record *out, struct gx_error *err)
{
	char today[11];
	enum gx_err e;
	const char *on = in->assessed_on;
	if (!on) {
		if ((e = app_credit_today(app, today, err)))
			return e;
		on = today;
	}
	int32_t as_of;
	if ((e = gx_date_parse(on, &as_of, "assessed_on", err)))
		return e;
	if (in->monthly_capacity_fen < -1)
		return gx_error_set(err, GX_EINVAL, "monthly_capacity_fen", "%s",
		                    _("the monthly capacity cannot be negative"));
	if ((e = check_ratings(in, err)))
		return e;
	if ((e = store_begin(app->store, err)))
		return e;
	double scores[GX_CREDIT_CS];
	struct gx_credit_score total;
	int64_t capacity = in->monthly_capacity_fen, limit = 0;
	int dealer = 0;
	if ((e = live_customer(app, in->customer_id, a, err)) || (e = score_cs(app, in, as_of, a, scores, err)) ||
	    (e = gx_credit_score_total(scores, NULL, &total, err)) ||
	    (e = is_dealer(app, in->customer_id, a, &dealer, err)))
		goto fail;
	if (capacity < 0) {
		struct gx_credit_order *orders;
		size_t n;
		if ((e = store_credit_net_orders(app->store, in->customer_id, a, &orders, &n, err)) ||
		    (e = gx_credit_monthly_capacity(orders, n, as_of, NULL, &capacity, err)))
			goto fail;
	}
	if ((e = gx_credit_limit(total.grade, capacity, NULL, &limit, err)))
		goto fail;
	struct record *r = out;
	record_init(r, &entity_credit_assessment, a);
	record_set_int(r, "customer_id", in->customer_id);
	record_set_text(r, "assessed_on", gx_arena_strdup(a, on));
	if (app->actor.user_id)
		record_set_int(r, "assessed_by", app->actor.user_id);
	static const char *const score_fields[GX_CREDIT_CS] = {"character_score", "capacity_score",
	                                                       "capital_score", "collateral_score",
	                                                       "conditions_score"};
	for (int c = 0; c < GX_CREDIT_CS; c++)
		record_set_text(r, score_fields[c], gx_arena_printf(a, "%.4f", scores[c]));
	record_set_text(r, "character_source", in->character_from_payments ? "payments" : "ratings");
	record_set_text(r, "score", gx_arena_printf(a, "%.4f", total.score));
	record_set_text(r, "grade", grade_names[total.grade]);
	record_set_int(r, "monthly_capacity_fen", capacity);
	record_set_text(r, "capacity_source", in->monthly_capacity_fen < 0 ? "orders" : "analyst");
	record_set_int(r, "limit_fen", limit);
	record_set_text(r, "allowed_forms", forms_text(total.grade, dealer, a));
	if (in->notes && *in->notes)
		record_set_text(r, "notes", in->notes);
	if ((e = store_record_insert(app->store, r, err)))
		goto fail;
	for (size_t i = 0; i < in->nratings; i++) {
		struct credit_rating cr = in->ratings[i];
		cr.c = c_names[c_index(cr.c)];
		if ((e = store_credit_rating_add(app->store, r->id, &cr, err)))
			goto fail;
	}
	if ((e = app_audit_change(app, "create", NULL, r, 0, err)))
		goto fail;
	if ((e = store_commit(app->store, err)))
		return e;
	/* What the database made of the numbers (REAL columns) is what later reads show. */
	return store_record_get(app->store, &entity_credit_assessment, r->id, a, out, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_credit_position(struct app *app, int64_t customer_id, int64_t exclude_order_id,
                                struct credit_position *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	out->grade = GX_CREDIT_E;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	int found = 0;
	enum gx_err e = store_credit_current_id(app->store, customer_id, &out->assessment_id, &found, err);
	if (e == GX_OK && found) {
		struct record r;
		if ((e = store_record_get(app->store, &entity_credit_assessment, out->assessment_id, &a, &r,
		                          err)) == GX_OK) {
			out->assessed = 1;
			const char *g = record_text(&r, "grade");
			out->grade = (enum gx_credit_grade)(g && *g >= 'A' && *g <= 'E' ? *g - 'A' : GX_CREDIT_E);
			out->score = atof(record_text(&r, "score"));
			out->limit_fen = record_int(&r, "limit_fen");
		}
	}
	if (e == GX_OK)
		e = is_dealer(app, customer_id, &a, &out->dealer, err);
	if (e == GX_OK)
		e = store_credit_open_receivables(app->store, customer_id, &out->open_receivables_fen, err);
	if (e == GX_OK)
		e = store_credit_unpaid_open_orders(app->store, customer_id, exclude_order_id,
		                                    &out->unpaid_open_orders_fen, err);
	gx_arena_free(&a);
	if (e != GX_OK)
		return e;
	out->exposure_fen = out->open_receivables_fen + out->unpaid_open_orders_fen;
	out->available_fen = out->limit_fen - out->exposure_fen;
	return GX_OK;
}
