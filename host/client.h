/* SPDX-License-Identifier: ISC */
/* client.h — the protocol client (docs/protocol.md) over a struct pc_transport.
 *
 * Go-back-N (the device half is the exp_seq rule, docs/protocol.md "Sequence"): every request
 * gets the next sequence number (1..255, 0 never used) and the device executes a frame only if
 * it carries the SEQ it expects, so what ran is always a prefix, in order and once each, of what
 * was sent since the last STATUS. Bulk work (samples, memory loads and dumps) is pipelined on
 * every transport: the bytes sent but not yet answered stay <= the device's rx_fifo_bytes
 * (from STATUS) minus a small reserve for a resync, so several frames are in flight but the
 * device FIFO never overflows. Results are delivered in request order.
 *
 * On trouble — an error response (codes 1, 2, 4, 6, 7), a damaged or out-of-order response, no
 * response within timeout_ms — the client stops sending and recovers:
 *  1. drain: reads what is still coming until the line is quiet for 20 ms, keeping the good
 *     responses to requests in flight (a good response proves that request and all before it ran);
 *  2. resync: STATUS with a fresh SEQ (always accepted; sets exp_seq) and right behind it a
 *     READ_REG of the job's counters; a good READ_REG answer means everything sent before the
 *     STATUS has been dealt with and the sequence is in step again. A round that fails (damaged,
 *     refused or no answer) is repeated with fresh SEQs;
 *  3. decide how many of the requests in flight ran (a prefix): sample jobs from the counter
 *     delta (TRAIN_SAMPLES, PERS_SAMPLES, INFER: L2_READS / (10 H)), exact; reads and writes are
 *     idempotent: everything from the first request without a good response is resent;
 *     STRUCT_PASS / ACT_PRUNE go one at a time and a lost answer is settled by STRUCT_READS / LFSR
 *     (ACT_PRUNE's count by PRUNED);
 *  4. deliver the ones that ran, then resend the rest in order, starting with one request in
 *     flight and one more per good answer (slow start: on a noisy stretch a damaged first frame
 *     does not take a whole window with it; PC_CLIENT_WINDOW again after as many answers).
 * A request that ran but whose response was lost has an unknown prediction: with one such in a
 * recovery (or all right / all wrong) TRAIN_CORRECT / INFER_CORRECT tell whether it was right
 * (reported as the label) or wrong (-1); otherwise -1 and c->unknown_correct counts the right
 * ones among them, so totals can still be exact (pc_cli_stream adds it).
 * Codes 3 (unknown command) and 5 (bad argument) to the request at the head answer an intact
 * frame: resending cannot help, the call fails at once. 8 consecutive failed resync rounds
 * without progress → the call fails ("… consecutive failed resync rounds …"); a device silent
 * for two timeouts in a row → "device: no response within N ms". The session's first STATUS
 * (pc_client_open) puts the device's sequence in step; after a failed call with requests in
 * flight the next call starts with a resync.
 *
 * All functions return 0 (or a count >= 0) on success and -1 on failure with a one-line
 * message in c->err.
 */
#ifndef PC_CLIENT_H
#define PC_CLIENT_H

#include "core.h"
#include "proto.h"
#include "transport.h"

#define PC_CLIENT_WINDOW     32   /* most requests in flight */
#define PC_CLIENT_MAX_ERRORS 8    /* consecutive errors before giving up */
#define PC_CLIENT_TIMEOUT_MS 3000 /* default response timeout */

struct pc_status {
	uint32_t id;
	uint16_t version, h_max;
	uint32_t slot_cap;
	uint16_t max_payload, rx_fifo_bytes;
	uint32_t features; /* the FEATURES register (read by pc_client_open, not part of STATUS) */
};

struct pc_client_inflight {
	size_t i;           /* request index within the job */
	uint8_t seq, cmd;
	uint16_t flen;
	uint8_t frame[PC_FRAME_MAX];
};

