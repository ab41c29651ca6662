module github.com/threadvet/threadvet/runtime/offload/internal/overhead

go 1.26.0

require (
	github.com/sourcegraph/conc v0.3.0
	github.com/threadvet/threadvet/runtime v0.0.0
	golang.org/x/sync v0.25.0
)

require (
	go.uber.org/atomic v1.7.0 // indirect
	go.uber.org/multierr v1.9.0 // indirect
)

// The runtime module beside this one (this benchmark module compares
// offload and join with conc and errgroup, which the runtime module
// itself must not require).
replace github.com/threadvet/threadvet/runtime => ../../..
