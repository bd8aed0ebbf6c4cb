/* SPDX-License-Identifier: ISC */
/* presets.c — the preset table, the register options and register / counter names. */
#include "presets.h"

#include <stdio.h>
#include <string.h>

#define R(r) (1u << (r))
#define COMMON (R(PC_REG_CTRL) | R(PC_REG_HIDDEN) | R(PC_REG_SLOTS) | R(PC_REG_LR1) | R(PC_REG_LR2) | \
		R(PC_REG_TARGET))
#define GATES  (R(PC_REG_THETA1) | R(PC_REG_THETA2) | R(PC_REG_K))
#define STRUCT (R(PC_REG_PRUNE_EVERY) | R(PC_REG_PRUNE_THETA) | R(PC_REG_PROTECT_AGE) | \
		R(PC_REG_GROW_W) | R(PC_REG_GROW_TRIES) | R(PC_REG_GROW_MAX))

/* THE preset table. Registers not in `set` keep their reset values (core.c); K is set to H
 * for the presets without gate 2 by the CLI only if the user changes H. */
static const struct preset {
	const char *name;
	uint32_t set;
	uint32_t ctrl, hidden, slots, lr1, lr2, target;
	uint32_t theta1, theta2, k;
	uint32_t prune_every, prune_theta, protect_age, grow_w, grow_tries, grow_max;
	int amp1, amp2;
} presets[] = {
	/* name         set                      ctrl                                          H    S    lr1 lr2 target  th1 th2 K   every th  age gw  tries gmax amp1     amp2 */
	{ "dense",      COMMON,                  0,                                            128, 784, 6,  7,  4096,   0,  0,  128, 0,   0,  0,  0,  8,    784, 850,     850 },
	/* stochastic gate 1 (unbiased thinning) at theta 36 LSB, both layers */
	{ "gated",      COMMON | GATES,          PC_CTRL_GATE1 | PC_CTRL_STOCH,                128, 784, 6,  7,  4096,   36, 36, 128, 0,   0,  0,  0,  8,    784, 850,     850 },
	/* 10 % fan-in, small initial weights (below the prune threshold: unused inputs go first);
	 * 4x the hidden learning rate (lr1 4): a neuron with 78 inputs needs larger steps */
	{ "structural", COMMON | STRUCT,         PC_CTRL_STRUCT,                               128, 78,  4,  7,  4096,   0,  0,  128, 250, 80, 2,  40, 8,    78,  60,      850 },
	/* both; theta1 scaled with the larger lr1, new synapses protected for 4 passes */
	{ "frugal",     COMMON | GATES | STRUCT, PC_CTRL_GATE1 | PC_CTRL_STOCH | PC_CTRL_STRUCT, 128, 78, 4,  7,  4096,   48, 36, 128, 250, 80, 4,  40, 8,    78,  60,      850 },
};

const char *pc_preset_list(void)
{
	return "dense|gated|structural|frugal";
}

void pc_config_set(struct pc_config *cfg, unsigned reg, uint32_t v)
{
	cfg->reg[reg] = v;
	cfg->set |= R(reg);
}

int pc_preset_apply(struct pc_config *cfg, const char *name)
{
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		const struct preset *p = &presets[i];
		if (strcmp(p->name, name))
			continue;
		memset(cfg, 0, sizeof *cfg);
		snprintf(cfg->preset, sizeof cfg->preset, "%s", p->name);
		cfg->set = p->set;
		cfg->reg[PC_REG_CTRL] = p->ctrl;
		cfg->reg[PC_REG_HIDDEN] = p->hidden;
		cfg->reg[PC_REG_SLOTS] = p->slots;
		cfg->reg[PC_REG_LR1] = p->lr1;
		cfg->reg[PC_REG_LR2] = p->lr2;
		cfg->reg[PC_REG_TARGET] = p->target;
		cfg->reg[PC_REG_THETA1] = p->theta1;
		cfg->reg[PC_REG_THETA2] = p->theta2;
		cfg->reg[PC_REG_K] = p->k;
		cfg->reg[PC_REG_PRUNE_EVERY] = p->prune_every;
		cfg->reg[PC_REG_PRUNE_THETA] = p->prune_theta;
		cfg->reg[PC_REG_PROTECT_AGE] = p->protect_age;
		cfg->reg[PC_REG_GROW_W] = p->grow_w;
		cfg->reg[PC_REG_GROW_TRIES] = p->grow_tries;
		cfg->reg[PC_REG_GROW_MAX] = p->grow_max;
		cfg->amp1 = p->amp1;
		cfg->amp2 = p->amp2;
		return 0;
	}
	return -1;
}

