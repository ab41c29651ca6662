package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"time"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// pacedUnderContext reports whether call, a time.Sleep, is a short
// pause between the rounds of a loop that stops when a live context is
// done: the sleep's length is a constant of at most a second, and the
// loop's body checks the context first thing in its body (a select
// with a case on <-ctx.Done() that leaves the loop, or
// `if ctx.Err() != nil { return ... }`). Cancellation then comes at
// most one pause late (a batched cleanup deleting rows with the
// request's context, resting 100 ms between batches); the sleep holds
// the request no longer than the context allows.
func pacedUnderContext(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	if len(call.Args) != 1 {
		return false
	}
	tv, ok := info.Types[call.Args[0]]
	if !ok || tv.Value == nil {
		return false
	}
	d, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok || d <= 0 || time.Duration(d) > time.Second {
		return false
	}
	loop := innermostLoop(body, call)
	if loop == nil || len(loop.List) == 0 {
		return false
	}
	return checksDone(info, body, loop.List[0])
}

// innermostLoop returns the body of the innermost for or range loop of
// body around call, in the same function (not across a literal), or nil.
func innermostLoop(body ast.Node, call *ast.CallExpr) *ast.BlockStmt {
	var loop *ast.BlockStmt
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			loop = nil // a literal's loops are its own; the outer ones do not hold its sleep
		case *ast.ForStmt:
			loop = n.Body
		case *ast.RangeStmt:
			loop = n.Body
		}
		return true
	})
	return loop
}

// checksDone reports whether st leaves the loop when a live context is
// done: a select with a case on <-ctx.Done() whose body returns (or
// breaks to a label), or `if ctx.Err() != nil { return ... }` (or
// break).
func checksDone(info *types.Info, body ast.Node, st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			cc, ok := c.(*ast.CommClause)
			if ok && cc.Comm != nil && liveDone(info, body, stmtValue(cc.Comm)) && len(cc.Body) > 0 && leaves(cc.Body[len(cc.Body)-1], true) {
				return true
			}
		}
	case *ast.IfStmt:
		be, ok := ast.Unparen(st.Cond).(*ast.BinaryExpr)
		if !ok || be.Op != token.NEQ || len(st.Body.List) == 0 || !leaves(st.Body.List[len(st.Body.List)-1], false) {
			return false
		}
		c, ok := ast.Unparen(be.X).(*ast.CallExpr)
		if !ok || len(c.Args) != 0 {
			return false
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Err" {
			return false
		}
		return knowledge.IsContext(info.TypeOf(sel.X)) && detachedKind(info, nil, nil, body, sel.X, 0) == 0
	}
	return false
}

// leaves reports a return, or a break that leaves the loop: inSelect,
// a break without a label leaves only the select.
func leaves(st ast.Stmt, inSelect bool) bool {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.BREAK && (!inSelect || st.Label != nil)
	}
	return false
}
