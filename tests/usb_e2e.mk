# tests/usb_e2e.mk — the CLI end to end over USB without a board: tests/test_usb_e2e runs
# `plasticore` in-process (host/cli.h) with --backend usb against the emulated FT2232H
# (sim/ft2232h_emu.c) whose far end is a device model (sim/emu_device.c: the Verilated core when
# sim/sim.mk has it, else the C reference device), and compares with --backend sim / ref; plus
# unplug / stall / corruption cases. Re-executes itself under the umockdev preload (docs/usb.md).
#   make test-usb     both USB tests (test_usb_emu, test_usb_e2e) through tests/run.sh
#   tests/bench_usb.sh [BUILD]   the link figures (bytes per sample, samples/s) as a markdown table

USBE2E_PKGS   := umockdev-1.0 gio-2.0
USBE2E_LIBS   := $(shell $(PKG_CONFIG) --libs $(USBE2E_PKGS) 2>/dev/null)
USBE2E_EMU    := $(BUILD)/obj/usbemu/ft2232h_emu.o
USBE2E_DEV    := $(BUILD)/obj/usbemu/emu_device.o

$(USBE2E_DEV): sim/emu_device.c sim/emu_device.h $(wildcard rtl/plasticore.v) sim/sim.mk
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(if $(SIM_HAVE),-DPC_HAVE_SIM) -c $< -o $@

$(BUILD)/tests/test_usb_e2e: $(USBE2E_EMU) $(USBE2E_DEV)
$(BUILD)/tests/test_usb_e2e: HOST_LIBS += $(USBE2E_DEV) $(USBE2E_EMU) $(USBE2E_LIBS)

TEST_DEPS += $(BUILD)/tests/test_usb_e2e
TEST_CMDS += $(BUILD)/tests/test_usb_e2e

.PHONY: test-usb
test-usb: $(BUILD)/tests/test_usb_emu $(BUILD)/tests/test_usb_e2e
	tests/run.sh $(BUILD)/tests/test_usb_emu $(BUILD)/tests/test_usb_e2e

-include $(USBE2E_DEV:.o=.d)
