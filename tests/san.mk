# tests/san.mk — the host tests again, built with AddressSanitizer + UBSan (SAN=1) in
# $(BUILD)/san, without the simulator (the RTL tests are not about memory safety of C code).
#   test_proto test_refdev test_idx test_cli.sh test_checkpoint.sh   under ASan + UBSan

SAN_BUILD := $(BUILD)/san
SAN_TESTS := $(SAN_BUILD)/tests/test_proto $(SAN_BUILD)/tests/test_refdev $(SAN_BUILD)/tests/test_idx
ifneq ($(SAN),1)
.PHONY: san-build
san-build:
	$(MAKE) --no-print-directory SAN=1 SIM_HAVE= BUILD=$(SAN_BUILD) $(SAN_TESTS) $(SAN_BUILD)/plasticore

TEST_DEPS += san-build
TEST_CMDS += "env ASAN_OPTIONS=detect_leaks=1 $(SAN_BUILD)/tests/test_proto" \
             "env ASAN_OPTIONS=detect_leaks=1 $(SAN_BUILD)/tests/test_refdev" \
             "env ASAN_OPTIONS=detect_leaks=1 $(SAN_BUILD)/tests/test_idx" \
             "env ASAN_OPTIONS=detect_leaks=1 tests/test_cli.sh $(SAN_BUILD)" \
             "env ASAN_OPTIONS=detect_leaks=1 tests/test_checkpoint.sh $(SAN_BUILD)"
endif
