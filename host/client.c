/* SPDX-License-Identifier: ISC */
/* client.c — protocol client: a pipelined go-back-N request engine ("jobs") and the commands on
 * it (algorithm: client.h and docs/protocol.md "Host: go-back-N"). */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pc_client_totals pc_client_totals;

/* what a job's requests do to the device, i.e. how a recovery finds out which of them ran */
enum job_kind {
	JOB_IDEMPOTENT, /* may run twice: resend everything from the first one without an answer */
	JOB_SAMPLES,    /* TRAIN / INFER / PERSONALISE: a counter gives the exact count that ran */
	JOB_STRUCT,     /* STRUCT_PASS / ACT_PRUNE: one at a time, STRUCT_READS / LFSR tell */
};

/* up to 3 device values read in one READ_REG: counters (two registers) or registers */
#define NV 3
struct vals {
	unsigned n;
	int idx[NV];   /* counter index, or -1 - register address */
	uint64_t v[NV];
};

/* a job: n requests, built on demand, answered in order */
struct job {
	size_t n;
	void *ctx;
	/* request i: command and payload; returns the payload length */
	uint16_t (*build)(void *ctx, size_t i, uint8_t *cmd, uint8_t *payload);
	/* the response to request i, in order of i; 0 ok, -1 stop (c->err set) */
	int (*done)(struct pc_client *c, void *ctx, size_t i, const struct pc_frame *rsp);
	enum job_kind kind;
	/* JOB_SAMPLES: v[0] counts the requests that ran (unit per request), v[1] (if n > 1) the
	 * correct predictions; JOB_STRUCT: v[0] STRUCT_READS, v[1] LFSR, v[2] PRUNED */
	struct vals base;
	uint64_t unit;
	uint64_t correct;  /* JOB_SAMPLES: correct predictions among the requests delivered */
	size_t finished;   /* requests delivered */
};

/* a lost sample response whose request ran: payload[0] = this ("prediction unknown") */
#define PRED_UNKNOWN 0xFE
/* bytes of the device FIFO kept free for a resync (STATUS + READ_REG of NV counters = 33) */
#define RESYNC_RESERVE (2 * PC_FRAME_OVERHEAD + 2 * 2 * NV)
/* a drain ends after this long without a byte */
#define DRAIN_MS 20

/* ---- receiving -------------------------------------------------------------------------- */

enum { RX_FRAME = 0, RX_BAD = 1, RX_TIMEOUT = -1, RX_IO = -2 };

/* next response frame, or a damaged one (RX_BAD), or an error */
static int rx_frame(struct pc_client *c, struct pc_frame *out, int timeout_ms)
{
	for (;;) {
		while (c->rx_off < c->rx_n) {
			int r = pc_decoder_feed(&c->dec, c->rx[c->rx_off++]);
			if (r == PC_DEC_FRAME) {
				*out = c->dec.f;
				return RX_FRAME;
			}
			if (r == PC_DEC_BADCRC || r == PC_DEC_BADLEN)
				return RX_BAD;
		}
		long k = c->t->read(c->t, c->rx, sizeof c->rx, timeout_ms);
		if (k == PC_T_ERR_TIMEOUT) {
			/* a quiet line: a response cut short (or with a damaged LEN) will not complete */
			pc_decoder_reset(&c->dec);
			return RX_TIMEOUT;
		}
		if (k < 0) {
			snprintf(c->err, sizeof c->err, "%s transport: %.200s", c->t->name, c->t->err);
			return RX_IO;
		}
		c->rx_off = 0;
		c->rx_n = (size_t)k;
		c->rx_bytes += (uint64_t)k;
	}
}

/* ---- sending ---------------------------------------------------------------------------- */

static uint8_t next_seq(struct pc_client *c)
{
	c->seq = c->seq == 255 ? 1 : (uint8_t)(c->seq + 1);
	return c->seq;
}

static struct pc_client_inflight *q_at(struct pc_client *c, unsigned k)
{
	return &c->q[(c->q_head + k) % PC_CLIENT_WINDOW];
}

static int tx(struct pc_client *c, const uint8_t *f, size_t n)
{
	if (c->t->write(c->t, f, n) != PC_T_OK) {
		snprintf(c->err, sizeof c->err, "%s transport: %.200s", c->t->name, c->t->err);
		return -1;
	}
	c->frames_sent++;
	pc_client_totals.frames_sent++;
	return 0;
}

/* build request i into the next queue entry and send it with the next SEQ, if it fits the
 * device FIFO beside what is in flight (a lone request is always sent). 0 sent, 1 does not fit
 * now, -1 error */
