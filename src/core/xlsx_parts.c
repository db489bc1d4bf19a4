/* Package-level parts of an .xlsx workbook (see xlsx_parts.h): the relationship chain
 * _rels/.rels → workbook.xml → its .rels → the sheet, sharedStrings.xml and styles.xml. Each
 * part is streamed through expat; only the shared strings and one byte per cell style are kept. */
#include "core/xlsx_parts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

#define PART_CHUNK (64 * 1024)

const char *xlsx_local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

const char *xlsx_attr(const XML_Char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(xlsx_local_name(attrs[i]), name) == 0)
			return attrs[i + 1];
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

size_t xlsx_unescape(char *s, size_t len)
{
	if (!memchr(s, '_', len))
		return len;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_') {
			int v = 0, ok = 1;
			for (size_t k = 2; k < 6; k++) {
				int h = hexval(s[i + k]);
				ok &= h >= 0;
				v = v * 16 + (h < 0 ? 0 : h);
			}
			if (ok && !(v >= 0xD800 && v <= 0xDFFF)) {
				o += gx_utf8_encode((uint32_t)v, s + o);   /* at most 3 bytes for 7 read */
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

int xlsx_builtin_is_date(long id)
{
	/* 14-22: the international date and time formats. 27-31, 36, 50-54, 57, 58: the
	 * locale-dependent ids, which on zh-CN Excel are dates such as yyyy"年"m"月"d"日"
	 * (32-35, 55, 56 are times there). */
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 31) || id == 36 ||
	       (id >= 50 && id <= 54) || id == 57 || id == 58;
}

int xlsx_format_is_date(const char *code)
{
	int y = 0, d = 0, m = 0, h = 0, s = 0;
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!p[1])
				break;
			p++;
		} else if (c == '[') {
			const char *q = strchr(p, ']');
			if (!q)
				break;
			/* [h], [mm], [ss]: elapsed time, not a date */
			char lc = (char)tolower((unsigned char)p[1]);
			if (lc == 'h' || lc == 's' || (lc == 'm' && q - p <= 3))
				h = 1;
			p = q;
		} else {
			switch (tolower((unsigned char)c)) {
			case 'y': y = 1; break;
			case 'd': d = 1; break;
			case 'm': m = 1; break;
			case 'h': h = 1; break;
			case 's': s = 1; break;
			default: break;
			}
		}
	}
	return y || d || (m && !h && !s);
}

enum gx_err xlsx_book_read(struct xlsx_book *b, zip_file_t *zf, char *buf, size_t size,
                           size_t *got, struct gx_error *err)
{
	zip_int64_t n = zip_fread(zf, buf, size);
	if (n < 0)
		return gx_error_set(err, GX_EINVAL, NULL, _("cannot read the workbook: %s"),
		                    zip_error_strerror(zip_file_get_error(zf)));
	b->used += (uint64_t)n;
	if (b->used > b->cap)
		return gx_error_set(err, GX_ETOOLARGE, NULL,
		                    _("workbook is too large: more than %llu bytes when uncompressed"),
		                    (unsigned long long)b->cap);
	*got = (size_t)n;
	return GX_OK;
}

/* Streams one zip entry through expat with the given handlers. A missing optional part sets
 * *found to 0 and succeeds. */
