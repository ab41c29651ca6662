#!/usr/bin/env bash
# Builds bin/custom-gcl: golangci-lint v2.15.0 with the threadvet module
# plugin compiled in. It is what `golangci-lint custom` would build from
# .custom-gcl.yml, built with plain `go build` (no git needed, and the
# module and build caches are reused between runs).
#
# Usage: scripts/build-golangci.sh [output]   (default: bin/custom-gcl)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bin/custom-gcl}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
mkdir -p "$(dirname "$out")"

cd "$root/build/golangci"
# -mod=readonly: go.mod and go.sum of the build module are committed and
# complete, so the build needs nothing but the module proxy (or a warm
# module cache). If threadvet's own requirements have moved on since they
# were last updated, fall back to -mod=mod and say which files to commit.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false" go build -trimpath -o "$out" . 2>"$log"; then
	if grep -qE 'missing go.sum entry|updates to go.mod needed|go: inconsistent vendoring' "$log"; then
		cat "$log" >&2
		echo "build-golangci: build/golangci/go.mod or go.sum is stale; building with -mod=mod." >&2
		echo "build-golangci: run 'cd build/golangci && go mod tidy' and commit go.mod and go.sum." >&2
		GOFLAGS="${GOFLAGS:-} -mod=mod -buildvcs=false" go build -trimpath -o "$out" .
	else
		cat "$log" >&2
		exit 1
	fi
fi
echo "built $out: $("$out" version 2>&1)"
