/* SPDX-License-Identifier: ISC */
/* test_transport_sim.c — the sim transport end to end over the Verilated core: a STATUS request
 * gets a well-formed 0x81 response with its SEQ and a good CRC; a bad CRC gets error 1; a bad
 * LEN gets error 2; garbage in front of a frame is ignored; pipelined requests come back in order.
 * (Holds for the real core and for the protocol-echo stand-in tests/echo/plasticore.v.)
 */
#include <stdio.h>
#include <string.h>

#include "transport.h"

static int fails;

static void check(int ok, const char *name)
{
	printf("%s transport_sim %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		fails++;
}

static uint16_t crc16(const uint8_t *p, size_t n)
{
	uint16_t c = 0xFFFF;
	while (n--) {
		c ^= (uint16_t)(*p++ << 8);
		for (int k = 0; k < 8; k++)
			c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
	}
	return c;
}

static size_t frame(uint8_t *out, uint8_t cmd, uint8_t seq, const uint8_t *pay, uint16_t len, int bad_crc)
{
	out[0] = 0xA5; out[1] = cmd; out[2] = seq; out[3] = len & 0xFF; out[4] = len >> 8;
	memcpy(out + 5, pay, len);
	uint16_t c = crc16(out + 1, 4u + len) ^ (bad_crc ? 0x0001 : 0);
	out[5 + len] = c & 0xFF; out[6 + len] = c >> 8;
	return 7u + len;
}

/* read one response frame; returns its payload length or -1 */
static int response(struct pc_transport *t, uint8_t *cmd, uint8_t *seq, uint8_t *pay)
{
	uint8_t b[1100];
	size_t have = 0, want = 5;
	while (have < want) {
		long n = t->read(t, b + have, want - have, 2000);
		if (n <= 0) {
			printf("     read: %ld %s\n", n, t->err);
			return -1;
		}
		have += (size_t)n;
		if (have >= 5 && want == 5)
			want = 7u + (b[3] | b[4] << 8);
	}
	if (b[0] != 0x5A || crc16(b + 1, want - 3) != (b[want - 2] | b[want - 1] << 8))
		return -1;
	*cmd = b[1]; *seq = b[2];
	memcpy(pay, b + 5, want - 7);
	return (int)(want - 7);
}

int main(void)
{
	char err[256] = "";
	struct pc_transport_opts o = { 0 };
	struct pc_transport *t = pc_transport_sim_open(&o, err, sizeof err);
	uint8_t req[1200], pay[1100], cmd, seq;
	size_t n;
	int len;

	if (!t) {
		printf("FAIL transport_sim open: %s\n", err);
		return 1;
	}
	n = frame(req, 0x01, 0x11, NULL, 0, 0);
	t->write(t, req, n);
	len = response(t, &cmd, &seq, pay);
	check(len >= 0 && cmd == 0x81 && seq == 0x11, "STATUS -> 0x81, same SEQ, good CRC");

	n = frame(req, 0x01, 0x12, NULL, 0, 1);
	t->write(t, req, n);
	len = response(t, &cmd, &seq, pay);
	check(len == 1 && cmd == 0xFF && seq == 0x12 && pay[0] == 1, "bad CRC -> error 1");

	const uint8_t badlen[] = { 0x13, 0x27, 0xA5, 0x03, 0x13, 0x01, 0x04 }; /* garbage, LEN 1025 */
	t->write(t, badlen, sizeof badlen);
	len = response(t, &cmd, &seq, pay);
	check(len == 1 && cmd == 0xFF && seq == 0x13 && pay[0] == 2, "garbage, then LEN 1025 -> error 2");

	/* three requests in flight at once */
	n = 0;
	for (int i = 0; i < 3; i++)
		n += frame(req + n, 0x01, (uint8_t)(0x20 + i), NULL, 0, 0);
	t->write(t, req, n);
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		len = response(t, &cmd, &seq, pay);
		ok = ok && len >= 0 && cmd == 0x81 && seq == 0x20 + i;
	}
	check(ok, "3 pipelined requests answered in order");
	printf("     %lld cycles\n", (long long)t->cycles(t));
	t->close(t);
	return fails ? 1 : 0;
}
