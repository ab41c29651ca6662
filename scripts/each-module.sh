#!/usr/bin/env bash
# Runs a command in every Go module of the repository that is developed
# here: the root module (analyzers, driver, plugin), the runtime module
# (runtime/go.mod: offload, join, the Ollama client; standard library
# only) and the nested modules with more dependencies (runtime/pipeline,
# the overhead benchmarks). `go test ./...` in one module does not
# descend into another, hence this loop. The modules under testdata/
# are analyzed, not tested, and build/golangci only builds a binary.
#
# Usage: scripts/each-module.sh go test -race ./...
# Runs the command in each module even if it fails in one; the exit
# status is non-zero if it failed anywhere.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
status=0
for mod in $(find . -name go.mod -not -path '*/testdata/*' -not -path './build/*' -not -path './.cache/*' | sort); do
	dir="$(dirname "$mod")"
	echo "== ${dir#./}: $*"
	(cd "$dir" && "$@") || status=1
done
exit "$status"
