#!/usr/bin/env bash
# Interleaved rounds of the analysis-cost benchmark (internal/analysisbench)
# for two checkouts of threadvet, so their ratios to the same baselines
# come from the same stretch of machine time:
#
#   BEFORE=/path/to/old/checkout AFTER=/path/to/new/checkout \
#   TARGET=/path/to/module [PATTERN=./...] [ROUNDS=8] \
#   [BEFORE_DRIVERS='inspectonly-notest|threadvet'] \
#   [AFTER_DRIVERS='inspectonly-notest|factfloor|threadvet'] \
#     scripts/analysis-cost-rounds.sh OUTDIR
#   benchstat -col /driver OUTDIR/before.txt; benchstat -col /driver OUTDIR/after.txt
#
# Each round runs the old checkout's drivers (by default threadvet and
# inspect-only), then the new checkout's (by default threadvet,
# inspect-only and the fact floor); the driver names are those of
# BenchmarkDriver.
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
: "${BEFORE:?set BEFORE to the old checkout}" "${AFTER:?set AFTER to the new checkout}" "${TARGET:?set TARGET to the module to analyze}"
mkdir -p "$out"
uptime > "$out/uptime-start.txt"
for i in $(seq 1 "${ROUNDS:-8}"); do
	(cd "$BEFORE" && THREADVET_BENCH_DIR="$TARGET" THREADVET_BENCH_PATTERN="${PATTERN:-./...}" \
		go test -run '^$' -bench "BenchmarkDriver/driver=(${BEFORE_DRIVERS:-inspectonly-notest|threadvet})\$" -count 1 -timeout 60m ./internal/analysisbench) >> "$out/before.txt"
	(cd "$AFTER" && THREADVET_BENCH_DIR="$TARGET" THREADVET_BENCH_PATTERN="${PATTERN:-./...}" \
		go test -run '^$' -bench "BenchmarkDriver/driver=(${AFTER_DRIVERS:-inspectonly-notest|factfloor|threadvet})\$" -count 1 -timeout 60m ./internal/analysisbench) >> "$out/after.txt"
	uptime >> "$out/uptime-rounds.txt"
done
uptime > "$out/uptime-end.txt"
