package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// What runs once per process is not a per-request cost. A request that
// happens to be the first pays for it, every later one does not, so a
// blocking call there is not reported as blocking the request path (it
// is kept in the fact as Once, for explanations and tests).
//
// The rule, decided from real services (loggers opened in sync.Once,
// stores created lazily, configurations loaded on first use, cached
// capabilities):
//
//   - the argument of (*sync.Once).Do runs once; sync.OnceFunc,
//     OnceValue and OnceValues return a function whose calls are
//     dynamic and never followed;
//   - fill-if-unset: `if L == nil { … L = v … }` (also `L == ""`,
//     `len(L) == 0`, `L == 0`, `!L` for a flag, and any of those
//     combined with || or &&), where L is a memo location (a package
//     variable, or a field of one, or a field of the method's receiver)
//     and the body assigns L: the body runs once per process (once per
//     receiver, which for a server or a store is the same);
//   - refresh-if-stale: more generally, an if statement whose condition
//     reads a memo location and whose body assigns it (`if
//     info.ModTime().After(u.lastRead) { … u.lastRead = now }`) runs
//     when the memo is unset or stale, not on every request;
//   - a cache object: a statement that returns on a hit of a method
//     lookup on a long-lived cache (`if v, ok := s.cache.Get(k); ok {
//     return v }`), followed by a call of another method on the same
//     cache (`s.cache.Set(k, v)`): the statements between fill it;
//   - return-if-set: `if L != nil { return … }` (also `len(L) > 0`,
//     `L != ""`, a flag `L`, and `if v, ok := M[k]; ok { return … }`
//     for a map M held in a package variable or field) followed in the
//     same block by an assignment to L (or M[k]): the rest of the
//     block after the guard fills a memo or a cache (the statements
//     after the assignment too: a memo set empty first, then filled in
//     place), and later requests take the early return. When L is
//     filled elsewhere in the package instead (a cache that stores the
//     computed value and sets the flag on the value it caches), the
//     rest of the block after the guard is the miss path and is not
//     per-request either.
//
// Locals and parameters other than the receiver are never memo
// locations: a local variable, or a field of a value built for this
// request, is new on every call. The checks are on types and objects,
// never on names.
//
// Error branches are not per-request work either: the body (not the
// else) of `if E != nil` for an expression E of type error, or of an if
// whose condition calls errors.Is or errors.As, runs only when
// something failed. A blocking call there (reading a key to explain an
// authorization error, a fallback fetch) is not what a typical request
// pays.

// onceRegions returns the source ranges of body that run once per
// process (or once per cache key) rather than on every call.
func (r *Result) onceRegions(info *types.Info, recv types.Object, body ast.Node) []span {
	return r.onceRegionsIn(info, recv, nil, body)
}

// onceRegionsIn is onceRegions for body of lit, a function literal
// (nil: none): what lit captures from the function around it outlives
// each call (see memoCtx.captured).
func (r *Result) onceRegionsIn(info *types.Info, recv types.Object, lit *ast.FuncLit, body ast.Node) []span {
	filled, empty := r.memoSets()
	var decls map[*types.Func]*ast.FuncDecl
	if r != nil {
		decls = r.decls
	}
	return onceRegions(info, recv, lit, body, decls, filled, empty, r.onceArg)
}

// onceRegions returns the source ranges of body that run once per
// process (or once per cache key) rather than on every call. onceArg
// (nil: none) says which function arguments a callee runs only once.
func onceRegions(info *types.Info, recv types.Object, lit *ast.FuncLit, body ast.Node, decls map[*types.Func]*ast.FuncDecl, filled map[memo]bool, empty map[types.Object]bool, onceArg func(*types.Func, int) bool) []span {
	mc := memoCtx{info: info, recv: recv, lit: lit, decls: decls, filled: filled}
	if body == nil {
		return nil
	}
	var out []span
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			// A literal's own memo shapes are its own; a literal that
			// is called inline is still walked for them.
			return true
		case *ast.CallExpr:
			if onceArg != nil && len(n.Args) > 0 {
				// A function argument the callee calls only on a once or
				// miss path (a generic GetInstance(constructor)).
				if fn := Callee(info, n); fn != nil {
					for i, a := range n.Args {
						if onceArg(fn, i) {
							out = append(out, span{a.Pos(), a.End()})
						}
					}
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); !ok || sel.Sel.Name != "Do" || len(n.Args) != 1 {
				break
			}
			if fn := Callee(info, n); knowledge.InPackage(fn, "sync") && fn.FullName() == "(*sync.Once).Do" {
				out = append(out, span{n.Args[0].Pos(), n.Args[0].End()})
			}
		case *ast.IfStmt:
			if errorBranch(info, n.Cond) || errorResponse(info, n.Body, decls) || rejects(info, n.Body) || recovered(info, n) {
				out = append(out, span{n.Body.Pos(), n.Body.End()})
				return true
			}
			if expiryBody(info, decls, n.Cond) {
				// A refresh once a deadline has passed (expiry.go).
				out = append(out, span{n.Body.Pos(), n.Body.End()})
				return true
			}
			if n.Else != nil && successBranch(info, n.Cond) {
				// The else of `if err == nil` runs when it failed.
				out = append(out, span{n.Else.Pos(), n.Else.End()})
			}
			if hitOnEmpty(info, n, empty) {
				// A lookup in a map nothing ever fills cannot hit.
				out = append(out, span{n.Body.Pos(), n.Body.End()})
				return true
			}
			locs := mc.unsetChecks(n.Cond)
			if len(locs) == 0 {
				locs = mc.memosRead(n.Cond)
			}
			if len(locs) > 0 && mc.assignsAny(n.Body, locs) {
				out = append(out, span{n.Body.Pos(), n.Body.End()})
			}
		case *ast.RangeStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && empty[info.Uses[id]] {
				// A loop over a package slice (or map) that nothing
				// ever fills has nothing to run.
				out = append(out, span{n.Body.Pos(), n.Body.End()})
				return true
			}
		case *ast.BlockStmt:
			out = append(out, mc.returnIfSet(n.List)...)
			out = append(out, mc.missFill(n.List)...)
			out = append(out, afterSuccessReturn(info, n.List, n.End(), decls)...)
			out = append(out, afterFreshReturn(info, n.List, n.End(), decls)...)
			out = append(out, afterNoPanicReturn(info, n.List, n.End())...)
		case *ast.CaseClause:
			out = append(out, mc.returnIfSet(n.Body)...)
		case *ast.CommClause:
			out = append(out, mc.returnIfSet(n.Body)...)
		}
		return true
	})
	out = append(out, retryWaits(info, body)...)
	return append(out, failureFlags(info, body, out)...)
}

// failureFlags returns the code a local bool flag says runs only when
// something failed. The flag starts false and is only ever set to true.
// Set only inside the regions found so far (error branches), the body
// of `if flag` is the failure path, the cleanup a deferred function does
// when a later step of the request failed:
//
//	cleanUp := false
//	defer func() {
//		if cleanUp {
//			store.Delete(name)
//		}
//	}()
//	if err := thumbnail(name); err != nil {
//		cleanUp = true
//		return err
//	}
//
// Set elsewhere (on success, at the end), the body of `if !flag` in a
// deferred function runs only when the function returned before that,
// early, on failure: the rollback unless committed.
//
//	committed := false
//	defer func() {
//		if !committed {
//			tx.Rollback()
//		}
//	}()
//	…
//	committed = true
func failureFlags(info *types.Info, body ast.Node, regions []span) []span {
	type flag struct{ onlyTrue, onFailure bool }
	flags := make(map[types.Object]*flag)
	var deferred []span // bodies of deferred function literals
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				deferred = append(deferred, span{lit.Body.Pos(), lit.Body.End()})
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && isBool(v.Type()) && (len(n.Values) == 0 || len(n.Values) == len(n.Names) && isFalse(info, n.Values[i])) {
					flags[v] = &flag{onlyTrue: true, onFailure: true}
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Defs[id].(*types.Var); ok && n.Tok == token.DEFINE {
					if _, seen := flags[v]; !seen && isBool(v.Type()) && len(n.Rhs) == len(n.Lhs) && isFalse(info, n.Rhs[i]) {
						flags[v] = &flag{onlyTrue: true, onFailure: true}
					}
					continue
				}
				f := flags[info.Uses[id]]
				if f == nil {
					continue
				}
				if len(n.Rhs) != len(n.Lhs) || !isTrue(info, n.Rhs[i]) {
					f.onlyTrue = false
				} else if !inSpans(regions, n.Pos()) {
					f.onFailure = false
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if f := flags[info.Uses[id]]; f != nil {
					f.onlyTrue = false
				}
			}
		}
		return true
	})
	any := false
	for _, f := range flags {
		any = any || f.onlyTrue && (f.onFailure || len(deferred) > 0)
	}
	if !any {
		return nil // most bodies: no flag to look for
	}
	var out []span
	ast.Inspect(body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Else != nil {
			return true
		}
		cond, negated := ast.Unparen(ifs.Cond), false
		if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			cond, negated = ast.Unparen(u.X), true
		}
		id, ok := cond.(*ast.Ident)
		if !ok {
			return true
		}
		f := flags[info.Uses[id]]
		switch {
		case f == nil || !f.onlyTrue:
		case !negated && f.onFailure,
			negated && !f.onFailure && inSpans(deferred, ifs.Pos()):
			out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
		}
		return true
	})
	return out
}

