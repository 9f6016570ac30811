#!/usr/bin/env bash
# make demo: tamyrd with config/demo.yaml (the default with short windows), a synthetic producer and the
# live view. Ctrl-C (or the view exiting) stops all of it and leaves nothing running.
set -euo pipefail
bin="${1:?usage: demo.sh BIN_DIR}"
cd "$(dirname "$0")/.."
log="$(mktemp -t tamyrd-demo.XXXXXX.log)"
pids=()
cleanup() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    echo "demo stopped; tamyrd's log is in $log"
}
trap cleanup INT TERM EXIT

# config/demo.yaml: the default config with 10 s windows, so KPIs appear within seconds.
"$bin/tamyrd" --config config/demo.yaml >"$log" 2>&1 &
pids+=($!)
sleep 0.5
if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "tamyrd did not start:"; cat "$log"; exit 1
fi
"$bin/tamyr" produce --rate 2000 --src demo-producer --invalid-ratio 0.002 2>/dev/null &
pids+=($!)
"$bin/tamyr" watch --window 10s --config config/demo.yaml || true
