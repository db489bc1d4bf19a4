/* Encoding detection and GB18030 → UTF-8 conversion for imported files (see
 * include/guanxi/encoding.h). Detection reads the file twice at most: once as UTF-8 (most files
 * stop here) and, only when that fails, once through iconv as GB18030; positions of bad bytes
 * are kept as line and character column so that a user can find them in an editor. */
#include "guanxi/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

#define DETECT_CHUNK (256 * 1024)

const char *gx_encoding_name(enum gx_encoding enc)
{
	switch (enc) {
	case GX_ENC_AUTO: return "auto";
	case GX_ENC_UTF8: return "UTF-8";
	case GX_ENC_GB18030: return "GB18030";
	}
	return "?";
}

enum gx_err gx_encoding_parse(const char *name, enum gx_encoding *out, struct gx_error *err)
{
	static const struct { const char *name; enum gx_encoding enc; } names[] = {
		{ "auto", GX_ENC_AUTO }, { "utf-8", GX_ENC_UTF8 }, { "utf8", GX_ENC_UTF8 },
		{ "gb18030", GX_ENC_GB18030 }, { "gbk", GX_ENC_GB18030 },
		{ "gb2312", GX_ENC_GB18030 }, { "cp936", GX_ENC_GB18030 },
	};
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].enc;
			return GX_OK;
		}
	}
	return gx_error_set(err, GX_EINVAL, "encoding",
	                    _("unknown encoding '%s' (use auto, utf-8 or gb18030)"), name ? name : "");
}

void gx_text_pos_init(struct gx_text_pos *pos)
{
	pos->line = 1;
	pos->column = 1;
}

void gx_text_pos_advance(struct gx_text_pos *pos, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		pos->line++;
		pos->column = 1;
		p = nl + 1;
	}
	for (; p < end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			pos->column++;
}

static int has_bom(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

enum gx_err gx_encoding_sniff(const char *head, size_t len, int whole, struct gx_error *err)
{
	if (whole && (len == 0 || (len == 3 && has_bom(head, len))))
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("file is empty"));
	if (len >= 2 && (memcmp(head, "\xFF\xFE", 2) == 0 || memcmp(head, "\xFE\xFF", 2) == 0))
		return gx_error_set(err, GX_EINVAL, NULL, "%s",
		                    _("file is UTF-16 text; save it as CSV UTF-8 or CSV"));
	const char *nul = memchr(head, '\0', len);
	if (nul) {
		struct gx_text_pos pos;
		gx_text_pos_init(&pos);
		gx_text_pos_advance(&pos, head, (size_t)(nul - head));
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("file looks binary, not text: NUL byte at line %zu, column %zu"),
		                    pos.line, pos.column);
	}
	return GX_OK;
}

/* Length a UTF-8 sequence starting with lead byte c should have; 0 if c cannot start one. */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80) return 1;
	if (c >= 0xC2 && c <= 0xDF) return 2;
	if (c >= 0xE0 && c <= 0xEF) return 3;
	if (c >= 0xF0 && c <= 0xF4) return 4;
	return 0;
}

/* Where a detection attempt failed: absolute offset, position and the byte there. */
struct detect_fail {
	uint64_t offset;
	struct gx_text_pos pos;
	unsigned char byte;
	int nul;            /* the failure is a NUL byte, i.e. binary data */
};

static enum gx_err read_error(struct gx_error *err)
{
	return gx_error_set(err, GX_EIO, NULL, _("cannot read file: %s"), strerror(errno));
}

