# tests/usb.mk — the USB transport (host/transport_usb.c) against an emulated FT2232H on a umockdev
# testbed (sim/ft2232h_emu.c); see docs/usb.md. The test re-executes itself under
# LD_PRELOAD=libumockdev-preload.so.0, so it runs as a plain command.

USBEMU_PKGS   := umockdev-1.0 gio-2.0
USBEMU_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(USBEMU_PKGS) 2>/dev/null)
USBEMU_LIBS   := $(shell $(PKG_CONFIG) --libs $(USBEMU_PKGS) 2>/dev/null)
USBEMU_OBJ    := $(BUILD)/obj/usbemu/ft2232h_emu.o

$(USBEMU_OBJ): sim/ft2232h_emu.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(USBEMU_CFLAGS) -c $< -o $@

# linked by the pattern rule $(BUILD)/tests/% in tests/tests.mk, with the emulator and umockdev added
$(BUILD)/tests/test_usb_emu: $(USBEMU_OBJ)
$(BUILD)/tests/test_usb_emu: HOST_LIBS += $(USBEMU_OBJ) $(USBEMU_LIBS)

TEST_DEPS += $(BUILD)/tests/test_usb_emu
TEST_CMDS += $(BUILD)/tests/test_usb_emu

-include $(USBEMU_OBJ:.o=.d)