func isFalse(info *types.Info, e ast.Expr) bool { return isBoolConst(info, e, false) }
func isTrue(info *types.Info, e ast.Expr) bool  { return isBoolConst(info, e, true) }

func isBoolConst(info *types.Info, e ast.Expr, want bool) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) == want
}

// successBranch reports a condition E == nil for an E of type error:
// its else runs only when something failed (`if _, err := os.Stat(p);
// err == nil { … } else { create p }`).
func successBranch(info *types.Info, cond ast.Expr) bool {
	e, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || e.Op != token.EQL {
		return false
	}
	x, y := e.X, e.Y
	if isNil(info, x) {
		x, y = y, x
	}
	return isNil(info, y) && knowledge.IsError(info.TypeOf(x))
}

// afterSuccessReturn returns the rest of a block after an `if err ==
// nil { ...; return }` without an else: it runs only when err is not
// nil, the fallback of a call that failed (create the missing parent
// directories, then try again). Not when that return answers with an
// error: then the call's success is what rejects the request (a recent
// code found: "too frequent"), and the rest is the usual path.
//
//	dirfd, name, err := fs.safePath(path)
//	if err == nil {
//		return fs.openat(dirfd, name)
//	}
//	fs.MkdirAll(parent) // only when the parent is missing
func afterSuccessReturn(info *types.Info, list []ast.Stmt, end token.Pos, decls map[*types.Func]*ast.FuncDecl) []span {
	for i, st := range list {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Else != nil || !successBranch(info, ifs.Cond) || !endsInReturn(ifs.Body) || errorResponse(info, ifs.Body, decls) || failsIn(info, ifs.Body) {
			continue
		}
		if i+1 < len(list) {
			return []span{{list[i+1].Pos(), end}}
		}
	}
	return nil
}

// rejects reports an if body that ends by returning a sentinel error (a
// package's error variable: return nil, ErrAccessDenied) or a new one
// (errors.New, fmt.Errorf): the function refuses the request there, and
// what the branch does first (clearing the session cookie of a user
// who may not pass) is the refusal's path, as in an error branch.
func rejects(info *types.Info, body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	ret, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	last := ast.Unparen(ret.Results[len(ret.Results)-1])
	if t := info.TypeOf(last); t == nil || !types.Implements(t, errorType) {
		return false
	}
	switch e := last.(type) {
	case *ast.Ident:
		return isPackageVar(info.Uses[e])
	case *ast.SelectorExpr:
		return isPackageVar(info.Uses[e.Sel])
	case *ast.CallExpr:
		fn := Callee(info, e)
		return fn != nil && (fn.FullName() == "errors.New" || fn.FullName() == "fmt.Errorf" || errorConstructor(fn))
	}
	return false
}

// errorConstructor reports a function or method named …Error that
// returns one error and nothing else: a framework's error response
// (e.BadRequestError(msg, err), echo.NewHTTPError(code)).
func errorConstructor(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || !strings.HasSuffix(fn.Name(), "Error") || sig.Results().Len() != 1 {
		return false
	}
	return types.Implements(sig.Results().At(0).Type(), errorType)
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// failsIn reports a body that makes the function fail: it sets an error
// variable (err = fmt.Errorf("user already exists")) or returns an error
// that is neither nil nor a call's own (return nil, errExists; return
// errors.New(...)). A lookup whose success means "already there" then
// rejects, and what follows is the usual path.
func failsIn(info *types.Info, body *ast.BlockStmt) bool {
	fails := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if knowledge.IsError(info.TypeOf(lhs)) && i < len(n.Rhs) && !isNil(info, n.Rhs[i]) {
					fails = true
				}
			}
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				break
			}
			last := n.Results[len(n.Results)-1]
			if !knowledge.IsError(info.TypeOf(last)) || isNil(info, last) {
				break
			}
			call, ok := ast.Unparen(last).(*ast.CallExpr)
			if !ok {
				fails = true // an error variable or value
				break
			}
			if fn := Callee(info, call); fn != nil && (fn.FullName() == "errors.New" || fn.FullName() == "fmt.Errorf") {
				fails = true
			}
		}
		return !fails
	})
	return fails
}

// recovered reports the branch of a panic recovery: `if r := recover();
// r != nil` (or `if recover() != nil`), which runs only when the
// request's handler panicked.
func recovered(info *types.Info, ifs *ast.IfStmt) bool {
	isRecover := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && knowledge.IsBuiltin(info, call.Fun, "recover")
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return false
	}
	x, y := cond.X, cond.Y
	if isNil(info, x) {
		x, y = y, x
	}
	if !isNil(info, y) {
		return false
	}
	if isRecover(x) {
		return true
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	as, isAssign := ifs.Init.(*ast.AssignStmt)
	if !ok || !isAssign || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isRecover(as.Rhs[0]) {
		return false
	}
	lhs, ok := as.Lhs[0].(*ast.Ident)
	return ok && info.Defs[lhs] != nil && info.Defs[lhs] == info.Uses[id]
}

// afterNoPanicReturn returns the rest of a block after `if v == nil {
// return }`, where v was set from recover() before it in the block (or
// in the if's init): a deferred recovery function's work on a panic.
//
//	err := recover()
//	if err == nil {
//		return
//	}
//	trace.WriteStackTrace(err) // only when the request panicked
func afterNoPanicReturn(info *types.Info, list []ast.Stmt, end token.Pos) []span {
	recovered := make(map[types.Object]bool)
	for i, st := range list {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if len(st.Lhs) == 1 && len(st.Rhs) == 1 && isRecoverCall(info, st.Rhs[0]) {
				if id, ok := st.Lhs[0].(*ast.Ident); ok {
					recovered[info.ObjectOf(id)] = true
				}
			}
		case *ast.IfStmt:
			cond, ok := ast.Unparen(st.Cond).(*ast.BinaryExpr)
			if !ok || cond.Op != token.EQL || st.Else != nil || !endsInReturn(st.Body) || i+1 == len(list) {
				continue
			}
			x, y := cond.X, cond.Y
			if isNil(info, x) {
				x, y = y, x
			}
			if !isNil(info, y) {
				continue
			}
			if as, ok := st.Init.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && isRecoverCall(info, as.Rhs[0]) {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					recovered[info.ObjectOf(id)] = true
				}
			}
			if id, ok := ast.Unparen(x).(*ast.Ident); ok && recovered[info.Uses[id]] || isRecoverCall(info, x) {
				return []span{{list[i+1].Pos(), end}}
			}
		}
	}
	return nil
}

func isRecoverCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && knowledge.IsBuiltin(info, call.Fun, "recover")
}

// errorTests are the functions besides errors.Is and errors.As that
// test an error value: a branch on one runs when a call failed.
var errorTests = map[string]bool{
	"errors.Is":       true,
	"errors.As":       true,
	"os.IsNotExist":   true,
	"os.IsExist":      true,
	"os.IsPermission": true,
	"os.IsTimeout":    true,
}

// errorBranch reports a condition with a conjunct E != nil (E of type
// error) or a call to errors.Is or errors.As (or os.IsNotExist and its
// siblings).
func errorBranch(info *types.Info, cond ast.Expr) bool {
	switch e := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return errorBranch(info, e.X) || errorBranch(info, e.Y)
		case token.LOR:
			// err != nil || u == nil: the call failed or gave nothing.
			return failedOrEmpty(info, e)
		case token.NEQ:
			x, y := e.X, e.Y
			if isNil(info, x) {
				x, y = y, x
			}
			return isNil(info, y) && knowledge.IsError(info.TypeOf(x))
		}
	case *ast.CallExpr:
		if fn := Callee(info, e); fn != nil && fn.Pkg() != nil && (fn.Pkg().Path() == "errors" || fn.Pkg().Path() == "os") && errorTests[fn.FullName()] {
			return true
		}
	}
	return false
}

