package facts

import (
	"go/ast"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A *gorm.DB taken as a parameter. A helper that runs its queries on
// the handle its caller gives it (insertChunked(db, items)) ignores the
// request context exactly when a caller passes a handle that never went
// through WithContext: each call site decides, all the way up. So the
// helper's chain is conditional (Chain.Param names the parameter), and
// at each call the argument settles it:
//   - a handle bound to a context (db.WithContext(ctx), a Session with a
//     Context, a helper taking a context, a handle derived from one):
//     the chain is dropped;
//   - the caller's own *gorm.DB parameter: the chain stays conditional,
//     on that parameter, and the caller's callers decide;
//   - anything else (a field, a package variable, a handle built here):
//     the chain is unconditional.
// A request root's own parameter (a handler an adapter gives a handle)
// is trusted: the framework that calls it decides.

// gormSource says where the *gorm.DB that e (in body) evaluates to comes
// from: bound to a context (ctx), or from param, a parameter or the
// receiver of the function whose body is body.
func gormSource(info *types.Info, body ast.Node, e ast.Expr, depth int) (ctx bool, param *types.Var) {
	return gormSourceIn(info, body, e, depth, make(map[*types.Var]bool))
}

// gormSourceIn is gormSource with the local variables already followed:
// a query rebuilt in place (`q = q.Where(…)`, ten times over) names the
// variable in each of its values, and following it again adds nothing
// (without this, the derivation is exponential in the assignments).
func gormSourceIn(info *types.Info, body ast.Node, e ast.Expr, depth int, followed map[*types.Var]bool) (ctx bool, param *types.Var) {
	if depth > maxDerivation {
		return false, nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := Callee(info, x)
		if fn == nil {
			return false, nil
		}
		if fn.Pkg() != nil && isGormPkg(fn.Pkg().Path()) && isMethod(fn) {
			if gormBinds(info, body, fn, x) {
				return true, nil
			}
			// A method chain is finite syntax: its hops do not count
			// toward the derivation depth (a query with nine Where and
			// Joins calls is still one chain).
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return false, nil
			}
			return gormSourceIn(info, body, sel.X, depth, followed)
		}
		// A project helper that takes a context (s.db(ctx)) hands back
		// a *gorm.DB bound to it; one that takes a *gorm.DB and returns
		// one (a pagination or scope helper) hands back the handle it
		// was given.
		for _, a := range x.Args {
			if t := info.TypeOf(a); t != nil && knowledge.IsContext(t) {
				return true, nil
			}
		}
		if builtWithContext(info, body, x) {
			return true, nil
		}
		if t := info.TypeOf(x); t != nil && isGormHandle(t) {
			if recv := wrapperRecv(info, x, fn); recv != nil {
				// A wrapper's own method handing back a wrapper (a
				// copy, a transaction) hands back its receiver's.
				if ctx, param := gormSourceIn(info, body, recv, depth+1, followed); ctx || param != nil {
					return ctx, param
				}
			}
			for _, a := range x.Args {
				if t := info.TypeOf(a); t != nil && isGormHandle(t) {
					if ctx, param := gormSourceIn(info, body, a, depth+1, followed); ctx || param != nil {
						return ctx, param
					}
				}
			}
		}
		return false, nil
	case *ast.SelectorExpr:
		// A wrapper's embedded handle (c.Connection) is the wrapper's.
		if v, ok := info.Uses[x.Sel].(*types.Var); ok && v.Embedded() && isGormHandle(v.Type()) {
			if t := info.TypeOf(x.X); t != nil && embedsHandle(t) {
				return gormSourceIn(info, body, x.X, depth, followed)
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false, nil
		}
		if isParamOf(v, body) && isGormHandle(v.Type()) {
			return false, v
		}
		if isGormHandle(v.Type()) {
			if run, ok := gormCallbackParam(info, body, v); ok {
				if recv := wrapperRecv(info, run, Callee(info, run)); recv != nil {
					// A wrapper's method hands its callback a handle as
					// bound as the wrapper it is called on.
					return gormSourceIn(info, body, recv, depth+1, followed)
				}
				// The handle gorm gives a callback (Transaction's tx) is
				// derived from the receiver of the call that runs it,
				// which is decided (and reported) there.
				return true, nil
			}
		}
		if followed[v] {
			return false, nil
		}
		followed[v] = true
		for _, val := range localValues(info, body, v) {
			if ctx, param := gormSourceIn(info, body, val, depth+1, followed); ctx || param != nil {
				return ctx, param
			}
		}
	}
	return false, nil
}

// builtWithContext reports a method call on a local variable that a
// call given a context made (sq, err := q.newSubQuery(ctx); then
// sq.UnderlyingDB()): a query object built for the context hands back a
// handle bound to it, as a helper given the context does.
func builtWithContext(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	vals := append(localValues(info, body, v), firstResults(info, body, v)...)
	for _, val := range vals {
		c, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok || !hasContextArg(info, c) {
			return false
		}
	}
	return len(vals) > 0
}

// gormCallbackParam returns the call when v is a parameter of a
// function literal in body passed to a gorm method (db.Transaction(
// func(tx *gorm.DB) error {…}), FindInBatches, Connection) or to a
// method of a project's wrapper of a handle.
func gormCallbackParam(info *types.Info, body ast.Node, v *types.Var) (*ast.CallExpr, bool) {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found != nil || !ok {
			return found == nil
		}
		fn := Callee(info, call)
		if fn == nil || fn.Pkg() == nil || !isMethod(fn) || !isGormPkg(fn.Pkg().Path()) && wrapperRecv(info, call, fn) == nil {
			return true
		}
		for _, a := range call.Args {
			lit, ok := ast.Unparen(a).(*ast.FuncLit)
			if !ok || lit.Type.Params == nil {
				continue
			}
			for _, field := range lit.Type.Params.List {
				for _, name := range field.Names {
					if info.Defs[name] == v {
						found = call
					}
				}
			}
		}
		return found == nil
	})
	return found, found != nil
}

