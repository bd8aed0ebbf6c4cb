/* SPDX-License-Identifier: ISC */
/* checkpoint.c — the checkpoint file (checkpoint.h). */
#include "checkpoint.h"
#include "proto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const uint8_t magic[8] = { 'P', 'L', 'C', 'K', 'P', 'T', '\r', '\n' };

/* ---- a growable byte buffer / a bounded reader ------------------------------------------- */

struct buf {
	uint8_t *p;
	size_t n, cap;
	int oom;
};

static uint8_t *room(struct buf *b, size_t k)
{
	if (b->n + k > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 16;
		while (cap < b->n + k)
			cap *= 2;
		uint8_t *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return NULL;
		}
		b->p = p;
		b->cap = cap;
	}
	uint8_t *r = b->p + b->n;
	b->n += k;
	return r;
}

static void w16(struct buf *b, uint16_t v) { uint8_t *p = room(b, 2); if (p) pc_put16(p, v); }
static void w32(struct buf *b, uint32_t v) { uint8_t *p = room(b, 4); if (p) pc_put32(p, v); }
static void w64(struct buf *b, uint64_t v) { uint8_t *p = room(b, 8); if (p) pc_put64(p, v); }
static void wbytes(struct buf *b, const void *s, size_t k) { uint8_t *p = room(b, k); if (p) memcpy(p, s, k); }

struct rd {
	const uint8_t *p;
	size_t n, off;
	int bad;
};

static const uint8_t *take(struct rd *r, size_t k)
{
	if (r->bad || r->n - r->off < k) {
		r->bad = 1;
		return NULL;
	}
	const uint8_t *p = r->p + r->off;
	r->off += k;
	return p;
}

static uint16_t r16(struct rd *r) { const uint8_t *p = take(r, 2); return p ? pc_get16(p) : 0; }
static uint32_t r32(struct rd *r) { const uint8_t *p = take(r, 4); return p ? pc_get32(p) : 0; }
static uint64_t r64(struct rd *r) { const uint8_t *p = take(r, 8); return p ? pc_get64(p) : 0; }

/* ---- cores --------------------------------------------------------------------------------- */

static void put_core(struct buf *b, const struct pc_core *c)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	w16(b, PC_REG_COUNT);
	for (int i = 0; i < PC_REG_COUNT; i++)
		w32(b, c->reg[i]);
	w16(b, PC_NCOUNTERS);
	for (int i = 0; i < PC_NCOUNTERS; i++)
		w64(b, c->cnt[i]);
	for (uint32_t j = 0; j < H; j++)
		w16(b, c->nlive[j]);
	for (uint32_t j = 0; j < H; j++)
		for (uint32_t s = 0; s < c->nlive[j]; s++) {
			const struct pc_slot *sl = &c->slot[j * S + s];
			w16(b, (uint16_t)((sl->idx & 0x3FF) | (sl->age & 0x3F) << 10));
			w16(b, (uint16_t)sl->w);
			w16(b, sl->aux);
		}
	for (uint32_t k = 0; k < H * PC_NOUT; k++)
		w16(b, (uint16_t)c->w2[k]);
}

static int get_core(struct rd *r, struct pc_core *c, const char *which, char *err, size_t errlen)
{
	if (r16(r) != PC_REG_COUNT || r->bad) {
		snprintf(err, errlen, "%s: unexpected register count", which);
		return -1;
	}
	for (int i = 0; i < PC_REG_COUNT; i++)
		c->reg[i] = r32(r);
	if (r16(r) != PC_NCOUNTERS || r->bad) {
		snprintf(err, errlen, "%s: unexpected counter count", which);
		return -1;
	}
	for (int i = 0; i < PC_NCOUNTERS; i++)
		c->cnt[i] = r64(r);
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	if (H == 0 || H > c->h_max || S == 0 || S > PC_S_MAX || (uint64_t)H * S > c->slot_cap) {
		snprintf(err, errlen, "%s: H %u x S %u does not fit (h_max %u, slot_cap %u)", which, H, S,
			 c->h_max, c->slot_cap);
		return -1;
	}
	memset(c->nlive, 0, sizeof c->nlive);
	for (uint32_t j = 0; j < H; j++) {
		c->nlive[j] = r16(r);
		if (c->nlive[j] > S) {
			snprintf(err, errlen, "%s: neuron %u has %u live slots > S %u", which, j, c->nlive[j], S);
			return -1;
		}
	}
	for (uint32_t j = 0; j < H; j++)
		for (uint32_t s = 0; s < c->nlive[j]; s++) {
			struct pc_slot *sl = &c->slot[j * S + s];
			uint16_t ia = r16(r);
			sl->idx = ia & 0x3FF;
			sl->age = (uint8_t)(ia >> 10);
			sl->w = (int16_t)r16(r);
			sl->aux = r16(r);
			if (sl->idx >= PC_NIN && !r->bad) {
				snprintf(err, errlen, "%s: neuron %u slot %u has input %u", which, j, s, sl->idx);
				return -1;
			}
		}
	memset(c->w2, 0, sizeof c->w2);
	for (uint32_t k = 0; k < H * PC_NOUT; k++)
		c->w2[k] = (int16_t)r16(r);
	if (r->bad) {
		snprintf(err, errlen, "%s: body too short", which);
		return -1;
	}
	return 0;
}