static enum gx_err parse_part(struct xlsx_book *b, const char *name, int required, int *found,
                              XML_StartElementHandler start, XML_EndElementHandler end,
                              XML_CharacterDataHandler chars, void *ud, struct gx_error *err)
{
	if (found)
		*found = 1;
	zip_file_t *zf = zip_fopen(b->za, name, 0);
	if (!zf) {
		if (!required) {
			if (found)
				*found = 0;
			return GX_OK;
		}
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("not a valid xlsx workbook: part %s is missing"), name);
	}
	XML_Parser p = XML_ParserCreate(NULL);
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	char *buf = gx_xmalloc(PART_CHUNK);
	enum gx_err rc = GX_OK;
	for (;;) {
		size_t got;
		rc = xlsx_book_read(b, zf, buf, PART_CHUNK, &got, err);
		if (rc)
			break;
		if (XML_Parse(p, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
			rc = gx_error_set(err, GX_EINVAL, NULL,
			                  _("not a valid xlsx workbook: %s at line %lu of %s"),
			                  XML_ErrorString(XML_GetErrorCode(p)),
			                  (unsigned long)XML_GetCurrentLineNumber(p), name);
			break;
		}
		if (got == 0)
			break;
	}
	free(buf);
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

/* ---- relationships ---- */

struct rels {
	const char *want_id;        /* relationship id to resolve, or NULL */
	char target[512];
	char office_doc[512];
	char shared_strings[512];
	char styles[512];
};

static int type_is(const char *type, const char *suffix)
{
	size_t tl = strlen(type), sl = strlen(suffix);
	return tl >= sl && strcmp(type + tl - sl, suffix) == 0;
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct rels *r = ud;
	if (strcmp(xlsx_local_name(name), "Relationship") != 0)
		return;
	const char *id = xlsx_attr(attrs, "Id"), *target = xlsx_attr(attrs, "Target");
	const char *type = xlsx_attr(attrs, "Type"), *mode = xlsx_attr(attrs, "TargetMode");
	if (!target || !type || (mode && strcmp(mode, "External") == 0))
		return;
	if (r->want_id && id && strcmp(id, r->want_id) == 0)
		snprintf(r->target, sizeof r->target, "%s", target);
	if (type_is(type, "/officeDocument"))
		snprintf(r->office_doc, sizeof r->office_doc, "%s", target);
	else if (type_is(type, "/sharedStrings"))
		snprintf(r->shared_strings, sizeof r->shared_strings, "%s", target);
	else if (type_is(type, "/styles"))
		snprintf(r->styles, sizeof r->styles, "%s", target);
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

/* Joins a relationship target to the folder of its source part, resolving "." and "..". */
static void resolve(const char *base_dir, const char *target, char *out, size_t size)
{
	char joined[1100];
	if (target[0] == '/')
		snprintf(joined, sizeof joined, "%s", target + 1);
	else if (base_dir[0])
		snprintf(joined, sizeof joined, "%s/%s", base_dir, target);
	else
		snprintf(joined, sizeof joined, "%s", target);
	const char *segs[64];
	size_t lens[64], n = 0;
	for (char *p = joined; *p;) {
		char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n)
				n--;
		} else if (len && !(len == 1 && p[0] == '.') && n < 64) {
			segs[n] = p;
			lens[n++] = len;
		}
		p += len + (slash ? 1 : 0);
	}
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o + lens[i] + 2 < size; i++) {
		if (i)
			out[o++] = '/';
		memcpy(out + o, segs[i], lens[i]);
		o += lens[i];
		out[o] = '\0';
	}
}

/* ---- workbook.xml ---- */

struct workbook {
	const char *want;           /* sheet name, or NULL for the first */
	int date1904;
	char rid[128];
	char name[256];
	int found;
	char names[400];            /* the sheets there are, for the error message */
};

static void workbook_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct workbook *w = ud;
	if (strcmp(xlsx_local_name(name), "workbookPr") == 0) {
		const char *d = xlsx_attr(attrs, "date1904");
		w->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
		return;
	}
	if (strcmp(xlsx_local_name(name), "sheet") != 0)
		return;
	const char *sname = xlsx_attr(attrs, "name"), *rid = xlsx_attr(attrs, "id");
	if (!sname || !rid)
		return;
	size_t nl = strlen(w->names);
	if (nl + strlen(sname) + 3 < sizeof w->names)
		snprintf(w->names + nl, sizeof w->names - nl, "%s%s", nl ? ", " : "", sname);
	if (w->found || (w->want && strcmp(w->want, sname) != 0))
		return;
	w->found = 1;
	snprintf(w->rid, sizeof w->rid, "%s", rid);
	snprintf(w->name, sizeof w->name, "%s", sname);
}

/* ---- styles.xml ---- */

