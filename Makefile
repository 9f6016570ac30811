# Tamyr: the only entry points. `make demo` and `make test` install what is
# missing on a fresh Debian machine (libzmq, pkg-config, pyzmq, pytest).

SWIFT       ?= swift
PYTHON      ?= python3
BUILD_FLAGS ?=
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN_DIR      = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)

.PHONY: all deps build release test demo measure-engine bench bench-quick bench-soak bench-micro overload clean

all: build

# System and Python packages the build and the tests need.
deps:
	@if ! pkg-config --exists libzmq 2>/dev/null; then \
		echo "installing libzmq3-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libzmq3-dev pkg-config >/dev/null; \
	fi
	@if ! $(PYTHON) -c 'import zmq, pytest' 2>/dev/null; then \
		echo "installing pyzmq and pytest"; \
		$(PYTHON) -m pip install --quiet pyzmq pytest 2>/dev/null \
		|| $(PYTHON) -m pip install --quiet --break-system-packages pyzmq pytest; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release

# The whole suite: Swift unit and integration tests, then the pyzmq interop tests.
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	TAMYR_BIN_DIR=$(BIN_DIR) $(SWIFT) test $(BUILD_FLAGS) --skip-build
	TAMYR_BIN_DIR=$(BIN_DIR) $(PYTHON) -m pytest -q Tests/interop

# tamyrd with the default config, a synthetic producer and the live view; Ctrl-C stops all of it.
demo: build
	@scripts/demo.sh $(BIN_DIR)

# ns/event of the decoder and the window engine, and memory per open window (release, one core).
measure-engine: deps
	TAMYR_MEASURE=1 $(SWIFT) build -c release --scratch-path .build-measure --product tamyr-measure-engine
	.build-measure/release/tamyr-measure-engine 1000000 10

# End-to-end throughput (docs/performance.md): the release tamyrd against the raw
# libzmq ceiling, with a C sender and receiver (Benchmarks/load) on one
# pre-generated stream, every case in one run. Prints a table and writes
# .build-bench/bench-results.json. A few minutes; bench-quick: about 30 s.
BENCH_FLAGS ?=
bench: deps
	$(SWIFT) build -c release
	$(PYTHON) Benchmarks/bench.py --bin-dir "$$($(SWIFT) build -c release --show-bin-path)" $(BENCH_FLAGS)

bench-quick: deps
	$(SWIFT) build -c release
	$(PYTHON) Benchmarks/bench.py --quick --bin-dir "$$($(SWIFT) build -c release --show-bin-path)" $(BENCH_FLAGS)

# Steady state: 6,000,000 events over 5 minutes of event time, so every window of the
# default config fills and slides; resident memory and close-to-publication delay then.
bench-soak: deps
	$(SWIFT) build -c release
	$(PYTHON) Benchmarks/bench.py --bin-dir "$$($(SWIFT) build -c release --show-bin-path)" \
		--cases tamyrd-1 --events 6000000 --density 20000 --case-timeout 300 $(BENCH_FLAGS)

# Micro-benchmarks (Benchmarks/Micro, ordo-one/benchmark): decoder and window engine
# ns/event, sketch insert and merge, mallocs per operation. A package of its own, so
# `make build` and `make test` never resolve or build it. The plugin builds the benchmarks
# in release (first build about 5 minutes on 2 cores); the run takes about 6 minutes, most
# of it the engine cases' warm-up (5 minutes of event time each).
# BENCH_MICRO_FLAGS, e.g.:  --filter 'Decoder.*'   --skip 'Engine.*'   --no-progress
#   --scale  (per-iteration totals instead of per-event figures: mallocs per 1,000 events)
BENCH_MICRO_FLAGS ?=
bench-micro: deps
	$(SWIFT) package --package-path Benchmarks/Micro benchmark $(BENCH_MICRO_FLAGS)

# A minute of overload (Tests/overload/overload.py): PUSH and PUB producers offer more
# than tamyrd absorbs; checks flat memory, no crash, every event accounted for
# (PUSH: none lost; PUB: drops visible as seq gaps). make test runs 8 s of it.
OVERLOAD_SECONDS ?= 60
overload: deps
	$(SWIFT) build -c release
	$(PYTHON) Tests/overload/overload.py --bin-dir "$$($(SWIFT) build -c release --show-bin-path)" --seconds $(OVERLOAD_SECONDS)

clean:
	rm -rf .build .build-measure .build-bench Benchmarks/Micro/.build
