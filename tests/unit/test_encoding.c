/* Unit tests for core/encoding.c: choosing between UTF-8 and GB18030, the position of the first
 * bad byte, and streaming GB18030 conversion across chunk boundaries. GB18030 bytes are made
 * with iconv here rather than typed in, so that the expected text stays readable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/encoding.h"

/* UTF-8 → GB18030 with iconv; returns a malloc'd buffer. */
static char *to_gb18030(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t il = strlen(utf8), ol = il * 2 + 16;
	char *out = malloc(ol), *ip = (char *)utf8, *op = out;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return out;
}

static FILE *mem_file(const char *data, size_t len)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	rewind(fp);
	return fp;
}

static enum gx_err detect(const char *data, size_t len, struct gx_encoding_detection *det,
                          struct gx_error *err)
{
	FILE *fp = mem_file(data, len);
	enum gx_err rc = gx_encoding_detect(fp, det, err);
	assert_int_equal(ftello(fp), 0);   /* left where it started */
	fclose(fp);
	return rc;
}

static void test_parse_names(void **state)
{
	(void)state;
	enum gx_encoding e;
	struct gx_error err;
	assert_int_equal(gx_encoding_parse("UTF-8", &e, &err), GX_OK);
	assert_int_equal(e, GX_ENC_UTF8);
	assert_int_equal(gx_encoding_parse("gbk", &e, &err), GX_OK);
	assert_int_equal(e, GX_ENC_GB18030);
	assert_int_equal(gx_encoding_parse("auto", &e, &err), GX_OK);
	assert_int_equal(e, GX_ENC_AUTO);
	assert_int_equal(gx_encoding_parse("latin1", &e, &err), GX_EINVAL);
	assert_string_equal(err.message, "unknown encoding 'latin1' (use auto, utf-8 or gb18030)");
	assert_string_equal(gx_encoding_name(GX_ENC_GB18030), "GB18030");
}

static void test_text_pos(void **state)
{
	(void)state;
	struct gx_text_pos p;
	gx_text_pos_init(&p);
	gx_text_pos_advance(&p, "ab\n张伟", strlen("ab\n张伟"));
	assert_int_equal(p.line, 2);
	assert_int_equal(p.column, 3);
	gx_text_pos_advance(&p, "x", 1);
	assert_int_equal(p.column, 4);
	gx_text_pos_advance(&p, "\r\n", 2);
	assert_int_equal(p.line, 3);
	assert_int_equal(p.column, 1);
}

