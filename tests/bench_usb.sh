#!/usr/bin/env bash
# tests/bench_usb.sh [BUILD] — the USB link figures, measured through the emulated FT2232H
# (umockdev, sim/ft2232h_emu.c) with the real host stack (CLI, client, transport_usb.c, libusb,
# libftdi1): bytes on the wire per training / inference sample, host-side samples/s through the
# emulated device (reference device, and the Verilated core when built), and the link-limited
# samples/s at 3 and 12 Mbaud (10 bits per byte on the UART). Prints a markdown table on stdout
# (called by `make bench`). env DATA (default data/mnist).
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-${BUILD:-build}}
T=$BUILD/tests/test_usb_e2e
if [ ! -x "$T" ]; then
  make -s BUILD="$BUILD" "$T" >&2
fi
exec "$T" --bench
