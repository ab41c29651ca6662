package joinable_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/analyzers/joinable"
	"github.com/threadvet/threadvet/internal/atest"
)

// The analyzers share the module's top-level testdata (GOPATH layout).
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

// newAnalyzer builds an analyzer with its own facts configuration, so
// the tests run in parallel without sharing state.
func newAnalyzer() *analysis.Analyzer {
	return joinable.New(joinable.Config{Facts: new(facts.Config), Loops: true})
}

// One testdata package per concern. Packages whose findings carry
// fixes have .golden files; the fixed code is type-checked too.
func TestJoinable(t *testing.T) {
	for _, pkg := range []string{
		"basic",
		"dependence",
		"effects",
		"receivers",
		"control",
		"locks",
		"loops",
		"fixes",
		"suppression",
		"handlers",
		"generics",
		"deps/...",
		"cgofile",
		"between",
		"requests",
		"sqlwrite",
		"ifaces",
		"ifinit",
		"args",
		"cached",
		"scope/...",
		"proven",
		"clients",
		"templates",
		"sysinfo",
		"waited",
	} {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			pattern := "joinable/" + pkg
			if hasGolden(t, pkg) {
				atest.RunWithSuggestedFixes(t, testdata, newAnalyzer(), pattern)
				fixtest.GoldenCompiles(t, testdata, pattern)
			} else {
				atest.Run(t, testdata, newAnalyzer(), pattern)
			}
		})
	}
}

func hasGolden(t *testing.T, pkg string) bool {
	dir := filepath.Join(testdata, "src", "joinable", strings.TrimSuffix(pkg, "/..."))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") {
			return true
		}
	}
	return false
}

// The -loops flag turns the loop reports off.
func TestLoopsFlag(t *testing.T) {
	t.Parallel()
	a := newAnalyzer()
	if err := a.Flags.Set("loops", "false"); err != nil {
		t.Fatal(err)
	}
	atest.Run(t, testdata, a, "joinable/loopsoff")
}

func TestAnalyzer(t *testing.T) {
	t.Parallel()
	a := joinable.Analyzer
	if a.Name != "joinable" {
		t.Errorf("Name = %q", a.Name)
	}
	first, _, _ := strings.Cut(a.Doc, "\n")
	// Doc starts with the summary; drivers print the name before it.
	if strings.HasPrefix(first, "joinable") || len(first) > 60 {
		t.Errorf("Doc summary %q: want a phrase of at most 60 chars, without the name", first)
	}
	found := false
	for _, r := range a.Requires {
		if r == facts.Analyzer {
			found = true
		}
	}
	if !found {
		t.Error("the default Analyzer must require facts.Analyzer")
	}
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Error(err)
	}
}
