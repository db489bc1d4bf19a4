/* Shared input, option and report code of the `guanxi analyze` commands (see analyze_common.h).
 * Files are read whole: questionnaire exports and per-customer tables are small, and the
 * models need every row before they can compute anything. */
#include "cli/analyze_common.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/output.h"
#include "guanxi/analyze.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/money.h"
#include "guanxi/table.h"

/* ---- input files ------------------------------------------------------------------------ */

static char *trimmed(struct gx_arena *a, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return gx_arena_strndup(a, s, len);
}

enum gx_err ana_data_read(struct gx_arena *a, const char *path, struct ana_data *d,
                          struct gx_error *err)
{
	memset(d, 0, sizeof *d);
	d->path = path;
	struct gx_table_reader *r = NULL;
	if (gx_table_reader_open(path, NULL, &r, err) != GX_OK) {
		gx_error_prefix(err, "%s: ", path);
		return err->code;
	}
	const struct gx_table_row *h = gx_table_reader_header(r);
	d->ncols = h->ncells;
	d->names = gx_arena_calloc(a, d->ncols ? d->ncols : 1, sizeof *d->names);
	for (size_t c = 0; c < d->ncols; c++)
		d->names[c] = trimmed(a, h->cells[c], h->lens[c]);
	size_t cap = 64;
	d->cells = gx_arena_calloc(a, cap, sizeof *d->cells);
	d->types = gx_arena_calloc(a, cap, sizeof *d->types);
	d->lines = gx_arena_calloc(a, cap, sizeof *d->lines);
	enum gx_err e = GX_OK;
	for (;;) {
		const struct gx_table_row *row = NULL;
		e = gx_table_reader_next(r, &row, err);
		if (e != GX_OK) {
			gx_error_prefix(err, "%s: ", path);
			break;
		}
		if (!row)
			break;
		if (row->status != GX_OK) {
			*err = row->error;
			gx_error_prefix(err, "%s: ", path);
			e = err->code;
			break;
		}
		if (row->ncells > d->ncols) {
			e = gx_error_set(err, GX_EINVAL, "file", _("%s: line %zu: %zu cells but the header has %zu columns"),
			                 path, row->line, row->ncells, d->ncols);
			break;
		}
		bool blank = true;
		for (size_t c = 0; c < row->ncells && blank; c++)
			for (size_t k = 0; k < row->lens[c]; k++)
				if (!isspace((unsigned char)row->cells[c][k]))
					blank = false;
		if (blank)
			continue;
		if (d->nrows == cap) {
			const char ***cells = gx_arena_calloc(a, cap * 2, sizeof *cells);
			unsigned char **types = gx_arena_calloc(a, cap * 2, sizeof *types);
			size_t *lines = gx_arena_calloc(a, cap * 2, sizeof *lines);
			memcpy(cells, d->cells, cap * sizeof *cells);
			memcpy(types, d->types, cap * sizeof *types);
			memcpy(lines, d->lines, cap * sizeof *lines);
			d->cells = cells;
			d->types = types;
			d->lines = lines;
			cap *= 2;
		}
		const char **cells = gx_arena_calloc(a, d->ncols ? d->ncols : 1, sizeof *cells);
		unsigned char *types = gx_arena_calloc(a, d->ncols ? d->ncols : 1, 1);
		for (size_t c = 0; c < d->ncols; c++) {
			if (c < row->ncells) {
				cells[c] = trimmed(a, row->cells[c], row->lens[c]);
				types[c] = row->types[c];
			} else {
				cells[c] = "";
				types[c] = GX_CELL_EMPTY;
			}
		}
		d->cells[d->nrows] = cells;
		d->types[d->nrows] = types;
		d->lines[d->nrows] = row->line;
		d->nrows++;
	}
	gx_table_reader_close(r);
	if (e == GX_OK && d->nrows == 0)
		e = gx_error_set(err, GX_EINVAL, "file", _("%s: no data rows below the header"), path);
	return e;
}

int ana_data_col(const struct ana_data *d, const char *name)
{
	for (size_t c = 0; c < d->ncols; c++)
		if (strcasecmp(d->names[c], name) == 0)
			return (int)c;
	return -1;
}