// A project type that embeds a handle (type Connection struct {
// *pop.Connection; … }) is a handle too: the embedded connection's
// promoted methods run its queries, so a helper taking the wrapper is
// decided at each call like one taking the connection, and the
// wrapper's own methods that hand back a wrapper (WithContext(ctx),
// Copy, a transaction's callback) carry the context of the receiver or
// of the context they are given.

// embedsHandle reports a pointer to a struct type that embeds a handle.
func embedsHandle(t types.Type) bool { return knowledge.PointerEmbeds(t, isLibHandle) }

// wrapperRecv returns the receiver expression of call when fn is a
// method declared on a wrapper of a handle (not one promoted from the
// embedded handle), called through a selector.
func wrapperRecv(info *types.Info, call *ast.CallExpr, fn *types.Func) ast.Expr {
	if fn == nil || !isMethod(fn) || fn.Pkg() == nil || isGormPkg(fn.Pkg().Path()) || !isWrapperMethod(fn) {
		return nil
	}
	return methodCallRecv(info, call)
}

// isWrapperMethod reports a method declared on a wrapper of a handle.
func isWrapperMethod(fn *types.Func) bool {
	return knowledge.StructEmbeds(recvNamed(fn), isLibHandle)
}

// methodCallRecv returns the receiver expression of call, a method
// called through a selector (x in x.M(…)), or nil.
func methodCallRecv(info *types.Info, call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s, ok := info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
		return nil
	}
	return sel.X
}

// jinzhu/gorm (v1) handles are decided the same way, with BeginTx(ctx,
// opts) as the only binding: v1 has no WithContext.

// pop's connections (gobuffalo/pop and ory/pop) are decided the same
// way too: a *pop.Connection (or a *pop.Query built from one) taken as a
// parameter carries its caller's context when the caller hands it
// conn.WithContext(ctx) (kratos's QueryForCredentials(p.GetConnection(
// ctx).WithContext(ctx), …)), or a transaction's NewTransactionContext.

func isGormPkg(path string) bool {
	return path == gormPkg || path == gormV1Pkg || knowledge.IsPop(path)
}

// isGormHandle reports a *gorm.DB of gorm v2 or of jinzhu/gorm, a pop
// connection or query, or a project's wrapper of one (embedsHandle).
func isGormHandle(t types.Type) bool {
	return isLibHandle(t) || embedsHandle(t)
}

