/* SPDX-License-Identifier: ISC */
/* test_usb_emu.c — the USB transport (host/transport_usb.c) against an emulated FT2232H
 * (sim/ft2232h_emu.c) on a umockdev testbed, with a loopback "FPGA" that echoes every byte
 * XOR 0x5A. Prints PASS/FAIL per case; exits non-zero on any failure.
 */
#include "ft2232h_emu.h"
#include "transport.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libusb.h>

#define XOR 0x5A

static int failures;

#define FAIL(name, ...) do { printf("FAIL %s: ", name); printf(__VA_ARGS__); printf("\n"); \
	failures++; goto out; } while (0)
#define PASS(name) printf("PASS %s\n", name)

/* ------------------------------------------------------------------ loopback FPGA */

struct loop {
	pthread_mutex_t mu;
	uint8_t *buf;
	size_t cap, head, len; /* ring */
};

static void loop_rx(void *ctx, const uint8_t *p, size_t n)
{
	struct loop *l = ctx;
	pthread_mutex_lock(&l->mu);
	for (size_t i = 0; i < n && l->len < l->cap; i++) {
		l->buf[(l->head + l->len) % l->cap] = p[i] ^ XOR;
		l->len++;
	}
	pthread_mutex_unlock(&l->mu);
}

static size_t loop_tx(void *ctx, uint8_t *p, size_t max)
{
	struct loop *l = ctx;
	size_t n = 0;
	pthread_mutex_lock(&l->mu);
	while (n < max && l->len) {
		p[n++] = l->buf[l->head];
		l->head = (l->head + 1) % l->cap;
		l->len--;
	}
	pthread_mutex_unlock(&l->mu);
	return n;
}

struct fix {
	struct loop lb;
	struct ft_emu *e;
	struct pc_transport *t;
};

static int fix_up(struct fix *f, const char *name)
{
	char err[256];
	struct ft_emu_device d;
	memset(f, 0, sizeof *f);
	pthread_mutex_init(&f->lb.mu, NULL);
	f->lb.cap = 4 << 20;
	f->lb.buf = malloc(f->lb.cap);
	d.ctx = &f->lb;
	d.rx = loop_rx;
	d.tx = loop_tx;
	f->e = ft_emu_new(&d, err, sizeof err);
	if (!f->e) {
		printf("FAIL %s: ft_emu_new: %s\n", name, err);
		failures++;
		return -1;
	}
	return 0;
}

static int fix_open(struct fix *f, const char *name, const char *device, unsigned baud)
{
	char err[256];
	struct pc_transport_opts o = { .device = device, .baud = baud };
	f->t = pc_transport_usb_open(&o, err, sizeof err);
	if (!f->t) {
		printf("FAIL %s: open: %s\n", name, err);
		failures++;
		return -1;
	}
	return 0;
}

