/* Open-addressing hash table from 64-bit keys to 64-bit values (or a plain key set). The
 * customer-base models count things per customer, per customer-day, per item and per item
 * pair, and the order import keeps each customer's latest order time; with a million
 * customers a tree costs too much memory and time, so they share this flat table: linear
 * probing, power-of-two capacity, load <= 0.7, key 0 kept beside the table so that 0 can mark
 * empty slots (8 bytes a slot for a set, 16 for a map). */
#ifndef GUANXI_CORE_IDMAP_H
#define GUANXI_CORE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap {
	uint64_t *keys;
	int64_t *vals;    /* NULL for a set */
	size_t cap;       /* power of two, or 0 before the first insert */
	size_t len;       /* keys stored, the zero key included */
	int is_set;
	int has_zero;
	int64_t zero_val;
};

void idmap_init(struct idmap *m);      /* a map: keys with values */
void idmap_init_set(struct idmap *m);  /* a set: keys only; upsert returns a dummy pointer */
void idmap_free(struct idmap *m);
/* Pointer to the value of key, inserting it with value init if absent; *inserted (may be NULL)
 * says which happened. The pointer is valid until the next insert. */
int64_t *idmap_upsert(struct idmap *m, uint64_t key, int64_t init, int *inserted);
/* Pointer to the value of key (a non-NULL dummy for a set), or NULL when absent. */
int64_t *idmap_get(struct idmap *m, uint64_t key);
/* Iteration: for (size_t i = 0; idmap_next(m, &i, &k, &v);) visits every entry once. */
int idmap_next(const struct idmap *m, size_t *pos, uint64_t *key, int64_t *val);

#endif
