/* SPDX-License-Identifier: ISC */
/* transport.h — a byte pipe to a plasticore device; the protocol client (client.c) sits on it.
 *
 * Three implementations, one contract:
 *   transport_ref.c  the C reference device (refdev.c) in-process
 *   transport_sim.c  the Verilated RTL core (sim/sim.h), or the whole board top through its
 *                    UART pins (sim/sim_top.h, sim_model "top")
 *   transport_usb.c  an iCEBreaker's FT2232H interface B over libusb (+ libftdi1 set-up)
 */
#ifndef PC_TRANSPORT_H
#define PC_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

enum pc_terr {
	PC_T_OK = 0,
	PC_T_ERR_IO = -1,      /* transfer failed (details in err) */
	PC_T_ERR_NODEV = -2,   /* device absent or unplugged */
	PC_T_ERR_ACCESS = -3,  /* permission denied */
	PC_T_ERR_TIMEOUT = -4, /* nothing moved within the timeout */
	PC_T_ERR_ARG = -5,     /* bad option (device string, baud) */
};

struct pc_transport {
	const char *name;
	/* send all n bytes; 0 or a PC_T_ERR_* */
	int (*write)(struct pc_transport *t, const uint8_t *buf, size_t n);
	/* receive 1..n bytes, waiting at most timeout_ms for the first; count, or PC_T_ERR_*
	 * (PC_T_ERR_TIMEOUT when nothing arrived) */
	long (*read)(struct pc_transport *t, uint8_t *buf, size_t n, int timeout_ms);
	/* optional: cycle count of a simulated device, or -1 */
	int64_t (*cycles)(struct pc_transport *t);
	void (*close)(struct pc_transport *t); /* frees t */
	char err[256]; /* last error, one line, for the user */
};

struct pc_transport_opts {
	const char *device; /* usb: "bus:addr", or a serial number; NULL = first iCEBreaker */
	unsigned baud;      /* usb: UART baud rate (default 3000000) */
	const char *trace;  /* sim: FST trace file, or NULL */
	const char *sim_model; /* sim: "core" (NULL: the default) or "top" (the board top, UART pins) */
	uint32_t h_max, slot_cap; /* ref: capacities (0 = defaults) */
	uint32_t features;        /* ref: CTRL bits implemented, FEATURES (0 = all) */
};

struct pc_transport *pc_transport_ref_open(const struct pc_transport_opts *o, char *err, size_t errlen);
struct pc_transport *pc_transport_sim_open(const struct pc_transport_opts *o, char *err, size_t errlen);
struct pc_transport *pc_transport_usb_open(const struct pc_transport_opts *o, char *err, size_t errlen);

#endif