static void fix_down(struct fix *f)
{
	if (f->t)
		f->t->close(f->t);
	ft_emu_free(f->e);
	free(f->lb.buf);
	pthread_mutex_destroy(&f->lb.mu);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* read exactly n bytes (or fail) */
static long read_all(struct pc_transport *t, uint8_t *buf, size_t n, int timeout_ms)
{
	size_t got = 0;
	while (got < n) {
		long r = t->read(t, buf + got, n - got, timeout_ms);
		if (r < 0)
			return r;
		got += (size_t)r;
	}
	return (long)got;
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* ------------------------------------------------------------------ cases */

static void t_enumerate(void)
{
	const char *name = "enumerate";
	struct fix f;
	libusb_context *ctx = NULL;
	libusb_device **list = NULL;
	ssize_t n;
	int found = 0;
	if (fix_up(&f, name))
		return;
	if (libusb_init(&ctx) < 0)
		FAIL(name, "libusb_init");
	n = libusb_get_device_list(ctx, &list);
	for (ssize_t i = 0; i < n; i++) {
		struct libusb_device_descriptor d;
		struct libusb_config_descriptor *cfg;
		if (libusb_get_device_descriptor(list[i], &d) < 0 || d.idVendor != 0x0403 || d.idProduct != 0x6010)
			continue;
		if (libusb_get_bus_number(list[i]) != FT_EMU_BUSNUM || libusb_get_device_address(list[i]) != FT_EMU_DEVNUM)
			continue;
		if (d.bcdDevice != 0x0700 || libusb_get_active_config_descriptor(list[i], &cfg) < 0)
			continue;
		if (cfg->bNumInterfaces == 2 && cfg->interface[1].altsetting[0].bNumEndpoints == 2 &&
		    cfg->interface[1].altsetting[0].endpoint[0].bEndpointAddress == 0x83 &&
		    cfg->interface[1].altsetting[0].endpoint[1].bEndpointAddress == 0x04 &&
		    cfg->interface[1].altsetting[0].endpoint[0].wMaxPacketSize == 512)
			found++;
		libusb_free_config_descriptor(cfg);
	}
	if (n > 0)
		libusb_free_device_list(list, 1);
	libusb_exit(ctx);
	if (found != 1)
		FAIL(name, "%d emulated FT2232H found among %zd devices", found, n);
	PASS(name);
out:
	fix_down(&f);
}

static void t_open(const char *name, const char *device, unsigned baud, unsigned want_baud)
{
	struct fix f;
	struct ft_emu_stats st;
	if (fix_up(&f, name) || fix_open(&f, name, device, baud))
		goto out;
	ft_emu_get_stats(f.e, &st);
	if (st.baud != want_baud)
		FAIL(name, "baud %u, want %u", st.baud, want_baud);
	if (!st.claimed_b)
		FAIL(name, "interface B not claimed");
	if (st.latency_ms < 1 || st.latency_ms > 2)
		FAIL(name, "latency timer %u ms", st.latency_ms);
	if (st.resets < 1 || st.purges < 2)
		FAIL(name, "resets %u purges %u", st.resets, st.purges);
	if (st.data_bits != 8 || st.parity != 0 || st.stop_bits != 0)
		FAIL(name, "line %u/%u/%u, want 8N1", st.data_bits, st.parity, st.stop_bits);
	if (strcmp(f.t->name, "usb") || f.t->cycles(f.t) != -1)
		FAIL(name, "name/cycles");
	f.t->close(f.t);
	f.t = NULL;
	ft_emu_get_stats(f.e, &st);
	if (st.claimed_b)
		FAIL(name, "interface B still claimed after close");
	PASS(name);
out:
	fix_down(&f);
}

static void t_open_fail(const char *name, const char *device, unsigned baud, int want_errno, int remove)
{
	struct fix f;
	char err[256] = "";
	struct pc_transport_opts o = { .device = device, .baud = baud };
	if (fix_up(&f, name))
		return;
	if (remove)
		ft_emu_remove(f.e);
	errno = 0;
	f.t = pc_transport_usb_open(&o, err, sizeof err);
	if (f.t)
		FAIL(name, "open succeeded");
	if (errno != want_errno)
		FAIL(name, "errno %d (%s), want %d; err: %s", errno, strerror(errno), want_errno, err);
	if (want_errno == ENODEV && !strstr(err, "no iCEBreaker (0403:6010) found"))
		FAIL(name, "message: %s", err);
	printf("     (%s: %s)\n", name, err);
	PASS(name);
out:
	fix_down(&f);
}

/* stream total bytes both ways in random-sized chunks, reading back after each write */
static void t_stream(const char *name, unsigned baud, size_t total)
{
	struct fix f;
	struct ft_emu_stats st;
	uint8_t *out = malloc(total), *in = malloc(total);
	uint32_t s = 12345;
	size_t off = 0;
	double t0;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, baud))
		goto out;
	for (size_t i = 0; i < total; i++)
		out[i] = (uint8_t)rnd(&s);
	t0 = now_s();
	while (off < total) {
		size_t n = 1 + rnd(&s) % 9000;
		int r;
		long got;
		if (n > total - off)
			n = total - off;
		r = f.t->write(f.t, out + off, n);
		if (r)
			FAIL(name, "write at %zu: %d %s", off, r, f.t->err);
		got = read_all(f.t, in + off, n, 1000);
		if (got < 0)
			FAIL(name, "read at %zu: %ld %s", off, got, f.t->err);
		for (size_t i = off; i < off + n; i++)
			if (in[i] != (out[i] ^ XOR))
				FAIL(name, "byte %zu: got %02x want %02x", i, in[i], out[i] ^ XOR);
		off += n;
	}
	ft_emu_get_stats(f.e, &st);
	if (st.out_bytes != total || st.in_bytes != total)
		FAIL(name, "emulator counted out %llu in %llu, want %zu", (unsigned long long)st.out_bytes,
		     (unsigned long long)st.in_bytes, total);
	printf("     (%s: %zu bytes each way in %.2f s, %llu IN packets)\n", name, total, now_s() - t0,
	       (unsigned long long)st.in_packets);
	PASS(name);
out:
	free(out);
	free(in);
	fix_down(&f);
}

