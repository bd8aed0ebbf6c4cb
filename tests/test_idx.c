/* SPDX-License-Identifier: ISC */
/* test_idx.c — the strict IDX reader (host/idx.c) against valid and malformed files.
 *
 *   test_idx                               unit cases, in a fresh mkdtemp directory
 *   test_idx --data DIR [TRAIN_N T10K_N]   load DIR's train and t10k splits, check the counts
 *   test_idx --same DIR1 DIR2              both directories load to identical data sets
 *
 * One line "PASS <case>" or "FAIL <case>: reason" per case (an error message the reader gave
 * follows on an indented line); exit 1 if any case failed.
 */
#include "idx.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IMG "images-idx3-ubyte"
#define LAB "labels-idx1-ubyte"

static int failed;
static char root[256];

static void pass(const char *name)
{
	printf("PASS %s\n", name);
}

static void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed = 1;
}

/* ---- building files ----------------------------------------------------------------------- */

struct blob {
	uint8_t *p;
	size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint8_t pixel(uint32_t i, uint32_t j)
{
	return (uint8_t)(i * 31u + j * 7u + (i >> 8) + (j * j >> 3));
}

static uint8_t label(uint32_t i)
{
	return (uint8_t)((i * 7u + 3u) % 10u);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		printf("FAIL setup: out of memory\n");
		exit(1);
	}
	return p;
}

/* images file: magic, then the dims n, rows, cols (rank taken from the magic's low byte, at most
 * 4 dims written: n, rows, cols, 1), then count*rows*cols pixel bytes */
static struct blob images_blob(uint32_t n, uint32_t magic, uint32_t rows, uint32_t cols, uint32_t count)
{
	unsigned rank = magic & 0xFF;
	size_t hlen = 4 + 4 * (size_t)(rank > 4 ? 4 : rank), px = (size_t)rows * cols;
	struct blob b = {xmalloc(hlen + count * px), hlen + count * px};
	uint32_t dims[4] = {n, rows, cols, 1};

	put32(b.p, magic);
	for (unsigned k = 0; k < rank && k < 4; k++)
		put32(b.p + 4 + 4 * k, dims[k]);
	for (uint32_t i = 0; i < count; i++)
		for (size_t j = 0; j < px; j++)
			b.p[hlen + i * px + j] = pixel(i, (uint32_t)j);
	return b;
}

static struct blob labels_blob(uint32_t n, uint32_t magic, uint32_t count)
{
	struct blob b = {xmalloc(8 + count), 8 + count};

	put32(b.p, magic);
	put32(b.p + 4, n);
	for (uint32_t i = 0; i < count; i++)
		b.p[8 + i] = label(i);
	return b;
}

static struct blob good_images(uint32_t n)
{
	return images_blob(n, 0x803, 28, 28, n);
}

static struct blob good_labels(uint32_t n)
{
	return labels_blob(n, 0x801, n);
}

static void path_of(char *out, size_t len, const char *dir, const char *split, const char *kind, int gz)
{
	snprintf(out, len, "%s/%s-%s%s", dir, split, kind, gz ? ".gz" : "");
}

/* a fresh case directory root/name */
static const char *case_dir(const char *name)
{
	static char dir[512];

	snprintf(dir, sizeof dir, "%s/%s", root, name);
	if (mkdir(dir, 0700) != 0) {
		printf("FAIL setup: mkdir %s\n", dir);
		exit(1);
	}
	return dir;
}

static void write_raw(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
		printf("FAIL setup: writing %s\n", path);
		exit(1);
	}
}

/* write DIR/SPLIT-KIND (plain) or DIR/SPLIT-KIND.gz (gzip, level 1 for speed) */
static void put_file(const char *dir, const char *split, const char *kind, struct blob b, int gz)
{
	char path[600];

	path_of(path, sizeof path, dir, split, kind, gz);
	if (!gz) {
		write_raw(path, b.p, b.len);
		return;
	}
	gzFile f = gzopen(path, "wb1");
	size_t off = 0;
	while (f && off < b.len) {
		unsigned chunk = b.len - off > (1u << 24) ? 1u << 24 : (unsigned)(b.len - off);
		if (gzwrite(f, b.p + off, chunk) != (int)chunk)
			break;
		off += chunk;
	}
	if (!f || gzclose(f) != Z_OK || off != b.len) {
		printf("FAIL setup: writing %s\n", path);
		exit(1);
	}
}