static void test_sniff(void **state)
{
	(void)state;
	struct gx_error err;
	assert_int_equal(gx_encoding_sniff("", 0, 1, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is empty");
	assert_int_equal(gx_encoding_sniff("\xEF\xBB\xBF", 3, 1, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is empty");
	assert_int_equal(gx_encoding_sniff("\xFF\xFEn\0a\0", 6, 1, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is UTF-16 text; save it as CSV UTF-8 or CSV");
	assert_int_equal(gx_encoding_sniff("a,b\n张,\0", 10, 1, &err), GX_EINVAL);
	assert_string_equal(err.message, "file looks binary, not text: NUL byte at line 2, column 3");
	assert_int_equal(gx_encoding_sniff("a,b\n", 4, 1, &err), GX_OK);
}

static void test_detect_utf8_and_bom(void **state)
{
	(void)state;
	struct gx_encoding_detection det;
	struct gx_error err;
	const char *plain = "客户名称,电话\n张伟,13800000000\n";
	assert_int_equal(detect(plain, strlen(plain), &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_UTF8);
	assert_false(det.bom);
	assert_int_equal(det.bytes, strlen(plain));
	char bom[64] = "\xEF\xBB\xBF";
	strcat(bom, plain);
	assert_int_equal(detect(bom, strlen(bom), &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_UTF8);
	assert_true(det.bom);
	/* Pure ASCII is UTF-8 (it is GB18030 too; UTF-8 is tried first). */
	assert_int_equal(detect("a,b\n1,2\n", 8, &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_UTF8);
}

static void test_detect_gb18030(void **state)
{
	(void)state;
	struct gx_encoding_detection det;
	struct gx_error err;
	size_t n;
	char *gb = to_gb18030("客户名称,电话\n张伟,13800000000\n", &n);
	assert_int_equal(detect(gb, n, &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_GB18030);
	free(gb);
}

static void test_detect_neither(void **state)
{
	(void)state;
	struct gx_encoding_detection det;
	struct gx_error err;
	/* A GBK file with a stray 0xFF on line 3: GB18030 gets further, so its position is named. */
	size_t n;
	char *gb = to_gb18030("姓名,备注\n张三,你好\n", &n);
	char *buf = malloc(n + 8);
	memcpy(buf, gb, n);
	memcpy(buf + n, "ab\xFF\n", 4);
	assert_int_equal(detect(buf, n + 4, &det, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is neither UTF-8 nor GB18030: invalid byte 0xFF at "
	                                 "line 3, column 3 (read as GB18030)");
	free(buf);
	free(gb);
	/* UTF-8 text whose bad byte comes after a character GB18030 already rejects:
	 * "张" is E5 BC A0, and A0 followed by LF is no GB18030 character. */
	const char *u = "张\n\xFF\n";
	assert_int_equal(detect(u, strlen(u), &det, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is neither UTF-8 nor GB18030: invalid byte 0xFF at "
	                                 "line 2, column 1 (read as UTF-8)");
	/* With a BOM the file is UTF-8 by its own claim: no GB18030 attempt. */
	const char *b = "\xEF\xBB\xBFid,名\n1,\x81\x30\n";
	assert_int_equal(detect(b, strlen(b), &det, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is neither UTF-8 nor GB18030: invalid byte 0x81 at "
	                                 "line 2, column 3 (read as UTF-8)");
	/* The BOM itself is not counted as a column. */
	assert_int_equal(detect("\xEF\xBB\xBF" "a\xFF", 5, &det, &err), GX_EINVAL);
	assert_string_equal(err.message, "file is neither UTF-8 nor GB18030: invalid byte 0xFF at "
	                                 "line 1, column 2 (read as UTF-8)");
}

static void test_detect_binary_far_in(void **state)
{
	(void)state;
	/* A NUL byte well past the first read chunk still makes the file binary. */
	size_t lines = 40000, len = lines * 10 + 16;
	char *buf = malloc(len);
	size_t o = 0;
	for (size_t i = 0; i < lines; i++)
		o += (size_t)sprintf(buf + o, "%08zu,\n", i);
	memcpy(buf + o, "ab\0cd\n", 6);
	o += 6;
	struct gx_encoding_detection det;
	struct gx_error err;
	assert_int_equal(detect(buf, o, &det, &err), GX_EINVAL);
	assert_string_equal(err.message,
	                    "file looks binary, not text: NUL byte at line 40001, column 3");
	free(buf);
	/* A NUL first is binary, not an empty file. */
	assert_int_equal(detect("\0abc", 4, &det, &err), GX_EINVAL);
	assert_string_equal(err.message, "file looks binary, not text: NUL byte at line 1, column 1");
}

static void test_detect_chunk_boundaries(void **state)
{
	(void)state;
	/* Multi-byte characters straddling the 256 KiB detection chunks, in both encodings. */
	size_t n = 0, cap = 1 << 20;
	char *text = malloc(cap + 64);
	while (n < cap - 64) {
		memcpy(text + n, "张伟a,©𠀀\n", strlen("张伟a,©𠀀\n"));
		n += strlen("张伟a,©𠀀\n");
	}
	text[n] = '\0';
	struct gx_encoding_detection det;
	struct gx_error err;
	assert_int_equal(detect(text, n, &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_UTF8);
	size_t gn;
	char *gb = to_gb18030(text, &gn);
	assert_int_equal(detect(gb, gn, &det, &err), GX_OK);
	assert_int_equal(det.encoding, GX_ENC_GB18030);

	/* The streaming decoder gives the same text whatever the chunk sizes. */
	struct gx_decoder d;
	assert_int_equal(gx_decoder_open(&d, GX_ENC_GB18030, 0, &err), GX_OK);
	char *back = malloc(n + 64);
	size_t bo = 0, pos = 0, step = 1;
	while (pos < gn) {
		size_t k = gn - pos < step ? gn - pos : step;
		size_t ol;
		const char *out = gx_decoder_feed(&d, gb + pos, k, pos + k == gn, &ol);
		assert_true(bo + ol <= n);
		memcpy(back + bo, out, ol);
		bo += ol;
		pos += k;
		step = step * 3 % 7919 + 1;
	}
	assert_int_equal(bo, n);
	assert_memory_equal(back, text, n);
	gx_decoder_close(&d);
	free(back);
	free(gb);
	free(text);
}

static void test_decoder_markers_and_bom(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_decoder d;
	size_t gn, ol;
	char *gb = to_gb18030("\xEF\xBB\xBF张", &gn);   /* GB18030's BOM is 84 31 95 33 */
	assert_int_equal(gx_decoder_open(&d, GX_ENC_GB18030, 0, &err), GX_OK);
	char in[32];
	memcpy(in, gb, gn);
	memcpy(in + gn, "\xFF" "a", 2);
	const char *out = gx_decoder_feed(&d, in, gn + 2, 1, &ol);
	assert_int_equal(ol, 5);
	assert_memory_equal(out, "张\xFF" "a", 5);   /* BOM dropped, bad byte marked */
	gx_decoder_close(&d);
	free(gb);

	assert_int_equal(gx_decoder_open(&d, GX_ENC_UTF8, 0, &err), GX_OK);
	out = gx_decoder_feed(&d, "\xEF\xBB\xBFid", 5, 0, &ol);
	assert_int_equal(ol, 2);
	assert_memory_equal(out, "id", 2);
	out = gx_decoder_feed(&d, "\xEF\xBB\xBF", 3, 1, &ol);   /* only the leading BOM goes */
	assert_int_equal(ol, 3);
	gx_decoder_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_text_pos),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_detect_utf8_and_bom),
		cmocka_unit_test(test_detect_gb18030),
		cmocka_unit_test(test_detect_neither),
		cmocka_unit_test(test_detect_binary_far_in),
		cmocka_unit_test(test_detect_chunk_boundaries),
		cmocka_unit_test(test_decoder_markers_and_bom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
