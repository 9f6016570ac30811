# Tamyr: the only entry points. `make demo` and `make test` install what is
# missing on a fresh Debian machine (libzmq, pkg-config, prometheus, pyzmq, pytest).

SWIFT       ?= swift
PYTHON      ?= python3
BUILD_FLAGS ?=
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN_DIR      = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)

.PHONY: all deps build release test check-unit install uninstall demo measure-engine bench bench-quick bench-soak bench-micro overload \
	fuzz fuzz-build fuzz-short fuzz-corpus asan tsan clean

all: build

# System and Python packages the build and the tests need.
deps:
	@if ! pkg-config --exists libzmq 2>/dev/null; then \
		echo "installing libzmq3-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libzmq3-dev pkg-config >/dev/null; \
	fi
	@if ! command -v prometheus >/dev/null 2>&1; then \
		echo "installing prometheus (the metrics test scrapes tamyrd with a real server)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends prometheus >/dev/null; \
	fi
	@if ! $(PYTHON) -c 'import zmq, pytest' 2>/dev/null; then \
		echo "installing pyzmq and pytest"; \
		$(PYTHON) -m pip install --quiet pyzmq pytest 2>/dev/null \
		|| $(PYTHON) -m pip install --quiet --break-system-packages pyzmq pytest; \
	fi
	@if ! command -v systemd-analyze >/dev/null 2>&1; then \
		echo "installing systemd (systemd-analyze checks the unit)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq systemd >/dev/null; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release

# The whole suite: the systemd unit's checks, Swift unit and integration tests (the fuzzer's
# corpus replayed among them), the pyzmq interop tests (install and uninstall into a temporary
# DESTDIR among them), then FUZZ_SHORT_SECONDS of fuzzing (CI's short version of `make fuzz`;
# the fuzzer's first build takes about 1.5 minutes on 2 cores, later ones seconds).
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	scripts/check-unit.sh $(BIN_DIR)
	TAMYR_BIN_DIR=$(BIN_DIR) $(SWIFT) test $(BUILD_FLAGS) --skip-build
	TAMYR_BIN_DIR=$(BIN_DIR) $(PYTHON) -m pytest -q Tests/interop
	$(MAKE) --no-print-directory fuzz-short

# systemd-analyze verify is clean and systemd-analyze security rates the unit 2.0 or lower.
check-unit: build
	scripts/check-unit.sh $(BIN_DIR)

# Installs tamyrd and tamyr in PREFIX/bin, README.md and docs/operations.md in
# PREFIX/share/doc/tamyr, the unit in UNITDIR, the configuration in
# SYSCONFDIR/tamyr/tamyrd.yaml, never over an existing one (the shipped one goes next to it
# as tamyrd.yaml.new), all under DESTDIR when set; then systemctl daemon-reload if systemd
# runs. Builds release first, unless INSTALL_FROM names a directory of built binaries.
# uninstall removes the binaries, the docs and the unit, and keeps SYSCONFDIR/tamyr and /var/lib/tamyr.
PREFIX       ?= /usr/local
SYSCONFDIR   ?= /etc
UNITDIR      ?= /etc/systemd/system
DESTDIR      ?=
INSTALL_FROM ?=
INSTALL_ENV   = DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SYSCONFDIR="$(SYSCONFDIR)" UNITDIR="$(UNITDIR)"
install:
	@from="$(INSTALL_FROM)"; \
	if [ -z "$$from" ]; then \
		$(SWIFT) build -c release >&2 && from="$$($(SWIFT) build -c release --show-bin-path)" || exit 1; \
	fi; \
	$(INSTALL_ENV) scripts/install.sh install "$$from"

uninstall:
	@$(INSTALL_ENV) scripts/install.sh uninstall

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

# The decoder fuzzer (Fuzz/, a package of its own; docs/testing.md): libFuzzer with
# AddressSanitizer over the decoder, accounting and window engine, from the seeds in
# Fuzz/corpus with the dictionary Fuzz/json.dict, for FUZZ_SECONDS (default 10 minutes).
# Fails on any crash, broken invariant, leak or sanitizer report; prints the executions count.
# FUZZ_FLAGS: more libFuzzer flags, e.g. FUZZ_FLAGS=-jobs=2
FUZZ_SECONDS       ?= 600
FUZZ_SHORT_SECONDS ?= 45
FUZZ_FLAGS         ?=
FUZZER              = .build-fuzz/release/tamyr-fuzz
fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZER) $(FUZZ_SECONDS) $(FUZZ_FLAGS)

