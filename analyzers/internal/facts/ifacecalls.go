package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Calls back into the caller's code. A library (or a package of the
// module) may call, on every call, a method of an interface that it
// declares or takes, with no implementation in its own sight: an OIDC
// verifier calling the KeySet it was given, an authorizer calling its
// policy adapter. The function's fact lists those calls (Fact.Calls),
// carried up through its callers; where a caller sees implementations
// of the interface (the module's own types, in its imports), the call
// reaches them, and their blocking chains go through it:
// (*oidc.IDTokenVerifier).Verify → (oidc.KeySet).VerifySignature →
// (*auth.keys).VerifySignature → (*database/sql.DB).QueryRow.
// Calls on once or cache-miss paths, and standard-library interfaces,
// are not listed.

// IfaceCall is an interface method a function calls, on its every-call
// path, without an implementation in its sight.
type IfaceCall struct {
	// Path names the calls from the function's first callee down to the
	// interface method (its short name last).
	Path []string
	// Pkg, Iface and Method name the interface method: the declaring
	// package's path, the interface type's name and the method's name.
	Pkg, Iface, Method string
	// Ctx says that the method takes a context first: the call hands
	// it on (an implementation that does this is I/O given the
	// context, as far as its package can tell).
	Ctx bool
	// Args are the constants the call passes, by parameter (argValue's
	// form, "" where it passes no constant): an implementation's guard
	// on a parameter may rule the call out (Select(ctx, nil, name)
	// reaches no transaction's statement).
	Args []string
	// Unless names the context-taking methods a value must lack for
	// the call to run: it is the fallback after a type assertion to an
	// interface with them returned (ctxFallback).
	Unless []string
}

// decideArgs returns f, the fact of the interface method c calls, as
// c's constant arguments decide it, as DecideAt does for a call in
// sight: nil when they rule out every chain by the guards that cover
// them; through implementations, those they keep from blocking
// weighed again (a nil transaction keeps one from preparing its
// statement, not another that prepares one anyway).
func (r *Result) decideArgs(c IfaceCall, f *Fact) *Fact {
	if len(c.Args) == 0 {
		return f
	}
	if f.choice == nil {
		if argsRuleOut(c.Args, f.chainGuards()) {
			return nil
		}
		return f
	}
	var off []bool
	for i, im := range f.choice.impls {
		if len(im.chains) > 0 && argsRuleOut(c.Args, im.blockGuards()) {
			if off == nil {
				off = make([]bool, len(f.choice.impls))
			}
			off[i] = true
		}
	}
	if off == nil {
		return f
	}
	return r.ifaceFact(f.choice.impls, f.choice.quiet, f.choice.def, off)
}

// argsRuleOut reports whether the constants args rule out one of
// guards.
func argsRuleOut(args []string, guards []Guard) bool {
	for _, g := range guards {
		if g.Types || g.Field != "" || g.Param >= len(args) {
			continue
		}
		if v := args[g.Param]; v != "" && !strings.HasPrefix(v, "$") && g.excludes(v) {
			return true
		}
	}
	return false
}

// constArgs returns the constants call, in decl's body, passes, by
// argument (Args); a parameter of decl passed on as it came is recorded
// as "$i" (paramArg), for a caller's argument to decide.
func constArgs(info *types.Info, decl *ast.FuncDecl, call *ast.CallExpr, unassigned *syncMemo[*ast.FuncDecl, map[types.Object]int]) []string {
	if call == nil || decl == nil || call.Ellipsis.IsValid() {
		return nil
	}
	var out []string
	for i, arg := range call.Args {
		v, ok := argValue(info, decl.Body, call, arg, "")
		if id, isID := ast.Unparen(arg).(*ast.Ident); !ok && isID {
			if p, isVar := info.Uses[id].(*types.Var); isVar && p.Parent() == info.Defs[decl.Name].(*types.Func).Scope() {
				// A parameter (the function's scope holds only
				// those): passed on, unless the body assigns it.
				params := unassigned.get(decl, func() map[types.Object]int { return unassignedParams(info, decl) })
				if k, isParam := params[p]; isParam {
					v, ok = paramArg(k), true
				}
			}
		}
		if ok {
			if out == nil {
				out = make([]string, len(call.Args))
			}
			out[i] = v
		}
	}
	return out
}

