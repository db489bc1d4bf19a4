/* Han → toneless pinyin through ICU's "Han-Latin; Latin-ASCII" transliterator.
 * A transliterator is not thread-safe and takes ~0.1 s to build, so each thread builds one on
 * first use and keeps it; a pthread key destructor frees it when the thread exits and
 * pinyin_thread_cleanup() frees it on demand (the main thread never runs key destructors).
 * Transliterating costs ~35 µs per name, far more than the rest of indexing, and names repeat
 * (张伟, 王芳 …), so each thread also keeps a small direct-mapped cache of recent Han runs.
 * Names mostly differ, though, and the rules are almost all one character → one syllable
 * (`[…] > zhang;`): only a handful read a neighbour (`{重}' '?庆 > chóng;`). So each thread also
 * caches the syllable of every character of the common Han blocks the first time ICU gives it,
 * and a run without a context-sensitive character (found once by reading the compiled rules)
 * is spelled from that cache, which gives the same syllables as transliterating the whole run
 * (checked against whole-run transliteration for every character of the range, 200,000 random
 * runs and 54,000 names and addresses when the cache was added; the context words are in
 * tests/unit/test_search.c). */
#include "guanxi/pinyin.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/utf16.h>
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

/* Per-character cache: U+3400..U+9FFF (extension A, the URO and its additions). */
#define CP_FIRST 0x3400u
#define CP_LAST 0x9FFFu
#define CP_COUNT (CP_LAST - CP_FIRST + 1)
#define CP_VAL 14         /* longest ASCII syllable is 6 letters ("zhuang") */

struct cp_slot {
	unsigned char state;  /* 0 unknown, 1 cached, 2 not cacheable (context rule, long output) */
	unsigned char len;
	char s[CP_VAL];
};

struct pinyin_tls {
	UTransliterator *tr;
	struct cache_slot *cache;
	struct cp_slot *cp;   /* CP_COUNT slots */
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
	free(t->cp);
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

static void mark_cp(struct pinyin_tls *t, UChar32 c)
{
	if ((uint32_t)c >= CP_FIRST && (uint32_t)c <= CP_LAST)
		t->cp[c - CP_FIRST].state = 2;
}

/* Reads the transliterator's rules and marks every cached-range character that appears in a
 * rule other than a plain `[set] > syllable;` (i.e. one with context or several characters)
 * as not cacheable: runs containing one are transliterated whole. If the rules cannot be read,
 * every character is marked and all runs go through ICU, as before the cache. */
static void mark_context_rules(struct pinyin_tls *t)
{
	/* The compound's rules are only "::Han-Latin; ::Latin-ASCII;": read Han-Latin's own (ICU
	 * keeps its compiled rules after the first open, so this second open is cheap). Latin-ASCII
	 * maps each Latin letter on its own. */
	UErrorCode st = U_ZERO_ERROR;
	UChar id[16];
	u_uastrcpy(id, "Han-Latin");
	UTransliterator *han = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	int32_t n = 0;
	UChar *u = NULL;
	if (U_SUCCESS(st))
		n = utrans_toRules(han, 0, NULL, 0, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || (U_SUCCESS(st) && han)) {
		st = U_ZERO_ERROR;
		u = gx_xmalloc(sizeof(UChar) * ((size_t)n + 1));
		utrans_toRules(han, 0, u, n + 1, &st);
	}
	if (han)
		utrans_close(han);
	size_t plain_rules = 0;
	int32_t i = 0;
	while (u && U_SUCCESS(st) && i < n) {
		/* one statement: up to the next ';' (rule text has no quoted ';' in the Han rules) */
		int32_t start = i, end = i;
		while (end < n && u[end] != ';')
			end++;
		while (start < end && (u[start] == ' ' || u[start] == '\n' || u[start] == '\r' || u[start] == '\t'))
			start++;
		int plain = 0;
		if (start < end && u[start] == '[') {
			int32_t k = start + 1;
			while (k < end && u[k] != ']')
				k++;
			/* "[...] > " and no context braces or further patterns on the left */
			plain = k + 3 < end && u[k + 1] == ' ' && u[k + 2] == '>' && u[k + 3] == ' ';
			plain_rules += (size_t)plain;
		}
		else if (end - start >= 2 && u[start] == ':' && u[start + 1] == ':') {
			plain = 1;   /* ::Han-Spacedhan() etc.: no characters of its own */
		}
		if (!plain) {
			/* `{X}' '?Y > …`: X's reading depends on what follows; Y is only context and
			 * reads the same on its own. Without braces every character counts. */
			int32_t from = start, to = end;
			for (int32_t k = start; k < end; k++) {
				if (u[k] == '{')
					from = k + 1;
				else if (u[k] == '}' && from > start) {
					to = k;
					break;
				}
			}
			if (to == end)
				from = start;
			for (int32_t k = from; k < to;) {
				UChar32 c;
				U16_NEXT(u, k, to, c);
				mark_cp(t, c);
			}
		}
		i = end + 1;
	}
	free(u);
	/* Rules unreadable or not in the expected shape: no character is cached, every run goes
	 * through ICU whole, as before the cache. */
	if (U_FAILURE(st) || plain_rules < 100)
		for (uint32_t k = 0; k < CP_COUNT; k++)
			t->cp[k].state = 2;
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
	t->cp = gx_xcalloc(CP_COUNT, sizeof *t->cp);
	mark_context_rules(t);
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

/* One character's syllable from the per-character cache (filled on first use); 0 if the
 * character is outside the cache or not cacheable. */
static int cp_syllable(struct pinyin_tls *t, uint32_t cp, const char *utf8, size_t n,
                       const struct cp_slot **out, struct gx_error *err, enum gx_err *rc)
{
	if (cp < CP_FIRST || cp > CP_LAST)
		return 0;
	struct cp_slot *slot = &t->cp[cp - CP_FIRST];
	if (slot->state == 0) {
		char buf[64];
		if ((*rc = translit_run(t, utf8, n, buf, sizeof buf, err)) != GX_OK)
			return 0;
		/* the syllable alone, without the separators the loop may leave */
		const char *p = buf;
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len < CP_VAL && !memchr(p, ' ', len)) {
			memcpy(slot->s, p, len);
			slot->s[len] = '\0';
			slot->len = (unsigned char)len;
			slot->state = 1;
		} else {
			slot->state = 2;
		}
	}
	if (slot->state != 1)
		return 0;
	*out = slot;
	return 1;
}

/* Transliterates a Han run from the per-character cache when every character of it is
 * cacheable, else through ICU as a whole. Output as translit_run's: syllables and spaces. */
static enum gx_err spell_run(struct pinyin_tls *t, const char *run, size_t n, char *out,
                             size_t cap, struct gx_error *err)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = gx_utf8_decode(run + i, n - i, &cp);
		const struct cp_slot *slot = NULL;
		enum gx_err rc = GX_OK;
		if (!cp_syllable(t, cp, run + i, k, &slot, err, &rc)) {
			if (rc != GX_OK)
				return rc;
			return translit_run(t, run, n, out, cap, err);
		}
		if (slot->len && o + slot->len + 2 <= cap) {
			if (o)
				out[o++] = ' ';
			memcpy(out + o, slot->s, slot->len);
			o += slot->len;
		}
		i += k;
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
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
		if ((rc = spell_run(t, s + start, i - start, syl, cap, err)) != GX_OK) {
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
