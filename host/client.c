/* SPDX-License-Identifier: ISC */
/* client.c — protocol client: a pipelined request engine ("jobs") and the commands on it. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a job: n requests, built on demand, answered in order */
struct job {
	size_t n;
	void *ctx;
	/* request i: command and payload; returns the payload length */
	uint16_t (*build)(void *ctx, size_t i, uint8_t *cmd, uint8_t *payload);
	/* the response to request i, in order of i; 0 ok, -1 stop (c->err set) */
	int (*done)(struct pc_client *c, void *ctx, size_t i, const struct pc_frame *rsp);
	/* exact mode (sample jobs): one request at a time; an ambiguous outcome is settled by the
	 * counter vcnt (and vcor for the prediction); vcnt < 0: blind resend */
	int exact, vcnt, vcor;
	uint64_t vseen, vcorrect; /* the counters' values before the request in flight */
};

/* a lost sample response whose request ran: payload[0] = this, "prediction unknown, wrong" */
#define PRED_LOST_WRONG 0xFE

/* ---- receiving -------------------------------------------------------------------------- */

enum { RX_FRAME = 0, RX_BAD = 1, RX_TIMEOUT = -1, RX_IO = -2 };

/* next response frame, or a damaged one (RX_BAD), or an error */
static int rx_frame(struct pc_client *c, struct pc_frame *out)
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
		long k = c->t->read(c->t, c->rx, sizeof c->rx, c->timeout_ms);
		if (k == PC_T_ERR_TIMEOUT)
			return RX_TIMEOUT;
		if (k < 0) {
			snprintf(c->err, sizeof c->err, "%s transport: %.200s", c->t->name, c->t->err);
			return RX_IO;
		}
		c->rx_off = 0;
		c->rx_n = (size_t)k;
	}
}

/* ---- the pipeline ----------------------------------------------------------------------- */

static uint8_t next_seq(struct pc_client *c)
{
	c->seq = c->seq == 255 ? 1 : (uint8_t)(c->seq + 1);
	return c->seq;
}

static struct pc_client_inflight *q_at(struct pc_client *c, unsigned k)
{
	return &c->q[(c->q_head + k) % PC_CLIENT_WINDOW];
}

static unsigned q_bytes(struct pc_client *c)
{
	unsigned b = 0;
	for (unsigned k = 0; k < c->q_n; k++)
		b += q_at(c, k)->flen;
	return b;
}

/* remove entry k of the queue (keeps the order of the rest) */
static void q_remove(struct pc_client *c, unsigned k)
{
	for (unsigned m = k; m + 1 < c->q_n; m++)
		*q_at(c, m) = *q_at(c, m + 1);
	c->q_n--;
}

/* retry list: request indices to resend, ascending */
struct retry {
	size_t i[PC_CLIENT_WINDOW];
	unsigned n;
};

static void retry_add(struct retry *r, size_t i)
{
	unsigned k = r->n++;
	while (k > 0 && r->i[k - 1] > i) {
		r->i[k] = r->i[k - 1];
		k--;
	}
	r->i[k] = i;
}

static size_t retry_pop(struct retry *r)
{
	size_t i = r->i[0];
	memmove(r->i, r->i + 1, --r->n * sizeof r->i[0]);
	return i;
}

/* build request i into the next queue entry and send it, if it fits the device FIFO beside
 * what is in flight (a lone request is always sent). 0 sent, 1 does not fit now, -1 error */
static int send_req(struct pc_client *c, const struct job *j, size_t i, int resend, unsigned fifo)
{
	uint8_t payload[PC_MAX_PAYLOAD];
	struct pc_client_inflight *e = q_at(c, c->q_n);
	uint8_t cmd = 0;
	uint16_t len = j->build(j->ctx, i, &cmd, payload);

	if (c->q_n > 0 && q_bytes(c) + PC_FRAME_OVERHEAD + len > fifo)
		return 1;
	e->i = i;
	e->cmd = cmd;
	e->seq = next_seq(c);
	e->flen = (uint16_t)pc_frame_encode(e->frame, PC_SOF_REQ, cmd, e->seq, payload, len);
	int r = c->t->write(c->t, e->frame, e->flen);
	if (r != PC_T_OK) {
		snprintf(c->err, sizeof c->err, "%s transport: %.200s", c->t->name, c->t->err);
		return -1;
	}
	c->q_n++;
	c->frames_sent++;
	if (resend)
		c->resends++;
	return 0;
}