// failedOrEmpty reports a disjunction each of whose operands tests an
// error (err != nil) or a missing value (v == nil), with at least one
// error test.
func failedOrEmpty(info *types.Info, e *ast.BinaryExpr) bool {
	seen := false
	for _, x := range disjuncts(e) {
		if errorBranch(info, x) {
			seen = true
			continue
		}
		b, ok := ast.Unparen(x).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL || !isNil(info, b.X) && !isNil(info, b.Y) {
			return false
		}
	}
	return seen
}

// errorResponse reports an if body that answers the request with an
// error status and returns: a rejected request (a missing token, bad
// parameters), not the request's usual path, like an error branch.
//
//	if token == "" {
//		w.WriteHeader(http.StatusUnauthorized)
//		render(w, h.viewModel(r).WithError("missing token"))
//		return
//	}
//
// The status is an integer constant from 400 to 599 given to a
// parameter named code, status or statusCode (WriteHeader, http.Error,
// gin's and echo's c.JSON, c.String, c.AbortWithStatus, echo's
// NewHTTPError, fiber's c.Status), in a statement of the body itself or
// in a statement of a helper of this package that the body calls
// (abortUnauthorized(c, "token expired") calling
// c.AbortWithStatusJSON(http.StatusUnauthorized, ...)); or a body that
// logs at error level before it returns (log.Error("token expired")).
func errorResponse(info *types.Info, body *ast.BlockStmt, decls map[*types.Func]*ast.FuncDecl) bool {
	if !endsInReturn(body) {
		return false
	}
	for _, st := range body.List {
		var exprs []ast.Expr
		switch st := st.(type) {
		case *ast.ExprStmt:
			exprs = []ast.Expr{st.X}
		case *ast.ReturnStmt:
			exprs = st.Results
		}
		for _, e := range exprs {
			found := false
			ast.Inspect(e, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && (errorStatusCall(info, call) || answersError(info, call, decls) || logsError(info, call)) {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// logsError reports a call that logs at error level (a function or
// method named Error, Errorf, Errorw or Errorln that returns nothing:
// zap's and logrus' loggers, log/slog's Error): the author says the
// request failed.
func logsError(info *types.Info, call *ast.CallExpr) bool {
	fn := Callee(info, call)
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Errorw", "Errorln":
	default:
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Results().Len() == 0
}

// answersError reports a call of a function of this package one of
// whose top-level statements answers with an error status.
func answersError(info *types.Info, call *ast.CallExpr, decls map[*types.Func]*ast.FuncDecl) bool {
	fn := Callee(info, call)
	decl := decls[fn]
	if decl == nil || decl.Body == nil {
		return false
	}
	for _, st := range decl.Body.List {
		if es, ok := st.(*ast.ExprStmt); ok {
			if c, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && errorStatusCall(info, c) {
				return true
			}
		}
	}
	return false
}

// errorStatusCall reports a call that passes an error status (400–599)
// to a status parameter.
func errorStatusCall(info *types.Info, call *ast.CallExpr) bool {
	fn := Callee(info, call)
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	for i, arg := range call.Args {
		if i >= sig.Params().Len() {
			break
		}
		switch strings.ToLower(sig.Params().At(i).Name()) {
		case "code", "status", "statuscode":
		default:
			continue
		}
		tv, ok := info.Types[arg]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			continue
		}
		if v, exact := constant.Int64Val(tv.Value); exact && v >= 400 && v <= 599 {
			return true
		}
	}
	return false
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}

type span struct{ pos, end token.Pos }

func inSpans(spans []span, pos token.Pos) bool {
	for _, s := range spans {
		if s.pos <= pos && pos < s.end {
			return true
		}
	}
	return false
}

// memo identifies a memo location: a package variable, or a field
// (whatever value it is selected from), or a map held in one of those.
type memo struct {
	obj types.Object
	// pkg, when set instead of obj, is a cache facade: a package whose
	// functions keep values in memory behind Get and Set (cacheTarget).
	pkg *types.Package
	// key, in filledMemos only, is the constant key (ExactString) a
	// store into the cache was made under somewhere in the package.
	key string
}

type memoCtx struct {
	info *types.Info
	recv types.Object // the method's receiver, or nil
	// lit is the handler literal analyzed (nil: none): the variables
	// it captures live as long as it does (a middleware's closure
	// returned once at start-up), like a receiver's fields.
	lit   *ast.FuncLit
	decls map[*types.Func]*ast.FuncDecl // this package's functions, for setters
	// filled are the memo locations assigned somewhere in the package.
	filled map[memo]bool
	depth  int
}

func isPackageVar(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// longLived reports whether e is rooted at a package variable or at the
// receiver: s, s.store, pkgVar.cache.
func (mc memoCtx) longLived(e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj := mc.info.Uses[x]
			return obj != nil && (isPackageVar(obj) || obj == mc.recv || mc.captured(obj))
		case *ast.SelectorExpr:
			if _, ok := mc.info.Selections[x]; !ok {
				return isPackageVar(mc.info.Uses[x.Sel]) // pkg.Var
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return false
		}
	}
}

// captured reports whether obj is a local variable the handler literal
// captures from the function around it (the enclosing method's
// receiver, a constructor's local).
func (mc memoCtx) captured(obj types.Object) bool {
	if mc.lit == nil {
		return false
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || isPackageVar(v) || v.Pkg() == nil {
		return false
	}
	return v.Pos().IsValid() && (v.Pos() < mc.lit.Pos() || v.Pos() >= mc.lit.End())
}

// capturedLocal reports whether obj is a local variable (not a parameter
// or receiver, which hold memos only in their fields) that the handler
// literal captures: a constructor's `var tmpl *template.Template`.
func (mc memoCtx) capturedLocal(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Kind() == types.LocalVar && mc.captured(v)
}

// memoOf returns the memo location e denotes, if any.
func (mc memoCtx) memoOf(e ast.Expr) (memo, bool) {
	info := mc.info
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.Uses[e]; isPackageVar(obj) || mc.capturedLocal(obj) {
			return memo{obj: obj}, true
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			if mc.longLived(e.X) {
				return memo{obj: sel.Obj()}, true
			}
			return memo{}, false
		}
		if obj := info.Uses[e.Sel]; isPackageVar(obj) {
			return memo{obj: obj}, true // pkg.Var
		}
	case *ast.CallExpr:
		// x.Store(), an accessor of this package returning a field
		// of x: that field.
		if f := accessorField(info, mc.decls, e); f != nil && mc.longLived(ast.Unparen(e.Fun).(*ast.SelectorExpr).X) {
			return memo{obj: f}, true
		}
	case *ast.IndexExpr:
		// M[k] for a map M held in a memo location: a cache entry.
		if t := info.TypeOf(e.X); t != nil {
			if _, ok := t.Underlying().(*types.Map); ok {
				return mc.memoOf(e.X)
			}
		}
	}
	return memo{}, false
}

// enclosingMemos returns the memo locations that hold e, a field
// selection: o.cfg for o.cfg.ClientID.
func (mc memoCtx) enclosingMemos(e ast.Expr) []memo {
	var out []memo
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	for ok {
		if s, isField := mc.info.Selections[sel]; !isField || s.Kind() != types.FieldVal {
			break
		}
		if m, isMemo := mc.memoOf(sel.X); isMemo {
			out = append(out, m)
		}
		sel, ok = ast.Unparen(sel.X).(*ast.SelectorExpr)
	}
	return out
}

// unsetChecks returns the memo locations that cond tests for being
// unset: L == nil, L == "", L == 0, len(L) == 0, !L, joined by && or ||.
func (mc memoCtx) unsetChecks(cond ast.Expr) []memo {
	info := mc.info
	var out []memo
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.BinaryExpr:
			switch e.Op {
			case token.LAND, token.LOR:
				visit(e.X)
				visit(e.Y)
			case token.EQL:
				if m, ok := mc.zeroCompare(e.X, e.Y); ok {
					out = append(out, m)
					// A field of a memo struct tested for zero (`o.cfg.ClientID
					// == ""`): filling the struct fills the field.
					out = append(out, mc.enclosingMemos(e.X)...)
					out = append(out, mc.enclosingMemos(e.Y)...)
				}
			}
		case *ast.UnaryExpr:
			if e.Op == token.NOT {
				if m, ok := mc.memoOf(e.X); ok && isBool(info.TypeOf(e.X)) {
					out = append(out, m)
				} else if call, ok := ast.Unparen(e.X).(*ast.CallExpr); ok {
					out = append(out, mc.predicateMemos(call)...)
				}
			}
		}
	}
	visit(cond)
	return out
}

// predicateMemos returns the memo maps that call, a call of a function
// of this package returning one bool, tests for a key: its body looks
// the key up in a map or a sync.Map held in a package variable or a
// field of its receiver (`_, ok := loaded.Load(id); return ok`). `if
// !svc.Loaded(id) { svc.Load(id) }` then fills that map on a miss.
func (mc memoCtx) predicateMemos(call *ast.CallExpr) []memo {
	fn := Callee(mc.info, call)
	decl := mc.decls[fn]
	if decl == nil || decl.Body == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 || !isBool(sig.Results().At(0).Type()) {
		return nil
	}
	inner := memoCtx{info: mc.info, recv: receiver(mc.info, decl), decls: mc.decls}
	var out []memo
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			if t := mc.info.TypeOf(n.X); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap {
					if m, ok := inner.memoOf(n.X); ok {
						out = append(out, m)
					}
				}
			}
		case *ast.CallExpr:
			if fn := Callee(mc.info, n); fn != nil && fn.FullName() == "(*sync.Map).Load" {
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if m, ok := inner.memoOf(sel.X); ok {
						out = append(out, m)
					}
				}
			}
		}
		return true
	})
	return out
}