/* 5000 bytes waiting in the device come back in one multi-packet transfer: 10 packets, 10 status pairs */
static void t_multipacket(void)
{
	const char *name = "multi_packet_strip";
	struct fix f;
	struct ft_emu_stats st0, st1;
	uint8_t out[5000], in[8192];
	long r;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	for (size_t i = 0; i < sizeof out; i++)
		out[i] = (uint8_t)(i * 7 + 3);
	if (f.t->write(f.t, out, sizeof out))
		FAIL(name, "write: %s", f.t->err);
	ft_emu_get_stats(f.e, &st0);
	r = f.t->read(f.t, in, sizeof in, 1000);
	ft_emu_get_stats(f.e, &st1);
	if (r != (long)sizeof out)
		FAIL(name, "read returned %ld, want %zu in one go (%s)", r, sizeof out, r < 0 ? f.t->err : "");
	if (st1.in_packets - st0.in_packets != 10)
		FAIL(name, "%llu packets, want 10", (unsigned long long)(st1.in_packets - st0.in_packets));
	for (size_t i = 0; i < sizeof out; i++)
		if (in[i] != (out[i] ^ XOR))
			FAIL(name, "byte %zu: got %02x want %02x", i, in[i], out[i] ^ XOR);
	/* leftovers: a small read takes part of a transfer, the rest comes from the buffer */
	if (f.t->write(f.t, out, 1500))
		FAIL(name, "write: %s", f.t->err);
	r = f.t->read(f.t, in, 100, 1000);
	if (r != 100)
		FAIL(name, "small read returned %ld", r);
	r = read_all(f.t, in + 100, 1400, 1000);
	if (r != 1400)
		FAIL(name, "rest returned %ld", r);
	for (size_t i = 0; i < 1500; i++)
		if (in[i] != (out[i] ^ XOR))
			FAIL(name, "leftover byte %zu wrong", i);
	PASS(name);
out:
	fix_down(&f);
}

static void t_idle_timeout(void)
{
	const char *name = "idle_timeout";
	struct fix f;
	uint8_t b[64];
	double t0, dt, c0, dc;
	long r;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	t0 = now_s();
	c0 = cpu_s();
	r = f.t->read(f.t, b, sizeof b, 300);
	dt = now_s() - t0;
	dc = cpu_s() - c0;
	if (r != PC_T_ERR_TIMEOUT)
		FAIL(name, "read returned %ld, want PC_T_ERR_TIMEOUT", r);
	if (dt < 0.29 || dt > 0.6)
		FAIL(name, "timed out after %.3f s, want 0.3 s", dt);
	printf("     (%s: %.3f s, CPU %.0f%% while idle: the emulated chip answers every 1 ms)\n", name, dt,
	       100 * dc / dt);
	r = f.t->read(f.t, b, sizeof b, 0);
	if (r != PC_T_ERR_TIMEOUT)
		FAIL(name, "read with timeout 0 returned %ld", r);
	PASS(name);
out:
	fix_down(&f);
}

static void t_stall(void)
{
	const char *name = "stall_timeout";
	struct fix f;
	uint8_t b[64], x = 0x11;
	double t0, dt, c0, dc;
	long r;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	ft_emu_stall(f.e, 1);
	if (f.t->write(f.t, &x, 1))
		FAIL(name, "write: %s", f.t->err);
	t0 = now_s();
	c0 = cpu_s();
	r = f.t->read(f.t, b, sizeof b, 400);
	dt = now_s() - t0;
	dc = cpu_s() - c0;
	if (r != PC_T_ERR_TIMEOUT)
		FAIL(name, "read returned %ld, want PC_T_ERR_TIMEOUT", r);
	if (dt < 0.39 || dt > 0.8)
		FAIL(name, "timed out after %.3f s, want 0.4 s", dt);
	if (dc > 0.2 * dt)
		FAIL(name, "CPU %.0f%% while waiting for a stalled device: spinning", 100 * dc / dt);
	printf("     (%s: %.3f s, CPU %.1f%%)\n", name, dt, 100 * dc / dt);
	ft_emu_stall(f.e, 0);
	r = f.t->read(f.t, b, 1, 1000);
	if (r != 1 || b[0] != (x ^ XOR))
		FAIL(name, "after the stall: read %ld byte %02x", r, b[0]);
	PASS(name);
out:
	fix_down(&f);
}

static void *unplug_later(void *arg)
{
	usleep(150000);
	ft_emu_unplug(arg);
	return NULL;
}