static int too_many(struct pc_client *c, unsigned consec, const char *what)
{
	if (consec < PC_CLIENT_MAX_ERRORS)
		return 0;
	snprintf(c->err, sizeof c->err,
		 "device: %u consecutive failed requests (last: %s); giving up — check the link",
		 consec, what);
	return 1;
}

static int request(struct pc_client *c, uint8_t cmd, const uint8_t *payload, uint16_t len,
		   struct pc_frame *rsp, int want_len);

/* counters a and b (b < 0: not read) of the device, through READ_REG (idempotent) */
static int read_counters(struct pc_client *c, int a, int b, uint64_t *va, uint64_t *vb)
{
	uint8_t p[8];
	struct pc_frame rsp;
	unsigned n = b >= 0 ? 4 : 2;
	pc_put16(p, (uint16_t)(PC_REG_CNT_BASE + 2 * a));
	pc_put16(p + 2, (uint16_t)(PC_REG_CNT_BASE + 2 * a + 1));
	if (b >= 0) {
		pc_put16(p + 4, (uint16_t)(PC_REG_CNT_BASE + 2 * b));
		pc_put16(p + 6, (uint16_t)(PC_REG_CNT_BASE + 2 * b + 1));
	}
	if (request(c, PC_CMD_READ_REG, p, (uint16_t)(2 * n), &rsp, (int)(4 * n)))
		return -1;
	*va = pc_get32(rsp.payload) | (uint64_t)pc_get32(rsp.payload + 4) << 32;
	if (b >= 0)
		*vb = pc_get32(rsp.payload + 8) | (uint64_t)pc_get32(rsp.payload + 12) << 32;
	return 0;
}

/* exact mode: did the request e (alone in flight, now dropped from the queue) run? Reads the
 * job's counter: the READ_REG queues behind e at the device, so e has finished by then.
 * 1 it ran (*rsp = a stand-in response), 0 it did not, -1 error (c->err) */
static int settle(struct pc_client *c, struct job *j, const struct pc_client_inflight *e,
		  struct pc_frame *rsp)
{
	uint64_t n = 0, k = 0;
	uint8_t label = e->flen > PC_FRAME_OVERHEAD ? e->frame[5] : PC_PIXEL_LABEL;
	if (j->vcnt < 0 || (e->cmd != PC_CMD_PERSONALISE && label == PC_PIXEL_LABEL))
		return 0; /* nothing counts this request: resend blindly */
	c->verified++;
	c->settling = 1; /* the request's own timeout was the resend round: no second wait */
	int r = read_counters(c, j->vcnt, j->vcor, &n, &k);
	c->settling = 0;
	if (r)
		return -1;
	if (n == j->vseen)
		return 0;
	if (n != j->vseen + 1) {
		snprintf(c->err, sizeof c->err,
			 "device: %s counter moved by %lld for one request: cannot tell what ran",
			 pc_cmd_name(e->cmd), (long long)(n - j->vseen));
		return -1;
	}
	memset(rsp, 0, sizeof *rsp);
	rsp->cmd = e->cmd | PC_RESP_BIT;
	rsp->seq = e->seq;
	if (e->cmd == PC_CMD_PERSONALISE) {
		rsp->len = 1;
		rsp->payload[0] = PRED_LOST_WRONG;
	} else {
		rsp->len = 2;
		rsp->payload[0] = k == j->vcorrect + 1 ? label : PRED_LOST_WRONG;
		rsp->payload[1] = label;
	}
	return 1;
}

