/* SPDX-License-Identifier: ISC */
/* idx.c — the strict IDX reader (idx.h).
 *
 * Both files go through zlib's gzread, which reads plain files as they are. A file is opened once,
 * its header checked field by field, then its payload read in bulk: for uncompressed content
 * the file length is checked against the header before anything is allocated; for gzip content
 * (whose size is unknown until the end) the buffer grows by doubling up to what the header
 * declares, so a lying header costs no more memory than the data really there. In both cases
 * the file is then read to its end, so missing and trailing bytes are both errors.
 */
#include "idx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define READ_CHUNK (1u << 30) /* gzread takes an unsigned (int-ranged) length: at most this a call */
#define GZ_FIRST   (4u << 20) /* first buffer for gzip content, doubled while it fills */
#define GZ_BUFFER  (256u << 10)

struct idx_file {
	char *path;      /* the name opened: plain, or with ".gz" */
	gzFile gz;
	int direct;      /* the content is not gzip-compressed (known once the header is read) */
	long long size;  /* file size, bytes */
	uint32_t count;  /* first dimension */
};

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	for (char *p = err; *p; p++) /* one line, whatever a path or a zlib message holds */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* "DIR/SPLIT-KIND-ubyteSUFFIX" (malloc'd), DIR without trailing slashes */
static char *join(const char *dir, const char *split, const char *kind, const char *suffix)
{
	size_t dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	size_t len = dlen + strlen(split) + strlen(kind) + strlen(suffix) + sizeof "/--ubyte";
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%.*s/%s-%s-ubyte%s", (int)dlen, dir, split, kind, suffix);
	return p;
}

static void idx_close(struct idx_file *f)
{
	if (f->gz)
		gzclose(f->gz);
	free(f->path);
	memset(f, 0, sizeof *f);
}

/* open DIR/SPLIT-KIND-ubyte, or else the same name + ".gz" */
static int idx_open(struct idx_file *f, const char *dir, const char *split, const char *kind, char *err,
		    size_t errlen)
{
	char *plain = join(dir, split, kind, ""), *gzname = join(dir, split, kind, ".gz");
	struct stat st;
	int fd = -1, rc = -1;

	if (!plain || !gzname) {
		seterr(err, errlen, "%s/%s-%s-ubyte: out of memory", dir, split, kind);
		goto out;
	}
	fd = open(plain, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		f->path = plain;
		plain = NULL;
	} else if (errno != ENOENT) {
		seterr(err, errlen, "%s: %s", plain, strerror(errno));
		goto out;
	} else {
		fd = open(gzname, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				seterr(err, errlen, "%s: missing (no such file, nor %s.gz)", plain, plain);
			else
				seterr(err, errlen, "%s: %s", gzname, strerror(errno));
			goto out;
		}
		f->path = gzname;
		gzname = NULL;
	}
	if (fstat(fd, &st) != 0) {
		seterr(err, errlen, "%s: %s", f->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "%s: not a regular file", f->path);
		goto out;
	}
	f->size = (long long)st.st_size;
	f->gz = gzdopen(fd, "rb");
	if (!f->gz) {
		seterr(err, errlen, "%s: out of memory opening it", f->path);
		goto out;
	}
	fd = -1; /* the gzFile owns it now */
	gzbuffer(f->gz, GZ_BUFFER);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(plain);
	free(gzname);
	return rc;
}

/* Read up to len bytes: the count read (less than len only at the end of the file), or -1 with
 * err set on a read error or corrupt gzip data. */
static long long idx_read(struct idx_file *f, void *buf, size_t len, char *err, size_t errlen)
{
	size_t got = 0;
	int failed = 0, errnum = Z_OK;
	const char *msg;

	while (got < len) {
		size_t want = len - got;
		int r = gzread(f->gz, (uint8_t *)buf + got, want > READ_CHUNK ? READ_CHUNK : (unsigned)want);
		if (r <= 0) {
			failed = r < 0;
			break;
		}
		got += (size_t)r;
	}
	msg = gzerror(f->gz, &errnum);
	if (errnum == Z_OK && !failed)
		return (long long)got;
	if (errnum == Z_ERRNO) {
		seterr(err, errlen, "%s: read error: %s", f->path, strerror(errno));
		return -1;
	}
	/* zlib prefixes its message with the name it was given, "<fd:N>: "; ours is better */
	if (msg && strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ": "))
		msg = strstr(msg, ": ") + 2;
	seterr(err, errlen, "%s: corrupt gzip data: %s", f->path, msg && *msg ? msg : "read failed");
	return -1;
}