// syncMapStores are the methods that fill a sync.Map.
var syncMapStores = map[string]bool{"Store": true, "LoadOrStore": true, "Swap": true, "CompareAndSwap": true}

// setChecks returns the memo locations that cond tests for being set:
// L != nil, L != "", L != 0, len(L) > 0, len(L) != 0, a flag L.
func (mc memoCtx) setChecks(cond ast.Expr) []memo {
	info := mc.info
	var out []memo
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.BinaryExpr:
			switch e.Op {
			case token.LAND:
				visit(e.X)
				visit(e.Y)
			case token.NEQ, token.GTR:
				// A function value is a hook, not a memo: `if hook !=
				// nil { hook(x); return }` hands the work to what was
				// registered, and what follows is the default path.
				if m, ok := mc.zeroCompare(e.X, e.Y); ok && !isFuncValued(m.obj) {
					out = append(out, m)
				}
			}
		case *ast.Ident, *ast.SelectorExpr:
			if m, ok := mc.memoOf(e); ok && isBool(info.TypeOf(e)) {
				out = append(out, m)
			}
		}
	}
	visit(cond)
	return out
}

// zeroCompare matches L op zero, zero op L and len(L) op 0.
func (mc memoCtx) zeroCompare(x, y ast.Expr) (memo, bool) {
	info := mc.info
	if isZero(info, x) {
		x, y = y, x
	}
	if !isZero(info, y) {
		return memo{}, false
	}
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
				x = call.Args[0]
			}
		}
	}
	return mc.memoOf(x)
}

func isZero(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch s := tv.Value.ExactString(); s {
	case "0", `""`, "false":
		return true
	}
	return false
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// callee returns the declaration of call's callee when it is a function
// of this package with a body, with the memo context of that body (its
// receiver, one call deeper); nil two calls deep.
func (mc memoCtx) callee(call *ast.CallExpr) (*ast.FuncDecl, memoCtx) {
	if mc.depth >= 2 {
		return nil, memoCtx{}
	}
	fn := Callee(mc.info, call)
	if fn == nil {
		return nil, memoCtx{}
	}
	decl := mc.decls[fn]
	if decl == nil || decl.Body == nil {
		return nil, memoCtx{}
	}
	return decl, memoCtx{info: mc.info, recv: receiver(mc.info, decl), decls: mc.decls, depth: mc.depth + 1}
}

// assignsAny reports whether n assigns one of locs, itself or in a
// function of this package that it calls (an Initialize that sets the
// initialized flag), two calls deep at most.
func (mc memoCtx) assignsAny(n ast.Node, locs []memo) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if decl, inner := mc.callee(call); decl != nil && inner.assignsAny(decl.Body, locs) {
				found = true
				return false
			}
		}
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if m, ok := mc.memoOf(l); ok && slices.Contains(locs, m) {
					found = true
				}
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			// A sync.Map in a memo location is filled by its Store.
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && syncMapStores[sel.Sel.Name] {
				if fn := Callee(mc.info, call); knowledge.InPackage(fn, "sync") && fn.FullName() == "(*sync.Map)."+sel.Sel.Name {
					if m, ok := mc.memoOf(sel.X); ok && slices.Contains(locs, m) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// returnIfSet finds, in a statement list, a guard that returns when a
// memo is set (or a cache lookup hits) followed by an assignment to it,
// and returns the span from the guard to the end of the list.
// The guard is a statement of the list or an if nested in it whose miss
// falls through to the statements after it (hitGuards).
func (mc memoCtx) returnIfSet(list []ast.Stmt) []span {
	var out []span
	for i, st := range list {
		if ifs, isIf := st.(*ast.IfStmt); isIf {
			if p, ok := mc.missTest(ifs, list[:i]); ok && (mc.storesInto(ifs.Body, p) || slices.ContainsFunc(list[i+1:], func(st ast.Stmt) bool { return mc.storesInto(st, p) }) || mc.filledUnder(p) && endsInReturn(ifs.Body)) {
				// The miss path fills the cache it missed: `v, ok :=
				// c.Get(k); if !ok { …; c.Set(k, v) }`, or fills it
				// after (`found, missing := c.GetMany(keys); if
				// len(missing) > 0 { … }; c.SetMany(found)`), or falls
				// back, returning, until code elsewhere in the package
				// fills the cache under the same constant key (a
				// collection list loaded at start-up: `cs, _ :=
				// app.Store().Get(keyCollections).([]*C); if cs == nil
				// { return app.findCollection(name) }`).
				out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
			}
		}
		if _, isIf := st.(*ast.IfStmt); !isIf {
			continue // only an if statement can hold the hit that returns
		}
		after := list[i+1:]
		cached, memoGuard := false, false
		hitGuards(st, list[:i], func(ifs *ast.IfStmt, before []ast.Stmt) {
			// A cache object: a hit test on a long-lived cache (c.Get,
			// Load, Lookup, or a value read from it into a local) that
			// returns, then a store into the same cache later.
			if !cached {
				if p, ok := mc.cacheProbe(ifs, before); ok {
					for _, later := range after {
						if mc.storesInto(later, p) {
							out = append(out, span{st.End(), later.End()})
							cached = true
							break
						}
					}
				}
			}
			if memoGuard || ifs.Else != nil || !endsInReturn(ifs.Body) {
				return
			}
			locs := mc.setChecks(ifs.Cond)
			if m, ok := mc.cacheHit(ifs); ok {
				locs = append(locs, m)
			} else if m, ok := mc.earlierLookup(before, ifs.Cond); ok {
				locs = append(locs, m)
			}
			if len(locs) == 0 {
				return
			}
			for _, later := range after {
				if mc.assignsAny(later, locs) {
					// All that follows a guard handing back the memo
					// runs only on a miss, the statements after the
					// store too (a memo set to an empty value first,
					// then filled in place). A guard that refuses
					// instead (`if running { return errBusy }`;
					// running = true) marks work in progress, and only
					// the store itself is not per request.
					end := list[len(list)-1].End()
					if rejects(mc.info, ifs.Body) {
						end = later.End()
					}
					out = append(out, span{st.End(), end})
					memoGuard = true
					return
				}
			}
			if len(after) > 0 {
				for _, m := range locs {
					if mc.filled[m] {
						out = append(out, span{st.End(), list[len(list)-1].End()})
						memoGuard = true
						return
					}
				}
			}
		})
	}
	return out
}

// hitGuards calls yield for st, an if statement, and for every if
// statement nested in it whose miss falls through to what follows st:
// one in a branch of st (or in a block, loop or case inside one) that
// does not end in a return. A hit test inside a branch that always
// returns guards nothing after that branch: the statements after it run
// on every request that takes another branch. before are the statements
// that precede each if statement in its own list.
func hitGuards(st ast.Stmt, before []ast.Stmt, yield func(ifs *ast.IfStmt, before []ast.Stmt)) {
	var visit func(st ast.Stmt, before []ast.Stmt, depth int)
	list := func(l []ast.Stmt, depth int) {
		if depth > 3 || len(l) == 0 {
			return
		}
		if _, ok := l[len(l)-1].(*ast.ReturnStmt); ok {
			return
		}
		for j, inner := range l {
			visit(inner, l[:j], depth)
		}
	}
	visit = func(st ast.Stmt, before []ast.Stmt, depth int) {
		switch st := st.(type) {
		case *ast.IfStmt:
			yield(st, before)
			list(st.Body.List, depth+1)
			if st.Else != nil {
				visit(st.Else, nil, depth+1)
			}
		case *ast.BlockStmt:
			list(st.List, depth+1)
		case *ast.ForStmt:
			list(st.Body.List, depth+1)
		case *ast.RangeStmt:
			list(st.Body.List, depth+1)
		case *ast.SwitchStmt:
			for _, c := range st.Body.List {
				list(c.(*ast.CaseClause).Body, depth+1)
			}
		case *ast.TypeSwitchStmt:
			for _, c := range st.Body.List {
				list(c.(*ast.CaseClause).Body, depth+1)
			}
		}
	}
	visit(st, before, 0)
}

// cacheHit matches `if v, ok := M[k]; ok` for a map in a memo location.
func (mc memoCtx) cacheHit(ifs *ast.IfStmt) (memo, bool) {
	ix := commaOkLookup(mc.info, ifs)
	if ix == nil {
		return memo{}, false
	}
	return mc.memoOf(ix)
}

// commaOkLookup returns M[k] of `if v, ok := M[k]; ok`, or nil.
func commaOkLookup(info *types.Info, ifs *ast.IfStmt) *ast.IndexExpr {
	ix, _ := ast.Unparen(commaOk(info, ifs)).(*ast.IndexExpr)
	return ix
}

// commaOk returns X of `if v, ok := X; ok`, or nil. Other conjuncts
// may join ok (`ok && !noCache`): the body still runs only on a hit.
func commaOk(info *types.Info, ifs *ast.IfStmt) ast.Expr {
	as, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	okID, isID := as.Lhs[1].(*ast.Ident)
	if !isID || info.ObjectOf(okID) == nil || !hasConjunct(info, ifs.Cond, info.ObjectOf(okID)) {
		return nil
	}
	return as.Rhs[0]
}

// hasConjunct reports whether cond is the bool variable v or a
// conjunction (&&) with v as one of its terms.
func hasConjunct(info *types.Info, cond ast.Expr, v types.Object) bool {
	switch e := ast.Unparen(cond).(type) {
	case *ast.Ident:
		return info.ObjectOf(e) == v
	case *ast.BinaryExpr:
		return e.Op == token.LAND && (hasConjunct(info, e.X, v) || hasConjunct(info, e.Y, v))
	}
	return false
}

func endsInReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// RequestCalls is SyncCalls for a request path: once reports whether
// the call sits in code that runs once per process (sync.Once, lazy
// initialization, a cache fill; see onceRegions) rather than on every
// request. recv is the method's receiver (nil for a function or a
// literal): fields reached through it are long-lived memo locations.
func (r *Result) RequestCalls(info *types.Info, recv types.Object, body ast.Node, yield func(n ast.Node, callee *types.Func, once bool)) {
	r.RequestCallsIn(info, recv, nil, body, yield)
}

// RequestCallsIn is RequestCalls for body of lit, a handler literal (nil:
// none), whose captured variables are long-lived memo locations too.
func (r *Result) RequestCallsIn(info *types.Info, recv types.Object, lit *ast.FuncLit, body ast.Node, yield func(n ast.Node, callee *types.Func, once bool)) {
	spans := r.onceRegionsIn(info, recv, lit, body)
	var dead []span
	if b, ok := body.(*ast.BlockStmt); ok && len(r.switches) > 0 {
		dead = deadSpans(info, b, r.switches)
	}
	syncCalls(info, body, r.RunsArg, r.funcVar, true, func(n ast.Node, callee *types.Func, _ bool) {
		if inSpans(dead, n.Pos()) {
			return // runs only when a debug switch, a mode or a stub says so
		}
		yield(n, callee, inSpans(spans, n.Pos()))
	})
}

// Receiver returns the receiver variable of a method declaration, or
// nil for anything else.
func Receiver(info *types.Info, n ast.Node) types.Object {
	if decl, ok := n.(*ast.FuncDecl); ok {
		return receiver(info, decl)
	}
	return nil
}

// filledMemos returns the fields and package variables that files
// assign anywhere: x.f = v for any x, and pkgVar = v.
func filledMemos(pass *analysis.Pass, decls map[*types.Func]*ast.FuncDecl) map[memo]bool {
	info := pass.TypesInfo
	out := make(map[memo]bool)
	for _, fc := range fileCursors(pass, nil) {
		// Stores under a constant key: x.f.Set(K, v), x.Store().Set(K,
		// v), cache.Set(K, v) (storesInto's shape of a store).
		for c := range fc.Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || len(call.Args) < 2 || !onlyStatus(info, call) {
				continue
			}
			key, ok := constValue(info, call.Args[0])
			if !ok {
				continue
			}
			var m memo
			switch x := ast.Unparen(sel.X).(type) {
			case *ast.SelectorExpr:
				if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
					m.obj = s.Obj()
				}
			case *ast.CallExpr:
				if f := accessorField(info, decls, x); f != nil {
					m.obj = f
				}
			case *ast.Ident:
				if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Type().(*types.Signature).Recv() == nil && pairedStore("Get", fn.Name()) {
					if _, isPkg := info.Uses[x].(*types.PkgName); isPkg {
						m.pkg = fn.Pkg()
					}
				}
			}
			if m.obj != nil || m.pkg != nil {
				m.key = key
				out[m] = true
			}
		}
		for c := range fc.Preorder((*ast.AssignStmt)(nil)) {
			as := c.Node().(*ast.AssignStmt)
			for _, l := range as.Lhs {
				switch l := ast.Unparen(l).(type) {
				case *ast.SelectorExpr:
					if sel, ok := info.Selections[l]; ok && sel.Kind() == types.FieldVal {
						out[memo{obj: sel.Obj()}] = true
					} else if obj := info.Uses[l.Sel]; isPackageVar(obj) {
						out[memo{obj: obj}] = true
					}
				case *ast.Ident:
					if obj := info.Uses[l]; isPackageVar(obj) {
						out[memo{obj: obj}] = true
					}
				}
			}
		}
	}
	return out
}

