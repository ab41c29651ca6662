package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
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
//     same block by an assignment to L (or M[k]): the statements from
//     the guard to that assignment fill a memo or a cache, and later
//     requests take the early return. When L is filled elsewhere in the
//     package instead (a cache that stores the computed value and sets
//     the flag on the value it caches), the rest of the block after the
//     guard is the miss path and is not per-request either.
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
func onceRegions(info *types.Info, recv types.Object, body ast.Node, decls map[*types.Func]*ast.FuncDecl, filled map[memo]bool, empty map[types.Object]bool) []span {
	mc := memoCtx{info: info, recv: recv, decls: decls, filled: filled}
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
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); !ok || sel.Sel.Name != "Do" || len(n.Args) != 1 {
				break
			}
			if fn := Callee(info, n); knowledge.InPackage(fn, "sync") && fn.FullName() == "(*sync.Once).Do" {
				out = append(out, span{n.Args[0].Pos(), n.Args[0].End()})
			}
		case *ast.IfStmt:
			if errorBranch(info, n.Cond) {
				out = append(out, span{n.Body.Pos(), n.Body.End()})
				return true
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
		case *ast.BlockStmt:
			out = append(out, mc.returnIfSet(n.List)...)
		case *ast.CaseClause:
			out = append(out, mc.returnIfSet(n.Body)...)
		case *ast.CommClause:
			out = append(out, mc.returnIfSet(n.Body)...)
		}
		return true
	})
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
				if v, ok := info.Defs[id].(*types.Var); ok && isBool(v.Type()) && (len(n.Values) == 0 || isFalse(info, n.Values[i])) {
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

// errorBranch reports a condition with a conjunct E != nil (E of type
// error) or a call to errors.Is or errors.As.
func errorBranch(info *types.Info, cond ast.Expr) bool {
	switch e := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return errorBranch(info, e.X) || errorBranch(info, e.Y)
		case token.NEQ:
			x, y := e.X, e.Y
			if isNil(info, x) {
				x, y = y, x
			}
			return isNil(info, y) && knowledge.IsError(info.TypeOf(x))
		}
	case *ast.CallExpr:
		if fn := Callee(info, e); knowledge.InPackage(fn, "errors") && (fn.Name() == "Is" || fn.Name() == "As") {
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
}

type memoCtx struct {
	info  *types.Info
	recv  types.Object                  // the method's receiver, or nil
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
			return obj != nil && (isPackageVar(obj) || obj == mc.recv)
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

// memoOf returns the memo location e denotes, if any.
func (mc memoCtx) memoOf(e ast.Expr) (memo, bool) {
	info := mc.info
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.Uses[e]; isPackageVar(obj) {
			return memo{obj}, true
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			if mc.longLived(e.X) {
				return memo{sel.Obj()}, true
			}
			return memo{}, false
		}
		if obj := info.Uses[e.Sel]; isPackageVar(obj) {
			return memo{obj}, true // pkg.Var
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
				}
			}
		case *ast.UnaryExpr:
			if e.Op == token.NOT {
				if m, ok := mc.memoOf(e.X); ok && isBool(info.TypeOf(e.X)) {
					out = append(out, m)
				}
			}
		}
	}
	visit(cond)
	return out
}

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
				if m, ok := mc.zeroCompare(e.X, e.Y); ok {
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

// assignsAny reports whether n assigns one of locs, itself or in a
// function of this package that it calls (an Initialize that sets the
// initialized flag), two calls deep at most.
func (mc memoCtx) assignsAny(n ast.Node, locs []memo) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && mc.depth < 2 {
			if fn := Callee(mc.info, call); fn != nil {
				if decl := mc.decls[fn]; decl != nil && decl.Body != nil {
					inner := memoCtx{info: mc.info, recv: receiver(mc.info, decl), decls: mc.decls, depth: mc.depth + 1}
					if inner.assignsAny(decl.Body, locs) {
						found = true
						return false
					}
				}
			}
		}
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if m, ok := mc.memoOf(l); ok {
					for _, want := range locs {
						if m == want {
							found = true
						}
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
// and returns the span from the guard to the end of that assignment.
func (mc memoCtx) returnIfSet(list []ast.Stmt) []span {
	var out []span
	for i, st := range list {
		// A cache object: a lookup on a long-lived cache (c.Get, Load,
		// Lookup) that returns on a hit, anywhere in this statement,
		// then a store into the same cache (c.Set, Store, Add) later.
		if _, isIf := st.(*ast.IfStmt); !isIf {
			// Only an if statement can hold the hit that returns.
		} else if probed := mc.cacheProbes(st); len(probed) > 0 {
			for _, later := range list[i+1:] {
				if mc.callsOther(later, probed) {
					out = append(out, span{st.End(), later.End()})
					break
				}
			}
		}
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Else != nil || !endsInReturn(ifs.Body) {
			continue
		}
		locs := mc.setChecks(ifs.Cond)
		if m, ok := mc.cacheHit(ifs); ok {
			locs = append(locs, m)
		} else if m, ok := mc.earlierLookup(list[:i], ifs.Cond); ok {
			locs = append(locs, m)
		}
		if len(locs) == 0 {
			continue
		}
		found := false
		for _, later := range list[i+1:] {
			if mc.assignsAny(later, locs) {
				out = append(out, span{ifs.End(), later.End()})
				found = true
				break
			}
		}
		if !found && len(list) > i+1 {
			for _, m := range locs {
				if mc.filled[m] {
					out = append(out, span{ifs.End(), list[len(list)-1].End()})
					break
				}
			}
		}
	}
	return out
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

// commaOk returns X of `if v, ok := X; ok`, or nil.
func commaOk(info *types.Info, ifs *ast.IfStmt) ast.Expr {
	as, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	okID, isID := as.Lhs[1].(*ast.Ident)
	cond, condID := ast.Unparen(ifs.Cond).(*ast.Ident)
	if !isID || !condID || info.ObjectOf(okID) == nil || info.ObjectOf(okID) != info.ObjectOf(cond) {
		return nil
	}
	return as.Rhs[0]
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
	filled, empty := r.memoSets()
	spans := onceRegions(info, recv, body, r.decls, filled, empty)
	r.SyncCalls(info, body, func(n ast.Node, callee *types.Func) {
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
func filledMemos(pass *analysis.Pass) map[memo]bool {
	info := pass.TypesInfo
	out := make(map[memo]bool)
	for _, fc := range fileCursors(pass, nil) {
		for c := range fc.Preorder((*ast.AssignStmt)(nil)) {
			as := c.Node().(*ast.AssignStmt)
			for _, l := range as.Lhs {
				switch l := ast.Unparen(l).(type) {
				case *ast.SelectorExpr:
					if sel, ok := info.Selections[l]; ok && sel.Kind() == types.FieldVal {
						out[memo{sel.Obj()}] = true
					} else if obj := info.Uses[l.Sel]; isPackageVar(obj) {
						out[memo{obj}] = true
					}
				case *ast.Ident:
					if obj := info.Uses[l]; isPackageVar(obj) {
						out[memo{obj}] = true
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
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != len(vs.Values) {
					continue
				}
				for i, name := range vs.Names {
					v, _ := pass.TypesInfo.Defs[name].(*types.Var)
					if v == nil {
						continue
					}
					if _, isSig := v.Type().Underlying().(*types.Signature); !isSig {
						continue
					}
					if fn := funcValue(pass.TypesInfo, vs.Values[i]); fn != nil && fn.Pkg() == pass.Pkg {
						out[v] = fn
					}
				}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	for f, fc := range fileCursors(pass, nil) {
		tf := pass.Fset.File(f.Pos())
		if tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		for c := range fc.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)) {
			n := c.Node()
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok {
							delete(out, v)
						}
					}
				}
			}
			if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
					if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok {
						delete(out, v) // its address escapes
					}
				}
			}
		}
	}
	return out
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

// emptyMaps finds the unexported package-level maps that nothing in the
// package fills: every use outside tests is a read (m[k], len, range,
// delete) and the variable is never reassigned, passed on or aliased.
// A lookup in one never hits, so the code it guards never runs.
func emptyMaps(pass *analysis.Pass, excluded map[*token.File]bool) map[types.Object]bool {
	cands := make(map[types.Object]bool)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					v, _ := pass.TypesInfo.Defs[name].(*types.Var)
					if v == nil || v.Exported() {
						continue
					}
					if _, isMap := v.Type().Underlying().(*types.Map); !isMap {
						continue
					}
					if i < len(vs.Values) && !emptyInit(pass.TypesInfo, vs.Values[i]) {
						continue
					}
					cands[v] = true
				}
			}
		}
	}
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

// emptyInit reports make(map...) or an empty map literal.
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

// cacheProbe is a method call on a long-lived cache object.
type cacheProbe struct {
	cache  memo
	method string
}

// cacheProbes finds, in st, if statements that test a hit on a memo
// location (`if v, ok := c.Get(k); ok`, `if c.Has(k)`) and return in
// their body: a cache hit path. A lookup judged by its error (`if _,
// err := svc.Get(k); err == nil`) is not a cache test.
func (mc memoCtx) cacheProbes(st ast.Stmt) []cacheProbe {
	var out []cacheProbe
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			// The lookup is a hit test: `if v, ok := c.Get(k); ok` or
			// `if c.Has(k)`, on a long-lived cache c, whose body
			// returns. (The shape of the condition is checked first:
			// it is cheap, and most conditions are not calls.)
			var call ast.Expr = n.Cond
			if n.Init != nil {
				if call = commaOk(mc.info, n); call == nil {
					return true
				}
			}
			c, ok := ast.Unparen(call).(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if _, isMethod := mc.info.Selections[sel]; !isMethod {
				return true
			}
			if n.Init == nil && !isBool(mc.info.TypeOf(c)) {
				return true
			}
			if !returns(n.Body) {
				return true
			}
			if m, ok := mc.memoOf(sel.X); ok {
				out = append(out, cacheProbe{m, sel.Sel.Name})
			}
		}
		return true
	})
	return out
}

// callsOther reports whether n calls a different method on a probed
// cache (its Set after its Get), or assigns the cache.
func (mc memoCtx) callsOther(n ast.Node, probed []cacheProbe) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if m, ok := mc.memoOf(sel.X); ok {
					for _, p := range probed {
						if p.cache == m && p.method != sel.Sel.Name {
							found = true
						}
					}
				}
			}
		}
		return !found
	})
	return found
}

// earlierLookup matches `v, ok := M[k]` earlier in the block (under a
// read lock, say) and `if ok` now, for a map M in a memo location.
func (mc memoCtx) earlierLookup(before []ast.Stmt, cond ast.Expr) (memo, bool) {
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
	return memo{}, false
}

// memoSets returns the memo locations the package fills and the maps it
// never fills, computed on first use.
func (r *Result) memoSets() (map[memo]bool, map[types.Object]bool) {
	if r == nil || r.pass == nil {
		return nil, nil
	}
	r.memoOnce.Do(func() {
		r.filled = filledMemos(r.pass)
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
