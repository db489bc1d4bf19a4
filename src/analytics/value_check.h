/* Boundary comparisons and input checks shared by the loyalty, lifecycle, value, Pareto, CLV
 * and credit models. MODELS.md compares computed doubles against a threshold with a tolerance
 * of 1e-9, so that a mean of 2.9999999999999996 counts as 3 and a share of
 * 0.9500000000000001 as 0.95: a value within the tolerance of a boundary is ON the boundary.
 * Keeping the rule in one place makes every model agree on it. */
#ifndef ANALYTICS_VALUE_CHECK_H
#define ANALYTICS_VALUE_CHECK_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

#define VC_TOL 1e-9

static inline bool vc_lt(double x, double t) { return x < t - VC_TOL; }
static inline bool vc_le(double x, double t) { return x <= t + VC_TOL; }
static inline bool vc_gt(double x, double t) { return x > t + VC_TOL; }
static inline bool vc_ge(double x, double t) { return x >= t - VC_TOL; }

/* GX_EINVAL unless x is a finite number. */
static inline enum gx_err vc_finite(double x, const char *field, struct gx_error *err)
{
	if (!isfinite(x))
		return gx_error_set(err, GX_EINVAL, field, _("%s must be a finite number"), field);
	return GX_OK;
}

/* GX_EINVAL unless lo ≤ x ≤ hi (x finite). */
static inline enum gx_err vc_range(double x, double lo, double hi, const char *field,
                                   struct gx_error *err)
{
	if (!isfinite(x) || x < lo || x > hi)
		return gx_error_set(err, GX_EINVAL, field, _("%s must be between %g and %g (got %g)"),
		                    field, lo, hi, x);
	return GX_OK;
}

/* GX_EINVAL unless x ≥ 0. */
static inline enum gx_err vc_nonneg_fen(int64_t x, const char *field, struct gx_error *err)
{
	if (x < 0)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("%s must not be negative (got %lld fen)"), field, (long long)x);
	return GX_OK;
}

/* Adds b to *acc, GX_EINVAL on int64 overflow (a sum of fen that no real ledger reaches). */
static inline enum gx_err vc_add_fen(int64_t *acc, int64_t b, const char *field,
                                     struct gx_error *err)
{
	if (__builtin_add_overflow(*acc, b, acc))
		return gx_error_set(err, GX_EINVAL, field, _("%s: the sum of amounts overflows"), field);
	return GX_OK;
}

#endif
