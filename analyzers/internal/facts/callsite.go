package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Call-site exemptions: table entries whose call is harmless in this
// place, as the code around it shows.
//   - http.NewRequest whose request gets a context later
//     (ContextAttachedLater);
//   - a gorm finisher whose *gorm.DB went through WithContext (or a
//     Session with a Context; for jinzhu/gorm v1, BeginTx(ctx, opts), its
//     only way to carry a context) in the chain, or comes from a variable
//     assigned such a chain, from a call that takes a context (a
//     project's db(ctx) helper), or from a parameter of the function
//     (decided at its call sites: gormparam.go);
//   - an afero call on a file system that is visibly a MemMapFs;
//   - a go-resty request whose chain has SetContext(ctx), or whose
//     variable is given one (req.SetContext(ctx), or req handed to a
//     function value or to a call together with a context), or that is
//     a parameter (its caller decides);
//   - a stripe-go call whose params visibly set Context (in the
//     literal's Params or ListParams, by an assignment to the variable's
//     Context field), come from a call that takes a context, or are a
//     parameter;
//   - a go-redis v6/v7 command queued on a pipeline (the pipeline's Exec
//     is the round trip), a call on a v7 client derived from
//     WithContext(ctx) (v6's WithContext is not used by its commands).

const (
	gormPkg   = "gorm.io/gorm"
	gormV1Pkg = "github.com/jinzhu/gorm"
	aferoPkg  = "github.com/spf13/afero"
)

// callSites holds what the exemptions need beyond one function body.
type callSites struct {
	files []*ast.File
	info  *types.Info
	// pkgValues are the values assigned to package-level variables
	// anywhere in the package, computed on first use.
	pkgValues     map[types.Object][]ast.Expr
	pkgValuesOnce sync.Once
}

func newCallSites(pass *analysis.Pass) *callSites {
	return &callSites{files: pass.Files, info: pass.TypesInfo}
}

// Exempt reports whether call, a call of the blocking table's callee e
// found in body, is harmless where it stands (see callsite.go).
func (r *Result) Exempt(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func, e knowledge.Entry) bool {
	if ContextAttachedLater(info, body, call, callee) || r.requestContextByHelper(info, body, call, callee) {
		return true
	}
	if callee == nil || callee.Pkg() == nil {
		return false
	}
	if pseudoFileRead(info, call, callee) {
		return true
	}
	switch callee.Pkg().Path() {
	case "os/exec":
		return callee.Name() == "Command" && killedOnDone(info, body, call)
	case "time":
		return callee.Name() == "Sleep" && pacedUnderContext(info, body, call)
	case gormPkg, gormV1Pkg:
		return isGormFinisher(callee, e) && (gormHasContext(info, body, call, 0) || callee.Name() == "Transaction" && gormTxWithContext(info, body, call))
	case aferoPkg:
		var cs *callSites
		if r != nil {
			cs = r.callsites
		}
		return aferoInMemory(info, body, cs, call, callee)
	}
	path := callee.Pkg().Path()
	switch {
	case isResty(path):
		return receiverBound(info, body, call, &restyBinder)
	case knowledge.IsXorm(path):
		return receiverBound(info, body, call, &xormBinder)
	case knowledge.IsDbx(path):
		return receiverBound(info, body, call, &dbxBinder)
	case knowledge.IsPop(path):
		return receiverBound(info, body, call, &popBinder)
	case knowledge.IsStripePackage(path):
		return stripeContextSet(info, body, call, callee)
	case knowledge.IsRedisV6V7(path):
		if RedisQueued(info, call, callee) {
			return true
		}
		if path == redisV7 {
			return receiverBound(info, body, call, &redisV7Binder)
		}
		return receiverBound(info, body, call, &redisV6Binder)
	}
	return false
}

// GormChainRoot returns the root of the *gorm.DB method chain that call
// finishes (db in db.Where(...).First(&u)), where .WithContext(ctx)
// goes.
func GormChainRoot(info *types.Info, call *ast.CallExpr) ast.Expr {
	return gormChain(info, call, nil)
}