/* write a blob, then free it */
static void put_free(const char *dir, const char *split, const char *kind, struct blob b, int gz)
{
	put_file(dir, split, kind, b, gz);
	free(b.p);
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* flip bytes in the middle third of a file */
static void corrupt(const char *path)
{
	long len = file_size(path);
	FILE *f = fopen(path, "r+b");
	if (!f || len < 24) {
		printf("FAIL setup: corrupting %s\n", path);
		exit(1);
	}
	for (long off = len / 3; off < 2 * len / 3; off += 5) {
		fseek(f, off, SEEK_SET);
		int c = fgetc(f);
		fseek(f, off, SEEK_SET);
		fputc(c ^ 0x5A, f);
	}
	fclose(f);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* ---- checks ------------------------------------------------------------------------------- */

/* the load must fail with a one-line message naming DIR/SPLIT-FILE and containing word */
static void expect_error(const char *name, const char *dir, const char *split, const char *file,
			 const char *word)
{
	struct pc_dataset d;
	char err[1024], path[600];
	int rc;

	memset(&d, 0xA5, sizeof d);
	rc = pc_dataset_load(dir, split, &d, err, sizeof err);
	if (rc == 0) {
		fail(name, "accepted (n=%u)", d.n);
		pc_dataset_free(&d);
		return;
	}
	if (rc != -1) {
		fail(name, "returned %d, not -1", rc);
		return;
	}
	if (d.n || d.images || d.labels) {
		fail(name, "out not zeroed on error");
		return;
	}
	if (!err[0] || strchr(err, '\n')) {
		fail(name, "error message empty or not one line: \"%s\"", err);
		return;
	}
	if (file) {
		snprintf(path, sizeof path, "%s/%s-%s", dir, split, file);
		if (!strstr(err, path)) {
			fail(name, "error does not name %s: %s", path, err);
			return;
		}
	}
	if (word && !strstr(err, word)) {
		fail(name, "error lacks \"%s\": %s", word, err);
		return;
	}
	pass(name);
	printf("      %s\n", err);
}

/* the set loads and equals the generated one (n samples); returns the loaded set in out */
static int expect_load(const char *name, const char *dir, const char *split, uint32_t n, struct pc_dataset *out)
{
	char err[1024];

	if (pc_dataset_load(dir, split, out, err, sizeof err) != 0) {
		fail(name, "rejected: %s", err);
		return -1;
	}
	if (out->n != n) {
		fail(name, "n=%u, expected %u", out->n, n);
		pc_dataset_free(out);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (out->labels[i] != label(i)) {
			fail(name, "label %u is %u, expected %u", i, out->labels[i], label(i));
			pc_dataset_free(out);
			return -1;
		}
		for (uint32_t j = 0; j < PC_DATASET_PIXELS; j++) {
			if (out->images[(size_t)i * PC_DATASET_PIXELS + j] != pixel(i, j)) {
				fail(name, "image %u pixel %u differs", i, j);
				pc_dataset_free(out);
				return -1;
			}
		}
	}
	return 0;
}

static int same(const struct pc_dataset *a, const struct pc_dataset *b)
{
	return a->n == b->n && memcmp(a->labels, b->labels, a->n) == 0 &&
	       memcmp(a->images, b->images, (size_t)a->n * PC_DATASET_PIXELS) == 0;
}

/* ---- cases -------------------------------------------------------------------------------- */

#define N 100u

static void valid_cases(void)
{
	struct pc_dataset plain = {0}, gz = {0}, x = {0};
	const char *dir;

	dir = case_dir("valid_plain");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	if (expect_load("valid_plain", dir, "train", N, &plain) == 0)
		pass("valid_plain");

	dir = case_dir("valid_gz");
	put_free(dir, "train", IMG, good_images(N), 1);
	put_free(dir, "train", LAB, good_labels(N), 1);
	if (expect_load("valid_gz", dir, "train", N, &gz) == 0) {
		if (plain.n && !same(&plain, &gz))
			fail("valid_gz", "differs from the plain load");
		else
			pass("valid_gz");
	}

	dir = case_dir("valid_mixed");
	put_free(dir, "train", IMG, good_images(N), 1);
	put_free(dir, "train", LAB, good_labels(N), 0);
	if (expect_load("valid_mixed", dir, "train", N, &x) == 0) {
		pass("valid_mixed");
		pc_dataset_free(&x);
	}

	/* both present: the plain file wins (the .gz ones are garbage) */
	dir = case_dir("prefer_plain");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	char path[600];
	path_of(path, sizeof path, dir, "train", IMG, 1);
	write_raw(path, "garbage", 7);
	path_of(path, sizeof path, dir, "train", LAB, 1);
	write_raw(path, "garbage", 7);
	if (expect_load("prefer_plain", dir, "train", N, &x) == 0) {
		pass("prefer_plain");
		pc_dataset_free(&x);
	}

	dir = case_dir("valid_t10k");
	put_free(dir, "t10k", IMG, good_images(7), 0);
	put_free(dir, "t10k", LAB, good_labels(7), 1);
	if (expect_load("valid_t10k", dir, "t10k", 7, &x) == 0) {
		pass("valid_t10k");
		pc_dataset_free(&x);
	}

	dir = case_dir("valid_single");
	put_free(dir, "train", IMG, good_images(1), 0);
	put_free(dir, "train", LAB, good_labels(1), 0);
	if (expect_load("valid_single", dir, "train", 1, &x) == 0) {
		pass("valid_single");
		pc_dataset_free(&x);
	}

	/* a trailing slash on the directory is fine */
	char slash[600];
	snprintf(slash, sizeof slash, "%s/valid_plain/", root);
	if (expect_load("dir_trailing_slash", slash, "train", N, &x) == 0) {
		pass("dir_trailing_slash");
		pc_dataset_free(&x);
	}

	pc_dataset_free(&plain);
	pc_dataset_free(&gz);
	pc_dataset_free(&gz); /* twice is fine */
}

/* full-MNIST size, plain and gzip: the growing gzip buffer and the bulk reads */
static void large_cases(void)
{
	const uint32_t n = 60000;
	struct pc_dataset a = {0}, b = {0};
	struct blob im = good_images(n), lb = good_labels(n);
	const char *dir;

	dir = case_dir("large_plain");
	put_file(dir, "train", IMG, im, 0);
	put_file(dir, "train", LAB, lb, 0);
	if (expect_load("large_60k_plain", dir, "train", n, &a) == 0)
		pass("large_60k_plain");
	dir = case_dir("large_gz");
	put_file(dir, "train", IMG, im, 1);
	put_file(dir, "train", LAB, lb, 1);
	if (expect_load("large_60k_gz", dir, "train", n, &b) == 0) {
		if (a.n && !same(&a, &b))
			fail("large_60k_gz", "differs from the plain load");
		else
			pass("large_60k_gz");
	}
	/* the same files one byte short, compressed: truncation found after the buffer grew */
	dir = case_dir("large_gz_truncated");
	im.len--;
	put_file(dir, "train", IMG, im, 1);
	put_file(dir, "train", LAB, lb, 1);
	expect_error("large_60k_gz_truncated", dir, "train", IMG ".gz", "truncated");
	pc_dataset_free(&a);
	pc_dataset_free(&b);
	free(im.p);
	free(lb.p);
}

static void error_cases(void)
{
	const char *dir;
	struct blob b;
	char path[600];

	dir = case_dir("truncated_images");
	b = good_images(N);
	b.len -= 100;
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("truncated_images", dir, "train", IMG, "truncated");

	dir = case_dir("truncated_images_gz");
	b = good_images(N);
	b.len -= 1;
	put_free(dir, "train", IMG, b, 1);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("truncated_images_gz", dir, "train", IMG ".gz", "truncated");

	dir = case_dir("truncated_labels");
	b = good_labels(N);
	b.len -= 1;
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 0);
	expect_error("truncated_labels", dir, "train", LAB, "truncated");

	dir = case_dir("truncated_labels_gz");
	b = good_labels(N);
	b.len -= 10;
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 1);
	expect_error("truncated_labels_gz", dir, "train", LAB ".gz", "truncated");

	dir = case_dir("truncated_header");
	b = good_images(N);
	b.len = 10;
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("truncated_header", dir, "train", IMG, "header");

	dir = case_dir("empty_file");
	put_free(dir, "train", IMG, good_images(N), 0);
	b = good_labels(N);
	b.len = 0;
	put_free(dir, "train", LAB, b, 0);
	expect_error("empty_file", dir, "train", LAB, "header");

	dir = case_dir("trailing_images");
	b = images_blob(N, 0x803, 28, 28, N + 1);
	put32(b.p + 4, N);
	b.len -= PC_DATASET_PIXELS - 3; /* 3 bytes more than declared */
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("trailing_images", dir, "train", IMG, "trailing");

	dir = case_dir("trailing_images_gz");
	b = images_blob(N, 0x803, 28, 28, N + 1);
	put32(b.p + 4, N);
	put_free(dir, "train", IMG, b, 1);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("trailing_images_gz", dir, "train", IMG ".gz", "trailing");

	dir = case_dir("trailing_labels");
	b = labels_blob(N, 0x801, N + 1);
	put32(b.p + 4, N);
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 0);
	expect_error("trailing_labels", dir, "train", LAB, "trailing");

	dir = case_dir("wrong_magic_images");
	b = good_images(N);
	put32(b.p, 0x12340803);
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("wrong_magic_images", dir, "train", IMG, "magic");

	dir = case_dir("wrong_magic_labels");
	b = good_labels(N);
	put32(b.p, 0xDEADBEEF);
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 0);
	expect_error("wrong_magic_labels", dir, "train", LAB, "magic");

	dir = case_dir("wrong_type");
	b = good_images(N);
	put32(b.p, 0x00000D03); /* float elements */
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("wrong_type", dir, "train", IMG, "element type");

	dir = case_dir("wrong_rank_images");
	put_free(dir, "train", IMG, images_blob(N, 0x804, 28, 28, N), 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("wrong_rank_images", dir, "train", IMG, "rank 4");

	dir = case_dir("wrong_rank_labels");
	b = good_labels(N);
	put32(b.p, 0x803);
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 0);
	expect_error("wrong_rank_labels", dir, "train", LAB, "rank 3");

	dir = case_dir("wrong_dims");
	put_free(dir, "train", IMG, images_blob(N, 0x803, 28, 27, N), 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("wrong_dims", dir, "train", IMG, "28x27");

	dir = case_dir("wrong_dims_same_size"); /* 56 x 14 = 784 bytes, still not 28 x 28 */
	put_free(dir, "train", IMG, images_blob(N, 0x803, 56, 14, N), 1);
	put_free(dir, "train", LAB, good_labels(N), 1);
	expect_error("wrong_dims_same_size", dir, "train", IMG ".gz", "56x14");

	dir = case_dir("count_mismatch");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, good_labels(N - 1), 0);
	expect_error("count_mismatch", dir, "train", LAB, IMG);

	dir = case_dir("bad_label");
	b = good_labels(N);
	b.p[8 + 5] = 12;
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, b, 0);
	expect_error("bad_label", dir, "train", LAB, "label 12 at index 5 is not 0..9");

	dir = case_dir("bad_label_gz");
	b = good_labels(N);
	b.p[8 + N - 1] = 255;
	put_free(dir, "train", IMG, good_images(N), 1);
	put_free(dir, "train", LAB, b, 1);
	expect_error("bad_label_gz", dir, "train", LAB ".gz", "label 255 at index 99 is not 0..9");

	dir = case_dir("absurd_count");
	b = images_blob(200000000u, 0x803, 28, 28, 2);
	put_free(dir, "train", IMG, b, 0);
	put_free(dir, "train", LAB, labels_blob(200000000u, 0x801, 2), 0);
	expect_error("absurd_count", dir, "train", IMG, "absurd");

	dir = case_dir("absurd_count_labels_gz");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, labels_blob(0xFFFFFFFFu, 0x801, 3), 1);
	expect_error("absurd_count_labels_gz", dir, "train", LAB ".gz", "absurd");

	/* large but under the limit, header only: must be refused by the length check, not allocated */
	dir = case_dir("big_count_short_file");
	put_free(dir, "train", IMG, images_blob(90000000u, 0x803, 28, 28, 1), 0);
	put_free(dir, "train", LAB, labels_blob(90000000u, 0x801, 1), 0);
	expect_error("big_count_short_file", dir, "train", LAB, "truncated");

	dir = case_dir("big_count_short_gz");
	put_free(dir, "train", IMG, images_blob(90000000u, 0x803, 28, 28, 1), 0);
	put_free(dir, "train", LAB, labels_blob(90000000u, 0x801, 1), 1);
	expect_error("big_count_short_gz", dir, "train", LAB ".gz", "truncated");

	dir = case_dir("zero_count");
	put_free(dir, "train", IMG, good_images(0), 0);
	put_free(dir, "train", LAB, good_labels(0), 0);
	expect_error("zero_count", dir, "train", IMG, "count 0");

	dir = case_dir("corrupt_gzip");
	put_free(dir, "train", IMG, good_images(N), 1);
	put_free(dir, "train", LAB, good_labels(N), 0);
	path_of(path, sizeof path, dir, "train", IMG, 1);
	corrupt(path);
	expect_error("corrupt_gzip", dir, "train", IMG ".gz", "gzip");

	dir = case_dir("corrupt_gzip_labels");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, good_labels(N), 1);
	path_of(path, sizeof path, dir, "train", LAB, 1);
	corrupt(path);
	expect_error("corrupt_gzip_labels", dir, "train", LAB ".gz", "gzip");

	dir = case_dir("truncated_gzip_stream");
	put_free(dir, "train", IMG, good_images(N), 1);
	put_free(dir, "train", LAB, good_labels(N), 0);
	path_of(path, sizeof path, dir, "train", IMG, 1);
	if (truncate(path, file_size(path) / 2) != 0) {
		printf("FAIL setup: truncate %s\n", path);
		exit(1);
	}
	expect_error("truncated_gzip_stream", dir, "train", IMG ".gz", "gzip");

	dir = case_dir("gz_name_not_gzip"); /* read as it is, then rejected by the header checks */
	put_free(dir, "train", IMG, good_images(N), 0);
	path_of(path, sizeof path, dir, "train", LAB, 1);
	write_raw(path, "this is not an IDX file, nor gzip\n", 34);
	expect_error("gz_name_not_gzip", dir, "train", LAB ".gz", "magic");

	dir = case_dir("missing_images");
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("missing_images", dir, "train", IMG, "missing");

	dir = case_dir("missing_labels");
	put_free(dir, "train", IMG, good_images(N), 1);
	expect_error("missing_labels", dir, "train", LAB, "missing");

	char nodir[600];
	snprintf(nodir, sizeof nodir, "%s/no_such_dir", root);
	expect_error("missing_dir", nodir, "train", IMG, "missing");

	dir = case_dir("not_regular");
	path_of(path, sizeof path, dir, "train", IMG, 0);
	mkdir(path, 0700);
	put_free(dir, "train", LAB, good_labels(N), 0);
	expect_error("not_regular", dir, "train", IMG, "not a regular file");

	expect_error("bad_split", root, "valid", NULL, "split");
}