/* ---- files -------------------------------------------------------------------------------- */

int pc_checkpoint_save(const char *path, const struct pc_run_state *run, const struct pc_core *state,
		       const struct pc_core *init, char *err, size_t errlen)
{
	struct buf b = { 0 };
	wbytes(&b, magic, sizeof magic);
	w32(&b, PC_CKPT_VERSION);
	w32(&b, 0); /* body length, patched below */
	size_t body = b.n;
	wbytes(&b, run->preset, sizeof run->preset);
	wbytes(&b, run->backend, sizeof run->backend);
	w32(&b, run->seed);
	w32(&b, run->shuffle_seed);
	w32(&b, run->epochs);
	w32(&b, run->epoch);
	w32(&b, run->next_index);
	w32(&b, run->train_limit);
	w32(&b, run->test_limit);
	w32(&b, (uint32_t)run->amp1);
	w32(&b, (uint32_t)run->amp2);
	put_core(&b, state);
	put_core(&b, init);
	if (b.oom) {
		free(b.p);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	pc_put32(b.p + body - 4, (uint32_t)(b.n - body));
	w32(&b, (uint32_t)crc32(0L, b.p, (uInt)b.n));

	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	int ok = f && !b.oom && fwrite(b.p, 1, b.n, f) == b.n;
	if (f && fclose(f))
		ok = 0;
	if (ok && rename(tmp, path))
		ok = 0;
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		remove(tmp);
	}
	free(b.p);
	return ok ? 0 : -1;
}

int pc_checkpoint_load(const char *path, struct pc_run_state *run, struct pc_core *state,
		       struct pc_core *init, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b = { 0 };
	uint8_t chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		wbytes(&b, chunk, k);
	int rerr = ferror(f);
	fclose(f);
	char msg[200] = "";
	int ret = -1;
	if (rerr || b.oom) {
		snprintf(msg, sizeof msg, "cannot read");
		goto out;
	}
	if (b.n < 16 || memcmp(b.p, magic, sizeof magic)) {
		snprintf(msg, sizeof msg, "not a plasticore checkpoint (bad magic)");
		goto out;
	}
	uint32_t ver = pc_get32(b.p + 8), len = pc_get32(b.p + 12);
	if (ver != PC_CKPT_VERSION) {
		snprintf(msg, sizeof msg, "checkpoint version %u, this program reads version %u", ver,
			 PC_CKPT_VERSION);
		goto out;
	}
	if ((uint64_t)len + 20 > b.n) {
		snprintf(msg, sizeof msg, "truncated (%zu bytes, expected %llu)", b.n,
			 (unsigned long long)len + 20);
		goto out;
	}
	if ((uint64_t)len + 20 < b.n) {
		snprintf(msg, sizeof msg, "%zu bytes of trailing garbage", b.n - len - 20);
		goto out;
	}
	if (pc_get32(b.p + 16 + len) != (uint32_t)crc32(0L, b.p, (uInt)(16 + len))) {
		snprintf(msg, sizeof msg, "CRC-32 mismatch (corrupt file)");
		goto out;
	}
	struct rd r = { b.p + 16, len, 0, 0 };
	const uint8_t *p = take(&r, sizeof run->preset);
	if (p)
		memcpy(run->preset, p, sizeof run->preset);
	run->preset[sizeof run->preset - 1] = 0;
	p = take(&r, sizeof run->backend);
	if (p)
		memcpy(run->backend, p, sizeof run->backend);
	run->backend[sizeof run->backend - 1] = 0;
	run->seed = r32(&r);
	run->shuffle_seed = r32(&r);
	run->epochs = r32(&r);
	run->epoch = r32(&r);
	run->next_index = r32(&r);
	run->train_limit = r32(&r);
	run->test_limit = r32(&r);
	run->amp1 = (int32_t)r32(&r);
	run->amp2 = (int32_t)r32(&r);
	if (get_core(&r, state, "state", msg, sizeof msg) || get_core(&r, init, "initial weights", msg, sizeof msg))
		goto out;
	if (r.off != r.n) {
		snprintf(msg, sizeof msg, "%zu unexpected bytes at the end of the body", r.n - r.off);
		goto out;
	}
	ret = 0;
out:
	if (ret)
		snprintf(err, errlen, "%s: %s", path, msg);
	free(b.p);
	return ret;
}
