/* placeholder */
#include "app/demo_internal.h"
#include "guanxi/i18n.h"

enum gx_err demo_generate_scale(struct app *app, const struct demo_opts *opts,
                                struct demo_org *org, struct demo_result *res,
                                struct gx_error *err)
{
	return gx_error_set(err, GX_EINVAL, "scale", "%s", "not yet");
}
