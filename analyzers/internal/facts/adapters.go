package facts

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Adapter is an object fact on a project adapter: a function whose
// function-typed parameters at Params are called inside a request
// handler the function returns or registers, as in
//
//	func ToHTTP(deps Deps, h func(Deps, *Ctx) error) http.HandlerFunc {
//		return func(w http.ResponseWriter, r *http.Request) { h(deps, newCtx(w, r)) }
//	}
//
// A function passed there (ToHTTP(deps, listBookmarks)) runs on every
// request: it is a request root in its own right. A parameter that the
// adapter only stores (a background job's queue) or calls in a go
// statement is not listed.
//
// Wraps lists the function-typed parameters of a middleware wrapper: a
// function that returns a function literal calling them
// (withAuth(fn) returning func(ctx, d) { ...; return fn(ctx, d) }), so
// that api(withAuth(listNotes)) makes listNotes a root.
type Adapter struct {
	Params []int
	Wraps  []int
}

// AFact marks Adapter as an analysis fact.
func (*Adapter) AFact() {}

// String is the stable form used by tests (`// want f:"..."`).
func (a *Adapter) String() string {
	var parts []string
	if len(a.Params) > 0 {
		parts = append(parts, fmt.Sprintf("adapts%v", a.Params))
	}
	if len(a.Wraps) > 0 {
		parts = append(parts, fmt.Sprintf("wraps%v", a.Wraps))
	}
	return strings.Join(parts, " ")
}

// adapterState is what the facts pass learns about adapters: the
// adapter parameters of local and imported functions, and the functions
// and literals passed to them in this package.
type adapterState struct {
	params  map[*types.Func]Adapter
	handler []handlers.Handler
	remote  []AdaptedFunc
}

// AdaptedFunc is a function of another package passed to an adapter in
// this one: its body is not here, so its chain is shown at Arg.
type AdaptedFunc struct {
	Arg ast.Expr
	Fn  *types.Func
}

// findAdapters computes the Adapter facts of pass's functions, exports
// them, and collects the functions and literals this package passes to
// an adapter (its own or an imported one). used are the functions of
// other packages that pass's files mention.
func findAdapters(pass *analysis.Pass, used []*types.Func) *adapterState {
	st := &adapterState{params: make(map[*types.Func]Adapter)}
	info := pass.TypesInfo
	// Imported adapters first: only functions with a function-typed
	// parameter can be one.
	for _, fn := range used {
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg || knowledge.IsStd(fn.Pkg().Path()) || !hasFuncParam(fn) {
			continue
		}
		fn = fn.Origin()
		if _, done := st.params[fn]; done {
			continue
		}
		var f Adapter
		pass.ImportObjectFact(fn, &f)
		st.params[fn] = f
	}

	decls := make(map[*types.Func]*ast.FuncDecl)
	var order []*ast.FuncDecl
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, _ := info.Defs[decl.Name].(*types.Func)
			if fn == nil {
				continue
			}
			decls[fn] = decl
			if hasFuncParam(fn) && !handlers.InTestFile(pass, decl) {
				order = append(order, decl)
			}
		}
	}
	// Rounds: a function may hand its parameter to another that calls
	// it (a handler literal's respond(c, fn)), and an adapter to another
	// adapter (handle(fn) returning wrap(fn)).
	invokes := make(map[*types.Func][]int)
	for changed := true; changed; {
		changed = false
		for _, decl := range order {
			fn := info.Defs[decl.Name].(*types.Func)
			if in := invokedParams(info, decl, invokes); !slices.Equal(in, invokes[fn]) {
				invokes[fn] = in
				changed = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, decl := range order {
			fn := info.Defs[decl.Name].(*types.Func)
			a := adapterParams(info, decl, st.params, invokes)
			if old := st.params[fn]; !slices.Equal(a.Params, old.Params) || !slices.Equal(a.Wraps, old.Wraps) {
				st.params[fn] = a
				changed = true
			}
		}
	}
	for _, decl := range order {
		fn := info.Defs[decl.Name].(*types.Func)
		if a := st.params[fn]; len(a.Params) > 0 || len(a.Wraps) > 0 {
			pass.ExportObjectFact(fn, &a)
		}
	}

	// The request roots: what this package passes to adapters (none
	// when no function in sight is one).
	adapters := false
	for _, a := range st.params {
		adapters = adapters || len(a.Params) > 0
	}
	if !adapters {
		return st
	}
	seen := make(map[ast.Node]bool)
	for file, fc := range fileCursors(pass, nil) {
		if handlers.InTestFile(pass, file) || handlers.IsGenerated(pass.Fset, file) {
			continue
		}
		for c := range fc.Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			callee := Callee(info, call)
			if callee == nil {
				continue
			}
			for _, i := range st.params[callee].Params {
				if i >= len(call.Args) {
					continue
				}
				for _, arg := range st.unwrap(info, call.Args[i], 0) {
					if h, ok := adaptedRoot(info, arg, decls, pass.Pkg); ok && !seen[h.Node] {
						seen[h.Node] = true
						st.handler = append(st.handler, h)
					} else if fn := funcValue(info, ast.Unparen(arg)); fn != nil && fn.Pkg() != nil && fn.Pkg() != pass.Pkg &&
						!knowledge.IsStd(fn.Pkg().Path()) && !handlers.RootElsewhere(fn) {
						st.remote = append(st.remote, AdaptedFunc{Arg: arg, Fn: fn})
					}
				}
			}
		}
	}
	return st
}

