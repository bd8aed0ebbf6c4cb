/* SPDX-License-Identifier: ISC */
/* refdev.c — the C reference device: protocol parser + command execution on a pc_core
 * (see refdev.h for the model of time and the decisions the RTL shares). */
#include "refdev.h"

#include <stdlib.h>
#include <string.h>

int pc_refdev_init(struct pc_refdev *d, uint32_t h_max, uint32_t slot_cap)
{
	memset(d, 0, sizeof *d);
	if (pc_core_init(&d->core, h_max ? h_max : PC_H_MAX, slot_cap ? slot_cap : PC_SLOT_CAP_DEFAULT))
		return -1;
	pc_decoder_init(&d->dec, PC_SOF_REQ);
	d->state_ok = -1;
	d->exp_seq = 1;
	return 0;
}

void pc_refdev_free(struct pc_refdev *d)
{
	pc_core_free(&d->core);
	free(d->tx);
	d->tx = NULL;
}

size_t pc_refdev_feed(struct pc_refdev *d, const uint8_t *p, size_t n)
{
	size_t room = PC_REFDEV_RX_FIFO - d->fifo_n, k = n < room ? n : room;
	memcpy(d->fifo + d->fifo_n, p, k);
	d->fifo_n += k;
	if (k < n)
		d->lost = 1;
	return k;
}

size_t pc_refdev_pending(const struct pc_refdev *d)
{
	return d->tx_len - d->tx_off;
}

size_t pc_refdev_take(struct pc_refdev *d, uint8_t *buf, size_t n)
{
	size_t k = pc_refdev_pending(d);
	if (k > n)
		k = n;
	memcpy(buf, d->tx + d->tx_off, k);
	d->tx_off += k;
	if (d->tx_off == d->tx_len)
		d->tx_off = d->tx_len = 0;
	return k;
}

/* ---- responses ------------------------------------------------------------------------ */

static void cnt_inc(struct pc_core *c, int i)
{
	if (c->cnt[i] < PC_CNT_MAX)
		c->cnt[i]++;
}

static void respond(struct pc_refdev *d, uint8_t cmd, uint8_t seq, const uint8_t *p, uint16_t len)
{
	size_t need = d->tx_len + PC_FRAME_OVERHEAD + len;
	if (need > d->tx_cap) {
		size_t cap = d->tx_cap ? d->tx_cap : 4096;
		while (cap < need)
			cap *= 2;
		uint8_t *t = realloc(d->tx, cap);
		if (!t)
			abort(); /* a device has no way to report this; the host-side model cannot go on */
		d->tx = t;
		d->tx_cap = cap;
	}
	d->tx_len += pc_frame_encode(d->tx + d->tx_len, PC_SOF_RSP, cmd, seq, p, len);
}

static void respond_error(struct pc_refdev *d, uint8_t seq, uint8_t code)
{
	cnt_inc(&d->core, PC_CNT_FRAME_ERRORS);
	respond(d, PC_CMD_ERROR, seq, &code, 1);
}

/* ---- state consistency (checked lazily before an operation) --------------------------- */

static int state_consistent(struct pc_refdev *d)
{
	const struct pc_core *c = &d->core;
	if (d->state_ok >= 0)
		return d->state_ok;
	int ok = pc_config_ok(c);
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	for (uint32_t j = 0; ok && j < H; j++) {
		if (c->nlive[j] > S) {
			ok = 0;
			break;
		}
		for (uint32_t s = 0; s < c->nlive[j]; s++)
			if (c->slot[j * S + s].idx >= PC_NIN) {
				ok = 0;
				break;
			}
	}
	return d->state_ok = ok;
}

/* ---- commands -------------------------------------------------------------------------- */

/* 0 ok, else an error code */
static int cmd_write_reg(struct pc_refdev *d, const struct pc_frame *f)
{
	struct pc_core *c = &d->core;
	uint32_t reg[PC_REG_COUNT];
	uint64_t cnt[PC_NCOUNTERS];

	if (f->len == 0 || f->len % 6)
		return PC_E_LEN;
	memcpy(reg, c->reg, sizeof reg);
	memcpy(cnt, c->cnt, sizeof cnt);
	for (unsigned o = 0; o < f->len; o += 6) {
		unsigned addr = pc_get16(f->payload + o);
		if (pc_reg_write(c, addr, pc_get32(f->payload + o + 2))) {
			memcpy(c->reg, reg, sizeof reg);
			memcpy(c->cnt, cnt, sizeof cnt);
			return PC_E_ARG;
		}
		if (addr == PC_REG_HIDDEN || addr == PC_REG_SLOTS)
			d->state_ok = -1;
	}
	respond(d, PC_CMD_WRITE_REG | PC_RESP_BIT, f->seq, NULL, 0);
	return 0;
}

