/* SPDX-License-Identifier: ISC */
/* cli_train.c — `plasticore train`: initialise (or --resume), stream the shuffled training set
 * epoch by epoch with checkpoints, evaluate on the test set, report. */
#include "cli_common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int pc_cli_energy(const struct pc_opts *o, struct pc_energy *en)
{
	char err[512];
	pc_energy_default(en);
	if (o->energy_table && pc_energy_load(en, o->energy_table, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		return -1;
	}
	return 0;
}

int pc_cli_cores(struct pc_core *state, struct pc_core *init)
{
	if (pc_core_init(state, PC_H_MAX, PC_SLOT_CAP_DEFAULT))
		return -1;
	if (pc_core_init(init, PC_H_MAX, PC_SLOT_CAP_DEFAULT)) {
		pc_core_free(state);
		return -1;
	}
	return 0;
}

int pc_cli_figures(struct pc_dev *d, const struct pc_opts *o, const struct pc_energy *en,
		   struct pc_core *fin, const struct pc_core *init, struct pc_report *r)
{
	if (d->is_float) {
		memcpy(r->cnt, d->fl.cnt, sizeof r->cnt);
		r->hidden = d->fl.H;
		r->dense = r->live = (uint64_t)PC_NIN * d->fl.H;
		r->dw_abs_sum = d->fl.dw1 + d->fl.dw2;
		r->min_energy = pc_float_min_energy(&d->fl);
	} else {
		if (pc_client_read_state(&d->cl, fin)) {
			pc_cli_err(o, "%s", d->cl.err);
			return -1;
		}
		memcpy(r->cnt, fin->cnt, sizeof r->cnt);
		r->hidden = fin->reg[PC_REG_HIDDEN];
		r->dense = (uint64_t)PC_NIN * r->hidden;
		r->live = fin->reg[PC_REG_LIVE];
		r->dw_abs_sum = (double)(fin->cnt[PC_CNT_L1_DW] + fin->cnt[PC_CNT_L2_DW]) / 16384.0;
		r->min_energy = (double)pc_cli_min_energy(fin, init) / 16384.0;
	}
	r->cycles = pc_dev_cycles(d);
	pc_energy_of(en, r->cnt, &r->energy);
	return 0;
}

static int save_ckpt(const struct pc_opts *o, struct pc_dev *d, const char *path,
		     const struct pc_run_state *run, struct pc_core *state, const struct pc_core *init)
{
	char err[512];
	if (pc_client_read_state(&d->cl, state)) {
		pc_cli_err(o, "%s", d->cl.err);
		return -1;
	}
	if (pc_checkpoint_save(path, run, state, init, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		return -1;
	}
	return 0;
}

/* usage checks that need more than one option */
static int check_usage(const struct pc_opts *o, int is_float)
{
	if (is_float && (o->save || o->load || o->checkpoint || o->resume)) {
		pc_cli_err(o, "--backend float has no device state: no --save, --load, --checkpoint, --resume");
		return -1;
	}
	if (o->load) {
		pc_cli_err(o, "--load is for eval, personalise, info and counters; continue a run with --resume");
		return -1;
	}
	if ((o->resume || o->checkpoint_every) && !o->checkpoint) {
		pc_cli_err(o, "--resume and --checkpoint-every need --checkpoint FILE");
		return -1;
	}
	if (o->classes) {
		pc_cli_err(o, "--classes is for eval and personalise");
		return -1;
	}
	return 0;
}

/* the initial state on the host: registers from the configuration, then pc_core_randomize */
static int init_state(const struct pc_opts *o, struct pc_core *state, struct pc_core *init,
		      struct pc_run_state *run)
{
	for (unsigned r = 0; r < PC_REG_COUNT; r++)
		if ((o->cfg.set & (1u << r)) && pc_reg_write(state, r, o->cfg.reg[r])) {
			pc_cli_err(o, "register %s = %u rejected", pc_reg_name(r), o->cfg.reg[r]);
			return -1;
		}
	if (!pc_config_ok(state)) {
		pc_cli_err(o, "H %u x S %u synapse slots exceed %u", state->reg[PC_REG_HIDDEN],
			   state->reg[PC_REG_SLOTS], state->slot_cap);
		return -1;
	}
	pc_core_randomize(state, o->seed, o->cfg.amp1, o->cfg.amp2);
	pc_cli_core_copy(init, state);
	memset(run, 0, sizeof *run);
	snprintf(run->preset, sizeof run->preset, "%s", o->cfg.preset);
	snprintf(run->backend, sizeof run->backend, "%s", o->backend);
	run->seed = o->seed;
	run->shuffle_seed = o->seed;
	run->epochs = o->epochs;
	run->train_limit = o->train_limit;
	run->test_limit = o->test_limit;
	run->amp1 = o->cfg.amp1;
	run->amp2 = o->cfg.amp2;
	return 0;
}

int pc_cmd_train(struct pc_opts *o)
{
	const int is_float = !strcmp(o->backend, "float");
	const int show = !o->quiet && isatty(2);
	struct pc_energy en;
	struct pc_core state, init;
	struct pc_run_state run;
	struct pc_dataset train = { 0 }, test = { 0 };
	struct pc_dev dev = { 0 };
	struct pc_report rep;
	uint32_t *order = NULL;
	char err[512];
	int ret = PC_EXIT_RUN;

	if (check_usage(o, is_float) || pc_cli_energy(o, &en))
		return PC_EXIT_USAGE;
	if (pc_cli_cores(&state, &init)) {
		pc_cli_err(o, "out of memory");
		return PC_EXIT_RUN;
	}
	if (o->resume) {
		if (pc_checkpoint_load(o->checkpoint, &run, &state, &init, err, sizeof err)) {
			pc_cli_err(o, "%s", err);
			goto out;
		}
		if (o->epochs_set)
			run.epochs = o->epochs;
	} else if (init_state(o, &state, &init, &run)) {
		ret = PC_EXIT_USAGE;
		goto out;
	}
	if (pc_cli_load_data(o, "train", run.train_limit, 0, &train, err, sizeof err) ||
	    pc_cli_load_data(o, "t10k", run.test_limit, 0, &test, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		goto out;
	}
	if (run.next_index > train.n) {
		pc_cli_err(o, "%s: sample %u is beyond the %u training samples", o->checkpoint, run.next_index, train.n);
		goto out;
	}
	if (pc_dev_open(&dev, o, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		goto out;
	}
	if (!is_float && pc_client_load_state(&dev.cl, &state)) {
		pc_cli_err(o, "%s", dev.cl.err);
		goto out;
	}
	order = malloc(sizeof *order * train.n);
	if (!order) {
		pc_cli_err(o, "out of memory");
		goto out;
	}

	memset(&rep, 0, sizeof rep);
	double t0 = now();
	uint64_t done = 0, every = o->checkpoint_every;
	const uint32_t n = train.n;
	struct pc_stream_stats st = { 0, 0, 0 };
	for (uint32_t e = run.epoch; e < run.epochs; e++) {
		char what[64];
		snprintf(what, sizeof what, "train epoch %u/%u", e + 1, run.epochs);
		pc_cli_shuffle(order, n, run.shuffle_seed, e);
		uint32_t i = e == run.epoch ? run.next_index : 0;
		while (i < n) {
			uint64_t g = (uint64_t)e * n + i; /* samples into the run */
			uint64_t end = n;
			if (every && (g / every + 1) * every - (uint64_t)e * n < end)
				end = (g / every + 1) * every - (uint64_t)e * n;
			if (o->stop_after && i + (o->stop_after - done) < end)
				end = i + (o->stop_after - done);
			if (show && !is_float && i + 2000 < end)
				end = i + 2000;
			if (pc_cli_stream(&dev, PC_OP_TRAIN, &train, order, i, (uint32_t)end, 1, &st, what, show)) {
				pc_cli_err(o, "%s", dev.cl.err);
				goto out;
			}
			done += end - i;
			i = (uint32_t)end;
			run.epoch = i == n ? e + 1 : e;
			run.next_index = i == n ? 0 : i;
			g = (uint64_t)e * n + i;
			if (every && g % every == 0 && save_ckpt(o, &dev, o->checkpoint, &run, &state, &init))
				goto out;
			if (o->stop_after && done >= o->stop_after) {
				if (o->checkpoint && !(every && g % every == 0) &&
				    save_ckpt(o, &dev, o->checkpoint, &run, &state, &init))
					goto out;
				if (!o->quiet)
					fprintf(stderr, "plasticore train: stopped after %llu samples%s\n",
						(unsigned long long)done, o->checkpoint ? "; continue with --resume" : "");
				ret = PC_EXIT_OK;
				goto out;
			}
			if (show && !is_float) {
				uint64_t cnt[PC_NCOUNTERS];
				if (pc_client_counters(&dev.cl, cnt) == 0)
					st.writes = cnt[PC_CNT_L1_WRITES] + cnt[PC_CNT_L2_WRITES];
			}
		}
	}
	rep.train_seconds = now() - t0;
	rep.run_train_samples = done;
	if (o->checkpoint && !is_float && save_ckpt(o, &dev, o->checkpoint, &run, &state, &init))
		goto out;

	t0 = now();
	struct pc_stream_stats ev = { 0, 0, 0 };
	if (pc_cli_stream(&dev, PC_OP_INFER, &test, NULL, 0, test.n, 1, &ev, "test", show)) {
		pc_cli_err(o, "%s", dev.cl.err);
		goto out;
	}
	rep.eval_seconds = now() - t0;
	rep.cmd = "train";
	rep.backend = o->backend;
	rep.preset = run.preset;
	rep.epochs = run.epochs;
	rep.seed = run.seed;
	rep.test_samples = ev.n;
	rep.test_correct = ev.correct;
	if (pc_cli_figures(&dev, o, &en, &state, &init, &rep))
		goto out;
	if (o->save && pc_checkpoint_save(o->save, &run, &state, &init, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		goto out;
	}
	pc_report_print(&rep, o);
	ret = PC_EXIT_OK;
out:
	free(order);
	pc_dev_close(&dev);
	pc_dataset_free(&train);
	pc_dataset_free(&test);
	pc_core_free(&state);
	pc_core_free(&init);
	return ret;
}