// adaptedRoot returns the function literal or the function of this
// package that arg names, as a handler. Functions that already have a
// handler signature are found by the handlers package itself.
func adaptedRoot(info *types.Info, arg ast.Expr, decls map[*types.Func]*ast.FuncDecl, pkg *types.Package) (handlers.Handler, bool) {
	switch a := ast.Unparen(arg).(type) {
	case *ast.FuncLit:
		sig, ok := info.TypeOf(a).(*types.Signature)
		if !ok || handlers.IsHandlerType(sig) {
			return handlers.Handler{}, false
		}
		return handlers.Adapt(handlers.Adapted, a, a.Body, nil, sig), true
	case *ast.Ident, *ast.SelectorExpr:
		fn := funcValue(info, a)
		if fn == nil || fn.Pkg() != pkg {
			return handlers.Handler{}, false
		}
		decl := decls[fn]
		sig, _ := fn.Type().(*types.Signature)
		if decl == nil || sig == nil || handlers.IsHandlerType(sig) {
			return handlers.Handler{}, false
		}
		return handlers.Adapt(handlers.Adapted, decl, decl.Body, fn, sig), true
	}
	return handlers.Handler{}, false
}

// unwrap returns the function values that arg stands for: arg itself,
// or, for a call of a middleware wrapper (withAuth(listNotes)), the
// values it wraps, recursively.
func (st *adapterState) unwrap(info *types.Info, arg ast.Expr, depth int) []ast.Expr {
	call, ok := ast.Unparen(arg).(*ast.CallExpr)
	if !ok || depth > maxDerivation {
		return []ast.Expr{arg}
	}
	callee := Callee(info, call)
	if callee == nil {
		return nil
	}
	var out []ast.Expr
	for _, j := range st.params[callee].Wraps {
		if j < len(call.Args) {
			out = append(out, st.unwrap(info, call.Args[j], depth+1)...)
		}
	}
	return out
}

// callsParams marks, in into, the parameters of params that body calls
// outside go statements and nested literals: directly, or by handing
// them to a function of this package that calls them (invokes).
func callsParams(info *types.Info, body ast.Node, params map[types.Object]int, invokes map[*types.Func][]int, into map[int]bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if i, ok := params[info.Uses[id]]; ok {
					into[i] = true
				}
			}
			if callee := Callee(info, n); callee != nil {
				for _, j := range invokes[callee] {
					if j >= len(n.Args) {
						continue
					}
					if id, ok := ast.Unparen(n.Args[j]).(*ast.Ident); ok {
						if i, ok := params[info.Uses[id]]; ok {
							into[i] = true
						}
					}
				}
			}
		}
		return true
	})
}

// invokedParams returns which of decl's function-typed parameters its
// body calls on its own path (see callsParams): a helper that runs the
// function it is given (respond(c, fn) calling fn(c)).
func invokedParams(info *types.Info, decl *ast.FuncDecl, invokes map[*types.Func][]int) []int {
	params := funcParams(info, decl)
	if len(params) == 0 {
		return nil
	}
	in := make(map[int]bool)
	callsParams(info, decl.Body, params, invokes, in)
	return sortedKeys(in)
}

