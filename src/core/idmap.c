/* Flat hash table from 64-bit keys (see idmap.h). */
#include "core/idmap.h"

#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"

static int64_t idmap_dummy;

static size_t idmap_hash(uint64_t k)
{
	/* splitmix64 finaliser: customer ids and days are sequential, so mix every bit. */
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (size_t)k;
}

void idmap_init(struct idmap *m)
{
	memset(m, 0, sizeof *m);
}

void idmap_init_set(struct idmap *m)
{
	memset(m, 0, sizeof *m);
	m->is_set = 1;
}

void idmap_free(struct idmap *m)
{
	int is_set = m->is_set;
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
	m->is_set = is_set;
}

static size_t idmap_slot(const struct idmap *m, uint64_t key)
{
	size_t mask = m->cap - 1, i = idmap_hash(key) & mask;
	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void idmap_grow(struct idmap *m)
{
	uint64_t *okeys = m->keys;
	int64_t *ovals = m->vals;
	size_t ocap = m->cap;
	m->cap = ocap ? ocap * 2 : 64;
	m->keys = gx_xcalloc(m->cap, sizeof *m->keys);
	m->vals = m->is_set ? NULL : gx_xmalloc(m->cap * sizeof *m->vals);
	for (size_t i = 0; i < ocap; i++) {
		if (okeys[i] == 0)
			continue;
		size_t j = idmap_slot(m, okeys[i]);
		m->keys[j] = okeys[i];
		if (!m->is_set)
			m->vals[j] = ovals[i];
	}
	free(okeys);
	free(ovals);
}

int64_t *idmap_upsert(struct idmap *m, uint64_t key, int64_t init, int *inserted)
{
	int ins = 0;
	int64_t *v;
	if (key == 0) {
		if (!m->has_zero) {
			m->has_zero = 1;
			m->zero_val = init;
			m->len++;
			ins = 1;
		}
		v = &m->zero_val;
	} else {
		if (m->cap == 0 || (m->len + 1) * 10 > m->cap * 7)
			idmap_grow(m);
		size_t i = idmap_slot(m, key);
		if (m->keys[i] == 0) {
			m->keys[i] = key;
			if (!m->is_set)
				m->vals[i] = init;
			m->len++;
			ins = 1;
		}
		v = m->is_set ? &idmap_dummy : &m->vals[i];
	}
	if (inserted)
		*inserted = ins;
	return v;
}

int64_t *idmap_get(struct idmap *m, uint64_t key)
{
	if (key == 0)
		return m->has_zero ? &m->zero_val : NULL;
	if (m->cap == 0)
		return NULL;
	size_t i = idmap_slot(m, key);
	if (m->keys[i] == 0)
		return NULL;
	return m->is_set ? &idmap_dummy : &m->vals[i];
}

int idmap_next(const struct idmap *m, size_t *pos, uint64_t *key, int64_t *val)
{
	/* Position 0 is the zero key, positions 1..cap the table slots. */
	while (*pos <= m->cap) {
		size_t p = (*pos)++;
		if (p == 0) {
			if (m->has_zero) {
				*key = 0;
				*val = m->zero_val;
				return 1;
			}
			continue;
		}
		if (m->keys[p - 1] != 0) {
			*key = m->keys[p - 1];
			*val = m->is_set ? 0 : m->vals[p - 1];
			return 1;
		}
	}
	return 0;
}