struct pc_client {
	struct pc_transport *t;
	struct pc_status st;
	int timeout_ms;
	uint8_t seq;                 /* last used */
	struct pc_decoder dec;
	uint8_t rx[4096];
	size_t rx_n, rx_off;
	uint64_t rx_bytes;           /* received in all */
	/* pipeline */
	struct pc_client_inflight q[PC_CLIENT_WINDOW]; /* in send order (consecutive SEQs), ring */
	unsigned q_head, q_n, q_bytes;
	struct pc_frame *held;       /* recovery: good responses to q entry k (PC_CLIENT_WINDOW) */
	uint8_t *have;
	unsigned fails;              /* resync rounds since the last progress */
	unsigned cwnd;               /* requests allowed in flight: 1 after a recovery, + 1 per answer */
	int need_sync;               /* a failed call left requests in flight */
	/* statistics */
	uint64_t frames_sent, resends, errors_seen, recoveries;
	uint64_t lost_responses;     /* requests that ran but whose response was lost */
	uint64_t unknown_correct;    /* right predictions among those reported as -1 (unknown) */
	unsigned max_inflight, max_inflight_bytes; /* most requests / bytes in flight at once */
	char err[256];
};

/* takes the transport (not its ownership); sends STATUS and checks id/version.
 * timeout_ms <= 0: PC_CLIENT_TIMEOUT_MS */
int pc_client_open(struct pc_client *c, struct pc_transport *t, int timeout_ms);
void pc_client_close(struct pc_client *c); /* frees the client's buffers, not the transport */

int pc_client_status(struct pc_client *c, struct pc_status *st);
int pc_client_write_regs(struct pc_client *c, const uint16_t *addr, const uint32_t *val, size_t n);
int pc_client_read_regs(struct pc_client *c, const uint16_t *addr, uint32_t *val, size_t n);
int pc_client_write_reg(struct pc_client *c, uint16_t addr, uint32_t val);
int pc_client_read_reg(struct pc_client *c, uint16_t addr, uint32_t *val);
int pc_client_counters(struct pc_client *c, uint64_t cnt[PC_NCOUNTERS]);
int pc_client_struct_pass(struct pc_client *c);
long pc_client_act_prune(struct pc_client *c, uint32_t keep); /* pruned count */

/* the whole learned state: every writable register (incl. LFSR, LIVE, SINCE_PRUNE), every
 * counter (through registers 0x40..), nlive[0..H), the live slots of each neuron, W2[0..H*10) */
int pc_client_load_state(struct pc_client *c, const struct pc_core *core);
/* the same, read back into core (initialised by the caller with h_max >= H, slot_cap >= H*S);
 * slots beyond nlive[j] are left as they were */
int pc_client_read_state(struct pc_client *c, struct pc_core *core);

enum pc_sample_op { PC_OP_TRAIN, PC_OP_INFER, PC_OP_PERSONALISE };

struct pc_sample_src {
	void *ctx;
	/* sample i: packed pixels and label (0..9; INFER: -1 = unlabeled; ignored by PERSONALISE) */
	void (*get)(void *ctx, size_t i, uint8_t pix[PC_PIX_BYTES], int *label);
	/* its result, called in sample order; non-zero stops the run (the call fails with
	 * c->err "stopped"). pred -1: the request ran but its response was lost and the prediction
	 * is unknown (wrong, or counted in c->unknown_correct; see above) */
	int (*result)(void *ctx, size_t i, int pred, int label);
};

/* every client of the process together (for tests and benchmarks; reset it freely) */
struct pc_client_totals {
	uint64_t frames_sent, resends, recoveries;
	unsigned max_inflight, max_inflight_bytes;
};
extern struct pc_client_totals pc_client_totals;

/* stream n samples, pipelined */
int pc_client_samples(struct pc_client *c, enum pc_sample_op op, size_t n,
		      const struct pc_sample_src *src);

#endif
