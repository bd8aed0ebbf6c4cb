/* SPDX-License-Identifier: ISC */
/* cli_dev.c — the CLI's device layer: open a backend, load data, stream samples with a
 * progress line, shuffle, and host-side state helpers (copy, minimum energy). */
#include "cli_common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int pc_dev_open(struct pc_dev *d, const struct pc_opts *o, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	if (!strcmp(o->backend, "float")) {
		d->is_float = 1;
		if (pc_float_init(&d->fl, o->cfg.reg[PC_REG_HIDDEN], o->seed, (float)o->float_lr,
				  (float)o->float_theta)) {
			snprintf(err, errlen, "float backend: cannot create H = %u", o->cfg.reg[PC_REG_HIDDEN]);
			return -1;
		}
		return 0;
	}
	struct pc_transport_opts to = { .device = o->device, .baud = o->baud, .trace = o->trace,
					.sim_model = o->sim_model };
	if (!strcmp(o->backend, "ref"))
		d->t = pc_transport_ref_open(&to, err, errlen);
	else if (!strcmp(o->backend, "sim"))
		d->t = pc_transport_sim_open(&to, err, errlen);
	else
		d->t = pc_transport_usb_open(&to, err, errlen);
	if (!d->t)
		return -1;
	if (pc_client_open(&d->cl, d->t, o->timeout_ms)) {
		snprintf(err, errlen, "%s", d->cl.err);
		pc_client_close(&d->cl);
		d->t->close(d->t);
		d->t = NULL;
		return -1;
	}
	d->cl_open = 1;
	return 0;
}

void pc_dev_close(struct pc_dev *d)
{
	if (d->is_float)
		pc_float_free(&d->fl);
	if (d->cl_open)
		pc_client_close(&d->cl);
	if (d->t)
		d->t->close(d->t);
	memset(d, 0, sizeof *d);
}

int64_t pc_dev_cycles(struct pc_dev *d)
{
	return d->t && d->t->cycles ? d->t->cycles(d->t) : -1;
}

int pc_cli_load_data(const struct pc_opts *o, const char *split, uint32_t limit, uint16_t mask,
		     struct pc_dataset *d, char *err, size_t errlen)
{
	if (pc_dataset_load(o->data, split, d, err, errlen))
		return -1;
	if (mask && pc_dataset_filter_classes(d, mask) < 0) {
		snprintf(err, errlen, "bad class mask");
		return -1;
	}
	if (limit && limit < d->n)
		d->n = limit; /* the first `limit` samples; the buffers stay as they are */
	if (d->n == 0) {
		snprintf(err, errlen, "%s/%s: no samples%s", o->data, split, mask ? " of those classes" : "");
		return -1;
	}
	return 0;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void pc_cli_shuffle(uint32_t *order, uint32_t n, uint32_t shuffle_seed, uint32_t epoch)
{
	uint64_t s = (uint64_t)shuffle_seed << 32 | epoch;
	for (uint32_t i = 0; i < n; i++)
		order[i] = i;
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = (uint32_t)(splitmix64(&s) % i);
		uint32_t t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* ---- streaming ------------------------------------------------------------------------------ */

struct stream {
	struct pc_dev *d;
	const struct pc_dataset *ds;
	const uint32_t *order;
	uint32_t from, total;
	int labeled, show;
	const char *what;
	struct pc_stream_stats *st;
	struct timespec t0, last;
};

static double since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) * 1e-9;
}

static uint32_t sample_at(const struct stream *s, size_t i)
{
	uint32_t k = s->from + (uint32_t)i;
	return s->order ? s->order[k] : k;
}

static void get(void *ctx, size_t i, uint8_t pix[PC_PIX_BYTES], int *label)
{
	struct stream *s = ctx;
	uint32_t k = sample_at(s, i);
	pc_pack_pixels(s->ds->images + (size_t)k * PC_NIN, pix);
	*label = s->labeled ? s->ds->labels[k] : -1;
}

