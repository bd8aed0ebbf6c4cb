/* SPDX-License-Identifier: ISC */
/* float_ref.h — the dense float baseline (the "yardstick" of docs/energy.md and science.md):
 * 784 → H (leaky ReLU, slope 0.1) → 10 linear outputs, squared error, SGD with batch 1,
 * lr 0.02, no biases, inputs p/255, weights initialised N(0, 0.03) by Box-Muller on a seeded
 * xorshift64* generator.
 *
 * It counts like the integer core, into the same counter indices (enum pc_counter):
 * L1/L2_READS for every weight read (forward: all 784*H + 10*H; backward: 10*H for the hidden
 * deltas, 10 per updated hidden neuron for W2, 784 per hidden neuron with a nonzero delta),
 * L1/L2_WRITES for every applied nonzero update, L1/L2_GATED for updates dropped by the
 * optional threshold `theta` (|dw| < theta; 0 = off), TRAIN/INFER samples and correct.
 * Σ|dw| is kept in float (weight units) in dw1 / dw2; the DW counters stay 0.
 */
#ifndef PC_FLOAT_REF_H
#define PC_FLOAT_REF_H

#include "core.h"

struct pc_float {
	uint32_t H;
	float lr, theta;
	float *w1, *w2;           /* w1[j*784 + i], w2[j*10 + k] */
	float *w1_init, *w2_init; /* for the minimum energy */
	float *a, *h, *d;         /* scratch, H each */
	uint64_t cnt[PC_NCOUNTERS];
	double dw1, dw2;          /* Σ|dw|, weight units */
};

/* 0, or -1 (bad H / out of memory) */
int pc_float_init(struct pc_float *f, uint32_t H, uint64_t seed, float lr, float theta);
void pc_float_free(struct pc_float *f);
/* img: 784 bytes 0..255; returns the prediction */
int pc_float_train(struct pc_float *f, const uint8_t img[PC_NIN], int label);
int pc_float_infer(struct pc_float *f, const uint8_t img[PC_NIN], int label /* -1: unlabeled */);
/* Σ|w_final − w_init| over both layers (weight units) */
double pc_float_min_energy(const struct pc_float *f);

#endif
