/* SPDX-License-Identifier: ISC */
/* json.h — a minimal streaming JSON writer (one object on one line) for --json output. */
#ifndef PC_JSON_H
#define PC_JSON_H

#include <stdint.h>
#include <stdio.h>

struct pc_json {
	FILE *f;
	int depth;
	int first[8]; /* no member written yet at this depth */
};

void pc_json_begin(struct pc_json *j, FILE *f);           /* "{" */
void pc_json_end(struct pc_json *j);                      /* "}\n" */
void pc_json_obj(struct pc_json *j, const char *key);     /* "key": { */
void pc_json_obj_end(struct pc_json *j);                  /* } */
void pc_json_str(struct pc_json *j, const char *key, const char *v); /* NULL → null */
void pc_json_u64(struct pc_json *j, const char *key, uint64_t v);
void pc_json_i64(struct pc_json *j, const char *key, int64_t v);
void pc_json_num(struct pc_json *j, const char *key, double v); /* NaN / inf → null */
void pc_json_null(struct pc_json *j, const char *key);

#endif
