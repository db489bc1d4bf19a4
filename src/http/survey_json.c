/* Survey waves and results rendered as JSON (see http/survey_json.h). Category labels come in
 * the request's language next to stable keys (quadrant "urgent", Kano "A"), so the UI can
 * style by key and show the label. */
#include <math.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "http/survey_json.h"

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *lab(struct gx_sat_label l)
{
	const char *s = gx_sat_label_text(l, gx_i18n_lang());
	return s ? json_string(s) : json_null();
}

json_t *survey_wave_json(const struct survey_wave *w, const char *today)
{
	return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s, s:s?, s:s, s:I, s:I, s:s?}", "id", (json_int_t)w->id,
	                 "survey_id", (json_int_t)w->survey_id, "code", w->code, "name", w->name, "opens_on", w->opens_on,
	                 "closes_on", w->closes_on, "closed_at", w->closed_at, "state", survey_wave_state(w, today),
	                 "invited", (json_int_t)w->invited, "responses", (json_int_t)w->responses, "created_at",
	                 w->created_at);
}

static const char *const quadrant_keys[] = {"strength", "urgent", "nice_to_have", "low_priority"};

static json_t *attributes(const struct survey_results *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->n_attr; i++) {
		const struct survey_attr_result *x = &r->attr[i];
		json_t *o = json_pack("{s:s, s:s, s:o, s:o}", "code", x->code, "text", x->text, "importance", num(x->mean_imp),
		                      "satisfaction", num(x->mean_sat));
		if (r->has_index) {
			json_object_set_new(o, "quadrant", json_string(quadrant_keys[x->quadrant]));
			json_object_set_new(o, "type", lab(gx_sat_ipa_type_label(x->quadrant)));
			json_object_set_new(o, "zone", lab(gx_sat_ipa_zone_label(x->quadrant)));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *kano(const struct survey_results *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->n_kano; i++) {
		const struct gx_kano_feature *f = &r->kano[i].f;
		json_t *counts = json_object();
		for (int c = 0; c < GX_KANO_NCAT; c++)
			json_object_set_new(counts, (char[]){gx_kano_cat_letter((enum gx_kano_cat)c), 0}, json_integer((json_int_t)f->counts[c]));
		json_t *o = json_pack("{s:s, s:s, s:I, s:o}", "code", r->kano[i].code, "text", r->kano[i].text, "n",
		                      (json_int_t)f->n, "counts", counts);
		if (f->n) {
			json_object_set_new(o, "category", json_string((char[]){gx_kano_cat_letter(f->category), 0}));
			json_object_set_new(o, "label", lab(gx_kano_cat_label(f->category)));
			json_object_set_new(o, "better", num(f->better));
			json_object_set_new(o, "worse", num(f->worse));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *servqual(const struct survey_results *r)
{
	if (!r->has_servqual)
		return r->servqual_note ? json_pack("{s:s}", "note", r->servqual_note) : json_null();
	json_t *items = json_array(), *dims = json_array();
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++)
		json_array_append_new(items, json_pack("{s:i, s:o, s:o, s:o}", "item", i + 1, "expectation",
		                                       num(r->servqual.mean_e[i]), "perception", num(r->servqual.mean_p[i]),
		                                       "gap", num(r->servqual.item_gap[i])));
	static const char *const keys[] = {"tangibles", "reliability", "responsiveness", "assurance", "empathy"};
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++)
		json_array_append_new(dims, json_pack("{s:s, s:o, s:o}", "dimension", keys[d], "label",
		                                      lab(gx_servqual_dim_label((enum gx_servqual_dim)d)), "gap",
		                                      num(r->servqual.dim_gap[d])));
	return json_pack("{s:I, s:o, s:o, s:o}", "respondents", (json_int_t)r->servqual.n_respondents, "items", items,
	                 "dimensions", dims, "overall", num(r->servqual.overall));
}

static json_t *others(const struct survey_results *r, json_t *o)
{
	json_t *nps = json_array(), *items = json_array(), *choices = json_array();
	for (size_t i = 0; i < r->n_nps; i++) {
		const struct gx_nps *n = &r->nps[i].nps;
		json_array_append_new(nps, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "code", r->nps[i].code, "text",
		                                     r->nps[i].text, "n", (json_int_t)n->n, "promoters", (json_int_t)n->promoters,
		                                     "passives", (json_int_t)n->passives, "detractors", (json_int_t)n->detractors,
		                                     "nps", n->n ? num(n->nps) : json_null()));
	}
	for (size_t i = 0; i < r->n_items; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s?, s:I, s:o}", "code", r->items[i].code, "text",
		                                       r->items[i].text, "block", r->items[i].block, "n",
		                                       (json_int_t)r->items[i].n, "mean", num(r->items[i].mean)));
	for (size_t i = 0; i < r->n_choices; i++) {
		json_t *opts = json_array();
		for (size_t k = 0; k < r->choices[i].q->noptions; k++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:I}", "key", r->choices[i].q->options[k].key, "label",
			                                      r->choices[i].q->options[k].label, "count",
			                                      (json_int_t)r->choices[i].counts[k]));
		json_array_append_new(choices, json_pack("{s:s, s:s, s:I, s:o}", "code", r->choices[i].code, "text",
		                                         r->choices[i].text, "n", (json_int_t)r->choices[i].n, "options", opts));
	}
	json_object_set_new(o, "nps", nps);
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "choices", choices);
	return o;
}

