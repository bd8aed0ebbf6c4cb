/* SPDX-License-Identifier: ISC */
/* refdev.h — the C reference *device*: a protocol peer (docs/protocol.md) that executes
 * frames on a struct pc_core exactly as the RTL must (same responses, same error codes,
 * same FRAME_ERRORS / RX_DROPPED counting).
 *
 * Model of time: the device has an RX FIFO of PC_REFDEV_RX_FIFO bytes. pc_refdev_feed()
 * only fills it (bytes beyond its capacity are lost and reported as error 6 when the parser
 * reaches the gap); pc_refdev_run() lets the device drain it, executing every complete frame
 * and queueing the responses, which pc_refdev_take() hands out. transport_ref.c runs the
 * device whenever the host reads, i.e. the device is "slow" until the host waits for it, so
 * a host that breaks the flow-control rule really overflows the FIFO.
 *
 * There is no clock: RX_TIMEOUT (error 4) cannot expire by itself; pc_refdev_timeout()
 * simulates its expiry for tests.
 *
 * Decisions the RTL must share (interface notes):
 *  - order of checks on a complete frame: CRC (1), unknown CMD (3), LEN for the CMD (2),
 *    arguments (5); LEN > MAX_PAYLOAD is reported (2) as soon as LEN has arrived.
 *  - WRITE_REG is all-or-nothing: one bad address/value → error 5, no register changes.
 *  - MEM_WRITE / MEM_READ ranges are checked against the memory sizes (slots: slot_cap,
 *    W2: h_max*10, nlive: h_max); MEM_READ n must be >= 1 and n*word <= MAX_PAYLOAD (else 5).
 *  - TRAIN / INFER / PERSONALISE / STRUCT_PASS / ACT_PRUNE on an inconsistent state
 *    (H*S > slot_cap, nlive[j] > S, a live slot with idx >= 784) → error 5.
 *  - an overflow gap produces error 6 (SEQ of the frame being received, else 0), then hunt.
 *  - sequence rule (go-back-N): exp_seq (reset 1; next(s) = s == 255 ? 1 : s + 1). A frame with
 *    a good CRC and LEN <= 1024 is accepted if CMD == STATUS (always) or SEQ == exp_seq, and then
 *    exp_seq = next(SEQ) whatever the command answers (success or errors 2/3/5); otherwise it
 *    is refused with error 7 (SEQ echoed, FRAME_ERRORS + 1, nothing executed). Errors 1/2
 *    (LEN > 1024)/4/6 leave exp_seq alone. Checked after the CRC, before the command.
 */
#ifndef PC_REFDEV_H
#define PC_REFDEV_H

#include "core.h"
#include "proto.h"

#define PC_REFDEV_RX_FIFO 2048

struct pc_refdev {
	struct pc_core core;
	struct pc_decoder dec;
	uint8_t fifo[PC_REFDEV_RX_FIFO];
	size_t fifo_n;     /* bytes buffered */
	int lost;          /* bytes were lost after fifo[fifo_n - 1] */
	uint8_t *tx;       /* responses not yet taken */
	size_t tx_len, tx_off, tx_cap;
	int state_ok;      /* -1 unknown, 0 inconsistent, 1 consistent (see above) */
	uint8_t exp_seq;   /* SEQ the next accepted frame must carry (see above) */
};

/* h_max / slot_cap 0 = PC_H_MAX / PC_SLOT_CAP_DEFAULT. 0 or -1 (out of memory / bad sizes). */
int pc_refdev_init(struct pc_refdev *d, uint32_t h_max, uint32_t slot_cap);
void pc_refdev_free(struct pc_refdev *d);

/* bytes into the RX FIFO; returns how many fitted (the rest are lost) */
size_t pc_refdev_feed(struct pc_refdev *d, const uint8_t *p, size_t n);
/* drain the RX FIFO: parse, execute, queue responses */
void pc_refdev_run(struct pc_refdev *d);
/* RX_TIMEOUT expired: a started frame becomes error 4 */
void pc_refdev_timeout(struct pc_refdev *d);
/* queued response bytes */
size_t pc_refdev_pending(const struct pc_refdev *d);
/* take up to n response bytes; returns the count */
size_t pc_refdev_take(struct pc_refdev *d, uint8_t *buf, size_t n);

#endif
