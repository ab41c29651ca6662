package overoffload_test

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/analyzers/overoffload"
	"github.com/threadvet/threadvet/internal/atest"
)

// testdata is the module's top-level testdata directory, which holds
// the stubs of errgroup, conc and the runtime packages. atest
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
	atest.Run(t, testdata(t), newAnalyzer(), "overoffload/trivial")
}

func TestSpawnWait(t *testing.T) {
	t.Parallel()
	atest.RunWithSuggestedFixes(t, testdata(t), newAnalyzer(), "overoffload/spawnwait")
}

// TestFixesDeleteImports applies the fixes' edits as they are, the way
// golangci-lint --fix does (analysistest would also drop unused imports
// and hide a fix that forgets to), and compares with the golden file.
func TestFixesDeleteImports(t *testing.T) {
	t.Parallel()
	dir := testdata(t)
	results := atest.Run(t, dir, newAnalyzer(), "overoffload/spawnwait", "overoffload/pool")
	edits := make(map[string][]analysis.TextEdit)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				for _, e := range f.TextEdits {
					name := r.Pass.Fset.File(e.Pos).Name()
					if !slices.ContainsFunc(edits[name], func(x analysis.TextEdit) bool {
						return x.Pos == e.Pos && x.End == e.End && bytes.Equal(x.NewText, e.NewText)
					}) {
						edits[name] = append(edits[name], e)
					}
				}
			}
		}
		for _, name := range []string{"imports.go"} {
			path := filepath.Join(dir, "src", r.Pass.Pkg.Path(), name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fset := r.Pass.Fset
			var tfBase int
			for _, f := range r.Pass.Files {
				if tf := fset.File(f.Pos()); tf.Name() == path {
					tfBase = tf.Base()
				}
			}
			if tfBase == 0 {
				t.Fatalf("%s not analyzed", path)
			}
			es := slices.Clone(edits[path])
			if len(es) == 0 {
				t.Fatalf("%s: no fixes", path)
			}
			slices.SortFunc(es, func(a, b analysis.TextEdit) int { return int(b.Pos) - int(a.Pos) })
			out := slices.Clone(src)
			for _, e := range es {
				start, end := int(e.Pos)-tfBase, int(e.End)-tfBase
				out = slices.Concat(out[:start], e.NewText, out[end:])
			}
			got, err := format.Source(out)
			if err != nil {
				t.Fatalf("%s: fixed source does not parse: %v\n%s", path, err, out)
			}
			golden, err := os.ReadFile(path + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			want, err := format.Source(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: fixes applied as they are give\n%s\nwant\n%s", path, got, want)
			}
		}
	}
}

func TestFixesCompile(t *testing.T) {
	t.Parallel()
	fixtest.GoldenCompiles(t, testdata(t), "overoffload/spawnwait", "overoffload/pool")
}

func TestPool(t *testing.T) {
	t.Parallel()
	atest.RunWithSuggestedFixes(t, testdata(t), newAnalyzer(), "overoffload/pool")
}

func TestLoop(t *testing.T) {
	t.Parallel()
	atest.Run(t, testdata(t), newAnalyzer(), "overoffload/loop")
}

func TestSends(t *testing.T) {
	t.Parallel()
	atest.Run(t, testdata(t), newAnalyzer(), "overoffload/sends")
}

func TestJoin(t *testing.T) {
	t.Parallel()
	atest.Run(t, testdata(t), newAnalyzer(), "overoffload/joined")
}

func TestSuppress(t *testing.T) {
	t.Parallel()
	atest.Run(t, testdata(t), newAnalyzer(), "overoffload/suppress")
}

// TestDoc checks the embedded doc.go yields the documented summary.
func TestDoc(t *testing.T) {
	t.Parallel()
	a := overoffload.Analyzer
	if a.Name != "overoffload" {
		t.Errorf("Name = %q", a.Name)
	}
	summary, _, _ := strings.Cut(a.Doc, "\n")
	// Doc starts with the summary; drivers print the name before it.
	if strings.HasPrefix(summary, "overoffload") || len(summary) > 60 || strings.HasSuffix(summary, ".") {
		t.Errorf("summary %q: want a lowercase phrase ≤ 60 chars, without the name", summary)
	}
}
