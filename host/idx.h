/* SPDX-License-Identifier: ISC */
/* idx.h — a strict reader of MNIST-style IDX data sets (28 x 28 unsigned-byte images, labels 0..9).
 *
 * A data set is a directory holding, for a split ("train" or "t10k"),
 *   <split>-images-idx3-ubyte   magic 0x00000803, dims N, 28, 28, then N*784 pixel bytes
 *   <split>-labels-idx1-ubyte   magic 0x00000801, dim  N,         then N label bytes 0..9
 * each either plain or gzip-compressed with ".gz" appended (the plain file wins if both exist).
 * Every header field, the exact file length, the count agreement and every label are checked;
 * any problem is reported as one line naming the file. docs/data.md lists the checks.
 */
#ifndef PC_IDX_H
#define PC_IDX_H

#include <stddef.h>
#include <stdint.h>

#define PC_DATASET_ROWS      28
#define PC_DATASET_COLS      28
#define PC_DATASET_PIXELS    (PC_DATASET_ROWS * PC_DATASET_COLS) /* 784 bytes per image */
#define PC_DATASET_CLASSES   10
#define PC_DATASET_MAX_COUNT 100000000u /* larger counts are rejected before allocating */

struct pc_dataset {
	uint32_t n;       /* samples */
	uint8_t *images;  /* n * 784 bytes, image i at images + i*784, row-major, 0 = background */
	uint8_t *labels;  /* n bytes, each 0..9 */
};

/* Load DIR/<split>-{images-idx3,labels-idx1}-ubyte[.gz]; split is "train" or "t10k".
 * 0 on success (out owns the buffers: pc_dataset_free). On error -1, out zeroed, and (if err is
 * not NULL and errlen > 0) a one-line message such as
 * "data/x/train-labels-idx1-ubyte: label 12 at index 5 is not 0..9". */
int pc_dataset_load(const char *dir, const char *split, struct pc_dataset *out, char *err, size_t errlen);

/* Free the buffers and zero the struct; safe on a zeroed struct, twice, or NULL. */
void pc_dataset_free(struct pc_dataset *d);

/* Keep, in order and in place, only the samples whose label bit is set in class_mask
 * (bit k = class k; bits 10..15 must be 0). Returns the new n (possibly 0, then the buffers are
 * freed and NULL), or -1 on a bad argument (nothing changes). */
int pc_dataset_filter_classes(struct pc_dataset *d, uint16_t class_mask);

#endif
