package overoffload_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/overoffload"
)

// testdata is the module's top-level testdata directory, which holds
// the stubs of errgroup, conc and the runtime packages. analysistest
// needs it absolute (it becomes GOPATH).
func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// newAnalyzer builds an analyzer of its own, so tests run in parallel.
func newAnalyzer() *analysis.Analyzer {
	return overoffload.New(overoffload.Config{Facts: new(facts.Config)})
}

func TestTrivial(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), newAnalyzer(), "overoffload/trivial")
}