// GormDetachedArg returns the context argument of a WithContext in the
// finisher call's chain that the request's cancellation never reaches
// (db.WithContext(c).Find(&v) with gin's *gin.Context), and its kind:
// the fix passes the request's context there.
func GormDetachedArg(info *types.Info, call *ast.CallExpr) (arg ast.Expr, kind knowledge.Kind) {
	gormChain(info, call, func(inner *ast.CallExpr, fn *types.Func) bool {
		if fn.Name() != "WithContext" || len(inner.Args) != 1 {
			return true
		}
		if k := detachedKind(info, nil, nil, nil, inner.Args[0], 0); k != 0 {
			arg, kind = inner.Args[0], k
		}
		return false
	})
	return arg, kind
}

// gormChain walks the gorm method calls of the chain that call finishes,
// from the finisher's receiver outwards, handing each to visit (nil:
// all) until it returns false, and returns the chain's root (nil when
// call is no method call, or visit stopped the walk).
func gormChain(info *types.Info, call *ast.CallExpr, visit func(inner *ast.CallExpr, fn *types.Func) bool) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x := ast.Unparen(sel.X)
	for {
		inner, ok := x.(*ast.CallExpr)
		if !ok {
			return x
		}
		fn := Callee(info, inner)
		isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if fn == nil || !ok || fn.Pkg() == nil || fn.Pkg().Path() != gormPkg || !isMethod(fn) {
			return x
		}
		if visit != nil && !visit(inner, fn) {
			return nil
		}
		x = ast.Unparen(isel.X)
	}
}

const maxDerivation = 8

// gormHasContext reports whether the receiver of the finisher call
// carries a context.
func gormHasContext(info *types.Info, body ast.Node, call *ast.CallExpr, depth int) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && gormDerived(info, body, sel.X, depth)
}

func gormDerived(info *types.Info, body ast.Node, e ast.Expr, depth int) bool {
	ctx, param := gormSource(info, body, e, depth) // gormparam.go
	// A root's receiver (a service struct embedding the handle) is
	// built once, not handed a context by the framework.
	return ctx || param != nil && param.Kind() != types.RecvVar
}

func hasContextField(e ast.Expr) bool {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Context" {
				return true
			}
		}
	}
	return false
}

// isParamOf reports whether v is a parameter or receiver of the function
// whose body is body: its scope is the function's, which ends with the
// body.
func isParamOf(v *types.Var, body ast.Node) bool {
	s := v.Parent()
	return s != nil && v.Pos() < body.Pos() && s.End() == body.End()
}

// localValues returns the expressions assigned to v inside body.
func localValues(info *types.Info, body ast.Node, v *types.Var) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.ObjectOf(id) == v {
					out = append(out, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, id := range n.Names {
				if info.Defs[id] == v {
					out = append(out, n.Values[i])
				}
			}
		}
		return true
	})
	return out
}

// firstResults returns the calls whose first result is assigned to v
// inside body with the others (h, err := open(...)): a handle and its
// error.
func firstResults(info *types.Info, body ast.Node, v *types.Var) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Rhs) == 1 && len(a.Lhs) > 1 {
			if _, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr); ok {
				if id, ok := a.Lhs[0].(*ast.Ident); ok && info.ObjectOf(id) == v {
					out = append(out, a.Rhs[0])
				}
			}
		}
		return true
	})
	return out
}

// aferoInMemory reports whether the file system an afero call works on
// is visibly a MemMapFs: the receiver of an Fs or Afero method, or the
// first argument of a package function.
func aferoInMemory(info *types.Info, body ast.Node, cs *callSites, call *ast.CallExpr, callee *types.Func) bool {
	var fsExpr ast.Expr
	if isMethod(callee) {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fsExpr = sel.X
	} else if len(call.Args) > 0 {
		fsExpr = call.Args[0]
	}
	return fsExpr != nil && memFS(info, body, cs, fsExpr, 0)
}