/* read and check the header: magic 0x000008RR, rank dims; images must be 28 x 28 */
static int idx_header(struct idx_file *f, unsigned rank, const char *what, char *err, size_t errlen)
{
	uint8_t h[16];
	size_t hlen = 4 + 4 * (size_t)rank;
	uint32_t magic, want = 0x00000800u | rank;
	long long got;

	got = idx_read(f, h, 4, err, errlen);
	if (got < 0)
		return -1;
	if (got < 4) {
		seterr(err, errlen, "%s: truncated header (%lld of %zu bytes)", f->path, got, hlen);
		return -1;
	}
	magic = be32(h);
	if (h[0] != 0 || h[1] != 0) {
		seterr(err, errlen, "%s: bad magic 0x%08x, expected 0x%08x (not an IDX file)", f->path, magic, want);
		return -1;
	}
	if (h[2] != 0x08) {
		seterr(err, errlen, "%s: bad magic 0x%08x: element type 0x%02x, expected 0x08 (unsigned byte)",
		       f->path, magic, h[2]);
		return -1;
	}
	if (h[3] != rank) {
		seterr(err, errlen, "%s: bad magic 0x%08x: rank %u, expected %u for %s", f->path, magic, h[3], rank,
		       what);
		return -1;
	}
	got = idx_read(f, h + 4, hlen - 4, err, errlen);
	if (got < 0)
		return -1;
	if ((size_t)got < hlen - 4) {
		seterr(err, errlen, "%s: truncated header (%lld of %zu bytes)", f->path, got + 4, hlen);
		return -1;
	}
	f->direct = gzdirect(f->gz);
	f->count = be32(h + 4);
	if (rank == 3 && (be32(h + 8) != PC_DATASET_ROWS || be32(h + 12) != PC_DATASET_COLS)) {
		seterr(err, errlen, "%s: images are %ux%u, expected %ux%u", f->path, be32(h + 8), be32(h + 12),
		       PC_DATASET_ROWS, PC_DATASET_COLS);
		return -1;
	}
	if (f->count == 0) {
		seterr(err, errlen, "%s: no %s (count 0)", f->path, what);
		return -1;
	}
	if (f->count > PC_DATASET_MAX_COUNT) {
		seterr(err, errlen, "%s: absurd %s count %u (more than %u)", f->path, what, f->count,
		       PC_DATASET_MAX_COUNT);
		return -1;
	}
	return 0;
}

/* read exactly need payload bytes after an hlen-byte header, then insist on the end of file */
static int idx_payload(struct idx_file *f, size_t hlen, uint64_t need, uint8_t **out, const char *what,
		       char *err, size_t errlen)
{
	unsigned long long total = hlen + need;
	uint8_t *buf = NULL, extra;
	size_t cap, got = 0;
	long long r;

	*out = NULL;
#if SIZE_MAX < UINT64_MAX
	if (need > SIZE_MAX) {
		seterr(err, errlen, "%s: %u %s do not fit in this machine's memory", f->path, f->count, what);
		return -1;
	}
#endif
	if (f->direct && (unsigned long long)f->size != total) {
		seterr(err, errlen, "%s: %s: file is %lld bytes, header declares %u %s = %llu bytes", f->path,
		       (unsigned long long)f->size < total ? "truncated" : "trailing bytes", f->size, f->count, what,
		       total);
		return -1;
	}
	cap = f->direct || need <= GZ_FIRST ? (size_t)need : GZ_FIRST;
	buf = malloc(cap);
	if (!buf)
		goto oom;
	for (;;) {
		r = idx_read(f, buf + got, cap - got, err, errlen);
		if (r < 0)
			goto fail;
		got += (size_t)r;
		if (got < cap || cap == need)
			break; /* end of file, or all that the header declares */
		size_t ncap = cap > need / 2 ? (size_t)need : cap * 2;
		uint8_t *nb = realloc(buf, ncap);
		if (!nb)
			goto oom;
		buf = nb;
		cap = ncap;
	}
	if (got < need) {
		seterr(err, errlen, "%s: truncated: %llu of the %llu data bytes that the header's %u %s need", f->path,
		       (unsigned long long)got, (unsigned long long)need, f->count, what);
		goto fail;
	}
	r = idx_read(f, &extra, 1, err, errlen);
	if (r < 0)
		goto fail;
	if (r > 0) {
		seterr(err, errlen, "%s: trailing bytes after the %u %s that the header declares", f->path, f->count,
		       what);
		goto fail;
	}
	*out = buf;
	return 0;
oom:
	seterr(err, errlen, "%s: out of memory for %u %s (%llu bytes)", f->path, f->count, what,
	       (unsigned long long)need);
fail:
	free(buf);
	return -1;
}

