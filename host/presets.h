/* SPDX-License-Identifier: ISC */
/* presets.h — named configurations (dense | gated | structural | frugal) and the fine-grained
 * per-register options of the CLI. A configuration is a set of register values plus the
 * initial weight amplitudes for pc_core_randomize(); the values live in ONE table in presets.c.
 */
#ifndef PC_PRESETS_H
#define PC_PRESETS_H

#include "core.h"

struct pc_config {
	char preset[16];
	uint32_t reg[PC_REG_COUNT]; /* values to write where `set` has the register's bit */
	uint32_t set;               /* bit r: write reg[r] */
	int amp1, amp2;             /* init amplitude (LSB, Q1.14) hidden / output layer */
};

/* start cfg from preset `name`; -1 if there is no such preset (cfg untouched) */
int pc_preset_apply(struct pc_config *cfg, const char *name);
/* "dense|gated|structural|frugal" */
const char *pc_preset_list(void);

void pc_config_set(struct pc_config *cfg, unsigned reg, uint32_t v);

/* per-register options: --<name> N sets register `reg` */
struct pc_reg_option {
	const char *name;
	unsigned reg;
	const char *help;
};
extern const struct pc_reg_option pc_reg_options[];
extern const unsigned pc_reg_noptions;

/* register name for tables (lower case, e.g. "theta1"), or NULL */
const char *pc_reg_name(unsigned reg);
/* counter name for tables and JSON (lower case, e.g. "l1_reads") */
const char *pc_counter_name(unsigned cnt);

/* --sel delta|act|random → PC_SEL_*; -1 if unknown */
int pc_sel_parse(const char *s);

#endif
