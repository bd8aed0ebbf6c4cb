/* SPDX-License-Identifier: ISC */
/* ft2232h_emu.h — an emulated FT2232H (the iCEBreaker's USB bridge) on a umockdev testbed.
 *
 * The emulator creates a umockdev testbed holding one USB device 0403:6010 (bus 1, address 2,
 * /dev/bus/usb/001/002) and answers the usbdevfs ioctls libusb sends to it: FTDI vendor requests on
 * the control endpoint and bulk transfers on interface B (EP 0x83 IN, EP 0x04 OUT). Its far end is
 * the "FPGA": two callbacks, called from the emulator's own device thread (never concurrently):
 *   rx  bytes the host sent on EP 0x04 (the FPGA UART receives them)
 *   tx  bytes the FPGA sends back; may advance a model (e.g. step the simulator)
 * Every bulk IN packet carries the two modem-status bytes 0x01 0x60 and up to 510 data bytes; an idle
 * IN transfer completes with the status bytes alone after the latency timer, as the real chip does.
 *
 * umockdev works by LD_PRELOAD (libumockdev-preload.so.0) and the emulator must live in the process
 * of the libusb client: call ft_emu_reexec_preload() first thing in main(), then ft_emu_new() before
 * libusb_init().
 */
#ifndef FT2232H_EMU_H
#define FT2232H_EMU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ft_emu_device {
	void *ctx;
	/* bytes the host sent on EP 0x04 (to the FPGA UART) */
	void (*rx)(void *ctx, const uint8_t *buf, size_t n);
	/* produce up to max bytes the FPGA sends back; may also advance the model; returns count */
	size_t (*tx)(void *ctx, uint8_t *buf, size_t max);
};

struct ft_emu;

#define FT_EMU_SERIAL "PLC0001"
#define FT_EMU_BUSNUM 1
#define FT_EMU_DEVNUM 2

/* If LD_PRELOAD lacks libumockdev-preload, re-exec /proc/self/exe with it (and
 * ASAN_OPTIONS=verify_asan_link_order=0 added). Returns only if already preloaded (or on exec failure,
 * with a message on stderr and -1). */
int ft_emu_reexec_preload(char **argv);

/* sets up the testbed + device; call before libusb_init. NULL on failure (reason in err). */
struct ft_emu *ft_emu_new(const struct ft_emu_device *dev, char *err, size_t errlen);
void ft_emu_free(struct ft_emu *e);

/* fault injection */
void ft_emu_unplug(struct ft_emu *e);       /* pending URBs complete -ESHUTDOWN, later ioctls ENODEV */
void ft_emu_remove(struct ft_emu *e);       /* also take the device out of the testbed (not enumerated) */
void ft_emu_stall(struct ft_emu *e, int on); /* stop completing IN URBs (host sees timeouts) */
void ft_emu_corrupt(struct ft_emu *e, uint32_t seed, double p_byte); /* flip one bit in a byte with
                                                       probability p_byte, either direction, seeded */
void ft_emu_unplug_after(struct ft_emu *e, uint64_t out_bytes); /* unplug once the host sent that many */

/* what the host did, for tests */
struct ft_emu_stats {
	unsigned baud;       /* decoded from the last SET_BAUD divisor (0 = never set) */
	unsigned latency_ms; /* last SET_LATENCY */
	uint64_t out_bytes, in_bytes, in_packets; /* data bytes host->FPGA, FPGA->host; IN packets sent */
	unsigned resets, purges; /* SIO reset requests; purge rx / tx requests (each counts) */
	int claimed_b;       /* interface B currently claimed */
	unsigned data_bits, parity, stop_bits; /* from SET_DATA (8, 0 = none, 0 = 1 stop bit) */
	unsigned bitmode;    /* last SET_BITMODE wValue */
	unsigned ctrl_requests; /* vendor control requests seen */
};
void ft_emu_get_stats(struct ft_emu *e, struct ft_emu_stats *s);

/* decode an FTDI H-type baud divisor (wValue | (wIndex & 0xff00) << 8) to a baud rate */
unsigned ft_emu_decode_baud(uint32_t divisor);

#ifdef __cplusplus
}
#endif
#endif
