/* SPDX-License-Identifier: ISC */
/* cli_opts.c — command-line options of every sub-command (getopt_long) and their help. */
#include "cli_common.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
	O_BACKEND = 256, O_DATA, O_EPOCHS, O_TRAIN_LIMIT, O_TEST_LIMIT, O_SEED, O_PRESET, O_SAVE,
	O_LOAD, O_CHECKPOINT, O_CKPT_EVERY, O_RESUME, O_STOP_AFTER, O_JSON, O_CSV, O_QUIET,
	O_DEVICE, O_BAUD, O_TRACE, O_ENERGY, O_CLASSES, O_PERS, O_SPARSITY, O_SEL, O_GATE1,
	O_GATE2, O_CACHING, O_STRUCTURAL, O_STOCH, O_AMP1, O_AMP2, O_FLR, O_FTHETA, O_TIMEOUT,
	O_SIM_MODEL,
	O_HELP, O_REG = 1000,
};

static const struct option base_opts[] = {
	{ "backend", required_argument, 0, O_BACKEND }, { "data", required_argument, 0, O_DATA },
	{ "epochs", required_argument, 0, O_EPOCHS }, { "train-limit", required_argument, 0, O_TRAIN_LIMIT },
	{ "test-limit", required_argument, 0, O_TEST_LIMIT }, { "seed", required_argument, 0, O_SEED },
	{ "preset", required_argument, 0, O_PRESET }, { "save", required_argument, 0, O_SAVE },
	{ "load", required_argument, 0, O_LOAD }, { "checkpoint", required_argument, 0, O_CHECKPOINT },
	{ "checkpoint-every", required_argument, 0, O_CKPT_EVERY }, { "resume", no_argument, 0, O_RESUME },
	{ "stop-after", required_argument, 0, O_STOP_AFTER }, { "json", no_argument, 0, O_JSON },
	{ "csv", no_argument, 0, O_CSV }, { "quiet", no_argument, 0, O_QUIET },
	{ "device", required_argument, 0, O_DEVICE }, { "baud", required_argument, 0, O_BAUD },
	{ "trace", required_argument, 0, O_TRACE }, { "energy-table", required_argument, 0, O_ENERGY },
	{ "classes", required_argument, 0, O_CLASSES }, { "pers-samples", required_argument, 0, O_PERS },
	{ "sparsity", required_argument, 0, O_SPARSITY }, { "sel", required_argument, 0, O_SEL },
	{ "gate1", no_argument, 0, O_GATE1 }, { "gate2", no_argument, 0, O_GATE2 },
	{ "caching", no_argument, 0, O_CACHING }, { "structural", no_argument, 0, O_STRUCTURAL },
	{ "stochastic", no_argument, 0, O_STOCH }, { "amp1", required_argument, 0, O_AMP1 },
	{ "amp2", required_argument, 0, O_AMP2 }, { "float-lr", required_argument, 0, O_FLR },
	{ "float-theta", required_argument, 0, O_FTHETA }, { "timeout", required_argument, 0, O_TIMEOUT },
	{ "help", no_argument, 0, O_HELP }, { "sim-model", required_argument, 0, O_SIM_MODEL },
};
#define NBASE (sizeof base_opts / sizeof base_opts[0])

