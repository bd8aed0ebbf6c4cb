# host/host.mk — the host CLI build/plasticore: reference model, protocol client, transports.

HOST_PKGS    := libusb-1.0 libftdi1 zlib
HOST_CFLAGS  := $(CFLAGS_BASE) $(shell $(PKG_CONFIG) --cflags $(HOST_PKGS) 2>/dev/null) -Ihost -Isim $(CFLAGS)
HOST_LIBS    := $(shell $(PKG_CONFIG) --libs $(HOST_PKGS) 2>/dev/null) -lm -lpthread

HOST_MAIN    := host/main.c
HOST_SRCS    := $(filter-out $(HOST_MAIN),$(wildcard host/*.c))
HOST_OBJS    := $(HOST_SRCS:%.c=$(BUILD)/obj/%.o)
HOST_LIB     := $(BUILD)/libplasticore.a

build: $(BUILD)/plasticore

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_LIB): $(HOST_OBJS)
	@rm -f $@
	ar rcs $@ $^

# SIM_LINK (from sim/sim.mk) brings the Verilated core; linked with the C++ driver.
$(BUILD)/plasticore: $(BUILD)/obj/$(HOST_MAIN:.c=.o) $(HOST_LIB) $(SIM_LINK_DEPS)
	$(CXX) -o $@ $(BUILD)/obj/$(HOST_MAIN:.c=.o) $(HOST_LIB) $(SIM_LINK) $(HOST_LIBS) $(LDFLAGS_SAN)

-include $(HOST_OBJS:.o=.d) $(BUILD)/obj/$(HOST_MAIN:.c=.d)
