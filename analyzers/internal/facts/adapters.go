package facts

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

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
type Adapter struct {
	Params []int
}

// AFact marks Adapter as an analysis fact.
func (*Adapter) AFact() {}

// String is the stable form used by tests (`// want f:"..."`).
func (a *Adapter) String() string { return fmt.Sprintf("adapts%v", a.Params) }

// adapterState is what the facts pass learns about adapters: the
// adapter parameters of local and imported functions, and the functions
// and literals passed to them in this package.
type adapterState struct {
	params  map[*types.Func][]int
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
// an adapter (its own or an imported one).
func findAdapters(pass *analysis.Pass) *adapterState {
	st := &adapterState{params: make(map[*types.Func][]int)}
	info := pass.TypesInfo
	// Imported adapters first: only functions with a function-typed
	// parameter can be one.
	for _, obj := range info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg || knowledge.IsStd(fn.Pkg().Path()) || !hasFuncParam(fn) {
			continue
		}
		fn = fn.Origin()
		if _, done := st.params[fn]; done {
			continue
		}
		var f Adapter
		if pass.ImportObjectFact(fn, &f) {
			st.params[fn] = f.Params
		} else {
			st.params[fn] = nil
		}
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
	// Rounds: an adapter may hand its parameter to another adapter
	// (handle(fn) returning wrap(fn)).
	for changed := true; changed; {
		changed = false
		for _, decl := range order {
			fn := info.Defs[decl.Name].(*types.Func)
			if ps := adapterParams(info, decl, st.params); !slices.Equal(ps, st.params[fn]) {
				st.params[fn] = ps
				changed = true
			}
		}
	}
	for _, decl := range order {
		fn := info.Defs[decl.Name].(*types.Func)
		if ps := st.params[fn]; len(ps) > 0 {
			pass.ExportObjectFact(fn, &Adapter{Params: ps})
		}
	}

	// The request roots: what this package passes to adapters.
	seen := make(map[ast.Node]bool)
	for _, file := range pass.Files {
		if handlers.InTestFile(pass, file) || ast.IsGenerated(file) {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := Callee(info, call)
			if callee == nil {
				return true
			}
			for _, i := range st.params[callee] {
				if i >= len(call.Args) {
					continue
				}
				if h, ok := adaptedRoot(info, call.Args[i], decls, pass.Pkg); ok && !seen[h.Node] {
					seen[h.Node] = true
					st.handler = append(st.handler, h)
				} else if fn := funcValue(info, ast.Unparen(call.Args[i])); fn != nil && fn.Pkg() != nil && fn.Pkg() != pass.Pkg &&
					!knowledge.IsStd(fn.Pkg().Path()) && !handlers.IsHandlerType(fn.Type()) {
					st.remote = append(st.remote, AdaptedFunc{Arg: call.Args[i], Fn: fn})
				}
			}
			return true
		})
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

// adapterParams returns the indices of decl's function-typed parameters
// that its body calls inside a handler literal, or hands to another
// adapter's adapter parameter. Calls in go statements and in nested
// function literals (stored, run later) do not count.
func adapterParams(info *types.Info, decl *ast.FuncDecl, known map[*types.Func][]int) []int {
	sig := info.Defs[decl.Name].Type().(*types.Signature)
	params := make(map[types.Object]int)
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			continue
		}
		if _, ok := p.Type().Underlying().(*types.Signature); ok {
			params[p] = i
		}
	}
	if len(params) == 0 {
		return nil
	}
	found := make(map[int]bool)
	paramOf := func(e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return 0, false
		}
		i, ok := params[info.Uses[id]]
		return i, ok
	}
	// calls marks the parameters called directly in n (a handler body),
	// outside go statements and nested literals.
	calls := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt, *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if i, ok := paramOf(n.Fun); ok {
					found[i] = true
				}
			}
			return true
		})
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			if sig, ok := info.TypeOf(n).(*types.Signature); ok {
				if _, _, _, isHandler := handlers.Signature(sig); isHandler {
					calls(n.Body)
				}
			}
			return false
		case *ast.CallExpr:
			if callee := Callee(info, n); callee != nil {
				for _, j := range known[callee] {
					if j < len(n.Args) {
						if i, ok := paramOf(n.Args[j]); ok {
							found[i] = true
						}
					}
				}
			}
		}
		return true
	}
	ast.Inspect(decl.Body, visit)
	if len(found) == 0 {
		return nil
	}
	out := make([]int, 0, len(found))
	for i := range found {
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
