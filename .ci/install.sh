#!/usr/bin/env bash
# The install routes of docs/install.md, as a new user takes them, run
# by .ci/run:
#   1. clone the repository, `go install ./cmd/threadvet`, run the
#      installed binary on the demo service (findings, exit code 3);
#   2. a scratch service outside the repository, with no requirements:
#      threadvet -fix rewrites it to call offload.Do and join.Two, then
#      the runtime module is added with the documented `replace` recipe
#      and the service builds and vets with that module alone (GOPROXY
#      off: nothing else is downloaded) and a go line of 1.25.
# Needs only git and go. Exits non-zero on the first failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== install from source: git clone, go install ./cmd/threadvet"
git clone --quiet "$root" "$work/threadvet"
(cd "$work/threadvet" && GOBIN="$work/bin" go install ./cmd/threadvet)
[ -x "$work/bin/threadvet" ] || fail "go install did not produce threadvet"
echo "PASS: installed $work/bin/threadvet"

set +e
(cd "$work/threadvet/testdata/demo" && "$work/bin/threadvet" ./...) >"$work/demo.log" 2>&1
code=$?
set -e
[ "$code" -eq 3 ] || { cat "$work/demo.log" >&2; fail "threadvet on the demo: exit $code, want 3 (findings)"; }
grep -q 'main.go:47:15: \[handlerblock\] os.ReadFile blocks an OS thread' "$work/demo.log" ||
	{ cat "$work/demo.log" >&2; fail "threadvet on the demo: no os.ReadFile finding"; }
echo "PASS: the installed threadvet reports the demo's findings (exit 3)"

echo "== a scratch service takes the fixes and adds only the runtime module (replace)"
svc="$work/svc"
# cmd/threadvet's fixture of the same case: a module requiring nothing,
# with a handler reading a file and one making two independent calls.
cp -R "$work/threadvet/cmd/threadvet/testdata/needsruntime" "$svc"
(cd "$svc" && go build ./...) || fail "the scratch service does not build before the fixes"

set +e
(cd "$svc" && "$work/bin/threadvet" -fix ./...) >"$work/fix.log" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/fix.log" >&2; fail "threadvet -fix: exit $code, want 0 (every finding fixed)"; }
grep -q 'offload.Do(r.Context()' "$svc/main.go" || { cat "$svc/main.go" >&2; fail "no offload.Do fix applied"; }
grep -q 'join.Two(ctx' "$svc/main.go" || { cat "$svc/main.go" >&2; fail "no join.Two fix applied"; }
echo "PASS: threadvet -fix rewrote the service to use offload.Do and join.Two"
# The service does not require the runtime module the fixes import:
# threadvet says so once, with the commands of docs/install.md.
edit="go mod edit -require=github.com/threadvet/threadvet/runtime@v0.0.0 -replace=github.com/threadvet/threadvet/runtime=$work/threadvet/runtime"
[ "$(grep -c '^threadvet: the fixes import' "$work/fix.log")" -eq 1 ] && grep -qxF "	$edit" "$work/fix.log" ||
	{ cat "$work/fix.log" >&2; fail "threadvet -fix did not say once how to add the runtime module"; }
echo "PASS: threadvet -fix said once how to add the runtime module"

# The recipe of docs/install.md, with the clone as the runtime's home.
(cd "$svc" &&
	go mod edit -require=github.com/threadvet/threadvet/runtime@v0.0.0 \
		-replace=github.com/threadvet/threadvet/runtime="$work/threadvet/runtime" &&
	GOPROXY=off GOFLAGS=-mod=mod go mod tidy &&
	GOPROXY=off go build ./... &&
	GOPROXY=off go vet ./...) || { cat "$svc/main.go" "$svc/go.mod" >&2; fail "the fixed service does not build with the runtime module"; }
mods="$(cd "$svc" && GOPROXY=off go list -m all)"
[ "$mods" = "example.com/needsruntime
github.com/threadvet/threadvet/runtime v0.0.0 => $work/threadvet/runtime" ] ||
	fail "the service's module graph is not just the runtime module: $mods"
grep -qx 'go 1.25.0' "$svc/go.mod" || { cat "$svc/go.mod" >&2; fail "adding the runtime module raised the go line"; }
set +e
(cd "$svc" && "$work/bin/threadvet" ./...) >"$work/after.log" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/after.log" >&2; fail "threadvet after the fixes: exit $code, want 0"; }
echo "PASS: the fixed service builds and vets with the runtime module alone (go 1.25.0) and threadvet is clean on it"
