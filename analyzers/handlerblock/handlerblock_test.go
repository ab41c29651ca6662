package handlerblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
)

func newAnalyzer() *analysis.Analyzer {
	return handlerblock.New(handlerblock.Config{Facts: new(facts.Config)})
}

func TestNetHTTP(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), "handlerblock/nethttp")
}

func TestChain(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.Run(t, testdata, newAnalyzer(), "handlerblock/chain")
}

func TestFrameworks(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), "handlerblock/frameworks")
}

func TestGRPC(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), "handlerblock/grpcsvc")
}

func TestGenericSiblingRule(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), "handlerblock/siblings")
}

func TestTestFilesAreNotRequestPaths(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.Run(t, testdata, newAnalyzer(), "handlerblock/testfiles")
}

// TestRealCodeRegressions holds the false positives and misses found by
// running handlerblock on public services (see the closing notes).
func TestRealCodeRegressions(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.Run(t, testdata, newAnalyzer(), "handlerblock/regress")
}

func TestSuppress(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	analysistest.Run(t, testdata, newAnalyzer(), "handlerblock/suppress")
}

func TestFixesCompile(t *testing.T) {
	t.Parallel()
	testdata := fixtest.TestData(t)
	fixtest.GoldenCompiles(t, testdata, "handlerblock/nethttp", "handlerblock/frameworks", "handlerblock/grpcsvc", "handlerblock/siblings")
}
