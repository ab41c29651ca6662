module github.com/threadvet/threadvet

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	github.com/prometheus/client_golang v1.25.0
	github.com/sourcegraph/conc v0.3.0
	github.com/threadvet/threadvet/runtime v0.0.0
	github.com/threadvet/threadvet/runtime/blockcheck v0.0.0
	github.com/threadvet/threadvet/runtime/pipeline v0.0.0
	go.uber.org/goleak v1.3.0
	golang.org/x/mod v0.42.0
	golang.org/x/sync v0.25.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822 // indirect
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/prometheus/common v0.72.0 // indirect
	github.com/prometheus/procfs v0.22.0 // indirect
	go.uber.org/atomic v1.7.0 // indirect
	go.uber.org/multierr v1.9.0 // indirect
	golang.org/x/exp v0.0.0-20260410095643-746e56fc9e2f // indirect
	golang.org/x/sys v0.49.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

// The runtime library (offload, join, the Ollama client) is a module of
// its own, so that a service that imports it requires nothing else; the
// pipeline (Prometheus) and blockcheck (x/exp/trace, Prometheus) are
// others. Until they are published, this module builds them from this
// checkout.
replace (
	github.com/threadvet/threadvet/runtime => ./runtime
	github.com/threadvet/threadvet/runtime/blockcheck => ./runtime/blockcheck
	github.com/threadvet/threadvet/runtime/pipeline => ./runtime/pipeline
)
