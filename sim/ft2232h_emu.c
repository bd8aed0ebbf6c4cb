/* SPDX-License-Identifier: ISC */
/* ft2232h_emu.c — an emulated FT2232H on a umockdev testbed (see ft2232h_emu.h).
 *
 * Threads:
 *   umockdev worker  runs on_ioctl(): queues URBs, answers control requests at once, hands completed
 *                    URBs back on REAPURBNDELAY.
 *   device thread    dev_thread(): delivers OUT URBs to dev->rx, fills IN URBs from dev->tx (with the
 *                    modem-status bytes), completes idle IN URBs after the latency timer.
 * One mutex (e->mu) guards all state; the device callbacks run on the device thread with it held.
 *
 * The device node is a FIFO: libusb polls the usbfs fd for POLLOUT and reaps when it is set. The
 * emulator keeps the pipe full (not writable) while nothing is ready to reap and empties it while an
 * URB waits to be reaped, so the client sleeps in poll() instead of spinning.
 */
#include "ft2232h_emu.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <umockdev.h>

#define NODE_REL "/dev/bus/usb/001/002"
#define PKT 512
#define STATUS0 0x01
#define STATUS1 0x60

/* FTDI vendor requests */
enum {
	SIO_RESET = 0x00, SIO_MODEM_CTRL = 0x01, SIO_FLOW_CTRL = 0x02, SIO_SET_BAUD = 0x03,
	SIO_SET_DATA = 0x04, SIO_POLL_MODEM = 0x05, SIO_SET_EVENT_CHAR = 0x06, SIO_SET_ERROR_CHAR = 0x07,
	SIO_SET_LATENCY = 0x09, SIO_GET_LATENCY = 0x0A, SIO_SET_BITMODE = 0x0B, SIO_READ_PINS = 0x0C,
	SIO_READ_EEPROM = 0x90,
};

struct urb {
	UMockdevIoctlData *data; /* the struct usbdevfs_urb (owns a ref) */
	UMockdevIoctlData *buf;  /* OUT / control: its buffer, NULL if empty (owns a ref) */
	uint8_t *in;             /* bulk IN: data collected here, copied to the client on reap */
	int64_t t_submit_us;
	int idle_only;           /* interface A IN: never data */
	struct urb *next;
};

struct queue {
	struct urb *head, *tail;
};

struct ft_emu {
	UMockdevTestbed *tb;
	UMockdevIoctlBase *handler;
	char *syspath;
	char node[512];
	int fifo; /* emulator's end of the device node, non-blocking */
	int fifo_ready;

	pthread_t thr;
	int thr_started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int quit;

	struct ft_emu_device dev;
	struct queue in_q, out_q, reap_q;

	int unplugged, removed, stall;
	uint64_t unplug_after; /* 0 = off */
	uint32_t rng;
	double p_corrupt;
	unsigned latency_ms;
	struct ft_emu_stats st;
};

/* ---------------------------------------------------------------- descriptors */

static const uint8_t dev_desc[18] = {
	18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64,
	0x03, 0x04, 0x10, 0x60, 0x00, 0x07, 1, 2, 3, 1,
};

#define CFG_LEN (9 + 2 * (9 + 7 + 7))
static const uint8_t cfg_desc[CFG_LEN] = {
	9, 0x02, CFG_LEN, 0, 2, 1, 0, 0x80, 0xFA,
	/* interface A: MPSSE / UART A */
	9, 0x04, 0, 0, 2, 0xFF, 0xFF, 0xFF, 2,
	7, 0x05, 0x81, 0x02, 0x00, 0x02, 0,
	7, 0x05, 0x02, 0x02, 0x00, 0x02, 0,
	/* interface B: UART to the FPGA */
	9, 0x04, 1, 0, 2, 0xFF, 0xFF, 0xFF, 2,
	7, 0x05, 0x83, 0x02, 0x00, 0x02, 0,
	7, 0x05, 0x04, 0x02, 0x00, 0x02, 0,
};

