/* The registry of every company setting an admin may change (PRODUCT.md module 11): the
 * operational ones (public pool, SLA, sales, background jobs, webhooks, company) and every
 * model parameter of MODELS.md that the scoring run, `guanxi analyze` and the analytics API
 * use as defaults. Each setting has a key, a group, a kind, bounds and a default; values are
 * checked here (the message names the key and the allowed range) so the web UI, the HTTP API
 * and the CLI refuse the same things with the same words. Cross-setting rules (ABC cut-offs
 * increasing, P(alive) thresholds ordered, …) are checked after a batch of changes, so a
 * batch that moves two linked values at once is judged as a whole. */
#ifndef GUANXI_SETTINGS_H
#define GUANXI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "guanxi/analytics/assoc.h"
#include "guanxi/analytics/clv.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/analytics/loyalty.h"
#include "guanxi/analytics/pareto.h"
#include "guanxi/analytics/rfm.h"
#include "guanxi/app.h"

enum app_setting_kind {
	APP_SETTING_INT = 0,    /* whole number in [min, max] */
	APP_SETTING_NUMBER,     /* decimal number; each bound open or closed */
	APP_SETTING_CHOICE,     /* one of choices ("mean|total") */
	APP_SETTING_SLA,        /* working hours of a ticket severity (guanxi/sla.h) */
	APP_SETTING_WEEK,       /* the working week (guanxi/sla.h) */
	APP_SETTING_PERCENT,    /* the quote discount threshold (guanxi/sales.h) */
	APP_SETTING_TEXT        /* time zone, currency */
};

struct app_setting_def {
	const char *key;
	const char *group;        /* pool, data, sla, sales, jobs, webhooks, company, score, rfm,
	                             abc, lifecycle, loyalty, clv, assoc */
	enum app_setting_kind kind;
	double min, max;          /* INT and NUMBER */
	bool min_open, max_open;  /* NUMBER: the bound itself is refused */
	const char *def;          /* default as text ("" when another module owns it) */
	const char *choices;      /* CHOICE: "a|b|c" */
	const char *model;        /* "M17" etc. for the model parameters, NULL otherwise */
};

/* Every setting in display order. */
const struct app_setting_def *app_setting_defs(size_t *n);
const struct app_setting_def *app_setting_find(const char *key);
/* "int", "number", "choice", "sla", "week", "percent", "text". */
const char *app_setting_kind_name(enum app_setting_kind k);

/* Checks value against d's kind and bounds (INT, NUMBER, CHOICE only; the other kinds are
 * checked by their owners when set). GX_EINVAL with field = key and a message naming the key
 * and the allowed range. */
enum gx_err app_setting_check(const struct app_setting_def *d, const char *value, struct gx_error *err);

/* The value the app uses now, as text: the stored one, else the default. */
enum gx_err app_setting_value(struct app *app, const struct app_setting_def *d, char *buf, size_t size,
                              struct gx_error *err);

/* Changes n settings (keys[i] = values[i]) all or none, inside one transaction, each audited
 * (action "setting"); after the values the cross-setting rules are checked. On failure
 * err->field is the key at fault and nothing is changed. */
enum gx_err app_settings_change(struct app *app, size_t n, const char *const *keys, const char *const *values,
                                struct gx_error *err);

/* The model parameters as the analytics code takes them, from the settings. */
struct app_model_params {
	int score_horizon_months;          /* M22 H: 12 */
	double score_monthly_discount;     /* M22 δ: 0.01 */
	double score_margin;               /* M22 m: 1 */
	enum rfm_monetary rfm_monetary;    /* M21: mean */
	struct gx_pareto_params pareto;    /* M17: window 12 months, A 80%, B 95%, top 20% … */
	struct gx_lifecycle_params lifecycle;        /* M13 */
	struct gx_loyalty_tucker_params tucker;      /* M9 */
	struct gx_loyalty_js_params js;              /* M11 */
	struct gx_loyalty_type_params loyalty_type;  /* M12 */
	struct gx_clv_params clv;                    /* M18: i 9%, T 5 years */
	struct gx_clv_retention_params retention;    /* M20: 12-month windows */
	struct assoc_options assoc;                  /* M23 */
};

/* MODELS.md's defaults, without a database. */
void app_model_params_default(struct app_model_params *m);
/* The defaults overridden by the stored settings. */
enum gx_err app_model_params_load(struct app *app, struct app_model_params *m, struct gx_error *err);

#endif
