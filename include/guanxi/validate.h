/* Validation and normalisation of the identifiers a Chinese CRM stores: e-mail addresses,
 * 统一社会信用代码 (Unified Social Credit Code), resident ID numbers, mainland phone numbers,
 * WeChat IDs, and the normalised name used for duplicate hints (DECISIONS.md "Duplicates").
 *
 * The normalised forms are what duplicate checks and search compare, so each function is a
 * fixed point: normalising its own output gives the same output. Every rejection names the value
 * and the exact fault ("check character is 'X', expected '3'"), since users fix typos from it. */
#ifndef GUANXI_VALIDATE_H
#define GUANXI_VALIDATE_H

#include <stdint.h>
#include "guanxi/arena.h"
#include "guanxi/error.h"

/* --- e-mail --- */

#define GX_EMAIL_SIZE 255   /* 254 characters (RFC 5321 path limit) + NUL */

/* Practical syntax check and normalisation: blanks around are trimmed; full-width ASCII and the
 * ideographic full stop "。" (IDNA treats it as a dot) are folded; the whole address is
 * lowercased (no provider in practice distinguishes case in the local part, and duplicates must
 * match). Accepted: local@domain with an atext/dot local part of 1–64 characters (no leading,
 * trailing or double dot), a domain of at least two labels (1–63 of a–z, 0–9, "-", not at a
 * label's ends), a non-numeric top-level label of 2+ characters, 254 characters in all.
 * Quoted local parts, IP literals and non-ASCII (write IDN domains as xn--) are rejected. */
enum gx_err gx_email_normalize(const char *text, char out[GX_EMAIL_SIZE], const char *field,
                               struct gx_error *err);

/* --- 统一社会信用代码 (GB 32100-2015) --- */

#define GX_USCC_SIZE 19

/* Checks an 18-character code: alphabet 0-9 and A–Y without I, O, S, V, Z; position 1 a
 * registering authority (1–9, A, N, Y), position 2 a category digit 1–9, positions 3–8 an
 * administrative division (digits), position 18 the check character. Blanks around are trimmed,
 * full-width forms folded and letters uppercased; out gets the 18 characters. */
enum gx_err gx_uscc_validate(const char *text, char out[GX_USCC_SIZE], const char *field,
                             struct gx_error *err);

/* The check character for the first 17 characters (uppercase), or 0 if one is not in the
 * alphabet. Check = (31 − Σ value(cᵢ)·3^(i−1) mod 31) mod 31, as a character of the alphabet. */
char gx_uscc_check_char(const char *first17);

/* --- 居民身份证号码 (GB 11643-1999) --- */

#define GX_RESIDENT_ID_SIZE 19

/* 17 digits and a check character (0–9 or X, ISO 7064 MOD 11-2); positions 7–14 must be a real
 * date, which goes to *birth_date (days since 1970-01-01) when it is not NULL. A lowercase x and
 * full-width forms are accepted; out gets the 18 characters with an uppercase X. Old 15-digit
 * numbers are rejected with a message saying so. */
enum gx_err gx_resident_id_validate(const char *text, char out[GX_RESIDENT_ID_SIZE],
                                    int32_t *birth_date, const char *field, struct gx_error *err);

char gx_resident_id_check_char(const char *first17);   /* '0'–'9', 'X', or 0 if not digits */

/* --- phone numbers (mainland China) --- */

enum gx_phone_kind {
	GX_PHONE_MOBILE = 1,   /* 1[3-9] + 9 digits */
	GX_PHONE_LANDLINE,     /* 0 + area code (10, 2x, or 3 digits) + 7–8 digit local number */
	GX_PHONE_SERVICE       /* 400 / 800 + 7 digits, the hotlines companies print */
};

#define GX_PHONE_SIZE 32

/* Normalises a phone number to its digits as dialled inside mainland China: "+86 138-0013-8000",
 * "0086 13800138000", "8613800138000" → "13800138000"; "(010) 6552-9988", "+86 10 6552 9988" →
 * "01065529988". Blanks, "-", ".", "/", parentheses (ASCII and full-width) are dropped and
 * full-width digits folded. An extension, written "x123", "ext 123", "ext.123", "转123",
 * "分机123" or "#123", is kept for landlines and service numbers as "01065529988x123" (1–6 digits)
 * so that people behind one switchboard are not taken for duplicates; a mobile number cannot
 * have one. Numbers of other countries are rejected. kind may be NULL. */
enum gx_err gx_phone_normalize(const char *text, char out[GX_PHONE_SIZE], enum gx_phone_kind *kind,
                               const char *field, struct gx_error *err);

/* --- WeChat --- */

/* A WeChat ID (微信号) as WeChat assigns them: 6–20 characters, a letter first, then letters,
 * digits, "_" and "-". Checked as given (no trimming, case kept). */
enum gx_err gx_wechat_id_validate(const char *text, const char *field, struct gx_error *err);

/* --- names for duplicate hints --- */

/* The comparison key of a customer or company name: full-width forms folded, case folded
 * (Unicode simple folding), blanks, punctuation and symbols removed, a leading city in
 * parentheses "(北京)"/"（北京）" dropped, and organisation suffixes dropped from the end,
 * repeatedly: 股份有限公司, 有限责任公司, 有限公司, 股份公司, 集团公司, 总公司, 公司, 集团/集團,
 * and the words Co., Ltd., Limited, Inc., Corp., Corporation, LLC. A parenthesised place just
 * before a dropped suffix goes too ("腾讯科技（深圳）有限公司" → "腾讯科技"). A name that is
 * nothing but a suffix keeps it. *out is allocated from arena. Fails only on invalid UTF-8 or
 * a name over 1000 bytes. */
enum gx_err gx_name_normalize(const char *text, struct gx_arena *arena, char **out,
                              const char *field, struct gx_error *err);

#endif
