/* The CDNOW purchase histories as a demo database of their own (DECISIONS.md "Data"): the
 * 1/10 sample of the cohort of Fader, Hardie & Lee (2005), 2,357 customers who first bought in
 * the first quarter of 1997 and their 6,919 purchases to June 1998. Each line is
 * "customer id, id in the full set, YYYYMMDD, number of CDs, dollar value"; every transaction
 * becomes one order of the generic product "CD", in US cents. Orders are placed at 12:00 local
 * time so that their local date is the CDNOW date whatever the company time zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/customer.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"

struct cdnow_row {
	char id[16];
	int32_t day;
	int64_t cds, cents;
};

/* Dollars with at most two decimals to cents, exactly (no floating point). */
static int parse_cents(const char *s, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		whole = whole * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && fdigits < 2; s++, fdigits++)
			frac = frac * 10 + (*s - '0');
	if (!digits || *s || whole > 100000000)
		return 0;
	if (fdigits == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return 1;
}

static int parse_line(char *line, struct cdnow_row *r)
{
	char *tok[6];
	int n = 0;
	for (char *p = strtok(line, " \t\r\n"); p && n < 6; p = strtok(NULL, " \t\r\n"))
		tok[n++] = p;
	if (n != 5 || strlen(tok[0]) >= sizeof r->id || strlen(tok[2]) != 8)
		return 0;
	snprintf(r->id, sizeof r->id, "%s", tok[0]);
	int32_t days;
	struct gx_error ignored;
	if (gx_date_parse_lenient(tok[2], &days, "date", &ignored) != GX_OK)
		return 0;
	r->day = days;
	char *end;
	r->cds = strtoll(tok[3], &end, 10);
	if (*end || r->cds <= 0)
		return 0;
	return parse_cents(tok[4], &r->cents);
}

static enum gx_err save_customer(struct app *app, const struct cdnow_row *row, struct gx_arena *a,
                                 int64_t *id, struct gx_error *err)
{
	struct record c;
	record_init(&c, &entity_customer, a);
	enum gx_err e = demo_set_fields(app, &c, a, err, "code", gx_arena_printf(a, "CDNOW-%s", row->id),
	                                "name", gx_arena_printf(a, "CDNOW customer %s", row->id),
	                                "kind", "person", "source", "CDNOW", "roles", "end_user", NULL);
	if (e == GX_OK)
		e = app_customer_create(app, &c, 0, a, NULL, err);
	*id = c.id;
	return e;
}

static enum gx_err save_order(struct app *app, const struct cdnow_row *row, int64_t customer,
                              int64_t product, struct gx_tz *tz, int64_t seq, struct gx_arena *a,
                              struct gx_error *err)
{
	struct record h;
	record_init(&h, &entity_order, a);
	enum gx_err e = demo_set_fields(app, &h, a, err, "order_no", gx_arena_printf(a, "CDNOW-%06lld", (long long)seq),
	                                "channel", "online", NULL);
	if (e != GX_OK)
		return e;
	int64_t ms;
	if ((e = gx_tz_local_to_instant(tz, row->day, 12 * 3600, &ms, err)) != GX_OK)
		return e;
	char buf[GX_INSTANT_FMT_SIZE];
	record_set_text(&h, "ordered_at", gx_arena_strdup(a, gx_instant_format(ms, buf)));
	record_set_int(&h, "customer_id", customer);
	struct order_line_input line = {.source_line = 0};
	record_init(&line.line, &entity_order_line, a);
	record_set_int(&line.line, "product_id", product);
	record_set_int(&line.line, "quantity", row->cds);
	/* The file gives the amount, not the price: the unit price is the average, rounded. */
	record_set_int(&line.line, "unit_price_fen", (row->cents + row->cds / 2) / row->cds);
	record_set_int(&line.line, "amount_fen", row->cents);
	record_set_int(&line.line, "cost_fen", 0);
	return app_order_save(app, &h, &line, 1, a, err);
}

enum gx_err app_demo_cdnow(struct app *app, const char *path, struct demo_result *res,
                           struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	enum gx_err e = app_demo_check_empty(app, err);
	if (e != GX_OK)
		return e;
	FILE *f = fopen(path, "rb");
	if (!f)
		return gx_error_set(err, GX_EIO, "file", _("cannot open the CDNOW data %s: %m"), path);
	struct gx_tz *tz = NULL;
	if ((e = gx_tz_open(app->settings.timezone, &tz, err)) != GX_OK) {
		fclose(f);
		return e;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char params[256];
	snprintf(params, sizeof params, "{\"dataset\":\"cdnow\",\"file\":\"%s\"}", base);
	if ((e = demo_job_start(app, "demo_cdnow", params, err)) != GX_OK)
		goto out;
	res->job_id = app->job_id;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	int64_t product = 0, customer = 0;
	char last_id[16] = "";
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto job;
	if ((e = app_setting_set(app, "currency", "USD", err)) != GX_OK)
		goto job;
	{
		struct record p;
		record_init(&p, &entity_product, &a);
		if ((e = demo_set_fields(app, &p, &a, err, "sku", "CD", "name", "CD", "unit", "CD", "active", "1",
		                         NULL)) != GX_OK ||
		    (e = app_org_create(app, &p, &a, err)) != GX_OK)
			goto job;
		product = p.id;
		res->products = 1;
	}
	char *line = NULL;
	size_t cap = 0;
	size_t lineno = 0, in_batch = 0;
	while (e == GX_OK && getline(&line, &cap, f) > 0) {
		lineno++;
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		struct cdnow_row row;
		if (!parse_line(line, &row)) {
			e = gx_error_set(err, GX_EINVAL, "file",
			                 _("%s line %zu: expected \"id id2 YYYYMMDD cds dollars\""), base, lineno);
			break;
		}
		/* The file is sorted by customer: a new id starts a new customer. */
		if (strcmp(row.id, last_id) != 0) {
			if ((e = save_customer(app, &row, &a, &customer, err)) != GX_OK)
				break;
			snprintf(last_id, sizeof last_id, "%s", row.id);
			res->customers++;
			res->persons++;
			res->pool++;   /* nobody owns them */
		}
		if ((e = save_order(app, &row, customer, product, tz, res->orders + 1, &a, err)) != GX_OK) {
			gx_error_prefix(err, "%s line %zu: ", base, lineno);
			break;
		}
		res->orders++;
		res->order_lines++;
		res->revenue_fen += row.cents;
		char d[GX_DATE_FMT_SIZE];
		gx_date_format(row.day, d);
		if (!res->first_order_date[0] || strcmp(d, res->first_order_date) < 0)
			memcpy(res->first_order_date, d, sizeof d);
		if (strcmp(d, res->last_order_date) > 0)
			memcpy(res->last_order_date, d, sizeof d);
		gx_arena_reset(&a);
		if (++in_batch >= 1000) {
			in_batch = 0;
			if ((e = store_commit(app->store, err)) == GX_OK)
				e = store_begin(app->store, err);
		}
	}
	free(line);
	if (e == GX_OK && ferror(f))
		e = gx_error_set(err, GX_EIO, "file", _("cannot read %s"), path);
job:
	if (e == GX_OK)   /* the batches leave their customers to this one fold (see demo.c) */
		e = store_dashboard_fold(app->store, 0, NULL, err);
	if (e == GX_OK)
		e = store_commit(app->store, err);
	else if (store_in_transaction(app->store))
		store_rollback(app->store);
	gx_arena_free(&a);
	e = demo_job_finish(app, e, res, err);
out:
	gx_tz_free(tz);
	fclose(f);
	return e;
}
