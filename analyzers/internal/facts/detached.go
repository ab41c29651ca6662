package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A context the request's cancellation never reaches. Context-aware I/O
// given context.Background() or context.TODO() (directly, or through a
// local variable only ever set to one of them), or given gin's
// *gin.Context (a context.Context whose Done channel is nil unless the
// engine sets ContextWithFallback), ignores the request exactly like
// the call without a context: db.QueryContext(context.Background(), q)
// is db.Query(q). A context derived from one of them
// (context.WithTimeout(context.Background(), d)) is bounded by its
// deadline and still outlives the client. context.WithoutCancel(ctx) says so on purpose and is
// not reported, and neither is a call that does no I/O (a tracer that
// takes a context).

// Detached reports whether call, a call of callee in body, does I/O with
// such a context, and the entry to report it with.
func (r *Result) Detached(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) (knowledge.Entry, bool) {
	arg := contextArg(info, call, callee)
	if arg == nil {
		return knowledge.Entry{}, false
	}
	kind := detachedKind(info, r.decls, r.packageDetached(), body, arg, 0)
	if kind == 0 || !r.doesIO(callee) {
		return knowledge.Entry{}, false
	}
	if knowledge.RedisContextCommand(callee) && onRedisPipeline(info, call) {
		return knowledge.Entry{}, false // queued: the pipeline's Exec does the I/O
	}
	if d := r.decls[callee]; d != nil && discardsContext(info, d) {
		// Its context reaches nothing: the request's would stop
		// nothing either (a GetFlagsWithContext handing it to a
		// method that names it _).
		return knowledge.Entry{}, false
	}
	return detachedEntry(kind), true
}

// detachedEntry is the entry that reports I/O given a detached context
// of kind.
func detachedEntry(kind knowledge.Kind) knowledge.Entry {
	remedy := "pass ctx instead"
	if kind == knowledge.DetachedDerived {
		remedy = "derive it from ctx instead"
	}
	return knowledge.Entry{Kind: kind, Remedy: remedy, Fix: knowledge.FixContextArg}
}

// detachedLocal is Detached for a call of a function of the package
// being summarized, whose I/O its summary will say: the entry if call
// hands it a detached context it does not discard, or nil.
func (r *Result) detachedLocal(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) *knowledge.Entry {
	arg := contextArg(info, call, callee)
	if arg == nil {
		return nil
	}
	kind := detachedKind(info, r.decls, r.packageDetached(), body, arg, 0)
	if kind == 0 {
		return nil
	}
	if d := r.decls[callee]; d == nil || discardsContext(info, d) {
		return nil
	}
	e := detachedEntry(kind)
	return &e
}

// ContextArg returns the argument call passes for callee's first
// context.Context parameter, or nil.
func ContextArg(info *types.Info, call *ast.CallExpr, callee *types.Func) ast.Expr {
	return contextArg(info, call, callee)
}

func contextArg(info *types.Info, call *ast.CallExpr, callee *types.Func) ast.Expr {
	if callee == nil || call == nil {
		return nil
	}
	sig, ok := callee.Type().(*types.Signature)
	if !ok {
		return nil
	}
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		if knowledge.IsContext(sig.Params().At(i).Type()) {
			if sig.Variadic() && i == sig.Params().Len()-1 {
				return nil
			}
			return call.Args[i]
		}
	}
	return nil
}

