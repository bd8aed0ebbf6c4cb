/* SPDX-License-Identifier: ISC */
/* cli_common.h — what the CLI units (main.c, cli_*.c) share: the parsed options, the device
 * ("backend") abstraction, data loading, reporting. Not a library interface. */
#ifndef PC_CLI_COMMON_H
#define PC_CLI_COMMON_H

#include <stdint.h>
#include <stdio.h>

#include "checkpoint.h"
#include "client.h"
#include "energy.h"
#include "float_ref.h"
#include "idx.h"
#include "presets.h"

#define PC_EXIT_OK    0
#define PC_EXIT_RUN   1 /* runtime / device error */
#define PC_EXIT_USAGE 2 /* bad usage / options */

struct pc_opts {
	const char *cmd;
	const char *backend, *data, *preset;
	uint32_t epochs, train_limit, test_limit, seed;
	int epochs_set;
	struct pc_config cfg;          /* the preset, then the overrides */
	uint32_t ov_set, ov[32];       /* register overrides (bit = register) */
	uint32_t ctrl_flags;           /* --gate1 ... : CTRL bits to set */
	int sel;                       /* --sel, -1 = keep */
	int amp1, amp2;                /* -1 = preset */
	const char *save, *load, *checkpoint, *energy_table;
	uint32_t checkpoint_every, stop_after;
	int resume, json, csv, quiet, timeout_ms;
	const char *device, *trace;
	const char *sim_model;         /* --sim-model: NULL = core */
	unsigned baud;
	uint16_t class_mask;           /* --classes; 0 = all */
	const char *classes;
	uint32_t pers_samples;
	double sparsity;
	double float_lr, float_theta;
};

/* cli_opts.c: 0 ok, 1 help printed (exit 0), -1 usage error printed (exit 2) */
int pc_cli_parse(struct pc_opts *o, const char *cmd, int argc, char **argv);
void pc_cli_usage(FILE *f, const char *cmd);
/* the final config: preset + overrides (written on a fresh core to validate). -1 + message */
int pc_cli_config(struct pc_opts *o, char *err, size_t errlen);

/* cli_dev.c: the device behind the client, or the float model */
struct pc_dev {
	int is_float;
	struct pc_transport *t;
	struct pc_client cl;
	int cl_open;
	struct pc_float fl;
};
int pc_dev_open(struct pc_dev *d, const struct pc_opts *o, char *err, size_t errlen);
void pc_dev_close(struct pc_dev *d);
int64_t pc_dev_cycles(struct pc_dev *d);

/* cli_data.c */
int pc_cli_load_data(const struct pc_opts *o, const char *split, uint32_t limit, uint16_t mask,
		     struct pc_dataset *d, char *err, size_t errlen);
/* the order of epoch e: a Fisher-Yates shuffle of 0..n-1 driven by splitmix64 seeded with
 * (shuffle_seed << 32 | e) */
void pc_cli_shuffle(uint32_t *order, uint32_t n, uint32_t shuffle_seed, uint32_t epoch);

/* stream samples (device: pipelined; float: direct). order NULL = 0..n-1. Counts correct
 * predictions of labeled samples; progress on stderr if show. 0 or -1 (err in d->cl.err) */
struct pc_stream_stats {
	uint64_t n, correct;
	uint64_t writes; /* synaptic writes known so far (device: read by the caller), for display */
};
int pc_cli_stream(struct pc_dev *d, enum pc_sample_op op, const struct pc_dataset *ds,
		  const uint32_t *order, uint32_t from, uint32_t to, int labeled,
		  struct pc_stream_stats *st, const char *what, int show);

/* a deep copy of a core's learned state (dst initialised with enough capacity) */
void pc_cli_core_copy(struct pc_core *dst, const struct pc_core *src);
/* Σ|w_final − w_init| over all (j, i) of the hidden layer (absent = 0) and W2, in LSB */
uint64_t pc_cli_min_energy(const struct pc_core *fin, const struct pc_core *init);

/* cli_report.c */
struct pc_report {
	const char *cmd, *backend, *preset;
	uint32_t epochs, hidden, seed;
	uint64_t cnt[PC_NCOUNTERS];
	uint64_t test_samples, test_correct;
	double dw_abs_sum, min_energy;   /* weight units */
	uint64_t live, dense;
	double train_seconds, eval_seconds;
	uint64_t run_train_samples;      /* trained in this process (for samples/s) */
	int64_t cycles;                  /* -1: not a simulator */
	struct pc_energy_parts energy;
	/* personalise */
	int pers;
	double acc_before, reads_before, reads_after;
	uint64_t live_before, pers_samples, pruned_now;
	const char *classes;
	double sparsity;
};
void pc_report_print(const struct pc_report *r, const struct pc_opts *o);
void pc_counters_print(const uint64_t cnt[PC_NCOUNTERS], const struct pc_opts *o);

/* cli_train.c: the energy table of the run (default, or --energy-table): 0 or -1 (printed) */
int pc_cli_energy(const struct pc_opts *o, struct pc_energy *en);
/* fill r's figures (counters, Σ|dw|, minimum energy, live synapses, energy) from the device
 * (reads its state into fin) or the float model. 0 or -1 (printed) */
int pc_cli_figures(struct pc_dev *d, const struct pc_opts *o, const struct pc_energy *en,
		   struct pc_core *fin, const struct pc_core *init, struct pc_report *r);
/* both cores of a run, sized for any state (PC_H_MAX, PC_SLOT_CAP_DEFAULT); 0 or -1 */
int pc_cli_cores(struct pc_core *state, struct pc_core *init);

/* cli_train.c, cli_eval.c, cli_info.c: each returns an exit code */
int pc_cmd_train(struct pc_opts *o);
int pc_cmd_eval(struct pc_opts *o);
int pc_cmd_personalise(struct pc_opts *o);
int pc_cmd_info(struct pc_opts *o);
int pc_cmd_counters(struct pc_opts *o);

/* one-line errors */
void pc_cli_err(const struct pc_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
