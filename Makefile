# The two commands of the README: `make demo` and `make test`.
# Everything else is set up by the go command (modules come from the proxy).

SHELL := /bin/bash
.PHONY: demo test build

build:
	go build -o bin/threadvet ./cmd/threadvet

# The demo's file names are printed relative to testdata/demo.
demo_dir := $(CURDIR)/testdata/demo/

## demo: lint the bundled demo service, then show the suggested fixes as a diff
## (README.md shows this output; internal/demotest keeps the two in sync)
demo: build
	@echo "== threadvet ./... in testdata/demo =="
	@cd testdata/demo && ../../bin/threadvet ./... 2>&1 | sed 's|$(demo_dir)||'; \
		echo "exit status $${PIPESTATUS[0]} (3 means findings)"
	@echo
	@echo "== the suggested fixes, as a diff (nothing is written) =="
	@cd testdata/demo && ../../bin/threadvet -fix -diff ./... 2>&1 | sed 's|$(demo_dir)||'

## test: the project's tests, race detector on, in every module
## (the root module, runtime/ and the nested ones: see scripts/each-module.sh)
test:
	scripts/each-module.sh go test -race ./...