// detachedKind classifies a context expression: context.Background(),
// context.TODO(), a *gin.Context, a context derived from one of them, or
// a local variable every assignment in body sets to one of them (0:
// none of these).
func detachedKind(info *types.Info, decls map[*types.Func]*ast.FuncDecl, vars map[*types.Var]knowledge.Kind, body ast.Node, e ast.Expr, depth int) knowledge.Kind {
	e = ast.Unparen(e)
	if t := info.TypeOf(e); t != nil && knowledge.IsPointerTo(t, "github.com/gin-gonic/gin", "Context") {
		return knowledge.DetachedGin
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		fn := Callee(info, x)
		if knowledge.InPackage(fn, "context") {
			switch fn.Name() {
			case "Background":
				return knowledge.DetachedBackground
			case "TODO":
				return knowledge.DetachedTODO
			}
			if parent := derivedParent(info, x); parent != nil && depth <= 2 && detachedKind(info, decls, vars, body, parent, depth+1) != 0 {
				// context.WithTimeout(context.Background(), d): the
				// deadline bounds the call, the client's going away
				// does not.
				return knowledge.DetachedDerived
			}
		}
		if decl := decls[fn]; decl != nil && depth <= 2 && returnsDetached(info, decls, vars, decl, depth+1) {
			// A helper of the package that makes the context
			// (func (c *Client) context() (context.Context,
			// context.CancelFunc) returning context.WithTimeout(
			// context.Background(), c.timeout)).
			return knowledge.DetachedDerived
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			if v, ok := sel.Obj().(*types.Var); ok {
				return vars[v] // s.ctx, a field only ever set to context.Background()
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if ok && isPackageVar(v) {
			return vars[v] // var noContext = context.Background()
		}
		if !ok || depth > 2 || body == nil || !(v.Pos() >= body.Pos() && v.Pos() < body.End()) {
			return 0 // a parameter, a package variable: not decided here
		}
		// ctx, cancel := context.WithTimeout(...) sets ctx too.
		values := append(localValues(info, body, v), firstResults(info, body, v)...)
		later, ok := laterResults(info, body, v)
		values = append(values, later...)
		if !ok || len(values) == 0 || escapes(info, body, v) {
			return 0
		}
		kind := knowledge.Kind(0)
		for _, val := range values {
			if selfDerived(info, val, v) {
				continue // ctx, cancel = context.WithTimeout(ctx, d): as detached as ctx was
			}
			k := detachedKind(info, decls, vars, body, val, depth+1)
			if k == 0 {
				return 0
			}
			kind = k
		}
		return kind
	}
	return 0
}

// returnsDetached reports whether decl returns a context first and
// every return statement of its body gives a detached one.
func returnsDetached(info *types.Info, decls map[*types.Func]*ast.FuncDecl, vars map[*types.Var]knowledge.Kind, decl *ast.FuncDecl, depth int) bool {
	res := decl.Type.Results
	if res == nil || len(res.List) == 0 || !knowledge.IsContext(info.TypeOf(res.List[0].Type)) {
		return false
	}
	found, all := false, true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
			if len(n.Results) == 0 || detachedKind(info, decls, vars, decl.Body, n.Results[0], depth) == 0 {
				all = false
			}
		}
		return all
	})
	return found && all
}

// selfDerived reports whether val is v itself or a context derived from
// v (context.WithTimeout(v, d)).
func selfDerived(info *types.Info, val ast.Expr, v *types.Var) bool {
	for range maxDerivation + 1 {
		if id, ok := ast.Unparen(val).(*ast.Ident); ok {
			return info.Uses[id] == v
		}
		call, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok {
			return false
		}
		if val = derivedParent(info, call); val == nil {
			return false
		}
	}
	return false
}

// laterResults returns the contexts v is set from as a later result of
// a call (g, ctx := errgroup.WithContext(parent) gives parent: the
// group's context is cancelled with it, or when a goroutine fails). ok
// is false when some such call is not known.
func laterResults(info *types.Info, body ast.Node, v *types.Var) (parents []ast.Expr, ok bool) {
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		a, isAssign := n.(*ast.AssignStmt)
		if !isAssign || len(a.Rhs) != 1 || len(a.Lhs) < 2 {
			return true
		}
		for i, l := range a.Lhs[1:] {
			if id, isID := l.(*ast.Ident); !isID || info.ObjectOf(id) != v {
				continue
			}
			call, isCall := ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
			if fn := Callee(info, call); isCall && i == 0 && len(call.Args) == 1 && fn != nil && fn.FullName() == "golang.org/x/sync/errgroup.WithContext" {
				parents = append(parents, call.Args[0])
				continue
			}
			ok = false
		}
		return true
	})
	return parents, ok
}