static int send_req(struct pc_client *c, const struct job *j, size_t i, unsigned fifo)
{
	uint8_t payload[PC_MAX_PAYLOAD];
	struct pc_client_inflight *e = q_at(c, c->q_n);
	uint8_t cmd = 0;
	uint16_t len = j->build(j->ctx, i, &cmd, payload);

	if (c->q_n > 0 && c->q_bytes + PC_FRAME_OVERHEAD + len > fifo)
		return 1;
	e->i = i;
	e->cmd = cmd;
	e->seq = next_seq(c);
	e->flen = (uint16_t)pc_frame_encode(e->frame, PC_SOF_REQ, cmd, e->seq, payload, len);
	if (tx(c, e->frame, e->flen))
		return -1;
	c->q_n++;
	c->q_bytes += e->flen;
	if (c->q_n > c->max_inflight)
		c->max_inflight = c->q_n;
	if (c->q_bytes > c->max_inflight_bytes)
		c->max_inflight_bytes = c->q_bytes;
	if (c->q_n > pc_client_totals.max_inflight)
		pc_client_totals.max_inflight = c->q_n;
	if (c->q_bytes > pc_client_totals.max_inflight_bytes)
		pc_client_totals.max_inflight_bytes = c->q_bytes;
	return 0;
}

static void q_pop(struct pc_client *c)
{
	c->q_bytes -= q_at(c, 0)->flen;
	c->q_head = (c->q_head + 1) % PC_CLIENT_WINDOW;
	c->q_n--;
}

/* ---- device values (counters, registers) through READ_REG ----------------------------- */

static uint16_t vals_payload(const struct vals *v, uint8_t *p)
{
	unsigned k = 0;
	for (unsigned m = 0; m < v->n; m++) {
		if (v->idx[m] >= 0) {
			pc_put16(p + 2 * k++, (uint16_t)(PC_REG_CNT_BASE + 2 * v->idx[m]));
			pc_put16(p + 2 * k++, (uint16_t)(PC_REG_CNT_BASE + 2 * v->idx[m] + 1));
		} else {
			pc_put16(p + 2 * k++, (uint16_t)(-1 - v->idx[m]));
		}
	}
	if (k == 0) /* nothing wanted: the ID register, as a barrier */
		pc_put16(p + 2 * k++, PC_REG_ID);
	return (uint16_t)(2 * k);
}

static void vals_parse(struct vals *v, const uint8_t *p)
{
	for (unsigned m = 0; m < v->n; m++) {
		v->v[m] = pc_get32(p);
		p += 4;
		if (v->idx[m] >= 0) {
			v->v[m] |= (uint64_t)pc_get32(p) << 32;
			p += 4;
		}
	}
}

static int request(struct pc_client *c, uint8_t cmd, const uint8_t *payload, uint16_t len,
		   struct pc_frame *rsp, int want_len);

static int read_vals(struct pc_client *c, struct vals *v)
{
	uint8_t p[4 * NV];
	struct pc_frame rsp;
	uint16_t n = vals_payload(v, p);
	if (request(c, PC_CMD_READ_REG, p, n, &rsp, 2 * n))
		return -1;
	vals_parse(v, rsp.payload);
	return 0;
}

/* ---- delivering ------------------------------------------------------------------------- */

static int deliver(struct pc_client *c, struct job *j, const struct pc_client_inflight *e,
		   const struct pc_frame *rsp)
{
	if (j->kind == JOB_SAMPLES && rsp->len == 2 && rsp->payload[1] != PC_PIXEL_LABEL &&
	    rsp->payload[0] == rsp->payload[1])
		j->correct++;
	j->finished++;
	c->fails = 0; /* progress */
	if (c->cwnd < PC_CLIENT_WINDOW)
		c->cwnd++; /* slow start after a recovery: one more per answer */
	return j->done(c, j->ctx, e->i, rsp);
}

/* ---- go-back-N recovery ------------------------------------------------------------------- */

/* a good response to in-flight entry k (before the resync barrier): remember it */
static void note(struct pc_client *c, const struct pc_frame *f)
{
	if (f->cmd == PC_CMD_ERROR)
		return;
	for (unsigned k = 0; k < c->q_n; k++)
		if (q_at(c, k)->seq == f->seq && f->cmd == (q_at(c, k)->cmd | PC_RESP_BIT)) {
			c->held[k] = *f;
			c->have[k] = 1;
			return;
		}
}

/* how many of the entries in flight ran (a prefix), from the good responses and the values v
 * read behind the barrier; -1 inconsistent (c->err) */
static long executed(struct pc_client *c, struct job *j, const struct vals *v)
{
	unsigned proven = 0, first_gap = 0;
	for (unsigned k = 0; k < c->q_n; k++)
		if (c->have[k])
			proven = k + 1;
	while (first_gap < c->q_n && c->have[first_gap])
		first_gap++;
	switch (j->kind) {
	case JOB_IDEMPOTENT:
		return first_gap; /* the rest (ran or not) is sent again */
	case JOB_STRUCT:
		if (proven)
			return 1;
		return v->v[0] != j->base.v[0] || v->v[1] != j->base.v[1] ? 1 : 0;
	default: {
		uint64_t d = v->v[0] - j->base.v[0];
		if (d % j->unit == 0 && d / j->unit >= j->finished + proven &&
		    d / j->unit <= j->finished + c->q_n)
			return (long)(d / j->unit - j->finished);
		snprintf(c->err, sizeof c->err,
			 "device: sample counter moved by %llu x %llu for %zu + %u requests (%u answered): "
			 "cannot tell what ran", (unsigned long long)(d / j->unit),
			 (unsigned long long)j->unit, j->finished, c->q_n, proven);
		return -1;
	}
	}
}

