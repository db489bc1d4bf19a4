/* Text encodings of imported files. Chinese users hand us CSV files in UTF-8 (with or without
 * the BOM Excel adds) or in GB18030/GBK (what Excel on a Chinese Windows writes by default).
 * This module decides which one a file is in, converts GB18030 to UTF-8 as a stream, and says
 * where the first bad byte is (line and column) when a file is neither. Conversion uses glibc
 * iconv; detection streams, so a multi-gigabyte file needs no more memory than a small one. */
#ifndef GUANXI_ENCODING_H
#define GUANXI_ENCODING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "guanxi/error.h"

enum gx_encoding {
	GX_ENC_AUTO = 0,   /* UTF-8 if the whole input is valid UTF-8, else GB18030 if it decodes */
	GX_ENC_UTF8,
	GX_ENC_GB18030     /* also reads GBK and GB2312, of which it is a superset */
};

/* "auto", "UTF-8" or "GB18030". */
const char *gx_encoding_name(enum gx_encoding enc);

/* Parses an --encoding value: auto, utf-8 (utf8), gb18030 (gbk, gb2312, cp936); case-insensitive. */
enum gx_err gx_encoding_parse(const char *name, enum gx_encoding *out, struct gx_error *err);

/* Line and column (both 1-based; the column counts characters, not bytes) of the next
 * character of a UTF-8 text that is fed to it piece by piece. */
struct gx_text_pos {
	size_t line;
	size_t column;
};
void gx_text_pos_init(struct gx_text_pos *pos);
void gx_text_pos_advance(struct gx_text_pos *pos, const char *utf8, size_t len);

/* First checks on the head of a file (its first bytes, len of them, the whole file if short):
 * empty (nothing or only a BOM), UTF-16 (Excel's "Unicode text"), NUL bytes (binary data).
 * `whole` says that head is the entire file. Returns GX_OK or GX_EINVAL with a message. */
enum gx_err gx_encoding_sniff(const char *head, size_t len, int whole, struct gx_error *err);

/* What gx_encoding_detect found. */
struct gx_encoding_detection {
	enum gx_encoding encoding;  /* GX_ENC_UTF8 or GX_ENC_GB18030 */
	int bom;                    /* the file starts with a UTF-8 byte order mark */
	uint64_t bytes;             /* size of the input */
};

/* Reads fp from its current position to the end and decides its encoding (auto mode of
 * DECISIONS.md "Import and export"): valid UTF-8 (with or without BOM) is UTF-8; otherwise
 * GB18030 if the whole input decodes; otherwise GX_EINVAL naming the first bad byte's line and
 * column in the encoding that got furthest. NUL bytes anywhere make it a binary file (error).
 * fp must be seekable: it is rewound between the two attempts and left at its start position. */
enum gx_err gx_encoding_detect(FILE *fp, struct gx_encoding_detection *out, struct gx_error *err);

/* Streaming conversion of UTF-8 or GB18030 input into UTF-8, chunk by chunk, carrying the
 * bytes of a character split between two chunks. A leading BOM is dropped. Invalid input is
 * either reported (strict: conversion stops at it) or replaced by the byte 0xFF, which never
 * occurs in UTF-8, so that a later validation of each cell finds the bad place. */
struct gx_decoder {
	enum gx_encoding enc;
	int strict;
	void *cd;              /* iconv_t for GB18030 */
	int at_start;          /* no output produced yet: a BOM may still come */
	char carry[8];         /* incomplete character from the previous chunk */
	size_t ncarry;
	char *out;             /* output buffer, owned */
	size_t outcap;
	int failed;            /* strict mode: an invalid sequence was met */
	unsigned char bad_byte;/* its first byte */
	size_t in_done;        /* bytes of the last call's input (after the carry) converted */
};

enum gx_err gx_decoder_open(struct gx_decoder *d, enum gx_encoding enc, int strict,
                            struct gx_error *err);
/* Converts in[0..len) (final: no more input follows). Returns the UTF-8 output and its length in
 * *outlen, valid until the next call. In UTF-8 mode the input is passed through unchecked. In
 * strict mode the output stops before an invalid sequence and d->failed is set. */
const char *gx_decoder_feed(struct gx_decoder *d, const char *in, size_t len, int final,
                            size_t *outlen);
void gx_decoder_close(struct gx_decoder *d);

#endif