static void api_cases(void)
{
	struct pc_dataset d = {0};
	char err[16];
	const char *dir;
	int rc, ok;

	/* filter: keep classes 3 and 7, in order */
	dir = case_dir("filter");
	put_free(dir, "train", IMG, good_images(N), 0);
	put_free(dir, "train", LAB, good_labels(N), 0);
	if (pc_dataset_load(dir, "train", &d, NULL, 0) != 0) {
		fail("filter_classes", "load failed");
	} else {
		uint32_t want = 0, k = 0;
		for (uint32_t i = 0; i < N; i++)
			want += label(i) == 3 || label(i) == 7;
		rc = pc_dataset_filter_classes(&d, 1u << 3 | 1u << 7);
		ok = rc == (int)want && d.n == want;
		for (uint32_t i = 0; ok && i < N; i++) {
			if (label(i) != 3 && label(i) != 7)
				continue;
			ok = d.labels[k] == label(i);
			for (uint32_t j = 0; ok && j < PC_DATASET_PIXELS; j++)
				ok = d.images[(size_t)k * PC_DATASET_PIXELS + j] == pixel(i, j);
			k++;
		}
		if (ok && want > 0)
			pass("filter_classes");
		else
			fail("filter_classes", "returned %d, n=%u, expected %u, or wrong samples kept", rc, d.n, want);

		rc = pc_dataset_filter_classes(&d, 1u << 10);
		if (rc == -1 && d.n == want)
			pass("filter_bad_mask");
		else
			fail("filter_bad_mask", "returned %d, n=%u", rc, d.n);

		rc = pc_dataset_filter_classes(&d, 0x3FF);
		if (rc == (int)want && d.n == want)
			pass("filter_all");
		else
			fail("filter_all", "returned %d, n=%u", rc, d.n);

		rc = pc_dataset_filter_classes(&d, 1u << 0);
		if (rc == 0 && d.n == 0 && !d.images && !d.labels)
			pass("filter_to_empty");
		else
			fail("filter_to_empty", "returned %d, n=%u", rc, d.n);
		pc_dataset_free(&d);
	}
	if (pc_dataset_filter_classes(NULL, 1) == -1 && pc_dataset_filter_classes(&d, 1) == 0)
		pass("filter_null_and_empty");
	else
		fail("filter_null_and_empty", "unexpected return");

	/* arguments: NULLs, no error buffer, a tiny one */
	ok = pc_dataset_load(NULL, "train", &d, err, sizeof err) == -1 &&
	     pc_dataset_load(root, "train", NULL, err, sizeof err) == -1 &&
	     pc_dataset_load(root, NULL, &d, err, sizeof err) == -1 &&
	     pc_dataset_load(root, "train", &d, NULL, 0) == -1 && pc_dataset_load(root, "train", &d, err, 0) == -1;
	rc = pc_dataset_load(root, "train", &d, err, sizeof err);
	if (ok && rc == -1 && strlen(err) == sizeof err - 1)
		pass("null_args_and_short_err");
	else
		fail("null_args_and_short_err", "unexpected return or message \"%s\"", err);
	pc_dataset_free(NULL);
	pc_dataset_free(&d);
}

