/* SPDX-License-Identifier: ISC */
/* proto.h — the plasticore host protocol v1 (docs/protocol.md): constants, CRC-16/CCITT-FALSE,
 * frame encoder and an incremental, byte-at-a-time frame decoder.
 *
 * Both ends use the decoder: the reference device (refdev.c) on requests (SOF 0xA5) and the
 * client (client.c) on responses (SOF 0x5A). Multi-byte fields are little-endian; the
 * pc_get / pc_put helpers below do the packing.
 */
#ifndef PC_PROTO_H
#define PC_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PC_SOF_REQ        0xA5
#define PC_SOF_RSP        0x5A
#define PC_MAX_PAYLOAD    1024
#define PC_FRAME_OVERHEAD 7     /* SOF CMD SEQ LEN(2) ... CRC(2) */
#define PC_FRAME_MAX      (PC_MAX_PAYLOAD + PC_FRAME_OVERHEAD)
#define PC_PROTO_ID       0x31434C50u /* "PLC1" */
#define PC_PROTO_VERSION  1
#define PC_STATUS_LEN     16
#define PC_RESP_BIT       0x80  /* response CMD = request CMD | 0x80 */

enum pc_cmd {
	PC_CMD_STATUS = 0x01,
	PC_CMD_WRITE_REG = 0x02,
	PC_CMD_READ_REG = 0x03,
	PC_CMD_TRAIN = 0x04,
	PC_CMD_INFER = 0x05,
	PC_CMD_PERSONALISE = 0x06,
	PC_CMD_COUNTERS = 0x07,
	PC_CMD_MEM_WRITE = 0x08,
	PC_CMD_MEM_READ = 0x09,
	PC_CMD_STRUCT_PASS = 0x0A,
	PC_CMD_ACT_PRUNE = 0x0B,
	PC_CMD_ERROR = 0xFF, /* response only */
};

/* error response codes (payload: u8 code) */
enum pc_errcode {
	PC_E_CRC = 1,      /* bad CRC */
	PC_E_LEN = 2,      /* LEN > MAX_PAYLOAD, or wrong for the command */
	PC_E_CMD = 3,      /* unknown command */
	PC_E_TIMEOUT = 4,  /* frame started, then RX_TIMEOUT cycles without a byte */
	PC_E_ARG = 5,      /* bad argument */
	PC_E_OVERFLOW = 6, /* receive FIFO overflow: bytes were lost */
	PC_E_SEQ = 7,      /* out of sequence: SEQ != the device's exp_seq (not STATUS) */
};

enum pc_mem {
	PC_MEM_SLOTS = 0, /* addr j*S+s; word 6 bytes: u16 idx_age, s16 w, u16 aux */
	PC_MEM_W2 = 1,    /* addr j*10+k; word s16 */
	PC_MEM_NLIVE = 2, /* addr j; word u16 */
};
#define PC_MEM_COUNT     3
#define PC_SLOT_WORD     6
#define PC_PIXEL_LABEL   0xFF /* INFER label: unlabeled */

/* words of memory `mem` on the wire: bytes per word, or 0 for an unknown memory */
unsigned pc_mem_word_bytes(unsigned mem);

const char *pc_cmd_name(unsigned cmd);
const char *pc_errcode_name(unsigned code);

/* ---- CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xor-out ------------ */
#define PC_CRC16_INIT 0xFFFFu
uint16_t pc_crc16_update(uint16_t crc, uint8_t byte);
uint16_t pc_crc16(const uint8_t *p, size_t n);

/* ---- frames ----------------------------------------------------------------------------- */
/* encode one frame into out (PC_FRAME_OVERHEAD + len bytes); len <= PC_MAX_PAYLOAD.
 * Returns the frame length. */
size_t pc_frame_encode(uint8_t *out, uint8_t sof, uint8_t cmd, uint8_t seq,
		       const uint8_t *payload, uint16_t len);

struct pc_frame {
	uint8_t cmd, seq;
	uint16_t len;
	uint8_t payload[PC_MAX_PAYLOAD];
};

enum pc_dec_state { PC_DEC_HUNT, PC_DEC_CMD, PC_DEC_SEQ, PC_DEC_LEN0, PC_DEC_LEN1,
		    PC_DEC_PAYLOAD, PC_DEC_CRC0, PC_DEC_CRC1 };

/* result of feeding one byte */
enum pc_dec_result {
	PC_DEC_MORE = 0,     /* nothing complete yet */
	PC_DEC_FRAME = 1,    /* a good frame is in d->f */
	PC_DEC_DROPPED = 2,  /* the byte was discarded while hunting for SOF */
	PC_DEC_BADCRC = -1,  /* a frame ended with a bad CRC; d->f.cmd/seq/len tell which */
	PC_DEC_BADLEN = -2,  /* LEN > PC_MAX_PAYLOAD; the decoder hunts again at once */
};

struct pc_decoder {
	uint8_t sof;
	enum pc_dec_state state;
	uint16_t crc, got, rx_crc;
	int have_seq;         /* the current frame's SEQ byte has arrived */
	struct pc_frame f;
};

void pc_decoder_init(struct pc_decoder *d, uint8_t sof);
int pc_decoder_feed(struct pc_decoder *d, uint8_t byte);
/* inside a frame (SOF seen, frame not complete) */
int pc_decoder_busy(const struct pc_decoder *d);
/* abandon the current frame (timeout, overflow): back to hunting */
void pc_decoder_reset(struct pc_decoder *d);

/* ---- little-endian packing -------------------------------------------------------------- */
static inline void pc_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void pc_put32(uint8_t *p, uint32_t v)
{
	pc_put16(p, (uint16_t)v);
	pc_put16(p + 2, (uint16_t)(v >> 16));
}
static inline void pc_put64(uint8_t *p, uint64_t v)
{
	pc_put32(p, (uint32_t)v);
	pc_put32(p + 4, (uint32_t)(v >> 32));
}
static inline uint16_t pc_get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t pc_get32(const uint8_t *p)
{
	return pc_get16(p) | (uint32_t)pc_get16(p + 2) << 16;
}
static inline uint64_t pc_get64(const uint8_t *p)
{
	return pc_get32(p) | (uint64_t)pc_get32(p + 4) << 32;
}

#endif