static void progress(struct stream *s, size_t i, int final)
{
	if (!s->show)
		return;
	if (!final && since(&s->last) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &s->last);
	double t = since(&s->t0);
	uint64_t writes = s->d->is_float ? s->d->fl.cnt[PC_CNT_L1_WRITES] + s->d->fl.cnt[PC_CNT_L2_WRITES]
					  : s->st->writes;
	fprintf(stderr, "\r%s %zu/%u  %.0f samples/s", s->what, s->from + i + 1, s->ds->n,
		t > 0 ? (double)(i + 1) / t : 0.0);
	if (s->labeled && s->st->n)
		fprintf(stderr, "  acc %.2f %%", 100.0 * (double)s->st->correct / (double)s->st->n);
	if (writes)
		fprintf(stderr, "  writes %.3g", (double)writes);
	fputs(final && s->from + s->total == s->ds->n ? "\n" : "   ", stderr);
}

static int result(void *ctx, size_t i, int pred, int label)
{
	struct stream *s = ctx;
	if (label >= 0) {
		s->st->n++;
		s->st->correct += pred == label;
	}
	progress(s, i, 0);
	return 0;
}

int pc_cli_stream(struct pc_dev *d, enum pc_sample_op op, const struct pc_dataset *ds,
		  const uint32_t *order, uint32_t from, uint32_t to, int labeled,
		  struct pc_stream_stats *st, const char *what, int show)
{
	struct stream s = { d, ds, order, from, to - from, labeled, show, what, st, { 0, 0 }, { 0, 0 } };
	clock_gettime(CLOCK_MONOTONIC, &s.t0);
	s.last = s.t0;
	if (to <= from)
		return 0;
	if (d->is_float) {
		for (uint32_t i = 0; i < to - from; i++) {
			uint32_t k = sample_at(&s, i);
			const uint8_t *img = ds->images + (size_t)k * PC_NIN;
			int label = labeled ? ds->labels[k] : -1;
			int pred = op == PC_OP_TRAIN ? pc_float_train(&d->fl, img, label)
						     : pc_float_infer(&d->fl, img, label);
			result(&s, i, pred, label);
		}
	} else {
		struct pc_sample_src src = { &s, get, result };
		uint64_t uc = d->cl.unknown_correct;
		if (pc_client_samples(&d->cl, op, to - from, &src))
			return -1;
		/* right predictions whose responses were lost and could not be told apart (client.h) */
		st->correct += d->cl.unknown_correct - uc;
	}
	if (show)
		progress(&s, to - from - 1, 1);
	return 0;
}

/* ---- host-side state helpers ------------------------------------------------------------------- */

void pc_cli_core_copy(struct pc_core *dst, const struct pc_core *src)
{
	const uint32_t H = src->reg[PC_REG_HIDDEN], S = src->reg[PC_REG_SLOTS];
	memcpy(dst->reg, src->reg, sizeof dst->reg);
	memcpy(dst->cnt, src->cnt, sizeof dst->cnt);
	memcpy(dst->nlive, src->nlive, sizeof dst->nlive);
	memcpy(dst->w2, src->w2, sizeof dst->w2);
	for (uint32_t j = 0; j < H; j++)
		memcpy(&dst->slot[j * S], &src->slot[j * S], src->nlive[j] * sizeof *src->slot);
}

static void dense_row(const struct pc_core *c, uint32_t j, int32_t w[PC_NIN])
{
	const uint32_t S = c->reg[PC_REG_SLOTS];
	memset(w, 0, PC_NIN * sizeof *w);
	if (j >= c->reg[PC_REG_HIDDEN])
		return;
	for (uint32_t s = 0; s < c->nlive[j]; s++) {
		const struct pc_slot *sl = &c->slot[j * S + s];
		if (sl->idx < PC_NIN)
			w[sl->idx] = sl->w;
	}
}

uint64_t pc_cli_min_energy(const struct pc_core *fin, const struct pc_core *init)
{
	uint32_t H = fin->reg[PC_REG_HIDDEN];
	if (init->reg[PC_REG_HIDDEN] > H)
		H = init->reg[PC_REG_HIDDEN];
	int32_t a[PC_NIN], b[PC_NIN];
	uint64_t m = 0;
	for (uint32_t j = 0; j < H; j++) {
		dense_row(fin, j, a);
		dense_row(init, j, b);
		for (int i = 0; i < PC_NIN; i++)
			m += (uint64_t)abs(a[i] - b[i]);
		for (int k = 0; k < PC_NOUT; k++)
			m += (uint64_t)abs(fin->w2[j * PC_NOUT + k] - init->w2[j * PC_NOUT + k]);
	}
	return m;
}
