#!/bin/sh
# Checks systemd/tamyrd.service the way `make test` needs it: `systemd-analyze verify`
# reports nothing and `systemd-analyze security` rates it 2.0 or lower.
#
#   scripts/check-unit.sh BIN_DIR [UNIT]
#
# BIN_DIR holds freshly built tamyrd and tamyr. `verify` checks that every Exec*= binary
# exists and is executable, and this machine (a build or CI container) has no
# /usr/local/bin/tamyrd: so a copy of the unit, with the /usr/local/bin/ of its Exec*=
# lines rewritten to BIN_DIR, is what gets verified. Nothing else is changed, and the
# binaries are the ones `make install` would install (but in debug), so the check stays
# honest: a typo in a directive, a bad value or a missing binary still fails it.
# `security --offline=true` (systemd 250 and later; Debian 12 has 252) reads the unit file
# alone, without a running systemd, so it rates the unit exactly as shipped.
set -eu

bin_dir=${1:?usage: scripts/check-unit.sh BIN_DIR [UNIT]}
unit=${2:-systemd/tamyrd.service}
# systemd-analyze security's --threshold counts tenths: 20 is an exposure of 2.0.
threshold=20

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit: systemd-analyze is missing (make deps installs the systemd package)" >&2
    exit 1
fi
for binary in tamyrd tamyr; do
    [ -x "$bin_dir/$binary" ] || { echo "check-unit: $bin_dir/$binary is missing; build first" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy="$work/$(basename "$unit")"
sed "s#/usr/local/bin/#$(cd "$bin_dir" && pwd)/#g" "$unit" > "$copy"

# verify prints problems and may still exit 0 for some of them: any output is a failure.
if ! out=$(systemd-analyze verify "$copy" 2>&1) || [ -n "$out" ]; then
    echo "check-unit: systemd-analyze verify $unit:" >&2
    echo "$out" >&2
    exit 1
fi

report=$(systemd-analyze security --offline=true --threshold=$threshold "$unit" 2>&1) && rated=0 || rated=$?
score=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ "$rated" -ne 0 ] || [ -z "$score" ]; then
    printf '%s\n' "$report" >&2
    echo "check-unit: $unit exposure ${score:-unknown}, above 2.0" >&2
    exit 1
fi
echo "check-unit: $unit verified; systemd-analyze security exposure $score (at most 2.0)"
