/* The derivative pass of the Pareto/NBD likelihood (paretonbd_derivs.c), shared with the fit
 * in paretonbd.c. Private to analytics/. */
#ifndef GUANXI_ANALYTICS_PARETONBD_INTERNAL_H
#define GUANXI_ANALYTICS_PARETONBD_INTERNAL_H

#include "analytics/btyd_internal.h"

struct paretonbd_deriv_ctx {
	const struct btyd_obs *rows;   /* sorted by x (btyd_obs_compress) */
	size_t n;
	/* distinct times (btyd_time_table) and, per pass, ln(α+t), 1/(α+t), ln(β+t), 1/(β+t) */
	double *tv, *la, *ia, *lb, *ib;
	unsigned *iT, *iX;
	size_t nt;
	/* Gauss–Legendre nodes and weights on [0, 1] */
	int nodes;
	double xi[32], wi[32];
};

void paretonbd_deriv_ctx_init(struct paretonbd_deriv_ctx *c, const struct btyd_obs *rows, size_t n);
void paretonbd_deriv_ctx_free(struct paretonbd_deriv_ctx *c);
/* btyd_llgh_fn over a struct paretonbd_deriv_ctx. */
double paretonbd_llgh(const double *th, double *grad, double H[BTYD_MAXK][BTYD_MAXK], void *ctx);

#endif
