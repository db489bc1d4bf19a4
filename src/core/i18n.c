/* Message lookup in the GNU .mo catalogues that msgfmt built from po/ and scripts/embed.sh
 * compiled in. The .mo format keeps msgids sorted, so lookup is a binary search; we read it
 * ourselves because gettext()'s language is process-wide and the server needs it per request. */
#include "guanxi/i18n.h"
#include "core/embedded.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mo_catalog {
	const unsigned char *data;
	size_t size;
	uint32_t count, orig_off, trans_off;
	int swapped;
	int valid;
};

static struct mo_catalog catalog_zh;
static pthread_once_t catalogs_once = PTHREAD_ONCE_INIT;
static _Thread_local int thread_lang = -1;
static enum gx_lang process_default = GX_LANG_EN;

static uint32_t rd32(const struct mo_catalog *c, size_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	return c->swapped ? __builtin_bswap32(v) : v;
}

static void catalog_load(struct mo_catalog *c, const struct gx_embedded *e)
{
	c->data = e->data;
	c->size = e->size;
	if (e->size < 28)
		return;
	uint32_t magic;
	memcpy(&magic, e->data, 4);
	if (magic == 0x950412deu)
		c->swapped = 0;
	else if (magic == 0xde120495u)
		c->swapped = 1;
	else
		return;
	c->count = rd32(c, 8);
	c->orig_off = rd32(c, 12);
	c->trans_off = rd32(c, 16);
	if ((uint64_t)c->orig_off + 8ull * c->count > e->size ||
	    (uint64_t)c->trans_off + 8ull * c->count > e->size)
		return;
	c->valid = 1;
}

static void catalogs_init(void)
{
	for (const struct gx_embedded *e = catalogs; e->name; e++)
		if (strcmp(e->name, "zh_CN.mo") == 0)
			catalog_load(&catalog_zh, e);
}

static const char *catalog_string(const struct mo_catalog *c, uint32_t table, uint32_t i)
{
	uint32_t len = rd32(c, table + 8u * i), off = rd32(c, table + 8u * i + 4);
	if ((uint64_t)off + len >= c->size)
		return NULL;
	return (const char *)c->data + off;
}

static const char *catalog_lookup(const struct mo_catalog *c, const char *msgid)
{
	if (!c->valid)
		return NULL;
	uint32_t lo = 0, hi = c->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = catalog_string(c, c->orig_off, mid);
		if (!s)
			return NULL;
		int cmp = strcmp(msgid, s);
		if (cmp == 0) {
			const char *t = catalog_string(c, c->trans_off, mid);
			return (t && *t) ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *gx_tr_lang(enum gx_lang lang, const char *msgid)
{
	if (!msgid || !*msgid || lang != GX_LANG_ZH)
		return msgid;
	pthread_once(&catalogs_once, catalogs_init);
	const char *t = catalog_lookup(&catalog_zh, msgid);
	return t ? t : msgid;
}

const char *gx_tr(const char *msgid)
{
	return gx_tr_lang(gx_i18n_lang(), msgid);
}

void gx_i18n_set_lang(enum gx_lang lang)
{
	thread_lang = (int)lang;
	/* The first thread to choose a language (the CLI's main thread) sets the default that
	 * threads which never choose inherit. */
	static int default_set;
	if (!__atomic_exchange_n(&default_set, 1, __ATOMIC_SEQ_CST))
		process_default = lang;
}

enum gx_lang gx_i18n_lang(void)
{
	return thread_lang < 0 ? process_default : (enum gx_lang)thread_lang;
}

int gx_lang_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (strncasecmp(s, "zh", 2) == 0)
		return GX_LANG_ZH;
	if (strncasecmp(s, "en", 2) == 0 || strcmp(s, "C") == 0 || strncmp(s, "C.", 2) == 0 ||
	    strcmp(s, "POSIX") == 0)
		return GX_LANG_EN;
	return -1;
}

enum gx_lang gx_lang_from_env(void)
{
	const char *vars[] = {"GUANXI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		int l = gx_lang_parse(getenv(vars[i]));
		if (l >= 0)
			return (enum gx_lang)l;
	}
	return GX_LANG_EN;
}

enum gx_lang gx_lang_from_accept(const char *header, enum gx_lang fallback)
{
	/* Takes the first language range with q > 0 that we know, in header order; the browsers we
	 * serve list their preferences in descending q already. */
	if (!header)
		return fallback;
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		char tag[16];
		size_t n = (size_t)(p - start) < sizeof tag - 1 ? (size_t)(p - start) : sizeof tag - 1;
		memcpy(tag, start, n);
		tag[n] = '\0';
		int zero_q = 0;
		if (*p == ';') {
			const char *q = strstr(p, "q=");
			const char *comma = strchr(p, ',');
			if (q && (!comma || q < comma) && strtod(q + 2, NULL) <= 0.0)
				zero_q = 1;
			while (*p && *p != ',')
				p++;
		}
		int l = gx_lang_parse(tag);
		if (l >= 0 && !zero_q)
			return (enum gx_lang)l;
	}
	return fallback;
}

const char *gx_lang_tag(enum gx_lang lang)
{
	return lang == GX_LANG_ZH ? "zh-CN" : "en";
}
