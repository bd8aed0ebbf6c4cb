/* SPDX-License-Identifier: ISC */
/* energy.c — the default energy table and the energy formula (energy.h, docs/energy.md). */
#include "energy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm, 0.9 V:
 *   SRAM 8 KB: 32-bit read ~5 pJ (64-bit ~10 pJ); a write costs about the same.
 *   integer add: 8 bit 0.03 pJ, 16 bit 0.05 pJ, 32 bit 0.1 pJ; multiply: 8 bit 0.2 pJ,
 *   32 bit 3.1 pJ; DRAM ~640 pJ per 32 bit (not used: every memory here is on chip).
 * A slot is 48 bits (idx, age, w, aux) → 1.5 x the 32-bit access; a W2 word is 16 bits
 * → 0.5 x. mac1: 16 x 4-bit multiply (~ an 8-bit multiply, 0.2) + 32-bit add (0.1);
 * mac2: 16 x 16 multiply (between 8 and 32 bit: ~0.8, quadratic scaling of 0.2) + 32-bit add. */
static const struct { const char *key; double pj; } table[PC_E_NKEYS] = {
	[PC_E_L1_READ] = { "l1_read", 7.5 },
	[PC_E_L1_WRITE] = { "l1_write", 7.5 },
	[PC_E_L2_READ] = { "l2_read", 2.5 },
	[PC_E_L2_WRITE] = { "l2_write", 2.5 },
	[PC_E_AUX_WRITE] = { "aux_write", 7.5 },
	[PC_E_STRUCT_READ] = { "struct_read", 7.5 },
	[PC_E_STRUCT_WRITE] = { "struct_write", 7.5 },
	[PC_E_MAC1] = { "mac1", 0.3 },
	[PC_E_MAC2] = { "mac2", 0.9 },
};

void pc_energy_default(struct pc_energy *e)
{
	for (int i = 0; i < PC_E_NKEYS; i++)
		e->pj[i] = table[i].pj;
}

const char *pc_energy_key_name(unsigned key)
{
	return key < PC_E_NKEYS ? table[key].key : NULL;
}

int pc_energy_load(struct pc_energy *e, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int ln = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char key[64], extra[2];
		double v;
		ln++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		int n = sscanf(line, "%63s %lf %1s", key, &v, extra);
		if (n == EOF || n == -1)
			continue;
		if (n != 2 || v < 0) {
			snprintf(err, errlen, "%s:%d: expected \"key value\" with a value >= 0", path, ln);
			fclose(f);
			return -1;
		}
		int k;
		for (k = 0; k < PC_E_NKEYS && strcmp(key, table[k].key); k++)
			;
		if (k == PC_E_NKEYS) {
			snprintf(err, errlen, "%s:%d: unknown key \"%s\"", path, ln, key);
			fclose(f);
			return -1;
		}
		e->pj[k] = v;
	}
	fclose(f);
	return 0;
}

void pc_energy_of(const struct pc_energy *e, const uint64_t cnt[PC_NCOUNTERS], struct pc_energy_parts *o)
{
	const double *p = e->pj;
	o->reads = p[PC_E_L1_READ] * cnt[PC_CNT_L1_READS] + p[PC_E_L2_READ] * cnt[PC_CNT_L2_READS] +
		   p[PC_E_STRUCT_READ] * cnt[PC_CNT_STRUCT_READS];
	o->writes = p[PC_E_L1_WRITE] * cnt[PC_CNT_L1_WRITES] + p[PC_E_L2_WRITE] * cnt[PC_CNT_L2_WRITES] +
		    p[PC_E_AUX_WRITE] * cnt[PC_CNT_AUX_WRITES] + p[PC_E_STRUCT_WRITE] * cnt[PC_CNT_STRUCT_WRITES];
	o->compute = p[PC_E_MAC1] * cnt[PC_CNT_L1_READS] + p[PC_E_MAC2] * cnt[PC_CNT_L2_READS];
	o->total = o->reads + o->writes + o->compute;
}
