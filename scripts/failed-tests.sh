#!/usr/bin/env bash
# Lists the failed tests of the last `make test` at the end of the output, where a CI log's tail shows them.
set -euo pipefail
dir="${1:-TestResults}"
shopt -s nullglob
files=("$dir"/*.trx)
[ ${#files[@]} -gt 0 ] || { echo "failed-tests: no .trx files in $dir"; exit 0; }
echo "=== failed tests ==="
grep -ho '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "${files[@]}" | sed -E 's/.*testName="([^"]*)".*/  \1/' | sort
