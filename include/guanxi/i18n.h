/* Messages in Chinese or English. Strings in code are English msgids wrapped in _() and
 * extracted by `make pot`; po/zh_CN.po is the GNU gettext catalogue, compiled by msgfmt and
 * embedded in the binary. The language is per thread (the server serves each request in its
 * own language), never process-wide locale switching. */
#ifndef GUANXI_I18N_H
#define GUANXI_I18N_H

enum gx_lang { GX_LANG_EN = 0, GX_LANG_ZH = 1 };

/* Translation of msgid into the calling thread's language; msgid itself if none. */
const char *gx_tr(const char *msgid);
/* Translation into an explicit language. */
const char *gx_tr_lang(enum gx_lang lang, const char *msgid);

#define _(s) gx_tr(s)
#define N_(s) (s)

void gx_i18n_set_lang(enum gx_lang lang);   /* for the calling thread */
enum gx_lang gx_i18n_lang(void);

/* "zh", "zh_CN", "zh-CN.UTF-8", "zh-Hans" → ZH; "en…" → EN; returns -1 if unknown. */
int gx_lang_parse(const char *s);
/* The language the environment asks for: GUANXI_LANG, then LC_ALL, LC_MESSAGES, LANG;
 * English when none names Chinese. */
enum gx_lang gx_lang_from_env(void);
/* Best match of an HTTP Accept-Language header; fallback when nothing matches. */
enum gx_lang gx_lang_from_accept(const char *header, enum gx_lang fallback);
const char *gx_lang_tag(enum gx_lang lang);  /* "en" or "zh-CN" */

#endif