static const char *const strings[] = { NULL, "FTDI", "Dual RS232-HS", FT_EMU_SERIAL };

/* ---------------------------------------------------------------- helpers */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void q_push(struct queue *q, struct urb *u)
{
	u->next = NULL;
	if (q->tail)
		q->tail->next = u;
	else
		q->head = u;
	q->tail = u;
}

static struct urb *q_pop(struct queue *q)
{
	struct urb *u = q->head;
	if (u) {
		q->head = u->next;
		if (!q->head)
			q->tail = NULL;
		u->next = NULL;
	}
	return u;
}

static struct urb *q_take_addr(struct queue *q, gulong addr)
{
	struct urb *prev = NULL;
	for (struct urb *u = q->head; u; prev = u, u = u->next) {
		if (u->data->client_addr != addr)
			continue;
		if (prev)
			prev->next = u->next;
		else
			q->head = u->next;
		if (q->tail == u)
			q->tail = prev;
		u->next = NULL;
		return u;
	}
	return NULL;
}

static void urb_free(struct urb *u)
{
	if (!u)
		return;
	if (u->buf)
		g_object_unref(u->buf);
	free(u->in);
	g_object_unref(u->data);
	free(u);
}

static struct usbdevfs_urb *U(struct urb *u)
{
	return (struct usbdevfs_urb *)u->data->data;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* FIFO readiness: empty pipe = POLLOUT for the client = something to reap. */
static void update_ready(struct ft_emu *e)
{
	int want = e->reap_q.head != NULL;
	uint8_t buf[4096];
	if (want == e->fifo_ready)
		return;
	if (want) {
		while (read(e->fifo, buf, sizeof buf) > 0)
			;
	} else {
		memset(buf, 0, sizeof buf);
		while (write(e->fifo, buf, sizeof buf) > 0)
			;
		while (write(e->fifo, buf, 1) > 0)
			;
	}
	e->fifo_ready = want;
}

static void complete_urb(struct ft_emu *e, struct urb *u, int status, int actual)
{
	U(u)->status = status;
	U(u)->actual_length = actual;
	q_push(&e->reap_q, u);
	update_ready(e);
}

static uint32_t rng_next(struct ft_emu *e)
{
	uint32_t x = e->rng ? e->rng : 0x9E3779B9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	e->rng = x;
	return x;
}

static void corrupt(struct ft_emu *e, uint8_t *p, size_t n)
{
	if (e->p_corrupt <= 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (rng_next(e) < e->p_corrupt * 4294967296.0)
			p[i] ^= (uint8_t)(1u << (rng_next(e) & 7));
}

unsigned ft_emu_decode_baud(uint32_t enc)
{
	static const double frac[8] = { 0, 0.5, 0.25, 0.125, 0.375, 0.625, 0.75, 0.875 };
	double base = (enc & 0x20000) ? 12000000.0 : 3000000.0;
	unsigned ip = enc & 0x3FFF, fc = (enc >> 14) & 7;
	if (ip == 0 && fc == 0)
		return (unsigned)base;
	if (ip == 1 && fc == 0)
		return (unsigned)(base / 1.5 + 0.5);
	return (unsigned)(base / (ip + frac[fc]) + 0.5);
}

static void do_unplug(struct ft_emu *e)
{
	struct urb *u;
	if (e->unplugged)
		return;
	e->unplugged = 1;
	e->st.claimed_b = 0;
	while ((u = q_pop(&e->out_q)))
		complete_urb(e, u, -ESHUTDOWN, 0);
	while ((u = q_pop(&e->in_q)))
		complete_urb(e, u, -ESHUTDOWN, 0);
	pthread_cond_broadcast(&e->cv);
}

/* ---------------------------------------------------------------- control requests */

/* Answer one control request. data points at the data stage (wLength bytes). Returns the number of
 * bytes of an IN data stage, 0 for OUT, or -errno (-EPIPE = stall). */
static int control(struct ft_emu *e, const uint8_t setup[8], uint8_t *data)
{
	uint8_t type = setup[0], req = setup[1];
	unsigned wValue = setup[2] | setup[3] << 8, wIndex = setup[4] | setup[5] << 8;
	unsigned wLength = setup[6] | setup[7] << 8;

	if ((type & 0x60) == 0x00) { /* standard */
		if (req == 0x06 && type == 0x80) { /* GET_DESCRIPTOR */
			const uint8_t *src = NULL;
			uint8_t sbuf[64];
			unsigned n = 0, idx = wValue & 0xFF;
			switch (wValue >> 8) {
			case 1: src = dev_desc; n = sizeof dev_desc; break;
			case 2: if (idx == 0) { src = cfg_desc; n = sizeof cfg_desc; } break;
			case 3:
				if (idx == 0) {
					sbuf[0] = 4; sbuf[1] = 3; sbuf[2] = 0x09; sbuf[3] = 0x04;
					src = sbuf; n = 4;
				} else if (idx < sizeof strings / sizeof strings[0]) {
					size_t l = strlen(strings[idx]);
					sbuf[0] = (uint8_t)(2 + 2 * l); sbuf[1] = 3;
					for (size_t i = 0; i < l; i++) {
						sbuf[2 + 2 * i] = (uint8_t)strings[idx][i];
						sbuf[3 + 2 * i] = 0;
					}
					src = sbuf; n = sbuf[0];
				}
				break;
			}
			if (!src)
				return -EPIPE;
			if (n > wLength)
				n = wLength;
			memcpy(data, src, n);
			return (int)n;
		}
		if (req == 0x08 && type == 0x80 && wLength >= 1) { /* GET_CONFIGURATION */
			data[0] = 1;
			return 1;
		}
		if (req == 0x00 && (type & 0x80) && wLength >= 2) { /* GET_STATUS */
			data[0] = data[1] = 0;
			return 2;
		}
		if (!(type & 0x80))
			return 0; /* SET_CONFIGURATION, SET_INTERFACE, CLEAR_FEATURE ...: accept */
		return -EPIPE;
	}
	if ((type & 0x60) != 0x40)
		return -EPIPE;

	e->st.ctrl_requests++;
	switch (req) {
	case SIO_RESET:
		if (wValue == 0)
			e->st.resets++;
		else /* 1 = purge RX, 2 = purge TX; nothing is buffered in the emulated chip */
			e->st.purges++;
		return 0;
	case SIO_MODEM_CTRL:
	case SIO_FLOW_CTRL:
	case SIO_SET_EVENT_CHAR:
	case SIO_SET_ERROR_CHAR:
		return 0;
	case SIO_SET_BAUD:
		e->st.baud = ft_emu_decode_baud(wValue | (uint32_t)(wIndex & 0xFF00) << 8);
		return 0;
	case SIO_SET_DATA:
		e->st.data_bits = wValue & 0xFF;
		e->st.parity = (wValue >> 8) & 7;
		e->st.stop_bits = (wValue >> 11) & 3;
		return 0;
	case SIO_POLL_MODEM:
		if (wLength < 2)
			return -EPIPE;
		data[0] = STATUS0;
		data[1] = STATUS1;
		return 2;
	case SIO_SET_LATENCY:
		e->latency_ms = (wValue & 0xFF) ? (wValue & 0xFF) : 1;
		e->st.latency_ms = wValue & 0xFF;
		return 0;
	case SIO_GET_LATENCY:
		if (wLength < 1)
			return -EPIPE;
		data[0] = (uint8_t)e->latency_ms;
		return 1;
	case SIO_SET_BITMODE:
		e->st.bitmode = wValue;
		return 0;
	case SIO_READ_PINS:
		if (wLength < 1)
			return -EPIPE;
		data[0] = 0xFF;
		return 1;
	case SIO_READ_EEPROM: /* blank EEPROM */
		if (wLength < 2)
			return -EPIPE;
		data[0] = data[1] = 0xFF;
		return 2;
	default:
		return -EPIPE;
	}
}

/* ---------------------------------------------------------------- the ioctl handler */

static UMockdevIoctlData *resolve(UMockdevIoctlData *d, gsize off, gsize len)
{
	GError *err = NULL;
	UMockdevIoctlData *r = umockdev_ioctl_data_resolve(d, off, len, &err);
	if (err) {
		g_warning("ft2232h_emu: resolving ioctl data: %s", err->message);
		g_error_free(err);
		return NULL;
	}
	return r;
}

static void done(UMockdevIoctlClient *c, long res, int err)
{
	umockdev_ioctl_client_complete(c, res, err);
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *c, gpointer ud)
{
	struct ft_emu *e = ud;
	gulong req = umockdev_ioctl_client_get_request(c);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
	gsize size = _IOC_SIZE(req);
	UMockdevIoctlData *d = NULL;
	(void)base;

	if (size && req != (gulong)USBDEVFS_DISCARDURB) {
		d = resolve(arg, 0, size);
		if (!d) {
			done(c, -1, EFAULT);
			return TRUE;
		}
	}

	pthread_mutex_lock(&e->mu);
	if (e->unplugged && !((req == USBDEVFS_REAPURBNDELAY || req == USBDEVFS_REAPURB) && e->reap_q.head)) {
		done(c, -1, ENODEV);
		goto out;
	}

	switch (req) {
	case USBDEVFS_GET_CAPABILITIES:
		*(uint32_t *)d->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
		                       USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
		done(c, 0, 0);
		break;

	case USBDEVFS_CLAIMINTERFACE:
	case USBDEVFS_RELEASEINTERFACE: {
		unsigned ifno = *(unsigned *)d->data;
		if (ifno > 1) {
			done(c, -1, EINVAL);
			break;
		}
		if (ifno == 1)
			e->st.claimed_b = req == USBDEVFS_CLAIMINTERFACE;
		done(c, 0, 0);
		break;
	}
	case USBDEVFS_DISCONNECT_CLAIM: {
		struct usbdevfs_disconnect_claim *dc = (void *)d->data;
		if (dc->interface > 1) {
			done(c, -1, EINVAL);
			break;
		}
		if (dc->interface == 1)
			e->st.claimed_b = 1;
		done(c, 0, 0);
		break;
	}
	case USBDEVFS_GETDRIVER:
	case USBDEVFS_IOCTL: /* detach / attach kernel driver: no driver bound */
		done(c, -1, ENODATA);
		break;

	case USBDEVFS_CLEAR_HALT:
	case USBDEVFS_RESETEP:
	case USBDEVFS_RESET:
	case USBDEVFS_SETINTERFACE:
	case USBDEVFS_SETCONFIGURATION:
		done(c, 0, 0);
		break;

	case USBDEVFS_CONNECTINFO: {
		struct usbdevfs_connectinfo *ci = (void *)d->data;
		ci->devnum = FT_EMU_DEVNUM;
		ci->slow = 0;
		done(c, 0, 0);
		break;
	}

	case USBDEVFS_CONTROL: {
		struct usbdevfs_ctrltransfer *ct = (void *)d->data;
		uint8_t setup[8] = { ct->bRequestType, ct->bRequest, ct->wValue & 0xFF, ct->wValue >> 8,
		                     ct->wIndex & 0xFF, ct->wIndex >> 8, ct->wLength & 0xFF, ct->wLength >> 8 };
		UMockdevIoctlData *b = NULL;
		uint8_t scratch[8];
		if (ct->wLength) {
			b = resolve(d, offsetof(struct usbdevfs_ctrltransfer, data), ct->wLength);
			if (!b) {
				done(c, -1, EFAULT);
				break;
			}
		}
		int r = control(e, setup, b ? b->data : scratch);
		if (b)
			g_object_unref(b);
		if (r < 0)
			done(c, -1, -r);
		else
			done(c, r, 0);
		break;
	}

	case USBDEVFS_SUBMITURB: {
		struct usbdevfs_urb *urb = (void *)d->data;
		struct urb *u;
		if (urb->type != USBDEVFS_URB_TYPE_CONTROL && urb->type != USBDEVFS_URB_TYPE_BULK) {
			done(c, -1, EINVAL);
			break;
		}
		if (urb->buffer_length < 0 || (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->buffer_length < 8)) {
			done(c, -1, EINVAL);
			break;
		}
		u = calloc(1, sizeof *u);
		if (!u) {
			done(c, -1, ENOMEM);
			break;
		}
		u->data = g_object_ref(d);
		u->t_submit_us = now_us();
		if (urb->type == USBDEVFS_URB_TYPE_BULK && (urb->endpoint & 0x80)) {
			/* IN: fetch nothing now; on reap only the received bytes go back to the client */
			u->in = urb->buffer_length > 0 ? malloc((size_t)urb->buffer_length) : NULL;
			if (urb->buffer_length > 0 && !u->in) {
				urb_free(u);
				done(c, -1, ENOMEM);
				break;
			}
		} else if (urb->buffer_length > 0) {
			u->buf = resolve(d, offsetof(struct usbdevfs_urb, buffer), (gsize)urb->buffer_length);
			if (!u->buf) {
				urb_free(u);
				done(c, -1, EFAULT);
				break;
			}
		}
		if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
			uint8_t *p = u->buf->data;
			int r = control(e, p, p + 8);
			done(c, 0, 0);
			complete_urb(e, u, r < 0 ? r : 0, r < 0 ? 0 : r);
			break;
		}
		switch (urb->endpoint) {
		case 0x04:
			q_push(&e->out_q, u);
			break;
		case 0x83:
			q_push(&e->in_q, u);
			break;
		case 0x81:
			u->idle_only = 1;
			q_push(&e->in_q, u);
			break;
		case 0x02: /* interface A OUT: nothing listens */
			done(c, 0, 0);
			complete_urb(e, u, 0, urb->buffer_length);
			goto out;
		default:
			urb_free(u);
			done(c, -1, ENOENT);
			goto out;
		}
		done(c, 0, 0);
		pthread_cond_broadcast(&e->cv);
		break;
	}

	case USBDEVFS_DISCARDURB: {
		gulong addr = *(gulong *)arg->data;
		struct urb *u = q_take_addr(&e->in_q, addr);
		if (!u)
			u = q_take_addr(&e->out_q, addr);
		if (!u) {
			done(c, -1, EINVAL);
			break;
		}
		complete_urb(e, u, -ENOENT, 0);
		done(c, 0, 0);
		break;
	}

	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY: {
		struct urb *u = q_pop(&e->reap_q);
		update_ready(e);
		if (!u) {
			done(c, -1, EAGAIN);
			break;
		}
		if (u->in && U(u)->actual_length > 0) {
			UMockdevIoctlData *b = resolve(u->data, offsetof(struct usbdevfs_urb, buffer),
			                               (gsize)U(u)->actual_length);
			if (b) {
				memcpy(b->data, u->in, (size_t)U(u)->actual_length);
				g_object_unref(b);
			} else {
				U(u)->status = -EPROTO;
				U(u)->actual_length = 0;
			}
		}
		umockdev_ioctl_data_set_ptr(d, 0, u->data);
		done(c, 0, 0);
		urb_free(u); /* d now holds the references it needs until the reply is flushed */
		break;
	}

	default:
		done(c, -1, ENOTTY);
		break;
	}
out:
	pthread_mutex_unlock(&e->mu);
	if (d)
		g_object_unref(d);
	return TRUE;
}

static void on_vanished(UMockdevIoctlBase *base, UMockdevIoctlClient *c, gpointer ud)
{
	struct ft_emu *e = ud;
	struct urb *u;
	(void)base;
	(void)c;
	pthread_mutex_lock(&e->mu);
	while ((u = q_pop(&e->in_q)))
		urb_free(u);
	while ((u = q_pop(&e->out_q)))
		urb_free(u);
	while ((u = q_pop(&e->reap_q)))
		urb_free(u);
	update_ready(e);
	e->st.claimed_b = 0;
	pthread_mutex_unlock(&e->mu);
}

/* ---------------------------------------------------------------- the device thread */

/* Try to complete the IN URB u. Returns 1 if completed. */
static int fill_in(struct ft_emu *e, struct urb *u, int64_t now)
{
	struct usbdevfs_urb *urb = U(u);
	int len = urb->buffer_length, off = 0, data = 0;
	uint8_t *p = u->in;

	if (len < 2 || !p) {
		complete_urb(e, u, 0, 0);
		return 1;
	}
	for (off = 0; off + 2 <= len; off += PKT) {
		int plen = len - off < PKT ? len - off : PKT;
		size_t n = 0;
		p[off] = STATUS0;
		p[off + 1] = STATUS1;
		if (!u->idle_only && e->dev.tx)
			n = e->dev.tx(e->dev.ctx, p + off + 2, (size_t)plen - 2);
		if (n > (size_t)plen - 2)
			n = (size_t)plen - 2;
		corrupt(e, p + off + 2, n);
		data += (int)n;
		if ((int)n < plen - 2) { /* short packet ends the transfer */
			off += 2 + (int)n;
			break;
		}
	}
	if (off > len)
		off = len;
	if (data == 0 && now - u->t_submit_us < (int64_t)e->latency_ms * 1000)
		return 0; /* idle: the latency timer has not expired yet */
	e->st.in_bytes += (uint64_t)data;
	e->st.in_packets += (uint64_t)(off + PKT - 1) / PKT;
	complete_urb(e, u, 0, off);
	return 1;
}

static void *dev_thread(void *arg)
{
	struct ft_emu *e = arg;
	uint8_t *tmp = NULL;
	size_t tmp_len = 0;

	pthread_mutex_lock(&e->mu);
	while (!e->quit) {
		struct urb *u;
		int64_t now, wait_us = -1;

		/* host -> FPGA */
		while (!e->unplugged && (u = q_pop(&e->out_q))) {
			int n = U(u)->buffer_length, cut = 0;
			if (e->unplug_after && e->st.out_bytes + (uint64_t)n >= e->unplug_after) {
				/* the bytes up to the limit reach the FPGA, then the cable is pulled */
				n = (int)(e->unplug_after - e->st.out_bytes);
				cut = 1;
			}
			if (n > 0) {
				if ((size_t)n > tmp_len) {
					free(tmp);
					tmp = malloc((size_t)n);
					tmp_len = tmp ? (size_t)n : 0;
				}
				if (tmp) {
					memcpy(tmp, u->buf->data, (size_t)n);
					corrupt(e, tmp, (size_t)n);
					if (e->dev.rx)
						e->dev.rx(e->dev.ctx, tmp, (size_t)n);
				}
			}
			e->st.out_bytes += (uint64_t)n;
			if (cut) {
				q_push(&e->out_q, u); /* do_unplug fails it with -ESHUTDOWN */
				do_unplug(e);
				break;
			}
			complete_urb(e, u, 0, n);
		}

		/* FPGA -> host */
		now = now_us();
		while (!e->unplugged && !e->stall && (u = e->in_q.head)) {
			q_pop(&e->in_q);
			if (!fill_in(e, u, now)) {
				/* put it back at the head and wait for data or the latency timer */
				u->next = e->in_q.head;
				e->in_q.head = u;
				if (!e->in_q.tail)
					e->in_q.tail = u;
				wait_us = u->t_submit_us + (int64_t)e->latency_ms * 1000 - now;
				if (wait_us > 1000)
					wait_us = 1000; /* poll the device model every ms meanwhile */
				if (wait_us < 50)
					wait_us = 50;
				break;
			}
		}

		if (e->quit)
			break;
		if (wait_us < 0) {
			pthread_cond_wait(&e->cv, &e->mu);
		} else {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += (long)wait_us * 1000;
			ts.tv_sec += ts.tv_nsec / 1000000000;
			ts.tv_nsec %= 1000000000;
			pthread_cond_timedwait(&e->cv, &e->mu, &ts);
		}
	}
	pthread_mutex_unlock(&e->mu);
	free(tmp);
	return NULL;
}

/* ---------------------------------------------------------------- public API */

int ft_emu_reexec_preload(char **argv)
{
	const char *pre = getenv("LD_PRELOAD");
	const char *asan = getenv("ASAN_OPTIONS");
	char *v;

	if (pre && strstr(pre, "libumockdev-preload"))
		return 0;
	if (pre && *pre) {
		v = g_strdup_printf("libumockdev-preload.so.0:%s", pre);
	} else {
		v = g_strdup("libumockdev-preload.so.0");
	}
	setenv("LD_PRELOAD", v, 1);
	g_free(v);
	v = asan && *asan ? g_strdup_printf("%s:verify_asan_link_order=0", asan)
	                  : g_strdup("verify_asan_link_order=0");
	setenv("ASAN_OPTIONS", v, 1);
	g_free(v);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "ft2232h_emu: re-exec with libumockdev-preload failed: %s\n", strerror(errno));
	return -1;
}