struct styles {
	struct xlsx_book *b;
	long *fmt_ids;
	unsigned char *fmt_date;
	size_t nfmt, capfmt;
	int in_cellxfs;
	size_t capxf;
};

static void styles_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct styles *s = ud;
	const char *ln = xlsx_local_name(name);
	if (strcmp(ln, "numFmt") == 0) {
		const char *id = xlsx_attr(attrs, "numFmtId"), *code = xlsx_attr(attrs, "formatCode");
		if (!id || !code)
			return;
		if (s->nfmt == s->capfmt) {
			s->capfmt = s->capfmt ? s->capfmt * 2 : 16;
			s->fmt_ids = gx_xrealloc(s->fmt_ids, s->capfmt * sizeof *s->fmt_ids);
			s->fmt_date = gx_xrealloc(s->fmt_date, s->capfmt);
		}
		s->fmt_ids[s->nfmt] = strtol(id, NULL, 10);
		s->fmt_date[s->nfmt++] = (unsigned char)xlsx_format_is_date(code);
	} else if (strcmp(ln, "cellXfs") == 0) {
		s->in_cellxfs = 1;
	} else if (strcmp(ln, "xf") == 0 && s->in_cellxfs) {
		const char *idattr = xlsx_attr(attrs, "numFmtId");
		long id = idattr ? strtol(idattr, NULL, 10) : 0;
		int date = xlsx_builtin_is_date(id);
		for (size_t i = 0; i < s->nfmt; i++)   /* a workbook may redefine an id */
			if (s->fmt_ids[i] == id)
				date = s->fmt_date[i];
		struct xlsx_book *b = s->b;
		if (b->n_xf == s->capxf) {
			s->capxf = s->capxf ? s->capxf * 2 : 16;
			b->xf_date = gx_xrealloc(b->xf_date, s->capxf);
		}
		b->xf_date[b->n_xf++] = (unsigned char)date;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct styles *s = ud;
	if (strcmp(xlsx_local_name(name), "cellXfs") == 0)
		s->in_cellxfs = 0;
}

/* ---- sharedStrings.xml ---- */

struct sst {
	struct xlsx_book *b;
	int in_si, in_t, rph;
	size_t start;
};

static void ss_append(struct xlsx_book *b, const char *s, size_t len)
{
	if (b->ss_len + len > b->ss_cap) {
		size_t cap = b->ss_cap ? b->ss_cap : 4096;
		while (cap < b->ss_len + len)
			cap *= 2;
		b->ss = gx_xrealloc(b->ss, cap);
		b->ss_cap = cap;
	}
	memcpy(b->ss + b->ss_len, s, len);
	b->ss_len += len;
}

static void sst_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	(void)attrs;
	struct sst *s = ud;
	const char *ln = xlsx_local_name(name);
	if (strcmp(ln, "si") == 0) {
		s->in_si = 1;
		s->rph = 0;
		s->start = s->b->ss_len;
	} else if (strcmp(ln, "rPh") == 0) {
		s->rph++;                       /* phonetic guide text is not cell text */
	} else if (strcmp(ln, "t") == 0 && s->in_si && s->rph == 0) {
		s->in_t = 1;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	struct xlsx_book *b = s->b;
	const char *ln = xlsx_local_name(name);
	if (strcmp(ln, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(ln, "rPh") == 0) {
		s->rph--;
	} else if (strcmp(ln, "si") == 0 && s->in_si) {
		s->in_si = 0;
		size_t len = b->ss_len - s->start;
		if (len)
			len = xlsx_unescape(b->ss + s->start, len);
		b->ss_len = s->start + len;
		if (b->ss_n == b->ss_ncap) {
			b->ss_ncap = b->ss_ncap ? b->ss_ncap * 2 : 256;
			b->ss_off = gx_xrealloc(b->ss_off, b->ss_ncap * sizeof *b->ss_off);
			b->ss_lens = gx_xrealloc(b->ss_lens, b->ss_ncap * sizeof *b->ss_lens);
		}
		b->ss_off[b->ss_n] = s->start;
		b->ss_lens[b->ss_n++] = len;
	}
}

static void sst_chars(void *ud, const XML_Char *text, int len)
{
	struct sst *s = ud;
	if (s->in_t && len > 0)
		ss_append(s->b, text, (size_t)len);
}

/* ---- the book ---- */

static void dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	snprintf(out, size, "%.*s", (int)n, path);
}