// derivedParent returns the parent context of a call deriving one
// (context.WithTimeout(parent, d), WithCancel, WithValue, ...), or nil.
func derivedParent(info *types.Info, call *ast.CallExpr) ast.Expr {
	fn := Callee(info, call)
	if !knowledge.InPackage(fn, "context") || len(call.Args) == 0 || !strings.HasPrefix(fn.Name(), "With") || fn.Name() == "WithoutCancel" {
		return nil
	}
	return call.Args[0]
}

// DetachedRoot returns the detached context a context argument derives
// from (the context.Background() in context.WithTimeout(
// context.Background(), d)): where a fix passes the request's context
// and keeps the deadline. It is arg itself when arg derives nothing.
func DetachedRoot(info *types.Info, arg ast.Expr) ast.Expr {
	for {
		call, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			return arg
		}
		parent := derivedParent(info, call)
		if parent == nil {
			return arg
		}
		arg = parent
	}
}

// packageDetached returns the package's unexported variables
// initialized to context.Background() or context.TODO() and never
// assigned (var noContext = context.Background()), computed on first
// use.
func (r *Result) packageDetached() map[*types.Var]knowledge.Kind {
	if r == nil || r.pass == nil {
		return nil
	}
	r.detachedOnce.Do(func() {
		info := r.pass.TypesInfo
		vars := make(map[*types.Var]knowledge.Kind)
		packageVars(r.pass, nil, func(v *types.Var, init ast.Expr, multi bool) {
			if init == nil || multi || v.Exported() {
				return
			}
			if k := detachedKind(info, nil, nil, nil, init, 0); k == knowledge.DetachedBackground || k == knowledge.DetachedTODO {
				vars[v] = k
			}
		})
		if len(vars) > 0 {
			deleteReassigned(r.pass, vars, true)
		}
		maps.Copy(vars, detachedFields(r.pass))
		r.detachedVars = vars
	})
	return r.detachedVars
}

// escapes reports whether v's address is taken in body (it may be set
// elsewhere).
func escapes(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// doesIO reports whether a call to fn is known to do I/O: a
// context-aware call of the tables or the context-aware variant of a
// blocking one (QueryContext beside Query), a generated RPC client's
// method, a summarized function whose summary reaches I/O (through an
// interface: an implementation in sight that does), or a client
// library's call (a context first, an error last) outside the
// summarized packages or whose summary stops at interfaces it cannot
// see into (unseenLibraryIO).
func (r *Result) doesIO(fn *types.Func) bool {
	if knowledge.IsContextIO(fn) || knowledge.IsContextWait(fn) || knowledge.IsRPCClientMethod(fn) || knowledge.IsKubeClientMethod(fn) || knowledge.RedisContextCommand(fn) || knowledge.IsSQLContextShaped(fn) || r.Table.IsContextVariant(fn) {
		return true
	}
	if isInterfaceMethod(fn) {
		f := r.FactOf(fn)
		return f != nil && len(f.IO) > 0
	}
	if r.Analyzed(fn.Pkg()) {
		f := r.Of(fn)
		if f != nil && len(f.IO) > 0 {
			return true
		}
		if !r.unseenLibraryIO(fn) || !slices.ContainsFunc(f.Calls, func(c IfaceCall) bool { return c.Ctx }) {
			return false
		}
		// A library's call that hands its context on to an interface
		// it cannot see into (a query builder's QueryAndClose(ctx,
		// db) on its Executor's QueryContext): its shape decides, as
		// when the library is not summarized. One whose interfaces
		// take no context (a session manager reading ctx.Value, its
		// store called without one) is not I/O given the context.
	}
	if r.library && !r.Table.ListedIO(fn) {
		// Inside a library, a context handed to its own function is
		// no evidence by shape alone (a config resolver given
		// context.Background() loops over loaded values): only what
		// the tables or summaries know counts.
		return false
	}
	io, _ := r.Table.IO(fn)
	return io
}

// discardsContext reports whether decl's first context.Context parameter
// reaches nothing: it is blank or unused, or only handed on in the place
// of a blank parameter (`func (m *Manager) Flags(_ context.Context)`).
func discardsContext(info *types.Info, decl *ast.FuncDecl) bool {
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok || decl.Body == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	var param *types.Var
	for i := range sig.Params().Len() {
		if p := sig.Params().At(i); knowledge.IsContext(p.Type()) {
			param = p
			break
		}
	}
	if param == nil {
		return false
	}
	if param.Name() == "_" || param.Name() == "" {
		return true
	}
	handedOn := make(map[*ast.Ident]bool)
	used := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if used {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			csig, ok := info.TypeOf(n.Fun).(*types.Signature)
			if !ok || n.Ellipsis.IsValid() {
				break
			}
			for i, a := range n.Args {
				id, ok := ast.Unparen(a).(*ast.Ident)
				if !ok || info.Uses[id] != param {
					continue
				}
				if i < csig.Params().Len() && !(csig.Variadic() && i >= csig.Params().Len()-1) && csig.Params().At(i).Name() == "_" {
					handedOn[id] = true
				}
			}
		case *ast.Ident:
			if info.Uses[n] == param && !handedOn[n] {
				used = true
			}
		}
		return true
	})
	return !used
}

