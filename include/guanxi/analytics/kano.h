/* Kano model of MODELS.md M5: each feature is asked functionally and dysfunctionally, each
 * answer pair maps to a quality category through the Kano evaluation table, and a feature's
 * category is the most frequent one. Better/Worse coefficients and the drift of a feature's
 * category from survey wave to wave (attractive → one-dimensional → must-be) follow. */
#ifndef GUANXI_ANALYTICS_KANO_H
#define GUANXI_ANALYTICS_KANO_H

#include <stdbool.h>
#include <stddef.h>

#include "guanxi/analytics/satisfaction.h"
#include "guanxi/error.h"

/* Answer options, in the questionnaire's order. */
enum gx_kano_answer {
	GX_KANO_LIKE = 1,      /* 我希望这样 */
	GX_KANO_EXPECT = 2,    /* 我预期这样 */
	GX_KANO_NEUTRAL = 3,   /* 我没有意见 */
	GX_KANO_TOLERATE = 4,  /* 我可以忍受这样 */
	GX_KANO_DISLIKE = 5    /* 我不希望这样 */
};

enum gx_kano_cat {
	GX_KANO_A = 0,         /* attractive 魅力 */
	GX_KANO_O,             /* one-dimensional 一维 */
	GX_KANO_M,             /* must-be 必备 */
	GX_KANO_I,             /* indifferent 无差异 */
	GX_KANO_R,             /* reverse 逆向 */
	GX_KANO_Q,             /* questionable 可疑 */
	GX_KANO_NCAT
};

struct gx_kano_params {
	/* Order in which tied most-frequent categories win; default M, O, A, I, R, Q. */
	enum gx_kano_cat tie_order[GX_KANO_NCAT];
};

void gx_kano_params_default(struct gx_kano_params *p);

/* Category of one answer pair; answers outside 1..5: GX_EINVAL. */
enum gx_err gx_kano_classify(int functional, int dysfunctional, enum gx_kano_cat *cat,
                             struct gx_error *err);
char gx_kano_cat_letter(enum gx_kano_cat cat);          /* 'A', 'O', 'M', 'I', 'R', 'Q'; '?' */
struct gx_sat_label gx_kano_cat_label(enum gx_kano_cat cat);
struct gx_sat_label gx_kano_answer_label(enum gx_kano_answer answer);

struct gx_kano_feature {
	size_t n;                          /* answer pairs */
	size_t counts[GX_KANO_NCAT];
	enum gx_kano_cat category;         /* most frequent, ties by params.tie_order */
	double better;                     /* (A+O)/(A+O+M+I), 0 if the denominator is 0 */
	double worse;                      /* −(O+M)/(A+O+M+I), 0 if the denominator is 0 */
};

/* Classifies n answer pairs of one feature (one survey wave). p may be NULL. n = 0 or an
 * answer outside 1..5: GX_EINVAL naming the pair. */
enum gx_err gx_kano_feature(const int *functional, const int *dysfunctional, size_t n,
                            const struct gx_kano_params *p, struct gx_kano_feature *out,
                            struct gx_error *err);

/* Drift of a feature's category over survey waves, oldest first. */
struct gx_kano_drift {
	size_t n_waves;
	size_t n_changes;                  /* waves whose category differs from the previous wave */
	enum gx_kano_cat first, last;
	/* true iff there is at least one change and every change moves forward along the
	 * life cycle of a quality attribute, indifferent → attractive → one-dimensional →
	 * must-be (seed001's remote control: A 1983, O 1989, M 1998). */
	bool maturing;
};

enum gx_err gx_kano_drift(const enum gx_kano_cat *per_wave, size_t n_waves,
                          struct gx_kano_drift *out, struct gx_error *err);

#endif
