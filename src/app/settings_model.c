/* The model parameters from the settings (see guanxi/settings.h): which setting fills which
 * field of which model's parameter struct. Percent settings (ABC cut-offs, top share) become
 * the shares the models take. A stored value was checked when it was set; one that no longer
 * parses (an older build's text) falls back to the default rather than failing a report. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/settings.h"
#include "guanxi/store.h"

enum mfield_type { MF_INT, MF_DOUBLE, MF_ENUM };

static const struct model_field {
	const char *key;
	size_t offset;
	enum mfield_type type;
	double divisor;          /* MF_DOUBLE: value / divisor (100: percent to share, exactly) */
} fields[] = {
#define M(f) offsetof(struct app_model_params, f)
	{"score_horizon_months", M(score_horizon_months), MF_INT, 1},
	{"score_monthly_discount", M(score_monthly_discount), MF_DOUBLE, 1},
	{"score_margin", M(score_margin), MF_DOUBLE, 1},
	{"rfm_monetary", M(rfm_monetary), MF_ENUM, 1},
	{"abc_window_months", M(pareto.window_months), MF_INT, 1},
	{"abc_a_pct", M(pareto.a_share), MF_DOUBLE, 100},
	{"abc_b_pct", M(pareto.b_share), MF_DOUBLE, 100},
	{"pareto_top_pct", M(pareto.top_share), MF_DOUBLE, 100},
	{"abc_upgrade_top_pct", M(pareto.upgrade_top), MF_DOUBLE, 100},
	{"lifecycle_inactive_days", M(lifecycle.inactive_days), MF_INT, 1},
	{"lifecycle_p_alive_lost", M(lifecycle.p_alive_lost), MF_DOUBLE, 1},
	{"lifecycle_window_months", M(lifecycle.window_months), MF_INT, 1},
	{"lifecycle_decline_ratio", M(lifecycle.decline_ratio), MF_DOUBLE, 1},
	{"lifecycle_p_alive_decline", M(lifecycle.p_alive_decline), MF_DOUBLE, 1},
	{"lifecycle_wallet_mature", M(lifecycle.wallet_mature), MF_DOUBLE, 1},
	{"lifecycle_mature_tenure_days", M(lifecycle.mature_tenure_days), MF_INT, 1},
	{"lifecycle_stable_low", M(lifecycle.stable_low), MF_DOUBLE, 1},
	{"lifecycle_stable_high", M(lifecycle.stable_high), MF_DOUBLE, 1},
	{"lifecycle_outreach_days", M(lifecycle.outreach_days), MF_INT, 1},
	{"tucker_periods", M(tucker.periods), MF_INT, 1},
	{"tucker_period", M(tucker.period), MF_ENUM, 1},
	{"loyalty_js_midpoint", M(js.midpoint), MF_DOUBLE, 1},
	{"loyalty_js_apostle", M(js.apostle), MF_DOUBLE, 1},
	{"loyalty_js_terrorist", M(js.terrorist), MF_DOUBLE, 1},
	{"loyalty_attitude_midpoint", M(loyalty_type.attitude_midpoint), MF_DOUBLE, 1},
	{"loyalty_repeat_threshold", M(loyalty_type.repeat_threshold), MF_DOUBLE, 1},
	{"loyalty_price_share", M(loyalty_type.price_share), MF_DOUBLE, 1},
	{"loyalty_incentive_share", M(loyalty_type.incentive_share), MF_DOUBLE, 1},
	{"clv_discount_rate", M(clv.discount_rate), MF_DOUBLE, 1},
	{"clv_years", M(clv.horizon), MF_INT, 1},
	{"retention_window_months", M(retention.window_months), MF_INT, 1},
	{"assoc_min_support", M(assoc.min_support), MF_DOUBLE, 1},
	{"assoc_min_confidence", M(assoc.min_confidence), MF_DOUBLE, 1},
	{"assoc_min_lift", M(assoc.min_lift), MF_DOUBLE, 1},
#undef M
};
#define NFIELDS (sizeof fields / sizeof *fields)

/* Index of value in "a|b|c", or -1. */
static int choice(const char *choices, const char *value)
{
	size_t len = strlen(value);
	int i = 0;
	for (const char *p = choices; p && *p; i++) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == len && len && strncmp(p, value, l) == 0)
			return i;
		p = bar ? bar + 1 : p + l;
	}
	return -1;
}

/* Puts text (already checked, or the registry default) into its field. */
static void put(struct app_model_params *m, const struct model_field *f, const struct app_setting_def *d,
                const char *text)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_setting_check(d, text, &err) != GX_OK)
		text = d->def;
	char *at = (char *)m + f->offset;
	switch (f->type) {
	case MF_INT:
		*(int *)at = atoi(text);
		break;
	case MF_DOUBLE:
		*(double *)at = strtod(text, NULL) / f->divisor;
		break;
	case MF_ENUM: {
		int i = choice(d->choices, text);
		if (strcmp(f->key, "rfm_monetary") == 0)
			m->rfm_monetary = i == 1 ? RFM_MONETARY_TOTAL : RFM_MONETARY_MEAN;
		else
			m->tucker.period = (enum gx_loyalty_period)(i < 0 ? GX_LOYALTY_PERIOD_MONTH : i);
		break;
	}
	}
}

static void base_defaults(struct app_model_params *m)
{
	memset(m, 0, sizeof *m);
	gx_pareto_params_default(&m->pareto);
	gx_lifecycle_params_default(&m->lifecycle);
	gx_loyalty_tucker_params_default(&m->tucker);
	gx_loyalty_js_params_default(&m->js);
	gx_loyalty_type_params_default(&m->loyalty_type);
	gx_clv_params_default(&m->clv);
	gx_clv_retention_params_default(&m->retention);
	assoc_options_default(&m->assoc);
}

void app_model_params_default(struct app_model_params *m)
{
	base_defaults(m);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct app_setting_def *d = app_setting_find(fields[i].key);
		put(m, &fields[i], d, d->def);
	}
}

enum gx_err app_model_params_load(struct app *app, struct app_model_params *m, struct gx_error *err)
{
	base_defaults(m);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct app_setting_def *d = app_setting_find(fields[i].key);
		char buf[64];
		int found = 0;
		enum gx_err e = store_setting_get(app->store, d->key, buf, sizeof buf, &found, err);
		if (e != GX_OK)
			return e;
		put(m, &fields[i], d, found ? buf : d->def);
	}
	return GX_OK;
}
