/* libFuzzer target for the CSV reader (src/core/csv_reader.c, encoding.c): any bytes must give
 * rows or a clear error, never a crash, a leak or unbounded memory. The first input byte picks
 * the encoding mode and low limits, so the oversized-field and too-many-columns paths are hit.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE -Iinclude -Isrc \
 *     fuzz/fuzz_csv_reader.c src/core/{csv_reader,encoding,table_row,utf8,error,i18n,arena}.c \
 *     build/gen/catalogs.c -lcsv -o build/fuzz_csv_reader && build/fuzz_csv_reader -max_total_time=60
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	struct gx_table_read_opts o = {
		.encoding = (enum gx_encoding)(mode % 3),
		.max_field_bytes = mode & 4 ? 16 : 0,
		.max_columns = mode & 8 ? 4 : 0,
		.max_row_bytes = mode & 16 ? 40 : 0,
	};
	FILE *fp = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "rb");
	if (!fp)
		return 0;
	if (size == 1)
		fgetc(fp);   /* fmemopen refuses size 0: give it one byte and consume it */
	struct gx_csv_reader *r;
	struct gx_error err;
	if (gx_csv_reader_open_fp(fp, &o, &r, &err) == GX_OK) {
		const struct gx_table_row *row;
		size_t last = 0;
		while (gx_csv_reader_next(r, &row, &err) == GX_OK && row) {
			if (row->line < last)
				__builtin_trap();   /* line numbers never go back */
			last = row->line;
			for (size_t i = 0; i < row->ncells; i++)
				if (strlen(row->cells[i]) > row->lens[i])
					__builtin_trap();
		}
		gx_csv_reader_close(r);
	}
	fclose(fp);
	return 0;
}