void pc_cli_err(const struct pc_opts *o, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "plasticore%s%s: ", o && o->cmd ? " " : "", o && o->cmd ? o->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *const common_help =
	"  --backend B        ref (C reference device, default) | float (dense float baseline)\n"
	"                     | sim (Verilated RTL) | usb (iCEBreaker)\n"
	"  --device D         usb: bus:addr or serial number     --baud N  usb: UART baud\n"
	"  --trace FILE       sim: write an FST trace (slow)       --timeout MS  response timeout\n"
	"  --sim-model M      sim: core (the core alone, default) | top (the board top through\n"
	"                     its UART pins, 8 clocks per bit: slower)\n"
	"  --json             last line of stdout: one JSON object (docs/cli.md)\n"
	"  --quiet            no progress line\n"
	"  --energy-table F   energy per action, \"key value\" lines (docs/energy.md)\n"
	"  --help             this text\n";

static const char *const train_help =
	"  --data DIR         IDX data set directory (default data/mnist)\n"
	"  --epochs N         passes over the training set (default 1)\n"
	"  --train-limit N    use only the first N training samples    --test-limit N  ... test samples\n"
	"  --seed S           initial weights and shuffle seed (default 1)\n"
	"  --preset P         dense | gated | structural | frugal (default frugal)\n"
	"  --amp1 N --amp2 N  initial weight amplitude (LSB) of the hidden / output layer\n"
	"  --gate1 --gate2 --caching --structural --stochastic   set a CTRL feature bit\n"
	"  --sel S            gate-2 score: delta | act | random\n"
	"  --float-lr F       float backend learning rate (default 0.02)\n"
	"  --float-theta F    float backend gate-1 threshold on |dw| (default 0 = off)\n"
	"  --save FILE        save the final state (checkpoint file)\n"
	"  --checkpoint FILE  checkpoint file for --checkpoint-every / --resume\n"
	"  --checkpoint-every N   write the checkpoint every N training samples\n"
	"  --resume           continue the run saved in --checkpoint FILE\n"
	"  --stop-after N     stop after N training samples in this process (tests interruption)\n";

static void reg_help(FILE *f)
{
	fputs("register options (override the preset):\n", f);
	for (unsigned i = 0; i < pc_reg_noptions; i++)
		fprintf(f, "  --%-17s%s\n", pc_reg_options[i].name, pc_reg_options[i].help);
}

void pc_cli_usage(FILE *f, const char *cmd)
{
	if (!cmd) {
		fputs("usage: plasticore COMMAND [options]   (plasticore COMMAND --help)\n"
		      "commands:\n"
		      "  train        initialise, train on the training set, evaluate on the test set\n"
		      "  eval         evaluate a saved state (--load FILE)\n"
		      "  personalise  label-free fine-pruning of a saved state to some classes\n"
		      "  info         device STATUS and registers\n"
		      "  counters     device counters (table, --json or --csv)\n", f);
		return;
	}
	if (!strcmp(cmd, "train")) {
		fputs("usage: plasticore train [options]\n", f);
		fputs(train_help, f);
		fputs(common_help, f);
		reg_help(f);
	} else if (!strcmp(cmd, "eval")) {
		fputs("usage: plasticore eval --load FILE [options]\n"
		      "  --load FILE        the state to evaluate (a checkpoint file)\n"
		      "  --data DIR --test-limit N --classes LIST   what to evaluate on\n", f);
		fputs(common_help, f);
	} else if (!strcmp(cmd, "personalise")) {
		fputs("usage: plasticore personalise --load FILE --classes LIST [options]\n"
		      "  --load FILE        a trained state (checkpoint file)\n"
		      "  --classes LIST     the user's classes, e.g. 0-4 or 0,1,2\n"
		      "  --pers-samples N   unlabeled training digits streamed (default 2000)\n"
		      "  --sparsity F       prune to (1-F) * 784 * H synapses (default 0.7)\n"
		      "  --data DIR --test-limit N   test digits of those classes\n"
		      "  --save FILE        save the personalised state\n", f);
		fputs(common_help, f);
	} else if (!strcmp(cmd, "info") || !strcmp(cmd, "counters")) {
		fprintf(f, "usage: plasticore %s [--load FILE] [options]\n"
			"  --load FILE        load a saved state into the device first\n"
			"  --csv              counters: CSV (name,value) instead of a table\n", cmd);
		fputs(common_help, f);
	}
}

static int num_u32(const char *s, uint32_t *v, uint32_t max)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || *end || x > max)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int num_double(const char *s, double *v, double lo, double hi)
{
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (errno || !*s || *end || !(x >= lo && x <= hi))
		return -1;
	*v = x;
	return 0;
}

