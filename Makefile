# The two commands of the README: `make demo` and `make test`.
# Everything else is set up by the go command (modules come from the proxy).

.PHONY: demo test build

build:
	go build -o bin/threadvet ./cmd/threadvet

## demo: lint the bundled demo service, then show the suggested fixes as a diff
demo: build
	@echo "== threadvet ./... in testdata/demo (exit status 3 means findings) =="
	-cd testdata/demo && ../../bin/threadvet ./...
	@echo
	@echo "== the suggested fixes, as a diff (nothing is written) =="
	-cd testdata/demo && ../../bin/threadvet -fix -diff ./...

## test: the project's tests, race detector on, in every module
## (the root module, runtime/ and the nested ones: see scripts/each-module.sh)
test:
	scripts/each-module.sh go test -race ./...