/* One UTF-8 pass. Returns GX_OK (valid or failed, see *failed) or an I/O error. */
static enum gx_err detect_utf8(FILE *fp, char *buf, int *failed, struct detect_fail *f,
                               uint64_t *bytes, struct gx_error *err)
{
	struct gx_text_pos pos;
	gx_text_pos_init(&pos);
	size_t carry = 0;
	uint64_t base = 0;          /* file offset of buf[0] */
	pos.column = 0;             /* a leading BOM is not a character a user sees */
	*failed = 0;
	*bytes = 0;
	for (;;) {
		size_t got = fread(buf + carry, 1, DETECT_CHUNK, fp);
		if (got < DETECT_CHUNK && ferror(fp))
			return read_error(err);
		*bytes += got;
		size_t n = carry + got;
		int eof = got < DETECT_CHUNK;
		if (n == 0)
			return GX_OK;
		if (base == 0 && !has_bom(buf, n))
			pos.column = 1;
		size_t bad = n, nul;
		const char *z = memchr(buf, '\0', n);
		nul = z ? (size_t)(z - buf) : n;
		size_t keep = 0;
		if (!gx_utf8_valid(buf, nul, &bad))
			;
		else
			bad = n;
		if (bad < nul && !eof) {
			/* A character cut by the chunk boundary is not an error yet. */
			size_t need = utf8_seq_len((unsigned char)buf[bad]);
			if (need > n - bad) {
				int prefix = 1;
				for (size_t i = bad + 1; i < n; i++)
					prefix &= ((unsigned char)buf[i] & 0xC0) == 0x80;
				if (prefix) {
					keep = n - bad;
					bad = n;
				}
			}
		}
		size_t stop = bad < nul ? bad : nul;
		if (stop < n - keep) {
			gx_text_pos_advance(&pos, buf, stop);
			*failed = 1;
			f->offset = base + stop;
			f->pos = pos;
			f->byte = (unsigned char)buf[stop];
			f->nul = stop == nul;
			return GX_OK;
		}
		gx_text_pos_advance(&pos, buf, n - keep);
		if (eof) {
			if (keep) {   /* truncated character at the very end */
				*failed = 1;
				f->offset = base + n - keep;
				f->pos = pos;
				f->byte = (unsigned char)buf[n - keep];
				f->nul = 0;
			}
			return GX_OK;
		}
		memmove(buf, buf + n - keep, keep);
		base += n - keep;
		carry = keep;
	}
}

/* One GB18030 pass through iconv (strict). */
static enum gx_err detect_gb18030(FILE *fp, char *buf, int *failed, struct detect_fail *f,
                                  struct gx_error *err)
{
	struct gx_decoder d;
	enum gx_err rc = gx_decoder_open(&d, GX_ENC_GB18030, 1, err);
	if (rc)
		return rc;
	struct gx_text_pos pos;
	gx_text_pos_init(&pos);
	uint64_t fed = 0;
	*failed = 0;
	for (;;) {
		size_t got = fread(buf, 1, DETECT_CHUNK, fp);
		if (got < DETECT_CHUNK && ferror(fp)) {
			gx_decoder_close(&d);
			return read_error(err);
		}
		int eof = got < DETECT_CHUNK;
		uint64_t start = fed - d.ncarry;   /* file offset of the decoder's input */
		size_t outlen;
		const char *out = gx_decoder_feed(&d, buf, got, eof, &outlen);
		fed += got;
		const char *z = memchr(out, '\0', outlen);
		if (z || d.failed) {
			size_t upto = z ? (size_t)(z - out) : outlen;
			gx_text_pos_advance(&pos, out, upto);
			*failed = 1;
			f->pos = pos;
			f->nul = z != NULL;
			/* The decoder counts how much input it converted before stopping. */
			f->offset = start + d.in_done;
			f->byte = z ? 0 : d.bad_byte;
			break;
		}
		gx_text_pos_advance(&pos, out, outlen);
		if (eof)
			break;
	}
	gx_decoder_close(&d);
	return GX_OK;
}

enum gx_err gx_encoding_detect(FILE *fp, struct gx_encoding_detection *out, struct gx_error *err)
{
	off_t start = ftello(fp);
	if (start < 0)
		return gx_error_set(err, GX_EIO, NULL, "%s", _("cannot detect the encoding of a stream that cannot be rewound"));
	char *buf = gx_xmalloc(DETECT_CHUNK + 8);
	enum gx_err rc = GX_OK;
	size_t head = fread(buf, 1, DETECT_CHUNK, fp);
	if (head < DETECT_CHUNK && ferror(fp)) {
		rc = read_error(err);
		goto done;
	}
	out->bom = has_bom(buf, head);
	/* NUL bytes are reported by the passes below with their position in the whole file. */
	char *nul = memchr(buf, '\0', head);
	rc = gx_encoding_sniff(buf, nul ? (size_t)(nul - buf) : head, head < DETECT_CHUNK && !nul,
	                       err);
	if (rc)
		goto done;
	if (fseeko(fp, start, SEEK_SET) != 0) {
		rc = read_error(err);
		goto done;
	}
	int failed;
	struct detect_fail uf, gf;
	rc = detect_utf8(fp, buf, &failed, &uf, &out->bytes, err);
	if (rc)
		goto done;
	if (!failed) {
		out->encoding = GX_ENC_UTF8;
		goto done;
	}
	if (uf.nul) {
		rc = gx_error_set(err, GX_EINVAL, NULL,
		                  _("file looks binary, not text: NUL byte at line %zu, column %zu"),
		                  uf.pos.line, uf.pos.column);
		goto done;
	}
	if (!out->bom) {
		if (fseeko(fp, start, SEEK_SET) != 0) {
			rc = read_error(err);
			goto done;
		}
		rc = detect_gb18030(fp, buf, &failed, &gf, err);
		if (rc)
			goto done;
		if (!failed) {
			out->encoding = GX_ENC_GB18030;
			goto done;
		}
		if (gf.nul) {
			rc = gx_error_set(err, GX_EINVAL, NULL,
			                  _("file looks binary, not text: NUL byte at line %zu, column %zu"),
			                  gf.pos.line, gf.pos.column);
			goto done;
		}
	}
	/* Name the bad byte of the reading that got further: that is most likely the encoding
	 * the file was meant to be in. */
	int use_gb = !out->bom && gf.offset > uf.offset;
	const struct detect_fail *f = use_gb ? &gf : &uf;
	rc = gx_error_set(err, GX_EINVAL, NULL,
	                  _("file is neither UTF-8 nor GB18030: invalid byte 0x%02X at line %zu, column %zu (read as %s)"),
	                  f->byte, f->pos.line, f->pos.column, use_gb ? "GB18030" : "UTF-8");
done:
	free(buf);
	if (fseeko(fp, start, SEEK_SET) != 0 && rc == GX_OK)
		rc = read_error(err);
	return rc;
}

