// Package atest runs an analyzer on testdata packages and checks its
// diagnostics, facts and suggested fixes against the expectations
// written in the testdata: the `// want` comments and the .golden files
// of golang.org/x/tools/go/analysis/analysistest, with the same meaning.
//
// The difference is the cost. analysistest loads every dependency from
// source, so each package under test type-checks the standard library
// again (about a minute and 1.5 GB per test package of threadvet, and
// several times that with -race). threadvet's facts never describe the
// standard library, so atest loads it from export data, which the go
// command compiles once and caches, and type-checks from source only the
// packages of the testdata tree (GOPATH layout: dir/src/...), where the
// facts live. Everything else follows analysistest:
//
//   - a comment `// want "rx" ...` expects, on its line, one diagnostic
//     whose message matches each regular expression (raw strings too);
//     `// want +N "rx"` moves the expectation N lines down;
//   - `// want name:"rx"` expects a fact on the object name declared on
//     the line whose String() matches rx; `package:"rx"` a package fact;
//   - an unexpected diagnostic or fact, and an expectation nothing
//     matched, fail the test;
//   - RunWithSuggestedFixes applies every suggested fix to each file it
//     edits and compares the result, formatted and with the imports no
//     longer used removed, with file.go.golden: either the whole fixed
//     file, or a txtar archive with one section per fix message;
//     overlapping edits fail the test; fixes to generated files are
//     skipped.
//
// Packages are loaded with their tests, so a file of a package with
// tests is analyzed (and checked) once per variant, as in analysistest.
//
// Known differences, none of which the testdata relies on: two `// want`
// comments aimed at one line add up (analysistest keeps the last); an
// import counts as used when its name qualifies a selector anywhere in
// the fixed file, even under a shadowing local; any two different
// overlapping edits conflict (analysistest's three-way merge accepts
// some); and only GOPATH-layout trees (dir/src) are supported.
package atest

import (
	"fmt"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Testing is the part of *testing.T that atest reports to; the harness's
// own tests pass a recorder.
type Testing interface {
	Errorf(format string, args ...any)
}

// Result is the outcome of the analyzer on one root package.
type Result struct {
	Action *checker.Action
	// Pass holds the inputs the analyzer saw (Fset, Files, Pkg,
	// TypesInfo); its methods must not be called.
	Pass        *analysis.Pass
	Diagnostics []analysis.Diagnostic
	// Facts exported for the package's own objects; the nil key holds
	// the package facts.
	Facts  map[types.Object][]analysis.Fact
	Result any
	Err    error
}

// Run loads the packages matching patterns from the GOPATH tree dir
// (packages under dir/src), runs a on them and checks the diagnostics
// and facts against the `// want` comments. Failures are reported to t.
// It returns one Result per root package analyzed.
func Run(t Testing, dir string, a *analysis.Analyzer, patterns ...string) []*Result {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper() // failures show the test's line
	}
	pkgs, err := loadPackages(dir, patterns...)
	if err != nil {
		t.Errorf("loading %s: %v", patterns, err)
		return nil
	}
	if tb, ok := t.(testing.TB); ok && !a.RunDespiteErrors {
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			for _, err := range p.Errors {
				tb.Log(err)
			}
		})
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Errorf("analyzing %s: %v", patterns, err)
		return nil
	}
	var results []*Result
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("error analyzing %s: %v", act, act.Err)
		} else {
			check(t, dir, act)
		}
		facts := make(map[types.Object][]analysis.Fact)
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				facts[f.Object] = append(facts[f.Object], f.Fact)
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				facts[nil] = append(facts[nil], f.Fact)
			}
		}
		p := act.Package
		results = append(results, &Result{
			Action: act,
			Pass: &analysis.Pass{
				Analyzer:   a,
				Fset:       p.Fset,
				Files:      p.Syntax,
				OtherFiles: p.OtherFiles,
				Pkg:        p.Types,
				TypesInfo:  p.TypesInfo,
				TypesSizes: p.TypesSizes,
			},
			Diagnostics: act.Diagnostics,
			Facts:       facts,
			Result:      act.Result,
			Err:         act.Err,
		})
	}
	return results
}

// RunWithSuggestedFixes is Run, then checks that applying the suggested
// fixes to each file they edit yields the file's .golden file.
func RunWithSuggestedFixes(t Testing, dir string, a *analysis.Analyzer, patterns ...string) []*Result {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper() // failures show the test's line
	}
	results := Run(t, dir, a, patterns...)
	for _, r := range results {
		checkFixes(t, r)
	}
	return results
}

// TestData returns the absolute path of the directory testdata in the
// test's working directory (the package directory under go test).
func TestData() string {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		panic(fmt.Sprintf("atest: %v", err))
	}
	return dir
}