/* deliver the first n entries in flight (they ran); stand-ins for lost responses */
static int settle(struct pc_client *c, struct job *j, const struct vals *v, unsigned n)
{
	unsigned lost = 0, lost_labeled = 0;
	uint64_t known = j->correct;
	for (unsigned k = 0; k < n; k++) {
		const struct pc_client_inflight *e = q_at(c, k);
		uint8_t label = e->flen > PC_FRAME_OVERHEAD ? e->frame[5] : PC_PIXEL_LABEL;
		if (c->have[k]) {
			const struct pc_frame *f = &c->held[k];
			known += f->len == 2 && f->payload[1] != PC_PIXEL_LABEL && f->payload[0] == f->payload[1];
		} else {
			lost++;
			lost_labeled += e->cmd != PC_CMD_PERSONALISE && label != PC_PIXEL_LABEL;
		}
	}
	/* correct predictions among the lost ones (TRAIN / INFER: the *_CORRECT counter) */
	uint64_t lost_correct = 0;
	int have_cor = j->kind == JOB_SAMPLES && v->n > 1;
	if (have_cor)
		lost_correct = v->v[1] - j->base.v[1] - known;
	int all = have_cor && lost_labeled > 0 && lost_correct == lost_labeled;
	int none = have_cor && lost_correct == 0;
	if (have_cor && !all && !none)
		c->unknown_correct += lost_correct; /* ambiguous: right in total only */
	for (unsigned k = 0; k < n; k++) {
		struct pc_client_inflight e = *q_at(c, 0);
		struct pc_frame f;
		if (c->have[0]) {
			f = c->held[0];
		} else {
			uint8_t label = e.flen > PC_FRAME_OVERHEAD ? e.frame[5] : PC_PIXEL_LABEL;
			memset(&f, 0, sizeof f);
			f.cmd = e.cmd | PC_RESP_BIT;
			f.seq = e.seq;
			if (e.cmd == PC_CMD_PERSONALISE) {
				f.len = 1;
				f.payload[0] = PRED_UNKNOWN;
			} else if (e.cmd == PC_CMD_TRAIN || e.cmd == PC_CMD_INFER) {
				f.len = 2;
				f.payload[0] = all && label != PC_PIXEL_LABEL ? label : PRED_UNKNOWN;
				f.payload[1] = label;
			} else if (e.cmd == PC_CMD_ACT_PRUNE) {
				f.len = 4;
				pc_put32(f.payload, (uint32_t)(v->v[2] - j->base.v[2]));
			}
			c->lost_responses++;
		}
		/* shift the notes with the queue */
		memmove(c->held, c->held + 1, (PC_CLIENT_WINDOW - 1) * sizeof *c->held);
		memmove(c->have, c->have + 1, PC_CLIENT_WINDOW - 1);
		c->have[PC_CLIENT_WINDOW - 1] = 0;
		q_pop(c);
		if (deliver(c, j, &e, &f)) /* counts the stand-ins reported as correct */
			return -1;
	}
	if (have_cor && !all && !none)
		j->correct += lost_correct;
	return 0;
}

/* the entries in flight met trouble (why; silent: nothing at all arrived for a whole timeout).
 * Drain, resynchronise (STATUS with a fresh SEQ, then READ_REG of the job's values behind it),
 * deliver what ran, leave the rest in the queue's place for resending: on return 0 the queue is
 * empty and *next = the first request to send. */