// adapterParams returns which of decl's function-typed parameters its
// body calls inside a handler literal (directly or through a helper
// that calls it: invokes), or hands to another adapter's adapter
// parameter (directly or through a wrapper) (Params); and which it
// calls inside a function literal it returns (Wraps). Calls in go
// statements and in nested function literals (stored, run later) do not
// count.
func adapterParams(info *types.Info, decl *ast.FuncDecl, known map[*types.Func]Adapter, invokes map[*types.Func][]int) Adapter {
	params := funcParams(info, decl)
	if len(params) == 0 {
		return Adapter{}
	}
	adapts, wraps := make(map[int]bool), make(map[int]bool)
	// paramsIn returns the parameters that e stands for: a parameter,
	// or a wrapper call around parameters.
	var paramsIn func(e ast.Expr, depth int) []int
	calls := func(body ast.Node, into map[int]bool) {
		callsParams(info, body, params, invokes, into)
	}
	var lits map[types.Object]*ast.FuncLit // found on first need: few calls hand an adapter a local
	paramsIn = func(e ast.Expr, depth int) []int {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if i, ok := params[info.Uses[x]]; ok {
				return []int{i}
			}
			if lits == nil {
				lits = localFuncLits(info, decl.Body)
			}
			if lit := lits[info.Uses[x]]; lit != nil {
				return paramsIn(lit, depth+1)
			}
		case *ast.FuncLit:
			// A literal handed to an adapter runs on every request, and
			// so do the parameters it calls (h := func(req *http.Request)
			// Response { ...; return fn(req, user) }; return toHTTP(h)).
			in := make(map[int]bool)
			calls(x.Body, in)
			return sortedKeys(in)
		case *ast.CallExpr:
			if callee := Callee(info, x); callee != nil && depth <= maxDerivation {
				var out []int
				for _, j := range known[callee].Wraps {
					if j < len(x.Args) {
						out = append(out, paramsIn(x.Args[j], depth+1)...)
					}
				}
				return out
			}
		}
		return nil
	}
	// A function that builds an http.Handler and hands a parameter that
	// takes the request to another package's function adapts it, as
	// that package's adapters do (util.MakeJSONAPI(util.NewJSONRequestHandler(fn))):
	// a function taking the request has no other use there.
	handler := returnsHandler(info.Defs[decl.Name].Type().(*types.Signature))
	returned := make(map[*ast.FuncLit]bool)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok {
			return !isFuncLitOrGo(n)
		}
		for _, r := range ret.Results {
			r = ast.Unparen(r)
			if conv, ok := r.(*ast.CallExpr); ok && len(conv.Args) == 1 {
				if tv, ok := info.Types[conv.Fun]; ok && tv.IsType() {
					r = ast.Unparen(conv.Args[0]) // apiFunc(func(...) {...})
				}
			}
			if lit, ok := r.(*ast.FuncLit); ok {
				returned[lit] = true
			}
		}
		return true
	})
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			if sig, ok := info.TypeOf(n).(*types.Signature); ok {
				if _, _, _, isHandler := handlers.Signature(sig); isHandler {
					calls(n.Body, adapts)
					return false
				}
			}
			if returned[n] {
				calls(n.Body, wraps)
			}
			return false
		case *ast.CallExpr:
			if callee := Callee(info, n); callee != nil {
				for _, j := range known[callee].Params {
					if j < len(n.Args) {
						for _, i := range paramsIn(n.Args[j], 0) {
							adapts[i] = true
						}
					}
				}
				if handler && callee.Pkg() != nil && callee.Pkg() != info.Defs[decl.Name].Pkg() && len(known[callee].Params) == 0 {
					for _, arg := range n.Args {
						id, ok := ast.Unparen(arg).(*ast.Ident)
						if !ok {
							continue
						}
						if i, ok := params[info.Uses[id]]; ok && takesRequest(info.Uses[id].Type()) {
							adapts[i] = true
						}
					}
				}
			}
		}
		return true
	}
	ast.Inspect(decl.Body, visit)
	return Adapter{Params: sortedKeys(adapts), Wraps: sortedKeys(wraps)}
}

