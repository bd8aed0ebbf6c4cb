/* SPDX-License-Identifier: ISC */
/* transport_usb.c — the byte pipe over an iCEBreaker's FT2232H interface B (UART to the FPGA).
 *
 * libusb-1.0 finds and claims the device; libftdi1 (on our libusb handle) sends the FTDI set-up
 * requests (reset, purge, baud, 8N1, no flow control, latency timer); data moves with synchronous
 * bulk transfers on EP 0x04 (OUT) and EP 0x83 (IN). Every 512-byte IN packet starts with two
 * modem-status bytes, which read() strips. See docs/usb.md.
 */
#include "transport.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ftdi.h>
#include <libusb.h>

#define FT_VID 0x0403
#define FT_PID 0x6010
#define FT_IFACE 1       /* interface B */
#define EP_IN 0x83
#define EP_OUT 0x04
#define PKT 512          /* high-speed bulk max packet */
#define RX_XFER (32 * PKT) /* one bulk IN transfer: up to 32 packets */
#define TX_CHUNK 65536
#define CTRL_TIMEOUT_MS 1000
#define LATENCY_MS 1
#define DEFAULT_BAUD 3000000u

struct usb_t {
	struct pc_transport t;
	struct ftdi_context *ftdi; /* owns the libusb context (ftdi->usb_ctx) */
	libusb_device_handle *h;
	int claimed;
	unsigned baud;
	uint8_t raw[RX_XFER];  /* one IN transfer as received */
	uint8_t data[RX_XFER]; /* its payload, status bytes stripped */
	size_t data_off, data_len;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* map a libusb error to PC_T_ERR_* and a message for the user */
static int map_err(int r, const char *what, char *err, size_t errlen)
{
	switch (r) {
	case LIBUSB_ERROR_NO_DEVICE:
		seterr(err, errlen, "%s: device unplugged (%s): reconnect the iCEBreaker and re-run with --resume",
		       what, libusb_strerror(r));
		return PC_T_ERR_NODEV;
	case LIBUSB_ERROR_NOT_FOUND:
		seterr(err, errlen, "%s: no iCEBreaker (0403:6010) found (%s)", what, libusb_strerror(r));
		return PC_T_ERR_NODEV;
	case LIBUSB_ERROR_ACCESS:
		seterr(err, errlen,
		       "%s: permission denied (%s): install the udev rule from docs/usb.md "
		       "(or run as root), then re-plug the board", what, libusb_strerror(r));
		return PC_T_ERR_ACCESS;
	case LIBUSB_ERROR_BUSY:
		seterr(err, errlen, "%s: interface B is in use by another program or driver (%s): close it",
		       what, libusb_strerror(r));
		return PC_T_ERR_ACCESS;
	case LIBUSB_ERROR_TIMEOUT:
		seterr(err, errlen, "%s: timeout (%s)", what, libusb_strerror(r));
		return PC_T_ERR_TIMEOUT;
	default:
		seterr(err, errlen, "%s: %s", what, libusb_strerror(r));
		return PC_T_ERR_IO;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ byte pipe */

static int usb_write(struct pc_transport *tp, const uint8_t *buf, size_t n)
{
	struct usb_t *u = (struct usb_t *)tp;
	size_t off = 0;

	while (off < n) {
		int len = (int)(n - off < TX_CHUNK ? n - off : TX_CHUNK), sent = 0, r;
		/* time for the UART to drain the chunk, plus slack */
		unsigned tmo = 1000 + (unsigned)((uint64_t)len * 10 * 1000 / u->baud);
		r = libusb_bulk_transfer(u->h, EP_OUT, (unsigned char *)(uintptr_t)(buf + off), len, &sent, tmo);
		if (sent > 0)
			off += (size_t)sent;
		if (r == LIBUSB_ERROR_TIMEOUT && sent > 0)
			continue;
		if (r != 0)
			return map_err(r, "usb write", tp->err, sizeof tp->err);
	}
	return PC_T_OK;
}

/* strip the 2 status bytes at the head of every packet of a transfer of got bytes */
static void strip(struct usb_t *u, int got)
{
	u->data_off = u->data_len = 0;
	for (int off = 0; off < got; off += PKT) {
		int chunk = got - off < PKT ? got - off : PKT;
		if (chunk <= 2)
			continue;
		memcpy(u->data + u->data_len, u->raw + off + 2, (size_t)chunk - 2);
		u->data_len += (size_t)chunk - 2;
	}
}

static long usb_read(struct pc_transport *tp, uint8_t *buf, size_t n, int timeout_ms)
{
	struct usb_t *u = (struct usb_t *)tp;
	int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);

	if (n == 0)
		return 0;
	while (u->data_len == u->data_off) {
		int got = 0, r;
		unsigned tmo = 0; /* libusb: 0 = forever (timeout_ms < 0) */
		if (timeout_ms >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0 && timeout_ms > 0) {
				seterr(tp->err, sizeof tp->err, "usb read: nothing within %d ms", timeout_ms);
				return PC_T_ERR_TIMEOUT;
			}
			tmo = left > 0 ? (unsigned)left : 1;
		}
		r = libusb_bulk_transfer(u->h, EP_IN, u->raw, RX_XFER, &got, tmo);
		if (got > 0)
			strip(u, got);
		if (u->data_len > u->data_off)
			break; /* data, even if the transfer then timed out */
		if (r == LIBUSB_ERROR_TIMEOUT || (r == 0 && timeout_ms == 0)) {
			if (timeout_ms == 0 || now_ms() >= deadline) {
				seterr(tp->err, sizeof tp->err, "usb read: nothing within %d ms", timeout_ms);
				return PC_T_ERR_TIMEOUT;
			}
			continue;
		}
		if (r != 0)
			return map_err(r, "usb read", tp->err, sizeof tp->err);
		/* status bytes only: the latency timer expired with nothing to send; ask again */
	}
	size_t k = u->data_len - u->data_off;
	if (k > n)
		k = n;
	memcpy(buf, u->data + u->data_off, k);
	u->data_off += k;
	return (long)k;
}

static int64_t usb_cycles(struct pc_transport *tp)
{
	(void)tp;
	return -1;
}

static void usb_free(struct usb_t *u)
{
	if (u->ftdi)
		ftdi_set_usbdev(u->ftdi, NULL); /* we close the handle ourselves */
	if (u->h) {
		if (u->claimed)
			(void)libusb_release_interface(u->h, FT_IFACE); /* re-attaches the kernel driver */
		libusb_close(u->h);
	}
	if (u->ftdi)
		ftdi_free(u->ftdi); /* exits its libusb context */
	free(u);
}

static void usb_close(struct pc_transport *tp)
{
	usb_free((struct usb_t *)tp);
}

/* ------------------------------------------------------------------ open */

/* pc_transport_usb_open() returns NULL on failure; errno then tells the class of error */
static int errno_of(int rc)
{
	switch (rc) {
	case PC_T_ERR_NODEV: return ENODEV;
	case PC_T_ERR_ACCESS: return EACCES;
	case PC_T_ERR_TIMEOUT: return ETIMEDOUT;
	case PC_T_ERR_ARG: return EINVAL;
	default: return EIO;
	}
}

/* after a libftdi failure: find out from libusb what is wrong with the device */
static int ftdi_fail(struct usb_t *u, int fr, const char *what, char *err, size_t errlen)
{
	unsigned char lat;
	int r = libusb_control_transfer(u->h, 0xC0, 0x0A /* get latency */, 0, FT_IFACE + 1, &lat, 1,
	                                CTRL_TIMEOUT_MS);
	if (r < 0) {
		char m[128];
		snprintf(m, sizeof m, "%s (%s)", what, ftdi_get_error_string(u->ftdi));
		return map_err(r, m, err, errlen);
	}
	seterr(err, errlen, "%s: %s (libftdi %d)", what, ftdi_get_error_string(u->ftdi), fr);
	return PC_T_ERR_IO;
}

static int parse_busaddr(const char *s, unsigned *bus, unsigned *addr)
{
	char *end;
	unsigned long b, a;
	if (!s || !*s || *s < '0' || *s > '9')
		return 0;
	b = strtoul(s, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return 0;
	a = strtoul(end + 1, &end, 10);
	if (*end || b > 255 || a > 255)
		return 0;
	*bus = (unsigned)b;
	*addr = (unsigned)a;
	return 1;
}

/* find and open the device; 0 or PC_T_ERR_* */
static int find_open(struct usb_t *u, const char *want, char *err, size_t errlen)
{
	libusb_device **list = NULL;
	unsigned bus = 0, addr = 0;
	int by_addr = parse_busaddr(want, &bus, &addr);
	int by_serial = !by_addr && want && *want;
	int open_err = 0;
	ssize_t n = libusb_get_device_list(u->ftdi->usb_ctx, &list);

	if (n < 0)
		return map_err((int)n, "listing USB devices", err, errlen);
	for (ssize_t i = 0; i < n && !u->h; i++) {
		struct libusb_device_descriptor d;
		libusb_device_handle *h = NULL;
		int r = libusb_get_device_descriptor(list[i], &d);
		if (r < 0 || d.idVendor != FT_VID || d.idProduct != FT_PID)
			continue;
		if (by_addr && (libusb_get_bus_number(list[i]) != bus || libusb_get_device_address(list[i]) != addr))
			continue;
		r = libusb_open(list[i], &h);
		if (r < 0) {
			if (!open_err || r == LIBUSB_ERROR_ACCESS)
				open_err = r;
			continue;
		}
		if (by_serial) {
			unsigned char sn[128] = "";
			r = d.iSerialNumber ? libusb_get_string_descriptor_ascii(h, d.iSerialNumber, sn, sizeof sn)
			                    : LIBUSB_ERROR_NOT_FOUND;
			if (r < 0 || strcmp((char *)sn, want) != 0) {
				libusb_close(h);
				continue;
			}
		}
		u->h = h;
	}
	libusb_free_device_list(list, 1);
	if (u->h)
		return 0;
	if (open_err) {
		char m[96];
		snprintf(m, sizeof m, "opening the iCEBreaker (0403:6010)");
		return map_err(open_err, m, err, errlen);
	}
	if (by_addr)
		seterr(err, errlen, "no iCEBreaker (0403:6010) found at USB %u:%u: check `lsusb`", bus, addr);
	else if (by_serial)
		seterr(err, errlen, "no iCEBreaker (0403:6010) found with serial \"%s\": check `lsusb -v`", want);
	else
		seterr(err, errlen, "no iCEBreaker (0403:6010) found: plug it in (check `lsusb`)");
	return PC_T_ERR_NODEV;
}

struct pc_transport *pc_transport_usb_open(const struct pc_transport_opts *o, char *err, size_t errlen)
{
	struct usb_t *u;
	int r, rc = PC_T_ERR_IO;
	unsigned baud = o && o->baud ? o->baud : DEFAULT_BAUD;

	seterr(err, errlen, "ok");
	if (baud < 300 || baud > 12000000) {
		seterr(err, errlen, "usb: baud rate %u out of range (300 .. 12000000)", baud);
		errno = EINVAL;
		return NULL;
	}
	u = calloc(1, sizeof *u);
	if (!u) {
		seterr(err, errlen, "usb: out of memory");
		errno = ENOMEM;
		return NULL;
	}
	u->t.name = "usb";
	u->t.write = usb_write;
	u->t.read = usb_read;
	u->t.cycles = usb_cycles;
	u->t.close = usb_close;
	u->baud = baud;

	u->ftdi = ftdi_new(); /* also libusb_init()s its context */
	if (!u->ftdi) {
		seterr(err, errlen, "usb: libftdi/libusb initialisation failed");
		goto fail;
	}
	if ((r = ftdi_set_interface(u->ftdi, INTERFACE_B)) < 0) {
		seterr(err, errlen, "usb: %s", ftdi_get_error_string(u->ftdi));
		goto fail;
	}
	if ((rc = find_open(u, o ? o->device : NULL, err, errlen)) < 0)
		goto fail;

	if ((r = libusb_set_auto_detach_kernel_driver(u->h, 1)) < 0 && r != LIBUSB_ERROR_NOT_SUPPORTED) {
		rc = map_err(r, "usb: enabling kernel-driver auto-detach", err, errlen);
		goto fail;
	}
	if ((r = libusb_claim_interface(u->h, FT_IFACE)) < 0) {
		rc = map_err(r, "usb: claiming interface B", err, errlen);
		goto fail;
	}
	u->claimed = 1;

	/* libftdi on our handle: it only needs the chip type for the baud divisor */
	ftdi_set_usbdev(u->ftdi, u->h);
	u->ftdi->type = TYPE_2232H;
	u->ftdi->max_packet_size = PKT;
	u->ftdi->usb_read_timeout = CTRL_TIMEOUT_MS;
	u->ftdi->usb_write_timeout = CTRL_TIMEOUT_MS;

	if ((r = ftdi_usb_reset(u->ftdi)) < 0) {
		rc = ftdi_fail(u, r, "usb: FTDI reset", err, errlen);
		goto fail;
	}
	if ((r = ftdi_set_bitmode(u->ftdi, 0, BITMODE_RESET)) < 0) {
		rc = ftdi_fail(u, r, "usb: FTDI bitmode reset", err, errlen);
		goto fail;
	}
	if ((r = ftdi_set_baudrate(u->ftdi, (int)baud)) < 0) {
		if (r == -1) { /* libftdi: invalid / unsupported baud rate */
			seterr(err, errlen, "usb: baud rate %u: %s", baud, ftdi_get_error_string(u->ftdi));
			rc = PC_T_ERR_ARG;
		} else {
			rc = ftdi_fail(u, r, "usb: FTDI set baud rate", err, errlen);
		}
		goto fail;
	}
	if ((r = ftdi_set_line_property(u->ftdi, BITS_8, STOP_BIT_1, NONE)) < 0) {
		rc = ftdi_fail(u, r, "usb: FTDI set 8N1", err, errlen);
		goto fail;
	}
	if ((r = ftdi_setflowctrl(u->ftdi, SIO_DISABLE_FLOW_CTRL)) < 0) {
		rc = ftdi_fail(u, r, "usb: FTDI flow control off", err, errlen);
		goto fail;
	}
	if ((r = ftdi_set_latency_timer(u->ftdi, LATENCY_MS)) < 0) {
		rc = ftdi_fail(u, r, "usb: FTDI latency timer", err, errlen);
		goto fail;
	}
	if ((r = ftdi_tcioflush(u->ftdi)) < 0) { /* purge both directions last: drop stale bytes */
		rc = ftdi_fail(u, r, "usb: FTDI purge", err, errlen);
		goto fail;
	}
	return &u->t;

fail:
	usb_free(u);
	errno = errno_of(rc);
	return NULL;
}
