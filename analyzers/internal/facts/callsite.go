package facts

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Call-site exemptions: table entries whose call is harmless in this
// place, as the code around it shows.
//   - http.NewRequest whose request gets a context later
//     (ContextAttachedLater);
//   - a gorm finisher whose *gorm.DB went through WithContext (or a
//     Session with a Context) in the chain, or comes from a variable
//     assigned such a chain, from a call that takes a context (a
//     project's db(ctx) helper), or from a parameter of the function
//     (its caller decides the context);
//   - an afero call on a file system that is visibly a MemMapFs.

const (
	gormPkg  = "gorm.io/gorm"
	aferoPkg = "github.com/spf13/afero"
)

// callSites holds what the exemptions need beyond one function body.
type callSites struct {
	files []*ast.File
	info  *types.Info
	// pkgValues are the values assigned to package-level variables
	// anywhere in the package, computed on first use.
	pkgValues map[types.Object][]ast.Expr
}

func newCallSites(pass *analysis.Pass) *callSites {
	return &callSites{files: pass.Files, info: pass.TypesInfo}
}

// Exempt reports whether call, a call of the blocking table's callee e
// found in body, is harmless where it stands (see callsite.go).
func (r *Result) Exempt(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func, e knowledge.Entry) bool {
	if ContextAttachedLater(info, body, call, callee) {
		return true
	}
	if callee == nil || callee.Pkg() == nil {
		return false
	}
	switch callee.Pkg().Path() {
	case gormPkg:
		return e.Fix == knowledge.FixWithContext && gormHasContext(info, body, call, 0)
	case aferoPkg:
		var cs *callSites
		if r != nil {
			cs = r.callsites
		}
		return aferoInMemory(info, body, cs, call, callee)
	}
	return false
}

// GormChainRoot returns the root of the *gorm.DB method chain that call
// finishes (db in db.Where(...).First(&u)), where .WithContext(ctx)
// goes.
func GormChainRoot(info *types.Info, call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x := ast.Unparen(sel.X)
	for {
		inner, ok := x.(*ast.CallExpr)
		if !ok {
			return x
		}
		fn := Callee(info, inner)
		isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if fn == nil || !ok || fn.Pkg() == nil || fn.Pkg().Path() != gormPkg || !isMethod(fn) {
			return x
		}
		x = ast.Unparen(isel.X)
	}
}

const maxDerivation = 8

// gormHasContext reports whether the receiver of the finisher call
// carries a context.
func gormHasContext(info *types.Info, body ast.Node, call *ast.CallExpr, depth int) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && gormDerived(info, body, sel.X, depth)
}

func gormDerived(info *types.Info, body ast.Node, e ast.Expr, depth int) bool {
	ctx, param := gormSource(info, body, e, depth) // gormparam.go
	return ctx || param != nil
}

func hasContextField(e ast.Expr) bool {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Context" {
				return true
			}
		}
	}
	return false
}

// isParamOf reports whether v is a parameter or receiver of the function
// whose body is body: its scope is the function's, which ends with the
// body.
func isParamOf(v *types.Var, body ast.Node) bool {
	s := v.Parent()
	return s != nil && v.Pos() < body.Pos() && s.End() == body.End()
}

// localValues returns the expressions assigned to v inside body.
func localValues(info *types.Info, body ast.Node, v *types.Var) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.ObjectOf(id) == v {
					out = append(out, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, id := range n.Names {
				if info.Defs[id] == v {
					out = append(out, n.Values[i])
				}
			}
		}
		return true
	})
	return out
}

// aferoInMemory reports whether the file system an afero call works on
// is visibly a MemMapFs: the receiver of an Fs or Afero method, or the
// first argument of a package function.
func aferoInMemory(info *types.Info, body ast.Node, cs *callSites, call *ast.CallExpr, callee *types.Func) bool {
	var fsExpr ast.Expr
	if isMethod(callee) {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fsExpr = sel.X
	} else if len(call.Args) > 0 {
		fsExpr = call.Args[0]
	}
	return fsExpr != nil && memFS(info, body, cs, fsExpr, 0)
}

func memFS(info *types.Info, body ast.Node, cs *callSites, e ast.Expr, depth int) bool {
	if depth > maxDerivation {
		return false
	}
	if t := info.TypeOf(e); t != nil && (knowledge.IsPointerTo(t, aferoPkg, "MemMapFs") || knowledge.IsNamed(t, aferoPkg, "MemMapFs")) {
		return true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := Callee(info, x)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != aferoPkg || isMethod(fn) {
			return false
		}
		switch fn.Name() {
		case "NewMemMapFs":
			return true
		case "NewReadOnlyFs", "NewBasePathFs", "NewCacheOnReadFs", "NewCopyOnWriteFs", "NewRegexpFs":
			// Wrappers: in memory when the file systems they wrap are.
			n := 0
			for _, a := range x.Args {
				if t := info.TypeOf(a); t != nil && knowledge.IsNamed(t, aferoPkg, "Fs") {
					if !memFS(info, body, cs, a, depth+1) {
						return false
					}
					n++
				}
			}
			return n > 0
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return memFS(info, body, cs, x.X, depth+1)
		}
	case *ast.CompositeLit:
		// afero.Afero{Fs: fs}
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Fs" {
					return memFS(info, body, cs, kv.Value, depth+1)
				}
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		var vals []ast.Expr
		if v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			if cs == nil {
				return false
			}
			vals = cs.packageValues(v)
		} else {
			vals = localValues(info, body, v)
		}
		if len(vals) == 0 {
			return false
		}
		for _, val := range vals {
			if !memFS(info, body, cs, val, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// packageValues returns every value assigned to the package-level
// variable v in the package's files (its initializer and assignments in
// any function).
func (cs *callSites) packageValues(v *types.Var) []ast.Expr {
	if cs.pkgValues == nil {
		cs.pkgValues = make(map[types.Object][]ast.Expr)
		for _, f := range cs.files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) != len(n.Rhs) {
						return true
					}
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							if obj := cs.info.ObjectOf(id); obj != nil && obj.Parent() == obj.Pkg().Scope() {
								cs.pkgValues[obj] = append(cs.pkgValues[obj], n.Rhs[i])
							}
						}
					}
				case *ast.ValueSpec:
					if len(n.Names) != len(n.Values) {
						return true
					}
					for i, id := range n.Names {
						if obj := cs.info.Defs[id]; obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
							cs.pkgValues[obj] = append(cs.pkgValues[obj], n.Values[i])
						}
					}
				}
				return true
			})
		}
	}
	return cs.pkgValues[v]
}

func isMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}
