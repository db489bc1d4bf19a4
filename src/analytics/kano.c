/* Kano classification (MODELS.md M5): evaluation table, per-feature counts and category,
 * Better/Worse coefficients, and the wave-to-wave drift of a feature's category. */
#include "guanxi/analytics/kano.h"

/* Rows functional answer 1..5, columns dysfunctional answer 1..5 (like … dislike). */
static const enum gx_kano_cat table[5][5] = {
	{ GX_KANO_Q, GX_KANO_A, GX_KANO_A, GX_KANO_A, GX_KANO_O },
	{ GX_KANO_R, GX_KANO_I, GX_KANO_I, GX_KANO_I, GX_KANO_M },
	{ GX_KANO_R, GX_KANO_I, GX_KANO_I, GX_KANO_I, GX_KANO_M },
	{ GX_KANO_R, GX_KANO_I, GX_KANO_I, GX_KANO_I, GX_KANO_M },
	{ GX_KANO_R, GX_KANO_R, GX_KANO_R, GX_KANO_R, GX_KANO_Q },
};

void gx_kano_params_default(struct gx_kano_params *p)
{
	static const enum gx_kano_cat order[GX_KANO_NCAT] = {
		GX_KANO_M, GX_KANO_O, GX_KANO_A, GX_KANO_I, GX_KANO_R, GX_KANO_Q
	};
	for (int i = 0; i < GX_KANO_NCAT; i++)
		p->tie_order[i] = order[i];
}

enum gx_err gx_kano_classify(int functional, int dysfunctional, enum gx_kano_cat *cat,
                             struct gx_error *err)
{
	if (functional < 1 || functional > 5)
		return gx_error_set(err, GX_EINVAL, "functional", _("Kano answer %d is not 1..5"), functional);
	if (dysfunctional < 1 || dysfunctional > 5)
		return gx_error_set(err, GX_EINVAL, "dysfunctional", _("Kano answer %d is not 1..5"), dysfunctional);
	*cat = table[functional - 1][dysfunctional - 1];
	return GX_OK;
}

char gx_kano_cat_letter(enum gx_kano_cat cat)
{
	return cat >= 0 && cat < GX_KANO_NCAT ? "AOMIRQ"[cat] : '?';
}

struct gx_sat_label gx_kano_cat_label(enum gx_kano_cat cat)
{
	switch (cat) {
	case GX_KANO_A: return (struct gx_sat_label){ "魅力质量", "attractive" };
	case GX_KANO_O: return (struct gx_sat_label){ "一维质量", "one-dimensional" };
	case GX_KANO_M: return (struct gx_sat_label){ "必备质量", "must-be" };
	case GX_KANO_I: return (struct gx_sat_label){ "无差异质量", "indifferent" };
	case GX_KANO_R: return (struct gx_sat_label){ "逆向质量", "reverse" };
	case GX_KANO_Q: return (struct gx_sat_label){ "可疑结果", "questionable" };
	case GX_KANO_NCAT: break;
	}
	return (struct gx_sat_label){ NULL, NULL };
}

struct gx_sat_label gx_kano_answer_label(enum gx_kano_answer answer)
{
	switch (answer) {
	case GX_KANO_LIKE: return (struct gx_sat_label){ "我希望这样", "I like it" };
	case GX_KANO_EXPECT: return (struct gx_sat_label){ "我预期这样", "I expect it" };
	case GX_KANO_NEUTRAL: return (struct gx_sat_label){ "我没有意见", "I am neutral" };
	case GX_KANO_TOLERATE: return (struct gx_sat_label){ "我可以忍受这样", "I can tolerate it" };
	case GX_KANO_DISLIKE: return (struct gx_sat_label){ "我不希望这样", "I dislike it" };
	}
	return (struct gx_sat_label){ NULL, NULL };
}

enum gx_err gx_kano_feature(const int *functional, const int *dysfunctional, size_t n,
                            const struct gx_kano_params *p, struct gx_kano_feature *out,
                            struct gx_error *err)
{
	struct gx_kano_params def;
	if (!p) {
		gx_kano_params_default(&def);
		p = &def;
	}
	if (!functional || !dysfunctional || n == 0)
		return gx_error_set(err, GX_EINVAL, "answers", _("Kano feature has no answers"));
	for (int i = 0; i < GX_KANO_NCAT; i++)
		out->counts[i] = 0;
	for (size_t i = 0; i < n; i++) {
		enum gx_kano_cat c;
		enum gx_err rc = gx_kano_classify(functional[i], dysfunctional[i], &c, err);
		if (rc != GX_OK) {
			gx_error_prefix(err, _("answer pair %zu: "), i);
			return rc;
		}
		out->counts[c]++;
	}
	out->n = n;
	enum gx_kano_cat best = GX_KANO_NCAT;
	for (int i = 0; i < GX_KANO_NCAT; i++) {
		enum gx_kano_cat c = p->tie_order[i];
		if (c < 0 || c >= GX_KANO_NCAT)
			return gx_error_set(err, GX_EINVAL, "tie_order", _("Kano tie order names an unknown category"));
		if (best == GX_KANO_NCAT || out->counts[c] > out->counts[best])
			best = c;
	}
	out->category = best;
	double a = (double)out->counts[GX_KANO_A], o = (double)out->counts[GX_KANO_O];
	double m = (double)out->counts[GX_KANO_M], ind = (double)out->counts[GX_KANO_I];
	double den = a + o + m + ind;
	out->better = den > 0 ? (a + o) / den : 0.0;
	out->worse = den > 0 ? -(o + m) / den : 0.0;
	return GX_OK;
}

/* Position on the life cycle of a quality attribute; -1 for categories off the cycle. */
static int lifecycle_rank(enum gx_kano_cat c)
{
	switch (c) {
	case GX_KANO_I: return 0;
	case GX_KANO_A: return 1;
	case GX_KANO_O: return 2;
	case GX_KANO_M: return 3;
	default: return -1;
	}
}

enum gx_err gx_kano_drift(const enum gx_kano_cat *per_wave, size_t n_waves,
                          struct gx_kano_drift *out, struct gx_error *err)
{
	if (!per_wave || n_waves == 0)
		return gx_error_set(err, GX_EINVAL, "waves", _("Kano drift needs at least one survey wave"));
	for (size_t i = 0; i < n_waves; i++)
		if (per_wave[i] < 0 || per_wave[i] >= GX_KANO_NCAT)
			return gx_error_set(err, GX_EINVAL, "waves", _("wave %zu has an unknown Kano category"), i);
	out->n_waves = n_waves;
	out->first = per_wave[0];
	out->last = per_wave[n_waves - 1];
	out->n_changes = 0;
	bool forward = true;
	for (size_t i = 1; i < n_waves; i++) {
		if (per_wave[i] == per_wave[i - 1])
			continue;
		out->n_changes++;
		int from = lifecycle_rank(per_wave[i - 1]), to = lifecycle_rank(per_wave[i]);
		if (from < 0 || to < 0 || to < from)
			forward = false;
	}
	out->maturing = out->n_changes > 0 && forward;
	return GX_OK;
}