/* everything in flight may run twice without harm */
static int idempotent_in_flight(struct pc_client *c)
{
	for (unsigned k = 0; k < c->q_n; k++)
		switch (q_at(c, k)->cmd) {
		case PC_CMD_STATUS: case PC_CMD_WRITE_REG: case PC_CMD_READ_REG: case PC_CMD_COUNTERS:
		case PC_CMD_MEM_WRITE: case PC_CMD_MEM_READ:
			break;
		default:
			return 0;
		}
	return 1;
}

static int run_job(struct pc_client *c, struct job *j)
{
	struct retry retry = { .n = 0 };
	size_t next_send = 0, next_done = 0;
	unsigned consec = 0, fifo = c->st.rx_fifo_bytes ? c->st.rx_fifo_bytes : 256;
	const unsigned win = j->exact ? 1 : PC_CLIENT_WINDOW;
	int timeout_round = c->settling; /* exact mode: one resend round after a silent loss */
	const char *last = "none";
	char lastbuf[64];
	int ret = -1;

	c->q_n = 0;
	memset(c->have, 0, PC_CLIENT_WINDOW);
	while (next_done < j->n) {
		/* send while the window, the order ring and the device FIFO allow */
		while (c->q_n < win) {
			size_t i;
			int resend = retry.n > 0;
			if (resend)
				i = retry.i[0];
			else if (next_send < j->n && next_send < next_done + win)
				i = next_send;
			else
				break;
			int r = send_req(c, j, i, resend, fifo);
			if (r < 0)
				goto out;
			if (r > 0)
				break;
			if (resend)
				retry_pop(&retry);
			else
				next_send++;
		}
		struct pc_frame rsp;
		int r = rx_frame(c, &rsp);
		if (r == RX_IO)
			goto out;
		if (j->exact && c->q_n > 0 && (r == RX_BAD || r == RX_TIMEOUT)) {
			/* damaged or no response: ask the counters whether the request ran */
			struct pc_client_inflight e = *q_at(c, 0);
			c->q_n = 0;
			c->errors_seen++;
			last = r == RX_BAD ? "damaged response" : "no response";
			if (too_many(c, ++consec, last))
				goto out;
			int ran = settle(c, j, &e, &rsp);
			if (ran < 0)
				goto out;
			if (!ran) {
				retry_add(&retry, e.i);
				continue;
			}
			c->q_n = 1; /* deliver the stand-in below as the answer to e */
			*q_at(c, 0) = e;
			r = RX_FRAME;
		} else if (r == RX_BAD) {
			c->errors_seen++;
			last = "damaged response";
			if (too_many(c, ++consec, last))
				goto out;
			continue;
		}
		if (r == RX_TIMEOUT) {
			if (c->exact && !timeout_round && c->q_n > 0 && idempotent_in_flight(c)) {
				/* a lossy link can swallow a frame without a trace (a damaged SOF): once */
				timeout_round = 1;
				consec++;
				c->errors_seen++;
				while (c->q_n) {
					retry_add(&retry, q_at(c, 0)->i);
					q_remove(c, 0);
				}
				continue;
			}
			if (consec > 0 && c->q_n > 0) { /* errors just before: assume all were lost */
				while (c->q_n) {
					retry_add(&retry, q_at(c, 0)->i);
					q_remove(c, 0);
				}
				if (too_many(c, ++consec, "no response"))
					goto out;
				continue;
			}
			snprintf(c->err, sizeof c->err, "device: no response within %d ms (%u request%s in flight)",
				 c->timeout_ms, c->q_n, c->q_n == 1 ? "" : "s");
			goto out;
		}
		unsigned k = 0;
		while (k < c->q_n && q_at(c, k)->seq != rsp.seq)
			k++;
		if (k == c->q_n) { /* stale or SEQ 0: matches nothing in flight */
			if (rsp.cmd == PC_CMD_ERROR) {
				c->errors_seen++;
				snprintf(lastbuf, sizeof lastbuf, "%s",
					 rsp.len ? pc_errcode_name(rsp.payload[0]) : "error");
				last = lastbuf;
				if (too_many(c, ++consec, last))
					goto out;
			}
			continue;
		}
		/* everything sent before the answered request got no answer: lost */
		while (k > 0) {
			retry_add(&retry, q_at(c, 0)->i);
			q_remove(c, 0);
			k--;
			c->errors_seen++;
			last = "request lost";
			if (too_many(c, ++consec, last))
				goto out;
		}
		struct pc_client_inflight e = *q_at(c, 0);
		q_remove(c, 0);
		if (rsp.cmd == PC_CMD_ERROR) {
			unsigned code = rsp.len ? rsp.payload[0] : 0;
			c->errors_seen++;
			if (code == PC_E_CMD || code == PC_E_ARG) {
				snprintf(c->err, sizeof c->err, "device rejected %s: %s (error %u)",
					 pc_cmd_name(e.cmd), pc_errcode_name(code), code);
				goto out;
			}
			snprintf(lastbuf, sizeof lastbuf, "%s (error %u)", pc_errcode_name(code), code);
			last = lastbuf;
			if (too_many(c, ++consec, last))
				goto out;
			retry_add(&retry, e.i);
			continue;
		}
		if (rsp.cmd != (e.cmd | PC_RESP_BIT)) {
			snprintf(c->err, sizeof c->err, "device: response 0x%02X to %s (SEQ %u)", rsp.cmd,
				 pc_cmd_name(e.cmd), rsp.seq);
			goto out;
		}
		consec = 0;
		if (j->exact && (rsp.len == 1 || (rsp.len == 2 && rsp.payload[1] != PC_PIXEL_LABEL))) {
			j->vseen++; /* a sample the counter counts: PERSONALISE, labeled TRAIN / INFER */
			if (rsp.len == 2 && rsp.payload[0] == rsp.payload[1])
				j->vcorrect++;
		}
		c->held[e.i % PC_CLIENT_WINDOW] = rsp;
		c->have[e.i % PC_CLIENT_WINDOW] = 1;
		while (next_done < j->n && c->have[next_done % PC_CLIENT_WINDOW]) {
			c->have[next_done % PC_CLIENT_WINDOW] = 0;
			if (j->done(c, j->ctx, next_done, &c->held[next_done % PC_CLIENT_WINDOW]))
				goto out;
			next_done++;
		}
	}
	ret = 0;
out:
	if (ret) {
		/* drop whatever is still in flight: answers to it will be stale */
		c->q_n = 0;
	}
	return ret;
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
	struct job j = { 1, &s, single_build, single_done, 0, -1, -1, 0, 0 };
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
	c->exact = t->name && !strcmp(t->name, "usb"); /* a link that can damage bytes */
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
	return 0;
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
	if (rsp->len != want || (rsp->payload[0] > 9 && rsp->payload[0] != PRED_LOST_WRONG)) {
		snprintf(c->err, sizeof c->err, "device: bad response to sample %zu", i);
		return -1;
	}
	int pred = rsp->payload[0] == PRED_LOST_WRONG ? -1 : rsp->payload[0];
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
	struct job j = { n, &s, sample_build, sample_done, c->exact, -1, -1, 0, 0 };
	if (c->exact && n > 0) {
		j.vcnt = op == PC_OP_TRAIN ? PC_CNT_TRAIN_SAMPLES
		       : op == PC_OP_INFER ? PC_CNT_INFER_SAMPLES : PC_CNT_PERS_SAMPLES;
		j.vcor = op == PC_OP_TRAIN ? PC_CNT_TRAIN_CORRECT
		       : op == PC_OP_INFER ? PC_CNT_INFER_CORRECT : -1;
		if (read_counters(c, j.vcnt, j.vcor, &j.vseen, &j.vcorrect))
			return -1;
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
	struct job j = { n, &m, mem_build, mem_done, 0, -1, -1, 0, 0 };
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