static int cmd_read_reg(struct pc_refdev *d, const struct pc_frame *f)
{
	uint8_t out[PC_MAX_PAYLOAD];
	unsigned n = f->len / 2;

	if (f->len == 0 || f->len % 2 || n * 4 > PC_MAX_PAYLOAD)
		return PC_E_LEN;
	for (unsigned i = 0; i < n; i++) {
		uint32_t v;
		if (pc_reg_read(&d->core, pc_get16(f->payload + 2 * i), &v))
			return PC_E_ARG;
		pc_put32(out + 4 * i, v);
	}
	respond(d, PC_CMD_READ_REG | PC_RESP_BIT, f->seq, out, (uint16_t)(4 * n));
	return 0;
}

static int cmd_sample(struct pc_refdev *d, const struct pc_frame *f)
{
	uint8_t x[PC_NIN], out[2];
	const int pers = f->cmd == PC_CMD_PERSONALISE;
	const uint8_t *pix = f->payload + (pers ? 0 : 1);
	int label = pers ? -1 : f->payload[0];

	if (f->len != (pers ? PC_PIX_BYTES : PC_PIX_BYTES + 1))
		return PC_E_LEN;
	if (label > 9 && !(f->cmd == PC_CMD_INFER && label == PC_PIXEL_LABEL))
		return PC_E_ARG;
	if (!state_consistent(d))
		return PC_E_ARG;
	pc_unpack_pixels(pix, x);
	if (f->cmd == PC_CMD_TRAIN)
		out[0] = (uint8_t)pc_train(&d->core, x, label);
	else if (f->cmd == PC_CMD_INFER)
		out[0] = (uint8_t)pc_infer(&d->core, x, label == PC_PIXEL_LABEL ? -1 : label);
	else
		out[0] = (uint8_t)pc_personalise(&d->core, x);
	out[1] = (uint8_t)label;
	respond(d, f->cmd | PC_RESP_BIT, f->seq, out, pers ? 1 : 2);
	return 0;
}

static int cmd_status(struct pc_refdev *d, const struct pc_frame *f)
{
	uint8_t out[PC_STATUS_LEN];
	if (f->len)
		return PC_E_LEN;
	pc_put32(out, PC_PROTO_ID);
	pc_put16(out + 4, PC_PROTO_VERSION);
	pc_put16(out + 6, (uint16_t)d->core.h_max);
	pc_put32(out + 8, d->core.slot_cap);
	pc_put16(out + 12, PC_MAX_PAYLOAD);
	pc_put16(out + 14, PC_REFDEV_RX_FIFO);
	respond(d, PC_CMD_STATUS | PC_RESP_BIT, f->seq, out, sizeof out);
	return 0;
}

static int cmd_counters(struct pc_refdev *d, const struct pc_frame *f)
{
	uint8_t out[PC_NCOUNTERS * 8];
	if (f->len)
		return PC_E_LEN;
	for (int i = 0; i < PC_NCOUNTERS; i++)
		pc_put64(out + 8 * i, d->core.cnt[i]);
	respond(d, PC_CMD_COUNTERS | PC_RESP_BIT, f->seq, out, sizeof out);
	return 0;
}

static uint32_t mem_size(const struct pc_core *c, unsigned mem)
{
	return mem == PC_MEM_SLOTS ? c->slot_cap : mem == PC_MEM_W2 ? c->h_max * PC_NOUT : c->h_max;
}

static void slot_get(const struct pc_slot *s, uint8_t *p)
{
	pc_put16(p, (uint16_t)((s->idx & 0x3FF) | (s->age & 0x3F) << 10));
	pc_put16(p + 2, (uint16_t)s->w);
	pc_put16(p + 4, s->aux);
}

static void slot_set(struct pc_slot *s, const uint8_t *p)
{
	uint16_t ia = pc_get16(p);
	s->idx = ia & 0x3FF;
	s->age = (uint8_t)(ia >> 10);
	s->w = (int16_t)pc_get16(p + 2);
	s->aux = pc_get16(p + 4);
}

static int cmd_mem_write(struct pc_refdev *d, const struct pc_frame *f)
{
	struct pc_core *c = &d->core;
	if (f->len < 5)
		return PC_E_LEN;
	unsigned mem = f->payload[0], wb = pc_mem_word_bytes(mem);
	if (!wb)
		return PC_E_ARG;
	if ((f->len - 5) % wb || f->len == 5)
		return PC_E_LEN;
	uint64_t addr = pc_get32(f->payload + 1), n = (f->len - 5u) / wb;
	if (addr + n > mem_size(c, mem))
		return PC_E_ARG;
	const uint8_t *p = f->payload + 5;
	for (uint64_t i = 0; i < n; i++, p += wb) {
		if (mem == PC_MEM_SLOTS)
			slot_set(&c->slot[addr + i], p);
		else if (mem == PC_MEM_W2)
			c->w2[addr + i] = (int16_t)pc_get16(p);
		else
			c->nlive[addr + i] = pc_get16(p);
	}
	if (mem != PC_MEM_W2)
		d->state_ok = -1;
	respond(d, PC_CMD_MEM_WRITE | PC_RESP_BIT, f->seq, NULL, 0);
	return 0;
}