static void t_unplug_read(void)
{
	const char *name = "unplug_during_read";
	struct fix f;
	uint8_t b[64];
	pthread_t th;
	double t0, dt;
	long r;
	char err[256];
	struct pc_transport *t2;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	pthread_create(&th, NULL, unplug_later, f.e);
	t0 = now_s();
	r = f.t->read(f.t, b, sizeof b, 3000);
	dt = now_s() - t0;
	pthread_join(th, NULL);
	if (r != PC_T_ERR_NODEV)
		FAIL(name, "read returned %ld (%s), want PC_T_ERR_NODEV", r, f.t->err);
	if (dt > 1.0)
		FAIL(name, "noticed the unplug only after %.3f s", dt);
	if (!strstr(f.t->err, "reconnect the iCEBreaker") || !strstr(f.t->err, "--resume"))
		FAIL(name, "message: %s", f.t->err);
	printf("     (%s: %s)\n", name, f.t->err);
	if (f.t->write(f.t, b, 10) != PC_T_ERR_NODEV)
		FAIL(name, "write after unplug did not give PC_T_ERR_NODEV");
	f.t->close(f.t);
	f.t = NULL;
	errno = 0;
	t2 = pc_transport_usb_open(NULL, err, sizeof err);
	if (t2) {
		t2->close(t2);
		FAIL(name, "re-open of an unplugged device succeeded");
	}
	if (errno != ENODEV)
		FAIL(name, "re-open: errno %d, want ENODEV (%s)", errno, err);
	PASS(name);
out:
	fix_down(&f);
}

static void t_unplug_stream(void)
{
	const char *name = "unplug_mid_stream";
	struct fix f;
	static uint8_t out[4096], in[4096];
	size_t sent = 0;
	int code = 0;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	memset(out, 0xA5, sizeof out);
	ft_emu_unplug_after(f.e, 100000);
	while (sent < 1000000) {
		int r = f.t->write(f.t, out, sizeof out);
		long g;
		if (r) {
			code = r;
			break;
		}
		g = read_all(f.t, in, sizeof out, 1000);
		if (g < 0) {
			code = (int)g;
			break;
		}
		sent += sizeof out;
	}
	if (code != PC_T_ERR_NODEV)
		FAIL(name, "got %d after %zu bytes (%s), want PC_T_ERR_NODEV", code, sent, f.t->err);
	if (sent > 100000)
		FAIL(name, "%zu bytes went through, the cable was pulled at 100000", sent);
	PASS(name);
out:
	fix_down(&f);
}

static void t_corrupt(void)
{
	const char *name = "corrupt_line";
	struct fix f;
	static uint8_t out[65536], in[65536];
	size_t bad = 0;
	long g;
	if (fix_up(&f, name) || fix_open(&f, name, NULL, 0))
		goto out;
	ft_emu_corrupt(f.e, 42, 0.01);
	for (size_t i = 0; i < sizeof out; i++)
		out[i] = (uint8_t)i;
	if (f.t->write(f.t, out, sizeof out))
		FAIL(name, "write: %s", f.t->err);
	g = read_all(f.t, in, sizeof in, 1000);
	if (g != (long)sizeof in)
		FAIL(name, "read %ld", g);
	for (size_t i = 0; i < sizeof out; i++)
		bad += in[i] != (out[i] ^ XOR);
	/* p = 1% per byte per direction: about 2% of 65536 = 1300 */
	if (bad < 900 || bad > 1800)
		FAIL(name, "%zu corrupted bytes, want about 1300", bad);
	printf("     (%s: %zu of %zu bytes corrupted)\n", name, bad, sizeof out);
	PASS(name);
out:
	fix_down(&f);
}

int main(int argc, char **argv)
{
	(void)argc;
	if (ft_emu_reexec_preload(argv) < 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);

	t_enumerate();
	t_open("open_default_3M", NULL, 0, 3000000);
	t_open("open_12M", NULL, 12000000, 12000000);
	t_open("open_by_serial", FT_EMU_SERIAL, 3000000, 3000000);
	t_open("open_by_busaddr", "1:2", 6000000, 6000000);
	t_open_fail("absent_device", NULL, 0, ENODEV, 1);
	t_open_fail("wrong_serial", "NOPE123", 0, ENODEV, 0);
	t_open_fail("wrong_busaddr", "3:7", 0, ENODEV, 0);
	t_open_fail("bad_baud", NULL, 20000000, EINVAL, 0);
	t_multipacket();
	t_stream("stream_1MB_3M", 3000000, 1 << 20);
	t_stream("stream_1MB_12M", 12000000, 1 << 20);
	t_idle_timeout();
	t_stall();
	t_unplug_read();
	t_unplug_stream();
	t_corrupt();

	printf("%s\n", failures ? "some USB emulation cases failed" : "all USB emulation cases passed");
	return failures ? 1 : 0;
}
