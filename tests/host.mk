# tests/host.mk — the host side: protocol, reference device + client, CLI, checkpoints.
#   build/tests/test_proto       CRC-16, frame encoder, decoder on damaged / garbage streams
#   build/tests/test_refdev      refdev error codes + counters, 10,000 damaged frames, pipelined client
#   tests/test_cli.sh            usage errors (exit 2), --help, short runs with --json (ref, float)
#   tests/test_checkpoint.sh     save / load / resume bit-identical, corrupt files refused

TEST_DEPS += $(BUILD)/tests/test_proto $(BUILD)/tests/test_refdev $(BUILD)/plasticore data
TEST_CMDS += $(BUILD)/tests/test_proto $(BUILD)/tests/test_refdev \
             "tests/test_cli.sh $(BUILD)" "tests/test_checkpoint.sh $(BUILD)"
