/* Row buffers for the table readers (see table_row.h). Cells are NUL-terminated in place so
 * that callers can use them as C strings without copying. */
#include "core/table_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"

void table_row_reset(struct table_rowbuf *b)
{
	b->len = 0;
	b->n = 0;
	b->row.status = GX_OK;
	b->row.err_column = 0;
	b->row.error.code = GX_OK;
	b->row.error.field[0] = '\0';
	b->row.error.message[0] = '\0';
}

static void reserve_bytes(struct table_rowbuf *b, size_t more)
{
	if (b->len + more > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + more)
			cap *= 2;
		b->data = gx_xrealloc(b->data, cap);
		b->cap = cap;
	}
}

void table_row_add(struct table_rowbuf *b, const char *s, size_t len, unsigned char type)
{
	if (b->n == b->ncap) {
		size_t cap = b->ncap ? b->ncap * 2 : 16;
		b->offs = gx_xrealloc(b->offs, cap * sizeof *b->offs);
		b->lens = gx_xrealloc(b->lens, cap * sizeof *b->lens);
		b->types = gx_xrealloc(b->types, cap * sizeof *b->types);
		b->ptrs = gx_xrealloc(b->ptrs, cap * sizeof *b->ptrs);
		b->ncap = cap;
	}
	reserve_bytes(b, len + 1);
	b->offs[b->n] = b->len;
	b->lens[b->n] = len;
	b->types[b->n] = type;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len++] = '\0';
	b->n++;
}

void table_row_append(struct table_rowbuf *b, const char *s, size_t len)
{
	if (b->n == 0 || len == 0)
		return;
	reserve_bytes(b, len);
	memcpy(b->data + b->len - 1, s, len);   /* over the terminator */
	b->len += len;
	b->data[b->len - 1] = '\0';
	b->lens[b->n - 1] += len;
}

size_t table_row_last_len(const struct table_rowbuf *b)
{
	return b->n ? b->lens[b->n - 1] : 0;
}

void table_row_fail(struct table_rowbuf *b, enum gx_err code, size_t column, const char *fmt, ...)
{
	if (b->row.status != GX_OK)
		return;
	b->row.status = code;
	b->row.err_column = column;
	b->row.error.code = code;
	b->row.error.field[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->row.error.message, sizeof b->row.error.message, fmt, ap);
	va_end(ap);
}

const struct gx_table_row *table_row_finish(struct table_rowbuf *b, size_t line)
{
	for (size_t i = 0; i < b->n; i++)
		b->ptrs[i] = b->data + b->offs[i];
	b->row.line = line;
	b->row.ncells = b->n;
	b->row.cells = b->ptrs;
	b->row.lens = b->lens;
	b->row.types = b->types;
	return &b->row;
}

void table_row_free(struct table_rowbuf *b)
{
	free(b->data);
	free(b->offs);
	free(b->lens);
	free(b->types);
	free(b->ptrs);
	memset(b, 0, sizeof *b);
}

const char *table_ole2_message(void)
{
	return _("this is an old Excel/WPS file; save it as .xlsx or CSV");
}
