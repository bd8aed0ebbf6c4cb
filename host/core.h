/* SPDX-License-Identifier: ISC */
/* core.h — the bit-exact integer reference model of the plasticore learning core.
 *
 * This file and core.c ARE the specification (docs/spec.md explains them): the RTL in rtl/
 * must produce the same predictions, the same counters and the same memories, sample by
 * sample. Everything is integer; every arithmetic result saturates; the only randomness is
 * the xorshift32 LFSR held in the state.
 */
#ifndef PC_CORE_H
#define PC_CORE_H

#include <stdint.h>
#include <stddef.h>

#define PC_NIN        784   /* inputs (28 x 28) */
#define PC_NOUT       10    /* outputs (classes) */
#define PC_H_MAX      256   /* hidden neurons, most */
#define PC_S_MAX      784   /* slots per neuron, most */
#define PC_PIX_BYTES  392   /* 784 4-bit pixels, packed two per byte */
#define PC_IDX_FREE   0x3FF /* idx value of a free slot on the wire (never stored in live slots) */
#define PC_AGE_MAX    63

/* ---- registers (32-bit; addresses as on the wire) ------------------------------------ */
enum pc_reg {
	PC_REG_ID = 0x00,          /* RO "PLC1" */
	PC_REG_CTRL = 0x01,        /* feature switches, PC_CTRL_* */
	PC_REG_HIDDEN = 0x02,      /* H, 1..h_max */
	PC_REG_SLOTS = 0x03,       /* S, slots per neuron, 1..784, H*S <= slot_cap */
	PC_REG_LR1 = 0x04,         /* learning-rate shift, hidden layer (0..15) */
	PC_REG_LR2 = 0x05,         /* learning-rate shift, output layer (0..15) */
	PC_REG_THETA1 = 0x06,      /* gate 1 threshold, hidden layer, |dw| in LSB (0..65535) */
	PC_REG_THETA2 = 0x07,      /* gate 1 threshold, output layer */
	PC_REG_K = 0x08,           /* gate 2: plastic neurons per sample (1..H) */
	PC_REG_THETA_C = 0x09,     /* caching: consolidation threshold on |cache| */
	PC_REG_C_DECAY = 0x0A,     /* caching: cache -= cache >>> C_DECAY before each add (0 = off) */
	PC_REG_PRUNE_EVERY = 0x0B, /* structural pass every N training samples (0 = never automatically) */
	PC_REG_PRUNE_THETA = 0x0C, /* prune live synapse if |w| < PRUNE_THETA and age >= PROTECT_AGE */
	PC_REG_PROTECT_AGE = 0x0D, /* passes a synapse survives unconditionally after it grew (0..63) */
	PC_REG_GROW_W = 0x0E,      /* |w| of a new synapse (sign from the LFSR) */
	PC_REG_GROW_TRIES = 0x0F,  /* LFSR draws per free slot before the neuron stops growing */
	PC_REG_LFSR = 0x10,        /* xorshift32 state (never 0) */
	PC_REG_SINCE_PRUNE = 0x11, /* training samples since the last structural pass */
	PC_REG_TARGET = 0x12,      /* target output for the label, Q3.12 (4096 = 1.0) */
	PC_REG_LIVE = 0x13,        /* total live synapses (kept by the core, writable for loads) */
	PC_REG_RX_TIMEOUT = 0x14,  /* cycles without a byte before a started frame is an error */
	PC_REG_GROW_MAX = 0x15,    /* most synapses grown per neuron per pass */
	PC_REG_COUNT
};

enum pc_ctrl {
	PC_CTRL_GATE1 = 1u << 0,      /* drop updates with |dw| < THETA */
	PC_CTRL_GATE2 = 1u << 1,      /* only K neurons plastic per sample */
	PC_CTRL_CACHE = 1u << 2,      /* synaptic caching (hidden layer) */
	PC_CTRL_STRUCT = 1u << 3,     /* structural pass every PRUNE_EVERY samples */
	PC_CTRL_SEL_SHIFT = 4,        /* bits 5:4 gate-2 score: 0 |delta|, 1 activation, 2 random */
	PC_CTRL_SEL_MASK = 3u << 4,
	PC_CTRL_STOCH = 1u << 6,      /* gate 1 stochastic: below THETA kept as +-THETA w.p. |dw|/THETA */
};
#define PC_CTRL_MASK 0x7Fu

/* FEATURES: read only, outside the state registers (not in PC_REG_COUNT, not in checkpoints):
 * the CTRL bits the device implements. A build may leave features out (the UP5K board build
 * has no synaptic caching: 0x7B); WRITE_REG of CTRL with a bit outside it is refused (error 5). */
#define PC_REG_FEATURES 0x1Fu

enum pc_sel { PC_SEL_DELTA = 0, PC_SEL_ACT = 1, PC_SEL_RANDOM = 2 };

