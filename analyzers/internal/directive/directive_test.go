package directive_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/directive"
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
