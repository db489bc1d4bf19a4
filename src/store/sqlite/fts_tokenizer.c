/* The "gx" FTS5 tokenizer: any substring of two or more characters of a field is findable by
 * one FTS5 term or phrase, whatever the script (Chinese names are often two characters, which
 * SQLite's trigram tokenizer cannot find).
 *
 * Documents. A column holds fields separated by U+001F; a field is split into runs at
 * whitespace and sentence punctuation (sqlite_fts_is_separator). At every character position
 * i of a run the token is the next up-to-4 characters, run[i..i+4) (shorter only at the run
 * end; a last single character is not emitted, no query can use it). Text is expected to be
 * folded already (textfold_fold); ASCII is lowercased here again for safety.
 * The table declares prefix='2 3', so FTS5 also keeps the 2- and 3-character prefixes of every
 * token as their own posting lists. Then a query substring q of n characters is:
 *   n = 2, 3   the prefix term "q"*, answered from the prefix index (one posting list,
 *              iterated lazily, so LIMIT stops early);
 *   n = 4      the term "q";
 *   n > 4      the phrase of its 4-grams q[0..4) q[1..5) … at consecutive positions.
 * Posting lists are short where it matters: a digit 4-gram is in about 0.1 % of a million
 * phone numbers (a digit bigram in ~10 %), so a phone fragment intersects a few small lists.
 * No token spans two runs, and every phrase token but a final prefix term is a full 4-gram,
 * so a phrase cannot match across a run or field boundary.
 * Rank classes use more colocated tokens at the first position of each field:
 *   U+0001 + the field's first up-to-3 characters, and U+0003, U+0004, U+0005 + its first 4,
 *           6, 8 characters if it has them ("field starts with q": prefix class; a phrase
 *           costs about its rarest posting list times its length, and "fields starting with
 *           zhan" is a long list where "fields starting with zhang@qq" is a short one);
 *   U+0002 + the whole field, if the field begins with U+0002 (codes and phones; exact class).
 * Long terms. A phrase costs about (its rarest posting list) x (its number of tokens), and a
 * long term made only of frequent 4-grams ("zhangwei@qq.com": "zhan", "@qq.", ".com" …) costs
 * tens of milliseconds at a million records when it occurs nowhere. So at every 4th position
 * of a run (0, 4, 8 … from the run start) the 8-gram run[i..i+8) is also emitted, marked
 * U+0006. A term of n >= 11 characters occurring at any offset contains the aligned 8-grams
 * of one of 4 alignments a = 0..3: q[a..a+8), q[a+4..a+12) …; search.c asks for the OR over
 * the 4 alignments of the AND of their (rare) 8-grams and checks the candidates' stored
 * text itself.
 * Pinyin is not made here: search.c puts the spelling and initials of Han text into a second
 * column as fields of their own, so they get the same n-grams and field-start tokens.
 *
 * Queries (FTS5_TOKENIZE_QUERY): search.c quotes one run per FTS5 string, optionally starting
 * with U+0001 or U+0002. Plain: one token if the run has <= 4 characters, else its 4-grams.
 * U+0001: for n <= 3 characters the U+0001 token; else the longest field-start token (4, 6
 * or 8 characters) not longer than q, then, if q is longer than it, the 4-grams q[1..5)
 * q[2..6) … (all 4-grams but the first, to keep the phrase's positions consecutive).
 * U+0002, U+0006: one token, the mark and the whole string. search.c adds FTS5's '*' when the
 * last token is shorter than 4. */
#include "store/sqlite/fts_tokenizer.h"

#include <string.h>

#include <sqlite3.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "store/sqlite/search.h"

#define SQLITE_FTS_NSTART 3
static const int sqlite_fts_start_len[SQLITE_FTS_NSTART] = { 4, 6, 8 };
static const char sqlite_fts_start_mark[SQLITE_FTS_NSTART] = { 0x03, 0x04, 0x05 };

