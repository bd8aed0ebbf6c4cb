# tests/tests.mk — every test is a command that prints PASS/FAIL lines; tests/run.sh counts them.
# Each area adds its own fragment tests/<area>.mk, appending to
#   TEST_CMDS  the commands to run (in order)      TEST_DEPS  what must be built first

TEST_CFLAGS := $(HOST_CFLAGS) -Itests
TEST_CMDS :=
TEST_DEPS :=

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(HOST_LIB) $(SIM_LINK_DEPS)
	@mkdir -p $(@D)
	$(CXX) -o $@ $< $(HOST_LIB) $(SIM_LINK) $(HOST_LIBS) $(LDFLAGS_SAN)

-include $(filter-out tests/tests.mk,$(wildcard tests/*.mk))
-include $(wildcard $(BUILD)/obj/tests/*.d)

test: $(TEST_DEPS)
	tests/run.sh $(TEST_CMDS)
