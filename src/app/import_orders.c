/* Importing orders (DECISIONS.md "Import and export"): one row per order line with the order's
 * columns repeated, lines grouped by order_no. The rows of one order are gathered, then the
 * order is saved whole or rejected whole (every one of its rows goes to the rejected file);
 * re-importing an order replaces its lines. A new sale paid in cash — nearly every row of a
 * large file — is checked against facts looked up once per import and written without the
 * per-order reads and savepoint of app_order_save (save_new_order); everything else, and any
 * order the fast path has a doubt about, goes through app_order_save as before. In bulk mode
 * (SQLite, one transaction) the fast path's orders are written behind, several per statement,
 * with ids given here (import_order_batch.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/bulk_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/order.h"
#include "guanxi/order_store.h"
#include "guanxi/record_store.h"
#include "guanxi/strbuf.h"

#include "app/import_internal.h"
#include "app/import_order_batch.h"
#include "core/idmap.h"

/* What one look-up found, kept for the rest of the import in a hash map keyed by text (a cell,
 * or an id in decimal). The import itself never changes customers, products or users; a change
 * made by someone else while a long import runs is seen by orders looked up afterwards only
 * (the same race as a change made just after the import), and a purge is still refused by the
 * foreign keys. */
struct fact {
	int64_t id;        /* the record's id */
	int64_t a;         /* customer: owner_id; user: department_id; product: cost_fen */
	unsigned char a_null;
	unsigned char deleted;   /* customer: in the recycle bin */
	unsigned char known;     /* a cell of the customer column (col_refs): a, a_null and deleted
	                          * are the customer's facts, as fact_of would read them */
};

struct factmap {
	char **keys;       /* arena copies, NUL-terminated (ids as decimal text) */
	uint64_t *hashes;  /* each key's hash: a probe compares text only when they match, and a
	                    * resize hashes no key again (the probes' strcmp were 3 % of an import) */
	struct fact *vals;
	size_t cap, n;
	struct gx_arena arena;
};

struct order_import {
	struct import_run *run;
	/* look-ups done once per import (see struct fact) */
	struct factmap *col_refs;     /* per column of the file: cell text → id of its reference */
	struct factmap customers, users, products;   /* by id */
	/* The facts of the last two customers whose cells were read (customer_by_code): the
	 * order being saved is the one before the row just read, or that row's. fact_of looks
	 * here before the map, which then stays empty in the common case (at 10M order lines a
	 * map of every customer by id was about 100 MB). */
	struct fact recent[2];
	unsigned recent_next;
	/* Customer id → the latest order time (ms) its last contact has still to get
	 * (store_customer_touch), written sorted by id. Bulk mode keeps it for the whole load (one
	 * transaction: nobody sees the times before the end anyway), so each customer is updated
	 * once, in the order of the table. Before, each batch of 20,000 lines updated its
	 * customers in hash order: with the 10M lines of bench/run.sh shuffled by order (the
	 * customers mixed, as in a shop's export) that was 14 % of the load's CPU (perf), up to
	 * one row rewrite per order. 1M customers: 32 MiB. */
	struct idmap touched;
	struct gx_tz *tz;
	int fast;                     /* new sale orders may take save_new_order */
	struct order_batch *batch;    /* bulk mode: save_new_order's orders, written behind */
	struct store_bulk *bulk;      /* bulk mode: the load, for the indexes the general path reads */
	/* Bulk mode: no order number above max_no exists (the table's largest, or a larger one
	 * this import wrote since), so a number above it needs no look-up; unknown when
	 * !max_no_known (at the start, and after the general path wrote). Files number their
	 * orders in ascending order as a rule, so the look-up is nearly never needed. */
	char max_no[256];
	int max_no_known;
	struct { int kind, refund, status, credit, cust, owner, dept, at, date, amount, cost, no,
	         channel, notes, discount, cross, job; } fi;
	struct { int order, no, product, qty, price, amount, cost, discount; } li;   /* field indexes */
	/* the rows of the order being gathered */
	struct gx_arena order_arena;
	struct record order;
	struct order_line_input *lines;
	size_t nlines, cap_lines;
	char **pending_cells;     /* copies of the gathered rows, for the rejected file */
	size_t *pending_lines;
	size_t *pending_ncells;
	int order_bad;
	int header_ok;            /* the order's first row's header cells parsed into order */
	struct gx_error order_err;
	size_t order_err_line, order_err_col;
};

static void order_reset(struct order_import *run)
{
	gx_arena_reset(&run->order_arena);
	run->nlines = 0;
	run->cap_lines = 0;
	run->lines = NULL;
	run->pending_cells = NULL;
	run->order_bad = 0;
	run->header_ok = 0;
	record_init(&run->order, &entity_order, &run->order_arena);
}

