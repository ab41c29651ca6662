package facts

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Goroutines a function waits for.
//
// A goroutine is off the caller's path only when the caller does not
// wait for it. A function that starts its work on an errgroup, a
// WaitGroup or a conc pool held in a local variable and then calls
// that variable's Wait before it returns (directly or deferred, not in
// another goroutine) pays for the work as for its own calls: a request
// that reaches it waits for every goroutine, and a goroutine working
// with a detached context goes on after the client has gone as a plain
// call would.
//
//	g, ctx := errgroup.WithContext(context.Background())
//	for _, s := range shards {
//		g.Go(func() error { return s.Search(ctx, q) })
//	}
//	return g.Wait()
//
// The same holds for `go func() { defer wg.Done(); … }()` followed by
// wg.Wait(). A group waited for only in another goroutine (go func() {
// wg.Wait(); close(results) }()), or one kept in a field that outlives
// the call, is not waited for here.

// waitMethods are the Wait methods that block until a group's
// goroutines are done (full names of their origins, a generic
// receiver's type parameters as declared: ResultPool[T]).
var waitMethods = map[string]bool{
	"(*sync.WaitGroup).Wait":                                        true,
	"(*golang.org/x/sync/errgroup.Group).Wait":                      true,
	"(*github.com/sourcegraph/conc.WaitGroup).Wait":                 true,
	"(*github.com/sourcegraph/conc.WaitGroup).WaitAndRecover":       true,
	"(*github.com/sourcegraph/conc/pool.Pool).Wait":                 true,
	"(*github.com/sourcegraph/conc/pool.ErrorPool).Wait":            true,
	"(*github.com/sourcegraph/conc/pool.ContextPool).Wait":          true,
	"(*github.com/sourcegraph/conc/pool.ResultPool[T]).Wait":        true,
	"(*github.com/sourcegraph/conc/pool.ResultErrorPool[T]).Wait":   true,
	"(*github.com/sourcegraph/conc/pool.ResultContextPool[T]).Wait": true,
}

// waitedGroups returns the local variables of body (declared in it)
// whose Wait body calls on its own goroutine, and the local channels it
// receives from there (<-done, v := <-results, a range over one, a
// select on one beside a timer): a goroutine that closes or sends on
// one is waited for too. A select that also waits on a Done channel
// (ctx.Done()) lets the function return when the request ends: the
// goroutines it selects on are not waited for.
func waitedGroups(info *types.Info, body ast.Node) map[types.Object]bool {
	var groups map[types.Object]bool
	local := func(e ast.Expr) types.Object {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Pos() < body.Pos() || v.Pos() >= body.End() {
			return nil
		}
		if _, isChan := v.Type().Underlying().(*types.Chan); !isChan {
			return nil
		}
		return v
	}
	addObj := func(obj types.Object) {
		if obj == nil {
			return
		}
		if groups == nil {
			groups = make(map[types.Object]bool)
		}
		groups[obj] = true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			if selectsOnDone(info, n) {
				return false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				addObj(local(n.X))
			}
		case *ast.RangeStmt:
			addObj(local(n.X))
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Wait" && sel.Sel.Name != "WaitAndRecover") {
				return true
			}
			fn := Callee(info, n)
			if fn == nil || !waitMethods[fn.Origin().FullName()] {
				return true
			}
			if obj := receiverObject(info, n); obj != nil && obj.Pos() >= body.Pos() && obj.Pos() < body.End() {
				addObj(obj)
			}
		}
		return true
	})
	return groups
}

// selectsOnDone reports a select with a case receiving from a Done()
// call (<-ctx.Done()).
func selectsOnDone(info *types.Info, sel *ast.SelectStmt) bool {
	for _, c := range sel.Body.List {
		cc, ok := c.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		if doneReceiver(stmtValue(cc.Comm)) != nil {
			return true
		}
	}
	return false
}

// doneReceiver returns x of e, a receive from x.Done() (<-ctx.Done()),
// or nil.
func doneReceiver(e ast.Expr) ast.Expr {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	if s, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && s.Sel.Name == "Done" {
		return s.X
	}
	return nil
}

// receiverObject returns the variable a method call's receiver names
// (wg in wg.Wait(), and in (&wg).Wait()), or nil.
func receiverObject(info *types.Info, call *ast.CallExpr) types.Object {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x := ast.Unparen(sel.X)
	if u, ok := x.(*ast.UnaryExpr); ok {
		x = ast.Unparen(u.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	return v
}

// signalsDone reports whether lit, started with a go statement, calls
// Done on one of groups (defer wg.Done()), or closes or sends on one of
// its channels.
func signalsDone(info *types.Info, lit *ast.FuncLit, groups map[types.Object]bool) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if send, ok := n.(*ast.SendStmt); ok {
			if id, ok := ast.Unparen(send.Chan).(*ast.Ident); ok && groups[info.Uses[id]] {
				found = true
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if knowledge.IsBuiltin(info, call.Fun, "close") && len(call.Args) == 1 {
				if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && groups[info.Uses[id]] {
					found = true
				}
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" && groups[receiverObject(info, call)] {
				if fn := Callee(info, call); fn != nil && fn.FullName() == "(*sync.WaitGroup).Done" {
					found = true
				}
			}
		}
		return true
	})
	return found
}