int sqlite_fts_is_separator(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp < 0x80)
		return strchr(" ,;!?\"'()[]{}<>|\\`~^*=", (int)cp) != NULL;
	if (cp == 0x85 || cp == 0xA0 || cp == 0xB7 || cp == 0x1680 || cp == 0x30FB)
		return 1;
	if (cp >= 0x2000 && cp <= 0x206F)   /* general punctuation and spaces */
		return 1;
	if (cp >= 0x3000 && cp <= 0x303F)   /* CJK symbols and punctuation … */
		return !(cp >= 0x3005 && cp <= 0x3007);   /* … but 々 〆 〇 are written in names */
	if (cp >= 0xFE10 && cp <= 0xFE6F)   /* vertical and small forms */
		return 1;
	if (cp >= 0xFF01 && cp <= 0xFF0F)   /* full-width punctuation left unfolded */
		return cp != 0xFF03 && cp != 0xFF06 && cp != 0xFF0B && cp != 0xFF0D && cp != 0xFF0E;
	return cp == 0xFF1B || cp == 0xFF1F || cp == 0xFF08 || cp == 0xFF09;
}

typedef int (*token_fn)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);

struct emitter {
	void *ctx;
	token_fn x;
	int at_position;    /* a token was already emitted at the current position */
};

/* Emits bytes [a, b) of text, ASCII-lowercased, with an optional mark character in front. */
static int emit(struct emitter *e, const char *text, int a, int b, char mark, int colocated)
{
	char buf[SQLITE_FTS_EXACT_MAX + 8];
	int n = 0;
	if (mark)
		buf[n++] = mark;
	if (b - a > (int)sizeof buf - n)
		return SQLITE_OK;
	for (int i = a; i < b; i++) {
		char c = text[i];
		buf[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	int flags = (colocated && e->at_position) ? FTS5_TOKEN_COLOCATED : 0;
	e->at_position = 1;
	return e->x(e->ctx, flags, buf, n, a, b);
}

/* Byte offsets of the code points of text[a..b) plus the end offset; returns their count. */
static int run_offsets(const char *text, int a, int b, int *off, int cap)
{
	int n = 0;
	while (a < b && n < cap) {
		uint32_t cp;
		size_t len = gx_utf8_decode(text + a, (size_t)(b - a), &cp);
		off[n++] = a;
		a += len ? (int)len : 1;
	}
	off[n] = a;
	return n;
}

/* Plain n-grams of one run given by its code point offsets: doc mode emits a token at every
 * position (the field-start tokens ride on the first); query mode only what a match needs. */
static int emit_run(struct emitter *e, const char *text, const int *off, int n, int query,
                    int field_start, int exact_a, int exact_b)
{
	int rc = SQLITE_OK;
	if (query) {
		if (n <= SQLITE_FTS_NGRAM)
			return n > 0 ? emit(e, text, off[0], off[n], 0, 0) : SQLITE_OK;
		for (int i = 0; i + SQLITE_FTS_NGRAM <= n && rc == SQLITE_OK; i++) {
			e->at_position = 0;
			rc = emit(e, text, off[i], off[i + SQLITE_FTS_NGRAM], 0, 0);
		}
		return rc;
	}
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		int end = i + SQLITE_FTS_NGRAM < n ? i + SQLITE_FTS_NGRAM : n;
		e->at_position = 0;
		if (end - i >= 2)
			rc = emit(e, text, off[i], off[end], 0, 0);
		if (i == 0 && field_start && rc == SQLITE_OK) {
			int p = n < 3 ? n : 3;
			rc = emit(e, text, off[0], off[p], SQLITE_FTS_PREFIX_MARK, 1);
			for (int k = 0; k < SQLITE_FTS_NSTART && rc == SQLITE_OK; k++)
				if (n >= sqlite_fts_start_len[k])
					rc = emit(e, text, off[0], off[sqlite_fts_start_len[k]],
					          sqlite_fts_start_mark[k], 1);
			if (rc == SQLITE_OK && exact_b > exact_a &&
			    exact_b - exact_a <= SQLITE_FTS_EXACT_MAX)
				rc = emit(e, text, exact_a, exact_b, SQLITE_FTS_EXACT_MARK, 1);
		}
		if (rc == SQLITE_OK && i % SQLITE_FTS_LONG_STRIDE == 0 && i + SQLITE_FTS_LONG <= n)
			rc = emit(e, text, off[i], off[i + SQLITE_FTS_LONG], SQLITE_FTS_LONG_MARK, 1);
	}
	return rc;
}

#define MAX_RUN 512   /* characters of one run that are indexed; the rest is ignored */

static int tokenize_text(struct emitter *e, const char *text, int ntext, int query)
{
	int off[MAX_RUN + 1];
	int i = 0, rc = SQLITE_OK;
	while (i < ntext && rc == SQLITE_OK) {
		/* one field (segment) */
		int seg_end = i;
		while (seg_end < ntext && text[seg_end] != SQLITE_FTS_SEGMENT)
			seg_end++;
		int mark = (i < seg_end && (text[i] == SQLITE_FTS_PREFIX_MARK ||
		                            text[i] == SQLITE_FTS_EXACT_MARK ||
		                            (query && text[i] == SQLITE_FTS_LONG_MARK))) ? text[i] : 0;
		if (mark)
			i++;
		/* the exact value: the field without surrounding whitespace */
		int ea = i, eb = seg_end;
		while (ea < eb && (text[ea] == ' ' || text[ea] == '\t'))
			ea++;
		while (eb > ea && (text[eb - 1] == ' ' || text[eb - 1] == '\t'))
			eb--;
		if (query && (mark == SQLITE_FTS_EXACT_MARK || mark == SQLITE_FTS_LONG_MARK)) {
			e->at_position = 0;
			rc = (eb > ea) ? emit(e, text, ea, eb, (char)mark, 0) : SQLITE_OK;
			i = seg_end + 1;
			continue;
		}
		int field_start = 1;
		while (i < seg_end && rc == SQLITE_OK) {
			uint32_t cp;
			size_t len = gx_utf8_decode(text + i, (size_t)(seg_end - i), &cp);
			if (len == 0 || sqlite_fts_is_separator(cp)) {
				i += len ? (int)len : 1;
				continue;
			}
			int a = i;
			while (i < seg_end) {
				len = gx_utf8_decode(text + i, (size_t)(seg_end - i), &cp);
				if (len == 0 || sqlite_fts_is_separator(cp))
					break;
				i += (int)len;
			}
			int n = run_offsets(text, a, i, off, MAX_RUN);
			if (query && mark == SQLITE_FTS_PREFIX_MARK && field_start) {
				e->at_position = 0;
				int k = SQLITE_FTS_NSTART - 1;
				while (k >= 0 && sqlite_fts_start_len[k] > n)
					k--;
				if (k < 0) {
					rc = emit(e, text, off[0], off[n], SQLITE_FTS_PREFIX_MARK, 0);
				} else {
					int len = sqlite_fts_start_len[k];
					rc = emit(e, text, off[0], off[len], sqlite_fts_start_mark[k], 0);
					if (rc == SQLITE_OK && n > len)
						rc = emit_run(e, text, off + 1, n - 1, 1, 0, 0, 0);
				}
			} else {
				rc = emit_run(e, text, off, n, query, field_start && !query,
				              mark == SQLITE_FTS_EXACT_MARK ? ea : 0,
				              mark == SQLITE_FTS_EXACT_MARK ? eb : 0);
			}
			field_start = 0;
		}
		i = seg_end + 1;
	}
	return rc;
}

/* The tokenizer has no state or options: one static instance serves every table. */
static char gx_instance;

static int gx_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
	*out = (Fts5Tokenizer *)&gx_instance;
	return SQLITE_OK;
}

static void gx_delete(Fts5Tokenizer *t)
{
}

static int gx_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
                       token_fn x)
{
	struct emitter e = { ctx, x, 0 };
	return tokenize_text(&e, text, ntext, (flags & FTS5_TOKENIZE_QUERY) != 0);
}

enum gx_err sqlite_search_register_tokenizer(sqlite3 *db, struct gx_error *err)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api)
		return gx_error_set(err, GX_EINTERNAL, NULL,
		                    _("SQLite has no FTS5 (needed for search): %s"), sqlite3_errmsg(db));
	static fts5_tokenizer tok = { gx_create, gx_delete, gx_tokenize };
	rc = api->xCreateTokenizer(api, "gx", NULL, &tok, NULL);
	if (rc != SQLITE_OK)
		return gx_error_set(err, GX_EINTERNAL, NULL,
		                    _("could not register the search tokenizer: %s"), sqlite3_errstr(rc));
	return GX_OK;
}