int pc_dataset_load(const char *dir, const char *split, struct pc_dataset *out, char *err, size_t errlen)
{
	struct idx_file im = {0}, lb = {0};
	uint8_t *images = NULL, *labels = NULL;
	int rc = -1;

	if (out)
		memset(out, 0, sizeof *out);
	if (err && errlen)
		err[0] = '\0';
	if (!dir || !split || !out) {
		seterr(err, errlen, "pc_dataset_load: NULL argument");
		return -1;
	}
	if (strcmp(split, "train") != 0 && strcmp(split, "t10k") != 0) {
		seterr(err, errlen, "%s: split \"%s\" is neither train nor t10k", dir, split);
		return -1;
	}
	if (idx_open(&im, dir, split, "images-idx3", err, errlen) || idx_header(&im, 3, "images", err, errlen) ||
	    idx_open(&lb, dir, split, "labels-idx1", err, errlen) || idx_header(&lb, 1, "labels", err, errlen))
		goto done;
	if (im.count != lb.count) {
		seterr(err, errlen, "%s: %u labels, but %s has %u images", lb.path, lb.count, im.path, im.count);
		goto done;
	}
	if (idx_payload(&lb, 8, lb.count, &labels, "labels", err, errlen))
		goto done;
	for (uint32_t i = 0; i < lb.count; i++) {
		if (labels[i] >= PC_DATASET_CLASSES) {
			seterr(err, errlen, "%s: label %u at index %u is not 0..9", lb.path, labels[i], i);
			goto done;
		}
	}
	if (idx_payload(&im, 16, (uint64_t)im.count * PC_DATASET_PIXELS, &images, "images", err, errlen))
		goto done;
	out->n = im.count;
	out->images = images;
	out->labels = labels;
	images = labels = NULL;
	rc = 0;
done:
	idx_close(&im);
	idx_close(&lb);
	free(images);
	free(labels);
	return rc;
}

void pc_dataset_free(struct pc_dataset *d)
{
	if (!d)
		return;
	free(d->images);
	free(d->labels);
	memset(d, 0, sizeof *d);
}

int pc_dataset_filter_classes(struct pc_dataset *d, uint16_t class_mask)
{
	uint32_t k = 0;

	if (!d || (class_mask & ~((1u << PC_DATASET_CLASSES) - 1)) || (d->n && (!d->images || !d->labels)))
		return -1;
	for (uint32_t i = 0; i < d->n; i++) {
		uint8_t l = d->labels[i];
		if (l >= PC_DATASET_CLASSES || !(class_mask >> l & 1))
			continue;
		if (k != i) {
			memcpy(d->images + (size_t)k * PC_DATASET_PIXELS, d->images + (size_t)i * PC_DATASET_PIXELS,
			       PC_DATASET_PIXELS);
			d->labels[k] = l;
		}
		k++;
	}
	if (k == 0) {
		pc_dataset_free(d);
	} else if (k < d->n) { /* give back the tail; keeping the larger blocks is fine if that fails */
		uint8_t *im = realloc(d->images, (size_t)k * PC_DATASET_PIXELS), *lb;
		if (im)
			d->images = im;
		lb = realloc(d->labels, k);
		if (lb)
			d->labels = lb;
	}
	d->n = k;
	return (int)k;
}
