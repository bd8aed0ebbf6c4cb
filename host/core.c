/* SPDX-License-Identifier: ISC */
/* core.c — the bit-exact reference model of the plasticore learning core (the specification).
 *
 * Written the way the hardware runs it: one synapse slot visited at a time, in a fixed order,
 * every result saturated, every memory access counted. docs/spec.md explains each step; the
 * RTL (rtl/) must match this file sample by sample.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

/* ---- arithmetic ---------------------------------------------------------------------- */

static int32_t sat32(int64_t v)
{
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

static int16_t sat16(int32_t v)
{
	return v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : (int16_t)v;
}

/* arithmetic shift right (floor), as Verilog's >>> on a signed value */
static int32_t asr(int32_t v, unsigned s)
{
	return v >= 0 ? v >> s : -(int32_t)((-(int64_t)v + (1 << s) - 1) >> s);
}

static uint32_t abs32(int32_t v)
{
	return v < 0 ? (uint32_t)(-(int64_t)v) : (uint32_t)v;
}

/* round half away from zero: sign(v) * ((|v| + 2^(s-1)) >> s) */
static int32_t rnd(int32_t v, unsigned s)
{
	if (s == 0)
		return v;
	uint32_t m = (abs32(v) + (1u << (s - 1))) >> s;
	return v < 0 ? -(int32_t)m : (int32_t)m;
}

static void cnt_add(struct pc_core *c, int i, uint64_t v)
{
	uint64_t n = c->cnt[i] + v;
	c->cnt[i] = n > PC_CNT_MAX ? PC_CNT_MAX : n;
}

uint32_t pc_lfsr_next(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/* ---- state and registers ------------------------------------------------------------- */

static const uint32_t reg_reset[PC_REG_COUNT] = {
	[PC_REG_ID] = 0x31434C50u, [PC_REG_CTRL] = 0, [PC_REG_HIDDEN] = 128, [PC_REG_SLOTS] = 784,
	[PC_REG_LR1] = 6, [PC_REG_LR2] = 7, [PC_REG_THETA1] = 0, [PC_REG_THETA2] = 0,
	[PC_REG_K] = 128, [PC_REG_THETA_C] = 0, [PC_REG_C_DECAY] = 0, [PC_REG_PRUNE_EVERY] = 0,
	[PC_REG_PRUNE_THETA] = 0, [PC_REG_PROTECT_AGE] = 0, [PC_REG_GROW_W] = 0,
	[PC_REG_GROW_TRIES] = 8, [PC_REG_LFSR] = 1, [PC_REG_SINCE_PRUNE] = 0,
	[PC_REG_TARGET] = 4096, [PC_REG_LIVE] = 0, [PC_REG_RX_TIMEOUT] = 1000000,
	[PC_REG_GROW_MAX] = 784,
};

/* largest value each register accepts (0 = read only) */
static const uint32_t reg_max[PC_REG_COUNT] = {
	[PC_REG_ID] = 0, [PC_REG_CTRL] = PC_CTRL_MASK, [PC_REG_HIDDEN] = PC_H_MAX,
	[PC_REG_SLOTS] = PC_S_MAX, [PC_REG_LR1] = 15, [PC_REG_LR2] = 15, [PC_REG_THETA1] = 0xFFFF,
	[PC_REG_THETA2] = 0xFFFF, [PC_REG_K] = PC_H_MAX, [PC_REG_THETA_C] = 0xFFFF,
	[PC_REG_C_DECAY] = 15, [PC_REG_PRUNE_EVERY] = 0xFFFFFF, [PC_REG_PRUNE_THETA] = 0x8000,
	[PC_REG_PROTECT_AGE] = PC_AGE_MAX, [PC_REG_GROW_W] = 0x7FFF, [PC_REG_GROW_TRIES] = 255,
	[PC_REG_LFSR] = 0xFFFFFFFFu, [PC_REG_SINCE_PRUNE] = 0xFFFFFF, [PC_REG_TARGET] = 0x7FFF,
	[PC_REG_LIVE] = 0xFFFFFF, [PC_REG_RX_TIMEOUT] = 0xFFFFFFFFu, [PC_REG_GROW_MAX] = PC_S_MAX,
};

int pc_core_init(struct pc_core *c, uint32_t h_max, uint32_t slot_cap)
{
	memset(c, 0, sizeof *c);
	if (h_max == 0 || h_max > PC_H_MAX || slot_cap == 0)
		return -1;
	c->h_max = h_max;
	c->slot_cap = slot_cap;
	c->features = PC_CTRL_MASK;
	c->slot = calloc(slot_cap, sizeof *c->slot);
	if (!c->slot)
		return -1;
	pc_core_reset(c);
	return 0;
}

void pc_core_free(struct pc_core *c)
{
	free(c->slot);
	c->slot = NULL;
}

void pc_core_reset(struct pc_core *c)
{
	memcpy(c->reg, reg_reset, sizeof c->reg);
	if (c->reg[PC_REG_HIDDEN] > c->h_max)
		c->reg[PC_REG_HIDDEN] = c->h_max;
	c->reg[PC_REG_K] = c->reg[PC_REG_HIDDEN];
	memset(c->cnt, 0, sizeof c->cnt);
	memset(c->nlive, 0, sizeof c->nlive);
	memset(c->w2, 0, sizeof c->w2);
	memset(c->slot, 0, c->slot_cap * sizeof *c->slot);
}

int pc_reg_write(struct pc_core *c, unsigned addr, uint32_t v)
{
	if (addr >= PC_REG_CNT_BASE && addr < PC_REG_CNT_BASE + 2 * PC_NCOUNTERS) {
		unsigned i = (addr - PC_REG_CNT_BASE) / 2;
		if (addr & 1) { /* hi: bits 47:32 */
			if (v > 0xFFFF)
				return -1;
			c->cnt[i] = (c->cnt[i] & 0xFFFFFFFFull) | ((uint64_t)v << 32);
		} else {
			c->cnt[i] = (c->cnt[i] & ~0xFFFFFFFFull) | v;
		}
		return 0;
	}
	if (addr >= PC_REG_COUNT || v > reg_max[addr] || addr == PC_REG_ID)
		return -1;
	if (addr == PC_REG_HIDDEN && (v == 0 || v > c->h_max))
		return -1;
	if ((addr == PC_REG_SLOTS || addr == PC_REG_K) && v == 0)
		return -1;
	if (addr == PC_REG_LFSR && v == 0)
		return -1;
	if (addr == PC_REG_CTRL && (((v & PC_CTRL_SEL_MASK) >> PC_CTRL_SEL_SHIFT) == 3 || (v & ~c->features)))
		return -1;
	if (addr == PC_REG_GROW_TRIES && v == 0)
		return -1;
	c->reg[addr] = v;
	return 0;
}

int pc_reg_read(const struct pc_core *c, unsigned addr, uint32_t *v)
{
	if (addr >= PC_REG_CNT_BASE && addr < PC_REG_CNT_BASE + 2 * PC_NCOUNTERS) {
		uint64_t n = c->cnt[(addr - PC_REG_CNT_BASE) / 2];
		*v = (addr & 1) ? (uint32_t)(n >> 32) : (uint32_t)n;
		return 0;
	}
	if (addr == PC_REG_FEATURES) {
		*v = c->features;
		return 0;
	}
	if (addr >= PC_REG_COUNT)
		return -1;
	*v = c->reg[addr];
	return 0;
}

int pc_config_ok(const struct pc_core *c)
{
	return (uint64_t)c->reg[PC_REG_HIDDEN] * c->reg[PC_REG_SLOTS] <= c->slot_cap;
}

void pc_unpack_pixels(const uint8_t p[PC_PIX_BYTES], uint8_t x[PC_NIN])
{
	for (int i = 0; i < PC_PIX_BYTES; i++) {
		x[2 * i] = p[i] & 15;
		x[2 * i + 1] = p[i] >> 4;
	}
}

void pc_pack_pixels(const uint8_t img8[PC_NIN], uint8_t p[PC_PIX_BYTES])
{
	for (int i = 0; i < PC_PIX_BYTES; i++)
		p[i] = (uint8_t)((img8[2 * i] >> 4) | (img8[2 * i + 1] & 0xF0));
}

uint64_t pc_live_count(const struct pc_core *c)
{
	uint64_t n = 0;
	for (uint32_t j = 0; j < c->reg[PC_REG_HIDDEN]; j++)
		n += c->nlive[j];
	return n;
}

/* ---- forward pass -------------------------------------------------------------------- */

/* hidden layer: a = sat16(sum(w * x) >>> 6) in Q3.12, h = leaky ReLU (slope 1/8);
 * output layer: y = sat16(sum(W2 * h) >>> 14) in Q3.12. Returns argmax y (lowest on ties). */
static int forward(struct pc_core *c, const uint8_t x[PC_NIN])
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];

	memcpy(c->x, x, PC_NIN);
	for (uint32_t j = 0; j < H; j++) {
		const struct pc_slot *sl = &c->slot[j * S];
		int32_t acc = 0;
		for (uint32_t s = 0; s < c->nlive[j]; s++)
			acc = sat32((int64_t)acc + (int32_t)sl[s].w * x[sl[s].idx]);
		cnt_add(c, PC_CNT_L1_READS, c->nlive[j]);
		c->a[j] = sat16(asr(acc, 6));
		c->h[j] = c->a[j] > 0 ? c->a[j] : (int16_t)asr(c->a[j], 3);
	}
	int32_t acc2[PC_NOUT] = {0};
	for (uint32_t j = 0; j < H; j++)
		for (int k = 0; k < PC_NOUT; k++)
			acc2[k] = sat32((int64_t)acc2[k] + (int32_t)c->w2[j * PC_NOUT + k] * c->h[j]);
	cnt_add(c, PC_CNT_L2_READS, (uint64_t)PC_NOUT * H);
	int best = 0;
	for (int k = 0; k < PC_NOUT; k++) {
		c->y[k] = sat16(asr(acc2[k], 14));
		if (c->y[k] > c->y[best])
			best = k;
	}
	return best;
}