// onRedisPipeline reports whether call is a method call on a go-redis
// pipeline, where a command is only queued.
func onRedisPipeline(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	t := info.TypeOf(sel.X)
	return t != nil && knowledge.RedisPipeline(t)
}

// detachedFields returns the package's unexported struct fields of type
// context.Context that every assignment in the package sets to
// context.Background() or context.TODO() (`&RedisStore{ctx:
// context.Background(), …}`, then `s.rdb.Get(s.ctx, key)` in every
// method): a context the request's cancellation never reaches, like a
// package variable set once. A field set to anything else, or in a
// literal without keys, is not decided.
func detachedFields(pass *analysis.Pass) map[*types.Var]knowledge.Kind {
	info := pass.TypesInfo
	fields := make(map[*types.Var]knowledge.Kind)
	undecided := make(map[*types.Var]bool)
	// body is the function whose code sets the field, so that a local
	// variable holding the context is followed (ctx :=
	// context.Background(); ctx = context.WithValue(ctx, k, v); then
	// &Service{ctx: ctx}).
	var body ast.Node
	set := func(v *types.Var, val ast.Expr) {
		if v == nil || !v.IsField() || v.Exported() || v.Pkg() != pass.Pkg || !knowledge.IsContext(v.Type()) {
			return
		}
		k := detachedKind(info, nil, nil, body, val, 0)
		if k != knowledge.DetachedBackground && k != knowledge.DetachedTODO && k != knowledge.DetachedDerived {
			undecided[v] = true
			return
		}
		if old, ok := fields[v]; ok && old != k {
			k = knowledge.DetachedDerived // set to two kinds: detached either way
		}
		fields[v] = k
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				body = n.Body
			case *ast.GenDecl:
				if n.Tok == token.VAR {
					body = nil
				}
			case *ast.CompositeLit:
				t := info.TypeOf(n)
				if t == nil {
					break
				}
				st, ok := t.Underlying().(*types.Struct)
				if !ok {
					break
				}
				for i, el := range n.Elts {
					kv, keyed := el.(*ast.KeyValueExpr)
					if !keyed {
						if i < st.NumFields() {
							set(st.Field(i), el)
						}
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok {
						v, _ := info.Uses[id].(*types.Var)
						set(v, kv.Value)
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					v, _ := info.Uses[sel.Sel].(*types.Var)
					if len(n.Lhs) == len(n.Rhs) {
						set(v, n.Rhs[i])
					} else if v != nil && v.IsField() {
						undecided[v] = true
					}
				}
			case *ast.UnaryExpr:
				if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok && n.Op == token.AND {
					if v, _ := info.Uses[sel.Sel].(*types.Var); v != nil && v.IsField() {
						undecided[v] = true // &s.ctx: set elsewhere
					}
				}
			}
			return true
		})
	}
	for v := range undecided {
		delete(fields, v)
	}
	return fields
}