// funcVars finds the package variables of function type that hold one
// function for the life of the process: initialized with a function of
// the package (var sign = signWithKey) and assigned nowhere else outside
// tests (tests swap in fakes). A call through one is a call to that
// function.
func funcVars(pass *analysis.Pass) map[*types.Var]*types.Func {
	out := make(map[*types.Var]*types.Func)
	packageVars(pass, nil, func(v *types.Var, init ast.Expr, multi bool) {
		if init == nil || multi {
			return
		}
		if _, isSig := v.Type().Underlying().(*types.Signature); !isSig {
			return
		}
		if fn := funcValue(pass.TypesInfo, init); fn != nil && fn.Pkg() == pass.Pkg {
			out[v] = fn
		}
	})
	if len(out) == 0 {
		return nil
	}
	deleteReassigned(pass, out, false)
	return out
}

// deleteReassigned deletes from vars the package variables that the
// package's files assign, or whose address they take (it escapes): what
// remains keeps its initializer for the life of the process. With
// tests false, test files do not count (they swap in fakes).
func deleteReassigned[V any](pass *analysis.Pass, vars map[*types.Var]V, tests bool) {
	drop := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok {
				delete(vars, v)
			}
		}
	}
	for f, fc := range fileCursors(pass, nil) {
		tf := pass.Fset.File(f.Pos())
		if !tests && tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		for c := range fc.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)) {
			switch n := c.Node().(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					drop(l)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					drop(n.X)
				}
			}
		}
	}
}

// funcVar resolves a call through a package variable that always holds
// one function.
func (r *Result) funcVar(info *types.Info, call *ast.CallExpr) *types.Func {
	if r == nil || r.pass == nil {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || !isPackageVar(v) {
		return nil
	}
	r.funcVarOnce.Do(func() { r.funcVars = funcVars(r.pass) })
	return r.funcVars[v]
}

// memosRead returns the memo locations an expression reads.
func (mc memoCtx) memosRead(e ast.Expr) []memo {
	var out []memo
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
			if m, ok := mc.memoOf(n.(ast.Expr)); ok {
				out = append(out, m)
				return false
			}
		}
		return true
	})
	return out
}

// emptyMaps finds the unexported package-level maps and slices that
// nothing in the package fills: they start empty (no value, make, an
// empty literal), every use outside tests is a read (m[k], len, range,
// delete) and the variable is never reassigned, appended to, passed on
// or aliased. A lookup in one never hits and a loop over one never
// runs, so the code they guard does not either.
func emptyMaps(pass *analysis.Pass, excluded map[*token.File]bool) map[types.Object]bool {
	cands := make(map[types.Object]bool)
	packageVars(pass, nil, func(v *types.Var, init ast.Expr, multi bool) {
		if v.Exported() {
			return
		}
		switch v.Type().Underlying().(type) {
		case *types.Map, *types.Slice:
		default:
			return
		}
		if init != nil && !emptyInit(pass.TypesInfo, init) {
			return
		}
		cands[v] = true
	})
	if len(cands) == 0 {
		return nil
	}
	for _, fc := range fileCursors(pass, excluded) {
		for c := range fc.Preorder((*ast.Ident)(nil)) {
			id := c.Node().(*ast.Ident)
			obj := pass.TypesInfo.Uses[id]
			if !cands[obj] {
				continue
			}
			// readOnlyUse looks at the parent and the grandparent.
			p := c.Parent()
			stack := []ast.Node{p.Parent().Node(), p.Node()}
			if !readOnlyUse(pass.TypesInfo, id, stack) {
				delete(cands, obj)
			}
		}
	}
	return cands
}

