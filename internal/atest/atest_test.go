package atest_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/threadvet/threadvet/internal/atest"
)

// badFact marks a function that reaches os.Exit.
type badFact struct{}

func (*badFact) AFact()         {}
func (*badFact) String() string { return "bad" }

// newAnalyzer returns a small analyzer with facts and fixes: functions
// that call os.Exit, or a function of another package marked so, get a
// fact; each call
// statement of such a function is reported with a fix deleting it (and,
// with alternatives, a second fix commenting it out).
func newAnalyzer(alternatives bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "callbad",
		Doc:       "callbad: reports calls of functions that reach os.Exit",
		FactTypes: []analysis.Fact{new(badFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			bad := func(call *ast.CallExpr) *types.Func {
				fn := typeutil.StaticCallee(pass.TypesInfo, call)
				if fn == nil {
					return nil
				}
				if fn.FullName() == "os.Exit" || pass.ImportObjectFact(fn, new(badFact)) {
					return fn
				}
				return nil
			}
			// marks reports whether a call makes its caller bad: a call
			// of os.Exit or of a bad function of another package (not
			// transitive within a package, so that each testdata line
			// needs few expectations; never in the generated test main).
			marks := func(call *ast.CallExpr) bool {
				fn := bad(call)
				return fn != nil && pass.Pkg.Name() != "main" && (fn.Pkg() != pass.Pkg || fn.FullName() == "os.Exit")
			}
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || fd.Body == nil {
						continue
					}
					obj := pass.TypesInfo.Defs[fd.Name]
					if pass.ImportObjectFact(obj, new(badFact)) {
						continue
					}
					ast.Inspect(fd.Body, func(n ast.Node) bool {
						if call, ok := n.(*ast.CallExpr); ok && marks(call) {
							pass.ExportObjectFact(obj, new(badFact))
						}
						return true
					})
				}
			}
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					stmt, ok := n.(*ast.ExprStmt)
					if !ok {
						return true
					}
					call, ok := stmt.X.(*ast.CallExpr)
					if !ok {
						return true
					}
					fn := bad(call)
					if fn == nil || fn.FullName() == "os.Exit" {
						return true
					}
					fixes := []analysis.SuggestedFix{{
						Message:   "Delete the call",
						TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End()}},
					}}
					if alternatives {
						fixes = append(fixes, analysis.SuggestedFix{
							Message:   "Comment out the call",
							TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte("// ")}},
						})
					}
					pass.Report(analysis.Diagnostic{
						Pos:            call.Pos(),
						Message:        fmt.Sprintf("call of bad function %s", fn.FullName()),
						SuggestedFixes: fixes,
					})
					return true
				})
			}
			return nil, nil
		},
	}
}

// recorder collects the failures atest reports.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// Every expectation met: no failure, in every form of golden file.
func TestPasses(t *testing.T) {
	for _, c := range []struct {
		pkg          string
		fixes        bool
		alternatives bool
	}{
		{"ok", true, false},          // diagnostics, facts, a test file, a plain golden file
		{"dep", false, false},        // facts on the package's own objects
		{"imports", true, false},     // the fix leaves an import unused: removed before comparing
		{"alternatives", true, true}, // two fixes per diagnostic: a txtar golden file
	} {
		t.Run(c.pkg, func(t *testing.T) {
			t.Parallel()
			r := new(recorder)
			run := atest.Run
			if c.fixes {
				run = atest.RunWithSuggestedFixes
			}
			results := run(r, atest.TestData(), newAnalyzer(c.alternatives), c.pkg)
			for _, e := range r.errs {
				t.Error(e)
			}
			if len(results) == 0 {
				t.Fatal("no results")
			}
		})
	}
}

