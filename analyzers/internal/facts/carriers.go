package facts

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"

	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Request events that no code fills.
//
// A handler is inferred from its type when it takes one struct that
// carries the request: an *http.Request field beside a response writer
// (a framework's request event, func(e *core.RequestEvent) error). A
// struct only carries a request if some code puts one there: the
// framework's router builds the event with the request it serves. A
// command-line library whose Context merely declares an HTTPRequest
// field that nothing ever sets (its commands run from os.Args) hands
// its commands no request, and a function taking it is no handler.
//
// Each package's fact lists the structs whose request field its code
// sets (Analyzed.RequestSet: a keyed or positional composite literal, or
// an assignment to the field). An event handler whose request-carrying
// struct is declared in a package that was analyzed, and that no
// analyzed package in sight sets, is dropped. Where the declaring
// package was not analyzed (-deps=module, other modules judged by the
// tables alone) nothing is known and the handler stays.

// requestSetters returns the structs ("path.Type") whose *http.Request
// field the package's code sets.
func requestSetters(pass *analysis.Pass) []string {
	if !mentionsNetHTTP(pass.Pkg) {
		return nil
	}
	seen := make(map[string]bool)
	add := func(n *types.Named) {
		if n != nil && n.Obj().Pkg() != nil {
			seen[n.Obj().Pkg().Path()+"."+n.Obj().Name()] = true
		}
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for c := range insp.Root().Preorder((*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil)) {
		switch n := c.Node().(type) {
		case *ast.CompositeLit:
			named, st := namedStruct(pass.TypesInfo.TypeOf(n))
			if st == nil {
				continue
			}
			for i, el := range n.Elts {
				var field *types.Var
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						field, _ = pass.TypesInfo.ObjectOf(id).(*types.Var)
					}
				} else if i < st.NumFields() {
					field = st.Field(i)
				}
				if field != nil && knowledge.IsPointerTo(field.Type(), "net/http", "Request") {
					add(named)
				}
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
				if !ok {
					continue
				}
				s := pass.TypesInfo.Selections[sel]
				if s == nil || s.Kind() != types.FieldVal || !knowledge.IsPointerTo(s.Obj().Type(), "net/http", "Request") {
					continue
				}
				add(fieldOwner(s.Recv(), s.Index()))
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// mentionsNetHTTP is the cheap precheck: only net/http and the packages
// importing it can set an *http.Request field.
func mentionsNetHTTP(pkg *types.Package) bool {
	if pkg.Path() == "net/http" {
		return true
	}
	return slices.ContainsFunc(pkg.Imports(), func(p *types.Package) bool { return p.Path() == "net/http" })
}

// namedStruct returns the named type (nil for a literal struct type) and
// the struct of t.
func namedStruct(t types.Type) (*types.Named, *types.Struct) {
	if t == nil {
		return nil, nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n, st
}

// fieldOwner returns the named struct that declares the field a
// selection with index path reaches from recv.
func fieldOwner(recv types.Type, index []int) *types.Named {
	cur := recv
	for _, i := range index[:len(index)-1] {
		_, st := namedStruct(cur)
		if st == nil || i >= st.NumFields() {
			return nil
		}
		cur = st.Field(i).Type()
	}
	n, _ := namedStruct(cur)
	return n
}

// requestCarrier returns the named struct that declares the
// *http.Request field a value of type t carries (directly or through
// embedded structs), or nil.
func requestCarrier(t types.Type, depth int) *types.Named {
	n, st := namedStruct(t)
	if st == nil || depth > 3 {
		return nil
	}
	for i := 0; i < st.NumFields(); i++ {
		if knowledge.IsPointerTo(st.Field(i).Type(), "net/http", "Request") {
			return n
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Embedded() {
			if c := requestCarrier(f.Type(), depth+1); c != nil {
				return c
			}
		}
	}
	return nil
}

// unfilledEvent reports an event handler whose request-carrying struct
// no code in sight fills (see above).
func (r *Result) unfilledEvent(h handlers.Handler) bool {
	if h.Framework != handlers.Event {
		return false
	}
	var sig *types.Signature
	switch n := h.Node.(type) {
	case *ast.FuncDecl:
		if h.Func != nil {
			sig, _ = h.Func.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		sig, _ = r.pass.TypesInfo.TypeOf(n).(*types.Signature)
	}
	if sig == nil || sig.Params().Len() == 0 {
		return false
	}
	c := requestCarrier(sig.Params().At(0).Type(), 0)
	if c == nil || c.Obj().Pkg() == nil {
		return false
	}
	pkg := c.Obj().Pkg()
	if pkg != r.pass.Pkg && !r.analyzed[pkg] {
		return false // nothing known of the framework's code
	}
	return !r.requestSet[pkg.Path()+"."+c.Obj().Name()]
}