// emptyInit reports make(...) or an empty literal.
func emptyInit(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return len(e.Elts) == 0
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "make" {
				return true
			}
		}
	}
	return false
}

// readOnlyUse reports whether the map identifier id, under the given
// ancestors, is only read there.
func readOnlyUse(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.IndexExpr:
		if p.X != id || len(stack) < 2 {
			return p.X == id
		}
		switch gp := stack[len(stack)-2].(type) {
		case *ast.AssignStmt:
			for _, l := range gp.Lhs {
				if l == p {
					return false // m[k] = v
				}
			}
		case *ast.IncDecStmt:
			return false
		case *ast.UnaryExpr:
			return gp.Op != token.AND
		}
		return true
	case *ast.RangeStmt:
		return p.X == id
	case *ast.CallExpr:
		if fid, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[fid].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "delete") {
				return true
			}
		}
	}
	return false
}

// hitOnEmpty matches `if v, ok := m[k]; ok` on a map nothing fills.
func hitOnEmpty(info *types.Info, ifs *ast.IfStmt, empty map[types.Object]bool) bool {
	if len(empty) == 0 {
		return false
	}
	ix := commaOkLookup(info, ifs)
	if ix == nil {
		return false
	}
	m, ok := ast.Unparen(ix.X).(*ast.Ident)
	return ok && empty[info.Uses[m]]
}

// carriesRequest reports a type that carries the request itself: the
// *http.Request or the response writer, or a framework's context (gin's
// *gin.Context, echo's Context, fiber's *Ctx): no cache key.
func carriesRequest(t types.Type) bool {
	if t == nil {
		return false
	}
	return knowledge.IsPointerTo(t, "net/http", "Request") || knowledge.IsNamed(t, "net/http", "ResponseWriter") ||
		knowledge.IsPointerTo(t, "github.com/gin-gonic/gin", "Context") || knowledge.IsNamed(t, "github.com/labstack/echo/v4", "Context") ||
		knowledge.IsPointerTo(t, "github.com/gofiber/fiber/v2", "Ctx") || knowledge.IsNamed(t, "github.com/gofiber/fiber/v3", "Ctx")
}

// cacheProbe is a method call on a long-lived cache object.
type cacheProbe struct {
	cache  memo
	method string
	key    string // the lookup's constant key, "" if none (missTest)
}

// cacheProbe matches an if statement that tests a hit on a long-lived
// cache object and returns in its body: `if v, ok := c.Get(k); ok`, `if
// c.Has(k)`, or a value read from the cache into a local earlier in the
// block and tested as set (`v, err := c.Get(ctx, k)` then `if err == nil
// && v != nil`), each possibly joined by other conjuncts. A lookup
// judged by its error alone (`if _, err := svc.Get(k); err == nil`) is
// not a cache test.
func (mc memoCtx) cacheProbe(ifs *ast.IfStmt, before []ast.Stmt) (cacheProbe, bool) {
	if !returns(ifs.Body) {
		return cacheProbe{}, false
	}
	probeOf := func(e ast.Expr) (cacheProbe, bool) {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return cacheProbe{}, false
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return cacheProbe{}, false
		}
		if m, ok := mc.cacheTarget(sel); ok {
			return cacheProbe{cache: m, method: sel.Sel.Name}, true
		}
		return cacheProbe{}, false
	}
	if ifs.Init != nil {
		if call := commaOk(mc.info, ifs); call != nil {
			return probeOf(call)
		}
		return cacheProbe{}, false
	}
	var found cacheProbe
	ok := false
	eachConjunct(ifs.Cond, func(e ast.Expr) {
		if ok {
			return
		}
		if c, isCall := ast.Unparen(e).(*ast.CallExpr); isCall && isBool(mc.info.TypeOf(c)) {
			found, ok = probeOf(c) // if c.Has(k)
			if slices.ContainsFunc(c.Args, func(a ast.Expr) bool { return carriesRequest(mc.info.TypeOf(a)) }) {
				// A check of the request (if cache.CheckHook(c) {
				// respond; return }) looks nothing up.
				found, ok = cacheProbe{}, false
			}
			if found.cache.pkg != nil {
				// A package's predicate (if handler.BindAndCheck(c,
				// req)) is no lookup: only a facade's comma-ok Get is.
				found, ok = cacheProbe{}, false
			}
			return
		}
		// A value read into a local: the hit path returns that value
		// (a found-then-refuse check, `if u != nil { return
		// errExists }`, guards a create, not a fill).
		if v := mc.localSetCheck(e); v != nil && !knowledge.IsError(v.Type()) {
			// `pcl, ok := c.Get(k)`, then `if ok { return pcl }`: the
			// hit path returns the value the comma-ok flag vouches for.
			if returnsValue(mc.info, ifs.Body, v) || returnsValue(mc.info, ifs.Body, commaOkValue(mc.info, before, v)) {
				if call := assignedCall(mc.info, before, v); call != nil {
					found, ok = probeOf(call)
				}
			}
		}
	})
	return found, ok
}

// returnsValue reports whether a return statement of b (outside function
// literals) returns v, or a value built from it, in a result that is
// not an error.
func returnsValue(info *types.Info, b *ast.BlockStmt, v types.Object) bool {
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if t := info.TypeOf(r); t != nil && knowledge.IsError(t) {
					continue
				}
				ast.Inspect(r, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
						found = true
					}
					return !found
				})
			}
		}
		return !found
	})
	return found
}

// missTest matches an if statement taken on a miss of a long-lived
// cache object: `if !ok` (or `v == nil`) for a local set by a lookup on
// the cache earlier in the block or in the if's init (`v, ok :=
// c.Get(k)`).
func (mc memoCtx) missTest(ifs *ast.IfStmt, before []ast.Stmt) (cacheProbe, bool) {
	var local types.Object
	switch c := ast.Unparen(ifs.Cond).(type) {
	case *ast.UnaryExpr:
		if id, ok := ast.Unparen(c.X).(*ast.Ident); ok && c.Op == token.NOT && isBool(mc.info.TypeOf(id)) {
			local = mc.local(id)
		}
	case *ast.BinaryExpr:
		x, y := c.X, c.Y
		if isNil(mc.info, x) {
			x, y = y, x
		}
		if id, ok := ast.Unparen(x).(*ast.Ident); ok && c.Op == token.EQL && isNil(mc.info, y) {
			local = mc.local(id)
		}
		// len(missing) > 0, for the keys a batch lookup did not find.
		if (c.Op == token.GTR || c.Op == token.NEQ) && isIntConst(mc.info, c.Y, 0) {
			if lc, ok := ast.Unparen(c.X).(*ast.CallExpr); ok && len(lc.Args) == 1 && knowledge.IsBuiltin(mc.info, lc.Fun, "len") {
				if id, ok := ast.Unparen(lc.Args[0]).(*ast.Ident); ok {
					local = mc.local(id)
				}
			}
		}
	}
	if local == nil || knowledge.IsError(local.Type()) {
		return cacheProbe{}, false
	}
	if ifs.Init != nil {
		before = append(slices.Clip(before), ifs.Init)
	}
	call := assignedCall(mc.info, before, local)
	if call == nil {
		return cacheProbe{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return cacheProbe{}, false
	}
	// A lookup that can fail is a query, not a memory probe: a store's
	// "find, then create if missing" runs for every new key.
	if sig, ok := mc.info.TypeOf(call.Fun).(*types.Signature); !ok || hasErrorResult(sig) {
		return cacheProbe{}, false
	}
	m, ok := mc.cacheTarget(sel)
	if !ok {
		return cacheProbe{}, false
	}
	p := cacheProbe{cache: m, method: sel.Sel.Name}
	if len(call.Args) > 0 {
		p.key, _ = constValue(mc.info, call.Args[0])
	}
	return p, true
}

// cacheTarget returns the cache a call X.M(...) probes or fills: the
// memo location X denotes, for a method; or, for a function of another
// package (cache.Get(k), cache.Set(k, v, ttl)), that package: a cache
// facade, which cacheProbe and storesInto treat like a cache object.
func (mc memoCtx) cacheTarget(sel *ast.SelectorExpr) (memo, bool) {
	if _, isMethod := mc.info.Selections[sel]; isMethod {
		return mc.memoOf(sel.X)
	}
	fn, ok := mc.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || knowledge.IsStd(fn.Pkg().Path()) || fn.Type().(*types.Signature).Recv() != nil {
		return memo{}, false
	}
	return memo{pkg: fn.Pkg()}, true
}

// disjuncts splits e into the operands of its top-level || chain.
func disjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LOR {
		return append(disjuncts(b.X), disjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// eachConjunct calls yield for each term of a conjunction (&&).
func eachConjunct(e ast.Expr, yield func(ast.Expr)) {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		eachConjunct(b.X, yield)
		eachConjunct(b.Y, yield)
		return
	}
	yield(e)
}

// localSetCheck returns the local variable e tests for being set (v !=
// nil, v != "", len(v) > 0, a bool v), or nil.
func (mc memoCtx) localSetCheck(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if isBool(mc.info.TypeOf(e)) {
			return mc.local(e)
		}
	case *ast.BinaryExpr:
		if e.Op != token.NEQ && e.Op != token.GTR {
			return nil
		}
		x, y := e.X, e.Y
		if isZero(mc.info, x) {
			x, y = y, x
		}
		if !isZero(mc.info, y) {
			return nil
		}
		if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && len(call.Args) == 1 {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := mc.info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
					x = call.Args[0]
				}
			}
		}
		if id, ok := ast.Unparen(x).(*ast.Ident); ok {
			return mc.local(id)
		}
	}
	return nil
}