static int recover(struct pc_client *c, struct job *j, const char *why, int silent, size_t *next)
{
	char last[96];
	struct pc_frame f;
	int flush = 0;
	snprintf(last, sizeof last, "%s", why);
	c->recoveries++;
	pc_client_totals.recoveries++;
	for (;;) {
		if (c->fails >= PC_CLIENT_MAX_ERRORS) {
			snprintf(c->err, sizeof c->err,
				 "device: %u consecutive failed resync rounds (last: %s); giving up — check the link",
				 c->fails, last);
			return -1;
		}
		c->fails++;
		/* drain what is in flight: until the line is quiet */
		uint64_t bd = c->rx_bytes;
		for (int quiet = 0; !quiet;) {
			int r = rx_frame(c, &f, c->timeout_ms < DRAIN_MS ? c->timeout_ms : DRAIN_MS);
			if (r == RX_IO)
				return -1;
			if (r == RX_TIMEOUT)
				quiet = 1;
			else if (r == RX_FRAME)
				note(c, &f);
		}
		if (c->rx_bytes != bd)
			silent = 0;
		/* a round that got no answer may have lost its STATUS inside a frame whose damaged
		 * LEN is still collecting bytes: complete any such frame with a filler of zeros (not
		 * SOF: dropped by a hunting parser), so the barrier below is parsed on its own */
		if (flush) {
			static const uint8_t zeros[PC_MAX_PAYLOAD + PC_FRAME_OVERHEAD];
			if (tx(c, zeros, sizeof zeros))
				return -1;
		}
		flush = 0;
		/* the barrier: STATUS (always accepted, sets exp_seq) and the values behind it */
		uint8_t fr[PC_FRAME_OVERHEAD + 4 * NV], p[4 * NV];
		struct vals v = j->base;
		uint16_t plen = vals_payload(&v, p);
		uint8_t s1 = next_seq(c);
		size_t n1 = pc_frame_encode(fr, PC_SOF_REQ, PC_CMD_STATUS, s1, NULL, 0);
		if (tx(c, fr, n1))
			return -1;
		uint8_t s2 = next_seq(c);
		size_t n2 = pc_frame_encode(fr, PC_SOF_REQ, PC_CMD_READ_REG, s2, p, plen);
		if (tx(c, fr, n2))
			return -1;
		uint64_t b0 = c->rx_bytes;
		int got_status = 0, ok = 0;
		for (;;) {
			int r = rx_frame(c, &f, c->timeout_ms);
			if (r == RX_IO)
				return -1;
			if (r == RX_TIMEOUT) {
				int quiet = c->rx_bytes == b0;
				if (quiet && silent) {
					snprintf(c->err, sizeof c->err,
						 "device: no response within %d ms (%u request%s in flight)",
						 c->timeout_ms, c->q_n, c->q_n == 1 ? "" : "s");
					return -1;
				}
				silent = quiet;
				flush = 1;
				snprintf(last, sizeof last, "no answer to the resync");
				break;
			}
			silent = 0;
			if (r == RX_BAD) {
				if (got_status) { /* the value response was damaged */
					snprintf(last, sizeof last, "damaged resync response");
					break;
				}
				continue;
			}
			if (f.seq == s2 && f.cmd == (PC_CMD_READ_REG | PC_RESP_BIT) && f.len == 2 * plen) {
				ok = 1; /* accepted, so the STATUS before it was too */
				break;
			}
			if (f.seq == s1 && f.cmd == (PC_CMD_STATUS | PC_RESP_BIT)) {
				got_status = 1;
				continue;
			}
			if (got_status || f.seq == s1 || f.seq == s2) {
				snprintf(last, sizeof last, "resync refused (%s)",
					 f.cmd == PC_CMD_ERROR && f.len ? pc_errcode_name(f.payload[0]) : "odd response");
				break;
			}
			note(c, &f);
		}
		if (!ok)
			continue;
		vals_parse(&v, f.payload);
		long n = executed(c, j, &v);
		if (n < 0)
			return -1;
		unsigned resend = c->q_n - (unsigned)n;
		if (settle(c, j, &v, (unsigned)n))
			return -1;
		c->resends += resend;
		pc_client_totals.resends += resend;
		*next = j->finished;
		c->q_n = 0;
		c->q_bytes = 0;
		memset(c->have, 0, PC_CLIENT_WINDOW);
		c->cwnd = 1;
		return 0;
	}
}

static int run_job(struct pc_client *c, struct job *j)
{
	size_t next = 0;
	unsigned fifo = c->st.rx_fifo_bytes ? c->st.rx_fifo_bytes : 256;
	const unsigned maxwin = j->kind == JOB_STRUCT ? 1 : PC_CLIENT_WINDOW;
	struct pc_frame rsp;
	char why[96];

	fifo = fifo > 2 * RESYNC_RESERVE ? fifo - RESYNC_RESERVE : fifo / 2;
	c->q_n = 0;
	c->q_bytes = 0;
	c->fails = 0;
	j->finished = 0;
	memset(c->have, 0, PC_CLIENT_WINDOW);
	if (c->need_sync) { /* an earlier call left requests in flight */
		struct job none = { 0, NULL, NULL, NULL, JOB_IDEMPOTENT, { 0 }, 1, 0, 0 };
		if (recover(c, &none, "resync after a failed call", 0, &next))
			return -1;
		c->need_sync = 0;
		next = 0;
	}
	while (j->finished < j->n) {
		/* send while the window and the device FIFO allow */
		unsigned win = c->cwnd < maxwin ? c->cwnd : maxwin;
		while (c->q_n < win && next < j->n) {
			int r = send_req(c, j, next, fifo);
			if (r < 0)
				goto fail;
			if (r > 0)
				break;
			next++;
		}
		uint64_t b0 = c->rx_bytes;
		int r = rx_frame(c, &rsp, c->timeout_ms);
		if (r == RX_IO)
			goto fail;
		if (r == RX_FRAME && c->q_n > 0 && rsp.seq == q_at(c, 0)->seq) {
			struct pc_client_inflight e = *q_at(c, 0);
			if (rsp.cmd == (e.cmd | PC_RESP_BIT)) {
				q_pop(c);
				if (deliver(c, j, &e, &rsp))
					goto fail;
				continue;
			}
			unsigned code = rsp.cmd == PC_CMD_ERROR && rsp.len ? rsp.payload[0] : 0;
			if (code == PC_E_CMD || code == PC_E_ARG) { /* an intact frame: resending cannot help */
				snprintf(c->err, sizeof c->err, "device rejected %s: %s (error %u)",
					 pc_cmd_name(e.cmd), pc_errcode_name(code), code);
				q_pop(c);
				goto fail;
			}
		}
		/* trouble: go back */
		int silent = 0;
		c->errors_seen++;
		if (r == RX_TIMEOUT) {
			silent = c->rx_bytes == b0;
			snprintf(why, sizeof why, "no response within %d ms", c->timeout_ms);
		} else if (r == RX_BAD) {
			snprintf(why, sizeof why, "damaged response");
		} else if (rsp.cmd == PC_CMD_ERROR) {
			unsigned code = rsp.len ? rsp.payload[0] : 0;
			snprintf(why, sizeof why, "%s (error %u)", pc_errcode_name(code), code);
		} else {
			snprintf(why, sizeof why, "response out of order");
		}
		if (c->q_n == 0 && r != RX_TIMEOUT)
			continue; /* a stray frame, nothing in flight */
		if (r == RX_FRAME)
			note(c, &rsp);
		if (recover(c, j, why, silent, &next))
			goto fail;
	}
	return 0;
fail:
	if (c->q_n)
		c->need_sync = 1; /* answers to these will be stale */
	c->q_n = 0;
	c->q_bytes = 0;
	return -1;
}