static void order_keep_row(struct order_import *run, const struct gx_table_row *row)
{
	struct gx_arena *a = &run->order_arena;
	if (run->nlines == run->cap_lines) {
		size_t cap = run->cap_lines ? run->cap_lines * 2 : 8;
		struct order_line_input *lines = gx_arena_calloc(a, cap, sizeof *lines);
		char **cells = gx_arena_calloc(a, cap, sizeof *cells);
		size_t *ln = gx_arena_calloc(a, cap, sizeof *ln), *nc = gx_arena_calloc(a, cap, sizeof *nc);
		if (run->nlines) {
			memcpy(lines, run->lines, run->nlines * sizeof *lines);
			memcpy(cells, run->pending_cells, run->nlines * sizeof *cells);
			memcpy(ln, run->pending_lines, run->nlines * sizeof *ln);
			memcpy(nc, run->pending_ncells, run->nlines * sizeof *nc);
		}
		run->lines = lines;
		run->pending_cells = cells;
		run->pending_lines = ln;
		run->pending_ncells = nc;
		run->cap_lines = cap;
	}
	const char **copy = gx_arena_calloc(a, row->ncells + 1, sizeof *copy);
	for (size_t i = 0; i < row->ncells; i++)
		copy[i] = gx_arena_strdup(a, row->cells[i]);
	run->pending_cells[run->nlines] = (char *)copy;
	run->pending_lines[run->nlines] = row->line;
	run->pending_ncells[run->nlines] = row->ncells;
	record_init(&run->lines[run->nlines].line, &entity_order_line, a);
	run->lines[run->nlines].source_line = row->line;
	run->nlines++;
}

static void reject_order(struct order_import *run, const struct gx_error *why, size_t col, size_t at_line)
{
	for (size_t i = 0; i < run->nlines; i++) {
		const char *msg = why->message;
		if (run->pending_lines[i] != at_line)
			msg = gx_arena_printf(&run->order_arena, _("rejected with line %zu of the same order: %s"),
			                      at_line, why->message);
		import_write_rejected(run->run, (const char *const *)run->pending_cells[i], run->pending_ncells[i],
		               run->pending_lines[i], run->pending_lines[i] == at_line ? col : 0, msg);
		run->run->res->rejected++;
	}
}

/* dst (initialised, same entity) takes src's values, its text copied into a. */
static void record_copy_into(struct record *dst, const struct record *src, struct gx_arena *a)
{
	for (size_t i = 0; i < src->def->nfields; i++) {
		dst->v[i] = src->v[i];
		if (!src->v[i].is_null && src->v[i].s)
			dst->v[i].s = gx_arena_strdup(a, src->v[i].s);
		dst->set[i] = src->set[i];
	}
}

/* 1 if a cell of the row is an xlsx date, which import.c's cell conversion turns into text. */
static int row_has_dates(const struct gx_table_row *row)
{
	for (size_t c = 0; row->types && c < row->ncells; c++)
		if (row->types[c] == GX_CELL_DATE)
			return 1;
	return 0;
}

static uint64_t key_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

static void factmap_init(struct factmap *m)
{
	memset(m, 0, sizeof *m);
	gx_arena_init(&m->arena, 0);
}

static void factmap_free(struct factmap *m)
{
	free(m->keys);
	free(m->hashes);
	free(m->vals);
	gx_arena_free(&m->arena);
	memset(m, 0, sizeof *m);
}

static struct fact *factmap_get(const struct factmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	uint64_t h = key_hash(key);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return NULL;
		if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	}
}

static struct fact *factmap_put(struct factmap *m, const char *key, const struct fact *v)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		char **keys = gx_xcalloc(cap, sizeof *keys);
		uint64_t *hashes = gx_xcalloc(cap, sizeof *hashes);
		struct fact *vals = gx_xcalloc(cap, sizeof *vals);
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->keys[j])
				continue;
			size_t i = m->hashes[j] & (cap - 1);
			while (keys[i])
				i = (i + 1) & (cap - 1);
			keys[i] = m->keys[j];
			hashes[i] = m->hashes[j];
			vals[i] = m->vals[j];
		}
		free(m->keys);
		free(m->hashes);
		free(m->vals);
		m->keys = keys;
		m->hashes = hashes;
		m->vals = vals;
		m->cap = cap;
	}
	uint64_t h = key_hash(key);
	size_t i = h & (m->cap - 1);
	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i]) {
		m->keys[i] = gx_arena_strdup(&m->arena, key);
		m->hashes[i] = h;
		m->n++;
	}
	m->vals[i] = *v;
	return &m->vals[i];
}

/* The value app_field_set_text gives a plain number cell — whole (FT_INT: 1 to 12 ASCII
 * digits) or yuan (FT_FEN: 1 to 15 digits, optionally a point and one or two decimals) —
 * without its general parse; 0 for anything else (blanks, signs, separators, ¥, too long),
 * which then takes the general way with its checks and messages. Both ranges are inside what
 * the general parse accepts, so the value is the same. */