static json_t *pls(const struct survey_results *r)
{
	const struct survey_pls_result *p = &r->pls;
	json_t *comp = json_null();
	if (p->complaints_from_tickets)
		comp = json_pack("{s:s, s:s, s:s, s:s, s:I}", "source", "tickets", "lv", p->complaints_lv, "from",
		                 p->complaints_from, "to", p->complaints_to, "dropped", (json_int_t)p->complaints_dropped);
	if (!p->fitted) {
		if (!p->note) {
			json_decref(comp);
			return json_null();
		}
		return json_pack("{s:s, s:o}", "note", p->note, "complaints", comp);
	}
	json_t *paths = json_array(), *lvs = json_array();
	for (size_t k = 0; k < p->npaths; k++)
		json_array_append_new(paths, json_pack("{s:s, s:s, s:o, s:o}", "from", p->paths[k].from, "to", p->paths[k].to,
		                                       "coef", num(p->paths[k].coef), "se", num(p->paths[k].se)));
	for (size_t l = 0; l < p->n_lv; l++)
		json_array_append_new(lvs, json_pack("{s:s, s:o, s:o}", "lv", p->lv[l], "r2", num(p->r2[l]), "index_100",
		                                     num(p->index_100[l])));
	return json_pack("{s:I, s:o, s:o, s:o}", "observations", (json_int_t)p->n_obs, "paths", paths, "latent", lvs,
	                 "complaints", comp);
}

json_t *survey_results_json(const struct survey_results *r)
{
	json_t *index = json_null();
	if (r->has_index) {
		index = json_pack("{s:o, s:o, s:I, s:o, s:o}", "value", num(r->index), "value_100", num(r->index_100),
		                  "respondents", (json_int_t)r->index_n, "split_importance", num(r->split.importance),
		                  "split_satisfaction", num(r->split.satisfaction));
		int smin = 1, scale = 5;
		for (size_t i = 0; i < r->def.nquestions; i++)
			if (r->def.questions[i].type == SURVEY_Q_IMP_SAT) {
				smin = r->def.questions[i].scale_min;
				scale = r->def.questions[i].scale_max;
				break;
			}
		json_object_set_new(index, "scale_min", json_integer(smin));
		json_object_set_new(index, "scale_max", json_integer(scale));
		if (r->level) {
			json_object_set_new(index, "level", json_integer(r->level));
			json_object_set_new(index, "level_label", lab(gx_sat_level_label((enum gx_sat_scale)scale, r->level)));
		}
	}
	json_t *o = json_pack("{s:{s:I, s:s, s:s}, s:{s:I, s:s, s:s, s:s}, s:I, s:o, s:o, s:o, s:o}",
	                      "survey", "id", (json_int_t)r->def.id, "code", r->def.code, "title", r->def.title,
	                      "wave", "id", (json_int_t)r->wave.id, "code", r->wave.code, "opens_on", r->wave.opens_on,
	                      "closes_on", r->wave.closes_on, "responses", (json_int_t)r->n_responses, "index", index,
	                      "attributes", attributes(r), "kano", kano(r), "servqual", servqual(r));
	others(r, o);
	json_object_set_new(o, "pls", pls(r));
	return o;
}

static json_t *change(double a, double b)
{
	return isfinite(a) && isfinite(b) ? json_real(b - a) : json_null();
}

json_t *survey_compare_json(const struct survey_results *a, const struct survey_results *b)
{
	json_t *ch = json_object();
	json_object_set_new(ch, "index", change(a->has_index ? a->index : NAN, b->has_index ? b->index : NAN));
	json_object_set_new(ch, "servqual_overall", change(a->has_servqual ? a->servqual.overall : NAN,
	                                                   b->has_servqual ? b->servqual.overall : NAN));
	json_t *drift = json_array();
	for (size_t i = 0; i < a->n_kano && i < b->n_kano; i++)
		if (a->kano[i].f.n && b->kano[i].f.n)
			json_array_append_new(drift, json_pack("{s:s, s:s, s:s, s:b}", "code", a->kano[i].code, "from",
			                                       (char[]){gx_kano_cat_letter(a->kano[i].f.category), 0}, "to",
			                                       (char[]){gx_kano_cat_letter(b->kano[i].f.category), 0}, "changed",
			                                       a->kano[i].f.category != b->kano[i].f.category));
	json_object_set_new(ch, "kano", drift);
	json_t *sat = json_array();
	for (size_t i = 0; i < a->n_attr && i < b->n_attr; i++)
		json_array_append_new(sat, json_pack("{s:s, s:o}", "code", a->attr[i].code, "satisfaction",
		                                     change(a->attr[i].mean_sat, b->attr[i].mean_sat)));
	json_object_set_new(ch, "attributes", sat);
	return json_pack("{s:o, s:o, s:o}", "a", survey_results_json(a), "b", survey_results_json(b), "changes", ch);
}
