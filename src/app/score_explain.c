/* Explanations of stored scores from the run's own parameters (see guanxi/score_explain.h).
 * The run's JSON is the record of what was used; the settings may have changed since, and the
 * page must explain the score it shows, not the next run's. */
#include "guanxi/score_explain.h"

#include <string.h>

#include <jansson.h>

static const char *const stage_keys[GX_LIFECYCLE_STAGES] = {"prospect", "development", "growth",
                                                            "maturity", "decline", "termination"};

static void get_int(json_t *o, const char *k, int *v)
{
	json_t *x = json_object_get(o, k);
	if (json_is_integer(x))
		*v = (int)json_integer_value(x);
}

static void get_num(json_t *o, const char *k, double *v)
{
	json_t *x = json_object_get(o, k);
	if (json_is_number(x))
		*v = json_number_value(x);
}

void app_score_run_lifecycle_params(const char *params_json, struct gx_lifecycle_params *out)
{
	gx_lifecycle_params_default(out);
	json_t *root = params_json ? json_loads(params_json, 0, NULL) : NULL;
	json_t *l = json_object_get(root, "lifecycle");
	if (json_is_object(l)) {
		get_int(l, "inactive_days", &out->inactive_days);
		get_num(l, "p_alive_lost", &out->p_alive_lost);
		get_int(l, "window_months", &out->window_months);
		get_num(l, "decline_ratio", &out->decline_ratio);
		get_num(l, "p_alive_decline", &out->p_alive_decline);
		get_num(l, "wallet_mature", &out->wallet_mature);
		get_int(l, "mature_tenure_days", &out->mature_tenure_days);
		get_num(l, "stable_low", &out->stable_low);
		get_num(l, "stable_high", &out->stable_high);
		get_int(l, "outreach_days", &out->outreach_days);
	}
	json_decref(root);
}

const char *app_score_lifecycle_explain(const char *stage_key, const struct gx_lifecycle_params *p,
                                        enum gx_lang lang, char *buf, size_t size)
{
	for (int s = 0; stage_key && s < GX_LIFECYCLE_STAGES; s++)
		if (strcmp(stage_keys[s], stage_key) == 0)
			return gx_lifecycle_stage_explain((enum gx_lifecycle_stage)s, p, lang, buf, size);
	return NULL;
}
