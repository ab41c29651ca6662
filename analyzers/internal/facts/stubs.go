package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// An edition's stubs. Open-core services keep one code base for two
// editions and stub the other's predicates out:
//
//	func IsRelativePathStack(stack *Stack) bool {
//		// Always return false in CE
//		return false
//	}
//
//	if stackutils.IsRelativePathStack(stack) {
//		undeployRemoteStack(...) // pulls an image: never runs here
//	}
//
// A function or method whose only result is a bool and whose every
// return says false is such a stub: what runs only when it says true
// (deadSpans) never runs, in its package or, through Analyzed.False,
// in any other.

// falseStubs returns the package's functions and methods that always
// return false.
func falseStubs(pass *analysis.Pass, excluded map[*token.File]bool) map[types.Object]bool {
	var out map[types.Object]bool
	for _, f := range pass.Files {
		if excluded[pass.Fset.File(f.Pos())] {
			continue
		}
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok {
				continue
			}
			res := fn.Type().(*types.Signature).Results()
			if res.Len() != 1 || !isBool(res.At(0).Type()) || !returnsFalse(pass.TypesInfo, decl.Body) {
				continue
			}
			if out == nil {
				out = make(map[types.Object]bool)
			}
			out[fn] = true
		}
	}
	return out
}

// returnsFalse reports whether body returns, and every return statement
// of it (outside function literals) returns the constant false.
func returnsFalse(info *types.Info, body *ast.BlockStmt) bool {
	n, all := 0, true
	ast.Inspect(body, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			n++
			if len(x.Results) != 1 || !isFalse(info, x.Results[0]) {
				all = false
			}
		}
		return all
	})
	return all && n > 0
}

// stubNames returns the names (F, T.M) of stubs, for Analyzed.False.
func stubNames(stubs map[types.Object]bool) []string {
	var out []string
	for obj := range stubs {
		fn := obj.(*types.Func)
		name := fn.Name()
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			named, ok := types.Unalias(t).(*types.Named)
			if !ok {
				continue
			}
			name = named.Obj().Name() + "." + name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// lookupFunc finds the function or method that stubNames named in pkg.
func lookupFunc(pkg *types.Package, name string) *types.Func {
	typ, method, isMethod := strings.Cut(name, ".")
	if !isMethod {
		fn, _ := pkg.Scope().Lookup(name).(*types.Func)
		return fn
	}
	tn, ok := pkg.Scope().Lookup(typ).(*types.TypeName)
	if !ok {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, method)
	fn, _ := obj.(*types.Func)
	return fn
}
