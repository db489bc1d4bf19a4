/* Sort keys for Chinese text from ICU's zh collator (see include/guanxi/collate.h). A collator
 * is opened once per thread: opening one costs milliseconds, and sharing one between threads
 * would need a lock on every key. */
#include "guanxi/collate.h"

#include <pthread.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "guanxi/i18n.h"

static pthread_key_t collator_key;
static pthread_once_t collator_once = PTHREAD_ONCE_INIT;

static void collator_free(void *p)
{
	if (p)
		ucol_close(p);
}

static void collator_key_init(void)
{
	pthread_key_create(&collator_key, collator_free);
}

static UCollator *thread_collator(struct gx_error *err)
{
	pthread_once(&collator_once, collator_key_init);
	UCollator *c = pthread_getspecific(collator_key);
	if (c)
		return c;
	UErrorCode status = U_ZERO_ERROR;
	c = ucol_open("zh", &status);
	if (U_FAILURE(status)) {
		gx_error_set(err, GX_EINTERNAL, NULL, "ICU collator: %s", u_errorName(status));
		return NULL;
	}
	pthread_setspecific(collator_key, c);
	return c;
}

void gx_collation_thread_cleanup(void)
{
	pthread_once(&collator_once, collator_key_init);
	UCollator *c = pthread_getspecific(collator_key);
	if (c) {
		ucol_close(c);
		pthread_setspecific(collator_key, NULL);
	}
}

enum gx_err gx_collation_key(const char *text, struct gx_arena *a, char **key, struct gx_error *err)
{
	UCollator *c = thread_collator(err);
	if (!c)
		return GX_EINTERNAL;
	size_t len = strlen(text);
	UChar *u = gx_arena_alloc(a, (len + 1) * sizeof *u);
	int32_t ulen = 0;
	UErrorCode status = U_ZERO_ERROR;
	u_strFromUTF8(u, (int32_t)len + 1, &ulen, text, (int32_t)len, &status);
	if (U_FAILURE(status))
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("text is not valid UTF-8"));
	uint8_t stack[512];
	int32_t need = ucol_getSortKey(c, u, ulen, stack, sizeof stack);
	const uint8_t *bytes = stack;
	if (need > (int32_t)sizeof stack) {
		uint8_t *big = gx_arena_alloc(a, (size_t)need);
		ucol_getSortKey(c, u, ulen, big, need);
		bytes = big;
	}
	/* The key ends with a 0 byte, which is not part of the order. */
	int32_t n = need > 0 ? need - 1 : 0;
	char *hex = gx_arena_alloc(a, (size_t)n * 2 + 1);
	static const char digits[] = "0123456789abcdef";
	for (int32_t i = 0; i < n; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	hex[2 * n] = '\0';
	*key = hex;
	return GX_OK;
}
