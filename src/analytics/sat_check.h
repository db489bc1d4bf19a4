/* Input checks shared by the satisfaction model files (satisfaction.c, kano.c, servqual.c,
 * pdca.c, plspm*.c): every model rejects empty or non-finite input with the same wording, so
 * a caller always learns which array and which element is at fault. */
#ifndef ANALYTICS_SAT_CHECK_H
#define ANALYTICS_SAT_CHECK_H

#include <math.h>
#include <stddef.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* GX_EINVAL unless x[0..n) is non-empty and every element is finite. */
static inline enum gx_err sat_check_finite(const double *x, size_t n, const char *field,
                                           struct gx_error *err)
{
	if (!x || n == 0)
		return gx_error_set(err, GX_EINVAL, field, _("%s: no values given"), field);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return gx_error_set(err, GX_EINVAL, field,
			                    _("%s: element %zu is not a finite number"), field, i);
	return GX_OK;
}

#endif
