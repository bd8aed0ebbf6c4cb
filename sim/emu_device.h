/* SPDX-License-Identifier: ISC */
/* emu_device.h — "FPGA" ends for the emulated FT2232H (sim/ft2232h_emu.h): adapters that wire the
 * emulator's rx/tx callbacks to a plasticore device model, so the whole host stack (CLI, client,
 * transport_usb.c, libusb, libftdi) runs against a real device implementation with no board.
 *
 *   ref  the C reference device (host/refdev.h). rx feeds its RX FIFO and lets it drain at once
 *        (a device infinitely faster than the link: the FIFO never overflows while the host keeps
 *        the flow-control rule); tx hands out queued responses. RX_TIMEOUT, which refdev cannot
 *        time by itself, is expired (pc_refdev_timeout) after EMU_REF_RX_TIMEOUT_MS of silence in
 *        the middle of a frame.
 *   sim  the Verilated core (sim/sim.h; only when built with PC_HAVE_SIM). rx queues the bytes
 *        (sim_write: they enter the core at up to one per cycle); tx runs the model in chunks of
 *        EMU_SIM_CHUNK cycles while no response byte is there, at most EMU_SIM_BUDGET cycles per
 *        call, and keeps running while the response grows so that a packet carries as much as is
 *        ready (like the chip's buffer + latency timer). The emulator calls tx for every IN
 *        packet and, while idle, every millisecond, so simulated time moves whenever the host
 *        waits for an answer, and stands still while it does not.
 *
 * Not modelled: the UART's speed (bytes cross at once, at any baud rate) and so the real link's
 * timing; the simulated clock is not tied to the wall clock (the core's CYCLES counter depends on
 * how long the host waited). Both callbacks run on the emulator's device thread, one at a time.
 */
#ifndef PC_EMU_DEVICE_H
#define PC_EMU_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "ft2232h_emu.h"

#define EMU_REF_RX_TIMEOUT_MS 20
#define EMU_SIM_CHUNK 256
#define EMU_SIM_BUDGET 20000

enum emu_dev_kind { EMU_DEV_REF, EMU_DEV_SIM };

struct emu_dev;

/* a fresh device at reset; NULL + err on failure (sim: "built without the simulator" when
 * PC_HAVE_SIM is not defined) */
struct emu_dev *emu_dev_new(enum emu_dev_kind kind, char *err, size_t errlen);
/* the callbacks for ft_emu_new(); the device must outlive the emulator (ft_emu_free first) */
void emu_dev_bind(struct emu_dev *d, struct ft_emu_device *out);
void emu_dev_free(struct emu_dev *d);
/* simulated cycles so far (sim), or -1 (ref) — read it only while the emulator is stopped or idle */
int64_t emu_dev_cycles(const struct emu_dev *d);
const char *emu_dev_name(enum emu_dev_kind kind);
/* a digest (FNV-1a) of every prediction the device sent (responses to TRAIN, INFER, PERSONALISE,
 * parsed from the bytes it handed to the emulator, in order) and their count in *n: two devices
 * that answered the same requests identically have the same digest */
uint64_t emu_dev_pred_digest(const struct emu_dev *d, uint64_t *n);
/* 1 if this build has the simulator */
int emu_dev_have_sim(void);

#endif