/* "0-4", "0,1,2", "1,3-5" → bit mask */
static int parse_classes(const char *s, uint16_t *mask)
{
	uint16_t m = 0;
	const char *p = s;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		int a = *p++ - '0', b = a;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				return -1;
			b = *p++ - '0';
		}
		if (b < a)
			return -1;
		for (int k = a; k <= b; k++)
			m |= (uint16_t)(1u << k);
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

int pc_cli_parse(struct pc_opts *o, const char *cmd, int argc, char **argv)
{
	struct option opts[NBASE + 64];
	memset(o, 0, sizeof *o);
	o->cmd = cmd;
	o->backend = "ref";
	o->data = "data/mnist";
	o->preset = "frugal";
	o->epochs = 1;
	o->seed = 1;
	o->sel = -1;
	o->amp1 = o->amp2 = -1;
	o->pers_samples = 2000;
	o->sparsity = 0.7;
	o->float_lr = 0.02;
	o->baud = 3000000;

	memcpy(opts, base_opts, sizeof base_opts);
	for (unsigned i = 0; i < pc_reg_noptions; i++)
		opts[NBASE + i] = (struct option){ pc_reg_options[i].name, required_argument, 0, O_REG + (int)i };
	memset(&opts[NBASE + pc_reg_noptions], 0, sizeof opts[0]);

	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;
		int c = getopt_long(argc, argv, ":", opts, &li);
		if (c == -1)
			break;
		const char *a = optarg;
		uint32_t v;
		const char *name = li >= 0 ? opts[li].name : "";
		int bad = 0;
		switch (c) {
		case '?':
			pc_cli_err(o, "unknown option '%s' (plasticore %s --help)", argv[optind - 1], cmd);
			return -1;
		case ':':
			pc_cli_err(o, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		case O_HELP: pc_cli_usage(stdout, cmd); return 1;
		case O_BACKEND:
			if (strcmp(a, "ref") && strcmp(a, "float") && strcmp(a, "sim") && strcmp(a, "usb")) {
				pc_cli_err(o, "--backend %s: expected ref, float, sim or usb", a);
				return -1;
			}
			o->backend = a;
			break;
		case O_DATA: o->data = a; break;
		case O_EPOCHS: bad = num_u32(a, &o->epochs, 100000) || !o->epochs; o->epochs_set = 1; break;
		case O_TRAIN_LIMIT: bad = num_u32(a, &o->train_limit, UINT32_MAX) || !o->train_limit; break;
		case O_TEST_LIMIT: bad = num_u32(a, &o->test_limit, UINT32_MAX) || !o->test_limit; break;
		case O_SEED: bad = num_u32(a, &o->seed, UINT32_MAX); break;
		case O_PRESET: o->preset = a; break;
		case O_SAVE: o->save = a; break;
		case O_LOAD: o->load = a; break;
		case O_CHECKPOINT: o->checkpoint = a; break;
		case O_CKPT_EVERY: bad = num_u32(a, &o->checkpoint_every, UINT32_MAX) || !o->checkpoint_every; break;
		case O_RESUME: o->resume = 1; break;
		case O_STOP_AFTER: bad = num_u32(a, &o->stop_after, UINT32_MAX) || !o->stop_after; break;
		case O_JSON: o->json = 1; break;
		case O_CSV: o->csv = 1; break;
		case O_QUIET: o->quiet = 1; break;
		case O_DEVICE: o->device = a; break;
		case O_BAUD: bad = num_u32(a, &v, 100000000) || !v; o->baud = v; break;
		case O_TRACE: o->trace = a; break;
		case O_SIM_MODEL:
			if (strcmp(a, "core") && strcmp(a, "top")) {
				pc_cli_err(o, "--sim-model %s: expected core or top", a);
				return -1;
			}
			o->sim_model = a;
			break;
		case O_ENERGY: o->energy_table = a; break;
		case O_CLASSES: bad = parse_classes(a, &o->class_mask); o->classes = a; break;
		case O_PERS: bad = num_u32(a, &o->pers_samples, UINT32_MAX) || !o->pers_samples; break;
		case O_SPARSITY: bad = num_double(a, &o->sparsity, 0, 1); break;
		case O_SEL:
			o->sel = pc_sel_parse(a);
			if (o->sel < 0) {
				pc_cli_err(o, "--sel %s: expected delta, act or random", a);
				return -1;
			}
			break;
		case O_GATE1: o->ctrl_flags |= PC_CTRL_GATE1; break;
		case O_GATE2: o->ctrl_flags |= PC_CTRL_GATE2; break;
		case O_CACHING: o->ctrl_flags |= PC_CTRL_CACHE; break;
		case O_STRUCTURAL: o->ctrl_flags |= PC_CTRL_STRUCT; break;
		case O_STOCH: o->ctrl_flags |= PC_CTRL_STOCH; break;
		case O_AMP1: bad = num_u32(a, &v, 32767); o->amp1 = (int)v; break;
		case O_AMP2: bad = num_u32(a, &v, 32767); o->amp2 = (int)v; break;
		case O_FLR: bad = num_double(a, &o->float_lr, 0, 10); break;
		case O_FTHETA: bad = num_double(a, &o->float_theta, 0, 10); break;
		case O_TIMEOUT: bad = num_u32(a, &v, 3600000) || !v; o->timeout_ms = (int)v; break;
		default:
			if (c >= O_REG && c < O_REG + (int)pc_reg_noptions) {
				unsigned r = pc_reg_options[c - O_REG].reg;
				bad = num_u32(a, &o->ov[r], UINT32_MAX);
				o->ov_set |= 1u << r;
			} else {
				pc_cli_err(o, "unexpected option");
				return -1;
			}
		}
		if (bad) {
			pc_cli_err(o, "--%s %s: bad value", name, a);
			return -1;
		}
	}
	if (optind < argc) {
		pc_cli_err(o, "unexpected argument '%s' (plasticore %s --help)", argv[optind], cmd);
		return -1;
	}
	if (o->json && o->csv) {
		pc_cli_err(o, "--json and --csv exclude each other");
		return -1;
	}
	char err[256];
	if (pc_cli_config(o, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		return -1;
	}
	return 0;
}

int pc_cli_config(struct pc_opts *o, char *err, size_t errlen)
{
	struct pc_config *c = &o->cfg;
	if (pc_preset_apply(c, o->preset)) {
		snprintf(err, errlen, "--preset %s: expected %s", o->preset, pc_preset_list());
		return -1;
	}
	for (unsigned r = 0; r < PC_REG_COUNT; r++)
		if (o->ov_set & (1u << r))
			pc_config_set(c, r, o->ov[r]);
	if (o->ctrl_flags)
		pc_config_set(c, PC_REG_CTRL, c->reg[PC_REG_CTRL] | o->ctrl_flags);
	if (o->sel >= 0)
		pc_config_set(c, PC_REG_CTRL, (c->reg[PC_REG_CTRL] & ~PC_CTRL_SEL_MASK) |
						  (uint32_t)o->sel << PC_CTRL_SEL_SHIFT);
	if (o->amp1 >= 0)
		c->amp1 = o->amp1;
	if (o->amp2 >= 0)
		c->amp2 = o->amp2;
	/* validate on a scratch core, in register order, with the model's own rules */
	struct pc_core t;
	if (pc_core_init(&t, PC_H_MAX, 1)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int ret = 0;
	for (unsigned r = 0; r < PC_REG_COUNT && !ret; r++)
		if ((c->set & (1u << r)) && pc_reg_write(&t, r, c->reg[r])) {
			const char *opt = pc_reg_name(r);
			for (unsigned i = 0; i < pc_reg_noptions; i++)
				if (pc_reg_options[i].reg == r)
					opt = pc_reg_options[i].name;
			snprintf(err, errlen, "--%s %u: out of range for register %s", opt, c->reg[r], pc_reg_name(r));
			ret = -1;
		}
	pc_core_free(&t);
	return ret;
}
