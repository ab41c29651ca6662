package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Debug switches. A package-level bool that starts false and that no
// code outside tests ever sets is a switch a developer flips by editing
// the source (cue's `OpenGraphs`, `debugLog = false`): what runs only
// when it is on is not on any request's path.
//
//	var OpenGraphs = false
//
//	if OpenGraphs {
//		openDebugGraph(ctx, v) // creates files, starts a browser
//	}
//
// Only a variable that nothing outside its package can set counts: an
// unexported one, or one of an internal package (another package of
// its module could set it; none of the modules tried does).

// debugSwitches returns the package's debug switches.
func debugSwitches(pass *analysis.Pass, excluded map[*token.File]bool) map[types.Object]bool {
	internal := strings.Contains("/"+pass.Pkg.Path()+"/", "/internal/")
	candidates := make(map[types.Object]bool)
	packageVars(pass, excluded, func(v *types.Var, init ast.Expr, multi bool) {
		if !isBool(v.Type()) || v.Exported() && !internal || multi {
			return
		}
		if init == nil || isFalse(pass.TypesInfo, init) {
			candidates[v] = true
		}
	})
	if len(candidates) == 0 {
		return nil
	}
	// Any assignment, or a pointer to it (flag.BoolVar(&v, ...)), makes
	// it a setting, not a switch.
	for _, fc := range fileCursors(pass, excluded) {
		for c := range fc.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
			var targets []ast.Expr
			switch n := c.Node().(type) {
			case *ast.AssignStmt:
				targets = n.Lhs
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					targets = []ast.Expr{n.X}
				}
			case *ast.RangeStmt:
				targets = []ast.Expr{n.Key, n.Value}
			}
			for _, t := range targets {
				if id, ok := ast.Unparen(t).(*ast.Ident); ok && t != nil {
					delete(candidates, pass.TypesInfo.Uses[id])
				}
			}
		}
	}
	return candidates
}

// Modes. An unexported bool field that only a constructor sets, and
// only to true on one of its branches, is a mode a deployment opts into
// when the value is built (a working copy rather than the default bare
// repository): what runs only when it is on is the configuration's
// choice, as an implementation chosen at start-up is (impls.go), and
// not on the request path of the default.
//
//	func newRepository(...) (*Repository, error) {
//		if _, err := os.Stat(gitDir); err == nil {
//			r.isNormalRepo = true
//		}
//
//	func (r *Repository) updateWorkingDirectory(...) error {
//		if !r.isNormalRepo {
//			return nil
//		}
//		worktree.Checkout(...) // scans the working tree
//
// A constructor is a function (not a method) that returns the struct
// or a pointer to it, or a function literal whose only parameter is a
// pointer to it (a functional option). Any other write, a literal that
// sets the field to anything but false, or its address taken, makes the
// field state rather than a mode.

// modeFields returns the package's mode fields.
func modeFields(pass *analysis.Pass, excluded map[*token.File]bool) map[types.Object]bool {
	candidates := make(map[types.Object]bool)
	owner := make(map[types.Object]types.Type) // field → its struct's named type
	sc := pass.Pkg.Scope()
	for _, name := range sc.Names() {
		tn, ok := sc.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if f := st.Field(i); !f.Exported() && !f.Embedded() && isBool(f.Type()) {
				candidates[f] = true
				owner[f] = tn.Type()
			}
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	info := pass.TypesInfo
	field := func(e ast.Expr) types.Object {
		if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && candidates[info.Uses[sel.Sel]] {
			return info.Uses[sel.Sel]
		}
		return nil
	}
	for _, fc := range fileCursors(pass, excluded) {
		for c := range fc.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.CompositeLit)(nil)) {
			switch n := c.Node().(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					f := field(lhs)
					if f == nil {
						continue
					}
					if n.Tok != token.ASSIGN || len(n.Rhs) != len(n.Lhs) || !isTrue(info, n.Rhs[i]) || !inConstructor(info, c, owner[f]) {
						delete(candidates, f)
					}
				}
			case *ast.UnaryExpr:
				if f := field(n.X); f != nil && n.Op == token.AND {
					delete(candidates, f)
				}
			case *ast.CompositeLit:
				st, ok := types.Unalias(info.TypeOf(n)).Underlying().(*types.Struct)
				if !ok {
					continue
				}
				for i, elt := range n.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok { // positional: every field is set
						if i < st.NumFields() && !isFalse(info, elt) {
							delete(candidates, st.Field(i))
						}
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok && candidates[info.Uses[id]] && !isFalse(info, kv.Value) {
						delete(candidates, info.Uses[id])
					}
				}
			}
		}
	}
	return candidates
}