static int plain_number(const struct field_def *f, const char *s, int64_t *out)
{
	if (f->max_len && strlen(s) > (size_t)f->max_len)   /* the general way says it is too long */
		return 0;
	int64_t v = 0;
	int n = 0;
	for (; *s >= '0' && *s <= '9'; s++, n++)
		v = v * 10 + (*s - '0');
	if (f->type == FT_INT) {
		if (*s || n == 0 || n > 12)
			return 0;
		*out = v;
		return 1;
	}
	if (n == 0 || n > 15)
		return 0;
	int64_t frac = 0;
	if (*s == '.') {
		int d = 0;
		for (s++; *s >= '0' && *s <= '9' && d < 3; s++, d++)
			frac = frac * 10 + (*s - '0');
		if (d == 0 || d > 2)
			return 0;
		if (d == 1)
			frac *= 10;
	}
	if (*s)
		return 0;
	*out = v * 100 + frac;
	return 1;
}

/* 1 if app_field_set_text would take the cell as it stands: printable ASCII only (valid
 * UTF-8, nothing its trim removes, as many characters as bytes), inner spaces only when
 * `spaces`, and no longer than the field allows (64 bytes when the field sets no limit, below
 * its default of 200). Anything else takes the general way. */
static int plain_cell(const struct field_def *f, const char *s, int spaces)
{
	size_t n = 0, max = f->max_len ? (size_t)f->max_len : 64;
	for (; s[n]; n++)
		if ((unsigned char)s[n] < (spaces ? ' ' : '!') || (unsigned char)s[n] >= 0x7f || n >= max)
			return 0;
	return n > 0 && s[0] != ' ' && s[n - 1] != ' ';
}

/* The order's customer by the code in its cell, and the customer's facts with it (one read
 * instead of resolve_ref's and then fact_of's): what app_field_set_text would give, when the
 * cell is a plain code of a customer outside the recycle bin; NULL otherwise, and the cell
 * then takes the general way, which finds the same or says what is wrong. */
static const struct fact *customer_by_code(struct order_import *oi, const struct field_def *f, size_t col,
                                           const char *cell)
{
	if ((f->flags & FF_SYSTEM) || !plain_cell(f, cell, 0))
		return NULL;
	struct fact cf = {0};
	int deleted = 0, facts = 0, found = 0, owner_null = 1;
	struct gx_error ignored;
	if (store_order_customer_by_code(oi->run->app->store, cell, &cf.id, &deleted, &cf.a, &owner_null, &facts, &found,
	                                 &ignored) != GX_OK ||
	    !found || deleted)
		return NULL;
	cf.a_null = (unsigned char)owner_null;
	cf.known = (unsigned char)facts;
	return factmap_put(&oi->col_refs[col], cell, &cf);
}

/* Like import_row_to_record, but a reference to a customer, product or user is looked up once
 * per distinct cell text of its column: the same text always gives the same id here. */
static enum gx_err order_cells(struct order_import *oi, const struct gx_table_row *row, int line,
                               struct record *r, struct gx_arena *a, size_t *bad_col,
                               struct gx_error *err)
{
	struct import_run *run = oi->run;
	if (row_has_dates(row))   /* xlsx serial dates go the general way */
		return import_row_to_record(run, row, line, r, 0, a, bad_col, err);
	for (size_t c = 0; c < run->ncols && c < row->ncells; c++) {
		if (run->cols[c].field < 0 || run->cols[c].line != line)
			continue;
		const struct field_def *f = &r->def->fields[run->cols[c].field];
		int cacheable = f->type == FT_REF &&
		                (!strcmp(f->ref_entity, "customer") || !strcmp(f->ref_entity, "product") ||
		                 !strcmp(f->ref_entity, "user"));
		if (cacheable) {
			const struct fact *hit = factmap_get(&oi->col_refs[c], row->cells[c]);
			if (!hit && !strcmp(f->ref_entity, "customer"))
				hit = customer_by_code(oi, f, c, row->cells[c]);
			if (hit && hit->known)
				oi->recent[oi->recent_next++ & 1] = *hit;
			if (hit) {
				r->v[run->cols[c].field] = (struct gx_value){.i = hit->id};
				r->set[run->cols[c].field] = 1;
				continue;
			}
		}
		if (f->type == FT_INSTANT && oi->tz && !(f->flags & FF_SYSTEM) && plain_cell(f, row->cells[c], 1)) {
			/* app_field_set_text's parse with the zone opened once per import (it opens the
			 * company's zone per cell); a cell it does not take goes the general way, which
			 * then says why in its words. */
			int64_t ms;
			struct gx_error ignored;
			if (gx_instant_parse(row->cells[c], oi->tz, &ms, f->name, &ignored) == GX_OK) {
				char buf[GX_INSTANT_FMT_SIZE];
				record_set_text(r, f->name, gx_arena_strdup(a, gx_instant_format(ms, buf)));
				continue;
			}
		}
		int64_t num;
		if ((f->type == FT_INT || f->type == FT_FEN) && !(f->flags & FF_SYSTEM) &&
		    plain_number(f, row->cells[c], &num)) {
			r->v[run->cols[c].field] = (struct gx_value){.i = num};
			r->set[run->cols[c].field] = 1;
			continue;
		}
		enum gx_err e;
		e = app_field_set_text(run->app, r, f->name, row->cells[c], a, err);
		if (e != GX_OK) {
			*bad_col = c + 1;
			return e;
		}
		if (cacheable && !r->v[run->cols[c].field].is_null)
			factmap_put(&oi->col_refs[c], row->cells[c], &(struct fact){.id = r->v[run->cols[c].field].i});
	}
	return GX_OK;
}

