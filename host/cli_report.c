/* SPDX-License-Identifier: ISC */
/* cli_report.c — the final report: a table for people, one JSON line for programs
 * (keys documented in docs/cli.md), and the counter listing (table / JSON / CSV). */
#include "cli_common.h"

#include <inttypes.h>
#include <string.h>

#include "json.h"

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0.0 / 0.0; /* NaN → null in JSON, "-" in the table */
}

static uint64_t sum2(const uint64_t *c, int a, int b)
{
	return c[a] + c[b];
}

static void json_counters(struct pc_json *j, const uint64_t cnt[PC_NCOUNTERS])
{
	pc_json_obj(j, "counters");
	for (unsigned i = 0; i < PC_NCOUNTERS; i++)
		pc_json_u64(j, pc_counter_name(i), cnt[i]);
	pc_json_obj_end(j);
}

void pc_report_print(const struct pc_report *r, const struct pc_opts *o)
{
	const uint64_t *c = r->cnt;
	double acc = ratio((double)r->test_correct, (double)r->test_samples);
	double tacc = ratio((double)c[PC_CNT_TRAIN_CORRECT], (double)c[PC_CNT_TRAIN_SAMPLES]);
	uint64_t reads = sum2(c, PC_CNT_L1_READS, PC_CNT_L2_READS);
	uint64_t writes = sum2(c, PC_CNT_L1_WRITES, PC_CNT_L2_WRITES);
	uint64_t gated = sum2(c, PC_CNT_L1_GATED, PC_CNT_L2_GATED);
	double sps = ratio((double)r->run_train_samples, r->train_seconds);
	double cps = r->cycles >= 0 ? ratio((double)r->cycles, r->train_seconds + r->eval_seconds) : 0.0 / 0.0;

	if (o->json) {
		struct pc_json j;
		pc_json_begin(&j, stdout);
		pc_json_str(&j, "command", r->cmd);
		pc_json_num(&j, "accuracy", acc);
		pc_json_u64(&j, "train_samples", c[PC_CNT_TRAIN_SAMPLES]);
		pc_json_u64(&j, "test_samples", r->test_samples);
		pc_json_num(&j, "train_accuracy", tacc);
		pc_json_u64(&j, "synaptic_reads", reads);
		pc_json_u64(&j, "synaptic_writes", writes);
		pc_json_u64(&j, "updates_gated", gated);
		pc_json_num(&j, "dw_abs_sum", r->dw_abs_sum);
		pc_json_num(&j, "min_energy", r->min_energy);
		pc_json_num(&j, "inefficiency", ratio(r->dw_abs_sum, r->min_energy));
		pc_json_u64(&j, "live_synapses", r->live);
		pc_json_u64(&j, "dense_synapses", r->dense);
		pc_json_u64(&j, "pruned", c[PC_CNT_PRUNED]);
		pc_json_u64(&j, "grown", c[PC_CNT_GROWN]);
		pc_json_num(&j, "energy_pj", r->energy.total);
		pc_json_num(&j, "energy_read_pj", r->energy.reads);
		pc_json_num(&j, "energy_write_pj", r->energy.writes);
		pc_json_num(&j, "energy_compute_pj", r->energy.compute);
		pc_json_num(&j, "samples_per_s", sps);
		if (r->cycles >= 0)
			pc_json_i64(&j, "cycles", r->cycles);
		else
			pc_json_null(&j, "cycles");
		pc_json_num(&j, "sim_cycles_per_s", cps);
		pc_json_str(&j, "backend", r->backend);
		pc_json_str(&j, "preset", r->preset);
		pc_json_u64(&j, "epochs", r->epochs);
		pc_json_u64(&j, "hidden", r->hidden);
		pc_json_u64(&j, "seed", r->seed);
		if (r->pers) {
			pc_json_str(&j, "classes", r->classes);
			pc_json_num(&j, "accuracy_before", r->acc_before);
			pc_json_num(&j, "accuracy_after", acc);
			pc_json_u64(&j, "live_before", r->live_before);
			pc_json_u64(&j, "live_after", r->live);
			pc_json_num(&j, "reads_per_inference_before", r->reads_before);
			pc_json_num(&j, "reads_per_inference_after", r->reads_after);
			pc_json_u64(&j, "pers_samples", r->pers_samples);
			pc_json_num(&j, "sparsity", r->sparsity);
			pc_json_u64(&j, "pruned_now", r->pruned_now);
		}
		json_counters(&j, c);
		pc_json_end(&j);
		return;
	}
	FILE *f = stdout;
	fprintf(f, "plasticore %s — backend %s, preset %s, H %u, epochs %u, seed %u\n", r->cmd, r->backend,
		r->preset, r->hidden, r->epochs, r->seed);
	if (r->pers) {
		fprintf(f, "  classes            %s\n", r->classes);
		fprintf(f, "  accuracy before    %.2f %%  (%" PRIu64 " live synapses, %.0f reads/inference)\n",
			100 * r->acc_before, r->live_before, r->reads_before);
		fprintf(f, "  accuracy after     %.2f %%  (%" PRIu64 " live synapses, %.0f reads/inference)\n",
			100 * acc, r->live, r->reads_after);
		fprintf(f, "  pruned             %" PRIu64 " (target sparsity %.2f, %" PRIu64 " unlabeled samples)\n",
			r->pruned_now, r->sparsity, r->pers_samples);
	} else {
		fprintf(f, "  test accuracy      %.2f %%  (%" PRIu64 " samples)\n", 100 * acc, r->test_samples);
	}
	fprintf(f, "  train accuracy     %.2f %%  (%" PRIu64 " samples, running)\n", 100 * tacc, c[PC_CNT_TRAIN_SAMPLES]);
	fprintf(f, "  synaptic reads     %.4g\n", (double)reads);
	fprintf(f, "  synaptic writes    %.4g  (gated away %.4g)\n", (double)writes, (double)gated);
	fprintf(f, "  sum |dw|           %.4g  (minimum %.4g, inefficiency %.3g)\n", r->dw_abs_sum, r->min_energy,
		ratio(r->dw_abs_sum, r->min_energy));
	fprintf(f, "  live synapses      %" PRIu64 " of %" PRIu64 " dense (%.1f %%), pruned %" PRIu64 ", grown %" PRIu64 "\n",
		r->live, r->dense, 100.0 * ratio((double)r->live, (double)r->dense), c[PC_CNT_PRUNED], c[PC_CNT_GROWN]);
	fprintf(f, "  energy             %.4g uJ  (reads %.3g, writes %.3g, compute %.3g uJ)\n",
		r->energy.total * 1e-6, r->energy.reads * 1e-6, r->energy.writes * 1e-6, r->energy.compute * 1e-6);
	if (r->run_train_samples)
		fprintf(f, "  speed              %.0f samples/s\n", sps);
	if (r->cycles >= 0)
		fprintf(f, "  simulated cycles   %" PRId64 "  (%.3g cycles/s)\n", r->cycles, cps);
}

void pc_counters_print(const uint64_t cnt[PC_NCOUNTERS], const struct pc_opts *o)
{
	if (o->json) {
		struct pc_json j;
		pc_json_begin(&j, stdout);
		pc_json_str(&j, "backend", o->backend);
		json_counters(&j, cnt);
		pc_json_end(&j);
		return;
	}
	if (o->csv)
		puts("counter,value");
	for (unsigned i = 0; i < PC_NCOUNTERS; i++) {
		if (o->csv)
			printf("%s,%" PRIu64 "\n", pc_counter_name(i), cnt[i]);
		else
			printf("  %-16s %20" PRIu64 "\n", pc_counter_name(i), cnt[i]);
	}
}
