package facts

import (
	"go/ast"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// killedOnDone reports whether call, an exec.Command, makes a command
// that its function kills itself when a live context is done: a select
// case receiving from ctx.Done(), or the statements after a bare
// <-ctx.Done() (a goroutine's watch), that signal the command's process
// (cmd.Process.Kill(), syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
// for the process group). The context then ends the process as
// exec.CommandContext would; a context made here from
// context.Background() is no such context.
func killedOnDone(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	cmd := resultVar(info, body, call)
	if cmd == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		var after []ast.Stmt
		switch n := n.(type) {
		case *ast.CommClause:
			if n.Comm != nil && liveDone(info, body, stmtValue(n.Comm)) {
				after = n.Body
			}
		case *ast.BlockStmt:
			for i, st := range n.List {
				if es, ok := st.(*ast.ExprStmt); ok && liveDone(info, body, es.X) {
					after = n.List[i+1:]
					break
				}
			}
		}
		for _, st := range after {
			ast.Inspect(st, func(m ast.Node) bool {
				if sel, ok := m.(*ast.SelectorExpr); ok && sel.Sel.Name == "Process" {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == cmd {
						found = true
					}
				}
				return !found
			})
		}
		return true
	})
	return found
}

// liveDone reports whether e receives from the Done channel of a
// context that is not detached (<-ctx.Done() with ctx a parameter or
// the request's).
func liveDone(info *types.Info, body ast.Node, e ast.Expr) bool {
	ctx := doneReceiver(e)
	return ctx != nil && knowledge.IsContext(info.TypeOf(ctx)) && detachedKind(info, nil, nil, body, ctx, 0) == 0
}