/* ---- learning ------------------------------------------------------------------------ */

/* gate 2: mark the K neurons with the largest score plastic (ties: lowest index first) */
static void select_plastic(struct pc_core *c)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN];
	const uint32_t ctrl = c->reg[PC_REG_CTRL];
	uint16_t score[PC_H_MAX];

	if (!(ctrl & PC_CTRL_GATE2)) {
		memset(c->plastic, 1, H);
		return;
	}
	unsigned sel = (ctrl & PC_CTRL_SEL_MASK) >> PC_CTRL_SEL_SHIFT;
	for (uint32_t j = 0; j < H; j++) {
		if (sel == PC_SEL_DELTA)
			score[j] = (uint16_t)abs32(c->d[j]);       /* |delta|, 0..32768 */
		else if (sel == PC_SEL_ACT)
			score[j] = (uint16_t)((uint16_t)c->h[j] ^ 0x8000u); /* h as offset binary */
		else
			score[j] = (uint16_t)pc_lfsr_next(&c->reg[PC_REG_LFSR]);
	}
	uint32_t k = c->reg[PC_REG_K] < H ? c->reg[PC_REG_K] : H;
	memset(c->plastic, 0, H);
	for (uint32_t n = 0; n < k; n++) {
		int best = -1;
		for (uint32_t j = 0; j < H; j++)
			if (!c->plastic[j] && (best < 0 || score[j] > score[best]))
				best = (int)j;
		c->plastic[best] = 1;
	}
}