// paramArg is the Args value of the function's parameter k, passed on.
func paramArg(k int) string { return "$" + strconv.Itoa(k) }

// unassignedParams returns the parameters of decl that its body never
// assigns, by index.
func unassignedParams(info *types.Info, decl *ast.FuncDecl) map[types.Object]int {
	sig, ok := info.Defs[decl.Name].Type().(*types.Signature)
	if !ok {
		return nil
	}
	params := make(map[types.Object]int)
	for i := range sig.Params().Len() {
		params[sig.Params().At(i)] = i
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					delete(params, info.Uses[id])
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				delete(params, info.Uses[id])
			}
		}
		return true
	})
	return params
}

// passedOn returns c with the arguments it received from its function's
// parameters replaced by what outer returns, the Args of a call of that
// function, passes there (asked only when there are some).
func (c IfaceCall) passedOn(outerArgs func() []string) IfaceCall {
	if !slices.ContainsFunc(c.Args, func(v string) bool { return strings.HasPrefix(v, "$") }) {
		return c
	}
	outer := outerArgs()
	changed := false
	args := slices.Clone(c.Args)
	for i, v := range args {
		if !strings.HasPrefix(v, "$") {
			continue
		}
		k, _ := strconv.Atoi(v[1:])
		args[i] = ""
		if k < len(outer) {
			args[i] = outer[k]
		}
		changed = true
	}
	if !changed {
		return c
	}
	if !slices.ContainsFunc(args, func(v string) bool { return v != "" }) {
		args = nil
	}
	c.Args = args
	return c
}

// maxIfaceCalls bounds the interface calls a fact carries. A service
// method that hands its context to five store methods and then loads
// something without one (autobrr's DeleteNetwork) needs more than four.
const maxIfaceCalls = 8

// ifaceCallOf describes the interface method fn (of a declared, non-std
// interface).
func ifaceCallOf(fn *types.Func, short string) (IfaceCall, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !isInterfaceMethod(fn) {
		return IfaceCall{}, false
	}
	named, ok := types.Unalias(sig.Recv().Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return IfaceCall{}, false
	}
	ctx := sig.Params().Len() > 0 && knowledge.IsContext(sig.Params().At(0).Type())
	return IfaceCall{Path: []string{short}, Pkg: named.Obj().Pkg().Path(), Iface: named.Obj().Name(), Method: fn.Name(), Ctx: ctx}, true
}

// addIfaceCall records c unless the same method is already listed or
// the list is full.
func (s *summary) addIfaceCall(c IfaceCall) bool {
	for i, have := range s.ifaceCalls {
		if have.Pkg == c.Pkg && have.Iface == c.Iface && have.Method == c.Method {
			if have.Unless != nil && c.Unless == nil {
				// A call that is no fallback reaches them all.
				s.ifaceCalls[i].Unless = nil
				return true
			}
			// Calls with other constants: only those they share count.
			if have.Args == nil || slices.Equal(have.Args, c.Args) {
				return false
			}
			var args []string
			for j, v := range have.Args {
				if j < len(c.Args) && c.Args[j] == v {
					if args == nil {
						args = make([]string, len(have.Args))
					}
					args[j] = v
				}
			}
			if slices.Equal(args, have.Args) {
				return false
			}
			s.ifaceCalls[i].Args = args
			return true
		}
	}
	if len(s.ifaceCalls) >= maxIfaceCalls {
		return false
	}
	s.ifaceCalls = append(s.ifaceCalls, c)
	return true
}

// prefixed returns c with name before its path.
func (c IfaceCall) prefixed(name string) IfaceCall {
	c.Path = prepend(name, c.Path)
	return c
}