func memFS(info *types.Info, body ast.Node, cs *callSites, e ast.Expr, depth int) bool {
	if depth > maxDerivation {
		return false
	}
	if t := info.TypeOf(e); t != nil && (knowledge.IsPointerTo(t, aferoPkg, "MemMapFs") || knowledge.IsNamed(t, aferoPkg, "MemMapFs")) {
		return true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := Callee(info, x)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != aferoPkg || isMethod(fn) {
			return false
		}
		switch fn.Name() {
		case "NewMemMapFs":
			return true
		case "NewReadOnlyFs", "NewBasePathFs", "NewCacheOnReadFs", "NewCopyOnWriteFs", "NewRegexpFs":
			// Wrappers: in memory when the file systems they wrap are.
			n := 0
			for _, a := range x.Args {
				if t := info.TypeOf(a); t != nil && knowledge.IsNamed(t, aferoPkg, "Fs") {
					if !memFS(info, body, cs, a, depth+1) {
						return false
					}
					n++
				}
			}
			return n > 0
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return memFS(info, body, cs, x.X, depth+1)
		}
	case *ast.CompositeLit:
		// afero.Afero{Fs: fs}
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Fs" {
					return memFS(info, body, cs, kv.Value, depth+1)
				}
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		var vals []ast.Expr
		if v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			if cs == nil {
				return false
			}
			vals = cs.packageValues(v)
		} else {
			vals = localValues(info, body, v)
		}
		if len(vals) == 0 {
			return false
		}
		for _, val := range vals {
			if !memFS(info, body, cs, val, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// packageValues returns every value assigned to the package-level
// variable v in the package's files (its initializer and assignments in
// any function).
func (cs *callSites) packageValues(v *types.Var) []ast.Expr {
	cs.pkgValuesOnce.Do(func() {
		cs.pkgValues = make(map[types.Object][]ast.Expr)
		for _, f := range cs.files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) != len(n.Rhs) {
						return true
					}
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							if obj := cs.info.ObjectOf(id); obj != nil && obj.Parent() == obj.Pkg().Scope() {
								cs.pkgValues[obj] = append(cs.pkgValues[obj], n.Rhs[i])
							}
						}
					}
				case *ast.ValueSpec:
					if len(n.Names) != len(n.Values) {
						return true
					}
					for i, id := range n.Names {
						if obj := cs.info.Defs[id]; obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
							cs.pkgValues[obj] = append(cs.pkgValues[obj], n.Values[i])
						}
					}
				}
				return true
			})
		}
	})
	return cs.pkgValues[v]
}

func isMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// A binder says how a library's handle (a query chain, a request, a
// client) comes to carry a context.
type binder struct {
	// lib reports the library's package paths.
	lib func(path string) bool
	// binds reports a method of the library whose result carries a
	// context (and, with inPlace, that gives one to its receiver).
	binds func(fn *types.Func) bool
	// param reports the type of a parameter that carries its caller's
	// context, or is nil.
	param func(t types.Type) bool
	// fresh reports a method that makes a new handle, with no context
	// whatever its receiver carries (resty's client.R()), or is nil.
	fresh func(fn *types.Func) bool
	// inPlace: binds mutates the handle, so a call on a variable binds
	// the variable (resty's req.SetContext(ctx) as a statement).
	inPlace bool
}

const redisV7 = "github.com/go-redis/redis/v7"

var (
	restyBinder = binder{lib: isResty, binds: methodNamed("SetContext"), inPlace: true,
		param: func(t types.Type) bool { return isRestyType(t, "Request") },
		fresh: isRestyRequestStart}
	// An xorm session's Context(ctx) sets its context and returns it; a
	// *xorm.Session parameter carries its caller's.
	xormBinder = binder{lib: knowledge.IsXorm, binds: methodNamed("Context"), inPlace: true,
		param: knowledge.IsXormSession}
	// A dbx query (or the DB it is built from) takes its context from
	// WithContext(ctx); one run on a transaction begun with BeginTx(ctx,
	// opts) is bound to that context through its connection.
	dbxBinder = binder{lib: knowledge.IsDbx, binds: func(fn *types.Func) bool {
		return isMethod(fn) && (fn.Name() == "WithContext" || fn.Name() == "BeginTx")
	}}
	// A pop connection (and the queries built from it) takes its
	// context from WithContext(ctx), or from NewTransactionContext(ctx)
	// for a transaction.
	popBinder = binder{lib: knowledge.IsPop, binds: func(fn *types.Func) bool {
		return isMethod(fn) && (fn.Name() == "WithContext" || fn.Name() == "NewTransactionContext")
	}}
	// v6's WithContext stores a context that no command uses.
	redisV6Binder = binder{lib: knowledge.IsRedisV6V7, binds: func(*types.Func) bool { return false }}
	redisV7Binder = binder{lib: knowledge.IsRedisV6V7, binds: methodNamed("WithContext")}
)

