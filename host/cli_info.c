/* SPDX-License-Identifier: ISC */
/* cli_info.c — `plasticore info` (STATUS + registers) and `plasticore counters`. */
#include "cli_common.h"

#include <inttypes.h>
#include <string.h>

#include "json.h"

/* open the device, load --load FILE if given: exit code, or -1 to go on */
static int open_dev(struct pc_opts *o, struct pc_dev *d)
{
	char err[512];
	memset(d, 0, sizeof *d);
	if (!strcmp(o->backend, "float")) {
		pc_cli_err(o, "needs a device backend (ref, sim or usb)");
		return PC_EXIT_USAGE;
	}
	if (pc_dev_open(d, o, err, sizeof err)) {
		pc_cli_err(o, "%s", err);
		return PC_EXIT_RUN;
	}
	if (o->load) {
		struct pc_core state, init;
		struct pc_run_state run;
		int r = PC_EXIT_RUN;
		if (pc_cli_cores(&state, &init))
			pc_cli_err(o, "out of memory");
		else if (pc_checkpoint_load(o->load, &run, &state, &init, err, sizeof err))
			pc_cli_err(o, "%s", err);
		else if (pc_client_load_state(&d->cl, &state))
			pc_cli_err(o, "%s", d->cl.err);
		else
			r = -1;
		pc_core_free(&state);
		pc_core_free(&init);
		return r;
	}
	return -1;
}

int pc_cmd_info(struct pc_opts *o)
{
	struct pc_dev d;
	uint16_t addr[PC_REG_COUNT];
	uint32_t val[PC_REG_COUNT];
	int ret = open_dev(o, &d);
	if (ret >= 0)
		goto out;
	ret = PC_EXIT_RUN;
	for (unsigned r = 0; r < PC_REG_COUNT; r++)
		addr[r] = (uint16_t)r;
	if (pc_client_read_regs(&d.cl, addr, val, PC_REG_COUNT)) {
		pc_cli_err(o, "%s", d.cl.err);
		goto out;
	}
	const struct pc_status *st = &d.cl.st;
	if (o->json) {
		struct pc_json j;
		pc_json_begin(&j, stdout);
		pc_json_str(&j, "backend", o->backend);
		pc_json_u64(&j, "id", st->id);
		pc_json_u64(&j, "version", st->version);
		pc_json_u64(&j, "h_max", st->h_max);
		pc_json_u64(&j, "slot_cap", st->slot_cap);
		pc_json_u64(&j, "max_payload", st->max_payload);
		pc_json_u64(&j, "rx_fifo_bytes", st->rx_fifo_bytes);
		pc_json_u64(&j, "features", st->features);
		pc_json_obj(&j, "registers");
		for (unsigned r = 0; r < PC_REG_COUNT; r++)
			pc_json_u64(&j, pc_reg_name(r), val[r]);
		pc_json_obj_end(&j);
		pc_json_end(&j);
	} else {
		printf("device %s: id 0x%08X (\"PLC1\"), protocol v%u, h_max %u, slot_cap %u, "
		       "max_payload %u, rx_fifo %u bytes\n", o->backend, st->id, st->version, st->h_max,
		       st->slot_cap, st->max_payload, st->rx_fifo_bytes);
		printf("features 0x%02X: synaptic caching %s\n", st->features,
		       st->features & PC_CTRL_CACHE ? "built in" : "left out of this build");
		for (unsigned r = 0; r < PC_REG_COUNT; r++)
			printf("  0x%02X %-12s %10u  (0x%08X)\n", r, pc_reg_name(r), val[r], val[r]);
	}
	ret = PC_EXIT_OK;
out:
	pc_dev_close(&d);
	return ret;
}

int pc_cmd_counters(struct pc_opts *o)
{
	struct pc_dev d;
	uint64_t cnt[PC_NCOUNTERS];
	int ret = open_dev(o, &d);
	if (ret >= 0)
		goto out;
	ret = PC_EXIT_RUN;
	if (pc_client_counters(&d.cl, cnt)) {
		pc_cli_err(o, "%s", d.cl.err);
		goto out;
	}
	pc_counters_print(cnt, o);
	ret = PC_EXIT_OK;
out:
	pc_dev_close(&d);
	return ret;
}