/* stochastic gate 1: an update below theta is applied as +-theta with probability |dw| / theta
 * (one LFSR step: kept iff (r[15:0] * theta) < |dw| << 16), so it is thinned, not biased */
static int stoch_keep(struct pc_core *c, int32_t *dw, uint32_t theta)
{
	uint32_t r = pc_lfsr_next(&c->reg[PC_REG_LFSR]) & 0xFFFF;
	if (r * theta >= abs32(*dw) << 16)
		return 0;
	*dw = *dw < 0 ? -(int32_t)theta : (int32_t)theta;
	return 1;
}

/* one weight update of the output layer (gate 1 applies) */
static void update_w2(struct pc_core *c, int16_t *w, int32_t dw)
{
	if (dw == 0)
		return;
	const uint32_t ctrl = c->reg[PC_REG_CTRL];
	if ((ctrl & PC_CTRL_GATE1) && abs32(dw) < c->reg[PC_REG_THETA2]) {
		if (!(ctrl & PC_CTRL_STOCH) || !stoch_keep(c, &dw, c->reg[PC_REG_THETA2])) {
			cnt_add(c, PC_CNT_L2_GATED, 1);
			return;
		}
	}
	int16_t nw = sat16(*w + dw);
	cnt_add(c, PC_CNT_L2_DW, abs32(nw - *w));
	cnt_add(c, PC_CNT_L2_WRITES, 1);
	*w = nw;
}

