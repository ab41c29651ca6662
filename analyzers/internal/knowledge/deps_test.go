package knowledge_test

// The table tests load these modules' packages by path (go/packages),
// which go mod tidy does not see: the blank imports keep them required
// by the module now that the runtime's overhead benchmarks, which
// imported them, are a module of their own.
import (
	_ "github.com/sourcegraph/conc"
	_ "github.com/sourcegraph/conc/pool"
	_ "golang.org/x/sync/errgroup"
)