const struct pc_reg_option pc_reg_options[] = {
	{ "ctrl", PC_REG_CTRL, "CTRL register, raw (bits: 0 gate1, 1 gate2, 2 caching, 3 structural, 5:4 sel, 6 stochastic)" },
	{ "hidden", PC_REG_HIDDEN, "hidden neurons H (1..h_max)" },
	{ "slots", PC_REG_SLOTS, "synapse slots per neuron S (1..784; 784 = dense)" },
	{ "lr1", PC_REG_LR1, "hidden-layer learning-rate shift (0..15)" },
	{ "lr2", PC_REG_LR2, "output-layer learning-rate shift (0..15)" },
	{ "theta1", PC_REG_THETA1, "gate 1 threshold |dw|, hidden layer (LSB)" },
	{ "theta2", PC_REG_THETA2, "gate 1 threshold |dw|, output layer (LSB)" },
	{ "k", PC_REG_K, "gate 2: plastic neurons per sample" },
	{ "theta-c", PC_REG_THETA_C, "caching: consolidation threshold on |cache|" },
	{ "c-decay", PC_REG_C_DECAY, "caching: cache decay shift (0 = off)" },
	{ "prune-every", PC_REG_PRUNE_EVERY, "structural pass every N training samples (0 = never)" },
	{ "prune-theta", PC_REG_PRUNE_THETA, "prune a synapse with |w| below this (LSB)" },
	{ "protect-age", PC_REG_PROTECT_AGE, "passes a new synapse survives unconditionally (0..63)" },
	{ "grow-w", PC_REG_GROW_W, "|w| of a grown synapse (LSB)" },
	{ "grow-tries", PC_REG_GROW_TRIES, "LFSR draws per free slot before a neuron stops growing" },
	{ "grow-max", PC_REG_GROW_MAX, "most synapses grown per neuron per pass" },
	{ "target", PC_REG_TARGET, "target output for the label, Q3.12 (4096 = 1.0)" },
	{ "rx-timeout", PC_REG_RX_TIMEOUT, "device receive timeout (cycles)" },
};
const unsigned pc_reg_noptions = sizeof pc_reg_options / sizeof pc_reg_options[0];

const char *pc_reg_name(unsigned reg)
{
	static const char *const names[PC_REG_COUNT] = {
		"id", "ctrl", "hidden", "slots", "lr1", "lr2", "theta1", "theta2", "k", "theta_c",
		"c_decay", "prune_every", "prune_theta", "protect_age", "grow_w", "grow_tries", "lfsr",
		"since_prune", "target", "live", "rx_timeout", "grow_max",
	};
	return reg < PC_REG_COUNT ? names[reg] : NULL;
}

const char *pc_counter_name(unsigned cnt)
{
	static const char *const names[PC_NCOUNTERS] = {
		"cycles", "train_samples", "train_correct", "infer_samples", "infer_correct",
		"l1_reads", "l1_writes", "l1_gated", "l1_dw", "l2_reads", "l2_writes", "l2_gated",
		"l2_dw", "aux_writes", "struct_reads", "struct_writes", "pruned", "grown",
		"pers_samples", "frame_errors", "rx_dropped",
	};
	return cnt < PC_NCOUNTERS ? names[cnt] : NULL;
}

int pc_sel_parse(const char *s)
{
	if (!strcmp(s, "delta"))
		return PC_SEL_DELTA;
	if (!strcmp(s, "act"))
		return PC_SEL_ACT;
	if (!strcmp(s, "random"))
		return PC_SEL_RANDOM;
	return -1;
}
