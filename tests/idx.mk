# tests/idx.mk — the IDX reader (host/idx.c) and the MNIST data step (host/data.mk).
#   build/tests/test_idx     malformed / valid IDX files written to a temp dir, plain and gzip
#   tests/test_data.sh       data/mnist matches data/mnist.sha256 and loads as 8000 / 2000 samples

TEST_DEPS += $(BUILD)/tests/test_idx data
TEST_CMDS += $(BUILD)/tests/test_idx tests/test_data.sh
