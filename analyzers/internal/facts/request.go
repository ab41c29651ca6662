package facts

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Requests built in one function and sent from another.
//
// http.NewRequest makes a request without a context: the tables count
// the call as the point where the request loses the caller's, unless
// the same function gives it one later (ContextAttachedLater). A
// function that returns the request it built (a client's newRequest
// helper; x/oauth2's newTokenRequest, whose caller sends
// req.WithContext(ctx)) leaves that to its caller. Its fact says so
// (Fact.Request), and a caller that gives the request it gets back a
// context (WithContext, Clone, or passing it with a context to a
// helper) does not inherit the builder's net/http.NewRequest chains. A
// caller that sends it as it is does, and so does one that returns it
// in turn, to its own callers.

const newRequest = "net/http.NewRequest"

// resultVar returns the variable to which body assigns the first
// result of call (a request NewRequest built, a command exec.Command
// made), or nil.
func resultVar(info *types.Info, body ast.Node, call *ast.CallExpr) types.Object {
	var req types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				req = info.ObjectOf(id)
			}
		}
		return req == nil
	})
	return req
}

// requestGetsContext reports whether the request that call returns is
// given a context later in body: req = req.WithContext(ctx) or
// req.Clone(ctx), or req passed together with a context.Context to a
// helper that attaches it (doRequest(ctx, req)).
func requestGetsContext(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	req := resultVar(info, body, call)
	if req == nil {
		return false
	}
	isReq := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == req
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if (n.Sel.Name == "WithContext" || n.Sel.Name == "Clone") && isReq(n.X) {
				// net/http's, or the request type's own (a retrying
				// client's request wrapping one).
				if fn, ok := info.Uses[n.Sel].(*types.Func); ok && fn.Pkg() != nil && (fn.Pkg().Path() == "net/http" || ownMethod(fn, req)) {
					found = true
				}
			}
		case *ast.CallExpr:
			hasReq, hasCtx := false, false
			for _, a := range n.Args {
				if isReq(a) {
					hasReq = true
				} else if t := info.TypeOf(a); t != nil && knowledge.IsContext(t) {
					hasCtx = true
				}
			}
			if hasReq && (hasCtx || takesWriter(info, n)) {
				// Given a context, or handed with a response writer to
				// the next handler: a request dispatched in process
				// (a body rewritten for another route), never sent.
				found = true
			}
		}
		return !found
	})
	return found
}

// requestContextByHelper reports whether call is http.NewRequest whose
// request body hands to a function of this package that gives it a
// context of its own (`*req = *req.WithContext(
// orig.Context())`, an intercepting proxy resuming the request it
// held): the request is sent under that context, not without one.
func (r *Result) requestContextByHelper(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) bool {
	if r == nil || len(r.decls) == 0 || callee == nil || (callee.FullName() != newRequest && !isRequestConstructor(callee)) {
		return false
	}
	req := resultVar(info, body, call)
	if req == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := Callee(info, c)
		if fn == nil {
			return true
		}
		var given []int
		if decl := r.decls[fn]; decl != nil {
			given = requestContextParams(info, fn, decl)
		} else if f := r.Of(fn); f != nil {
			given = f.ReqContext
		}
		for i, a := range c.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == req && slices.Contains(given, i) {
				found = true
			}
		}
		return !found
	})
	return found
}

// requestContextParams returns the *http.Request parameters of fn (with
// declaration decl) to which its body gives a context (setsContext).
func requestContextParams(info *types.Info, fn *types.Func, decl *ast.FuncDecl) []int {
	if decl == nil || decl.Body == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() {
		return nil
	}
	var out []int
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if knowledge.IsPointerTo(p.Type(), "net/http", "Request") && setsContext(info, decl.Body, p) {
			out = append(out, i)
		}
	}
	return out
}

// setsContext reports whether body replaces the request p with one that
// carries a context: p = p.WithContext(…), *p = *p.WithContext(…), or
// Clone.
func setsContext(info *types.Info, body ast.Node, p *types.Var) bool {
	isP := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if st, ok := e.(*ast.StarExpr); ok {
			e = ast.Unparen(st.X)
		}
		id, ok := e.(*ast.Ident)
		return ok && info.Uses[id] == p
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isP(as.Lhs[0]) {
			return !found
		}
		rhs := ast.Unparen(as.Rhs[0])
		if st, ok := rhs.(*ast.StarExpr); ok {
			rhs = ast.Unparen(st.X)
		}
		if c, ok := rhs.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") && isP(sel.X) {
				if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// ownMethod reports whether fn is a method of v's type (or of what it
// points to).
func ownMethod(fn *types.Func, v types.Object) bool {
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() == nil {
		return false
	}
	t := v.Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && recvNamed(fn) == types.Type(n.Origin())
}

// requestReturned reports whether the function whose body is body
// returns the request that call makes: return call, or the variable it
// was assigned to. (A return inside a function literal returns from
// the literal.)
func requestReturned(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	req := resultVar(info, body, call)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				r = ast.Unparen(r)
				if r == call {
					found = true
				}
				if id, ok := r.(*ast.Ident); ok && req != nil && info.Uses[id] == req {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// returnsRequest reports whether fn returns a *net/http.Request: only
// such a function can build a request for its caller.
func returnsRequest(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if ptr, ok := sig.Results().At(i).Type().(*types.Pointer); ok {
			if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Pkg() != nil &&
				named.Obj().Pkg().Path() == "net/http" && named.Obj().Name() == "Request" {
				return true
			}
		}
	}
	return false
}

// isRequestChain reports whether c ends at http.NewRequest.
func isRequestChain(c Chain) bool {
	return len(c.Path) > 0 && c.Path[len(c.Path)-1] == newRequest
}

// WithRequestContext returns f, the fact of the callee of n, as the
// call in body sees it: without the net/http.NewRequest chains of a
// request builder (Fact.Request) whose request body gives a context.
func WithRequestContext(info *types.Info, body ast.Node, n ast.Node, f *Fact) *Fact {
	call, ok := n.(*ast.CallExpr)
	if f == nil || !f.Request || !ok || !requestGetsContext(info, body, call) {
		return f
	}
	var kept []Chain
	for _, c := range f.Chains() {
		if !isRequestChain(c) {
			kept = append(kept, c)
		}
	}
	out := *f
	out.setChains(kept)
	if len(kept) == 0 {
		out.Guards = nil
	}
	return &out
}

// takesWriter reports whether call's function takes an
// http.ResponseWriter: a handler, to which a request is dispatched, not
// sent upstream.
func takesWriter(info *types.Info, call *ast.CallExpr) bool {
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	for i := range sig.Params().Len() {
		if knowledge.IsNamed(sig.Params().At(i).Type(), "net/http", "ResponseWriter") {
			return true
		}
	}
	return false
}
