/* SPDX-License-Identifier: ISC */
/* energy.h — energy per action (pJ) and the energy of a run from its counters.
 *
 *   energy_pj = l1_read  * L1_READS    + l1_write  * L1_WRITES
 *             + l2_read  * L2_READS    + l2_write  * L2_WRITES
 *             + aux_write * AUX_WRITES
 *             + struct_read * STRUCT_READS + struct_write * STRUCT_WRITES
 *             + mac1 * L1_READS + mac2 * L2_READS
 *
 * Defaults and their sources are in energy.c and docs/energy.md (Horowitz, ISSCC 2014, 45 nm).
 * A table file ("key value" lines, '#' comments) replaces any subset of the values.
 */
#ifndef PC_ENERGY_H
#define PC_ENERGY_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

enum pc_energy_key {
	PC_E_L1_READ, PC_E_L1_WRITE, PC_E_L2_READ, PC_E_L2_WRITE, PC_E_AUX_WRITE,
	PC_E_STRUCT_READ, PC_E_STRUCT_WRITE, PC_E_MAC1, PC_E_MAC2, PC_E_NKEYS
};

struct pc_energy {
	double pj[PC_E_NKEYS];
};

void pc_energy_default(struct pc_energy *e);
/* read FILE over the current values: 0, or -1 with a one-line message naming file:line */
int pc_energy_load(struct pc_energy *e, const char *path, char *err, size_t errlen);
const char *pc_energy_key_name(unsigned key);

struct pc_energy_parts {
	double total, reads, writes, compute; /* pJ; writes includes aux and struct writes */
};
void pc_energy_of(const struct pc_energy *e, const uint64_t cnt[PC_NCOUNTERS], struct pc_energy_parts *out);

#endif
