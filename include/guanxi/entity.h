/* Entities as data. Each entity (customer, contact, interaction, product, order, …) is
 * described once by a table of fields: column, type, labels in zh and en (the CSV/xlsx column
 * headers and UI labels), and flags. The store builds its SQL from the table, import/export
 * map columns with it, the audit log diffs records field by field with it, and the API
 * renders JSON from it — so adding a field is one line, not six. Rules that are not about a
 * single field (duplicates, pool limits, merge) live in app/. */
#ifndef GUANXI_ENTITY_H
#define GUANXI_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"

enum field_type {
	FT_TEXT,      /* free text */
	FT_CODE,      /* an identifier: trimmed, no spaces inside, <= 64 chars */
	FT_ENUM,      /* one of field.choices */
	FT_INT,
	FT_BOOL,      /* stored 0/1; import accepts 1/0, true/false, yes/no, 是/否 */
	FT_DATE,      /* YYYY-MM-DD */
	FT_INSTANT,   /* ISO 8601 UTC text */
	FT_FEN,       /* money: integer fen; CSV shows yuan with 2 decimals */
	FT_JSON,      /* a JSON object or array, stored as text */
	FT_REF,       /* id of another entity; imported and exported by that entity's code */
	FT_PHONE,     /* a phone number; its normalised form goes to field.norm_field */
	FT_EMAIL,
	FT_USCC,      /* 统一社会信用代码, checksum-validated */
	FT_LIST       /* FF_VIRTUAL list of short values, "a;b;c" in files, an array in JSON */
};

enum field_flag {
	FF_REQUIRED = 1 << 0,   /* must be present and non-empty on create */
	FF_SYSTEM = 1 << 1,     /* set by the system only (timestamps, derived keys): never from input */
	FF_NO_IMPORT = 1 << 2,  /* not an import column */
	FF_NO_EXPORT = 1 << 3,  /* not an export column */
	FF_MASKED = 1 << 4,     /* masked for users who do not own the record (138****0001) */
	FF_SEARCH = 1 << 5,     /* fed to the search index */
	FF_IMMUTABLE = 1 << 6,  /* cannot change after creation */
	FF_HIDDEN = 1 << 7,     /* internal: not shown in API, CLI or files */
	FF_VIRTUAL = 1 << 8,    /* not a column: kept in a side table by app/ (roles, tags) */
	FF_SIGNED = 1 << 9      /* FT_FEN that may be negative (refund lines); app/ checks the sign */
};

struct field_def {
	const char *name;          /* API/JSON name and column name */
	enum field_type type;
	unsigned flags;
	const char *label_en;
	const char *label_zh;
	const char *const *choices;    /* FT_ENUM: NULL-terminated list of allowed values */
	const char *ref_entity;        /* FT_REF: entity name ("customer", "user", …) */
	const char *norm_field;        /* FT_PHONE/FT_EMAIL/FT_TEXT: derived normalised column */
	int max_len;                   /* in characters; 0 = default (200 text, 64 code, 100000 json) */
	const char *sort_field;        /* FT_TEXT: derived column holding its Chinese sort key */
};

struct entity_def {
	const char *name;          /* "customer" */
	const char *table;         /* "customers" */
	const char *code_field;    /* the unique human code imports match on, or NULL */
	const char *label_en, *label_zh;
	const struct field_def *fields;
	size_t nfields;
	int soft_delete;           /* has deleted_at */
	int has_version;           /* has version/created_at/updated_at */
	/* Row scopes (DECISIONS.md "Row scopes", docs/architecture.md "Access control"): the
	 * columns that say whose a row is. The store adds the acting user's scope to every get,
	 * list, count, export and write of an entity that names any of them; an entity naming none
	 * is visible to whoever may read it. Members at the end so that positional initializers
	 * of entities that do not use them still compile. */
	const char *owner_field;       /* "owner_id": the user the row belongs to */
	const char *team_field;        /* "team_id"; NULL: the owner's team (users.team_id) */
	const char *department_field;  /* "department_id"; NULL: the owner's department */
	const char *parent_field;      /* "customer_id": the row is also visible when that one is */
	const char *parent_entity;     /* "customer": the entity parent_field points to */
	int pool_visible;              /* rows with no owner (the public pool) are visible to all */
	/* A second column naming a user the row also belongs to, scoped exactly like owner_field
	 * (a ticket's receiver beside its assignee, a task's creator, an approval's approver). */
	const char *owner2_field;
	/* A polymorphic link: parent_field holds the id of a record of the entity named in this
	 * column ("entity" of tasks and approvals); the row is also visible when that record is.
	 * parent_entity is then NULL. */
	const char *link_kind_field;
};

struct gx_value {
	int is_null;
	int64_t i;                 /* FT_INT, FT_BOOL, FT_FEN, FT_REF */
	const char *s;             /* every text type (arena- or caller-owned) */
};

/* One row of an entity. `set` marks the fields given by an input (create or patch). */
struct record {
	const struct entity_def *def;
	int64_t id;
	int64_t version;
	const char *created_at, *updated_at, *deleted_at;
	struct gx_value *v;        /* def->nfields values */
	unsigned char *set;        /* def->nfields flags */
	/* Set by the store when the reader does not own the row and may not see contact details
	 * in full: every output (JSON, exports, CLI) shows FF_MASKED fields masked
	 * (store_scope_view); the values themselves stay true, so writes never store a mask. */
	int masked;
};

/* The entities known to the system. */
extern const struct entity_def entity_customer;
extern const struct entity_def entity_contact;
extern const struct entity_def entity_interaction;
extern const struct entity_def entity_product;
extern const struct entity_def entity_category;
extern const struct entity_def entity_order;
extern const struct entity_def entity_order_line;
extern const struct entity_def entity_user;
extern const struct entity_def entity_department;
extern const struct entity_def entity_team;

const struct entity_def *entity_by_name(const char *name);
/* The i-th known entity (from 0), NULL past the last: for tables over every entity. */
const struct entity_def *entity_nth(size_t i);
/* Index of a field by name, or -1. */
int entity_field_index(const struct entity_def *def, const char *name);
const struct field_def *entity_field(const struct entity_def *def, const char *name);
/* Label in the current thread's language. */
const char *field_label(const struct field_def *f);

/* A record with every value NULL and nothing set. */
void record_init(struct record *r, const struct entity_def *def, struct gx_arena *a);
/* Setters by field name; they mark the field as set. Unknown names abort (programming error). */
void record_set_text(struct record *r, const char *field, const char *s);
void record_set_int(struct record *r, const char *field, int64_t v);
void record_set_null(struct record *r, const char *field);
/* Getters by field name: text (NULL when null), int (0 when null). */
const char *record_text(const struct record *r, const char *field);
int64_t record_int(const struct record *r, const char *field);
int record_is_null(const struct record *r, const char *field);

#endif