/* ---- single requests -------------------------------------------------------------------- */

struct single {
	uint8_t cmd;
	const uint8_t *payload;
	uint16_t len;
	struct pc_frame *rsp;
	int want_len; /* expected response length, -1 any */
};

static uint16_t single_build(void *ctx, size_t i, uint8_t *cmd, uint8_t *payload)
{
	struct single *s = ctx;
	(void)i;
	*cmd = s->cmd;
	if (s->len)
		memcpy(payload, s->payload, s->len);
	return s->len;
}

static int single_done(struct pc_client *c, void *ctx, size_t i, const struct pc_frame *rsp)
{
	struct single *s = ctx;
	(void)i;
	if (s->want_len >= 0 && rsp->len != s->want_len) {
		snprintf(c->err, sizeof c->err, "device: %s answered %u bytes, expected %d",
			 pc_cmd_name(s->cmd), rsp->len, s->want_len);
		return -1;
	}
	*s->rsp = *rsp;
	return 0;
}

static int request(struct pc_client *c, uint8_t cmd, const uint8_t *payload, uint16_t len,
		   struct pc_frame *rsp, int want_len)
{
	struct single s = { cmd, payload, len, rsp, want_len };
	struct job j = { 1, &s, single_build, single_done, JOB_IDEMPOTENT, { 0 }, 1, 0, 0 };
	if (cmd == PC_CMD_STRUCT_PASS || cmd == PC_CMD_ACT_PRUNE) {
		/* not idempotent: one at a time; a lost answer is settled by STRUCT_READS and LFSR
		 * (every pass that does anything moves one of them), ACT_PRUNE's by PRUNED */
		j.kind = JOB_STRUCT;
		j.base.n = 3;
		j.base.idx[0] = PC_CNT_STRUCT_READS;
		j.base.idx[1] = -1 - PC_REG_LFSR;
		j.base.idx[2] = PC_CNT_PRUNED;
		if (read_vals(c, &j.base))
			return -1;
	}
	return run_job(c, &j);
}

int pc_client_status(struct pc_client *c, struct pc_status *st)
{
	struct pc_frame rsp;
	if (request(c, PC_CMD_STATUS, NULL, 0, &rsp, PC_STATUS_LEN))
		return -1;
	const uint8_t *p = rsp.payload;
	st->id = pc_get32(p);
	st->version = pc_get16(p + 4);
	st->h_max = pc_get16(p + 6);
	st->slot_cap = pc_get32(p + 8);
	st->max_payload = pc_get16(p + 12);
	st->rx_fifo_bytes = pc_get16(p + 14);
	return 0;
}

int pc_client_open(struct pc_client *c, struct pc_transport *t, int timeout_ms)
{
	memset(c, 0, sizeof *c);
	c->t = t;
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : PC_CLIENT_TIMEOUT_MS;
	c->cwnd = PC_CLIENT_WINDOW;
	pc_decoder_init(&c->dec, PC_SOF_RSP);
	c->held = calloc(PC_CLIENT_WINDOW, sizeof *c->held);
	c->have = calloc(PC_CLIENT_WINDOW, 1);
	if (!c->held || !c->have) {
		snprintf(c->err, sizeof c->err, "out of memory");
		return -1;
	}
	if (pc_client_status(c, &c->st))
		return -1;
	if (c->st.id != PC_PROTO_ID || c->st.version != PC_PROTO_VERSION) {
		snprintf(c->err, sizeof c->err, "device: id 0x%08X version %u, expected 0x%08X version %u",
			 c->st.id, c->st.version, PC_PROTO_ID, PC_PROTO_VERSION);
		return -1;
	}
	if (c->st.max_payload < PC_MAX_PAYLOAD) {
		snprintf(c->err, sizeof c->err, "device: max_payload %u < %u", c->st.max_payload,
			 PC_MAX_PAYLOAD);
		return -1;
	}
	return pc_client_read_reg(c, PC_REG_FEATURES, &c->st.features);
}

/* a CTRL value the device cannot take: the features it lacks, named (WRITE_REG would only say
 * "bad argument") */
static int check_ctrl(struct pc_client *c, uint32_t v)
{
	static const char *const name[7] = { "gate 1", "gate 2", "synaptic caching", "structural",
					     "gate-2 score", "gate-2 score", "stochastic gate 1" };
	uint32_t miss = v & PC_CTRL_MASK & ~c->st.features;
	if (!miss)
		return 0;
	unsigned b = 0;
	while (!(miss >> b & 1))
		b++;
	snprintf(c->err, sizeof c->err,
		 "device: CTRL 0x%02X asks for %s, which this build of the core leaves out (FEATURES "
		 "0x%02X%s)", (unsigned)v, name[b], (unsigned)c->st.features,
		 miss & PC_CTRL_CACHE ? "; the iCE40 UP5K build has no synaptic caching, docs/fpga.md" : "");
	return -1;
}