/* one synapse update of the hidden layer: caching or gate 1 */
static void update_w1(struct pc_core *c, struct pc_slot *sl, int32_t dw)
{
	const uint32_t ctrl = c->reg[PC_REG_CTRL];
	int32_t apply = dw;

	if (ctrl & PC_CTRL_CACHE) {
		int32_t cache = (int16_t)sl->aux;
		if (c->reg[PC_REG_C_DECAY])
			cache -= asr(cache, c->reg[PC_REG_C_DECAY]);
		cache = sat16(cache + dw);
		if (abs32(cache) < c->reg[PC_REG_THETA_C]) {
			sl->aux = (uint16_t)cache;
			cnt_add(c, PC_CNT_AUX_WRITES, 1);
			return;
		}
		apply = cache;
		sl->aux = 0;
	} else if ((ctrl & PC_CTRL_GATE1) && abs32(dw) < c->reg[PC_REG_THETA1]) {
		if (!(ctrl & PC_CTRL_STOCH) || !stoch_keep(c, &apply, c->reg[PC_REG_THETA1])) {
			cnt_add(c, PC_CNT_L1_GATED, 1);
			return;
		}
	}
	int16_t nw = sat16(sl->w + apply);
	cnt_add(c, PC_CNT_L1_DW, abs32(nw - sl->w));
	cnt_add(c, PC_CNT_L1_WRITES, 1);
	sl->w = nw;
}

static void backward(struct pc_core *c, int label)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	const uint32_t ctrl = c->reg[PC_REG_CTRL];
	const unsigned lr1 = c->reg[PC_REG_LR1] + 2, lr2 = c->reg[PC_REG_LR2] + 10;

	for (int k = 0; k < PC_NOUT; k++)
		c->e[k] = sat16((k == label ? (int32_t)c->reg[PC_REG_TARGET] : 0) - c->y[k]);
	/* hidden deltas from the weights before this sample's update */
	for (uint32_t j = 0; j < H; j++) {
		int32_t acc = 0;
		for (int k = 0; k < PC_NOUT; k++)
			acc = sat32((int64_t)acc + (int32_t)c->w2[j * PC_NOUT + k] * c->e[k]);
		int16_t d = sat16(asr(acc, 14));
		c->d[j] = c->a[j] > 0 ? d : (int16_t)asr(d, 3);
	}
	cnt_add(c, PC_CNT_L2_READS, (uint64_t)PC_NOUT * H);
	select_plastic(c);

	for (uint32_t j = 0; j < H; j++) {
		if (!c->plastic[j]) {
			cnt_add(c, PC_CNT_L1_GATED, c->nlive[j]);
			cnt_add(c, PC_CNT_L2_GATED, PC_NOUT);
			continue;
		}
		for (int k = 0; k < PC_NOUT; k++)
			update_w2(c, &c->w2[j * PC_NOUT + k], rnd((int32_t)c->e[k] * c->h[j], lr2));
		cnt_add(c, PC_CNT_L2_READS, PC_NOUT);

		if (c->d[j] == 0)
			continue;
		/* gate 1 bound: if even the largest input cannot reach THETA1, skip the neuron */
		if (!(ctrl & (PC_CTRL_CACHE | PC_CTRL_STOCH)) && (ctrl & PC_CTRL_GATE1) &&
		    (uint32_t)rnd((int32_t)abs32(c->d[j]) * 15, lr1) < c->reg[PC_REG_THETA1]) {
			cnt_add(c, PC_CNT_L1_GATED, c->nlive[j]);
			continue;
		}
		struct pc_slot *sl = &c->slot[j * S];
		for (uint32_t s = 0; s < c->nlive[j]; s++) {
			uint8_t xv = c->x[sl[s].idx];
			if (xv == 0)
				continue;
			int32_t dw = rnd((int32_t)c->d[j] * xv, lr1);
			if (dw != 0)
				update_w1(c, &sl[s], dw);
		}
		cnt_add(c, PC_CNT_L1_READS, c->nlive[j]);
	}
}

