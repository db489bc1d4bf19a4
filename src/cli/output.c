/* Table, CSV and JSON output of the CLI. */
#include "cli/output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

void out_table_init(struct out_table *t, struct gx_arena *a, size_t ncols, const char *const *headers)
{
	t->a = a;
	t->ncols = ncols;
	t->nrows = 0;
	t->cap = 64;
	t->headers = gx_arena_calloc(a, ncols, sizeof *t->headers);
	for (size_t i = 0; i < ncols; i++)
		t->headers[i] = headers[i];
	t->cells = gx_arena_calloc(a, t->cap, sizeof *t->cells);
}

void out_table_add(struct out_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		const char ***bigger = gx_arena_calloc(t->a, t->cap * 2, sizeof *bigger);
		memcpy(bigger, t->cells, t->cap * sizeof *bigger);
		t->cells = bigger;
		t->cap *= 2;
	}
	const char **row = gx_arena_calloc(t->a, t->ncols, sizeof *row);
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = cells[i] ? cells[i] : "";
	t->cells[t->nrows++] = row;
}

static int is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

int out_text_width(const char *s)
{
	int w = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		w += cp == '\n' || cp == '\t' ? 1 : is_wide(cp) ? 2 : 1;
		i += n;
	}
	return w;
}

/* Table cells show one line: newlines and tabs become spaces, long text is cut with "…". */
static const char *cell_line(struct gx_arena *a, const char *s, int max_width)
{
	size_t len = strlen(s);
	char *out = gx_arena_alloc(a, len + 4);
	size_t o = 0;
	int w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		int cw = is_wide(cp) ? 2 : 1;
		if (w + cw > max_width - 1 && i + n < len) {
			memcpy(out + o, "…", 3);
			o += 3;
			break;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t')
			out[o++] = ' ';
		else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		w += cw;
		i += n;
	}
	out[o] = '\0';
	return out;
}