/* The facts of a customer, user or product by id, read once per import; NULL when the record
 * cannot be read (the general path then says why). */
static const struct fact *fact_of(struct order_import *oi, const struct entity_def *def, int64_t id)
{
	struct factmap *m = def == &entity_customer ? &oi->customers : def == &entity_user ? &oi->users
	                                                                                  : &oi->products;
	if (def == &entity_customer)
		for (int k = 0; k < 2; k++)
			if (oi->recent[k].known && oi->recent[k].id == id)
				return &oi->recent[k];
	char kb[24];
	const char *key = gx_i64_text(id, kb);   /* no snprintf: several keys per order */
	const struct fact *hit = factmap_get(m, key);
	if (hit)
		return hit;
	if (def == &entity_customer) {
		/* the one read per customer of the file: two columns, not the whole record */
		struct fact f = {.id = id};
		int found = 0, owner_null = 1, deleted = 0;
		struct gx_error ignored;
		if (store_order_customer_facts(oi->run->app->store, id, &f.a, &owner_null, &deleted, &found, &ignored) != GX_OK ||
		    !found)
			return NULL;
		f.a_null = (unsigned char)owner_null;
		f.deleted = (unsigned char)deleted;
		return factmap_put(m, key, &f);
	}
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	struct gx_error err;
	gx_error_clear(&err);
	struct fact f = {.id = id, .a_null = 1};
	if (store_record_get(oi->run->app->store, def, id, &a, &r, &err) != GX_OK) {
		gx_arena_free(&a);
		return NULL;
	}
	const char *field = def == &entity_customer ? "owner_id" : def == &entity_user ? "department_id"
	                                                                              : "cost_fen";
	int fi = entity_field_index(def, field);
	f.a_null = (unsigned char)r.v[fi].is_null;
	f.a = r.v[fi].i;
	f.deleted = r.deleted_at != NULL;
	gx_arena_free(&a);
	return factmap_put(m, key, &f);
}

/* Remembers that an order of the customer was placed at ms (written by order_import_sync). */
static void touch_later(struct order_import *oi, int64_t customer_id, int64_t ms)
{
	int inserted = 0;
	int64_t *latest = idmap_upsert(&oi->touched, (uint64_t)customer_id, ms, &inserted);
	if (!inserted && *latest < ms)
		*latest = ms;
}

struct touch {
	uint64_t id;
	int64_t ms;
};

static int touch_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct touch *)a)->id, y = ((const struct touch *)b)->id;
	return (x > y) - (x < y);
}

/* Writes the remembered times, sorted by customer id, and forgets them. */
static enum gx_err touch_write(struct order_import *oi, struct gx_error *err)
{
	struct idmap *m = &oi->touched;
	if (!m->len)
		return GX_OK;
	struct touch *t = gx_xmalloc(m->len * sizeof *t);
	size_t n = 0;
	struct touch one;
	for (size_t pos = 0; idmap_next(m, &pos, &one.id, &one.ms);)
		t[n++] = one;
	qsort(t, n, sizeof *t, touch_cmp);
	enum gx_err e = GX_OK;
	for (size_t i = 0; i < n && e == GX_OK; i++) {
		char at[GX_INSTANT_FMT_SIZE];
		e = store_customer_touch(oi->run->app->store, (int64_t)t[i].id, gx_instant_format(t[i].ms, at), err);
	}
	free(t);
	idmap_free(m);
	idmap_init(m);
	return e;
}

static int text_is(const struct record *r, int fi, const char *want)
{
	return !r->v[fi].is_null && r->v[fi].s && strcmp(r->v[fi].s, want) == 0;
}

/* The common case of an order import, without the general path's per-order reads: a new sale
 * paid in cash whose lines all check out. Everything app_order_save would check is checked
 * first, from the facts read once per import; *done = 0 (nothing written) sends the order to
 * app_order_save, which then finds or reports the same thing the way it always does. */
