/* Key/value printing and argument helpers of the marketing commands (see marketing_out.h). */
#include "cli/marketing_out.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "guanxi/i18n.h"
#include "guanxi/marketing.h"
#include "guanxi/money.h"

void kv_begin(struct kv_out *k, struct cli_ctx *ctx)
{
	k->ctx = ctx;
	k->obj = ctx->format == CLI_FORMAT_JSON ? json_object() : NULL;
	if (ctx->format == CLI_FORMAT_CSV)
		fputs("key,value\r\n", ctx->out);
}

static void text_line(struct kv_out *k, const char *key, const char *label, const char *v)
{
	if (k->ctx->format == CLI_FORMAT_CSV) {
		fprintf(k->ctx->out, "%s,\"", key);
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				fputc('"', k->ctx->out);
			fputc(*p, k->ctx->out);
		}
		fputs("\"\r\n", k->ctx->out);
	} else {
		fprintf(k->ctx->out, "%s: %s\n", _(label), v);
	}
}

void kv_str(struct kv_out *k, const char *key, const char *label, const char *v)
{
	if (k->obj)
		json_object_set_new(k->obj, key, v ? json_string(v) : json_null());
	else
		text_line(k, key, label, v ? v : "");
}

void kv_int(struct kv_out *k, const char *key, const char *label, int64_t v)
{
	if (k->obj) {
		json_object_set_new(k->obj, key, json_integer(v));
		return;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	text_line(k, key, label, buf);
}

void kv_fen(struct kv_out *k, const char *key, const char *label, int64_t fen)
{
	if (k->obj) {
		json_object_set_new(k->obj, key, json_integer(fen));
		return;
	}
	char buf[GX_MONEY_FMT_SIZE];
	text_line(k, key, label, gx_money_format(fen, buf));
}

void kv_real(struct kv_out *k, const char *key, const char *label, double v, int decimals)
{
	if (k->obj) {
		json_object_set_new(k->obj, key, isfinite(v) ? json_real(v) : json_null());
		return;
	}
	char buf[64] = "";
	if (isfinite(v))
		snprintf(buf, sizeof buf, "%.*f", decimals, v);
	text_line(k, key, label, buf);
}

void kv_end(struct kv_out *k)
{
	if (k->obj) {
		char *s = json_dumps(k->obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		if (s) {
			fprintf(k->ctx->out, "%s\n", s);
			free(s);
		}
		json_decref(k->obj);
		k->obj = NULL;
	}
}

int cli_marketing_arg(struct cli_ctx *ctx, struct app *app, const struct entity_def *def,
                      const char *arg, int64_t *id)
{
	struct gx_error err;
	gx_error_clear(&err);
	if (app_marketing_resolve(app, def, arg, id, &err) != GX_OK)
		return cli_fail(&err);
	return CLI_OK;
}

int cli_int_arg(struct cli_ctx *ctx, const char *arg, const char *what, int allow_negative, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (!*arg || *end || errno || (!allow_negative && v < 0))
		return cli_usage_error(ctx, _("%s must be a whole number%s, not \"%s\""), what,
		                       allow_negative ? "" : _(" (not negative)"), arg);
	*out = v;
	return CLI_OK;
}
