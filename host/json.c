/* SPDX-License-Identifier: ISC */
/* json.c — the minimal JSON writer (json.h). */
#include "json.h"

#include <inttypes.h>
#include <math.h>

static void key(struct pc_json *j, const char *k)
{
	if (!j->first[j->depth])
		fputs(", ", j->f);
	j->first[j->depth] = 0;
	fprintf(j->f, "\"%s\": ", k); /* keys are ours: no escaping needed */
}

void pc_json_begin(struct pc_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
	fputc('{', f);
}

void pc_json_end(struct pc_json *j)
{
	fputs("}\n", j->f);
	fflush(j->f);
}

void pc_json_obj(struct pc_json *j, const char *k)
{
	key(j, k);
	fputc('{', j->f);
	if (j->depth < 7)
		j->depth++;
	j->first[j->depth] = 1;
}

void pc_json_obj_end(struct pc_json *j)
{
	fputc('}', j->f);
	if (j->depth > 0)
		j->depth--;
}

void pc_json_str(struct pc_json *j, const char *k, const char *v)
{
	key(j, k);
	if (!v) {
		fputs("null", j->f);
		return;
	}
	fputc('"', j->f);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(j->f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(j->f, "\\u%04x", *p);
		else
			fputc(*p, j->f);
	}
	fputc('"', j->f);
}

void pc_json_u64(struct pc_json *j, const char *k, uint64_t v)
{
	key(j, k);
	fprintf(j->f, "%" PRIu64, v);
}

void pc_json_i64(struct pc_json *j, const char *k, int64_t v)
{
	key(j, k);
	fprintf(j->f, "%" PRId64, v);
}

void pc_json_num(struct pc_json *j, const char *k, double v)
{
	key(j, k);
	if (isfinite(v))
		fprintf(j->f, "%.10g", v);
	else
		fputs("null", j->f);
}

void pc_json_null(struct pc_json *j, const char *k)
{
	key(j, k);
	fputs("null", j->f);
}
