package facts

import (
	"go/ast"
	"go/types"
	"slices"
)

// releaseMethods end what a value holds: a lock, a pool slot, a handle.
var releaseMethods = map[string]bool{"Unlock": true, "RUnlock": true, "Release": true, "Close": true}

// deferredRelease reports `defer x.Unlock()` (RUnlock, Release, Close)
// where x is a local variable of body that a call in body gave its
// value: releasing what the function acquired is cleanup that runs
// however the request ends, and its I/O is the counterpart of the
// acquisition, which is reported where it happens (a file lock taken
// with lockUpload(ctx, id), then released by a deferred Unlock that
// reads and removes the lock file). A release of what the function did
// not acquire (a package's lock, a parameter's) still counts.
func deferredRelease(info *types.Info, body ast.Node, d *ast.DeferStmt) bool {
	if len(d.Call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr)
	if !ok || !releaseMethods[sel.Sel.Name] {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	isCall := func(e ast.Expr) bool { _, ok := ast.Unparen(e).(*ast.CallExpr); return ok }
	return len(firstResults(info, body, v)) > 0 || slices.ContainsFunc(localValues(info, body, v), isCall)
}

// deferredReleaseSpans returns the source ranges of body's deferred
// releases of what it acquired (deferredRelease).
func deferredReleaseSpans(info *types.Info, body ast.Node) []span {
	var out []span
	ast.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok && deferredRelease(info, body, d) {
			out = append(out, span{d.Pos(), d.End()})
		}
		return true
	})
	return out
}

// ReleasedInDefer reports whether n, a call of callee in body, is a
// deferred release of what body acquired: the acquisition's
// counterpart, not reported again.
func ReleasedInDefer(info *types.Info, body ast.Node, n ast.Node, callee *types.Func) bool {
	return callee != nil && releaseMethods[callee.Name()] && inSpans(deferredReleaseSpans(info, body), n.Pos())
}
