package joinable_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/analyzers/joinable"
)

var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

func newAnalyzer() *joinableAnalyzer {
	return joinable.New(joinable.Config{Facts: new(facts.Config), Loops: true})
}

type joinableAnalyzer = analysis.Analyzer

func TestBasic(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/basic")
}

func TestDependence(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/dependence")
}

func TestEffects(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/effects")
}

func TestReceivers(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/receivers")
}

func TestControl(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/control")
}

func TestLocks(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/locks")
}

func TestLoops(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, newAnalyzer(), "joinable/loops")
}

func TestFixes(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), "joinable/fixes")
	fixtest.GoldenCompiles(t, testdata, "joinable/fixes")
}
