/* SPDX-License-Identifier: ISC */
/* client.h — the protocol client (docs/protocol.md) over a struct pc_transport.
 *
 * Every call sends requests with fresh sequence numbers (1..255; 0 is never used, so an
 * error response with SEQ 0 — "the frame never arrived" — matches no request) and matches
 * the responses by SEQ. Bulk work (samples, memory loads and dumps) is pipelined: the bytes
 * sent but not yet answered stay <= the device's rx_fifo_bytes (from STATUS), so several
 * frames are in flight but the device FIFO never overflows; results are delivered in request
 * order whatever happens.
 *
 * Errors: a response with code 1/2/4/6 (the frame was damaged or lost on the way) makes the
 * client resend that request with a new SEQ; a request with no response before a later one
 * was answered was lost and is resent too. 8 consecutive errors → give up. Codes 3 (unknown
 * command) and 5 (bad argument) arrive only for intact frames; resending cannot help, so they
 * fail the call at once. A read timeout fails the call (after a resend round if errors were
 * seen just before). Caveat: a resent TRAIN runs after the requests that were in flight behind
 * it, and a response damaged on the way back (its request did run) leads to a second run of
 * that request — exact replay needs a clean link, or exact mode:
 *
 * Exact mode (c->exact = 1; pc_client_open sets it for the usb transport, a link that can damage
 * bytes; clear it to get the pipeline back):
 * sample requests (TRAIN, INFER, PERSONALISE) are sent one at a time (no pipelining), so a
 * request that failed has nothing behind it that could overtake it; an error response means
 * the request did not run (resend); a damaged, lost or late response is ambiguous and is settled
 * by reading the device's sample counter (TRAIN_SAMPLES / INFER_SAMPLES / PERS_SAMPLES, with
 * TRAIN_CORRECT / INFER_CORRECT for the lost prediction): moved by one → it ran, not resent;
 * unchanged → resent. So every sample runs exactly once and in order over a lossy link. A
 * lost prediction is reported as the label (correct) or -1 (wrong) — enough for accuracies.
 * Also in exact mode, a response timeout with only idempotent requests in flight (STATUS,
 * WRITE_REG, READ_REG, COUNTERS, MEM_*) gets one resend round before the call fails: a damaged SOF
 * makes a frame vanish without an error response. A dead device is reported after at most two
 * timeouts. Limits: unlabeled INFER has no counter (an ambiguous one is resent blindly); STRUCT_PASS
 * and ACT_PRUNE are not verified. Cost: one round trip per sample instead of a full pipeline.
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
	int exact;                   /* exact mode (see above); set by open for the usb transport */
	int settling;                /* exact mode: inside a counter check */
	uint8_t seq;                 /* last used */
	struct pc_decoder dec;
	uint8_t rx[4096];
	size_t rx_n, rx_off;
	/* pipeline */
	struct pc_client_inflight q[PC_CLIENT_WINDOW]; /* in send order, ring */
	unsigned q_head, q_n;
	struct pc_frame *held;       /* PC_CLIENT_WINDOW answered responses waiting for order */
	uint8_t *have;
	/* statistics */
	uint64_t frames_sent, resends, errors_seen;
	uint64_t verified;           /* exact mode: ambiguous outcomes settled through the counters */
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
	 * c->err "stopped"). pred -1: the response was lost, the request ran and its prediction
	 * was wrong (exact mode only; a lost correct prediction is reported as the label) */
	int (*result)(void *ctx, size_t i, int pred, int label);
};

/* stream n samples, pipelined */
int pc_client_samples(struct pc_client *c, enum pc_sample_op op, size_t n,
		      const struct pc_sample_src *src);

#endif