int pc_train(struct pc_core *c, const uint8_t x[PC_NIN], int label)
{
	int pred = forward(c, x);
	cnt_add(c, PC_CNT_TRAIN_SAMPLES, 1);
	if (pred == label)
		cnt_add(c, PC_CNT_TRAIN_CORRECT, 1);
	backward(c, label);
	uint32_t *since = &c->reg[PC_REG_SINCE_PRUNE];
	if (*since < 0xFFFFFF)
		(*since)++;
	if ((c->reg[PC_REG_CTRL] & PC_CTRL_STRUCT) && c->reg[PC_REG_PRUNE_EVERY] &&
	    *since >= c->reg[PC_REG_PRUNE_EVERY]) {
		pc_struct_pass(c);
		*since = 0;
	}
	return pred;
}

int pc_infer(struct pc_core *c, const uint8_t x[PC_NIN], int label)
{
	int pred = forward(c, x);
	if (label >= 0) {
		cnt_add(c, PC_CNT_INFER_SAMPLES, 1);
		if (pred == label)
			cnt_add(c, PC_CNT_INFER_CORRECT, 1);
	}
	return pred;
}

/* ---- structural plasticity ----------------------------------------------------------- */

static void live_add(struct pc_core *c, int32_t d)
{
	int64_t v = (int64_t)c->reg[PC_REG_LIVE] + d;
	c->reg[PC_REG_LIVE] = v < 0 ? 0 : v > 0xFFFFFF ? 0xFFFFFF : (uint32_t)v;
}

/* per neuron: compact the survivors (age + 1; prune |w| < PRUNE_THETA once older than
 * PROTECT_AGE), then grow into the free slots at LFSR-drawn inputs the neuron lacks */
void pc_struct_pass(struct pc_core *c)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	uint8_t present[1024];

	for (uint32_t j = 0; j < H; j++) {
		struct pc_slot *sl = &c->slot[j * S];
		uint32_t wp = 0;
		memset(present, 0, sizeof present);
		for (uint32_t r = 0; r < c->nlive[j]; r++) {
			struct pc_slot v = sl[r];
			cnt_add(c, PC_CNT_STRUCT_READS, 1);
			v.age = v.age < PC_AGE_MAX ? v.age + 1 : PC_AGE_MAX;
			if (abs32(v.w) < c->reg[PC_REG_PRUNE_THETA] && v.age > c->reg[PC_REG_PROTECT_AGE]) {
				cnt_add(c, PC_CNT_PRUNED, 1);
				live_add(c, -1);
				continue;
			}
			present[v.idx] = 1;
			sl[wp++] = v;
			cnt_add(c, PC_CNT_STRUCT_WRITES, 1);
		}
		uint32_t grown = 0;
		while (wp < S && grown < c->reg[PC_REG_GROW_MAX]) {
			uint32_t r = 0, i = 0;
			int found = 0;
			for (uint32_t t = 0; t < c->reg[PC_REG_GROW_TRIES] && !found; t++) {
				r = pc_lfsr_next(&c->reg[PC_REG_LFSR]);
				i = r & 0x3FF;
				found = i < PC_NIN && !present[i];
			}
			if (!found)
				break;
			int16_t gw = (int16_t)c->reg[PC_REG_GROW_W];
			sl[wp] = (struct pc_slot){ .idx = (uint16_t)i, .age = 0,
						   .w = (r >> 10) & 1 ? (int16_t)-gw : gw, .aux = 0 };
			present[i] = 1;
			wp++;
			grown++;
			cnt_add(c, PC_CNT_STRUCT_WRITES, 1);
			cnt_add(c, PC_CNT_GROWN, 1);
			live_add(c, 1);
		}
		c->nlive[j] = (uint16_t)wp;
	}
}

/* ---- label-free fine-pruning (personalise) -------------------------------------------- */