static enum gx_err save_new_order(struct order_import *oi, int *done, struct gx_error *err)
{
	struct app *app = oi->run->app;
	struct store *s = app->store;
	struct record *h = &oi->order;
	*done = 0;
	const int fi_kind = oi->fi.kind, fi_refund = oi->fi.refund, fi_status = oi->fi.status,
	          fi_credit = oi->fi.credit, fi_cust = oi->fi.cust, fi_owner = oi->fi.owner,
	          fi_dept = oi->fi.dept, fi_at = oi->fi.at, fi_date = oi->fi.date,
	          fi_amount = oi->fi.amount, fi_cost = oi->fi.cost, fi_no = oi->fi.no;
	const int fi_channel = oi->fi.channel, fi_notes = oi->fi.notes, fi_discount = oi->fi.discount,
	          fi_cross = oi->fi.cross, fi_job = oi->fi.job, li_discount = oi->li.discount;
	const int li_order = oi->li.order, li_no = oi->li.no, li_product = oi->li.product,
	          li_qty = oi->li.qty, li_price = oi->li.price, li_amount = oi->li.amount,
	          li_cost = oi->li.cost;
	if (!oi->fast || !app->job_id || !oi->nlines)
		return GX_OK;
	if (!(h->v[fi_kind].is_null || text_is(h, fi_kind, "sale")) || !h->v[fi_refund].is_null ||
	    !(h->v[fi_credit].is_null || text_is(h, fi_credit, "cash")))
		return GX_OK;
	struct gx_error ignored;
	if (app_record_check_required(h, &ignored) != GX_OK)
		return GX_OK;
	int64_t ms;
	if (gx_instant_parse(h->v[fi_at].s, oi->tz, &ms, "ordered_at", &ignored) != GX_OK)
		return GX_OK;
	const struct fact *cust = fact_of(oi, &entity_customer, h->v[fi_cust].i);
	if (!cust || cust->deleted)
		return GX_OK;
	int owner_null = h->v[fi_owner].is_null;
	int64_t owner = h->v[fi_owner].i;
	if (owner_null && !cust->a_null) {
		owner_null = 0;
		owner = cust->a;
	}
	const struct fact *user = NULL;
	if (!owner_null && !(user = fact_of(oi, &entity_user, owner)))
		return GX_OK;
	/* The lines, as prepare_line computes them; any doubt goes the general way. */
	int64_t total = 0, total_cost = 0;
	for (size_t i = 0; i < oi->nlines; i++) {
		const struct record *l = &oi->lines[i].line;
		if (l->v[li_qty].is_null || l->v[li_qty].i <= 0 || l->v[li_product].is_null ||
		    l->v[li_price].is_null || l->v[li_price].i < 0 ||
		    (!l->v[li_amount].is_null && l->v[li_amount].i < 0) ||
		    (!l->v[li_cost].is_null && l->v[li_cost].i < 0))
			return GX_OK;
		int64_t qty = l->v[li_qty].i, price = l->v[li_price].i, amount, cost;
		if (price > INT64_MAX / qty)
			return GX_OK;
		amount = l->v[li_amount].is_null ? price * qty : l->v[li_amount].i;
		if (l->v[li_cost].is_null) {
			const struct fact *p = fact_of(oi, &entity_product, l->v[li_product].i);
			if (!p)
				return GX_OK;
			cost = p->a * qty;   /* as prepare_line: the product's cost (NULL reads as 0) */
		} else {
			cost = l->v[li_cost].i;
		}
		if (__builtin_add_overflow(total, amount, &total) || __builtin_add_overflow(total_cost, cost, &total_cost))
			return GX_OK;
		/* Line numbers given in the file must be distinct (else the general path says so). */
		if (!l->v[li_no].is_null)
			for (size_t k = 0; k < i; k++)
				if (!oi->lines[k].line.v[li_no].is_null && oi->lines[k].line.v[li_no].i == l->v[li_no].i)
					return GX_OK;
	}
	if (oi->nlines > 1) {
		/* A given number may not collide with the position number of an unnumbered line. */
		for (size_t i = 0; i < oi->nlines; i++)
			for (size_t k = 0; k < oi->nlines && !oi->lines[i].line.v[li_no].is_null; k++)
				if (k != i && oi->lines[k].line.v[li_no].is_null &&
				    oi->lines[i].line.v[li_no].i == (int64_t)k + 1)
					return GX_OK;
	}
	int64_t existing = 0;
	int found = 0;
	enum gx_err e = GX_OK;
	const char *no = h->v[fi_no].s;
	if (oi->batch && !oi->max_no_known) {
		int fits = 0;
		e = store_order_max_no(s, oi->max_no, sizeof oi->max_no, &fits, err);
		oi->max_no_known = e == GX_OK && fits;
	}
	int above = oi->batch && oi->max_no_known && strcmp(no, oi->max_no) > 0;
	if (e == GX_OK && !above && oi->batch && order_batch_has(oi->batch, no))
		e = order_batch_write(s, oi->batch, err);   /* the number again, later in the file */
	if (e == GX_OK && !above)
		e = store_order_id_by_no(s, no, &existing, &found, err);
	if (e != GX_OK)
		return e;
	if (found)
		return GX_OK;