// ifaceMethod looks up the interface method c names among the packages
// the package under analysis imports (directly or not), or nil, and the
// interface c names (which may embed the method's own).
func (r *Result) ifaceMethod(c IfaceCall) (*types.Func, *types.Interface) {
	r.importsOnce.Do(func() {
		r.importsByPath = make(map[string]*types.Package)
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			if _, seen := r.importsByPath[p.Path()]; seen {
				return
			}
			r.importsByPath[p.Path()] = p
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
		visit(r.pass.Pkg)
		// The packages the driver found implementations in, outside
		// this package's imports (Config.ModuleImpls): their own
		// interface calls name interfaces declared there (a manager's
		// mailer that main wires to an SMTP adapter).
		for p := range r.moduleWide {
			visit(p)
		}
	})
	pkg := r.importsByPath[c.Pkg]
	if pkg == nil {
		return nil, nil
	}
	tn, ok := pkg.Scope().Lookup(c.Iface).(*types.TypeName)
	if !ok || !types.IsInterface(tn.Type()) {
		return nil, nil
	}
	iface := tn.Type().Underlying().(*types.Interface)
	for i := 0; i < iface.NumMethods(); i++ {
		if m := iface.Method(i); m.Name() == c.Method {
			return m, iface
		}
	}
	return nil, nil
}

// ifaceCallChains returns the chains that the interface calls of a
// callee's fact reach through implementations this package sees, each
// prefixed with the callee's name (unless "") and the call's path.
func (r *Result) ifaceCallChains(name string, calls []IfaceCall) []Chain {
	return r.ifaceCallChainsAt(name, calls, 0, "")
}

// ifaceCallChainsAt is ifaceCallChains for calls met depth interface
// calls down (factOf).
func (r *Result) ifaceCallChainsAt(name string, calls []IfaceCall, depth int, caller string) []Chain {
	if r.library || len(calls) == 0 {
		return nil
	}
	var out []Chain
	for _, c := range calls {
		m, via := r.ifaceMethod(c)
		if m == nil {
			continue
		}
		var within *types.Interface
		if via != ifaceOf(m) {
			within = via // a wider interface embedding m's
		}
		f := r.factOf(m, depth, within, caller, c.Unless)
		if f != nil {
			f = r.decideArgs(c, f)
		}
		if f == nil {
			continue
		}
		prefix := c.Path
		if name != "" {
			prefix = prepend(name, c.Path)
		}
		for _, ch := range f.Chains() {
			ch.Path = append(slices.Clone(prefix), ch.Path...)
			out = append(out, ch)
		}
	}
	return out
}

// throughWider returns c naming the wider named interface a call of fn,
// a method of an embedded interface, goes through (DockerUpdateClient
// embeds container.Client): the implementations of fn's own interface
// include types the value can never hold (a Kubernetes client beside
// the Docker one), so callers resolve it against the wider one.
func throughWider(info *types.Info, call *ast.CallExpr, fn *types.Func, c IfaceCall) IfaceCall {
	if call == nil {
		return c
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return c
	}
	recv, ok := types.Unalias(info.TypeOf(sel.X)).(*types.Named)
	if !ok || !types.IsInterface(recv) || recv.Obj().Pkg() == nil || recv.TypeParams() != nil {
		return c
	}
	if decl, ok := types.Unalias(fn.Type().(*types.Signature).Recv().Type()).(*types.Named); ok && decl.Obj() != recv.Obj() {
		c.Pkg, c.Iface = recv.Obj().Pkg().Path(), recv.Obj().Name()
	}
	return c
}

// delegates reports whether an implementation of the method name whose
// body only calls interfaces it cannot resolve hands the context on to
// one of another name (the Docker service's Attach calling its client's
// ContainerAttach(ctx, …)): I/O given the context, for weighing it
// against implementations that block. One of the same name is a wrapper
// (a cache or metrics layer over the same store), not an alternative.
func delegates(name string, calls []IfaceCall) bool {
	for _, c := range calls {
		if c.Ctx && c.Method != name {
			return true
		}
	}
	return false
}