enum gx_err gx_decoder_open(struct gx_decoder *d, enum gx_encoding enc, int strict,
                            struct gx_error *err)
{
	memset(d, 0, sizeof *d);
	d->enc = enc;
	d->strict = strict;
	d->at_start = 1;
	if (enc == GX_ENC_GB18030) {
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		if (cd == (iconv_t)-1)
			return gx_error_set(err, GX_EINTERNAL, NULL,
			                    _("cannot convert from GB18030: %s"), strerror(errno));
		d->cd = cd;
	} else if (enc != GX_ENC_UTF8) {
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("decoder needs a definite encoding"));
	}
	return GX_OK;
}

static void decoder_reserve(struct gx_decoder *d, size_t need)
{
	if (d->outcap < need) {
		d->outcap = need < 4096 ? 4096 : need;
		d->out = gx_xrealloc(d->out, d->outcap);
	}
}

const char *gx_decoder_feed(struct gx_decoder *d, const char *in, size_t len, int final,
                            size_t *outlen)
{
	d->in_done = 0;
	if (d->failed) {
		*outlen = 0;
		return "";
	}
	if (d->enc == GX_ENC_UTF8) {
		/* Pass through; only the BOM is dropped. */
		if (d->at_start && len > 0) {
			d->at_start = 0;
			if (has_bom(in, len)) {
				in += 3;
				len -= 3;
			}
		}
		*outlen = len;
		return in;
	}
	/* Join the carried partial character with the new input. */
	size_t jlen = d->ncarry + len;
	decoder_reserve(d, 2 * jlen + 16 + jlen);
	char *joined = d->out + 2 * jlen + 16;
	memcpy(joined, d->carry, d->ncarry);
	memcpy(joined + d->ncarry, in, len);
	d->ncarry = 0;
	char *ip = joined, *op = d->out;
	size_t il = jlen, ol = 2 * jlen + 16;
	while (il > 0) {
		if (iconv((iconv_t)d->cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {   /* cannot happen with 2x room; keep safe anyway */
			break;
		}
		if (errno == EINVAL && !final && il < sizeof d->carry) {
			memcpy(d->carry, ip, il);
			d->ncarry = il;
			il = 0;
			break;
		}
		if (d->strict) {
			d->failed = 1;
			d->bad_byte = (unsigned char)*ip;
			break;
		}
		*op++ = (char)0xFF;
		ol--;
		ip++;
		il--;
	}
	d->in_done = (size_t)(ip - joined);
	if (d->ncarry)
		d->in_done = jlen - d->ncarry;
	if (final && !d->failed)
		iconv((iconv_t)d->cd, NULL, NULL, &op, &ol);
	char *o = d->out;
	size_t n = (size_t)(op - d->out);
	if (d->at_start && n > 0) {
		d->at_start = 0;
		if (has_bom(o, n)) {
			o += 3;
			n -= 3;
		}
	}
	*outlen = n;
	return o;
}

void gx_decoder_close(struct gx_decoder *d)
{
	if (d->cd)
		iconv_close((iconv_t)d->cd);
	free(d->out);
	memset(d, 0, sizeof *d);
}