static void print_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void out_table_print(const struct cli_ctx *ctx, const struct out_table *t)
{
	FILE *f = ctx->out;
	if (ctx->format == CLI_FORMAT_CSV) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', f);
			print_csv_field(f, t->headers[c]);
		}
		fputs("\r\n", f);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', f);
				print_csv_field(f, t->cells[r][c]);
			}
			fputs("\r\n", f);
		}
		return;
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		json_t *arr = json_array();
		for (size_t r = 0; r < t->nrows; r++) {
			json_t *o = json_object();
			for (size_t c = 0; c < t->ncols; c++)
				json_object_set_new(o, t->headers[c], json_string(t->cells[r][c]));
			json_array_append_new(arr, o);
		}
		json_dumpf(arr, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
		fputc('\n', f);
		json_decref(arr);
		return;
	}
	struct gx_arena a;
	gx_arena_init(&a, 0);
	int *width = gx_arena_calloc(&a, t->ncols, sizeof *width);
	const char ***shown = gx_arena_calloc(&a, t->nrows + 1, sizeof *shown);
	for (size_t c = 0; c < t->ncols; c++)
		width[c] = out_text_width(t->headers[c]);
	for (size_t r = 0; r < t->nrows; r++) {
		shown[r] = gx_arena_calloc(&a, t->ncols, sizeof **shown);
		for (size_t c = 0; c < t->ncols; c++) {
			shown[r][c] = cell_line(&a, t->cells[r][c], 40);
			int w = out_text_width(shown[r][c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t c = 0; c < t->ncols; c++)
		fprintf(f, "%s%s%*s", c ? "  " : "", t->headers[c],
		        c + 1 < t->ncols ? width[c] - out_text_width(t->headers[c]) : 0, "");
	fputc('\n', f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(c ? "  " : "", f);
		for (int i = 0; i < width[c]; i++)
			fputc('-', f);
	}
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			fprintf(f, "%s%s%*s", c ? "  " : "", shown[r][c],
			        c + 1 < t->ncols ? width[c] - out_text_width(shown[r][c]) : 0, "");
		fputc('\n', f);
	}
	gx_arena_free(&a);
}

static const char *meta_value(const struct record *r, const char *col, struct gx_arena *a, int *is_meta)
{
	*is_meta = 1;
	if (strcmp(col, "id") == 0)
		return gx_arena_printf(a, "%lld", (long long)r->id);
	if (strcmp(col, "version") == 0)
		return gx_arena_printf(a, "%lld", (long long)r->version);
	if (strcmp(col, "created_at") == 0)
		return r->created_at ? r->created_at : "";
	if (strcmp(col, "updated_at") == 0)
		return r->updated_at ? r->updated_at : "";
	if (strcmp(col, "deleted_at") == 0)
		return r->deleted_at ? r->deleted_at : "";
	*is_meta = 0;
	return NULL;
}

static json_t *record_json(struct app *app, const struct record *r, const char *const *columns,
                           size_t ncolumns, struct gx_arena *a)
{
	json_t *o = json_object();
	for (size_t c = 0; c < ncolumns; c++) {
		int is_meta;
		const char *mv = meta_value(r, columns[c], a, &is_meta);
		if (is_meta) {
			if (strcmp(columns[c], "id") == 0)
				json_object_set_new(o, "id", json_integer(r->id));
			else if (strcmp(columns[c], "version") == 0)
				json_object_set_new(o, "version", json_integer(r->version));
			else
				json_object_set_new(o, columns[c], *mv ? json_string(mv) : json_null());
			continue;
		}
		int i = entity_field_index(r->def, columns[c]);
		if (i < 0)
			continue;
		const struct field_def *f = &r->def->fields[i];
		const struct gx_value *v = &r->v[i];
		json_t *jv;
		if (v->is_null)
			jv = json_null();
		else if (f->type == FT_INT || f->type == FT_FEN || f->type == FT_REF)
			jv = json_integer(v->i);
		else if (f->type == FT_BOOL)
			jv = json_boolean(v->i);
		else if (f->type == FT_JSON)
			jv = json_loads(v->s, 0, NULL);
		else if (f->type == FT_LIST) {
			jv = json_array();
			char *copy = gx_arena_strdup(a, v->s);
			for (char *tok = strtok(copy, ";"); tok; tok = strtok(NULL, ";"))
				json_array_append_new(jv, json_string(tok));
		} else
			jv = json_string(v->s);
		json_object_set_new(o, f->name, jv ? jv : json_null());
	}
	return o;
}

static const char *column_header(const struct record *r, const char *col)
{
	const struct field_def *f = r ? entity_field(r->def, col) : NULL;
	if (f)
		return field_label(f);
	if (strcmp(col, "id") == 0)
		return "ID";
	if (strcmp(col, "version") == 0)
		return _("Version");
	if (strcmp(col, "created_at") == 0)
		return _("Created");
	if (strcmp(col, "updated_at") == 0)
		return _("Updated");
	if (strcmp(col, "deleted_at") == 0)
		return _("Deleted");
	return col;
}

void out_records(const struct cli_ctx *ctx, struct app *app, const struct record *rows, size_t n,
                 const char *const *columns, size_t ncolumns)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	if (ctx->format == CLI_FORMAT_JSON) {
		json_t *arr = json_array();
		for (size_t r = 0; r < n; r++)
			json_array_append_new(arr, record_json(app, &rows[r], columns, ncolumns, &a));
		json_dumpf(arr, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(arr);
		gx_arena_free(&a);
		return;
	}
	const char **headers = gx_arena_calloc(&a, ncolumns, sizeof *headers);
	for (size_t c = 0; c < ncolumns; c++)
		/* CSV headers are the field names so that the output can be read back by scripts. */
		headers[c] = ctx->format == CLI_FORMAT_CSV ? columns[c] : column_header(n ? &rows[0] : NULL, columns[c]);
	struct out_table t;
	out_table_init(&t, &a, ncolumns, headers);
	const char **cells = gx_arena_calloc(&a, ncolumns, sizeof *cells);
	for (size_t r = 0; r < n; r++) {
		for (size_t c = 0; c < ncolumns; c++) {
			int is_meta;
			const char *mv = meta_value(&rows[r], columns[c], &a, &is_meta);
			int i = is_meta ? -1 : entity_field_index(rows[r].def, columns[c]);
			cells[c] = is_meta ? mv : i >= 0 ? app_field_text(app, &rows[r], (size_t)i, &a) : "";
		}
		out_table_add(&t, cells);
	}
	out_table_print(ctx, &t);
	gx_arena_free(&a);
}

void out_record(const struct cli_ctx *ctx, struct app *app, const struct record *r)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	const char **cols = gx_arena_calloc(&a, r->def->nfields + 5, sizeof *cols);
	size_t n = 0;
	cols[n++] = "id";
	for (size_t i = 0; i < r->def->nfields; i++)
		if (!(r->def->fields[i].flags & FF_HIDDEN))
			cols[n++] = r->def->fields[i].name;
	cols[n++] = "version";
	cols[n++] = "created_at";
	cols[n++] = "updated_at";
	if (r->deleted_at)
		cols[n++] = "deleted_at";
	if (ctx->format != CLI_FORMAT_TABLE) {
		if (ctx->format == CLI_FORMAT_JSON) {
			json_t *o = record_json(app, r, cols, n, &a);
			json_dumpf(o, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', ctx->out);
			json_decref(o);
		} else {
			out_records(ctx, app, r, 1, cols, n);
		}
		gx_arena_free(&a);
		return;
	}
	int width = 0;
	for (size_t c = 0; c < n; c++) {
		int w = out_text_width(column_header(r, cols[c]));
		if (w > width)
			width = w;
	}
	for (size_t c = 0; c < n; c++) {
		int is_meta;
		const char *v = meta_value(r, cols[c], &a, &is_meta);
		int i = is_meta ? -1 : entity_field_index(r->def, cols[c]);
		if (!is_meta)
			v = i >= 0 ? app_field_text(app, r, (size_t)i, &a) : "";
		if (!*v)
			continue;
		const char *h = column_header(r, cols[c]);
		fprintf(ctx->out, "%s%*s  %s\n", h, width - out_text_width(h), "", v);
	}
	gx_arena_free(&a);
}
