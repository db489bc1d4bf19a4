/* The identifying keys of the customers (code, normalised phones, e-mail, USCC) as a set of
 * 64-bit hashes held in memory for the length of a bulk import (guanxi/customer.h). A key not
 * in the set is certainly not in the database, so the importer skips the per-row look-ups that
 * would find nothing; a key in the set (or a hash collision) sends the row through the full
 * database checks, which give the exact answer and message. The set only ever grows: a key of
 * a row rolled back later stays, which costs a database check and never a wrong answer.
 * Customers another session creates while the import runs are read in at each batch start
 * (customer_keys_refresh: rows with a higher id); a phone or e-mail another session changes
 * on an existing customer during the import is not seen by the set. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/customer_store.h"
#include "guanxi/arena.h"

struct customer_keys {
	uint64_t *slot;     /* 0: empty */
	size_t cap, n;      /* cap a power of two */
	int64_t max_id;     /* rows up to this id were read */
};

/* FNV-1a over the kind byte and the value, then a final mix so the low bits spread. */
static uint64_t key_hash(enum customer_key_kind kind, const char *v)
{
	uint64_t h = 0xcbf29ce484222325u;
	h = (h ^ (unsigned char)kind) * 0x100000001b3u;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h ? h : 1;
}

static void put_hash(struct customer_keys *k, uint64_t h)
{
	if ((k->n + 1) * 2 > k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 1024;
		uint64_t *slot = gx_xcalloc(cap, sizeof *slot);
		for (size_t i = 0; i < k->cap; i++) {
			if (!k->slot[i])
				continue;
			size_t j = k->slot[i] & (cap - 1);
			while (slot[j])
				j = (j + 1) & (cap - 1);
			slot[j] = k->slot[i];
		}
		free(k->slot);
		k->slot = slot;
		k->cap = cap;
	}
	size_t j = h & (k->cap - 1);
	while (k->slot[j]) {
		if (k->slot[j] == h)
			return;
		j = (j + 1) & (k->cap - 1);
	}
	k->slot[j] = h;
	k->n++;
}

void customer_keys_add(struct customer_keys *k, enum customer_key_kind kind, const char *value)
{
	if (k && value && *value)
		put_hash(k, key_hash(kind, value));
}

int customer_keys_may_have(const struct customer_keys *k, enum customer_key_kind kind,
                           const char *value)
{
	if (!k)
		return 1;
	if (!value || !*value || !k->cap)
		return 0;
	uint64_t h = key_hash(kind, value);
	for (size_t j = h & (k->cap - 1); k->slot[j]; j = (j + 1) & (k->cap - 1))
		if (k->slot[j] == h)
			return 1;
	return 0;
}

static void add_stored(void *ctx, const char *code, const char *phone_norm, const char *mobile_norm,
                       const char *email_norm, const char *uscc)
{
	struct customer_keys *k = ctx;
	customer_keys_add(k, CUSTOMER_KEY_CODE, code);
	customer_keys_add(k, CUSTOMER_KEY_PHONE, phone_norm);
	customer_keys_add(k, CUSTOMER_KEY_PHONE, mobile_norm);
	customer_keys_add(k, CUSTOMER_KEY_EMAIL, email_norm);
	customer_keys_add(k, CUSTOMER_KEY_USCC, uscc);
}

enum gx_err customer_keys_load(struct store *s, struct customer_keys **out, struct gx_error *err)
{
	struct customer_keys *k = gx_xcalloc(1, sizeof *k);
	enum gx_err e = store_customer_each_key(s, 0, add_stored, k, &k->max_id, err);
	if (e != GX_OK) {
		customer_keys_free(k);
		k = NULL;
	}
	*out = k;
	return e;
}

enum gx_err customer_keys_refresh(struct store *s, struct customer_keys *k, struct gx_error *err)
{
	if (!k)
		return GX_OK;
	return store_customer_each_key(s, k->max_id, add_stored, k, &k->max_id, err);
}

void customer_keys_free(struct customer_keys *k)
{
	if (!k)
		return;
	free(k->slot);
	free(k);
}

void customer_keys_add_record(struct customer_keys *k, const struct record *r)
{
	if (!k)
		return;
	add_stored(k, record_text(r, "code"), record_text(r, "phone_norm"), record_text(r, "mobile_norm"),
	           record_text(r, "email_norm"), record_text(r, "uscc"));
}