// Each broken expectation fails the test, with a message saying what.
func TestFails(t *testing.T) {
	for _, c := range []struct {
		pkg   string
		fixes bool
		want  []string // each failure contains one of these, in any order
	}{
		{"missing", false, []string{"missing/missing.go:6: no diagnostic was reported matching `call of bad function`"}},
		{"unexpected", false, []string{"unexpected/unexpected.go:6:2: unexpected diagnostic: call of bad function dep.Bad"}},
		{"mismatch", false, []string{
			`mismatch/mismatch.go:6:2: diagnostic "call of bad function dep.Bad" does not match pattern ` + "`call of good function`",
			"mismatch/mismatch.go:6: no diagnostic was reported matching `call of good function`",
		}},
		{"wrongfact", false, []string{
			`wrongfact/wrongfact.go:5:6: fact "bad" does not match pattern ` + "`good`",
			"wrongfact/wrongfact.go:5: no fact was reported matching `good`",
		}},
		{"badwant", false, []string{"badwant/badwant.go:3: in 'want' comment: got Ident after call, want ':'"}},
		{"badgolden", true, []string{`unexpected testdata/src/badgolden/badgolden.go content after the fixes:
first difference at line 7: fixed has "\tdep.Good()", golden has "}"`}},
		{"nosuchpackage", false, []string{"loading [nosuchpackage]"}},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			t.Parallel()
			r := new(recorder)
			run := atest.Run
			if c.fixes {
				run = atest.RunWithSuggestedFixes
			}
			run(r, atest.TestData(), newAnalyzer(false), c.pkg)
			if len(r.errs) != len(c.want) {
				t.Errorf("%d failures, want %d:\n%s", len(r.errs), len(c.want), strings.Join(r.errs, "\n"))
			}
			for _, w := range c.want {
				if !slices.ContainsFunc(r.errs, func(e string) bool { return strings.Contains(e, w) }) {
					t.Errorf("no failure contains %q; failures:\n%s", w, strings.Join(r.errs, "\n"))
				}
			}
		})
	}
}

// A fix edited wrongly fails against a golden file that is right: the
// deletion of the wrong statement is caught.
func TestWrongFixFails(t *testing.T) {
	t.Parallel()
	a := newAnalyzer(false)
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		// Report through a pass whose fixes comment out instead of delete.
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			for i := range d.SuggestedFixes {
				for j := range d.SuggestedFixes[i].TextEdits {
					e := &d.SuggestedFixes[i].TextEdits[j]
					e.End, e.NewText = e.Pos, []byte("// ")
				}
			}
			report(d)
		}
		return run(pass)
	}
	r := new(recorder)
	atest.RunWithSuggestedFixes(r, atest.TestData(), a, "imports")
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "imports.go content after the fixes") {
		t.Errorf("failures %q, want one about imports.go's content", r.errs)
	}
}

// The packages of the testdata tree come from source (so facts cross
// them), the standard library from export data.
func TestLoadsTreeFromSource(t *testing.T) {
	t.Parallel()
	r := new(recorder)
	results := atest.Run(r, atest.TestData(), newAnalyzer(false), "ok")
	if len(r.errs) > 0 {
		t.Fatal(r.errs)
	}
	var ids []string
	for _, res := range results {
		p := res.Action.Package
		ids = append(ids, p.ID)
		if p.ID != "ok" {
			continue
		}
		if dep := p.Imports["dep"]; dep == nil || len(dep.Syntax) == 0 {
			t.Error("dep: not loaded from source")
		}
		if f := p.Imports["fmt"]; f == nil || len(f.Syntax) != 0 || f.Types == nil {
			t.Error("fmt: not loaded from export data")
		}
		if len(res.Facts) != 1 || res.Pass.Pkg != p.Types || len(res.Pass.Files) != 1 {
			t.Errorf("result: %d facts, %d files", len(res.Facts), len(res.Pass.Files))
		}
	}
	slices.Sort(ids)
	// Loaded with tests, as analysistest does: the package, its test
	// variant and the test main.
	if want := []string{"ok", "ok [ok.test]", "ok.test"}; !slices.Equal(ids, want) {
		t.Errorf("roots %q, want %q", ids, want)
	}
}
