package facts

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Waits for another goroutine's answer. A function that sends a request
// on a channel, carrying work for the goroutine to run (a function, an
// Executer) and a channel for the answer (one it made and put
// in the value it sends, or a field of that value, or one a function
// literal it sends captures), and then receives
// the answer from it, waits for whatever goroutine serves the first
// channel: a worker pool, a batcher, an actor's loop.
//
//	cb := make(chan *response)
//	e.requests <- &WaitFor{ctx: ctx, exec: exec, onResponse: cb}
//	res := <-cb
//
// Unless the receive is a case of a select beside <-ctx.Done(), the
// request's cancellation does not end the wait, however slow the
// goroutine is: the receive is a blocking leaf of the function's
// summary (knowledge.ChannelWait).

// replyWait is one such receive.
type replyWait struct {
	recv *ast.UnaryExpr
	name string // the receive as written: "<-cb"
}

func (w replyWait) chain() Chain {
	return Chain{Path: []string{w.name}, Kind: knowledge.ChannelWait, Remedy: "receive in a select beside <-ctx.Done()"}
}

// replyWaits returns the receives of body (outside function literals)
// from a channel that a send earlier in body carried in its value; none
// outside the main module (module false).
func replyWaits(info *types.Info, body *ast.BlockStmt, module bool) []replyWait {
	if !module || body == nil {
		return nil
	}
	// carried: the local variables a send's value mentions, with the
	// end of the first such send.
	var carried map[types.Object]token.Pos
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			if !carriesWork(info, n.Value) {
				// Data for a goroutine that does its own (an in-memory
				// size enforcer told of a new message): waiting for it
				// is not waiting for the work of the request.
				return true
			}
			// A function literal sent to a worker carries what it
			// captures: the job that closes done when it is finished.
			ast.Inspect(n.Value, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && body.Pos() <= v.Pos() && v.Pos() < body.End() {
						if carried == nil {
							carried = make(map[types.Object]token.Pos)
						}
						if _, seen := carried[v]; !seen {
							carried[v] = n.End()
						}
					}
				}
				return true
			})
		}
		return true
	})
	if carried == nil {
		return nil
	}
	var out []replyWait
	skip := make(map[*ast.UnaryExpr]bool) // the cases of selects beside <-ctx.Done()
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			if selectsOnDone(info, n) {
				for _, c := range n.Body.List {
					if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
						if u, ok := ast.Unparen(stmtValue(cc.Comm)).(*ast.UnaryExpr); ok {
							skip[u] = true
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op != token.ARROW || skip[n] {
				return true
			}
			if t := info.TypeOf(n.X); t == nil {
				return true
			} else if _, ok := t.Underlying().(*types.Chan); !ok {
				return true
			}
			root := ast.Unparen(n.X)
			for {
				sel, ok := root.(*ast.SelectorExpr)
				if !ok {
					break
				}
				root = ast.Unparen(sel.X)
			}
			id, ok := root.(*ast.Ident)
			if !ok {
				return true
			}
			if sent, ok := carried[info.Uses[id]]; ok && n.Pos() > sent {
				out = append(out, replyWait{recv: n, name: "<-" + types.ExprString(n.X)})
			}
		}
		return true
	})
	return out
}

// carriesWork reports whether a sent value carries work for the
// receiving goroutine to run: a function (a literal, or a value of
// function type) or a value of a non-empty interface type (an
// Executer), at any depth of the value.
func carriesWork(info *types.Info, v ast.Expr) bool {
	found := false
	ast.Inspect(v, func(n ast.Node) bool {
		if found {
			return false
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if _, ok := e.(*ast.FuncLit); ok {
			found = true
			return false
		}
		if tv, ok := info.Types[e]; ok && tv.IsValue() && tv.Type != nil {
			found = isWork(tv.Type)
			// A job held in a variable: its struct's fields.
			t := tv.Type
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			if st, ok := t.Underlying().(*types.Struct); ok {
				for f := range st.Fields() {
					found = found || isWork(f.Type())
				}
			}
		}
		return !found
	})
	return found
}

// isWork reports a function type, or a non-empty interface other than a
// context or an error.
func isWork(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Interface:
		return u.NumMethods() > 0 && !knowledge.IsContext(t) && !types.Identical(u, errorType)
	}
	return false
}
