/* libFuzzer target for the xlsx reader (src/core/xlsx_reader.c, xlsx_parts.c): the input is
 * split on "\n--\n" into the sheet XML, the shared strings and the styles of a workbook whose
 * other parts are fixed, zipped with libzip into a temporary file and read to the end.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE -Iinclude -Isrc \
 *     fuzz/fuzz_xlsx_reader.c src/core/{xlsx_reader,xlsx_parts,table_row,utf8,error,i18n,arena}.c \
 *     build/gen/catalogs.c -lzip -lexpat -o build/fuzz_xlsx_reader && build/fuzz_xlsx_reader -max_total_time=60
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "guanxi/table.h"

static const char *REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *part[3] = { copy, "", "" };
	size_t plen[3] = { size, 0, 0 };
	for (int k = 1; k < 3; k++) {
		char *sep = memmem(part[k - 1], plen[k - 1], "\n--\n", 4);
		if (!sep)
			break;
		part[k] = sep + 4;
		plen[k] = plen[k - 1] - (size_t)(sep + 4 - part[k - 1]);
		plen[k - 1] = (size_t)(sep - part[k - 1]);
	}
	char path[64];
	snprintf(path, sizeof path, "/tmp/fuzz-xlsx-%d.xlsx", (int)getpid());
	int e;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	char rels[1024];
	snprintf(rels, sizeof rels,
	         "<Relationships><Relationship Id=\"r1\" Type=\"%sworksheet\" Target=\"s.xml\"/>"
	         "<Relationship Id=\"r2\" Type=\"%ssharedStrings\" Target=\"ss.xml\"/>"
	         "<Relationship Id=\"r3\" Type=\"%sstyles\" Target=\"st.xml\"/></Relationships>",
	         REL, REL, REL);
	const char *wb = "<workbook><sheets><sheet name=\"a\" r:id=\"r1\"/></sheets></workbook>";
	const char *names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/s.xml",
	                        "xl/ss.xml", "xl/st.xml" };
	const char *bodies[] = { wb, rels, part[0], part[1], part[2] };
	size_t lens[] = { strlen(wb), strlen(rels), plen[0], plen[1], plen[2] };
	for (int i = 0; i < 5; i++)
		zip_file_add(z, names[i], zip_source_buffer(z, bodies[i], lens[i], 0), 0);
	zip_close(z);
	struct gx_table_read_opts o = { .max_field_bytes = 64, .max_columns = 64,
	                                .max_xlsx_bytes = 1 << 20 };
	struct gx_xlsx_reader *r;
	struct gx_error err;
	if (gx_xlsx_reader_open(path, &o, &r, &err) == GX_OK) {
		const struct gx_table_row *row;
		while (gx_xlsx_reader_next(r, &row, &err) == GX_OK && row)
			if (row->ncells > 64)
				__builtin_trap();
		gx_xlsx_reader_close(r);
	}
	unlink(path);
	free(copy);
	return 0;
}
