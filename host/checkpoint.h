/* SPDX-License-Identifier: ISC */
/* checkpoint.h — save / load the complete learned state plus the host's run state.
 *
 * File (little-endian), version 1:
 *   magic "PLCKPT\r\n" (8) | u32 version | u32 body length | body | u32 CRC-32 (zlib crc32 of
 *   everything before it)
 *   body: run state (fixed layout, see checkpoint.c), then two cores — the current state and the
 *   initial weights of the run (for the minimum energy) — each as
 *   u16 nreg, nreg × u32 registers | u16 ncnt, ncnt × u64 counters | nlive[H] u16 |
 *   the live slots of each neuron as 6-byte wire words (docs/protocol.md) | W2[H*10] s16
 * Writes go to FILE.tmp and are renamed, so a crash never leaves half a checkpoint.
 * Loading refuses (one-line message) a missing file, wrong magic, another version, a
 * truncated or over-long file, a CRC mismatch and inconsistent contents (H*S too large,
 * nlive > S, slot idx >= 784).
 */
#ifndef PC_CHECKPOINT_H
#define PC_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

#define PC_CKPT_VERSION 1

struct pc_run_state {
	char preset[16];
	char backend[8];      /* where it was trained (informative) */
	uint32_t seed;        /* init seed */
	uint32_t shuffle_seed;
	uint32_t epochs;      /* planned */
	uint32_t epoch;       /* epoch in progress (0-based); == epochs when training is done */
	uint32_t next_index;  /* next position in this epoch's order */
	uint32_t train_limit, test_limit; /* 0 = all */
	int32_t amp1, amp2;
};

/* cores: initialised by the caller (pc_core_init); load needs slot_cap >= H*S of the file */
int pc_checkpoint_save(const char *path, const struct pc_run_state *run, const struct pc_core *state,
		       const struct pc_core *init, char *err, size_t errlen);
int pc_checkpoint_load(const char *path, struct pc_run_state *run, struct pc_core *state,
		       struct pc_core *init, char *err, size_t errlen);

#endif
