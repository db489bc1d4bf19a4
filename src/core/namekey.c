/* The duplicate-hint key of a name (see gx_name_normalize in guanxi/validate.h): two spellings
 * of one company — "（北京）星辰科技有限公司" and "星辰科技 股份公司" — get the same key. The key
 * is only a hint, never a blocker, so it may merge a little too eagerly. ICU supplies the
 * character classes and case folding. */
#include "guanxi/validate.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "core/textutil.h"

#include <string.h>
#include <unicode/uchar.h>

#define NAME_MAX_INPUT 1000
#define CITY_MAX_CHARS 12

/* Longest first, so that 股份有限公司 is not cut as 有限公司 and leave 股份. */
static const char *const org_suffixes[] = {
	"股份有限公司", "有限责任公司", "有限責任公司", "集团有限公司", "集團有限公司",
	"有限公司", "股份公司", "集团公司", "集團公司", "总公司", "總公司", "公司", "集团", "集團",
};

/* Latin suffixes as word sequences; each word must start a word in the original text. */
static const char *const latin_suffixes[][2] = {
	{ "co", "ltd" }, { "co", "limited" }, { "ltd", NULL }, { "limited", NULL }, { "inc", NULL },
	{ "incorporated", NULL }, { "corp", NULL }, { "corporation", NULL }, { "llc", NULL },
	{ "co", NULL },
};

struct key {
	uint32_t *cp;
	unsigned char *word_start;   /* 1 where a Latin word begins in the original text */
	size_t n;
};

static int is_latin_letter(uint32_t c)
{
	return c < 0x250 && u_isalpha((UChar32)c);
}

/* Length of the UTF-8 suffix s if the key ends with it, else 0. */
static size_t ends_with_utf8(const struct key *k, const char *s)
{
	uint32_t want[16];
	size_t nw = 0, len = strlen(s);
	for (size_t i = 0; i < len && nw < 16;)
		i += gx_utf8_decode(s + i, len - i, &want[nw++]);
	if (nw > k->n)
		return 0;
	for (size_t i = 0; i < nw; i++)
		if (k->cp[k->n - nw + i] != want[i])
			return 0;
	return nw;
}

static size_t ends_with_words(const struct key *k, const char *const words[2])
{
	size_t total = 0;
	for (int w = 0; w < 2 && words[w]; w++)
		total += strlen(words[w]);
	if (total > k->n)
		return 0;
	size_t pos = k->n - total;
	for (int w = 0; w < 2 && words[w]; w++) {
		if (!k->word_start[pos])
			return 0;
		for (const char *c = words[w]; *c; c++, pos++)
			if (k->cp[pos] != (uint32_t)(unsigned char)*c)
				return 0;
	}
	return total;
}

/* If cp[from..] is "(" 1–12 letters ")", returns the index after ")", else 0. */
static size_t paren_group_end(const struct key *k, size_t from)
{
	if (from >= k->n || k->cp[from] != '(')
		return 0;
	size_t i = from + 1;
	while (i < k->n && i - from - 1 <= CITY_MAX_CHARS && u_isalpha((UChar32)k->cp[i]))
		i++;
	if (i == from + 1 || i - from - 1 > CITY_MAX_CHARS || i >= k->n || k->cp[i] != ')')
		return 0;
	return i + 1;
}

/* If the key ends with a letters-only "(…)" group that has something before it, its start. */
static size_t trailing_paren_group(const struct key *k)
{
	if (k->n < 3 || k->cp[k->n - 1] != ')')
		return 0;
	size_t i = k->n - 1;
	while (i > 0 && k->cp[i - 1] != '(')
		i--;
	if (i == 0 || i - 1 == 0)
		return 0;
	return paren_group_end(k, i - 1) == k->n ? i - 1 : 0;
}

/* One pass over valid UTF-8 text of at most NAME_MAX_INPUT bytes. */
static char *normalize_once(const char *text, size_t len, struct gx_arena *arena)
{
	struct key k;
	k.cp = gx_arena_alloc(arena, (len + 1) * sizeof *k.cp);
	k.word_start = gx_arena_alloc(arena, len + 1);
	k.n = 0;
	int boundary = 1;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += gx_utf8_decode(text + i, len - i, &c);
		c = (uint32_t)u_foldCase((UChar32)gx_text_fold_width(c), U_FOLD_CASE_DEFAULT);
		uint32_t mask = U_GET_GC_MASK((UChar32)c);
		if (c != '(' && c != ')' && (mask & (U_GC_P_MASK | U_GC_S_MASK | U_GC_Z_MASK | U_GC_C_MASK))) {
			boundary = 1;
			continue;
		}
		k.word_start[k.n] = (unsigned char)(is_latin_letter(c) && (boundary || !is_latin_letter(prev)));
		k.cp[k.n++] = c;
		boundary = c == '(' || c == ')';
		prev = c;
	}
	/* a leading (城市) */
	size_t lead = paren_group_end(&k, 0);
	if (lead && lead < k.n) {
		memmove(k.cp, k.cp + lead, (k.n - lead) * sizeof *k.cp);
		memmove(k.word_start, k.word_start + lead, k.n - lead);
		k.n -= lead;
	}
	/* organisation suffixes, repeatedly; a (城市) right before one goes with it */
	for (int changed = 1; changed;) {
		changed = 0;
		size_t cut = 0;
		for (size_t s = 0; s < sizeof org_suffixes / sizeof org_suffixes[0] && !cut; s++)
			cut = ends_with_utf8(&k, org_suffixes[s]);
		for (size_t s = 0; s < sizeof latin_suffixes / sizeof latin_suffixes[0] && !cut; s++)
			cut = ends_with_words(&k, latin_suffixes[s]);
		if (cut && cut < k.n) {   /* a name that is only a suffix keeps it */
			k.n -= cut;
			size_t g = trailing_paren_group(&k);
			if (g)
				k.n = g;
			changed = 1;
		}
	}
	char *o = gx_arena_alloc(arena, k.n * 4 + 1), *p = o;
	for (size_t i = 0; i < k.n; i++)
		if (k.cp[i] != '(' && k.cp[i] != ')')
			p += gx_utf8_encode(k.cp[i], p);
	*p = '\0';
	return o;
}

enum gx_err gx_name_normalize(const char *text, struct gx_arena *arena, char **out,
                              const char *field, struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text)
		text = "";
	size_t len = strlen(text), bad_off;
	if (len > NAME_MAX_INPUT)
		return gx_error_set(err, GX_EINVAL, field, _("name %s is longer than %d bytes"),
		                    gx_text_quote(q, text), NAME_MAX_INPUT);
	if (!gx_utf8_valid(text, len, &bad_off))
		return gx_error_set(err, GX_EINVAL, field, _("name %s is not valid UTF-8 (bad byte at offset %zu)"),
		                    gx_text_quote(q, text), bad_off);
	/* Removing parentheses and punctuation can expose a suffix ("星辰公司(" → "星辰公司"), so
	 * repeat until the key no longer changes: keys are then fixed points, and each repeat
	 * only shortens the key, so this ends. */
	char *key = normalize_once(text, len, arena);
	for (;;) {
		char *next = normalize_once(key, strlen(key), arena);
		if (strcmp(next, key) == 0)
			break;
		key = next;
	}
	*out = key;
	return GX_OK;
}