enum gx_err ana_data_need(const struct ana_data *d, const char *name, int *col,
                          struct gx_error *err)
{
	*col = ana_data_col(d, name);
	if (*col < 0)
		return gx_error_set(err, GX_EINVAL, name, _("%s: missing column \"%s\" (see --help for the layout)"),
		                    d->path, name);
	return GX_OK;
}

const char *ana_data_text(const struct ana_data *d, size_t row, int col)
{
	return col >= 0 && (size_t)col < d->ncols ? d->cells[row][col] : "";
}

enum gx_err ana_data_cell_error(const struct ana_data *d, size_t row, int col,
                                struct gx_error *err, const char *reason)
{
	return gx_error_set(err, GX_EINVAL, d->names[col], _("%s: line %zu, column %d (%s): %s"), d->path,
	                    d->lines[row], col + 1, d->names[col], reason);
}

enum gx_err ana_data_num(const struct ana_data *d, size_t row, int col, bool allow_empty,
                         double *out, struct gx_error *err)
{
	const char *s = ana_data_text(d, row, col);
	if (!*s) {
		*out = NAN;
		if (allow_empty)
			return GX_OK;
		return ana_data_cell_error(d, row, col, err, _("a number is required"));
	}
	char *end;
	double v = strtod(s, &end);
	if (*end || !isfinite(v)) {
		struct gx_arena a;
		gx_arena_init(&a, 0);
		enum gx_err e = ana_data_cell_error(d, row, col, err,
		                                    gx_arena_printf(&a, _("\"%s\" is not a number"), s));
		gx_arena_free(&a);
		return e;
	}
	*out = v;
	return GX_OK;
}

enum gx_err ana_data_int(const struct ana_data *d, size_t row, int col, long lo, long hi,
                         long *out, struct gx_error *err)
{
	double v;
	if (ana_data_num(d, row, col, false, &v, err) != GX_OK)
		return err->code;
	if (v != floor(v) || v < (double)lo || v > (double)hi) {
		struct gx_arena a;
		gx_arena_init(&a, 0);
		enum gx_err e = ana_data_cell_error(
			d, row, col, err,
			gx_arena_printf(&a, _("\"%s\" is not a whole number from %ld to %ld"), ana_data_text(d, row, col), lo, hi));
		gx_arena_free(&a);
		return e;
	}
	*out = (long)v;
	return GX_OK;
}

enum gx_err ana_data_fen(const struct ana_data *d, size_t row, int col, bool allow_negative,
                         int64_t *out, struct gx_error *err)
{
	const char *s = ana_data_text(d, row, col);
	struct gx_error e2;
	gx_error_clear(&e2);
	if (d->types[row][col] == GX_CELL_NUMBER) {
		/* xlsx numbers come as stored ("1234.5", "0.30000000000000004"): round to fen. */
		double v;
		if (ana_data_num(d, row, col, false, &v, err) != GX_OK)
			return err->code;
		if ((!allow_negative && v < 0) || fabs(v) > 9e16)
			return ana_data_cell_error(d, row, col, err, _("amount out of range"));
		*out = (int64_t)llround(v * 100.0);
		return GX_OK;
	}
	if (gx_money_parse_yuan(s, allow_negative ? GX_MONEY_ALLOW_NEGATIVE : 0, out, d->names[col], &e2) != GX_OK)
		return ana_data_cell_error(d, row, col, err, e2.message);
	return GX_OK;
}

enum gx_err ana_data_date(const struct ana_data *d, size_t row, int col, int32_t *out,
                          struct gx_error *err)
{
	const char *s = ana_data_text(d, row, col);
	struct gx_error e2;
	gx_error_clear(&e2);
	enum gx_err e;
	if (d->types[row][col] == GX_CELL_DATE || d->types[row][col] == GX_CELL_NUMBER)
		e = gx_date_from_excel_serial(strtod(s, NULL), out, d->names[col], &e2);
	else
		e = gx_date_parse_lenient(s, out, d->names[col], &e2);
	if (e != GX_OK)
		return ana_data_cell_error(d, row, col, err, *s ? e2.message : _("a date is required"));
	return GX_OK;
}

