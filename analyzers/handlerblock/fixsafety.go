package handlerblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixes"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// How an offload fix treats the request's cancellation.
//
// offload.Do(ctx, fn) does not start fn when ctx is done before a slot
// is free, and returns at once when ctx ends while fn waits. That is
// right for a read whose result the handler needs (a cancelled request
// no longer needs it), and wrong for a call whose effect must happen
// whatever the client does: a write, a removal, a cleanup, anything
// deferred. Those are offloaded with context.WithoutCancel(ctx): still
// bounded by the pool, never skipped.
type cancellation int

const (
	skipOnCancel  cancellation = iota // a read: offload.Do(ctx, ...)
	runToComplete                     // an effect: offload.Do(context.WithoutCancel(ctx), ...)
	noOffloadFix                      // offloading would change behaviour; offer no fix
)

// offloadMode decides how call may be offloaded. write is the table's
// Write flag for the callee.
func offloadMode(pass *analysis.Pass, call *ast.CallExpr, write bool) cancellation {
	file := fixes.File(pass, call.Pos())
	if file == nil {
		return noOffloadFix
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	deferred := false
	for i, n := range path {
		switch n.(type) {
		case *ast.DeferStmt:
			deferred = true
		case *ast.FuncLit:
			// A function literal run by sync.Once (or OnceFunc,
			// OnceValue, OnceValues) is process-once initialization: if
			// the first request's context were cancelled, offload.Do
			// would skip the call and the value would stay unset for
			// the life of the process.
			if i+1 < len(path) {
				if outer, ok := path[i+1].(*ast.CallExpr); ok && isOnce(pass.TypesInfo, outer) {
					return noOffloadFix
				}
			}
		}
	}
	if write || deferred {
		return runToComplete
	}
	return skipOnCancel
}

// isOnce reports whether call is sync.Once.Do or one of sync's Once*
// constructors.
func isOnce(info *types.Info, call *ast.CallExpr) bool {
	fn := facts.Callee(info, call)
	if fn == nil {
		return false
	}
	switch fn.FullName() {
	case "(*sync.Once).Do", "sync.OnceFunc", "sync.OnceValue", "sync.OnceValues":
		return true
	}
	return false
}

// reportJoinBranches reports file I/O inside the branches of
// runtime/join calls in the handler's body. join runs each branch on a
// goroutine of its own, with no bound: a branch that reads a file still
// pins an OS thread per request, which is what handlerblock exists to
// report (and what a join.Two fix for two file-reading calls produces).
// The fix offloads the call within the branch, with the branch's
// context.
func reportJoinBranches(pass *analysis.Pass, res *facts.Result, h handlers.Handler, ignored *directive.Set) {
	ast.Inspect(h.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			// A handler defined inside this one is analyzed on its own.
			return !handlers.IsHandlerType(pass.TypesInfo.TypeOf(n))
		case *ast.CallExpr:
			callee := facts.Callee(pass.TypesInfo, n)
			off, ok := knowledge.Offloads(callee)
			if !ok || !off.Join {
				return true
			}
			for i, arg := range n.Args {
				lit, isLit := ast.Unparen(arg).(*ast.FuncLit)
				if !isLit || !off.OffloadedArg(i) {
					continue
				}
				ctxVar := branchContext(pass.TypesInfo, lit)
				res.RequestCalls(pass.TypesInfo, facts.Receiver(pass.TypesInfo, h.Node), lit.Body, func(n ast.Node, callee *types.Func, once bool) {
					if once || ignored.Suppressed(n.Pos()) {
						return
					}
					ctx, haveCtx := visibleAt(pass.Pkg, ctxVar, n.Pos())
					reportBranchCall(pass, res, n, callee, ctx, haveCtx)
				})
			}
		}
		return true
	})
}

// reportBranchCall reports n if it is, or reaches, file I/O.
func reportBranchCall(pass *analysis.Pass, res *facts.Result, n ast.Node, callee *types.Func, ctx string, haveCtx bool) {
	remedyCtx := ctx
	if !haveCtx {
		remedyCtx = "the branch's context"
	}
	if e, ok := res.Blocking(callee, pass.Pkg); ok && e.Kind == knowledge.FileIO {
		d := analysis.Diagnostic{
			Pos:      n.Pos(),
			End:      n.End(),
			Category: e.Kind.String(),
			Message: callee.FullName() + " in a join branch " + e.Kind.Reason() +
				": join runs each branch on a goroutine of its own, with no bound on threads; offload it within the branch with offload.Do(" + remedyCtx + ", ...)",
		}
		if call, isCall := n.(*ast.CallExpr); isCall && haveCtx && e.Fix == knowledge.FixOffload {
			if fix, ok := offloadFix(pass, call, ctx, e); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		pass.Report(d)
		return
	}
	if f := res.FactOf(callee); f != nil && len(f.Block) > 0 && f.Kind == knowledge.FileIO {
		leaf := f.Block[len(f.Block)-1]
		chain := facts.ShortName(callee)
		for _, b := range f.Block {
			chain += " → " + b
		}
		pass.Report(analysis.Diagnostic{
			Pos:      n.Pos(),
			End:      n.End(),
			Category: f.Kind.String(),
			Message: chain + ": " + leaf + " in a join branch " + f.Kind.Reason() +
				": join runs each branch on a goroutine of its own, with no bound on threads; offload the call within the branch with offload.Do(" + remedyCtx + ", ...)",
		})
	}
}

// branchContext returns a join branch's context parameter, or nil.
func branchContext(info *types.Info, lit *ast.FuncLit) *types.Var {
	params := lit.Type.Params.List
	if len(params) == 0 || len(params[0].Names) == 0 {
		return nil
	}
	v, _ := info.Defs[params[0].Names[0]].(*types.Var)
	if v == nil || v.Name() == "_" || !knowledge.IsContext(v.Type()) {
		return nil
	}
	return v
}

// visibleAt returns v's name if it refers to v at pos (no closer
// declaration shadows it): a fix may only use a context the code has.
func visibleAt(pkg *types.Package, v *types.Var, pos token.Pos) (string, bool) {
	if v == nil {
		return "", false
	}
	if inner := pkg.Scope().Innermost(pos); inner != nil {
		if _, obj := inner.LookupParent(v.Name(), pos); obj != v {
			return "", false
		}
	}
	return v.Name(), true
}
