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
# complete; the build never rewrites them.
GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false" go build -trimpath -o "$out" .
echo "built $out: $("$out" version 2>&1)"
