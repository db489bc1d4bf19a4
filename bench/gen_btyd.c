/* Synthetic transactions for the end-to-end customer-base benchmark (bench/btyd_pipeline.c):
 * customers who follow the BG/NBD process (Fader, Hardie & Lee 2005) with known parameters and
 * spend per transaction from the Gamma-Gamma model (Fader & Hardie 2013), written as
 * "customer,date,amount" CSV, so that the fit must recover what generated the data.
 *
 * Time is in days. Each customer makes a first purchase in 2016 and is observed until the end
 * of 2025; while alive, purchases come as a Poisson process with rate λ ~ Gamma(r, α), and
 * after each repeat purchase the customer drops out with probability p ~ Beta(a, b). Every
 * purchase, the first included, happens at an instant and is recorded on the day of that
 * instant; a customer buys at most once a day (a second event on an already used day is not a
 * purchase and carries no dropout). Recording days instead of instants would bias the fit if
 * done carelessly: the first instant is uniform within its day, so that t_x = last day − first
 * day is unbiased, and observation ends in the middle of the last day, so that T = last day −
 * first day is unbiased too. Rates are low (a purchase in 100 days on average) and the window
 * long, so that the once-a-day rule rarely bites. Fixed seed: the same file every run.
 *
 * Usage: gen_btyd OUT.csv CUSTOMERS [SEED]
 * Prints: customers=N transactions=M r=… alpha=… a=… b=… p=… q=… gamma=… (true parameters). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Generating parameters (days; spend in yuan). */
#define GEN_R 0.6
#define GEN_ALPHA 120.0
#define GEN_A 0.8
#define GEN_B 12.0
#define GEN_P 6.0
#define GEN_Q 4.0
#define GEN_GAMMA 15.0
#define GEN_START 16801        /* 2016-01-01 as days since 1970-01-01 */
#define GEN_COHORT_DAYS 365
#define GEN_END_DAY 3652       /* 2025-12-31 */

static void put_date(FILE *f, int days)
{
	/* civil date from days since 1970-01-01 (H. Hinnant's algorithm) */
	long z = days + 719468L, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	fprintf(f, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen_btyd OUT.csv CUSTOMERS [SEED]\n");
		return 2;
	}
	long n = atol(argv[2]);
	unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 20261126UL;
	FILE *f = fopen(argv[1], "w");
	if (!f || n <= 0) {
		fprintf(stderr, "gen_btyd: cannot write %s or bad count\n", argv[1]);
		return 1;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	long long tx = 0;
	fprintf(f, "customer,date,amount\n");
	for (long c = 1; c <= n; c++) {
		double lambda = gsl_ran_gamma(rng, GEN_R, 1.0 / GEN_ALPHA);
		double p = gsl_ran_beta(rng, GEN_A, GEN_B);
		double nu = gsl_ran_gamma(rng, GEN_Q, 1.0 / GEN_GAMMA);
		int first = (int)gsl_rng_uniform_int(rng, GEN_COHORT_DAYS);
		double t = first + gsl_rng_uniform(rng);   /* the instant within the first day */
		int last_day = first;
		int first_purchase = 1;
		for (;;) {
			fprintf(f, "%ld,", c);
			put_date(f, GEN_START + last_day);
			fprintf(f, ",%.2f\n", gsl_ran_gamma(rng, GEN_P, 1.0 / nu));
			tx++;
			/* dropout after each repeat purchase; never right after the first (the BG/NBD
			 * likelihood of x = 0 is e^(−λT): alive until a first repeat purchase) */
			if (!first_purchase && gsl_rng_uniform(rng) < p)
				break;
			first_purchase = 0;
			do                             /* next event on a new day */
				t += gsl_ran_exponential(rng, 1.0 / lambda);
			while (t < last_day + 1.0);   /* at most one purchase a day */
			if (!(t < GEN_END_DAY + 0.5))
				break;                 /* beyond the observation (or λ ≈ 0: t = ∞) */
			last_day = (int)floor(t);
		}
	}
	fclose(f);
	gsl_rng_free(rng);
	printf("customers=%ld transactions=%lld r=%g alpha=%g a=%g b=%g p=%g q=%g gamma=%g end=%d\n", n, tx,
	       GEN_R, GEN_ALPHA, GEN_A, GEN_B, GEN_P, GEN_Q, GEN_GAMMA, GEN_START + GEN_END_DAY);
	return 0;
}