void pc_client_close(struct pc_client *c)
{
	free(c->held);
	free(c->have);
	c->held = NULL;
	c->have = NULL;
}

int pc_client_write_regs(struct pc_client *c, const uint16_t *addr, const uint32_t *val, size_t n)
{
	uint8_t p[PC_MAX_PAYLOAD];
	struct pc_frame rsp;
	while (n > 0) {
		size_t k = n < PC_MAX_PAYLOAD / 6 ? n : PC_MAX_PAYLOAD / 6;
		for (size_t i = 0; i < k; i++) {
			if (addr[i] == PC_REG_CTRL && check_ctrl(c, val[i]))
				return -1;
			pc_put16(p + 6 * i, addr[i]);
			pc_put32(p + 6 * i + 2, val[i]);
		}
		if (request(c, PC_CMD_WRITE_REG, p, (uint16_t)(6 * k), &rsp, 0))
			return -1;
		addr += k;
		val += k;
		n -= k;
	}
	return 0;
}

int pc_client_read_regs(struct pc_client *c, const uint16_t *addr, uint32_t *val, size_t n)
{
	uint8_t p[PC_MAX_PAYLOAD];
	struct pc_frame rsp;
	while (n > 0) {
		size_t k = n < PC_MAX_PAYLOAD / 4 ? n : PC_MAX_PAYLOAD / 4;
		for (size_t i = 0; i < k; i++)
			pc_put16(p + 2 * i, addr[i]);
		if (request(c, PC_CMD_READ_REG, p, (uint16_t)(2 * k), &rsp, (int)(4 * k)))
			return -1;
		for (size_t i = 0; i < k; i++)
			val[i] = pc_get32(rsp.payload + 4 * i);
		addr += k;
		val += k;
		n -= k;
	}
	return 0;
}

int pc_client_write_reg(struct pc_client *c, uint16_t addr, uint32_t val)
{
	return pc_client_write_regs(c, &addr, &val, 1);
}

int pc_client_read_reg(struct pc_client *c, uint16_t addr, uint32_t *val)
{
	return pc_client_read_regs(c, &addr, val, 1);
}

int pc_client_counters(struct pc_client *c, uint64_t cnt[PC_NCOUNTERS])
{
	struct pc_frame rsp;
	if (request(c, PC_CMD_COUNTERS, NULL, 0, &rsp, 8 * PC_NCOUNTERS))
		return -1;
	for (int i = 0; i < PC_NCOUNTERS; i++)
		cnt[i] = pc_get64(rsp.payload + 8 * i);
	return 0;
}

int pc_client_struct_pass(struct pc_client *c)
{
	struct pc_frame rsp;
	return request(c, PC_CMD_STRUCT_PASS, NULL, 0, &rsp, 0);
}

long pc_client_act_prune(struct pc_client *c, uint32_t keep)
{
	uint8_t p[4];
	struct pc_frame rsp;
	pc_put32(p, keep);
	if (request(c, PC_CMD_ACT_PRUNE, p, 4, &rsp, 4))
		return -1;
	return (long)pc_get32(rsp.payload);
}

/* ---- samples ------------------------------------------------------------------------------ */

struct samples {
	enum pc_sample_op op;
	const struct pc_sample_src *src;
};

static uint16_t sample_build(void *ctx, size_t i, uint8_t *cmd, uint8_t *p)
{
	struct samples *s = ctx;
	int label = -1;
	if (s->op == PC_OP_PERSONALISE) {
		*cmd = PC_CMD_PERSONALISE;
		s->src->get(s->src->ctx, i, p, &label);
		return PC_PIX_BYTES;
	}
	*cmd = s->op == PC_OP_TRAIN ? PC_CMD_TRAIN : PC_CMD_INFER;
	s->src->get(s->src->ctx, i, p + 1, &label);
	p[0] = label < 0 ? PC_PIXEL_LABEL : (uint8_t)label;
	return PC_PIX_BYTES + 1;
}

static int sample_done(struct pc_client *c, void *ctx, size_t i, const struct pc_frame *rsp)
{
	struct samples *s = ctx;
	unsigned want = s->op == PC_OP_PERSONALISE ? 1 : 2;
	if (rsp->len != want || (rsp->payload[0] > 9 && rsp->payload[0] != PRED_UNKNOWN)) {
		snprintf(c->err, sizeof c->err, "device: bad response to sample %zu", i);
		return -1;
	}
	int pred = rsp->payload[0] == PRED_UNKNOWN ? -1 : rsp->payload[0];
	int label = s->op == PC_OP_PERSONALISE ? -1 : rsp->payload[1] == PC_PIXEL_LABEL ? -1 : rsp->payload[1];
	if (s->src->result && s->src->result(s->src->ctx, i, pred, label)) {
		snprintf(c->err, sizeof c->err, "stopped");
		return -1;
	}
	return 0;
}