enum gx_err ana_data_bool(const struct ana_data *d, size_t row, int col, bool *out,
                          struct gx_error *err)
{
	static const char *const yes[] = {"1", "yes", "y", "true", "是", "TRUE"};
	static const char *const no[] = {"", "0", "no", "n", "false", "否", "FALSE"};
	const char *s = ana_data_text(d, row, col);
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return GX_OK;
		}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return GX_OK;
		}
	return ana_data_cell_error(d, row, col, err, _("expected yes/no (1/0)"));
}

struct group_key {
	const struct ana_data *d;
	int col;
};

static int group_cmp(const void *a, const void *b, void *arg)
{
	const struct group_key *k = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(k->d->cells[x][k->col], k->d->cells[y][k->col]);
	return c ? c : (x > y) - (x < y);
}

void ana_data_group(struct gx_arena *a, const struct ana_data *d, int col, size_t **group,
                    const char ***keys, size_t *n_groups)
{
	size_t n = d->nrows;
	size_t *idx = gx_arena_calloc(a, n + 1, sizeof *idx);
	size_t *g = gx_arena_calloc(a, n + 1, sizeof *g);
	size_t *first = gx_arena_calloc(a, n + 1, sizeof *first);
	for (size_t r = 0; r < n; r++)
		idx[r] = r;
	struct group_key key = {d, col};
	qsort_r(idx, n, sizeof *idx, group_cmp, &key);
	/* first[r] = first row with the same key; groups numbered by first appearance. */
	for (size_t k = 0; k < n; k++)
		first[idx[k]] = k && strcmp(d->cells[idx[k]][col], d->cells[idx[k - 1]][col]) == 0 ? first[idx[k - 1]] : idx[k];
	size_t *num = gx_arena_calloc(a, n + 1, sizeof *num);
	const char **kk = gx_arena_calloc(a, n + 1, sizeof *kk);
	size_t m = 0;
	for (size_t r = 0; r < n; r++) {
		if (first[r] == r) {
			num[r] = m;
			kk[m++] = d->cells[r][col];
		}
		g[r] = num[first[r]];
	}
	*group = g;
	*keys = kk;
	*n_groups = m;
}

int ana_need_file(struct cli_ctx *ctx, const char *why)
{
	if (ctx->argc >= 1)
		return CLI_OK;
	return cli_usage_error(ctx, "%s", why);
}

/* ---- options ------------------------------------------------------------------------------ */

static int bad_option(struct cli_ctx *ctx, const char *name, const char *value, const char *why)
{
	return cli_usage_error(ctx, "--%s %s: %s", name, value, why);
}

int ana_opt_double(struct cli_ctx *ctx, const char *name, double *out)
{
	const char *v = cli_opt_or_default(ctx, name);
	if (!v)
		return CLI_OK;
	char *end;
	double x = strtod(v, &end);
	if (!*v || *end || !isfinite(x))
		return bad_option(ctx, name, v, _("not a number"));
	*out = x;
	return CLI_OK;
}

int ana_opt_long(struct cli_ctx *ctx, const char *name, long lo, long hi, long *out)
{
	const char *v = cli_opt_or_default(ctx, name);
	if (!v)
		return CLI_OK;
	char *end;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) {
		char why[96];
		snprintf(why, sizeof why, _("not a whole number from %ld to %ld"), lo, hi);
		return bad_option(ctx, name, v, why);
	}
	*out = x;
	return CLI_OK;
}

int ana_opt_choice(struct cli_ctx *ctx, const char *name, const char *const *choices, int *out)
{
	const char *v = cli_opt_or_default(ctx, name);
	if (!v)
		return CLI_OK;
	char list[256] = "";
	for (int i = 0; choices[i]; i++) {
		if (strcasecmp(v, choices[i]) == 0) {
			*out = i;
			return CLI_OK;
		}
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", choices[i]);
	}
	char why[320];
	snprintf(why, sizeof why, "%s %s", _("unknown value; use one of"), list);
	return bad_option(ctx, name, v, why);
}