// isLibHandle is isGormHandle for the libraries' own types.
func isLibHandle(t types.Type) bool {
	if knowledge.IsPointerTo(t, gormPkg, "DB") || knowledge.IsPointerTo(t, gormV1Pkg, "DB") {
		return true
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || !knowledge.IsPop(n.Obj().Pkg().Path()) {
		return false
	}
	return n.Obj().Name() == "Connection" || n.Obj().Name() == "Query"
}

// gormBinds reports a gorm method call whose result carries a context:
// v2's WithContext and a Session with a Context, v1's BeginTx.
// A context the request's cancellation never reaches binds nothing:
// db.WithContext(c) with gin's *gin.Context, or with
// context.Background().
func gormBinds(info *types.Info, body ast.Node, fn *types.Func, call *ast.CallExpr) bool {
	if knowledge.IsPop(fn.Pkg().Path()) && (fn.Name() == "WithContext" || fn.Name() == "NewTransactionContext") {
		return len(call.Args) == 0 || detachedKind(info, nil, nil, body, call.Args[0], 0) == 0
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case gormPkg + ".WithContext", gormV1Pkg + ".BeginTx":
		return len(call.Args) == 0 || detachedKind(info, nil, nil, body, call.Args[0], 0) == 0
	case gormPkg + ".Session":
		return len(call.Args) == 1 && hasContextField(call.Args[0])
	}
	return false
}

// isGormFinisher reports a table entry whose context comes from its
// *gorm.DB handle: a v2 finisher (fixed with WithContext) or any v1 one.
func isGormFinisher(callee *types.Func, e knowledge.Entry) bool {
	return e.Fix == knowledge.FixWithContext && knowledge.InPackage(callee, gormPkg) ||
		e.Kind == knowledge.DatabaseNoContext && (knowledge.InPackage(callee, gormV1Pkg) || callee.Pkg() != nil && knowledge.IsPop(callee.Pkg().Path()))
}

// gormCondition settles a gorm finisher call of fn's body: bound says
// its handle carries a context (or comes from fn's receiver, which fn's
// callers cannot pass); otherwise param, when not zero, is 1 + the index
// of fn's parameter the handle comes from.
func gormCondition(info *types.Info, fn *types.Func, body ast.Node, call *ast.CallExpr) (bound bool, param int) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false, 0
	}
	ctx, v := gormSource(info, body, sel.X, 0)
	if ctx {
		return true, 0
	}
	if v == nil {
		return false, 0
	}
	if p := handleParam(fn, v); p != 0 {
		return false, p
	}
	return true, 0 // the receiver, or a parameter of a literal's enclosing function
}

// handleParam returns the Chain.Param that v, a handle's source, makes
// a chain of fn's conditional on: 1 + the index of fn's parameter v,
// recvParam for the receiver of a wrapper's method, 0 for neither.
func handleParam(fn *types.Func, v *types.Var) int {
	if i := paramIndex(fn, v); i >= 0 {
		return i + 1
	}
	if isWrapperRecv(fn, v) {
		return recvParam
	}
	return 0
}

// recvParam is the Chain.Param of a chain that runs on the receiver of
// a wrapper's method: the call's receiver decides it, as an argument
// decides a parameter's.
const recvParam = -1

// isWrapperRecv reports whether v is the receiver of fn, a method of a
// wrapper of a handle.
func isWrapperRecv(fn *types.Func, v *types.Var) bool {
	if fn == nil || !isMethod(fn) {
		return false
	}
	return fn.Type().(*types.Signature).Recv() == v && isWrapperMethod(fn)
}

func paramIndex(fn *types.Func, v *types.Var) int {
	if fn == nil {
		return -1
	}
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			return i
		}
	}
	return -1
}