/* ---- modes on real data (tests/test_data.sh) ---------------------------------------------- */

static int data_mode(const char *dir, long want_train, long want_t10k)
{
	const char *splits[2] = {"train", "t10k"};
	long want[2] = {want_train, want_t10k};

	for (int s = 0; s < 2; s++) {
		struct pc_dataset d;
		char err[1024], name[64];
		unsigned hist[PC_DATASET_CLASSES] = {0};

		snprintf(name, sizeof name, "data_load_%s", splits[s]);
		if (pc_dataset_load(dir, splits[s], &d, err, sizeof err) != 0) {
			fail(name, "%s", err);
			continue;
		}
		for (uint32_t i = 0; i < d.n; i++)
			hist[d.labels[i]]++;
		if (want[s] >= 0 && d.n != (uint32_t)want[s])
			fail(name, "%u samples, expected %ld", d.n, want[s]);
		else
			printf("PASS %s (%u samples)\n", name, d.n);
		printf("      labels 0..9:");
		for (int k = 0; k < PC_DATASET_CLASSES; k++)
			printf(" %u", hist[k]);
		printf("\n");
		pc_dataset_free(&d);
	}
	return failed;
}

static int same_mode(const char *a, const char *b)
{
	const char *splits[2] = {"train", "t10k"};

	for (int s = 0; s < 2; s++) {
		struct pc_dataset x, y;
		char err[1024], name[64];

		snprintf(name, sizeof name, "same_%s", splits[s]);
		if (pc_dataset_load(a, splits[s], &x, err, sizeof err) != 0) {
			fail(name, "%s", err);
			continue;
		}
		if (pc_dataset_load(b, splits[s], &y, err, sizeof err) != 0) {
			fail(name, "%s", err);
			pc_dataset_free(&x);
			continue;
		}
		if (same(&x, &y))
			printf("PASS %s (%u samples)\n", name, x.n);
		else
			fail(name, "%s and %s differ", a, b);
		pc_dataset_free(&x);
		pc_dataset_free(&y);
	}
	return failed;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "--data") == 0)
		return data_mode(argv[2], argc > 3 ? atol(argv[3]) : -1, argc > 4 ? atol(argv[4]) : -1);
	if (argc == 4 && strcmp(argv[1], "--same") == 0)
		return same_mode(argv[2], argv[3]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--data DIR [TRAIN_N T10K_N] | --same DIR1 DIR2]\n", argv[0]);
		return 2;
	}

	const char *tmp = getenv("TMPDIR");
	snprintf(root, sizeof root, "%s/test_idx.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		printf("FAIL setup: mkdtemp %s\n", root);
		return 1;
	}
	valid_cases();
	error_cases();
	large_cases();
	api_cases();
	if (nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		printf("note: could not remove %s\n", root);
	return failed;
}