	/* Checked: from here on the order is written as app_order_save writes it. */
	if (h->v[fi_kind].is_null)
		record_set_text(h, "kind", "sale");
	if (h->v[fi_status].is_null)
		record_set_text(h, "status", "completed");
	char dbuf[GX_DATE_FMT_SIZE];
	gx_date_format(gx_instant_local_date(ms, oi->tz), dbuf);
	h->v[fi_date] = (struct gx_value){.s = gx_arena_strdup(&oi->order_arena, dbuf)};
	h->set[fi_date] = 1;
	if (!owner_null) {
		h->v[fi_owner] = (struct gx_value){.i = owner};
		h->set[fi_owner] = 1;
		h->v[fi_dept] = (struct gx_value){.is_null = user->a_null, .i = user->a_null ? 0 : user->a};
		h->set[fi_dept] = 1;
	}
	h->v[fi_amount] = (struct gx_value){.i = total};
	h->v[fi_cost] = (struct gx_value){.i = total_cost};
	h->set[fi_amount] = h->set[fi_cost] = 1;
	app_stamp_job(app, h);
	/* SQLite: a failed statement leaves the earlier ones of the order, undone below by hand
	 * (cheaper than a savepoint per order); PostgreSQL aborts the transaction, so a savepoint.
	 * Bulk mode: kept back and written several orders per statement (import_order_batch.c). */
	int sp = store_backend(s) != STORE_SQLITE && !oi->batch;
	if (sp && (e = store_begin(s, err)) != GX_OK)
		return e;
	h->id = 0;
	char now[32];
	gx_now_iso(now);   /* without snprintf since the clock's own change: no cache needed here */
#define TEXT_OR(fi, dflt) (h->v[fi].is_null ? (dflt) : h->v[fi].s)
#define INT_OR(fi, dflt) (h->v[fi].is_null ? (dflt) : h->v[fi].i)
	const struct order_new row = {
		.order_no = h->v[fi_no].s, .kind = h->v[fi_kind].s, .ordered_at = h->v[fi_at].s,
		.order_date = h->v[fi_date].s, .channel = TEXT_OR(fi_channel, NULL), .status = h->v[fi_status].s,
		.notes = TEXT_OR(fi_notes, NULL), .credit_form = TEXT_OR(fi_credit, "cash"), .now = now,
		.customer_id = h->v[fi_cust].i, .owner_id = INT_OR(fi_owner, 0), .department_id = INT_OR(fi_dept, 0),
		.job_id = INT_OR(fi_job, 0), .amount_fen = total, .cost_fen = total_cost,
		.discount = INT_OR(fi_discount, 0), .cross_sell = INT_OR(fi_cross, 0)};
#undef TEXT_OR
#undef INT_OR
	int64_t id = 0;
	if (oi->batch)
		e = order_batch_next_id(s, oi->batch, &id, err);
	else
		e = store_order_insert_new(s, &row, &id, err);
	h->id = id;
	struct order_line_new stack_lines[8];
	struct order_line_new *ln = oi->nlines <= 8 ? stack_lines : gx_xcalloc(oi->nlines, sizeof *ln);
	for (size_t i = 0; i < oi->nlines && e == GX_OK; i++) {
		struct record *l = &oi->lines[i].line;
		const struct fact *p = l->v[li_cost].is_null ? fact_of(oi, &entity_product, l->v[li_product].i) : NULL;
		int64_t qty = l->v[li_qty].i;
		if (l->v[li_amount].is_null)
			l->v[li_amount] = (struct gx_value){.i = l->v[li_price].i * qty};
		if (p)
			l->v[li_cost] = (struct gx_value){.i = p->a * qty};
		l->set[li_amount] = l->set[li_cost] = 1;
		l->v[li_order] = (struct gx_value){.i = h->id};
		l->set[li_order] = 1;
		if (l->v[li_no].is_null) {
			l->v[li_no] = (struct gx_value){.i = (int64_t)i + 1};
			l->set[li_no] = 1;
		}
		ln[i] = (struct order_line_new){.order_id = h->id, .line_no = l->v[li_no].i, .product_id = l->v[li_product].i,
		                                .quantity = qty, .unit_price_fen = l->v[li_price].i,
		                                .amount_fen = l->v[li_amount].i, .cost_fen = l->v[li_cost].i,
		                                .discount = l->v[li_discount].is_null ? 0 : l->v[li_discount].i};
	}
	if (oi->batch) {
		/* Every check is done: a failure to write is the import's (see import_order_batch.c). */
		struct order_new kept = row;
		kept.id = id;
		if (e == GX_OK)
			e = order_batch_add(s, oi->batch, &kept, ln, oi->nlines, err);
		if (ln != stack_lines)
			free(ln);
		if (e != GX_OK)
			return e;
		if (oi->max_no_known && strcmp(row.order_no, oi->max_no) > 0) {
			size_t len = strlen(row.order_no);
			if (len < sizeof oi->max_no)
				memcpy(oi->max_no, row.order_no, len + 1);
			else
				oi->max_no_known = 0;
		}
		touch_later(oi, h->v[fi_cust].i, ms);
		*done = 1;
		return GX_OK;
	}
	if (e == GX_OK)
		e = store_order_lines_insert(s, h->id, ln, oi->nlines, err);
	if (ln != stack_lines)
		free(ln);
	if (e == GX_OK) {
		if (sp && (e = store_commit(s, err)) != GX_OK)
			return e;
		touch_later(oi, h->v[fi_cust].i, ms);
		*done = 1;
		return GX_OK;
	}
	if (sp)
		store_rollback(s);
	if (e == GX_EUNAVAIL || e == GX_EINTERNAL || e == GX_ENOMEM)
		return e;
	/* Unexpected refusal: undo what was written; the general path then reports it. */
	if (!sp && h->id) {
		struct gx_error e2;
		if ((e = store_order_forget(s, h->id, &e2)) != GX_OK) {
			*err = e2;
			return e;
		}
	}
	h->id = 0;
	return GX_OK;
}

