#!/usr/bin/env bash
# Runs the decoder fuzzer (built by `make fuzz-build`) for SECONDS seconds and fails on
# any crash, broken invariant, leak, timeout or sanitizer report. Usage:
#     scripts/fuzz.sh FUZZER SECONDS [libFuzzer flags...]
# New inputs go to .build-fuzz/corpus (kept between runs, never committed); the committed
# seeds in Fuzz/corpus are read, never written. A failing input is saved under
# .build-fuzz/artifacts/RUN/; replay it with `FUZZER FILE`, fix the bug, and commit the input to
# Fuzz/corpus so that `make test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzzer=$1
seconds=$2
shift 2
work=.build-fuzz
artifacts="$work/artifacts/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work/corpus" "$artifacts"
log="$work/fuzz.log"

# libFuzzer, not the Swift runtime, must handle a trap: it prints the stack and saves the input
# (the runtime's backtracer would symbolicate for minutes first).
export SWIFT_BACKTRACE=enable=no
# Leaks are reported (and fail the run) at exit and whenever an input's mallocs and frees differ.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

status=0
# -max_len: a few dozen events per input, which is where the decoder's and the engine's states
#   are; longer inputs only slow every execution down.
# -timeout: one input taking 10 s is a hang (a typical one takes milliseconds).
"$fuzzer" \
    -max_total_time="$seconds" \
    -dict=Fuzz/json.dict \
    -max_len=4096 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    "$@" \
    "$work/corpus" Fuzz/corpus > "$log" 2>&1 || status=$?

grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
echo "corpus: $(find "$work/corpus" -type f | wc -l) inputs found by fuzzing in $work/corpus, $(find Fuzz/corpus -type f | wc -l) seeds in Fuzz/corpus"
if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Sanitizer:|Fatal error' "$log" \
    || [ -n "$(ls -A "$artifacts")" ]; then
    grep -E -A40 'ERROR: |Fatal error' "$log" | head -80 || true
    echo "fuzz: FAILED (exit $status); inputs in $artifacts/, full log in $log" >&2
    exit 1
fi
rmdir "$artifacts"
echo "fuzz: no crash, leak or sanitizer report in ${seconds} s"
