/* Row buffers shared by the CSV and xlsx readers: cells are appended one by one into one
 * growing byte buffer, then exposed as a struct gx_table_row. Buffers are reused from row to
 * row, so reading a file allocates only while its widest row grows them. */
#ifndef GUANXI_CORE_TABLE_ROW_H
#define GUANXI_CORE_TABLE_ROW_H

#include <stdarg.h>
#include <stddef.h>

#include "guanxi/table.h"

struct table_rowbuf {
	struct gx_table_row row;
	char *data;
	size_t len, cap;
	size_t *offs;
	size_t *lens;
	unsigned char *types;
	const char **ptrs;
	size_t n, ncap;
};

void table_row_reset(struct table_rowbuf *b);
void table_row_add(struct table_rowbuf *b, const char *s, size_t len, unsigned char type);
/* Appends bytes to the last cell (xlsx text split across XML character-data events). */
void table_row_append(struct table_rowbuf *b, const char *s, size_t len);
/* Length of the last cell so far. */
size_t table_row_last_len(const struct table_rowbuf *b);
/* Marks the row bad; the first error of a row wins. */
void table_row_fail(struct table_rowbuf *b, enum gx_err code, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Publishes the cells as b->row with the given line and returns it. */
const struct gx_table_row *table_row_finish(struct table_rowbuf *b, size_t line);
void table_row_free(struct table_rowbuf *b);

/* The OLE2 compound-file magic of .xls and WPS .et workbooks. */
static inline int table_is_ole2(const void *head, size_t len)
{
	const unsigned char *h = head;
	return len >= 4 && h[0] == 0xD0 && h[1] == 0xCF && h[2] == 0x11 && h[3] == 0xE0;
}
/* The translated message for such files, the same wherever they are met. */
const char *table_ole2_message(void);

#endif