fuzz-short: fuzz-build
	scripts/fuzz.sh $(FUZZER) $(FUZZ_SHORT_SECONDS) $(FUZZ_FLAGS)

# -sanitize=fuzzer instruments every module of the fuzzer's package for coverage and links
# libFuzzer; its own scratch path, so it never clobbers the normal or sanitizer builds.
fuzz-build:
	$(SWIFT) build -c release --package-path Fuzz --product tamyr-fuzz --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address

# Rewrites the seeds in Fuzz/corpus from the synthetic stream and Fuzz/Sources/TamyrFuzzCorpus
# (found inputs committed there by hand, named regression-*, are kept).
fuzz-corpus:
	$(SWIFT) build --package-path Fuzz --product tamyr-fuzz-corpus --scratch-path .build-fuzz-corpus
	.build-fuzz-corpus/debug/tamyr-fuzz-corpus Fuzz/corpus

# The whole suite under AddressSanitizer (tamyrd and tamyr too, for the integration and
# interop tests), in its own scratch path. Every sanitized process writes its reports to
# .build-asan/reports (the tests capture tamyrd's stderr), and any report fails the target.
# TAMYR_TIMEOUT_SCALE stretches the tests' deadlines, never their bounds on results, and
# Tests/sanitizers/lsan.supp holds one narrow suppression, explained there (docs/testing.md).
SANITIZER_TIMEOUT_SCALE ?= 4
ASAN_ENV = TAMYR_BIN_DIR=$(CURDIR)/.build-asan/debug TAMYR_TIMEOUT_SCALE=$(SANITIZER_TIMEOUT_SCALE) TAMYR_SANITIZER=address \
	ASAN_OPTIONS=log_path=$(CURDIR)/.build-asan/reports/asan \
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/sanitizers/lsan.supp:print_suppressions=0
asan: deps
	$(call sanitized-suite,address,.build-asan,$(ASAN_ENV))

# The same under ThreadSanitizer: the lock-free pipeline (SPSC rings between tamyrd's two
# threads) runs under load in the integration and interop tests.
TSAN_ENV = TAMYR_BIN_DIR=$(CURDIR)/.build-tsan/debug TAMYR_TIMEOUT_SCALE=$(SANITIZER_TIMEOUT_SCALE) TAMYR_SANITIZER=thread \
	TSAN_OPTIONS=log_path=$(CURDIR)/.build-tsan/reports/tsan
tsan: deps
	$(call sanitized-suite,thread,.build-tsan,$(TSAN_ENV))

# $(call sanitized-suite,SANITIZER,SCRATCH,ENVIRONMENT): build everything with the sanitizer in
# its own scratch path, run the Swift suite and the interop tests, fail on any report left.
define sanitized-suite
	$(SWIFT) build --build-tests --sanitize=$(1) --scratch-path $(2)
	rm -rf $(2)/reports && mkdir -p $(2)/reports
	$(3) $(SWIFT) test --skip-build --sanitize=$(1) --scratch-path $(2)
	$(3) $(PYTHON) -m pytest -q Tests/interop
	scripts/sanitizer-reports.sh $(2)/reports
endef

# A minute of overload (Tests/overload/overload.py): PUSH and PUB producers offer more
# than tamyrd absorbs; checks flat memory, no crash, every event accounted for
# (PUSH: none lost; PUB: drops visible as seq gaps). make test runs 8 s of it.
OVERLOAD_SECONDS ?= 60
overload: deps
	$(SWIFT) build -c release
	$(PYTHON) Tests/overload/overload.py --bin-dir "$$($(SWIFT) build -c release --show-bin-path)" --seconds $(OVERLOAD_SECONDS)

clean:
	rm -rf .build .build-measure .build-bench .build-fuzz .build-fuzz-corpus .build-asan .build-tsan Benchmarks/Micro/.build
