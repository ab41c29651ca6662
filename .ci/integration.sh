#!/usr/bin/env bash
# Integration tests of threadvet's integrations, run by .ci/run:
#   1. the golangci-lint v2 module plugin, in a custom golangci-lint binary
#      built by scripts/build-golangci.sh, on the demo service (findings,
#      settings, disable, misspelt settings);
#   2. the CI gate: threadvet -sarif on the demo (exit code 3, SARIF 2.1.0);
#   3. the pre-commit hook of .pre-commit-hooks.yaml, installed by pre-commit
#      from this repository at HEAD into a scratch repository (fails on a
#      bad file, passes on a clean one).
# Slow on a cold machine (the custom binary compiles golangci-lint); reuses
# the module and build caches. Exits non-zero if any check fails.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=()
failed=()
pass() { passed+=("$1"); echo "PASS: $1"; }
fail() { failed+=("$1"); echo "FAIL: $1" >&2; }

# expect_exit WANT LOG DESCRIPTION -- command...: runs the command with its
# output in LOG and checks its exit code.
expect_exit() {
	local want="$1" log="$2" what="$3"
	shift 4
	"$@" >"$log" 2>&1
	local got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$what: exit $got"
	else
		fail "$what: exit $got, want $want; output:"
		sed 's/^/    /' "$log" | head -40 >&2
	fi
}

# expect_grep LOG TEXT: the log contains TEXT (fixed string).
expect_grep() {
	if grep -qF -- "$2" "$1"; then
		pass "output contains: $2"
	else
		fail "output lacks: $2"
		sed 's/^/    /' "$1" | head -40 >&2
	fi
}

expect_no_grep() {
	if grep -qF -- "$2" "$1"; then
		fail "output unexpectedly contains: $2"
	else
		pass "output does not contain: $2"
	fi
}

echo "== golangci-lint module plugin"
start=$(date +%s)
if scripts/build-golangci.sh "$work/custom-gcl" >"$work/build.log" 2>&1; then
	pass "scripts/build-golangci.sh built the custom golangci-lint in $(($(date +%s) - start))s"
else
	fail "scripts/build-golangci.sh"
	cat "$work/build.log" >&2
fi
gcl="$work/custom-gcl"

demo="$root/testdata/demo"
cat >"$work/golangci.yml" <<'YAML'
version: "2"
linters:
  default: none
  enable: [threadvet]
  settings:
    custom:
      threadvet:
        type: module
        settings:
          blocking: ["example.com/tradingbot/store.Limits=cache the limits at startup"]
          joinable:
            loops: true
issues:
  uniq-by-line: false
  max-issues-per-linter: 0
  max-same-issues: 0
YAML
if [ -x "$gcl" ]; then
	expect_exit 1 "$work/gcl.log" "custom-gcl run on the demo reports issues" -- \
		bash -c "cd '$demo' && '$gcl' run --config '$work/golangci.yml' ./..."
	expect_grep "$work/gcl.log" "main.go:47:15: handlerblock: os.ReadFile blocks an OS thread and ignores the request context"
	expect_grep "$work/gcl.log" "handlerblock: store.LoadConfig → store.readConfigFile → os.ReadFile: os.ReadFile blocks an OS thread"
	expect_grep "$work/gcl.log" "handlerblock: time.Sleep holds the request open and ignores its cancellation"
	expect_grep "$work/gcl.log" "handlerblock: os/exec.Command starts a process that keeps running after the request is cancelled"
	expect_grep "$work/gcl.log" "store.Limits is configured as blocking"
	expect_grep "$work/gcl.log" "joinable: "
	expect_grep "$work/gcl.log" "(threadvet)"

	sed 's/joinable:$/disable: [joinable, overoffload]\n          handlerblock:\n            blocking: []/; /loops: true/d' \
		"$work/golangci.yml" >"$work/disable.yml"
	expect_exit 1 "$work/disable.log" "settings disable: [joinable, overoffload]" -- \
		bash -c "cd '$demo' && '$gcl' run --config '$work/disable.yml' ./..."
	expect_grep "$work/disable.log" "handlerblock: os.ReadFile blocks an OS thread"
	expect_no_grep "$work/disable.log" "joinable: "
	expect_no_grep "$work/disable.log" "overoffload: "

	sed 's/blocking:/blockng:/' "$work/golangci.yml" >"$work/misspelt.yml"
	expect_exit 3 "$work/misspelt.log" "misspelt setting blockng fails" -- \
		bash -c "cd '$demo' && '$gcl' run --config '$work/misspelt.yml' ./..."
	expect_grep "$work/misspelt.log" 'threadvet: unknown setting "blockng" (known settings: blocking, disable, enable, handlerblock, joinable, overoffload)'

	sed 's/loops: true/loop: true/' "$work/golangci.yml" >"$work/misspelt2.yml"
	expect_exit 3 "$work/misspelt2.log" "misspelt analyzer setting joinable.loop fails" -- \
		bash -c "cd '$demo' && '$gcl' run --config '$work/misspelt2.yml' ./..."
	expect_grep "$work/misspelt2.log" 'threadvet: unknown setting "joinable.loop" (joinable flags: loops)'