static int cmd_mem_read(struct pc_refdev *d, const struct pc_frame *f)
{
	const struct pc_core *c = &d->core;
	uint8_t out[PC_MAX_PAYLOAD];
	if (f->len != 7)
		return PC_E_LEN;
	unsigned mem = f->payload[0], wb = pc_mem_word_bytes(mem);
	uint64_t addr = pc_get32(f->payload + 1), n = pc_get16(f->payload + 5);
	if (!wb || n == 0 || n * wb > PC_MAX_PAYLOAD || addr + n > mem_size(c, mem))
		return PC_E_ARG;
	uint8_t *p = out;
	for (uint64_t i = 0; i < n; i++, p += wb) {
		if (mem == PC_MEM_SLOTS)
			slot_get(&c->slot[addr + i], p);
		else if (mem == PC_MEM_W2)
			pc_put16(p, (uint16_t)c->w2[addr + i]);
		else
			pc_put16(p, c->nlive[addr + i]);
	}
	respond(d, PC_CMD_MEM_READ | PC_RESP_BIT, f->seq, out, (uint16_t)(n * wb));
	return 0;
}

static int cmd_struct_pass(struct pc_refdev *d, const struct pc_frame *f)
{
	if (f->len)
		return PC_E_LEN;
	if (!state_consistent(d))
		return PC_E_ARG;
	pc_struct_pass(&d->core);
	respond(d, PC_CMD_STRUCT_PASS | PC_RESP_BIT, f->seq, NULL, 0);
	return 0;
}

static int cmd_act_prune(struct pc_refdev *d, const struct pc_frame *f)
{
	uint8_t out[4];
	if (f->len != 4)
		return PC_E_LEN;
	if (!state_consistent(d))
		return PC_E_ARG;
	long n = pc_act_prune(&d->core, pc_get32(f->payload));
	if (n < 0)
		return PC_E_ARG;
	pc_put32(out, (uint32_t)n);
	respond(d, PC_CMD_ACT_PRUNE | PC_RESP_BIT, f->seq, out, sizeof out);
	return 0;
}

static void execute(struct pc_refdev *d, const struct pc_frame *f)
{
	int e;
	switch (f->cmd) {
	case PC_CMD_STATUS: e = cmd_status(d, f); break;
	case PC_CMD_WRITE_REG: e = cmd_write_reg(d, f); break;
	case PC_CMD_READ_REG: e = cmd_read_reg(d, f); break;
	case PC_CMD_TRAIN:
	case PC_CMD_INFER:
	case PC_CMD_PERSONALISE: e = cmd_sample(d, f); break;
	case PC_CMD_COUNTERS: e = cmd_counters(d, f); break;
	case PC_CMD_MEM_WRITE: e = cmd_mem_write(d, f); break;
	case PC_CMD_MEM_READ: e = cmd_mem_read(d, f); break;
	case PC_CMD_STRUCT_PASS: e = cmd_struct_pass(d, f); break;
	case PC_CMD_ACT_PRUNE: e = cmd_act_prune(d, f); break;
	default: e = PC_E_CMD; break;
	}
	if (e)
		respond_error(d, f->seq, (uint8_t)e);
}

/* ---- parser ---------------------------------------------------------------------------- */

/* the sequence rule (refdev.h), then the command */
static void accept(struct pc_refdev *d, const struct pc_frame *f)
{
	if (f->cmd != PC_CMD_STATUS && f->seq != d->exp_seq) {
		respond_error(d, f->seq, PC_E_SEQ);
		return;
	}
	d->exp_seq = f->seq == 255 ? 1 : (uint8_t)(f->seq + 1);
	execute(d, f);
}

static uint8_t cur_seq(const struct pc_refdev *d)
{
	return pc_decoder_busy(&d->dec) && d->dec.have_seq ? d->dec.f.seq : 0;
}

void pc_refdev_run(struct pc_refdev *d)
{
	for (size_t i = 0; i < d->fifo_n; i++) {
		switch (pc_decoder_feed(&d->dec, d->fifo[i])) {
		case PC_DEC_FRAME: accept(d, &d->dec.f); break;
		case PC_DEC_BADCRC: respond_error(d, d->dec.f.seq, PC_E_CRC); break;
		case PC_DEC_BADLEN: respond_error(d, d->dec.f.seq, PC_E_LEN); break;
		case PC_DEC_DROPPED: cnt_inc(&d->core, PC_CNT_RX_DROPPED); break;
		default: break;
		}
	}
	d->fifo_n = 0;
	if (d->lost) {
		respond_error(d, cur_seq(d), PC_E_OVERFLOW);
		pc_decoder_reset(&d->dec);
		d->lost = 0;
	}
}

void pc_refdev_timeout(struct pc_refdev *d)
{
	pc_refdev_run(d);
	if (pc_decoder_busy(&d->dec)) {
		respond_error(d, cur_seq(d), PC_E_TIMEOUT);
		pc_decoder_reset(&d->dec);
	}
}