int pc_client_samples(struct pc_client *c, enum pc_sample_op op, size_t n,
		      const struct pc_sample_src *src)
{
	struct samples s = { op, src };
	struct job j = { n, &s, sample_build, sample_done, JOB_SAMPLES, { 0 }, 1, 0, 0 };
	if (n == 0)
		return 0;
	/* the counters that tell a recovery how many requests ran and how many were right:
	 * TRAIN_SAMPLES / PERS_SAMPLES (one per request), INFER: L2_READS (10 x H per request,
	 * labeled or not; INFER_SAMPLES counts labeled ones only), and TRAIN_ / INFER_CORRECT */
	j.base.n = op == PC_OP_PERSONALISE ? 1 : 2;
	j.base.idx[0] = op == PC_OP_TRAIN ? PC_CNT_TRAIN_SAMPLES
		      : op == PC_OP_INFER ? PC_CNT_L2_READS : PC_CNT_PERS_SAMPLES;
	j.base.idx[1] = op == PC_OP_TRAIN ? PC_CNT_TRAIN_CORRECT : PC_CNT_INFER_CORRECT;
	if (op == PC_OP_INFER) {
		j.base.n = 3;
		j.base.idx[2] = -1 - PC_REG_HIDDEN;
	}
	if (read_vals(c, &j.base))
		return -1;
	if (op == PC_OP_INFER) {
		j.unit = (uint64_t)PC_NOUT * j.base.v[2];
		j.base.n = 2; /* H does not change during the job */
		if (j.unit == 0) {
			snprintf(c->err, sizeof c->err, "device: HIDDEN is 0");
			return -1;
		}
	}
	return run_job(c, &j);
}

/* ---- memories ------------------------------------------------------------------------------ */

struct chunk {
	uint32_t addr;
	uint16_t n;
	uint16_t host_off; /* unused for slots: address is the host address too */
};

struct memjob {
	uint8_t mem;
	int write;
	struct pc_core *core; /* read target (write: source, not modified) */
	struct chunk *ch;
};

static void slot_wire(const struct pc_slot *s, uint8_t *p)
{
	pc_put16(p, (uint16_t)((s->idx & 0x3FF) | (s->age & 0x3F) << 10));
	pc_put16(p + 2, (uint16_t)s->w);
	pc_put16(p + 4, s->aux);
}

static void slot_host(struct pc_slot *s, const uint8_t *p)
{
	uint16_t ia = pc_get16(p);
	s->idx = ia & 0x3FF;
	s->age = (uint8_t)(ia >> 10);
	s->w = (int16_t)pc_get16(p + 2);
	s->aux = pc_get16(p + 4);
}

static uint16_t mem_build(void *ctx, size_t i, uint8_t *cmd, uint8_t *p)
{
	struct memjob *m = ctx;
	const struct chunk *ch = &m->ch[i];
	unsigned wb = pc_mem_word_bytes(m->mem);
	p[0] = m->mem;
	pc_put32(p + 1, ch->addr);
	if (!m->write) {
		*cmd = PC_CMD_MEM_READ;
		pc_put16(p + 5, ch->n);
		return 7;
	}
	*cmd = PC_CMD_MEM_WRITE;
	uint8_t *w = p + 5;
	for (uint32_t k = 0; k < ch->n; k++, w += wb) {
		uint32_t a = ch->addr + k;
		if (m->mem == PC_MEM_SLOTS)
			slot_wire(&m->core->slot[a], w);
		else if (m->mem == PC_MEM_W2)
			pc_put16(w, (uint16_t)m->core->w2[a]);
		else
			pc_put16(w, m->core->nlive[a]);
	}
	return (uint16_t)(5 + ch->n * wb);
}

static int mem_done(struct pc_client *c, void *ctx, size_t i, const struct pc_frame *rsp)
{
	struct memjob *m = ctx;
	const struct chunk *ch = &m->ch[i];
	unsigned wb = pc_mem_word_bytes(m->mem);
	if (m->write)
		return rsp->len == 0 ? 0 : (snprintf(c->err, sizeof c->err, "device: bad MEM_WRITE response"), -1);
	if (rsp->len != ch->n * wb) {
		snprintf(c->err, sizeof c->err, "device: MEM_READ answered %u bytes, expected %u",
			 rsp->len, ch->n * wb);
		return -1;
	}
	const uint8_t *p = rsp->payload;
	for (uint32_t k = 0; k < ch->n; k++, p += wb) {
		uint32_t a = ch->addr + k;
		if (m->mem == PC_MEM_SLOTS)
			slot_host(&m->core->slot[a], p);
		else if (m->mem == PC_MEM_W2)
			m->core->w2[a] = (int16_t)pc_get16(p);
		else
			m->core->nlive[a] = pc_get16(p);
	}
	return 0;
}

/* split [addr, addr+n) into chunks of at most max words; returns the count written to ch */
static size_t split(struct chunk *ch, uint32_t addr, uint32_t n, uint32_t max)
{
	size_t k = 0;
	while (n > 0) {
		uint32_t m = n < max ? n : max;
		ch[k].addr = addr;
		ch[k].n = (uint16_t)m;
		k++;
		addr += m;
		n -= m;
	}
	return k;
}