enum gx_err order_import_flush(struct order_import *run, struct gx_error *fatal)
{
	if (!run->nlines)
		return GX_OK;
	if (run->order_bad) {
		reject_order(run, &run->order_err, run->order_err_col, run->order_err_line);
		order_reset(run);
		return GX_OK;
	}
	struct gx_error err;
	gx_error_clear(&err);
	int done = 0;
	enum gx_err fe = save_new_order(run, &done, &err);
	if (fe != GX_OK) {
		*fatal = err;
		return fe;
	}
	if (done) {
		run->run->res->created++;
		order_reset(run);
		return GX_OK;
	}
	if (run->batch) {
		/* The general path reads and writes orders itself, and SQLite gives its ids. */
		enum gx_err be = order_batch_write(run->run->app->store, run->batch, fatal);
		if (be != GX_OK)
			return be;
		order_batch_forget_ids(run->batch);
		run->max_no_known = 0;
		if ((be = store_bulk_restore_reads(run->bulk, fatal)) != GX_OK)
			return be;
	}
	int64_t existing_id = 0;
	int found = 0, deleted = 0;
	store_record_lookup(run->run->app->store, &entity_order, "order_no", record_text(&run->order, "order_no"), 0,
	                    &existing_id, &deleted, &found, &err);
	enum gx_err e = app_order_save(run->run->app, &run->order, run->lines, run->nlines, &run->order_arena, &err);
	if (e == GX_OK) {
		if (found)
			run->run->res->updated++;
		else
			run->run->res->created++;
	} else if (e == GX_EUNAVAIL || e == GX_EINTERNAL || e == GX_ENOMEM) {
		*fatal = err;
		return e;
	} else {
		int col = import_column_of_field(run->run, err.field, 0);
		if (!col)
			col = import_column_of_field(run->run, err.field, 1);
		reject_order(run, &err, (size_t)col, run->pending_lines[0]);
	}
	order_reset(run);
	return GX_OK;
}

/* 1 if the row's order-header cells are byte for byte those of the order's first row (then
 * parsing them again would give the same order: nothing is written while an order gathers). */