struct ft_emu *ft_emu_new(const struct ft_emu_device *dev, char *err, size_t errlen)
{
	struct ft_emu *e;
	char *root;
	GError *gerr = NULL;
	pthread_condattr_t ca;

	e = calloc(1, sizeof *e);
	if (!e) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	e->fifo = -1;
	e->dev = *dev;
	e->latency_ms = 16;
	e->st.latency_ms = 16;
	pthread_mutex_init(&e->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->cv, &ca);
	pthread_condattr_destroy(&ca);

	e->tb = umockdev_testbed_new();
	if (!e->tb) {
		seterr(err, errlen, "umockdev_testbed_new failed");
		goto fail;
	}
	e->syspath = umockdev_testbed_add_device(e->tb, "usb", "1-1", NULL,
		"busnum", "1\n", "devnum", "2\n", "speed", "480\n", "dev", "189:1\n",
		"idVendor", "0403\n", "idProduct", "6010\n", "bcdDevice", "0700\n",
		"manufacturer", "FTDI\n", "product", "Dual RS232-HS\n", "serial", FT_EMU_SERIAL "\n",
		"bConfigurationValue", "1\n", "bNumInterfaces", " 2\n", "bMaxPacketSize0", "64\n",
		NULL,
		"DEVTYPE", "usb_device", "DEVNAME", NODE_REL, "SUBSYSTEM", "usb",
		"ID_VENDOR_ID", "0403", "ID_MODEL_ID", "6010", "ID_SERIAL_SHORT", FT_EMU_SERIAL,
		"BUSNUM", "001", "DEVNUM", "002", "MAJOR", "189", "MINOR", "1",
		NULL);
	if (!e->syspath) {
		seterr(err, errlen, "umockdev: adding the USB device failed");
		goto fail;
	}
	{
		uint8_t d[sizeof dev_desc + sizeof cfg_desc];
		memcpy(d, dev_desc, sizeof dev_desc);
		memcpy(d + sizeof dev_desc, cfg_desc, sizeof cfg_desc);
		umockdev_testbed_set_attribute_binary(e->tb, e->syspath, "descriptors", d, (gint)sizeof d);
	}

