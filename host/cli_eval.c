/* SPDX-License-Identifier: ISC */
/* cli_eval.c — `plasticore eval` (evaluate a saved state) and `plasticore personalise`
 * (label-free fine-pruning of a saved state to a user's classes, accuracy before / after). */
#include "cli_common.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

struct session {
	struct pc_energy en;
	struct pc_core state, init;
	struct pc_run_state run;
	struct pc_dataset test, pers;
	struct pc_dev dev;
	struct pc_report rep;
};

/* checks, energy table, checkpoint, test data, device with the state loaded: exit code or -1 */
static int open_session(struct pc_opts *o, struct session *s, int need_classes)
{
	char err[512];
	memset(s, 0, sizeof *s);
	if (!strcmp(o->backend, "float")) {
		pc_cli_err(o, "--backend float cannot load a saved state; use ref, sim or usb");
		return PC_EXIT_USAGE;
	}
	if (!o->load) {
		pc_cli_err(o, "needs --load FILE (plasticore %s --help)", o->cmd);
		return PC_EXIT_USAGE;
	}
	if (need_classes && !o->class_mask) {
		pc_cli_err(o, "needs --classes LIST, e.g. 0-4 or 0,1,2");
		return PC_EXIT_USAGE;
	}
	if (o->resume || o->checkpoint || o->checkpoint_every) {
		pc_cli_err(o, "--resume / --checkpoint are for train");
		return PC_EXIT_USAGE;
	}
	if (pc_cli_energy(o, &s->en))
		return PC_EXIT_USAGE;
	if (pc_cli_cores(&s->state, &s->init)) {
		pc_cli_err(o, "out of memory");
		return PC_EXIT_RUN;
	}
	if (pc_checkpoint_load(o->load, &s->run, &s->state, &s->init, err, sizeof err) ||
	    pc_cli_load_data(o, "t10k", o->test_limit, o->class_mask, &s->test, err, sizeof err) ||
	    pc_dev_open(&s->dev, o, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		return PC_EXIT_RUN;
	}
	if (pc_client_load_state(&s->dev.cl, &s->state)) {
		pc_cli_err(o, "%s", s->dev.cl.err);
		return PC_EXIT_RUN;
	}
	s->rep.cmd = o->cmd;
	s->rep.backend = o->backend;
	s->rep.preset = s->run.preset;
	s->rep.epochs = s->run.epochs;
	s->rep.seed = s->run.seed;
	return -1;
}

static void close_session(struct session *s)
{
	pc_dev_close(&s->dev);
	pc_dataset_free(&s->test);
	pc_dataset_free(&s->pers);
	pc_core_free(&s->state);
	pc_core_free(&s->init);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* evaluate the test set: accuracy and synaptic reads per inference */
static int evaluate(struct pc_opts *o, struct session *s, double *acc, double *reads)
{
	uint64_t c0[PC_NCOUNTERS], c1[PC_NCOUNTERS];
	struct pc_stream_stats st = { 0, 0, 0 };
	double t0 = now();
	if (pc_client_counters(&s->dev.cl, c0) ||
	    pc_cli_stream(&s->dev, PC_OP_INFER, &s->test, NULL, 0, s->test.n, 1, &st, "test",
			  !o->quiet && isatty(2)) ||
	    pc_client_counters(&s->dev.cl, c1)) {
		pc_cli_err(o, "%s", s->dev.cl.err);
		return -1;
	}
	s->rep.eval_seconds += now() - t0;
	s->rep.test_samples = st.n;
	s->rep.test_correct = st.correct;
	*acc = st.n ? (double)st.correct / (double)st.n : 0;
	*reads = (double)(c1[PC_CNT_L1_READS] + c1[PC_CNT_L2_READS] - c0[PC_CNT_L1_READS] -
			  c0[PC_CNT_L2_READS]) / (double)(st.n ? st.n : 1);
	return 0;
}

int pc_cmd_eval(struct pc_opts *o)
{
	struct session s;
	double acc, reads;
	int ret = open_session(o, &s, 0);
	if (ret < 0) {
		ret = PC_EXIT_RUN;
		if (!evaluate(o, &s, &acc, &reads) &&
		    !pc_cli_figures(&s.dev, o, &s.en, &s.state, &s.init, &s.rep)) {
			pc_report_print(&s.rep, o);
			ret = PC_EXIT_OK;
		}
	}
	close_session(&s);
	return ret;
}

int pc_cmd_personalise(struct pc_opts *o)
{
	struct session s;
	char err[512];
	int ret = open_session(o, &s, 1);
	if (ret >= 0)
		goto out;
	ret = PC_EXIT_RUN;
	struct pc_client *cl = &s.dev.cl;
	uint32_t live;
	double acc_after;
	if (pc_cli_load_data(o, "train", o->pers_samples, o->class_mask, &s.pers, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		goto out;
	}
	if (evaluate(o, &s, &s.rep.acc_before, &s.rep.reads_before) ||
	    pc_client_read_reg(cl, PC_REG_LIVE, &live) || pc_client_act_prune(cl, live) < 0) {
		pc_cli_err(o, "%s", cl->err);
		goto out;
	}
	s.rep.live_before = live;
	struct pc_stream_stats st = { 0, 0, 0 };
	if (pc_cli_stream(&s.dev, PC_OP_PERSONALISE, &s.pers, NULL, 0, s.pers.n, 0, &st, "personalise",
			  !o->quiet && isatty(2))) {
		pc_cli_err(o, "%s", cl->err);
		goto out;
	}
	double keep = (1.0 - o->sparsity) * PC_NIN * s.state.reg[PC_REG_HIDDEN];
	uint32_t k = keep >= live ? live : (uint32_t)keep;
	long pruned = pc_client_act_prune(cl, k);
	if (pruned < 0) {
		pc_cli_err(o, "%s", cl->err);
		goto out;
	}
	if (evaluate(o, &s, &acc_after, &s.rep.reads_after) ||
	    pc_cli_figures(&s.dev, o, &s.en, &s.state, &s.init, &s.rep))
		goto out;
	s.rep.pers = 1;
	s.rep.pruned_now = (uint64_t)pruned;
	s.rep.pers_samples = s.pers.n;
	s.rep.classes = o->classes;
	s.rep.sparsity = o->sparsity;
	if (o->save && pc_checkpoint_save(o->save, &s.run, &s.state, &s.init, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		goto out;
	}
	pc_report_print(&s.rep, o);
	ret = PC_EXIT_OK;
out:
	close_session(&s);
	return ret;
}