enum gx_err xlsx_book_open(struct xlsx_book *b, const char *path, const char *sheet,
                           uint64_t cap, struct gx_error *err)
{
	memset(b, 0, sizeof *b);
	b->cap = cap;
	int zerr = 0;
	b->za = zip_open(path, ZIP_RDONLY, &zerr);
	if (!b->za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		enum gx_err rc = gx_error_set(err, GX_EINVAL, NULL,
		                              _("cannot open %s as an xlsx workbook: %s"), path,
		                              zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	/* _rels/.rels names the workbook part; xl/workbook.xml when it is absent. */
	struct rels root = { 0 };
	int found;
	enum gx_err rc = parse_part(b, "_rels/.rels", 0, &found, rels_start, no_end, NULL, &root, err);
	if (rc)
		return rc;
	char wb_path[512], wb_dir[512], rels_path[1100];
	resolve("", root.office_doc[0] ? root.office_doc : "xl/workbook.xml", wb_path, sizeof wb_path);
	dir_of(wb_path, wb_dir, sizeof wb_dir);
	const char *wb_base = strrchr(wb_path, '/') ? strrchr(wb_path, '/') + 1 : wb_path;
	snprintf(rels_path, sizeof rels_path, "%s%s_rels/%s.rels", wb_dir, wb_dir[0] ? "/" : "",
	         wb_base);

	struct workbook wb = { .want = sheet };
	rc = parse_part(b, wb_path, 1, NULL, workbook_start, no_end, NULL, &wb, err);
	if (rc)
		return rc;
	if (!wb.found) {
		if (sheet)
			return gx_error_set(err, GX_ENOTFOUND, "sheet",
			                    _("sheet '%s' not found; the workbook has: %s"), sheet, wb.names);
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("the workbook has no sheets"));
	}
	snprintf(b->sheet_name, sizeof b->sheet_name, "%s", wb.name);
	b->date1904 = wb.date1904;
	struct rels rel = { .want_id = wb.rid };
	rc = parse_part(b, rels_path, 1, NULL, rels_start, no_end, NULL, &rel, err);
	if (rc)
		return rc;
	if (!rel.target[0])
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("not a valid xlsx workbook: sheet '%s' has no part"), wb.name);
	resolve(wb_dir, rel.target, b->sheet_path, sizeof b->sheet_path);

	char part[1100];
	struct styles st = { .b = b };
	resolve(wb_dir, rel.styles[0] ? rel.styles : "styles.xml", part, sizeof part);
	rc = parse_part(b, part, 0, &found, styles_start, styles_end, NULL, &st, err);
	free(st.fmt_ids);
	free(st.fmt_date);
	if (rc)
		return rc;
	struct sst ss = { .b = b };
	resolve(wb_dir, rel.shared_strings[0] ? rel.shared_strings : "sharedStrings.xml", part,
	        sizeof part);
	return parse_part(b, part, 0, &found, sst_start, sst_end, sst_chars, &ss, err);
}

int xlsx_book_string(const struct xlsx_book *b, size_t idx, const char **s, size_t *len)
{
	if (idx >= b->ss_n)
		return 0;
	*s = b->ss + b->ss_off[idx];
	*len = b->ss_lens[idx];
	return 1;
}

int xlsx_book_is_date_style(const struct xlsx_book *b, size_t xf)
{
	return xf < b->n_xf && b->xf_date[xf];
}

void xlsx_book_close(struct xlsx_book *b)
{
	if (b->za)
		zip_discard(b->za);
	free(b->ss);
	free(b->ss_off);
	free(b->ss_lens);
	free(b->xf_date);
	memset(b, 0, sizeof *b);
}