// localFuncLits returns the local variables of body that are assigned
// once, a function literal (h := func(...) {...}).
func localFuncLits(info *types.Info, body *ast.BlockStmt) map[types.Object]*ast.FuncLit {
	out := make(map[types.Object]*ast.FuncLit)
	count := make(map[types.Object]int)
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			obj := info.ObjectOf(id)
			if obj == nil {
				continue
			}
			count[obj]++
			if lit, ok := ast.Unparen(as.Rhs[min(i, len(as.Rhs)-1)]).(*ast.FuncLit); ok && len(as.Lhs) == len(as.Rhs) {
				out[obj] = lit
			}
		}
		return true
	})
	for obj := range out {
		if count[obj] != 1 {
			delete(out, obj)
		}
	}
	return out
}

// returnsHandler reports whether sig returns a net/http Handler or
// HandlerFunc.
func returnsHandler(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		t := sig.Results().At(i).Type()
		if knowledge.IsNamed(t, "net/http", "Handler") || knowledge.IsNamed(t, "net/http", "HandlerFunc") {
			return true
		}
	}
	return false
}

// takesRequest reports whether t is a function type with an
// *http.Request parameter.
func takesRequest(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if knowledge.IsPointerTo(sig.Params().At(i).Type(), "net/http", "Request") {
			return true
		}
	}
	return false
}

func isFuncLitOrGo(n ast.Node) bool {
	switch n.(type) {
	case *ast.FuncLit, *ast.GoStmt:
		return true
	}
	return false
}

func sortedKeys(m map[int]bool) []int {
	if len(m) == 0 {
		return nil
	}
	out := make([]int, 0, len(m))
	for i := range m {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

func hasFuncParam(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// WithAdapted returns found extended by the functions and literals that
// this package passes to an adapter, each once; a function found both
// ways keeps its entry in found.
func (r *Result) WithAdapted(found []handlers.Handler) []handlers.Handler {
	if r == nil || r.adapters == nil || len(r.adapters.handler) == 0 {
		return found
	}
	have := make(map[ast.Node]bool, len(found))
	for _, h := range found {
		have[h.Node] = true
	}
	out := found
	for _, h := range r.adapters.handler {
		if !have[h.Node] {
			out = append(out, h)
		}
	}
	return out
}

// AdaptedElsewhere returns the functions of other packages that this
// package passes to an adapter, in source order.
func (r *Result) AdaptedElsewhere() []AdaptedFunc {
	if r == nil || r.adapters == nil {
		return nil
	}
	return r.adapters.remote
}

// RegisteredElsewhere returns the functions of other packages that take
// the request with more than a framework's handler signature (an
// Extended or Event shape: helpers in their own package unless that
// package uses them as values) and that this package uses as values: a
// call's argument or a composite literal's element, where a router, an
// adapter or a route table takes a handler. Their bodies are not here,
// so their chains are shown at Arg. Adapter arguments are
// AdaptedElsewhere's.
func (r *Result) RegisteredElsewhere() []AdaptedFunc {
	if r == nil || r.pass == nil {
		return nil
	}
	want := false
	for _, fn := range r.used {
		if s := handlers.ShapeOf(fn.Type()); (s == handlers.ExtendedShape || s == handlers.EventShape) && !knowledge.IsStd(fn.Pkg().Path()) {
			want = true
			break
		}
	}
	if !want {
		return nil
	}
	pass, info := r.pass, r.pass.TypesInfo
	adapted := make(map[ast.Expr]bool)
	for _, a := range r.AdaptedElsewhere() {
		adapted[a.Arg] = true
	}
	var out []AdaptedFunc
	check := func(e ast.Expr) {
		fn := funcValue(info, ast.Unparen(e))
		if fn == nil || fn.Pkg() == nil || fn.Pkg() == pass.Pkg || knowledge.IsStd(fn.Pkg().Path()) || adapted[e] {
			return
		}
		if s := handlers.ShapeOf(fn.Type()); s == handlers.ExtendedShape || s == handlers.EventShape {
			out = append(out, AdaptedFunc{Arg: e, Fn: fn})
		}
	}
	for file, fc := range fileCursors(pass, r.excluded) {
		if handlers.InTestFile(pass, file) || handlers.IsGenerated(pass.Fset, file) {
			continue
		}
		for c := range fc.Preorder((*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)) {
			switch n := c.Node().(type) {
			case *ast.CallExpr:
				for _, a := range n.Args {
					check(a)
				}
			case *ast.CompositeLit:
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					check(e)
				}
			}
		}
	}
	return out
}