fi

echo "== CI gate: threadvet -sarif"
if go build -o "$work/threadvet" ./cmd/threadvet; then
	pass "go build ./cmd/threadvet"
	expect_exit 3 "$work/sarif.stderr" "threadvet -sarif on the demo exits 3 (findings)" -- \
		bash -c "cd '$demo' && '$work/threadvet' -sarif ./... >'$work/demo.sarif'"
	if python3 - "$work/demo.sarif" <<'PY'; then
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"], "version/schema"
run = log["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert rules == ["handlerblock", "joinable", "overoffload"], rules
ids = {r["ruleId"] for r in run["results"]}
assert {"handlerblock", "joinable", "overoffload"} <= ids, ids
for r in run["results"]:
    loc = r["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("/") and not uri.startswith("file:"), uri
    assert loc["region"]["startLine"] > 0
assert run["invocations"][0]["exitCode"] == 3
print("SARIF: %d results, rules %s" % (len(run["results"]), rules))
PY
		pass "SARIF log of the demo is valid 2.1.0 with relative locations"
	else
		fail "SARIF log of the demo"
	fi
else
	fail "go build ./cmd/threadvet"
fi

echo "== pre-commit hook"
if ! command -v pre-commit >/dev/null; then
	echo "installing Debian's pre-commit"
	{ apt-get update && apt-get install -y pre-commit; } >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; }
fi
if command -v pre-commit >/dev/null; then
	rev="$(git rev-parse HEAD)"
	scratch="$work/scratch"
	mkdir -p "$scratch"
	git -C "$scratch" init -q
	printf 'module example.com/scratch\n\ngo 1.26\n' >"$scratch/go.mod"
	cat >"$scratch/main.go" <<'GO'
// Command scratch has a handler that sleeps.
package main

import (
	"net/http"
	"time"
)

func slow(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second)
}

func main() {
	http.HandleFunc("/slow", slow)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
GO
	cat >"$scratch/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: threadvet
YAML
	git -C "$scratch" add -A
	# pre-commit builds the hook with GOPATH set to its own environment;
	# GOMODCACHE keeps the shared module cache, so no module is fetched
	# twice and the build works wherever the main module builds.
	export PRE_COMMIT_HOME="$work/pre-commit-home"
	export GOMODCACHE="$(go env GOMODCACHE)"
	expect_exit 1 "$work/hook-bad.log" "pre-commit hook (threadvet at $rev) fails on a handler that sleeps" -- \
		bash -c "cd '$scratch' && pre-commit run --all-files"
	expect_grep "$work/hook-bad.log" "time.Sleep holds the request open and ignores its cancellation"
	expect_grep "$work/hook-bad.log" "threadvet................................................................Failed"

	sed -i 's/time.Sleep(time.Second)/_ = time.Second/' "$scratch/main.go"
	git -C "$scratch" add -A
	expect_exit 0 "$work/hook-good.log" "pre-commit hook passes on the fixed handler" -- \
		bash -c "cd '$scratch' && pre-commit run --all-files"
	expect_grep "$work/hook-good.log" "threadvet................................................................Passed"
else
	fail "pre-commit is not installed and could not be installed"
fi

echo
echo "== integration summary: ${#passed[@]} passed, ${#failed[@]} failed"
for f in "${failed[@]}"; do echo "  FAILED: $f"; done
[ "${#failed[@]}" -eq 0 ]