func methodNamed(name string) func(*types.Func) bool {
	return func(fn *types.Func) bool { return fn.Name() == name && isMethod(fn) }
}

// restyPaths are go-resty v2 and v1 (under its module path).
func isResty(path string) bool {
	return path == "github.com/go-resty/resty/v2" || path == "gopkg.in/resty.v1"
}

func isRestyType(t types.Type, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && isResty(n.Obj().Pkg().Path()) && n.Obj().Name() == name
}

// receiverBound reports whether the receiver of the method call call
// carries a context, by b's rules.
func receiverBound(info *types.Info, body ast.Node, call *ast.CallExpr, b *binder) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && bound(info, body, sel.X, b, 0)
}

func bound(info *types.Info, body ast.Node, e ast.Expr, b *binder, depth int) bool {
	if depth > maxDerivation {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := Callee(info, x)
		if fn == nil {
			return false
		}
		if fn.Pkg() != nil && b.lib(fn.Pkg().Path()) {
			if b.binds(fn) {
				return true
			}
			if b.fresh != nil && b.fresh(fn) {
				return false
			}
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && isMethod(fn) {
				return bound(info, body, sel.X, b, depth+1)
			}
			return false
		}
		// A project helper that takes a context (s.db(ctx)) hands back
		// a handle bound to it; a wrapper's method handing back a
		// wrapper (a copy) hands back its receiver's (gormparam.go).
		if hasContextArg(info, x) {
			return true
		}
		if recv := wrapperRecv(info, x, fn); recv != nil {
			return bound(info, body, recv, b, depth+1)
		}
		return false
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		if b.param != nil && isParamOf(v, body) && b.param(v.Type()) {
			return true
		}
		if isGormHandle(v.Type()) {
			if run, ok := gormCallbackParam(info, body, v); ok {
				// The handle a transaction hands its callback: as bound
				// as the wrapper it runs on, or, for the library's own,
				// decided (and reported) at the call that runs it.
				if recv := wrapperRecv(info, run, Callee(info, run)); recv != nil {
					return bound(info, body, recv, b, depth+1)
				}
				return true
			}
		}
		for _, val := range append(localValues(info, body, v), firstResults(info, body, v)...) {
			if bound(info, body, val, b, depth+1) {
				return true
			}
		}
		return b.inPlace && boundInPlace(info, body, v, b)
	}
	return false
}

// boundInPlace reports whether the variable v is given a context in
// body: a binding method called on it, or v handed to a function value
// (a callback that may set one: alist's Request(url, method,
// func(req *resty.Request) { req.SetContext(ctx) })) or to a call
// together with a context.
func boundInPlace(info *types.Info, body ast.Node, v *types.Var, b *binder) bool {
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := Callee(info, call)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && isV(sel.X) &&
			fn != nil && fn.Pkg() != nil && b.lib(fn.Pkg().Path()) && b.binds(fn) {
			found = true
			return false
		}
		if !slices.ContainsFunc(call.Args, isV) {
			return true
		}
		if fn == nil && isDynamicCall(info, call) || hasContextArg(info, call) {
			found = true
		}
		return !found
	})
	return found
}

// isDynamicCall reports a call of a function value (not a conversion or
// a builtin).
func isDynamicCall(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	if !ok || tv.IsType() || tv.IsBuiltin() {
		return false
	}
	_, ok = tv.Type.Underlying().(*types.Signature)
	return ok
}

func hasContextArg(info *types.Info, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if t := info.TypeOf(a); t != nil && knowledge.IsContext(t) {
			return true
		}
	}
	return false
}

