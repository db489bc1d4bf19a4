/* BG/BB model for discrete opportunities (Fader, Hardie & Shang 2010, "Customer-base analysis
 * in a discrete-time noncontractual setting"): at each opportunity an alive customer transacts
 * with probability p ~ Beta(α, β) and may die before the next with probability
 * θ ~ Beta(γ, δ). Histories are (x transactions out of n opportunities, last at t_x).
 *
 * Expectations are sums over future opportunities of Beta-function ratios rather than the
 * closed Gamma-ratio forms, which are singular at γ = 1; the sums cost O(n) and n is a count
 * of periods (years, months), never large. */
#include "guanxi/analytics/btyd.h"

#include <math.h>

#include "analytics/btyd_internal.h"
#include "guanxi/i18n.h"

struct bgbb_ctx {
	const struct btyd_obs *rows;
	size_t n;
};

/* log-likelihood of one history (x, t_x, n). */
static double bgbb_row_ll(const struct bgbb_params *p, double lb_ab, double lb_gd, double x,
                          double tx, double n)
{
	double al = p->alpha, be = p->beta, ga = p->gamma, de = p->delta;
	double l = btyd_lbeta(al + x, be + n - x) - lb_ab + btyd_lbeta(ga, de + n) - lb_gd;
	for (double i = 0; i <= n - tx - 1; i += 1.0)
		l = btyd_logaddexp(l, btyd_lbeta(al + x, be + tx - x + i) - lb_ab +
		                          btyd_lbeta(ga + 1, de + tx + i) - lb_gd);
	return l;
}

double bgbb_loglik(const struct bgbb_params *p, const struct btyd_obs *rows, size_t n)
{
	double lb_ab = btyd_lbeta(p->alpha, p->beta), lb_gd = btyd_lbeta(p->gamma, p->delta);
	double total = 0.0;
	for (size_t i = 0; i < n; i++)
		total += rows[i].count *
		         bgbb_row_ll(p, lb_ab, lb_gd, rows[i].x, rows[i].t_x, rows[i].T);
	return total;
}

static double bgbb_ll_cb(const double *th, void *vctx)
{
	struct bgbb_ctx *c = vctx;
	struct bgbb_params p = { th[0], th[1], th[2], th[3] };
	return bgbb_loglik(&p, c->rows, c->n);
}

static int bgbb_is_count(double v)
{
	return isfinite(v) && v >= 0 && v <= 1e6 && v == floor(v);
}

enum gx_err bgbb_fit(const struct btyd_obs *rows, size_t n, struct bgbb_fit *out,
                     struct gx_error *err)
{
	static const char *const names[] = { "alpha", "beta", "gamma", "delta" };
	double customers = 0.0, repeat = 0.0;
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, "rows", _("BG/BB fit: no customers"));
	for (size_t i = 0; i < n; i++) {
		const struct btyd_obs *o = &rows[i];
		if (!bgbb_is_count(o->x) || !bgbb_is_count(o->t_x) || !bgbb_is_count(o->T) ||
		    o->x > o->t_x || o->t_x > o->T || (o->x == 0 && o->t_x != 0) ||
		    !isfinite(o->count) || o->count < 0)
			return gx_error_set(err, GX_EINVAL, "rows",
			                    _("BG/BB fit: history %zu is invalid (x=%g, t_x=%g, n=%g); "
			                      "need whole numbers with x <= t_x <= n, t_x = 0 when x = 0"),
			                    i, o->x, o->t_x, o->T);
		customers += o->count;
		repeat += o->count * o->x;
	}
	if (!(repeat > 0))
		return gx_error_set(err, GX_ENUMERIC, "rows",
		                    _("BG/BB fit: no customer made a repeat transaction, so the model "
		                      "cannot be estimated"));
	struct bgbb_ctx ctx = { rows, n };
	double th[4] = { 1.0, 1.0, 1.0, 1.0 }, se[4];
	out->info.customers = customers;
	out->info.rows = n;
	enum gx_err e = btyd_fit_ml("BG/BB", 4, names, bgbb_ll_cb, &ctx, NULL, NULL, th, se,
	                            &out->info, err);
	out->p = (struct bgbb_params){ th[0], th[1], th[2], th[3] };
	out->se = (struct bgbb_params){ se[0], se[1], se[2], se[3] };
	return e;
}

double bgbb_p_alive(const struct bgbb_params *p, double m, double x, double t_x, double n)
{
	double lb_ab = btyd_lbeta(p->alpha, p->beta), lb_gd = btyd_lbeta(p->gamma, p->delta);
	double ll = bgbb_row_ll(p, lb_ab, lb_gd, x, t_x, n);
	double la = btyd_lbeta(p->alpha + x, p->beta + n - x) - lb_ab +
	            btyd_lbeta(p->gamma, p->delta + n + (m > 0 ? floor(m) : 0)) - lb_gd;
	double v = exp(la - ll);
	return v > 1.0 ? 1.0 : v;
}

double bgbb_expected(const struct bgbb_params *p, double n)
{
	/* Σ_{i=1..n} P(transaction at i) = α/(α+β) · Σ B(γ, δ+i)/B(γ, δ). */
	double lb_gd = btyd_lbeta(p->gamma, p->delta), s = 0.0;
	for (double i = 1; i <= floor(n); i += 1.0)
		s += exp(btyd_lbeta(p->gamma, p->delta + i) - lb_gd);
	return p->alpha / (p->alpha + p->beta) * s;
}

double bgbb_conditional(const struct bgbb_params *p, double n_star, double x, double t_x,
                        double n)
{
	double lb_ab = btyd_lbeta(p->alpha, p->beta), lb_gd = btyd_lbeta(p->gamma, p->delta);
	double ll = bgbb_row_ll(p, lb_ab, lb_gd, x, t_x, n);
	double lp = btyd_lbeta(p->alpha + x + 1, p->beta + n - x) - lb_ab - ll;
	double s = 0.0;
	for (double i = 1; i <= floor(n_star); i += 1.0)
		s += exp(lp + btyd_lbeta(p->gamma, p->delta + n + i) - lb_gd);
	return s;
}

double bgbb_pmf(const struct bgbb_params *p, int64_t n, int64_t x)
{
	if (x < 0 || n < 0 || x > n)
		return 0.0;
	double al = p->alpha, be = p->beta, ga = p->gamma, de = p->delta, dx = (double)x;
	double lb_ab = btyd_lbeta(al, be), lb_gd = btyd_lbeta(ga, de);
	double dn = (double)n;
	double l = lgamma(dn + 1) - lgamma(dx + 1) - lgamma(dn - dx + 1) +
	           btyd_lbeta(al + dx, be + dn - dx) - lb_ab + btyd_lbeta(ga, de + dn) - lb_gd;
	for (int64_t i = x; i < n; i++) {
		double di = (double)i;
		l = btyd_logaddexp(l, lgamma(di + 1) - lgamma(dx + 1) - lgamma(di - dx + 1) +
		                          btyd_lbeta(al + dx, be + di - dx) - lb_ab +
		                          btyd_lbeta(ga + 1, de + di) - lb_gd);
	}
	return exp(l);
}