int ana_opt_doubles(struct cli_ctx *ctx, const char *name, double *out, size_t n)
{
	const char *v = cli_opt_or_default(ctx, name);
	if (!v)
		return CLI_OK;
	const char *p = v;
	for (size_t i = 0; i < n; i++) {
		char *end;
		double x = strtod(p, &end);
		if (end == p || !isfinite(x) || (i + 1 < n ? *end != ',' : *end != '\0')) {
			char why[96];
			snprintf(why, sizeof why, _("expected %zu comma-separated numbers"), n);
			return bad_option(ctx, name, v, why);
		}
		out[i] = x;
		p = end + 1;
	}
	return CLI_OK;
}

int ana_opt_date(struct cli_ctx *ctx, const char *name, int32_t *out)
{
	const char *v = cli_opt_or_default(ctx, name);
	if (!v)
		return CLI_OK;
	if (strcmp(v, "today") == 0) {
		struct gx_tz *tz = NULL;
		struct gx_error err;
		gx_error_clear(&err);
		if (gx_tz_open("Asia/Shanghai", &tz, &err) != GX_OK)
			return cli_fail(&err);
		*out = gx_instant_local_date(gx_now_ms(), tz);
		gx_tz_free(tz);
		return CLI_OK;
	}
	struct gx_error err;
	gx_error_clear(&err);
	if (gx_date_parse(v, out, name, &err) != GX_OK)
		return bad_option(ctx, name, v, err.message);
	return CLI_OK;
}

int ana_opt_bool(struct cli_ctx *ctx, const char *name, bool *out)
{
	static const char *const choices[] = {"no", "yes", NULL};
	int i = *out ? 1 : 0;
	int rc = ana_opt_choice(ctx, name, choices, &i);
	*out = i == 1;
	return rc;
}

/* ---- report ------------------------------------------------------------------------------- */

const char *ana_pick(const char *en, const char *zh)
{
	return gx_i18n_lang() == GX_LANG_ZH && zh ? zh : en;
}

int ana_fail(const struct gx_error *err)
{
	return cli_fail(err);
}

void ana_report_init(struct ana_report *r, struct cli_ctx *ctx)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
}

struct ana_table *ana_table_add(struct ana_report *r, const char *name, const char *title_en,
                                const char *title_zh, const char *const *cols)
{
	struct gx_arena *a = &r->ctx->arena;
	struct ana_table *t = gx_arena_calloc(a, 1, sizeof *t);
	t->a = a;
	t->name = name;
	t->title = ana_pick(title_en, title_zh);
	while (cols[t->ncols])
		t->ncols++;
	t->keys = gx_arena_calloc(a, t->ncols, sizeof *t->keys);
	t->heads = gx_arena_calloc(a, t->ncols, sizeof *t->heads);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cols[c];
		const char *b1 = strchr(s, '|');
		const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
		t->keys[c] = b1 ? gx_arena_strndup(a, s, (size_t)(b1 - s)) : s;
		const char *en = b1 ? gx_arena_strndup(a, b1 + 1, b2 ? (size_t)(b2 - b1 - 1) : strlen(b1 + 1)) : s;
		t->heads[c] = ana_pick(en, b2 ? b2 + 1 : NULL);
	}
	t->cap = 16;
	t->rows = gx_arena_calloc(a, t->cap, sizeof *t->rows);
	if (r->n < ANA_MAX_TABLES)
		r->t[r->n++] = t;
	return t;
}

void ana_row(struct ana_table *t)
{
	if (t->nrows == t->cap) {
		struct ana_cell **rows = gx_arena_calloc(t->a, t->cap * 2, sizeof *rows);
		memcpy(rows, t->rows, t->cap * sizeof *rows);
		t->rows = rows;
		t->cap *= 2;
	}
	struct ana_cell *row = gx_arena_calloc(t->a, t->ncols, sizeof *row);
	for (size_t c = 0; c < t->ncols; c++)
		row[c] = (struct ana_cell){"", false};
	t->rows[t->nrows++] = row;
	t->col = 0;
}

static void put(struct ana_table *t, const char *text, bool raw)
{
	if (!t->nrows || t->col >= t->ncols)
		return;
	t->rows[t->nrows - 1][t->col++] = (struct ana_cell){text ? text : "", raw};
}

