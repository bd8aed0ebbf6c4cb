/* SPDX-License-Identifier: ISC */
/* float_ref.c — the dense float baseline (see float_ref.h). */
#include "float_ref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t xs64(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* uniform in (0, 1] */
static double unif(uint64_t *s)
{
	return ((xs64(s) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

/* Box-Muller: one standard normal per call (the second value is dropped: simpler to replay) */
static double normal(uint64_t *s)
{
	double u1 = unif(s), u2 = unif(s);
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int pc_float_init(struct pc_float *f, uint32_t H, uint64_t seed, float lr, float theta)
{
	memset(f, 0, sizeof *f);
	if (H == 0 || H > 4096)
		return -1;
	f->H = H;
	f->lr = lr;
	f->theta = theta;
	f->w1 = malloc(sizeof(float) * H * PC_NIN);
	f->w2 = malloc(sizeof(float) * H * PC_NOUT);
	f->w1_init = malloc(sizeof(float) * H * PC_NIN);
	f->w2_init = malloc(sizeof(float) * H * PC_NOUT);
	f->a = malloc(sizeof(float) * H);
	f->h = malloc(sizeof(float) * H);
	f->d = malloc(sizeof(float) * H);
	if (!f->w1 || !f->w2 || !f->w1_init || !f->w2_init || !f->a || !f->h || !f->d) {
		pc_float_free(f);
		return -1;
	}
	uint64_t s = seed * 0x9E3779B97F4A7C15ull + 0x5DEECE66Dull;
	if (!s)
		s = 1;
	for (size_t i = 0; i < (size_t)H * PC_NIN; i++)
		f->w1[i] = (float)(0.03 * normal(&s));
	for (size_t i = 0; i < (size_t)H * PC_NOUT; i++)
		f->w2[i] = (float)(0.03 * normal(&s));
	memcpy(f->w1_init, f->w1, sizeof(float) * H * PC_NIN);
	memcpy(f->w2_init, f->w2, sizeof(float) * H * PC_NOUT);
	return 0;
}

void pc_float_free(struct pc_float *f)
{
	free(f->w1);
	free(f->w2);
	free(f->w1_init);
	free(f->w2_init);
	free(f->a);
	free(f->h);
	free(f->d);
	memset(f, 0, sizeof *f);
}

static int forward(struct pc_float *f, const float x[PC_NIN], float y[PC_NOUT])
{
	const uint32_t H = f->H;
	for (uint32_t j = 0; j < H; j++) {
		const float *w = f->w1 + (size_t)j * PC_NIN;
		float acc = 0;
		for (int i = 0; i < PC_NIN; i++)
			acc += w[i] * x[i];
		f->a[j] = acc;
		f->h[j] = acc > 0 ? acc : 0.1f * acc;
	}
	f->cnt[PC_CNT_L1_READS] += (uint64_t)H * PC_NIN;
	int best = 0;
	for (int k = 0; k < PC_NOUT; k++) {
		float acc = 0;
		for (uint32_t j = 0; j < H; j++)
			acc += f->w2[j * PC_NOUT + k] * f->h[j];
		y[k] = acc;
		if (y[k] > y[best])
			best = k;
	}
	f->cnt[PC_CNT_L2_READS] += (uint64_t)H * PC_NOUT;
	return best;
}

static void to_float(const uint8_t img[PC_NIN], float x[PC_NIN])
{
	for (int i = 0; i < PC_NIN; i++)
		x[i] = img[i] / 255.0f;
}

/* apply one update unless it is zero or gated away */
static void update(struct pc_float *f, float *w, float dw, int layer)
{
	if (dw == 0)
		return;
	if (fabsf(dw) < f->theta) {
		f->cnt[layer == 1 ? PC_CNT_L1_GATED : PC_CNT_L2_GATED]++;
		return;
	}
	*w += dw;
	f->cnt[layer == 1 ? PC_CNT_L1_WRITES : PC_CNT_L2_WRITES]++;
	if (layer == 1)
		f->dw1 += fabsf(dw);
	else
		f->dw2 += fabsf(dw);
}

int pc_float_train(struct pc_float *f, const uint8_t img[PC_NIN], int label)
{
	const uint32_t H = f->H;
	float x[PC_NIN], y[PC_NOUT], e[PC_NOUT];
	int pred = forward(f, (to_float(img, x), x), y);

	f->cnt[PC_CNT_TRAIN_SAMPLES]++;
	if (pred == label)
		f->cnt[PC_CNT_TRAIN_CORRECT]++;
	for (int k = 0; k < PC_NOUT; k++)
		e[k] = (k == label ? 1.0f : 0.0f) - y[k];
	for (uint32_t j = 0; j < H; j++) {
		float acc = 0;
		for (int k = 0; k < PC_NOUT; k++)
			acc += f->w2[j * PC_NOUT + k] * e[k];
		f->d[j] = f->a[j] > 0 ? acc : 0.1f * acc;
	}
	f->cnt[PC_CNT_L2_READS] += (uint64_t)H * PC_NOUT;
	for (uint32_t j = 0; j < H; j++) {
		for (int k = 0; k < PC_NOUT; k++)
			update(f, &f->w2[j * PC_NOUT + k], f->lr * e[k] * f->h[j], 2);
		f->cnt[PC_CNT_L2_READS] += PC_NOUT;
		if (f->d[j] == 0)
			continue;
		float *w = f->w1 + (size_t)j * PC_NIN, g = f->lr * f->d[j];
		for (int i = 0; i < PC_NIN; i++)
			if (x[i] != 0)
				update(f, &w[i], g * x[i], 1);
		f->cnt[PC_CNT_L1_READS] += PC_NIN;
	}
	return pred;
}

int pc_float_infer(struct pc_float *f, const uint8_t img[PC_NIN], int label)
{
	float x[PC_NIN], y[PC_NOUT];
	to_float(img, x);
	int pred = forward(f, x, y);
	if (label >= 0) {
		f->cnt[PC_CNT_INFER_SAMPLES]++;
		if (pred == label)
			f->cnt[PC_CNT_INFER_CORRECT]++;
	}
	return pred;
}

double pc_float_min_energy(const struct pc_float *f)
{
	double m = 0;
	for (size_t i = 0; i < (size_t)f->H * PC_NIN; i++)
		m += fabs((double)f->w1[i] - f->w1_init[i]);
	for (size_t i = 0; i < (size_t)f->H * PC_NOUT; i++)
		m += fabs((double)f->w2[i] - f->w2_init[i]);
	return m;
}
