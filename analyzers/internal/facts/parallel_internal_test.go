package facts

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

type discard struct{}

func (discard) Errorf(string, ...any) {}

// Summarizing a package's bodies in parallel (summarizeBodies) gives
// the facts a sequential run gives. Under -race, this also checks that
// what the bodies share is safe for concurrent use.
func TestParallelSummariesMatch(t *testing.T) {
	dir := fixtest.TestData(t)
	pkgs := []string{
		"handlerblock/nethttp", "handlerblock/chains", "handlerblock/once", "handlerblock/cachefill",
		"handlerblock/waited", "handlerblock/gormparams", "handlerblock/popcalls", "handlerblock/detached",
		"handlerblock/optguard", "handlerblock/iface/api", "handlerblock/callbacks", "handlerblock/localiface",
	}
	run := func(min int) map[string]string {
		defer func(old int) { minBodiesPerWorker = old }(minBodiesPerWorker)
		minBodiesPerWorker = min
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // two workers or more, on any machine
		out := make(map[string]string)
		for _, r := range atest.Run(discard{}, dir, New(new(Config)), pkgs...) {
			for obj, fs := range r.Facts {
				name := r.Pass.Pkg.Path()
				if obj != nil {
					name += "." + obj.Name() + fmt.Sprint(r.Pass.Fset.Position(obj.Pos()).Line)
				}
				for _, f := range fs {
					out[name] += fmt.Sprint(f) + "\n"
				}
			}
		}
		return out
	}
	seq, par := run(1<<30), run(1)
	if len(seq) == 0 {
		t.Fatal("no facts: the packages were not analyzed")
	}
	for _, k := range slices.Sorted(maps.Keys(seq)) {
		if seq[k] != par[k] {
			t.Errorf("%s: sequential\n%s\nparallel\n%s", k, seq[k], par[k])
		}
	}
	if len(par) != len(seq) {
		t.Errorf("%d objects with facts in parallel, %d in sequence", len(par), len(seq))
	}
}