// inConstructor reports whether the assignment at c sits on a branch
// (not the top level) of a constructor of t.
func inConstructor(info *types.Info, c inspector.Cursor, t types.Type) bool {
	branched := false
	for p := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.IfStmt)(nil), (*ast.CaseClause)(nil)) {
		switch n := p.Node().(type) {
		case *ast.IfStmt, *ast.CaseClause:
			branched = true
		case *ast.FuncLit:
			sig, _ := info.TypeOf(n).(*types.Signature)
			return sig != nil && sig.Params().Len() == 1 && isPointerTo(sig.Params().At(0).Type(), t)
		case *ast.FuncDecl:
			fn, _ := info.Defs[n.Name].(*types.Func)
			if fn == nil || n.Recv != nil || !branched {
				return false
			}
			res := fn.Type().(*types.Signature).Results()
			for i := range res.Len() {
				if rt := res.At(i).Type(); types.Identical(rt, t) || isPointerTo(rt, t) {
					return true
				}
			}
			return false
		}
	}
	return false
}

func isPointerTo(t, elem types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && types.Identical(p.Elem(), elem)
}

// deadSpans returns the stretches of body that run only when a debug
// switch (or a mode field) is on: `if sw { ... }` (or `sw && ...`), and
// what follows `if !sw { return }`.
func deadSpans(info *types.Info, body *ast.BlockStmt, switches map[types.Object]bool) []span {
	isSwitch := func(e ast.Expr) bool {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return switches[info.Uses[x]]
		case *ast.SelectorExpr: // a mode field
			return switches[info.Uses[x.Sel]]
		case *ast.CallExpr: // a stub that returns false
			fn := Callee(info, x)
			return fn != nil && switches[fn]
		}
		return false
	}
	on := func(e ast.Expr) bool { // e holds only when a switch is on
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr:
				return isSwitch(x)
			case *ast.BinaryExpr:
				if x.Op != token.LAND {
					return false
				}
				if isSwitch(x.X) {
					return true
				}
				e = x.Y
			default:
				return false
			}
		}
	}
	var off func(ast.Expr) bool
	off = func(e ast.Expr) bool { // e holds whenever every switch is off
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if ok && u.Op == token.NOT {
			return on(u.X)
		}
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		return ok && b.Op == token.LOR && (off(b.X) || off(b.Y))
	}
	var out []span
	eachStmtList(body, func(stmts []ast.Stmt, end token.Pos) {
		for _, st := range stmts {
			if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init == nil && ifs.Else == nil && endsInReturn(ifs.Body) && off(ifs.Cond) {
				out = append(out, span{ifs.End(), end})
			}
		}
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if ifs, ok := n.(*ast.IfStmt); ok && ifs.Init == nil && on(ifs.Cond) {
			out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
		}
		return true
	})
	return out
}

// nilContextSpans returns the spans of decl's body that run only when a
// context.Context parameter is nil: the body of `if ctx == nil`, the
// else of `if ctx != nil`, and what follows `if ctx != nil { …; return
// }`. Go code never passes a nil Context (vet and staticcheck report
// it), so a caller with a context, the request's or any other, never
// takes them: they are a fallback for callers that have none (an
// adapter's Prepare beside its PrepareContext).
func nilContextSpans(info *types.Info, decl *ast.FuncDecl) []span {
	ctxParams := make(map[types.Object]bool)
	if decl.Type.Params != nil {
		for _, f := range decl.Type.Params.List {
			for _, name := range f.Names {
				if obj := info.Defs[name]; obj != nil && knowledge.IsContext(obj.Type()) {
					ctxParams[obj] = true
				}
			}
		}
	}
	if len(ctxParams) == 0 {
		return nil
	}
	// nilTest reports whether e compares a context parameter with nil
	// by op.
	nilTest := func(e ast.Expr, op token.Token) bool {
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok || b.Op != op {
			return false
		}
		x, y := ast.Unparen(b.X), b.Y
		if isNil(info, x) {
			x, y = ast.Unparen(y), x
		}
		id, ok := x.(*ast.Ident)
		return ok && ctxParams[info.Uses[id]] && isNil(info, y)
	}
	var out []span
	eachStmtList(decl.Body, func(stmts []ast.Stmt, end token.Pos) {
		for _, st := range stmts {
			if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init == nil && ifs.Else == nil && endsInReturn(ifs.Body) && nilTest(ifs.Cond, token.NEQ) {
				out = append(out, span{ifs.End(), end})
			}
		}
	})
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Init != nil {
			return true
		}
		if nilTest(ifs.Cond, token.EQL) {
			out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
		} else if ifs.Else != nil && nilTest(ifs.Cond, token.NEQ) {
			out = append(out, span{ifs.Else.Pos(), ifs.Else.End()})
		}
		return true
	})
	return out
}
