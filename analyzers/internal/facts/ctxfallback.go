package facts

import (
	"go/ast"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A library that takes a context-aware form of an interface when the
// value has one, and falls back to the old method otherwise:
//
//	if c, ok := s.Store.(interface{ DeleteCtx(context.Context, string) error }); ok {
//		return c.DeleteCtx(ctx, token)
//	}
//	return s.Store.Delete(token)
//
// The fallback runs only for values whose type lacks DeleteCtx. An
// implementation that has it (the service's store, whose Delete calls
// DeleteCtx with context.Background() for old callers) is never reached
// through the fallback, whatever its Delete does.

// ctxFallback returns the names of the context-taking methods whose
// presence on the dynamic type of call's receiver rules call out: an
// earlier statement of an enclosing block returns when a comma-ok type
// assertion of the same receiver to an interface with such methods
// succeeds. nil when call is no such fallback.
func ctxFallback(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) []string {
	if call == nil || body == nil {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	recv := types.ExprString(sel.X)
	var out []string
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n == ast.Node(call) {
			out = fallbackIn(info, stack, call, recv)
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		stack = append(stack, n)
		return true
	})
	return out
}

// fallbackIn looks through the statement lists of stack, the nodes
// enclosing call (innermost last), for the assertion that returns.
func fallbackIn(info *types.Info, stack []ast.Node, call *ast.CallExpr, recv string) []string {
	for i := len(stack) - 1; i >= 0; i-- {
		list, _, ok := stmtList(stack[i])
		if !ok {
			continue
		}
		for j, st := range list {
			if st.End() > call.Pos() {
				break // the statement holding the call, or one after it
			}
			if names := assertReturns(info, st, list[:j], recv); names != nil {
				return names
			}
		}
	}
	return nil
}

// assertReturns matches st, `if c, ok := R.(I); ok { …; return … }`
// or `if ok { …; return … }` after `c, ok := R.(I)` in before, for a
// receiver R printed as recv and an interface I with context-taking
// methods, and returns those methods' names.
func assertReturns(info *types.Info, st ast.Stmt, before []ast.Stmt, recv string) []string {
	ifs, ok := st.(*ast.IfStmt)
	if !ok || ifs.Else != nil || !endsInReturn(ifs.Body) {
		return nil
	}
	id, ok := ast.Unparen(ifs.Cond).(*ast.Ident)
	if !ok {
		return nil
	}
	flag := info.Uses[id]
	assigns := before
	if ifs.Init != nil {
		assigns = []ast.Stmt{ifs.Init}
	}
	for _, a := range assigns {
		as, ok := a.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			continue
		}
		okID, isID := as.Lhs[1].(*ast.Ident)
		if !isID || flag == nil || info.ObjectOf(okID) != flag {
			continue
		}
		ta, isTA := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
		if !isTA || ta.Type == nil || types.ExprString(ta.X) != recv {
			continue
		}
		return ctxMethods(info.TypeOf(ta.Type))
	}
	return nil
}

// ctxMethods returns the names of the methods of t, an interface, that
// take a context first (nil when t is no interface or has none).
func ctxMethods(t types.Type) []string {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []string
	for m := range iface.Methods() {
		if knowledge.HasContextParam(m.Type().(*types.Signature)) {
			out = append(out, m.Name())
		}
	}
	return out
}

// hasMethods reports whether t (or *t) has every method of names, each
// taking a context first: such a value takes the context-aware form,
// never a fallback that needs it to lack them.
func hasMethods(t types.Type, names []string) bool {
	if len(names) == 0 {
		return false
	}
	for _, name := range names {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok || !knowledge.HasContextParam(fn.Type().(*types.Signature)) {
			return false
		}
	}
	return true
}
