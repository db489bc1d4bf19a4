/* Han → toneless pinyin through ICU's "Han-Latin; Latin-ASCII" transliterator.
 * A transliterator is not thread-safe and takes ~0.1 s to build, so each thread builds one on
 * first use and keeps it; a pthread key destructor frees it when the thread exits and
 * pinyin_thread_cleanup() frees it on demand (the main thread never runs key destructors).
 * Transliterating costs ~35 µs per name, far more than the rest of indexing, and names repeat
 * (张伟, 王芳 …), so each thread also keeps a small direct-mapped cache of recent Han runs. */
#include "guanxi/pinyin.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

#define CACHE_SLOTS 2048
#define CACHE_KEY 40      /* bytes of a cached Han run (13 characters) */
#define CACHE_VAL 88      /* bytes of its transliteration */

struct cache_slot {
	char key[CACHE_KEY];
	char val[CACHE_VAL];
};

struct pinyin_tls {
	UTransliterator *tr;
	struct cache_slot *cache;
};

static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static _Thread_local struct pinyin_tls *tls;

static void tls_free(void *p)
{
	struct pinyin_tls *t = p;
	if (!t)
		return;
	if (t->tr)
		utrans_close(t->tr);
	free(t->cache);
	free(t);
}

static void tls_key_init(void)
{
	(void)pthread_key_create(&tls_key, tls_free);
}

void pinyin_thread_cleanup(void)
{
	if (!tls)
		return;
	pthread_once(&tls_once, tls_key_init);
	pthread_setspecific(tls_key, NULL);
	tls_free(tls);
	tls = NULL;
}

static enum gx_err tls_get(struct pinyin_tls **out, struct gx_error *err)
{
	if (tls) {
		*out = tls;
		return GX_OK;
	}
	pthread_once(&tls_once, tls_key_init);
	UErrorCode st = U_ZERO_ERROR;
	UChar id[32];
	u_uastrcpy(id, "Han-Latin; Latin-ASCII");
	UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st))
		return gx_error_set(err, GX_EINTERNAL, NULL,
		                    _("ICU transliterator Han-Latin unavailable: %s"), u_errorName(st));
	struct pinyin_tls *t = gx_xcalloc(1, sizeof *t);
	t->tr = tr;
	t->cache = gx_xcalloc(CACHE_SLOTS, sizeof *t->cache);
	tls = t;
	pthread_setspecific(tls_key, t);
	*out = t;
	return GX_OK;
}

int pinyin_is_han(unsigned cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	if (cp < 0x2E80)
		return 0;
	UErrorCode st = U_ZERO_ERROR;
	return uscript_getScript((UChar32)cp, &st) == USCRIPT_HAN && U_SUCCESS(st);
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Transliterates one Han run into space-separated ASCII syllables (ICU's output) in out. */
static enum gx_err translit_run(struct pinyin_tls *t, const char *run, size_t n, char *out,
                                size_t cap, struct gx_error *err)
{
	struct cache_slot *slot = NULL;
	if (n < CACHE_KEY) {
		slot = &t->cache[hash_bytes(run, n) % CACHE_SLOTS];
		if (memcmp(slot->key, run, n) == 0 && slot->key[n] == '\0' && slot->val[0]) {
			snprintf(out, cap, "%s", slot->val);
			return GX_OK;
		}
	}
	UErrorCode st = U_ZERO_ERROR;
	/* Each syllable is at most 6 letters plus a space for one UTF-16 unit of input. */
	int32_t ucap = (int32_t)n * 8 + 16, ulen = 0;
	UChar *u = gx_xmalloc(sizeof(UChar) * (size_t)ucap);
	u_strFromUTF8(u, ucap, &ulen, run, (int32_t)n, &st);
	int32_t limit = ulen;
	if (U_SUCCESS(st))
		utrans_transUChars(t->tr, u, &ulen, ucap, 0, &limit, &st);
	if (U_FAILURE(st)) {
		free(u);
		return gx_error_set(err, GX_EINTERNAL, NULL, _("ICU transliteration failed: %s"),
		                    u_errorName(st));
	}
	size_t o = 0;
	for (int32_t i = 0; i < ulen && o + 1 < cap; i++) {
		UChar c = u[i];
		if (c >= 'A' && c <= 'Z')
			c = (UChar)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || c == ' ')
			out[o++] = (char)c;
		else if (o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';   /* an untransliterated character ends a syllable */
	}
	out[o] = '\0';
	free(u);
	if (slot && o < CACHE_VAL && o > 0) {
		memcpy(slot->key, run, n);
		slot->key[n] = '\0';
		memcpy(slot->val, out, o + 1);
	}
	return GX_OK;
}

static void buf_put(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*b = gx_xrealloc(*b, *cap);
	}
	memcpy(*b + *len, s, n);
	*len += n;
	(*b)[*len] = '\0';
}

enum gx_err pinyin_from_han(const char *s, size_t len, char **full, char **initials,
                            struct gx_error *err)
{
	*full = NULL;
	*initials = NULL;
	size_t bad = 0;
	if (!gx_utf8_valid(s, len, &bad))
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("text is not valid UTF-8 (bad byte at offset %zu)"), bad);
	size_t fcap = 32, icap = 16, flen = 0, ilen = 0;
	char *f = gx_xmalloc(fcap), *in = gx_xmalloc(icap);
	f[0] = in[0] = '\0';
	struct pinyin_tls *t = NULL;
	enum gx_err rc = GX_OK;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (!pinyin_is_han(cp)) {
			i += n;
			continue;
		}
		size_t start = i;
		while (i < len) {
			n = gx_utf8_decode(s + i, len - i, &cp);
			if (!pinyin_is_han(cp))
				break;
			i += n;
		}
		if (!t && (rc = tls_get(&t, err)) != GX_OK)
			break;
		size_t cap = (i - start) * 8 + 16;
		char *syl = gx_xmalloc(cap);
		if ((rc = translit_run(t, s + start, i - start, syl, cap, err)) != GX_OK) {
			free(syl);
			break;
		}
		if (flen > 0)
			buf_put(&f, &flen, &fcap, " ", 1);
		if (ilen > 0)
			buf_put(&in, &ilen, &icap, " ", 1);
		for (char *p = syl; *p;) {
			while (*p == ' ')
				p++;
			char *q = p;
			while (*q && *q != ' ')
				q++;
			if (q > p) {
				buf_put(&f, &flen, &fcap, p, (size_t)(q - p));
				buf_put(&in, &ilen, &icap, p, 1);
			}
			p = q;
		}
		free(syl);
	}
	if (rc != GX_OK) {
		free(f);
		free(in);
		return rc;
	}
	*full = f;
	*initials = in;
	return GX_OK;
}
