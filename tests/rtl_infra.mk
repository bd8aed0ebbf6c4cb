# tests/rtl_infra.mk — unit tests of the protocol / UART / memory infrastructure in rtl/
# (Icarus Verilog testbenches tests/tb_*.v; each prints PASS/FAIL lines), the board top with the
# protocol-echo stand-in core (tests/echo/plasticore.v), and, once rtl/plasticore.v exists,
# the sim transport end to end (tests/test_transport_sim.c).
# tests/test_fpga.sh (synth + pnr of the real core) runs from tests/board.mk.

RTL_TB_DIR := $(BUILD)/rtl_tests
RTL_TB_FLAGS := -g2012 -Wall -Wno-timescale

# rtl_tb NAME, TESTBENCH, SOURCES, EXTRA-FLAGS: build NAME.vvp (an executable vvp script)
define rtl_tb
$(RTL_TB_DIR)/$(1).vvp: $(2) $(3) tests/rtl_infra.mk
	@mkdir -p $$(@D)
	$(IVERILOG) $(RTL_TB_FLAGS) $(4) -o $$@ $(2) $(3)
TEST_CMDS += $(RTL_TB_DIR)/$(1).vvp
TEST_DEPS += $(RTL_TB_DIR)/$(1).vvp
endef

$(eval $(call rtl_tb,tb_crc16,tests/tb_crc16.v,rtl/crc16.v,))
$(eval $(call rtl_tb,tb_sync_fifo16,tests/tb_sync_fifo.v,rtl/sync_fifo.v,-Ptb_sync_fifo.DEPTH=16))
$(eval $(call rtl_tb,tb_sync_fifo2k,tests/tb_sync_fifo.v,rtl/sync_fifo.v,-Ptb_sync_fifo.DEPTH=2048))
$(eval $(call rtl_tb,tb_uart8,tests/tb_uart.v,rtl/uart_rx.v rtl/uart_tx.v,-Ptb_uart.CPB=8))
$(eval $(call rtl_tb,tb_uart16,tests/tb_uart.v,rtl/uart_rx.v rtl/uart_tx.v,-Ptb_uart.CPB=16))
$(eval $(call rtl_tb,tb_frame_rx,tests/tb_frame_rx.v,rtl/frame_rx.v rtl/dsp_down32.v rtl/crc16.v,))
$(eval $(call rtl_tb,tb_frame_tx,tests/tb_frame_tx.v,rtl/frame_tx.v rtl/crc16.v,))
$(eval $(call rtl_tb,tb_spram,tests/tb_spram.v,rtl/spram_bank.v rtl/spram16k.v,))
$(eval $(call rtl_tb,tb_regs_reset,tests/tb_regs_reset.v,rtl/pc_counters.v rtl/pc_acc.v rtl/pc_add48.v rtl/pc_ram.v rtl/pc_regs.v rtl/pc_ldcnt.v,))
$(eval $(call rtl_tb,tb_top,tests/tb_top.v,tests/echo/plasticore.v rtl/top_icebreaker.v rtl/uart_rx.v rtl/uart_tx.v rtl/sync_fifo.v rtl/frame_rx.v rtl/dsp_down32.v rtl/frame_tx.v rtl/crc16.v,))

ifneq ($(SIM_HAVE),)
TEST_CMDS += $(BUILD)/tests/test_transport_sim
TEST_DEPS += $(BUILD)/tests/test_transport_sim
endif
