package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
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

// deadSpans returns the stretches of body that run only when a debug
// switch is on: `if sw { ... }` (or `sw && ...`), and what follows
// `if !sw { return }`.
func deadSpans(info *types.Info, body *ast.BlockStmt, switches map[types.Object]bool) []span {
	on := func(e ast.Expr) bool { // e holds only when a switch is on
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				return switches[info.Uses[x]]
			case *ast.BinaryExpr:
				if x.Op != token.LAND {
					return false
				}
				if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && switches[info.Uses[id]] {
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