/* one memory, pipelined: nlive and W2 contiguous from 0; slots the live ranges per neuron */
static int mem_job(struct pc_client *c, struct pc_core *core, uint8_t mem, int write)
{
	const uint32_t H = core->reg[PC_REG_HIDDEN], S = core->reg[PC_REG_SLOTS];
	unsigned wb = pc_mem_word_bytes(mem);
	uint32_t max = (write ? PC_MAX_PAYLOAD - 5 : PC_MAX_PAYLOAD) / wb;
	size_t cap = 0, n = 0;

	if (mem == PC_MEM_SLOTS)
		cap = (size_t)H * S / max + H + 1;
	else
		cap = (size_t)H * PC_NOUT / max + 2;
	struct chunk *ch = calloc(cap, sizeof *ch);
	if (!ch) {
		snprintf(c->err, sizeof c->err, "out of memory");
		return -1;
	}
	if (mem == PC_MEM_SLOTS)
		for (uint32_t j = 0; j < H; j++)
			n += split(ch + n, j * S, core->nlive[j], max);
	else
		n = split(ch, 0, mem == PC_MEM_W2 ? H * PC_NOUT : H, max);
	struct memjob m = { mem, write, core, ch };
	struct job j = { n, &m, mem_build, mem_done, JOB_IDEMPOTENT, { 0 }, 1, 0, 0 };
	int r = run_job(c, &j);
	free(ch);
	return r;
}

/* every register but ID, then every counter as lo/hi register pairs */
static size_t state_regs(uint16_t *addr)
{
	size_t n = 0;
	for (unsigned a = 0; a < PC_REG_COUNT; a++)
		if (a != PC_REG_ID)
			addr[n++] = (uint16_t)a;
	for (unsigned i = 0; i < 2 * PC_NCOUNTERS; i++)
		addr[n++] = (uint16_t)(PC_REG_CNT_BASE + i);
	return n;
}

static int check_fits(struct pc_client *c, const struct pc_core *core, uint32_t h_max, uint32_t cap,
		      const char *who)
{
	const uint32_t H = core->reg[PC_REG_HIDDEN], S = core->reg[PC_REG_SLOTS];
	if (H == 0 || H > h_max || S == 0 || S > PC_S_MAX || (uint64_t)H * S > cap) {
		snprintf(c->err, sizeof c->err, "%s: H %u x S %u does not fit (h_max %u, slot_cap %u)",
			 who, H, S, h_max, cap);
		return -1;
	}
	for (uint32_t j = 0; j < H; j++)
		if (core->nlive[j] > S) {
			snprintf(c->err, sizeof c->err, "%s: neuron %u has %u live slots > S %u", who, j,
				 core->nlive[j], S);
			return -1;
		}
	return 0;
}

int pc_client_load_state(struct pc_client *c, const struct pc_core *core)
{
	uint16_t addr[PC_REG_COUNT + 2 * PC_NCOUNTERS];
	uint32_t val[PC_REG_COUNT + 2 * PC_NCOUNTERS];
	size_t n = state_regs(addr);

	if (check_fits(c, core, c->st.h_max, c->st.slot_cap, "device"))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (addr[i] < PC_REG_COUNT) {
			val[i] = core->reg[addr[i]];
		} else {
			unsigned k = addr[i] - PC_REG_CNT_BASE;
			uint64_t v = core->cnt[k / 2];
			val[i] = k & 1 ? (uint32_t)(v >> 32) : (uint32_t)v;
		}
	}
	if (pc_client_write_regs(c, addr, val, n))
		return -1;
	/* the memories are read, not written, through the const pointer */
	struct pc_core *src = (struct pc_core *)(uintptr_t)core;
	if (mem_job(c, src, PC_MEM_NLIVE, 1) || mem_job(c, src, PC_MEM_SLOTS, 1) ||
	    mem_job(c, src, PC_MEM_W2, 1))
		return -1;
	return 0;
}

int pc_client_read_state(struct pc_client *c, struct pc_core *core)
{
	uint16_t addr[1 + PC_REG_COUNT + 2 * PC_NCOUNTERS];
	uint32_t val[1 + PC_REG_COUNT + 2 * PC_NCOUNTERS];
	size_t n;

	addr[0] = PC_REG_ID;
	n = 1 + state_regs(addr + 1);
	if (pc_client_read_regs(c, addr, val, n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (addr[i] < PC_REG_COUNT) {
			core->reg[addr[i]] = val[i];
		} else {
			unsigned k = addr[i] - PC_REG_CNT_BASE;
			uint64_t *v = &core->cnt[k / 2];
			*v = k & 1 ? (*v & 0xFFFFFFFFull) | (uint64_t)val[i] << 32
				   : (*v & ~0xFFFFFFFFull) | val[i];
		}
	}
	memset(core->nlive, 0, sizeof core->nlive);
	if (check_fits(c, core, core->h_max, core->slot_cap, "host copy"))
		return -1;
	if (mem_job(c, core, PC_MEM_NLIVE, 0))
		return -1;
	if (check_fits(c, core, core->h_max, core->slot_cap, "device state"))
		return -1;
	memset(core->w2, 0, sizeof core->w2);
	if (mem_job(c, core, PC_MEM_SLOTS, 0) || mem_job(c, core, PC_MEM_W2, 0))
		return -1;
	return 0;
}
