/* Pipelines and their stages (DECISIONS.md "Pipelines"): ordered stages each with a
 * probability, exactly one won stage at 100 % and one lost stage at 0 %. The standard
 * pipeline is created on first use so that a fresh database can take opportunities at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/sales_internal.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"
#include "guanxi/strbuf.h"

static const struct sales_stage_input standard_stages[] = {
	{"线索确认", 10, "open"}, {"需求分析", 25, "open"}, {"方案报价", 50, "open"},
	{"谈判审核", 75, "open"}, {"赢单", 100, "won"},   {"输单", 0, "lost"},
};

static enum gx_err check_stages(const struct sales_stage_input *st, size_t n, struct gx_error *err)
{
	int open = 0, won = 0, lost = 0;
	for (size_t i = 0; i < n; i++) {
		const char *field = "stages";
		if (sales_blank(st[i].name))
			return gx_error_set(err, GX_EINVAL, field, _("stage %zu has no name"), i + 1);
		if (strlen(st[i].name) > 150)
			return gx_error_set(err, GX_EINVAL, field, _("stage %zu: the name is longer than 50 characters"), i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(st[j].name, st[i].name) == 0)
				return gx_error_set(err, GX_EINVAL, field, _("stage \"%s\" appears twice"), st[i].name);
		if (st[i].probability < 0 || st[i].probability > 100)
			return gx_error_set(err, GX_EINVAL, field, _("stage \"%s\": probability %d is not between 0 and 100"),
			                    st[i].name, st[i].probability);
		const char *k = st[i].kind ? st[i].kind : "open";
		if (strcmp(k, "open") == 0) {
			open++;
		} else if (strcmp(k, "won") == 0) {
			won++;
			if (st[i].probability != 100)
				return gx_error_set(err, GX_EINVAL, field, _("the won stage \"%s\" must have probability 100, not %d"),
				                    st[i].name, st[i].probability);
		} else if (strcmp(k, "lost") == 0) {
			lost++;
			if (st[i].probability != 0)
				return gx_error_set(err, GX_EINVAL, field, _("the lost stage \"%s\" must have probability 0, not %d"),
				                    st[i].name, st[i].probability);
		} else {
			return gx_error_set(err, GX_EINVAL, field, _("stage \"%s\": kind \"%s\" is not open, won or lost"),
			                    st[i].name, k);
		}
	}
	if (open == 0)
		return gx_error_set(err, GX_EINVAL, "stages", "%s", _("a pipeline needs at least one open stage"));
	if (won != 1)
		return gx_error_set(err, GX_EINVAL, "stages", _("a pipeline needs exactly one won stage, not %d"), won);
	if (lost != 1)
		return gx_error_set(err, GX_EINVAL, "stages", _("a pipeline needs exactly one lost stage, not %d"), lost);
	return GX_OK;
}

static enum gx_err insert_pipeline(struct app *app, const char *code, const char *name, int is_default,
                                   const struct sales_stage_input *st, size_t n, struct gx_arena *a,
                                   int64_t *id, struct gx_error *err)
{
	struct record p;
	record_init(&p, &entity_pipeline, a);
	enum gx_err e;
	if ((e = app_field_set_text(app, &p, "code", code ? code : "", a, err)) ||
	    (e = app_field_set_text(app, &p, "name", name ? name : "", a, err)) ||
	    (e = app_record_check_required(&p, err)) || (e = check_stages(st, n, err)))
		return e;
	record_set_int(&p, "is_default", is_default ? 1 : 0);
	int found = 0, deleted = 0;
	int64_t other;
	if ((e = store_record_lookup(app->store, &entity_pipeline, "code", record_text(&p, "code"), 0, &other,
	                             &deleted, &found, err)))
		return e;
	if (found)
		return gx_error_set(err, GX_ECONFLICT, "code", _("a pipeline with code %s exists already"),
		                    record_text(&p, "code"));
	if (is_default && (e = store_sales_clear_default(app->store, err)))
		return e;
	if ((e = store_record_insert(app->store, &p, err)))
		return e;
	for (size_t i = 0; i < n; i++) {
		struct record s;
		record_init(&s, &entity_pipeline_stage, a);
		record_set_int(&s, "pipeline_id", p.id);
		record_set_int(&s, "position", (int64_t)i + 1);
		record_set_text(&s, "name", st[i].name);
		record_set_int(&s, "probability", st[i].probability);
		record_set_text(&s, "kind", st[i].kind ? st[i].kind : "open");
		if ((e = store_record_insert(app->store, &s, err)))
			return e;
	}
	*id = p.id;
	return app_audit_change(app, "create", NULL, &p, 0, err);
}

enum gx_err app_pipeline_create(struct app *app, const char *code, const char *name, int is_default,
                                const struct sales_stage_input *stages, size_t nstages,
                                int64_t *id, struct gx_error *err)
{
	/* Stages and probabilities are company settings (PRODUCT.md module 11). */
	if (!sales_is_manager(app))
		return gx_error_set(err, GX_EFORBIDDEN, "user", "%s", _("only a manager or an admin sets up pipelines"));
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = store_begin(app->store, err);
	if (e == GX_OK) {
		/* The first pipeline is the default one whatever the caller said. */
		int64_t cur = 0;
		int found = 0;
		if ((e = store_sales_default_pipeline(app->store, &cur, &found, err)) == GX_OK)
			e = insert_pipeline(app, code, name, is_default || !found, stages, nstages, &a, id, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_pipeline_default(struct app *app, int64_t *id, struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_sales_default_pipeline(app->store, id, &found, err);
	if (e != GX_OK || found)
		return e;
	/* Created for whoever needs it first, whatever their role. */
	struct app_actor actor = app->actor;
	memset(&app->actor, 0, sizeof app->actor);
	e = app_pipeline_create(app, "standard", _("Standard pipeline"), 1, standard_stages,
	                        sizeof standard_stages / sizeof *standard_stages, id, err);
	app->actor = actor;
	return e;
}

enum gx_err app_pipeline_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	return sales_resolve(app, &entity_pipeline, text, "pipeline_id", id, err);
}

enum gx_err app_pipeline_stages(struct app *app, int64_t pipeline_id, struct gx_arena *a,
                                struct sales_stage **out, size_t *n, struct gx_error *err)
{
	return store_sales_stages(app->store, pipeline_id, a, out, n, err);
}

enum gx_err app_stage_resolve(struct app *app, int64_t pipeline_id, const char *text, const char *field,
                              struct gx_arena *a, struct sales_stage *out, struct gx_error *err)
{
	if (sales_blank(text))
		return gx_error_set(err, GX_EINVAL, field, "%s", _("no stage given"));
	struct sales_stage *st;
	size_t n;
	enum gx_err e = store_sales_stages(app->store, pipeline_id, a, &st, &n, err);
	if (e != GX_OK)
		return e;
	char *end;
	long long num = strtoll(text, &end, 10);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(st[i].name, text) == 0 || (!*end && num == st[i].id)) {
			*out = st[i];
			return GX_OK;
		}
	struct strbuf names;
	sb_init(&names);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_add(&names, ", ");
		sb_add(&names, st[i].name);
	}
	e = gx_error_set(err, GX_EINVAL, field, _("unknown stage \"%s\"; the stages of this pipeline are: %s"),
	                 text, sb_str(&names));
	sb_free(&names);
	return e;
}

enum gx_err app_pipeline_board(struct app *app, int64_t pipeline_id, struct gx_arena *a,
                               struct sales_stage **stages, int64_t **counts, int64_t **amounts,
                               size_t *n, struct gx_error *err)
{
	enum gx_err e = store_sales_stages(app->store, pipeline_id, a, stages, n, err);
	if (e != GX_OK)
		return e;
	int64_t *ids = gx_arena_calloc(a, *n + 1, sizeof *ids);
	*counts = gx_arena_calloc(a, *n + 1, sizeof **counts);
	*amounts = gx_arena_calloc(a, *n + 1, sizeof **amounts);
	for (size_t i = 0; i < *n; i++)
		ids[i] = (*stages)[i].id;
	return store_sales_board(app->store, pipeline_id, ids, *n, *counts, *amounts, err);
}