/* ---- counters (64-bit on the wire; saturate at 2^48-1) -------------------------------- */
enum pc_counter {
	PC_CNT_CYCLES = 0,      /* core clock cycles (RTL); the reference model leaves it 0 */
	PC_CNT_TRAIN_SAMPLES,
	PC_CNT_TRAIN_CORRECT,
	PC_CNT_INFER_SAMPLES,   /* labeled inference samples */
	PC_CNT_INFER_CORRECT,
	PC_CNT_L1_READS,        /* hidden-layer synapse reads for forward and update */
	PC_CNT_L1_WRITES,       /* hidden-layer weight writes (learning) */
	PC_CNT_L1_GATED,        /* hidden-layer updates gated away */
	PC_CNT_L1_DW,           /* sum |w_new - w_old|, hidden layer, LSB */
	PC_CNT_L2_READS,
	PC_CNT_L2_WRITES,
	PC_CNT_L2_GATED,
	PC_CNT_L2_DW,
	PC_CNT_AUX_WRITES,      /* slot writes that only change the aux field (cache, activity) */
	PC_CNT_STRUCT_READS,    /* slot reads by structural / prune passes */
	PC_CNT_STRUCT_WRITES,   /* slot writes by structural / prune passes */
	PC_CNT_PRUNED,
	PC_CNT_GROWN,
	PC_CNT_PERS_SAMPLES,    /* personalise samples */
	PC_CNT_FRAME_ERRORS,    /* protocol: error responses sent */
	PC_CNT_RX_DROPPED,      /* protocol: bytes dropped while hunting for SOF */
	PC_NCOUNTERS
};
#define PC_REG_CNT_BASE 0x40 /* counter c: lo word at 0x40 + 2c, hi word at 0x41 + 2c */
#define PC_CNT_MAX ((1ull << 48) - 1)

/* one synapse slot */
struct pc_slot {
	uint16_t idx;  /* presynaptic input 0..783 */
	uint8_t age;   /* structural passes survived since growth, saturating at 63 */
	int16_t w;     /* weight, Q1.14 (w / 2^14) */
	uint16_t aux;  /* cache (signed, CACHE mode) or activity (unsigned, personalise) */
};

struct pc_core {
	uint32_t reg[PC_REG_COUNT];
	uint64_t cnt[PC_NCOUNTERS];
	uint32_t h_max, slot_cap;               /* build-time capacities */
	uint32_t features;                      /* build-time: CTRL bits implemented (PC_CTRL_MASK) */
	uint16_t nlive[PC_H_MAX];               /* live slots of neuron j: slot[j*S .. j*S+nlive-1] */
	struct pc_slot *slot;                   /* slot_cap slots */
	int16_t w2[PC_H_MAX * PC_NOUT];         /* W2[j*10 + k], Q1.14 */
	/* per-sample scratch (not state, but the RTL holds the same) */
	uint8_t x[PC_NIN];
	int16_t a[PC_H_MAX], h[PC_H_MAX], d[PC_H_MAX];
	int16_t y[PC_NOUT], e[PC_NOUT];
	uint8_t plastic[PC_H_MAX];
};

/* capacities of a build; the simulator and reference default to these */
#define PC_SLOT_CAP_DEFAULT (PC_H_MAX * PC_S_MAX)

int pc_core_init(struct pc_core *c, uint32_t h_max, uint32_t slot_cap); /* zeroed state; 0 or -1 */
void pc_core_free(struct pc_core *c);
void pc_core_reset(struct pc_core *c); /* registers to their reset values, memories and counters 0 */

/* register file: 0 ok, -1 bad address / value (nothing changes) */
int pc_reg_write(struct pc_core *c, unsigned addr, uint32_t v);
int pc_reg_read(const struct pc_core *c, unsigned addr, uint32_t *v);

/* 1 if H * S fits the slot memory (operations need it) */
int pc_config_ok(const struct pc_core *c);

/* pixels: 784 values 0..15 */
void pc_unpack_pixels(const uint8_t packed[PC_PIX_BYTES], uint8_t x[PC_NIN]);
void pc_pack_pixels(const uint8_t img8[PC_NIN], uint8_t packed[PC_PIX_BYTES]);

/* the operations; each returns the prediction 0..9 */
int pc_train(struct pc_core *c, const uint8_t x[PC_NIN], int label);
int pc_infer(struct pc_core *c, const uint8_t x[PC_NIN], int label /* -1: unlabeled */);
int pc_personalise(struct pc_core *c, const uint8_t x[PC_NIN]);
void pc_struct_pass(struct pc_core *c);
/* prune the live synapses with the smallest |w|*activity until `keep` remain; clears activity.
 * returns the number pruned, or -1 if keep > live. */
long pc_act_prune(struct pc_core *c, uint32_t keep);

/* host-side initial state (part of the spec: the device gets it by MEM_WRITE/WRITE_REG):
 * H and S must be set; fills nlive, slots and W2 from the xorshift32 stream seeded with `seed`:
 * if S == 784 every neuron gets all inputs (idx = s), otherwise S distinct random inputs;
 * weights uniform in [-amp1, amp1] (hidden) and [-amp2, amp2] (output); sets LFSR and LIVE. */
void pc_core_randomize(struct pc_core *c, uint32_t seed, int amp1, int amp2);

uint32_t pc_lfsr_next(uint32_t *s); /* xorshift32 step, returns the new state */
uint64_t pc_live_count(const struct pc_core *c); /* recount from nlive[] */

#endif