static int same_header(const struct order_import *run, const struct gx_table_row *row)
{
	if (!run->nlines || !run->header_ok || row_has_dates(row))
		return 0;
	const char *const *first = (const char *const *)run->pending_cells[0];
	size_t nfirst = run->pending_ncells[0];
	for (size_t c = 0; c < run->run->ncols; c++) {
		if (run->run->cols[c].field < 0 || run->run->cols[c].line)
			continue;
		const char *a = c < row->ncells ? row->cells[c] : NULL, *b = c < nfirst ? first[c] : NULL;
		if (!a || !b || strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

enum gx_err order_import_row(struct order_import *run, const struct gx_table_row *row,
                             struct gx_error *fatal)
{
	size_t bad_col = 0;
	struct gx_error err;
	gx_error_clear(&err);
	enum gx_err e;
	if (same_header(run, row)) {
		/* A further line of the order being gathered: only its line cells are new. */
		order_keep_row(run, row);
		e = order_cells(run, row, 1, &run->lines[run->nlines - 1].line, &run->order_arena, &bad_col, &err);
		if (e != GX_OK && !run->order_bad) {
			run->order_bad = 1;
			run->order_err = err;
			run->order_err_line = row->line;
			run->order_err_col = bad_col;
		}
		return GX_OK;
	}
	struct gx_arena scratch;
	gx_arena_init(&scratch, 4096);
	struct record h;
	record_init(&h, &entity_order, &scratch);
	e = order_cells(run, row, 0, &h, &scratch, &bad_col, &err);
	const char *no = e == GX_OK ? record_text(&h, "order_no") : NULL;
	if (e == GX_OK && !no) {
		e = gx_error_set(&err, GX_EINVAL, "order_no", "%s", _("order no. is required"));
		bad_col = (size_t)import_column_of_field(run->run, "order_no", 0);
	}
	/* A new order number closes the order gathered so far. */
	if (!run->nlines || !no || !record_text(&run->order, "order_no") ||
	    strcmp(no, record_text(&run->order, "order_no")) != 0) {
		enum gx_err fe = order_import_flush(run, fatal);
		if (fe != GX_OK) {
			gx_arena_free(&scratch);
			return fe;
		}
		if (e == GX_OK) {
			/* Copied into the order's own arena so it outlives this row. */
			record_copy_into(&run->order, &h, &run->order_arena);
			run->header_ok = !row_has_dates(row);
		}
	}
	order_keep_row(run, row);
	if (e == GX_OK)
		e = order_cells(run, row, 1, &run->lines[run->nlines - 1].line, &run->order_arena, &bad_col, &err);
	if (e != GX_OK && !run->order_bad) {
		run->order_bad = 1;
		run->order_err = err;
		run->order_err_line = row->line;
		run->order_err_col = bad_col;
	}
	gx_arena_free(&scratch);
	return GX_OK;
}


struct order_import *order_import_new(struct import_run *run)
{
	struct order_import *oi = gx_xcalloc(1, sizeof *oi);
	oi->run = run;
	gx_arena_init(&oi->order_arena, 0);
	oi->col_refs = gx_xcalloc(run->ncols + 1, sizeof *oi->col_refs);
	for (size_t c = 0; c < run->ncols; c++)
		factmap_init(&oi->col_refs[c]);
	factmap_init(&oi->customers);
	factmap_init(&oi->users);
	factmap_init(&oi->products);
	idmap_init(&oi->touched);
	struct gx_error ignored;
	oi->fast = gx_tz_open(run->app->settings.timezone, &oi->tz, &ignored) == GX_OK;
	const struct entity_def *od = &entity_order, *ld = &entity_order_line;
	oi->fi.kind = entity_field_index(od, "kind");
	oi->fi.refund = entity_field_index(od, "refund_of");
	oi->fi.status = entity_field_index(od, "status");
	oi->fi.credit = entity_field_index(od, "credit_form");
	oi->fi.cust = entity_field_index(od, "customer_id");
	oi->fi.owner = entity_field_index(od, "owner_id");
	oi->fi.dept = entity_field_index(od, "department_id");
	oi->fi.at = entity_field_index(od, "ordered_at");
	oi->fi.date = entity_field_index(od, "order_date");
	oi->fi.amount = entity_field_index(od, "amount_fen");
	oi->fi.cost = entity_field_index(od, "cost_fen");
	oi->fi.no = entity_field_index(od, "order_no");
	oi->fi.channel = entity_field_index(od, "channel");
	oi->fi.notes = entity_field_index(od, "notes");
	oi->fi.discount = entity_field_index(od, "discount");
	oi->fi.cross = entity_field_index(od, "cross_sell");
	oi->fi.job = entity_field_index(od, "job_id");
	oi->li.discount = entity_field_index(ld, "discount");
	oi->li.order = entity_field_index(ld, "order_id");
	oi->li.no = entity_field_index(ld, "line_no");
	oi->li.product = entity_field_index(ld, "product_id");
	oi->li.qty = entity_field_index(ld, "quantity");
	oi->li.price = entity_field_index(ld, "unit_price_fen");
	oi->li.amount = entity_field_index(ld, "amount_fen");
	oi->li.cost = entity_field_index(ld, "cost_fen");
	order_reset(oi);
	return oi;
}

void order_import_set_bulk(struct order_import *oi, struct store_bulk *bulk)
{
	if (!oi->batch)
		oi->batch = order_batch_new();
	oi->bulk = bulk;
}

enum gx_err order_import_sync(struct order_import *oi, int all, struct gx_error *err)
{
	if (oi->batch) {
		enum gx_err e = order_batch_write(oi->run->app->store, oi->batch, err);
		if (e != GX_OK)
			return e;
	}
	return all || !oi->batch ? touch_write(oi, err) : GX_OK;
}

void order_import_free(struct order_import *oi)
{
	if (!oi)
		return;
	gx_arena_free(&oi->order_arena);
	for (size_t c = 0; c < oi->run->ncols; c++)
		factmap_free(&oi->col_refs[c]);
	free(oi->col_refs);
	factmap_free(&oi->customers);
	factmap_free(&oi->users);
	factmap_free(&oi->products);
	idmap_free(&oi->touched);
	order_batch_free(oi->batch);
	if (oi->tz)
		gx_tz_free(oi->tz);
	free(oi);
}
