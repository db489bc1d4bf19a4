/* Generic records over an entity's field table (see include/guanxi/entity.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/entity.h"
#include "guanxi/i18n.h"

int entity_field_index(const struct entity_def *def, const char *name)
{
	for (size_t i = 0; i < def->nfields; i++)
		if (strcmp(def->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct field_def *entity_field(const struct entity_def *def, const char *name)
{
	int i = entity_field_index(def, name);
	return i < 0 ? NULL : &def->fields[i];
}

const char *field_label(const struct field_def *f)
{
	return gx_i18n_lang() == GX_LANG_ZH && f->label_zh ? f->label_zh : f->label_en;
}

void record_init(struct record *r, const struct entity_def *def, struct gx_arena *a)
{
	memset(r, 0, sizeof *r);
	r->def = def;
	r->v = gx_arena_calloc(a, def->nfields, sizeof *r->v);
	r->set = gx_arena_calloc(a, def->nfields, 1);
	for (size_t i = 0; i < def->nfields; i++)
		r->v[i].is_null = 1;
}

static int must_index(const struct record *r, const char *field)
{
	int i = entity_field_index(r->def, field);
	if (i < 0) {
		fprintf(stderr, "guanxi: internal error: %s has no field %s\n", r->def->name, field);
		abort();
	}
	return i;
}

void record_set_text(struct record *r, const char *field, const char *s)
{
	int i = must_index(r, field);
	r->v[i].is_null = s == NULL;
	r->v[i].s = s;
	r->v[i].i = 0;
	r->set[i] = 1;
}

void record_set_int(struct record *r, const char *field, int64_t v)
{
	int i = must_index(r, field);
	r->v[i].is_null = 0;
	r->v[i].i = v;
	r->v[i].s = NULL;
	r->set[i] = 1;
}

void record_set_null(struct record *r, const char *field)
{
	int i = must_index(r, field);
	r->v[i].is_null = 1;
	r->v[i].s = NULL;
	r->v[i].i = 0;
	r->set[i] = 1;
}

const char *record_text(const struct record *r, const char *field)
{
	int i = must_index(r, field);
	return r->v[i].is_null ? NULL : r->v[i].s;
}

int64_t record_int(const struct record *r, const char *field)
{
	int i = must_index(r, field);
	return r->v[i].is_null ? 0 : r->v[i].i;
}

int record_is_null(const struct record *r, const char *field)
{
	return r->v[must_index(r, field)].is_null;
}
