/* End-to-end customer-base benchmark (issue "Analytics library II", make bench (b)):
 * transactions CSV → per-customer summaries → BG/NBD fit → Gamma-Gamma fit → discounted CLV
 * for every customer, each stage timed on its own, with the peak RSS, and the fitted
 * parameters set against those that generated the file (bench/gen_btyd.c), which the fit
 * must recover within 2 %.
 *
 * The stages use the library exactly as the product does: the streaming CSV reader of
 * core/table.h, strict date and money parsing, the streaming summary builder of txsummary.h
 * (one pass over unsorted rows, memory per customer), the fits of btyd.h and btyd_clv_batch.
 * Time unit: days (the generator's).
 *
 * Usage: btyd_pipeline FILE.csv END-DATE r alpha a b p q gamma
 * Output: key=value lines (stage times in seconds, parameters, relative errors, peak RSS). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/analytics/txsummary.h"
#include "guanxi/datetime.h"
#include "guanxi/money.h"
#include "guanxi/table.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct gx_error *err)
{
	fprintf(stderr, "btyd_pipeline: %s: %s\n", what, err ? err->message : "");
	exit(1);
}

static void stage(const char *name, double w0, double c0)
{
	printf("stage_%s_wall_s=%.3f stage_%s_cpu_s=%.3f\n", name, now_s() - w0, name, cpu_s() - c0);
}

static void param(const char *name, double fitted, double truth, double *worst)
{
	double rel = fabs(fitted - truth) / truth;
	if (rel > *worst)
		*worst = rel;
	printf("param_%s=%.5f true_%s=%g rel_err_%s=%.4f\n", name, fitted, name, truth, name, rel);
}

int main(int argc, char **argv)
{
	if (argc != 10) {
		fprintf(stderr, "usage: btyd_pipeline FILE.csv END-DATE r alpha a b p q gamma\n");
		return 2;
	}
	struct gx_error err = { 0 };
	int32_t end;
	if (gx_date_parse(argv[2], &end, "END-DATE", &err) != GX_OK)
		die("end date", &err);
	double truth[7];
	for (int i = 0; i < 7; i++)
		truth[i] = atof(argv[3 + i]);
	double W0 = now_s(), C0 = cpu_s();

	/* 1. CSV → summaries, one streaming pass */
	double w0 = now_s(), c0 = cpu_s();
	struct gx_table_read_opts ro = { .encoding = GX_ENC_UTF8 };
	struct gx_csv_reader *rd;
	if (gx_csv_reader_open(argv[1], &ro, &rd, &err) != GX_OK)
		die("open", &err);
	struct txs_options to = { .calibration_end = end, .as_of = end, .unit = TXS_UNIT_DAYS };
	struct txs_builder *b;
	if (txs_builder_init(&b, &to, &err) != GX_OK)
		die("summary", &err);
	const struct gx_table_row *row;
	long long rows = 0;
	int header = 1;
	for (;;) {
		if (gx_csv_reader_next(rd, &row, &err) != GX_OK)
			die("read", &err);
		if (!row)
			break;
		if (header) {
			header = 0;
			continue;
		}
		if (row->status != GX_OK || row->ncells < 3)
			die("row", &row->error);
		char *endp;
		long long cust = strtoll(row->cells[0], &endp, 10);
		int32_t day;
		int64_t fen;
		if (*endp || gx_date_parse(row->cells[1], &day, "date", &err) != GX_OK ||
		    gx_money_parse_yuan(row->cells[2], 0, &fen, "amount", &err) != GX_OK)
			die("cell", &err);
		if (txs_builder_add(b, cust, day, fen, &err) != GX_OK)
			die("summary", &err);
		rows++;
	}
	gx_csv_reader_close(rd);
	struct txs_customer *cs;
	size_t nc;
	if (txs_builder_finish(b, &cs, &nc, NULL, &err) != GX_OK)
		die("summary", &err);
	txs_builder_free(b);
	printf("rows=%lld customers=%zu\n", rows, nc);
	stage("summaries", w0, c0);

	/* 2. BG/NBD over the distinct histories */
	w0 = now_s();
	c0 = cpu_s();
	struct btyd_obs *obs;
	size_t nobs;
	txs_compress(cs, nc, &obs, &nobs);
	struct bgnbd_fit bf;
	if (bgnbd_fit(obs, nobs, &bf, &err) != GX_OK)
		die("BG/NBD", &err);
	printf("histories=%zu bgnbd_iterations=%d\n", nobs, bf.info.iterations);
	stage("bgnbd_fit", w0, c0);

	/* 3. Gamma-Gamma over the repeat buyers */
	w0 = now_s();
	c0 = cpu_s();
	struct gammagamma_obs *gg = malloc((nc + 1) * sizeof *gg);
	size_t ng = 0;
	for (size_t i = 0; i < nc; i++)
		if (cs[i].x > 0)
			gg[ng++] = (struct gammagamma_obs){ (double)cs[i].x, cs[i].mean_repeat_yuan, 1.0 };
	struct gammagamma_fit gf;
	if (gammagamma_fit(gg, ng, &gf, &err) != GX_OK)
		die("Gamma-Gamma", &err);
	stage("gammagamma_fit", w0, c0);

	/* 4. CLV for every customer: 12 months, 1 % a month */
	w0 = now_s();
	c0 = cpu_s();
	struct btyd_obs *hist = malloc((nc + 1) * sizeof *hist);
	double *spend = malloc((nc + 1) * sizeof *spend), *clv = malloc((nc + 1) * sizeof *clv);
	for (size_t i = 0; i < nc; i++) {
		hist[i] = (struct btyd_obs){ (double)cs[i].x, cs[i].t_x, cs[i].T, 1.0 };
		spend[i] = gammagamma_conditional_spend(&gf.p, (double)cs[i].x, cs[i].mean_repeat_yuan);
	}
	struct btyd_clv_options o;
	btyd_clv_options_default(&o);
	o.unit_days = 1.0;
	struct btyd_model_params mp = { .model = BTYD_BGNBD, .bgnbd = bf.p };
	if (btyd_clv_batch(&mp, hist, spend, nc, &o, clv, NULL, &err) != GX_OK)
		die("CLV", &err);
	double total = 0.0;
	for (size_t i = 0; i < nc; i++)
		total += clv[i];
	printf("clv_total_yuan=%.2f clv_mean_yuan=%.4f\n", total, total / (double)nc);
	stage("clv", w0, c0);
	stage("total", W0, C0);

	double worst = 0.0;
	param("r", bf.p.r, truth[0], &worst);
	param("alpha", bf.p.alpha, truth[1], &worst);
	param("a", bf.p.a, truth[2], &worst);
	param("b", bf.p.b, truth[3], &worst);
	param("p", gf.p.p, truth[4], &worst);
	param("q", gf.p.q, truth[5], &worst);
	param("gamma", gf.p.gamma, truth[6], &worst);
	printf("worst_rel_err=%.4f recovered_within_2pct=%s\n", worst, worst <= 0.02 ? "yes" : "no");
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss_mb=%.0f\n", ru.ru_maxrss / 1024.0);
	free(cs);
	free(obs);
	free(gg);
	free(hist);
	free(spend);
	free(clv);
	return 0;
}
