/* SPDX-License-Identifier: ISC */
/* test_usb_e2e.c — the whole host stack over USB without a board: the `plasticore` CLI runs
 * in-process (pc_cli_main, host/cli.h) with `--backend usb`, through host/transport_usb.c, libusb
 * and libftdi1, into an FT2232H emulated with umockdev (sim/ft2232h_emu.h) whose far end is a real
 * device model (sim/emu_device.h): the Verilated core when this build has it (PC_HAVE_SIM), else
 * the C reference device. Every result is compared with a `--backend sim` (or `ref`) run of the
 * same command.
 *
 * Cases (PASS/FAIL lines; exit 1 on any failure):
 *   train_<preset>      train 500 samples (--hidden 32; dense, frugal): --json figures and the saved
 *                       state equal the direct backend's (timing fields and the CYCLES counter
 *                       excepted), and the FT2232H set-up on the wire is the real chip's
 *   predictions         (sim builds) every prediction of usb(sim) equals usb(ref), sample by sample
 *   eval                eval of the saved checkpoint, usb vs direct
 *   unplug_resume       cable pulled mid-run → exit 1, one line naming the unplug and --resume, the
 *                       checkpoint loads; replug + --resume → the uninterrupted run's figures and
 *                       state byte for byte (with the sim device: byte for byte but CYCLES)
 *   stall               IN endpoint stalled mid-run → exit 1, "no response" within 2 x --timeout
 *                       (one resync round before giving up), checkpoint intact
 *   corrupt             1e-4 of the bytes damaged, both directions → exit 0 and the clean run's
 *                       figures and state (link counters FRAME_ERRORS / RX_DROPPED excepted), with
 *                       the pipeline on (go-back-N, >= 3 requests in flight: pc_client_totals)
 *   corrupt_3e-4        the same at 3e-4 per byte
 *
 * Options: --device ref|sim (default: sim if built), --only NAME, --corrupt P (the corrupt case's
 * probability per byte, default 1e-4), --seed N (its seed), --bench (print the link
 * figures as a markdown table instead, see tests/bench_usb.sh). env DATA (default data/mnist).
 */
#include "checkpoint.h"
#include "client.h"
#include "cli.h"
#include "emu_device.h"
#include "ft2232h_emu.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures;
static const char *data_dir = "data/mnist";
static char tmpdir[256];
static enum emu_dev_kind devkind;
static const char *direct; /* the direct backend to compare with: "sim" or "ref" */
static double p_corrupt = 1e-4;
static unsigned corrupt_seed = 12345;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void pass(const char *name)
{
	printf("PASS %s\n", name);
	fflush(stdout);
}

static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failures++;
}