// RestyRequestStart returns the call that makes the go-resty request
// that call sends (client.R() in client.R().SetHeader(...).Get(u)),
// where .SetContext(ctx) goes, or nil when the chain does not start
// with one.
func RestyRequestStart(info *types.Info, call *ast.CallExpr) *ast.CallExpr {
	x := call
	for range maxDerivation {
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return nil
		}
		fn := Callee(info, inner)
		if fn == nil || fn.Pkg() == nil || !isResty(fn.Pkg().Path()) {
			return nil
		}
		if isRestyRequestStart(fn) {
			return inner
		}
		x = inner
	}
	return nil
}

// isRestyRequestStart reports resty's R and NewRequest (a client's, or
// v1's package-level R): a new request.
func isRestyRequestStart(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && (fn.Name() == "R" || fn.Name() == "NewRequest") && sig.Results().Len() == 1 && isRestyType(sig.Results().At(0).Type(), "Request")
}

// RedisQueued reports whether call is a go-redis v6/v7 command on a
// pipeline, which only queues it: the pipeline's Exec (or the
// Pipelined/TxPipelined that runs the callback) does the round trip.
func RedisQueued(info *types.Info, call *ast.CallExpr, callee *types.Func) bool {
	return knowledge.RedisCommand(callee) && onRedisPipeline(info, call)
}

// stripeContextSet reports whether a stripe-go call's params carry a
// context.
func stripeContextSet(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) bool {
	sig, ok := callee.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i, a := range call.Args {
		if i < sig.Params().Len() && knowledge.StripeParams(sig.Params().At(i).Type()) && stripeParamsContext(info, body, a, 0) {
			return true
		}
	}
	return false
}

func stripeParamsContext(info *types.Info, body ast.Node, e ast.Expr, depth int) bool {
	if depth > maxDerivation {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return x.Op == token.AND && stripeParamsContext(info, body, x.X, depth+1)
	case *ast.CompositeLit:
		// &stripe.ChargeParams{Params: stripe.Params{Context: ctx}}: the
		// embedded options, keyed by their type's name.
		for _, elt := range x.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok || (id.Name != "Params" && id.Name != "ListParams") {
				continue
			}
			lit, ok := ast.Unparen(kv.Value).(*ast.CompositeLit)
			if !ok || hasContextField(lit) {
				return true // options built elsewhere may carry one
			}
		}
		return false
	case *ast.CallExpr:
		return hasContextArg(info, x) // newParams(ctx)
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		if isParamOf(v, body) {
			return true // its caller decides
		}
		for _, val := range localValues(info, body, v) {
			if stripeParamsContext(info, body, val, depth+1) {
				return true
			}
		}
		return contextFieldAssigned(info, body, v)
	}
	return false
}

// contextFieldAssigned reports an assignment in body to a context field
// reached from v (params.Context = ctx, params.Params.Context = ctx), or
// to its embedded options as a whole (params.Params = ...).
func contextFieldAssigned(info *types.Info, body ast.Node, v *types.Var) bool {
	rootIs := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
			case *ast.Ident:
				return info.Uses[x] == v
			default:
				return false
			}
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found {
			return !found
		}
		for _, l := range as.Lhs {
			sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
			if !ok || !rootIs(sel.X) {
				continue
			}
			t := info.TypeOf(sel)
			if t != nil && (knowledge.IsContext(t) || knowledge.StripeOptions(t)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// pseudoFileRead reports a read of a file of the kernel's pseudo file
// systems, a constant path under /proc/ or /sys/
// (`os.ReadFile("/proc/sys/fs/fuse/max_pages_limit")`): the kernel
// answers from memory, and no disk or network is waited on.
func pseudoFileRead(info *types.Info, call *ast.CallExpr, callee *types.Func) bool {
	if call == nil || len(call.Args) == 0 || callee.Pkg() == nil {
		return false
	}
	switch callee.Pkg().Path() + "." + callee.Name() {
	case "os.ReadFile", "os.Open", "os.ReadDir", "os.Stat", "os.Lstat", "io/ioutil.ReadFile", "io/ioutil.ReadDir":
	default:
		return false
	}
	if callee.Type().(*types.Signature).Recv() != nil {
		return false
	}
	tv, ok := info.Types[ast.Unparen(call.Args[0])]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	path := constant.StringVal(tv.Value)
	return strings.HasPrefix(path, "/proc/") || strings.HasPrefix(path, "/sys/")
}