// local returns the local variable id denotes (not a package variable).
func (mc memoCtx) local(id *ast.Ident) types.Object {
	v, ok := mc.info.Uses[id].(*types.Var)
	if !ok || isPackageVar(v) || v == mc.recv {
		return nil
	}
	return v
}

// commaOkValue returns the value the last assignment among before pairs
// with the bool flag ok (`v, ok := c.Get(k)`: v), or nil.
func commaOkValue(info *types.Info, before []ast.Stmt, ok types.Object) types.Object {
	if !isBool(ok.Type()) {
		return nil
	}
	for j := len(before) - 1; j >= 0; j-- {
		as, isAssign := before[j].(*ast.AssignStmt)
		if !isAssign {
			continue
		}
		for i, l := range as.Lhs {
			if id, isID := ast.Unparen(l).(*ast.Ident); isID && info.ObjectOf(id) == ok {
				if i != 1 || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
					return nil
				}
				if v, isID := ast.Unparen(as.Lhs[0]).(*ast.Ident); isID && v.Name != "_" {
					return info.ObjectOf(v)
				}
				return nil
			}
		}
	}
	return nil
}

// assignedCall returns the call whose result the last assignment to v
// among before stores in it (`v, err := c.Get(ctx, k)`), or nil.
func assignedCall(info *types.Info, before []ast.Stmt, v types.Object) *ast.CallExpr {
	for j := len(before) - 1; j >= 0; j-- {
		var lhs, rhs []ast.Expr
		switch st := before[j].(type) {
		case *ast.AssignStmt:
			lhs, rhs = st.Lhs, st.Rhs
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok || len(gd.Specs) != 1 {
				continue
			}
			vs, ok := gd.Specs[0].(*ast.ValueSpec)
			if !ok {
				continue
			}
			for _, n := range vs.Names {
				lhs = append(lhs, n)
			}
			rhs = vs.Values
		default:
			continue
		}
		for i, l := range lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || info.ObjectOf(id) != v {
				continue
			}
			var e ast.Expr
			switch {
			case len(rhs) == 1:
				e = rhs[0]
			case i < len(rhs):
				e = rhs[i]
			default:
				return nil
			}
			// v, _ := c.Get(k).([]T): the lookup's value, asserted.
			if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
				e = ta.X
			}
			c, _ := ast.Unparen(e).(*ast.CallExpr)
			return c
		}
	}
	return nil
}

// storesInto reports whether n stores into the probed cache: a call of
// another method on the same cache that returns nothing but an error or
// a bool (c.Set(k, v), c.Add(k, v), c.Set(ctx, k, v, ttl)), itself or,
// for the lookup's paired store (Get → Set, Load → Store), in a
// function of this package that n calls, two calls deep at most
// (`list, err := s.ListUsers(ctx, find)`, which stores every user it
// read into the cache the lookup missed). A method that returns a value
// is another read, not a fill.
//
// A store only in the body of an error branch does not count: a cache
// filled only when the query failed (`if err != nil { c.Set(k, n) }`)
// never holds a successful result, so the query runs on every request.
func (mc memoCtx) storesInto(n ast.Node, p cacheProbe) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if ifs, ok := n.(*ast.IfStmt); ok && ifs.Init == nil && errorBranch(mc.info, ifs.Cond) {
			if ifs.Else != nil {
				found = mc.storesInto(ifs.Else, p)
			}
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if decl, inner := mc.callee(call); decl != nil && inner.storesInto(decl.Body, p) {
			found = true
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name == p.method {
			return true
		}
		// In a function the miss path calls, only the lookup's paired
		// store counts (Get → Set, Load → Store): another status
		// method of a long-lived value there (a config's bool
		// accessor) says nothing of the cache.
		if m, ok := mc.cacheTarget(sel); !ok || m != p.cache || (m.pkg != nil || mc.depth > 0) && !pairedStore(p.method, sel.Sel.Name) {
			return true
		}
		found = onlyStatus(mc.info, call)
		return !found
	})
	return found
}

// missFill finds, in a statement list, `v, ok := M[k]` for a map M in a
// memo location (under a lock, say) followed by an if whose condition
// has `!ok` as a disjunct or conjunct and whose body stores into M,
// directly or through a function of the package (`if !ok ||
// stored.Version != v.Version { v = s.open(stored) }`, where open sets
// M[k]): the body fills or refreshes the cache entry on a miss, and
// later requests find it.
func (mc memoCtx) missFill(list []ast.Stmt) []span {
	var out []span
	for i, st := range list {
		ifs, ok := st.(*ast.IfStmt)
		if !ok {
			continue
		}
		var m memo
		found := false
		for _, term := range boolTerms(ifs.Cond) {
			u, ok := ast.Unparen(term).(*ast.UnaryExpr)
			if !ok || u.Op != token.NOT {
				continue
			}
			if m, found = mc.earlierLookup(list[:i], u.X); found {
				break
			}
		}
		if found && mc.assignsAny(ifs.Body, []memo{m}) {
			out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
		}
	}
	return out
}

// boolTerms splits a condition into the operands of its top-level &&
// or || chain.
func boolTerms(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && (b.Op == token.LAND || b.Op == token.LOR) {
		return append(boolTerms(b.X), boolTerms(b.Y)...)
	}
	return []ast.Expr{e}
}

// earlierLookup matches `v, ok := M[k]` earlier in the block (under a
// read lock, say) and `if ok` now, for a map M in a memo location. Other
// conjuncts may join ok (`if ok && !dev`): the body still runs only on
// a hit.
func (mc memoCtx) earlierLookup(before []ast.Stmt, cond ast.Expr) (m memo, found bool) {
	eachConjunct(cond, func(e ast.Expr) {
		if !found {
			m, found = mc.earlierLookupOf(before, e)
		}
	})
	return m, found
}

func (mc memoCtx) earlierLookupOf(before []ast.Stmt, cond ast.Expr) (memo, bool) {
	id, ok := ast.Unparen(cond).(*ast.Ident)
	if !ok {
		return memo{}, false
	}
	obj := mc.info.Uses[id]
	if obj == nil {
		return memo{}, false
	}
	for j := len(before) - 1; j >= 0; j-- {
		as, ok := before[j].(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			continue
		}
		okID, isID := as.Lhs[1].(*ast.Ident)
		if !isID || mc.info.ObjectOf(okID) != obj {
			continue
		}
		if ix, isIx := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr); isIx {
			return mc.memoOf(ix)
		}
		return memo{}, false
	}
	return mc.nestedLookup(before, obj)
}

// nestedLookup matches a flag declared before and set only by a lookup
// nested in an earlier statement, in a map read from a memo location
// into a local: a two-level cache (`var ok bool; if inner :=
// c.byDB[db]; inner != nil { v, ok = inner[q] }`), then `if ok`.
func (mc memoCtx) nestedLookup(before []ast.Stmt, flag types.Object) (memo, bool) {
	defs := map[types.Object]ast.Expr{}
	var found memo
	hits, others := 0, 0
	for _, st := range before {
		ast.Inspect(st, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				_, lit := n.(*ast.FuncLit)
				return !lit
			}
			if as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, isID := as.Lhs[0].(*ast.Ident); isID {
					if obj := mc.info.Defs[id]; obj != nil {
						defs[obj] = as.Rhs[0]
					}
				}
			}
			for i, l := range as.Lhs {
				if id, isID := l.(*ast.Ident); !isID || mc.info.ObjectOf(id) != flag {
					continue
				}
				ix, isIx := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr)
				if i != 1 || len(as.Lhs) != 2 || len(as.Rhs) != 1 || !isIx {
					others++
					continue
				}
				m, isMemo := mc.memoOf(ix)
				if inner, isLocal := ast.Unparen(ix.X).(*ast.Ident); !isMemo && isLocal && defs[mc.info.Uses[inner]] != nil {
					m, isMemo = mc.memoOf(defs[mc.info.Uses[inner]])
				}
				if !isMemo || hits > 0 && m != found {
					others++
					continue
				}
				found = m
				hits++
			}
			return true
		})
	}
	return found, hits > 0 && others == 0
}