static const char *tpath(const char *name)
{
	static char buf[64][512]; /* a ring: callers hold at most a few at a time */
	static int k;
	k = (k + 1) % 64;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

/* ---- an emulated board: device model + FT2232H --------------------------------------------- */

struct rig {
	struct emu_dev *dev;
	struct ft_emu *e;
};

static int rig_up(struct rig *r, enum emu_dev_kind kind, const char *name)
{
	char err[256];
	struct ft_emu_device fd;
	memset(r, 0, sizeof *r);
	r->dev = emu_dev_new(kind, err, sizeof err);
	if (!r->dev) {
		fail(name, "device model: %s", err);
		return -1;
	}
	emu_dev_bind(r->dev, &fd);
	r->e = ft_emu_new(&fd, err, sizeof err);
	if (!r->e) {
		fail(name, "ft_emu_new: %s", err);
		emu_dev_free(r->dev);
		r->dev = NULL;
		return -1;
	}
	return 0;
}

static void rig_down(struct rig *r)
{
	ft_emu_free(r->e); /* stops the device thread first */
	emu_dev_free(r->dev);
	memset(r, 0, sizeof *r);
}

/* ---- the CLI in-process, stdout / stderr captured -------------------------------------------- */

struct out {
	int rc;
	double secs;
	char *out, *err; /* whole stdout / stderr */
	char json[8192]; /* last line of stdout */
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	size_t k = b ? fread(b, 1, (size_t)n, f) : 0;
	fclose(f);
	if (!b)
		return strdup("");
	b[k] = 0;
	return b;
}

static void out_free(struct out *o)
{
	free(o->out);
	free(o->err);
	o->out = o->err = NULL;
}

/* run `plasticore ARGS...` (NULL-terminated list, without the program name) */
static void cli(struct out *o, const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	va_list ap;
	argv[argc++] = "plasticore";
	va_start(ap, first);
	for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = strdup(a);
	va_end(ap);
	argv[argc] = NULL;
	char *mine[64]; /* getopt permutes argv: free what we allocated */
	memcpy(mine, argv, sizeof mine);

	const char *fo = tpath("cli.stdout"), *fe = tpath("cli.stderr");
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	int fdo = open(fo, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fde = open(fe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fdo, 1);
	dup2(fde, 2);
	close(fdo);
	close(fde);
	double t0 = now_s();
	o->rc = pc_cli_main(argc, argv);
	o->secs = now_s() - t0;
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	for (int i = 1; i < argc; i++)
		free(mine[i]);
	o->out = slurp(fo);
	o->err = slurp(fe);
	o->json[0] = 0;
	size_t n = strlen(o->out);
	while (n > 0 && o->out[n - 1] == '\n')
		n--;
	size_t s = n;
	while (s > 0 && o->out[s - 1] != '\n')
		s--;
	if (n - s < sizeof o->json) {
		memcpy(o->json, o->out + s, n - s);
		o->json[n - s] = 0;
	}
}

/* the lines of stderr that the CLI wrote (umockdev may add warnings of its own) */
static int cli_err_lines(const char *err, char *first, size_t len)
{
	int n = 0;
	first[0] = 0;
	for (const char *p = err; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (!strncmp(p, "plasticore", 10)) {
			if (!n)
				snprintf(first, len, "%.*s", (int)l, p);
			n++;
		}
		p += l + (e ? 1 : 0);
	}
	return n;
}

/* ---- --json comparison (a flat object with one nested "counters") ---------------------------- */

struct kv {
	char key[64];
	char val[64];
};

static int json_flat(const char *s, struct kv *kv, int max)
{
	int n = 0;
	char prefix[32] = "";
	while (*s && n < max) {
		if (*s == '}') {
			prefix[0] = 0;
			s++;
			continue;
		}
		if (*s != '"') {
			s++;
			continue;
		}
		const char *k = ++s;
		while (*s && *s != '"')
			s++;
		int kl = (int)(s - k);
		if (*s)
			s++;
		while (*s == ' ' || *s == ':')
			s++;
		if (*s == '{') {
			snprintf(prefix, sizeof prefix, "%.*s.", kl, k);
			s++;
			continue;
		}
		const char *v = s;
		if (*s == '"') {
			s++;
			while (*s && *s != '"')
				s++;
			if (*s)
				s++;
		} else {
			while (*s && *s != ',' && *s != '}')
				s++;
		}
		snprintf(kv[n].key, sizeof kv[n].key, "%s%.*s", prefix, kl, k);
		snprintf(kv[n].val, sizeof kv[n].val, "%.*s", (int)(s - v), v);
		n++;
	}
	return n;
}

static const char *kv_get(const struct kv *kv, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].val;
	return NULL;
}

/* 0 if a and b agree on every key but those in skip (space-separated); else a note in why */
static int json_same(const char *a, const char *b, const char *skip, char *why, size_t len)
{
	static struct kv ka[128], kb[128];
	int na = json_flat(a, ka, 128), nb = json_flat(b, kb, 128);
	char pad[80];
	if (na < 10 || nb < 10) {
		snprintf(why, len, "no --json line (%d / %d keys)", na, nb);
		return -1;
	}
	for (int pass_ = 0; pass_ < 2; pass_++) {
		const struct kv *x = pass_ ? kb : ka, *y = pass_ ? ka : kb;
		int nx = pass_ ? nb : na, ny = pass_ ? na : nb;
		for (int i = 0; i < nx; i++) {
			snprintf(pad, sizeof pad, " %.70s ", x[i].key);
			char sk[512];
			snprintf(sk, sizeof sk, " %s ", skip);
			if (strstr(sk, pad))
				continue;
			const char *v = kv_get(y, ny, x[i].key);
			if (!v || strcmp(v, x[i].val)) {
				snprintf(why, len, "%.64s: %.64s vs %.64s", x[i].key, pass_ ? (v ? v : "-") : x[i].val,
					 pass_ ? x[i].val : (v ? v : "-"));
				return -1;
			}
		}
	}
	return 0;
}

/* keys that depend on timing or on the backend's name, never on the learning */
#define SKIP_TIMING "samples_per_s sim_cycles_per_s cycles counters.cycles"
#define SKIP_BACKEND SKIP_TIMING " backend"
#define SKIP_LINK SKIP_TIMING " counters.frame_errors counters.rx_dropped"

/* ---- checkpoint comparison -------------------------------------------------------------------- */

enum { MASK_CYCLES = 1, MASK_BACKEND = 2, MASK_LINK = 4 };

static int ckpt_load(const char *path, struct pc_run_state *run, struct pc_core *st, struct pc_core *in,
		     char *err, size_t len)
{
	if (pc_core_init(st, PC_H_MAX, PC_SLOT_CAP_DEFAULT) || pc_core_init(in, PC_H_MAX, PC_SLOT_CAP_DEFAULT)) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	return pc_checkpoint_load(path, run, st, in, err, len);
}

static int files_same(const char *a, const char *b)
{
	char *x, *y;
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = 0;
	if (fa && fb) {
		struct stat sa, sb;
		fstat(fileno(fa), &sa);
		fstat(fileno(fb), &sb);
		if (sa.st_size == sb.st_size) {
			x = malloc((size_t)sa.st_size + 1);
			y = malloc((size_t)sb.st_size + 1);
			if (x && y && fread(x, 1, (size_t)sa.st_size, fa) == (size_t)sa.st_size &&
			    fread(y, 1, (size_t)sb.st_size, fb) == (size_t)sb.st_size)
				same = !memcmp(x, y, (size_t)sa.st_size);
			free(x);
			free(y);
		}
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* the two state files byte for byte after the masked fields are set equal (mask 0: as they are) */
static int state_same(const char *a, const char *b, int mask, char *why, size_t len)
{
	if (!mask) {
		if (files_same(a, b))
			return 0;
		snprintf(why, len, "%.200s and %.200s differ", a, b);
		return -1;
	}
	struct pc_run_state ra, rb;
	struct pc_core sa, ia, sb, ib;
	int r = -1;
	memset(&sa, 0, sizeof sa);
	memset(&sb, 0, sizeof sb);
	memset(&ia, 0, sizeof ia);
	memset(&ib, 0, sizeof ib);
	if (ckpt_load(a, &ra, &sa, &ia, why, len) || ckpt_load(b, &rb, &sb, &ib, why, len))
		goto out;
	for (int k = 0; k < 2; k++) {
		struct pc_run_state *rr = k ? &rb : &ra;
		struct pc_core *ss = k ? &sb : &sa;
		if (mask & MASK_CYCLES)
			ss->cnt[PC_CNT_CYCLES] = 0;
		if (mask & MASK_LINK)
			ss->cnt[PC_CNT_FRAME_ERRORS] = ss->cnt[PC_CNT_RX_DROPPED] = 0;
		if (mask & MASK_BACKEND)
			memset(rr->backend, 0, sizeof rr->backend);
	}
	const char *ma = tpath("masked_a.bin"), *mb = tpath("masked_b.bin");
	if (pc_checkpoint_save(ma, &ra, &sa, &ia, why, len) || pc_checkpoint_save(mb, &rb, &sb, &ib, why, len))
		goto out;
	if (!files_same(ma, mb)) {
		snprintf(why, len, "%.200s and %.200s differ beyond the masked fields", a, b);
		goto out;
	}
	r = 0;
out:
	pc_core_free(&sa);
	pc_core_free(&ia);
	pc_core_free(&sb);
	pc_core_free(&ib);
	return r;
}

/* ---- cases ------------------------------------------------------------------------------------ */

#define TRAIN_ARGS(preset, n) "--data", data_dir, "--train-limit", n, "--test-limit", n, "--hidden", "32", \
	"--preset", preset, "--quiet", "--json"

static char usb_ckpt[2][512]; /* the states saved by train_dense / train_frugal over usb */

static void t_train(const char *preset, int k)
{
	char name[64], why[512];
	struct rig r;
	struct out u = { 0 }, d = { 0 };
	struct ft_emu_stats st;
	snprintf(name, sizeof name, "train_%s", preset);
	const char *fu = tpath(k ? "train_usb_1.bin" : "train_usb_0.bin");
	const char *fd = tpath(k ? "train_dir_1.bin" : "train_dir_0.bin");
	snprintf(usb_ckpt[k], sizeof usb_ckpt[k], "%s", fu);

	cli(&d, "train", "--backend", direct, TRAIN_ARGS(preset, "500"), "--save", fd, NULL);
	if (d.rc) {
		fail(name, "--backend %s: exit %d: %s", direct, d.rc, d.err);
		goto out;
	}
	if (rig_up(&r, devkind, name))
		goto out;
	memset(&pc_client_totals, 0, sizeof pc_client_totals);
	cli(&u, "train", "--backend", "usb", TRAIN_ARGS(preset, "500"), "--save", fu, NULL);
	ft_emu_get_stats(r.e, &st);
	rig_down(&r);
	if (u.rc) {
		fail(name, "--backend usb: exit %d: %s", u.rc, u.err);
		goto out;
	}
	if (json_same(u.json, d.json, SKIP_BACKEND, why, sizeof why)) {
		fail(name, "usb vs %s: %s", direct, why);
		goto out;
	}
	if (state_same(fu, fd, MASK_BACKEND | MASK_CYCLES, why, sizeof why)) {
		fail(name, "saved state usb vs %s: %s", direct, why);
		goto out;
	}
	if (st.baud != 3000000 || st.latency_ms != 1 || st.data_bits != 8 || st.parity || st.stop_bits ||
	    st.resets < 1 || st.purges < 2 || st.out_bytes < 500u * 400 || st.in_packets == 0) {
		fail(name, "wire set-up: baud %u latency %u line %u/%u/%u resets %u purges %u out %llu in-packets %llu",
		     st.baud, st.latency_ms, st.data_bits, st.parity, st.stop_bits, st.resets, st.purges,
		     (unsigned long long)st.out_bytes, (unsigned long long)st.in_packets);
		goto out;
	}
	if (pc_client_totals.max_inflight < 3) {
		fail(name, "not pipelined: at most %u requests in flight", pc_client_totals.max_inflight);
		goto out;
	}
	printf("# %s: usb %.2f s, %s %.2f s; wire: %llu bytes out, %llu in, %llu IN packets; up to %u requests "
	       "(%u bytes) in flight\n", name, u.secs, direct, d.secs, (unsigned long long)st.out_bytes,
	       (unsigned long long)st.in_bytes, (unsigned long long)st.in_packets, pc_client_totals.max_inflight,
	       pc_client_totals.max_inflight_bytes);
	pass(name);
out:
	out_free(&u);
	out_free(&d);
}

static void t_eval(void)
{
	const char *name = "eval";
	char why[512];
	struct rig r;
	struct out u = { 0 }, d = { 0 };
	for (int k = 0; k < 2; k++) {
		cli(&d, "eval", "--backend", direct, "--data", data_dir, "--load", usb_ckpt[k], "--test-limit", "500",
		    "--quiet", "--json", NULL);
		if (rig_up(&r, devkind, name))
			goto out;
		cli(&u, "eval", "--backend", "usb", "--data", data_dir, "--load", usb_ckpt[k], "--test-limit", "500",
		    "--quiet", "--json", NULL);
		rig_down(&r);
		if (u.rc || d.rc) {
			fail(name, "exit usb %d / %s %d: %s%s", u.rc, direct, d.rc, u.err, d.err);
			goto out;
		}
		if (json_same(u.json, d.json, SKIP_BACKEND, why, sizeof why)) {
			fail(name, "usb vs %s (%s): %s", direct, usb_ckpt[k], why);
			goto out;
		}
		out_free(&u);
		out_free(&d);
	}
	pass(name);
out:
	out_free(&u);
	out_free(&d);
}

/* usb(sim) vs usb(ref): the same prediction for every sample (device-level, from the wire) */
static void t_predictions(void)
{
	const char *name = "predictions";
	char why[512];
	struct rig r;
	struct out a = { 0 }, b = { 0 };
	const char *fa = tpath("pred_sim.bin"), *fb = tpath("pred_ref.bin");
	if (rig_up(&r, EMU_DEV_SIM, name))
		return;
	cli(&a, "train", "--backend", "usb", TRAIN_ARGS("frugal", "500"), "--save", fa, NULL);
	uint64_t na, nb;
	uint64_t da = emu_dev_pred_digest(r.dev, &na);
	rig_down(&r);
	if (rig_up(&r, EMU_DEV_REF, name))
		goto out;
	cli(&b, "train", "--backend", "usb", TRAIN_ARGS("frugal", "500"), "--save", fb, NULL);
	uint64_t db = emu_dev_pred_digest(r.dev, &nb);
	rig_down(&r);
	if (a.rc || b.rc) {
		fail(name, "exit %d / %d: %s%s", a.rc, b.rc, a.err, b.err);
		goto out;
	}
	if (na != 1000 || nb != 1000 || da != db) {
		fail(name, "%llu / %llu predictions, digest %016llx vs %016llx", (unsigned long long)na,
		     (unsigned long long)nb, (unsigned long long)da, (unsigned long long)db);
		goto out;
	}
	if (json_same(a.json, b.json, SKIP_TIMING, why, sizeof why) ||
	    state_same(fa, fb, MASK_CYCLES, why, sizeof why)) {
		fail(name, "usb(sim) vs usb(ref): %s", why);
		goto out;
	}
	pass(name);
out:
	out_free(&a);
	out_free(&b);
}

#define RUN_ARGS "--data", data_dir, "--train-limit", "300", "--test-limit", "200", "--hidden", "32", \
	"--preset", "frugal", "--quiet", "--json", "--timeout", "1000"

/* the uninterrupted reference of the fault cases, over usb: its json, state and wire bytes */
static struct out ref_run;
static char ref_state[512];
static uint64_t ref_out_bytes;

static int reference_run(void)
{
	struct rig r;
	struct ft_emu_stats st;
	if (ref_run.out)
		return ref_run.rc ? -1 : 0;
	snprintf(ref_state, sizeof ref_state, "%s", tpath("ref_state.bin"));
	if (rig_up(&r, devkind, "reference_run"))
		return -1;
	cli(&ref_run, "train", "--backend", "usb", RUN_ARGS, "--checkpoint", tpath("ref_ck.bin"),
	    "--checkpoint-every", "100", "--save", ref_state, NULL);
	ft_emu_get_stats(r.e, &st);
	rig_down(&r);
	ref_out_bytes = st.out_bytes;
	if (ref_run.rc) {
		fail("reference_run", "exit %d: %s", ref_run.rc, ref_run.err);
		return -1;
	}
	return 0;
}

static void t_unplug_resume(void)
{
	const char *name = "unplug_resume";
	char why[512], line[512];
	struct rig r;
	struct out a = { 0 }, b = { 0 };
	const char *ck = tpath("unplug_ck.bin"), *sv = tpath("unplug_state.bin");
	if (reference_run())
		return;
	if (rig_up(&r, devkind, name))
		return;
	ft_emu_unplug_after(r.e, ref_out_bytes / 2);
	cli(&a, "train", "--backend", "usb", RUN_ARGS, "--checkpoint", ck, "--checkpoint-every", "100", "--save", sv,
	    NULL);
	rig_down(&r);
	int n = cli_err_lines(a.err, line, sizeof line);
	if (a.rc != 1 || n != 1 || !strstr(line, "unplugged") || !strstr(line, "--resume")) {
		fail(name, "exit %d, %d line(s): %s", a.rc, n, a.err);
		goto out;
	}
	printf("# %s: error line: %s\n", name, line);
	struct pc_run_state run;
	struct pc_core st, in;
	memset(&st, 0, sizeof st);
	memset(&in, 0, sizeof in);
	int bad = ckpt_load(ck, &run, &st, &in, why, sizeof why);
	uint64_t seen = st.cnt[PC_CNT_TRAIN_SAMPLES];
	pc_core_free(&st);
	pc_core_free(&in);
	if (bad || run.next_index == 0 || run.next_index % 100 || seen != run.next_index) {
		fail(name, "checkpoint after the unplug: %s (position %u, %llu samples)", bad ? why : "inconsistent",
		     run.next_index, (unsigned long long)seen);
		goto out;
	}
	printf("# %s: checkpoint at sample %u\n", name, run.next_index);
	/* replug: a new board (device at reset), continue */
	if (rig_up(&r, devkind, name))
		goto out;
	cli(&b, "train", "--backend", "usb", "--resume", "--checkpoint", ck, "--checkpoint-every", "100", "--data",
	    data_dir, "--quiet", "--json", "--timeout", "1000", "--save", sv, NULL);
	rig_down(&r);
	if (b.rc) {
		fail(name, "--resume: exit %d: %s", b.rc, b.err);
		goto out;
	}
	if (json_same(b.json, ref_run.json, SKIP_TIMING, why, sizeof why)) {
		fail(name, "resumed vs uninterrupted: %s", why);
		goto out;
	}
	if (state_same(sv, ref_state, devkind == EMU_DEV_SIM ? MASK_CYCLES : 0, why, sizeof why)) {
		fail(name, "resumed vs uninterrupted state: %s", why);
		goto out;
	}
	pass(name);
out:
	out_free(&a);
	out_free(&b);
}

struct staller {
	struct ft_emu *e;
	uint64_t at;
	double t;
	volatile int stop;
};

static void *stall_thread(void *arg)
{
	struct staller *s = arg;
	struct ft_emu_stats st;
	while (!s->stop) {
		ft_emu_get_stats(s->e, &st);
		if (st.out_bytes >= s->at) {
			ft_emu_stall(s->e, 1);
			s->t = now_s();
			return NULL;
		}
		usleep(1000);
	}
	return NULL;
}

static void t_stall(void)
{
	const char *name = "stall";
	char line[512], why[512];
	struct rig r;
	struct out a = { 0 };
	struct staller s = { 0 };
	pthread_t th;
	const char *ck = tpath("stall_ck.bin");
	if (reference_run())
		return;
	if (rig_up(&r, devkind, name))
		return;
	s.e = r.e;
	s.at = ref_out_bytes / 2;
	pthread_create(&th, NULL, stall_thread, &s);
	cli(&a, "train", "--backend", "usb", RUN_ARGS, "--checkpoint", ck, "--checkpoint-every", "100", NULL);
	double t_end = now_s();
	s.stop = 1;
	pthread_join(th, NULL);
	rig_down(&r);
	int n = cli_err_lines(a.err, line, sizeof line);
	double waited = s.t > 0 ? t_end - s.t : -1;
	if (a.rc != 1 || n != 1 || !strstr(line, "no response")) {
		fail(name, "exit %d, %d line(s): %s", a.rc, n, a.err);
		goto out;
	}
	if (waited < 0 || waited > 2 * 1.0 + 1.0) {
		fail(name, "gave up %.2f s after the stall (timeout 1 s)", waited);
		goto out;
	}
	printf("# %s: error %.2f s after the stall: %s\n", name, waited, line);
	struct pc_run_state run;
	struct pc_core st, in;
	memset(&st, 0, sizeof st);
	memset(&in, 0, sizeof in);
	int bad = ckpt_load(ck, &run, &st, &in, why, sizeof why);
	pc_core_free(&st);
	pc_core_free(&in);
	if (bad || run.next_index == 0 || run.next_index % 100) {
		fail(name, "checkpoint: %s (position %u)", bad ? why : "inconsistent", run.next_index);
		goto out;
	}
	pass(name);
out:
	out_free(&a);
}

static void t_corrupt(const char *name, double p)
{
	char why[512];
	struct rig r;
	struct out a = { 0 };
	const char *sv = tpath("corrupt_state.bin");
	if (reference_run())
		return;
	if (rig_up(&r, devkind, name))
		return;
	ft_emu_corrupt(r.e, corrupt_seed, p);
	memset(&pc_client_totals, 0, sizeof pc_client_totals);
	cli(&a, "train", "--backend", "usb", RUN_ARGS, "--checkpoint", tpath("corrupt_ck.bin"), "--checkpoint-every",
	    "100", "--save", sv, NULL);
	rig_down(&r);
	if (a.rc) {
		fail(name, "exit %d: %s", a.rc, a.err);
		goto out;
	}
	static struct kv kv[128];
	int n = json_flat(a.json, kv, 128);
	const char *fe = kv_get(kv, n, "counters.frame_errors"), *rd = kv_get(kv, n, "counters.rx_dropped");
	if (json_same(a.json, ref_run.json, SKIP_LINK, why, sizeof why)) {
		fail(name, "vs the clean run: %s", why);
		goto out;
	}
	if (state_same(sv, ref_state, MASK_LINK | MASK_CYCLES, why, sizeof why)) {
		fail(name, "state vs the clean run: %s", why);
		goto out;
	}
	if (pc_client_totals.max_inflight < 3) {
		fail(name, "not pipelined: at most %u requests in flight", pc_client_totals.max_inflight);
		goto out;
	}
	printf("# %s (p %g, seed %u): device saw %s frame errors, %s bytes dropped; %llu recoveries, %llu "
	       "requests resent, up to %u requests / %u bytes in flight; the clean run's figures and state\n",
	       name, p, corrupt_seed, fe ? fe : "?", rd ? rd : "?", (unsigned long long)pc_client_totals.recoveries,
	       (unsigned long long)pc_client_totals.resends, pc_client_totals.max_inflight,
	       pc_client_totals.max_inflight_bytes);
	pass(name);
out:
	out_free(&a);
}

/* ---- bench ------------------------------------------------------------------------------------ */

struct meas {
	uint64_t out, in, packets;
	unsigned inflight, inflight_bytes;
	double secs;
	int rc;
};

static void measure(struct meas *m, enum emu_dev_kind kind, const char *cmd, const char *ntrain,
		    const char *ntest, const char *save)
{
	struct rig r;
	struct out o = { 0 };
	struct ft_emu_stats st;
	memset(m, 0, sizeof *m);
	m->rc = -1;
	if (rig_up(&r, kind, "bench"))
		return;
	memset(&pc_client_totals, 0, sizeof pc_client_totals);
	if (!strcmp(cmd, "train"))
		cli(&o, "train", "--backend", "usb", "--data", data_dir, "--train-limit", ntrain, "--test-limit",
		    ntest, "--hidden", "32", "--preset", "frugal", "--quiet", "--json", "--save", save, NULL);
	else
		cli(&o, "eval", "--backend", "usb", "--data", data_dir, "--load", save, "--test-limit", ntest,
		    "--quiet", "--json", NULL);
	ft_emu_get_stats(r.e, &st);
	rig_down(&r);
	m->rc = o.rc;
	m->out = st.out_bytes;
	m->in = st.in_bytes;
	m->packets = st.in_packets;
	m->inflight = pc_client_totals.max_inflight;
	m->inflight_bytes = pc_client_totals.max_inflight_bytes;
	m->secs = o.secs;
	if (o.rc)
		fprintf(stderr, "bench: %s exit %d: %s\n", cmd, o.rc, o.err);
	out_free(&o);
}

static int bench(void)
{
	const int A = 100, B = 500, n = B - A;
	struct meas t[2][2], e[2][2]; /* [device][small, large] */
	int kinds = emu_dev_have_sim() ? 2 : 1;
	const char *sv = tpath("bench.bin");
	for (int k = 0; k < kinds; k++) {
		enum emu_dev_kind kind = k ? EMU_DEV_SIM : EMU_DEV_REF;
		measure(&t[k][0], kind, "train", "100", "100", sv);
		measure(&t[k][1], kind, "train", "500", "100", sv);
		measure(&e[k][0], kind, "eval", NULL, "100", sv);
		measure(&e[k][1], kind, "eval", NULL, "500", sv);
		if (t[k][0].rc || t[k][1].rc || e[k][0].rc || e[k][1].rc)
			return 1;
	}
	(void)A;
	printf("### USB link (emulated FT2232H, `tests/bench_usb.sh`)\n\n");
	printf("Frugal preset, H = 32. Bytes are UART payload bytes (the FT2232H's 2 modem-status bytes per "
	       "512-byte USB packet are not on the UART); per-sample figures are the difference between a "
	       "%d- and a %d-sample run, so set-up, state load and read-back cancel. The usb backend pipelines "
	       "(go-back-N, docs/protocol.md): in flight at most %u requests / %u bytes (training), %u / %u "
	       "(inference).\n\n", A, B, t[0][1].inflight, t[0][1].inflight_bytes, e[0][1].inflight,
	       e[0][1].inflight_bytes);
	printf("| per sample | host→FPGA bytes | FPGA→host bytes | USB IN packets | emulated, ref device (samples/s) |%s "
	       "link-limited @ 3 Mbaud (samples/s) | @ 12 Mbaud (samples/s) |\n",
	       kinds > 1 ? " emulated, Verilated core (samples/s) |" : "");
	printf("|---|---|---|---|---|%s---|---|\n", kinds > 1 ? "---|" : "");
	for (int w = 0; w < 2; w++) {
		struct meas (*m)[2] = w ? e : t;
		double out = (double)(m[0][1].out - m[0][0].out) / n, in = (double)(m[0][1].in - m[0][0].in) / n;
		double pk = (double)(m[0][1].packets - m[0][0].packets) / n;
		double worst = out > in ? out : in;
		printf("| %s | %.1f | %.1f | %.2f | %.0f |", w ? "inference (INFER)" : "training (TRAIN)", out, in, pk,
		       n / (m[0][1].secs - m[0][0].secs));
		if (kinds > 1)
			printf(" %.0f |", n / (m[1][1].secs - m[1][0].secs));
		printf(" %.0f | %.0f |\n", 3e6 / 10 / worst, 12e6 / 10 / worst);
	}
	printf("\nLink-limited = baud / 10 bits per byte / the busier direction's bytes per sample (the UART is "
	       "full duplex); the emulation does not model the UART's speed, so the emulated rates are the host "
	       "stack's (and the simulator's) own.\n");
	return 0;
}

/* ---- main ------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const char *only = NULL, *devopt = NULL;
	int do_bench = 0;
	if (ft_emu_reexec_preload(argv))
		return 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--device") && i + 1 < argc)
			devopt = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--corrupt") && i + 1 < argc)
			p_corrupt = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			corrupt_seed = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--bench"))
			do_bench = 1;
		else {
			fprintf(stderr, "usage: %s [--device ref|sim] [--only CASE] [--corrupt P] [--seed N] [--bench]\n", argv[0]);
			return 2;
		}
	}
	if (getenv("DATA"))
		data_dir = getenv("DATA");
	devkind = emu_dev_have_sim() ? EMU_DEV_SIM : EMU_DEV_REF;
	if (devopt)
		devkind = !strcmp(devopt, "sim") ? EMU_DEV_SIM : EMU_DEV_REF;
	if (devkind == EMU_DEV_SIM && !emu_dev_have_sim()) {
		printf("FAIL setup: --device sim, but this build has no simulator\n");
		return 1;
	}
	direct = emu_dev_name(devkind);
	snprintf(tmpdir, sizeof tmpdir, "%s/test_usb_e2e.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		printf("FAIL setup: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	char probe[512];
	snprintf(probe, sizeof probe, "%s/train-labels-idx1-ubyte", data_dir);
	if (access(probe, R_OK) && (snprintf(probe, sizeof probe, "%s/train-labels-idx1-ubyte.gz", data_dir),
				    access(probe, R_OK))) {
		printf("FAIL setup: no data in %s (make data)\n", data_dir);
		return 1;
	}
	if (do_bench) {
		int r = bench();
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd)) {
		}
		return r;
	}
	printf("# device behind the emulated FT2232H: %s; compared with --backend %s\n", direct, direct);
#define CASE(n, call) do { if (!only || !strcmp(only, n)) { call; } } while (0)
	CASE("train_dense", t_train("dense", 0));
	CASE("train_frugal", t_train("frugal", 1));
	if (!only || !strcmp(only, "eval")) {
		if (!usb_ckpt[1][0]) {
			t_train("frugal", 1);
			t_train("dense", 0);
		}
		t_eval();
	}
	if (emu_dev_have_sim())
		CASE("predictions", t_predictions());
	CASE("unplug_resume", t_unplug_resume());
	CASE("stall", t_stall());
	CASE("corrupt", t_corrupt("corrupt", p_corrupt));
	CASE("corrupt_3e-4", t_corrupt("corrupt_3e-4", 3e-4));
	out_free(&ref_run);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (getenv("KEEP"))
		printf("# kept %s\n", tmpdir);
	else if (system(cmd)) {
	}
	return failures ? 1 : 0;
}