void ana_text(struct ana_table *t, const char *s)
{
	put(t, gx_arena_strdup(t->a, s ? s : ""), false);
}

void ana_num(struct ana_table *t, double v, int decimals)
{
	if (!isfinite(v)) {
		put(t, "", true);   /* empty in tables, null in JSON */
		return;
	}
	char *s = gx_arena_printf(t->a, "%.*f", decimals, v);
	if (strcmp(s, "-0") == 0 || (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1)))
		s++;   /* no "-0.0000" */
	put(t, s, true);
}

void ana_int(struct ana_table *t, long long v)
{
	put(t, gx_arena_printf(t->a, "%lld", v), true);
}

void ana_yuan(struct ana_table *t, int64_t fen)
{
	char buf[GX_MONEY_FMT_SIZE];
	put(t, gx_arena_strdup(t->a, gx_money_format(fen, buf)), true);
}

void ana_null(struct ana_table *t)
{
	put(t, "", true);
}

void ana_bool(struct ana_table *t, bool v)
{
	put(t, v ? "true" : "false", true);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_table(FILE *f, const struct ana_table *t, const char *indent)
{
	fputs("[", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(f, "%s\n%s  {", r ? "," : "", indent);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs(c ? ", " : "", f);
			json_string(f, t->keys[c]);
			fputs(": ", f);
			const struct ana_cell *cell = &t->rows[r][c];
			if (cell->json_raw)
				fputs(*cell->text ? cell->text : "null", f);
			else
				json_string(f, cell->text);
		}
		fputs("}", f);
	}
	if (t->nrows)
		fprintf(f, "\n%s", indent);
	fputs("]", f);
}

/* Table and CSV show booleans as words; JSON keeps true/false. */
static const char *shown(const struct ana_cell *c)
{
	if (c->json_raw && strcmp(c->text, "true") == 0)
		return ana_pick("yes", "是");
	if (c->json_raw && strcmp(c->text, "false") == 0)
		return ana_pick("no", "否");
	return c->text;
}

int ana_report_print(struct ana_report *r)
{
	struct cli_ctx *ctx = r->ctx;
	const char *part = cli_opt(ctx, "part");
	size_t only = r->n;
	if (part) {
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->t[i]->name, part) == 0)
				only = i;
		if (only == r->n) {
			char list[256] = "";
			for (size_t i = 0; i < r->n; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", r->t[i]->name);
			return cli_usage_error(ctx, "--part %s: %s %s", part, _("unknown part; this report has"), list);
		}
	}
	FILE *f = ctx->out;
	if (ctx->format == CLI_FORMAT_JSON) {
		if (part) {
			json_table(f, r->t[only], "");
		} else {
			fputs("{", f);
			for (size_t i = 0; i < r->n; i++) {
				fprintf(f, "%s\n  ", i ? "," : "");
				json_string(f, r->t[i]->name);
				fputs(": ", f);
				json_table(f, r->t[i], "  ");
			}
			fputs("\n}", f);
		}
		fputc('\n', f);
		return CLI_OK;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (part && i != only)
			continue;
		const struct ana_table *t = r->t[i];
		struct out_table o;
		out_table_init(&o, &ctx->arena, t->ncols, ctx->format == CLI_FORMAT_CSV ? t->keys : t->heads);
		const char **cells = gx_arena_calloc(&ctx->arena, t->ncols, sizeof *cells);
		for (size_t row = 0; row < t->nrows; row++) {
			for (size_t c = 0; c < t->ncols; c++)
				cells[c] = shown(&t->rows[row][c]);
			out_table_add(&o, cells);
		}
		if (ctx->format == CLI_FORMAT_TABLE && !part)
			fprintf(f, "%s%s\n", i ? "\n" : "", t->title);
		else if (ctx->format == CLI_FORMAT_CSV && i && !part)
			fputs("\r\n", f);
		out_table_print(ctx, &o);
	}
	return CLI_OK;
}

/* ---- database ----------------------------------------------------------------------------- */

int ana_db_load(struct cli_ctx *ctx, int32_t from_day, int32_t as_of, struct app_analyze_base *b)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	if (app_analyze_load(&app, from_day, as_of, &ctx->arena, b, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	return rc;
}