// memoSets returns the memo locations the package fills and the maps it
// never fills, computed on first use.
func (r *Result) memoSets() (map[memo]bool, map[types.Object]bool) {
	if r == nil || r.pass == nil {
		return nil, nil
	}
	r.memoOnce.Do(func() {
		r.filled = filledMemos(r.pass, r.decls)
		r.emptyMaps = emptyMaps(r.pass, r.excluded)
	})
	return r.filled, r.emptyMaps
}

// returns reports whether b contains a return statement (outside
// function literals): a hit path may check the cached value's type
// before it returns it.
func returns(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// onceArg reports whether a call to fn runs its function argument i only
// once per process or on a cache miss: fn calls that parameter only
// there, and uses it for nothing else (OnceParams). singleflight is no
// such place: it merges concurrent calls and caches nothing.
func (r *Result) onceArg(fn *types.Func, i int) bool {
	if r == nil || fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() {
		return false
	}
	if _, isFunc := sig.Params().At(i).Type().Underlying().(*types.Signature); !isFunc {
		return false
	}
	fn = fn.Origin()
	if decl := r.decls[fn]; decl != nil {
		return slices.Contains(r.localOnceParams(fn, decl), i)
	}
	f := r.Of(fn)
	return f != nil && slices.Contains(f.OnceParams, i)
}

// localOnceParams returns OnceParams for a function of this package,
// computed on first need (the analyzers sharing the Result may ask
// concurrently).
func (r *Result) localOnceParams(fn *types.Func, decl *ast.FuncDecl) []int {
	r.onceParamsMu.Lock()
	if ps, ok := r.onceParams[fn]; ok {
		r.onceParamsMu.Unlock()
		return ps
	}
	if r.onceParams == nil {
		r.onceParams = make(map[*types.Func][]int)
	}
	r.onceParams[fn] = nil // a recursive call asks again: nothing yet
	r.onceParamsMu.Unlock()

	ps := onceParams(r.pass.TypesInfo, decl, func(body ast.Node) []span {
		return r.onceRegions(r.pass.TypesInfo, receiver(r.pass.TypesInfo, decl), body)
	})

	r.onceParamsMu.Lock()
	r.onceParams[fn] = ps
	r.onceParamsMu.Unlock()
	return ps
}

// onceParams returns the indices of decl's function-typed parameters
// that its body calls only inside regions (its once regions), at least
// once, and uses for nothing else: a parameter that is stored, passed
// on or called on the common path may run on every call.
func onceParams(info *types.Info, decl *ast.FuncDecl, regions func(ast.Node) []span) []int {
	if decl.Body == nil {
		return nil
	}
	params := funcParams(info, decl)
	if len(params) == 0 {
		return nil
	}
	called := make(map[types.Object][]token.Pos)
	bad := make(map[types.Object]bool)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if obj := info.Uses[id]; obj != nil {
					if _, isParam := params[obj]; isParam {
						called[obj] = append(called[obj], n.Pos())
						for _, a := range n.Args {
							ast.Inspect(a, func(n ast.Node) bool { return markUses(info, n, params, bad) })
						}
						return false
					}
				}
			}
		case *ast.Ident:
			return markUses(info, n, params, bad)
		}
		return true
	})
	if len(called) == 0 {
		return nil
	}
	spans := regions(decl.Body)
	var out []int
	for p, i := range params {
		if bad[p] || len(called[p]) == 0 {
			continue
		}
		once := true
		for _, pos := range called[p] {
			once = once && inSpans(spans, pos)
		}
		if once {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// markUses marks a parameter of params that n uses other than as the
// function of a call.
func markUses(info *types.Info, n ast.Node, params map[types.Object]int, bad map[types.Object]bool) bool {
	if id, ok := n.(*ast.Ident); ok {
		if obj := info.Uses[id]; obj != nil {
			if _, isParam := params[obj]; isParam {
				bad[obj] = true
			}
		}
	}
	return true
}

// hasErrorResult reports whether one of sig's results is an error.
func hasErrorResult(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if knowledge.IsError(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// packageVars calls yield for each package-level variable declared in
// the package's files outside excluded, with its initializer (nil when
// it has none, or when several names share one call's results: multi).
func packageVars(pass *analysis.Pass, excluded map[*token.File]bool, yield func(v *types.Var, init ast.Expr, multi bool)) {
	for _, f := range pass.Files {
		if excluded[pass.Fset.File(f.Pos())] {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					v, _ := pass.TypesInfo.Defs[name].(*types.Var)
					if v == nil {
						continue
					}
					var init ast.Expr
					if i < len(vs.Values) {
						init = vs.Values[i]
					}
					yield(v, init, len(vs.Values) > 0 && len(vs.Values) != len(vs.Names))
				}
			}
		}
	}
}

// eachStmtList calls list for each statement list of body (a block, a
// case or a select clause) with the position its stretch ends at: what
// follows an early return in it runs only when the return did not.
func eachStmtList(body ast.Node, list func(stmts []ast.Stmt, end token.Pos)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if stmts, end, ok := stmtList(n); ok {
			list(stmts, end)
		}
		return true
	})
}

// stmtList returns the statements of a block, case or select clause,
// and where their stretch ends.
func stmtList(n ast.Node) ([]ast.Stmt, token.Pos, bool) {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List, n.Rbrace, true
	case *ast.CaseClause:
		return n.Body, n.End(), true
	case *ast.CommClause:
		return n.Body, n.End(), true
	}
	return nil, token.NoPos, false
}

// writesField reports whether n writes a field of what v holds (v.F =,
// v.F++, &v or &v.F): v a variable of a struct or a pointer to one.
func writesField(info *types.Info, n ast.Node, v *types.Var) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && usesVar(info, sel.X, v) {
				return true
			}
		}
	case *ast.IncDecStmt:
		if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok && usesVar(info, sel.X, v) {
			return true
		}
	case *ast.UnaryExpr:
		return n.Op == token.AND && usesVar(info, n.X, v)
	}
	return false
}

// pairedStore reports whether a cache facade's function store stores
// what its function lookup reads: Get and Set, GetSettings and
// SetSettings, Load and Store. A package's other functions (a handler
// package's BindAndCheck and HandleResponse) are no cache.
func pairedStore(lookup, store string) bool {
	for _, get := range []string{"Get", "Load", "Lookup"} {
		suffix, ok := strings.CutPrefix(lookup, get)
		if !ok {
			continue
		}
		for _, set := range []string{"Set", "Store", "Put"} {
			if store == set+suffix {
				return true
			}
		}
	}
	return false
}

// filledUnder reports whether the package stores into p's cache, under
// p's constant key, somewhere (filledMemos).
func (mc memoCtx) filledUnder(p cacheProbe) bool {
	if p.key == "" {
		return false
	}
	m := p.cache
	m.key = p.key
	return mc.filled[m]
}

// onlyStatus reports whether call returns nothing but errors and bools:
// a store, not a read (storesInto).
func onlyStatus(info *types.Info, call *ast.CallExpr) bool {
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if t := sig.Results().At(i).Type(); !knowledge.IsError(t) && !isBool(t) {
			return false
		}
	}
	return true
}

// accessorField returns the field an accessor call x.M() returns: a
// method of this package, without parameters, whose body is `return
// recv.f`.
func accessorField(info *types.Info, decls map[*types.Func]*ast.FuncDecl, call *ast.CallExpr) *types.Var {
	if len(call.Args) != 0 {
		return nil
	}
	fn := Callee(info, call)
	decl := decls[fn]
	if decl == nil || decl.Body == nil || decl.Recv == nil || len(decl.Body.List) != 1 {
		return nil
	}
	ret, ok := decl.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	sel, ok := ast.Unparen(ret.Results[0]).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || info.Uses[id] != Receiver(info, decl) {
		return nil
	}
	f, _ := s.Obj().(*types.Var)
	return f
}

// isFuncValued reports a variable (or field) holding a function.
func isFuncValued(obj types.Object) bool {
	if obj == nil {
		return false
	}
	_, ok := obj.Type().Underlying().(*types.Signature)
	return ok
}
