#!/usr/bin/env bash
# Fails, printing them, when a sanitizer left reports in DIR. `make asan` and `make tsan` point
# every sanitized process there (log_path): the test runner and each tamyrd and tamyr the tests
# start, whose stderr the tests capture and would otherwise hide. One file per reporting process.
set -euo pipefail
dir=$1
if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    cat "$dir"/*
    echo "sanitizer reports in $dir" >&2
    exit 1
fi
echo "no sanitizer report in $dir"