// resolveAt decides the conditional chains of a callee at call, a call
// in body (of fn, nil for a request root or a literal): see above.
func resolveAt(info *types.Info, fn *types.Func, body ast.Node, call *ast.CallExpr, chains []Chain) []Chain {
	conditional := false
	for _, c := range chains {
		conditional = conditional || c.Param != 0
	}
	if !conditional {
		return chains
	}
	out := make([]Chain, 0, len(chains))
	for _, c := range chains {
		if c.Param == 0 {
			out = append(out, c)
			continue
		}
		i := c.Param - 1
		c.Param = 0
		var arg ast.Expr
		switch {
		case call == nil:
		case i == recvParam-1:
			arg = methodCallRecv(info, call)
		case i < len(call.Args) && !(call.Ellipsis.IsValid() && i >= len(call.Args)-1):
			arg = call.Args[i]
		}
		if arg == nil {
			// A function value, or an argument the call spreads: the
			// handle is not in sight.
			out = append(out, c)
			continue
		}
		ctx, v := gormSource(info, body, arg, 0)
		switch {
		case ctx:
			continue
		case v != nil:
			if p := handleParam(fn, v); p != 0 {
				c.Param = p
			} else if v.Kind() != types.RecvVar {
				continue // a root's own parameter: trusted
			} // (a root's receiver: built before any request)
		}
		out = append(out, c)
	}
	return out
}

// AtCall returns f with its conditional chains decided at the call n in
// body, a request root's (see resolveAt), or, when n is not a call (a
// function registered as a handler), without them; nil when no chain is
// left.
func (r *Result) AtCall(info *types.Info, body ast.Node, n ast.Node, f *Fact) *Fact {
	if f == nil || len(f.Block) == 0 {
		return f
	}
	chains := f.Chains()
	call, _ := n.(*ast.CallExpr)
	var resolved []Chain
	if call == nil {
		// A function registered or passed as a handler: whoever calls
		// it gives the handle (trusted, like a root's parameter).
		for _, c := range chains {
			switch c.Param {
			case 0:
				resolved = append(resolved, c)
			case recvParam:
				// A method value's receiver is one value built
				// before any request.
				c.Param = 0
				resolved = append(resolved, c)
			}
		}
	} else {
		resolved = resolveAt(info, nil, body, call, chains)
	}
	if len(resolved) == len(chains) {
		same := true
		for i := range chains {
			same = same && chains[i].Param == resolved[i].Param
		}
		if same {
			return f
		}
	}
	// One chain per leaf, the first kept.
	seen := make(map[string]bool)
	var kept []Chain
	for _, c := range resolved {
		if leaf := c.leafKey(); !seen[leaf] {
			seen[leaf] = true
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	g := *f
	g.setChains(kept)
	return &g
}

// gormTxWithContext reports whether call, a gorm Transaction(fc), runs
// every statement of its callback with a live context: fc is a literal
// whose transaction handle is used only as tx.WithContext(ctx), or
// given one by its first statement (tx = tx.WithContext(ctx)), with
// ctx not detached.
// Only BEGIN and COMMIT then run on the handle's own context; a
// statement the client's going away cancels fails, and the callback's
// error rolls the transaction back.
func gormTxWithContext(info *types.Info, body ast.Node, call *ast.CallExpr) bool {
	if len(call.Args) == 0 {
		return false
	}
	lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit)
	if !ok || lit.Type.Params == nil || len(lit.Type.Params.List) == 0 || len(lit.Type.Params.List[0].Names) == 0 {
		return false
	}
	tx := info.Defs[lit.Type.Params.List[0].Names[0]]
	if tx == nil {
		return false
	}
	// live returns tx's use in e when e is tx.WithContext(ctx) with a
	// context that is not detached, or nil.
	live := func(e ast.Expr) *ast.Ident {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return nil
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "WithContext" {
			return nil
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok || info.Uses[id] != tx || detachedKind(info, nil, nil, body, c.Args[0], 0) != 0 {
			return nil
		}
		return id
	}
	if len(lit.Body.List) > 0 {
		// tx = tx.WithContext(ctx) first: every statement after it
		// has the context.
		if as, ok := lit.Body.List[0].(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && live(as.Rhs[0]) != nil {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && info.Uses[id] == tx {
				return true
			}
		}
	}
	given := make(map[*ast.Ident]bool) // tx's uses as tx.WithContext(ctx)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id := live(c); id != nil {
				given[id] = true
			}
		}
		return true
	})
	if len(given) == 0 {
		return false
	}
	every := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == tx && !given[id] {
			every = false
		}
		return every
	})
	return every
}
