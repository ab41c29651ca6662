package directive_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/joinable"
	"github.com/threadvet/threadvet/analyzers/overoffload"
)

const src = `package p

func f() {
	//threadvet:ignore handlerblock read once at startup
	a() // line 5: suppressed by the line above
	b() //threadvet:ignore handlerblock same-line reason
	//threadvet:ignore handlerblock
	c() // line 8: the directive above has no reason
	//threadvet:ignore joinable other analyzer
	d() // line 10
	//threadvet:ignore all every analyzer
	e() // line 12
	//threadvet:ignorex handlerblock not a directive
	g() // line 14
	//threadvet:ignore handlerblock // a trailing comment is no reason
	h() // line 16
}
`

func TestSuppressed(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	s := directive.Parse(fset, []*ast.File{f}, "handlerblock")
	tf := fset.File(f.Pos())
	for line, want := range map[int]bool{5: true, 6: true, 8: false, 10: false, 12: true, 14: false, 16: false, 3: false} {
		if got := s.Suppressed(tf.LineStart(line) + 1); got != want {
			t.Errorf("line %d: Suppressed = %v, want %v", line, got, want)
		}
	}
	var nilSet *directive.Set
	if nilSet.Suppressed(tf.LineStart(5)) {
		t.Error("nil set suppressed something")
	}
}

const malformedSrc = `package p

func f() {
	//threadvet:ignore
	//threadvet:ignore handlerblok typo in the name
	//threadvet:ignore joinabel typo in the name
	//threadvet:ignore OverOffload capitals are a typo too
	//threadvet:ignore config is read once
	//threadvet:ignore all
	//threadvet:ignore joinable
	//threadvet:ignore handlerblock fine
	//threadvet:ignore all fine
}
`

// Every malformed directive is reported exactly once, by one analyzer,
// and the well-formed ones by none.
func TestReportMalformedOnce(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", malformedSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[int][]string) // line -> "analyzer: message"
	for _, name := range directive.Analyzers() {
		pass := &analysis.Pass{
			Analyzer: &analysis.Analyzer{Name: name},
			Fset:     fset,
			Report: func(d analysis.Diagnostic) {
				line := fset.Position(d.Pos).Line
				got[line] = append(got[line], name+": "+d.Message)
			},
		}
		directive.Parse(fset, []*ast.File{f}, name).ReportMalformed(pass)
	}
	want := map[int]string{
		4:  `handlerblock: threadvet:ignore directive names no analyzer and gives no reason; it suppresses nothing: write //threadvet:ignore <analyzer> <reason> with one of handlerblock, joinable, overoffload or all`,
		5:  `handlerblock: threadvet:ignore directive names unknown analyzer "handlerblok", so it suppresses nothing; did you mean handlerblock?`,
		6:  `joinable: threadvet:ignore directive names unknown analyzer "joinabel", so it suppresses nothing; did you mean joinable?`,
		7:  `overoffload: threadvet:ignore directive names unknown analyzer "OverOffload", so it suppresses nothing; did you mean overoffload?`,
		8:  `handlerblock: threadvet:ignore directive names unknown analyzer "config", so it suppresses nothing; did you mean one of handlerblock, joinable, overoffload or all?`,
		9:  `handlerblock: threadvet:ignore all directive needs a reason after the analyzer name; it suppresses nothing without one`,
		10: `joinable: threadvet:ignore joinable directive needs a reason after the analyzer name; it suppresses nothing without one`,
	}
	for line := 1; line <= 13; line++ {
		w, wantOne := want[line]
		switch {
		case !wantOne && len(got[line]) > 0:
			t.Errorf("line %d: reported %q, want nothing", line, got[line])
		case wantOne && (len(got[line]) != 1 || got[line][0] != w):
			t.Errorf("line %d: reported %q, want exactly [%q]", line, got[line], w)
		}
	}
	// Misspelt directives suppress nothing.
	s := directive.Parse(fset, []*ast.File{f}, "handlerblock")
	tf := fset.File(f.Pos())
	for _, line := range []int{5, 6} {
		if s.Suppressed(tf.LineStart(line) + 1) {
			t.Errorf("line %d: a misspelt directive suppressed a finding", line)
		}
	}
}

// The names a directive may give are the analyzers the driver runs.
func TestAnalyzersKnown(t *testing.T) {
	var names []string
	for _, a := range []*analysis.Analyzer{handlerblock.Analyzer, joinable.Analyzer, overoffload.Analyzer} {
		names = append(names, a.Name)
	}
	if got := directive.Analyzers(); !slices.Equal(got, names) {
		t.Errorf("directive.Analyzers() = %v, want %v", got, names)
	}
}