	root = umockdev_testbed_get_root_dir(e->tb);
	snprintf(e->node, sizeof e->node, "%s%s", root, NODE_REL);
	g_free(root);
	{
		char *dir = g_path_get_dirname(e->node);
		int r = g_mkdir_with_parents(dir, 0755);
		g_free(dir);
		if (r < 0 || mkfifo(e->node, 0666) < 0) {
			seterr(err, errlen, "creating device node %s: %s", e->node, strerror(errno));
			goto fail;
		}
	}
	e->fifo = open(e->node, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (e->fifo < 0) {
		seterr(err, errlen, "opening device node %s: %s", e->node, strerror(errno));
		goto fail;
	}
	(void)fcntl(e->fifo, F_SETPIPE_SZ, 4096); /* smaller pipe: cheaper to fill; any size works */
	e->fifo_ready = 1;
	update_ready(e); /* nothing to reap: fill the pipe */

	e->handler = umockdev_ioctl_base_new();
	g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
	g_signal_connect(e->handler, "client-vanished", G_CALLBACK(on_vanished), e);
	if (!umockdev_testbed_attach_ioctl(e->tb, NODE_REL, e->handler, &gerr)) {
		seterr(err, errlen, "umockdev: attaching the ioctl handler: %s", gerr ? gerr->message : "?");
		if (gerr)
			g_error_free(gerr);
		goto fail;
	}

	if (pthread_create(&e->thr, NULL, dev_thread, e) != 0) {
		seterr(err, errlen, "starting the device thread failed");
		goto fail;
	}
	e->thr_started = 1;
	return e;
fail:
	ft_emu_free(e);
	return NULL;
}

void ft_emu_free(struct ft_emu *e)
{
	struct urb *u;
	if (!e)
		return;
	if (e->thr_started) {
		pthread_mutex_lock(&e->mu);
		e->quit = 1;
		pthread_cond_broadcast(&e->cv);
		pthread_mutex_unlock(&e->mu);
		pthread_join(e->thr, NULL);
	}
	if (e->tb && e->handler) {
		GError *gerr = NULL;
		if (!umockdev_testbed_detach_ioctl(e->tb, NODE_REL, &gerr) && gerr)
			g_error_free(gerr);
	}
	while ((u = q_pop(&e->in_q)))
		urb_free(u);
	while ((u = q_pop(&e->out_q)))
		urb_free(u);
	while ((u = q_pop(&e->reap_q)))
		urb_free(u);
	if (e->handler)
		g_object_unref(e->handler);
	if (e->tb)
		g_object_unref(e->tb); /* removes the testbed directory */
	if (e->fifo >= 0)
		close(e->fifo);
	g_free(e->syspath);
	pthread_cond_destroy(&e->cv);
	pthread_mutex_destroy(&e->mu);
	free(e);
}

void ft_emu_unplug(struct ft_emu *e)
{
	pthread_mutex_lock(&e->mu);
	do_unplug(e);
	pthread_mutex_unlock(&e->mu);
}

void ft_emu_remove(struct ft_emu *e)
{
	ft_emu_unplug(e);
	if (!e->removed) {
		e->removed = 1;
		umockdev_testbed_remove_device(e->tb, e->syspath);
	}
}

void ft_emu_stall(struct ft_emu *e, int on)
{
	pthread_mutex_lock(&e->mu);
	e->stall = on;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}

void ft_emu_corrupt(struct ft_emu *e, uint32_t seed, double p_byte)
{
	pthread_mutex_lock(&e->mu);
	e->rng = seed ? seed : 1;
	e->p_corrupt = p_byte;
	pthread_mutex_unlock(&e->mu);
}

void ft_emu_unplug_after(struct ft_emu *e, uint64_t out_bytes)
{
	pthread_mutex_lock(&e->mu);
	e->unplug_after = out_bytes;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}

void ft_emu_get_stats(struct ft_emu *e, struct ft_emu_stats *s)
{
	pthread_mutex_lock(&e->mu);
	*s = e->st;
	pthread_mutex_unlock(&e->mu);
}
