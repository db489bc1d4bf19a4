/* What the parts of the demo generator share: the seeded random generator (xoshiro256**
 * seeded by splitmix64, so the data never depends on the C library's rand()), the name, region
 * and product tables of demo_names.c, and the organisation every demo database starts with. */
#ifndef GX_APP_DEMO_INTERNAL_H
#define GX_APP_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/demo.h"

struct demo_rng {
	uint64_t s[4];
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint64_t demo_rng_below(struct demo_rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi);
double demo_rng_unit(struct demo_rng *r);          /* [0, 1) */
int demo_rng_chance(struct demo_rng *r, double p);
double demo_rng_normal(struct demo_rng *r);
double demo_rng_gamma(struct demo_rng *r, double shape, double scale);
/* An index into weights[0..n) drawn in proportion to the weights. */
size_t demo_rng_weighted(struct demo_rng *r, const unsigned *weights, size_t n);

/* --- tables (demo_names.c) --- */

struct demo_syllable {
	const char *han, *pinyin;
};

struct demo_surname {
	const char *han, *pinyin;
	unsigned weight;          /* rough frequency rank weight */
};

struct demo_city {
	const char *province, *city, *short_name, *pinyin;
	const char *division;     /* 6-digit administrative division code of the city */
	const char *area_code;    /* landline prefix without the leading 0 */
	const char *postcode;
	int region;               /* DEMO_REGION_* */
	const char *districts[6];
};

enum { DEMO_REGION_EAST, DEMO_REGION_NORTH, DEMO_REGION_OTHER };

struct demo_trade {
	const char *word;         /* the trade word of a company name: 科技, 贸易 … */
	const char *industry;     /* the industry field */
};

struct demo_product {
	const char *sku, *name, *category, *unit;
	int64_t price_fen, cost_fen;
	int org_only;             /* bought by organisations only (copiers, contracts…) */
	int max_qty_person, max_qty_org;
};

struct demo_category {
	const char *code, *name, *parent;
};

#define DEMO_TABLE(type, name) extern const type name[]; extern const size_t name##_n
DEMO_TABLE(struct demo_surname, demo_surnames);
DEMO_TABLE(struct demo_syllable, demo_given_male);
DEMO_TABLE(struct demo_syllable, demo_given_female);
DEMO_TABLE(struct demo_city, demo_cities);
DEMO_TABLE(struct demo_syllable, demo_brands);
DEMO_TABLE(struct demo_trade, demo_trades);
DEMO_TABLE(struct demo_product, demo_products);
DEMO_TABLE(struct demo_category, demo_categories);
DEMO_TABLE(char *const, demo_roads);
DEMO_TABLE(char *const, demo_sources);
DEMO_TABLE(char *const, demo_order_channels);
DEMO_TABLE(char *const, demo_mail_domains);
DEMO_TABLE(char *const, demo_contact_titles);
#undef DEMO_TABLE

/* Sets field/text pairs through app_field_set_text (validation and normalised columns); a
 * NULL text leaves the field unset. The list ends with a NULL field name. */
enum gx_err demo_set_fields(struct app *app, struct record *r, struct gx_arena *a,
                            struct gx_error *err, ...);

/* --- the organisation (demo.c) --- */

struct demo_user_def {
	const char *username, *display_name, *role, *department, *team;
	int head;                 /* head of its department */
	int region;               /* sales territory (DEMO_REGION_*), -1 for none */
};

struct demo_org {
	int64_t user_ids[DEMO_MAX_LOGINS];
	const struct demo_user_def *users;
	size_t nusers;
	int64_t product_ids[64];
	size_t nproducts;
};

/* Creates departments, teams, users (with department heads), categories and products through
 * app/ and fills org with their ids; res gets the counts and the logins. */
enum gx_err demo_create_org(struct app *app, struct demo_org *org, struct demo_result *res,
                            struct gx_error *err);

/* Unique identifiers drawn from an index by a bijection, so generated customers never collide:
 * a mobile number 1[3-9]x-xxxx-xxxx, a landline local number, an 18-character USCC. */
void demo_mobile(uint64_t index, uint64_t salt, char out[12]);
void demo_landline(const struct demo_city *c, uint64_t index, char out[24]);
void demo_uscc(const struct demo_city *c, uint64_t index, char out[19]);

/* The demo company (demo_company.c). */
enum gx_err demo_generate_company(struct app *app, const struct demo_opts *opts,
                                  struct demo_org *org, struct demo_result *res,
                                  struct gx_error *err);

/* The scale generator (demo_scale.c). */
enum gx_err demo_generate_scale(struct app *app, const struct demo_opts *opts,
                                struct demo_org *org, struct demo_result *res,
                                struct gx_error *err);

/* Tickets, the holiday table and knowledge snippets, after either generator (demo_service.c). */
enum gx_err demo_generate_service(struct app *app, const struct demo_opts *opts,
                                  struct demo_org *org, struct demo_result *res,
                                  struct gx_error *err);
/* Segments, campaigns, a club with members and points for the demo company
 * (demo_marketing.c), after its customers and orders exist. */
enum gx_err demo_generate_marketing(struct app *app, struct gx_error *err);

/* Shared by both generators: the job around a generation. */
enum gx_err demo_job_start(struct app *app, const char *kind, const char *params, struct gx_error *err);
enum gx_err demo_job_finish(struct app *app, enum gx_err e, const struct demo_result *res,
                            struct gx_error *err);

#endif