/* forward pass, then for every neuron with a > 0: activity of each live synapse += x */
int pc_personalise(struct pc_core *c, const uint8_t x[PC_NIN])
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	int pred = forward(c, x);

	cnt_add(c, PC_CNT_PERS_SAMPLES, 1);
	for (uint32_t j = 0; j < H; j++) {
		if (c->a[j] <= 0)
			continue;
		struct pc_slot *sl = &c->slot[j * S];
		for (uint32_t s = 0; s < c->nlive[j]; s++) {
			uint8_t xv = x[sl[s].idx];
			if (xv == 0)
				continue;
			uint32_t v = (uint32_t)sl[s].aux + xv;
			sl[s].aux = v > 0xFFFF ? 0xFFFF : (uint16_t)v;
			cnt_add(c, PC_CNT_AUX_WRITES, 1);
		}
		cnt_add(c, PC_CNT_STRUCT_READS, c->nlive[j]);
	}
	return pred;
}

static uint32_t act_score(const struct pc_slot *s)
{
	return abs32(s->w) * (uint32_t)s->aux; /* < 2^31 */
}

/* prune the LIVE - keep synapses of smallest |w| * activity: a 31-step binary search for the
 * threshold T (one counting pass over the live synapses per step), then one compacting pass
 * that prunes score < T and, in address order, as many score == T as needed; every
 * survivor's activity is cleared. */
long pc_act_prune(struct pc_core *c, uint32_t keep)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	const uint32_t live = c->reg[PC_REG_LIVE];

	if (keep > live)
		return -1;
	uint32_t P = live - keep, T = 0, below = 0;
	if (P > 0) {
		for (int b = 30; b >= 0; b--) {
			uint32_t cand = T | (1u << b), n = 0;
			for (uint32_t j = 0; j < H; j++) {
				for (uint32_t s = 0; s < c->nlive[j]; s++)
					n += act_score(&c->slot[j * S + s]) < cand;
				cnt_add(c, PC_CNT_STRUCT_READS, c->nlive[j]);
			}
			if (n <= P) {
				T = cand;
				below = n;
			}
		}
	}
	uint32_t ties = P - below, pruned = 0;
	for (uint32_t j = 0; j < H; j++) {
		struct pc_slot *sl = &c->slot[j * S];
		uint32_t wp = 0;
		for (uint32_t r = 0; r < c->nlive[j]; r++) {
			struct pc_slot v = sl[r];
			uint32_t sc = act_score(&v);
			cnt_add(c, PC_CNT_STRUCT_READS, 1);
			if (P > 0 && (sc < T || (sc == T && ties > 0))) {
				if (sc == T)
					ties--;
				pruned++;
				continue;
			}
			v.aux = 0;
			sl[wp++] = v;
			cnt_add(c, PC_CNT_STRUCT_WRITES, 1);
		}
		c->nlive[j] = (uint16_t)wp;
	}
	cnt_add(c, PC_CNT_PRUNED, pruned);
	live_add(c, -(int32_t)pruned);
	return pruned;
}

/* ---- initial state (host side) -------------------------------------------------------- */

static int16_t rand_w(uint32_t *lfsr, int amp)
{
	uint32_t r = pc_lfsr_next(lfsr);
	return (int16_t)((int32_t)(r % (uint32_t)(2 * amp + 1)) - amp);
}

void pc_core_randomize(struct pc_core *c, uint32_t seed, int amp1, int amp2)
{
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	uint32_t lfsr = seed ? seed : 1;
	uint8_t present[PC_NIN];

	memset(c->nlive, 0, sizeof c->nlive);
	for (uint32_t j = 0; j < H; j++) {
		struct pc_slot *sl = &c->slot[j * S];
		memset(present, 0, sizeof present);
		for (uint32_t s = 0; s < S; s++) {
			uint32_t i = s;
			if (S < PC_NIN) {
				do
					i = pc_lfsr_next(&lfsr) & 0x3FF;
				while (i >= PC_NIN || present[i]);
				present[i] = 1;
			}
			sl[s] = (struct pc_slot){ .idx = (uint16_t)i, .age = 0,
						  .w = rand_w(&lfsr, amp1), .aux = 0 };
		}
		c->nlive[j] = (uint16_t)S;
	}
	memset(c->w2, 0, sizeof c->w2);
	for (uint32_t j = 0; j < H; j++)
		for (int k = 0; k < PC_NOUT; k++)
			c->w2[j * PC_NOUT + k] = rand_w(&lfsr, amp2);
	c->reg[PC_REG_LFSR] = lfsr;
	c->reg[PC_REG_LIVE] = H * S;
	c->reg[PC_REG_SINCE_PRUNE] = 0;
}
