package facts

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Calls through interfaces.
//
// Real services reach their storage and upstream clients through
// interfaces (a Store, a Repository, an Adaptor), so a call to an
// interface method reaches the implementations the analysis can see:
//
//   - each summarized package exports, in its Analyzed fact, its
//     concrete types whose methods block, with those methods' chains
//     and the interface methods (of interfaces it can see) they
//     implement;
//   - a call to a method of an interface declared outside the standard
//     library reaches every such type, in the caller's package or in
//     any package of its import closure, that implements the
//     interface; the chain names the interface method, then the
//     implementation: (store.Store).User → (*sql.store).User →
//     (*database/sql.DB).QueryRow;
//   - types declared in _test.go files or generated files, and mocks
//     (types embedding testify's mock.Mock), never count: they are not
//     what a request runs;
//   - only the main module's calls are resolved, and only to
//     implementations declared in the caller's own module (by the
//     module the driver gives, Pass.Module; a dependency from the
//     module cache has a version, the main module has none): a library
//     ships alternatives (a cookie and a file session store, one
//     transaction type per SQL driver) and the service's configuration,
//     not its code, picks one; blocking calls inside libraries are
//     known from the tables and from their own facts instead;
//   - an interface whose visible implementations do not block does not
//     block, and neither does one with as many implementations that do
//     no I/O as ones that do (in the caller's package, or declared
//     beside the blocking ones: a static admin list and a remote admin
//     service): which one runs is the configuration's choice;
//   - standard-library interfaces (io.Writer, http.ResponseWriter,
//     driver.Conn, ...) are not resolved: every module type that
//     happens to implement one would be blamed for every Write.
//
// An implementation in a package that the caller's package does not
// import (directly or not) is not seen: the facts flow from callee
// packages to callers only.

// Impl is a concrete type of an analyzed package with blocking methods,
// or methods that do I/O.
type Impl struct {
	// Type is the type's name in its package.
	Type    string
	Methods []ImplMethod
}

// ImplMethod is a blocking method of an Impl, or one that does I/O.
type ImplMethod struct {
	Name string
	// Label is the method's short name for chains: (*sql.store).User.
	Label  string
	Chains []Chain
	// IO is the path to the I/O the method does on every call (Fact.IO),
	// and Write whether it may change external state: a call through
	// the interface does that I/O.
	IO    []string
	Write bool
	// Guards and ChainGuards are the method's Fact.Guards and
	// Fact.ChainGuards.
	Guards      []Guard
	ChainGuards []Guard
	// Ifaces are the FullNames of the interface methods (of interfaces
	// the declaring package can see) that this method implements, for
	// callers that cannot look the type up (an unexported type).
	Ifaces []string
	// Sole are the FullNames of the methods of interfaces declared in
	// the method's own package that its type alone implements there
	// (soleImpls): set in a library's Impls, which list no other.
	Sole []string
	// Calls are the interface methods the method calls without an
	// implementation in its package's sight (Fact.Calls): a caller that
	// sees one resolves them (a permissions service calling the store
	// that main wires in).
	Calls []IfaceCall
}

type implRef struct {
	pkg    *types.Package
	typ    string
	method ImplMethod
	sole   bool // a library's sole implementation: it matches its Sole interfaces only
}

// addImpls indexes the implementations of a package of the caller's
// module: a library's own alternatives (a file and a cookie session
// store, a MySQL and a Postgres transaction) are many, and which one a
// service uses is its configuration's choice, not the code's.
//
// A library's type that is the only implementation, in its package, of
// an interface that package declares (a framework's App, a client kept
// behind an interface for its users' mocks) is no such choice: a call
// through that interface reaches it (soleImpls), and only through it.
func (r *Result) addImpls(pkg *types.Package, a *Analyzed) {
	if a.Module != r.module {
		for _, im := range a.Impls {
			for _, m := range im.Methods {
				if len(m.Sole) == 0 {
					continue
				}
				if r.impls == nil {
					r.impls = make(map[string][]implRef)
				}
				r.impls[m.Name] = append(r.impls[m.Name], implRef{pkg, im.Type, m, true})
			}
		}
		return
	}
	for _, t := range a.Constructed {
		r.addConstructed(t)
	}
	for _, im := range a.Impls {
		for _, m := range im.Methods {
			if r.impls == nil {
				r.impls = make(map[string][]implRef)
			}
			r.impls[m.Name] = append(r.impls[m.Name], implRef{pkg, im.Type, m, false})
		}
	}
}

// isInterfaceMethod reports whether fn is a method of an interface
// declared outside the standard library.
func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Pkg() == nil || knowledge.IsStd(fn.Pkg().Path()) {
		return false
	}
	return types.IsInterface(sig.Recv().Type())
}

func ifaceOf(fn *types.Func) *types.Interface {
	iface, _ := fn.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	return iface
}

// Implements reports whether the named type t (or *t) implements iface.
func Implements(t types.Type, iface *types.Interface) bool {
	if iface == nil {
		return false
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return false
	}
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

// localImpls returns the methods of this package that implement the
// interface method fn.
func (r *Result) localImpls(fn *types.Func) []*types.Func {
	iface := ifaceOf(fn)
	var out []*types.Func
	for _, m := range r.methodsByName[fn.Name()] {
		if Implements(recvNamed(m), iface) {
			out = append(out, m)
		}
	}
	return out
}

// recvNamed returns the named type a method is declared on.
func recvNamed(m *types.Func) types.Type {
	t := m.Type().(*types.Signature).Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin()
	}
	return t
}

// FactOf is Of, with calls to interface methods resolved to the
// implementations the analysis can see: the result's chains go through
// each blocking implementation.
func (r *Result) FactOf(fn *types.Func) *Fact { return r.factOf(fn, 0, nil, "", nil) }

// maxIfaceHops bounds how many interface calls deep factOf resolves an
// implementation's own interface calls (ImplMethod.Calls).
const maxIfaceHops = 2

// factOf is FactOf for a call met depth interface calls down; within,
// when not nil, is the wider interface the call goes through (one that
// embeds fn's), whose implementations are the only ones it can reach;
// caller, when not "", is the implementation whose own interface call
// this is, which does not count (a service layer's Send calling the
// Send of the mailer it holds implements the mailer's interface too,
// Go's interfaces being structural, but wraps another type); unless,
// when not nil, names the context-taking methods an implementation
// must lack to be reached (a fallback for values without them:
// ctxFallback).
func (r *Result) factOf(fn *types.Func, depth int, within *types.Interface, caller string, unless []string) *Fact {
	if f := r.Of(fn); f != nil || fn == nil || r.library || !isInterfaceMethod(fn) {
		return f
	}
	if depth == 0 && within == nil && unless == nil {
		r.ifaceMu.Lock()
		cached, ok := r.ifaceFacts[fn]
		r.ifaceMu.Unlock()
		if ok {
			return cached
		}
	}
	var impls []implAlt
	quiet := 0 // implementations that do no I/O
	var quietTypes []types.Type
	for _, m := range r.localImpls(fn) {
		if within != nil && !Implements(recvNamed(m), within) || caller != "" && ShortName(m) == caller || unless != nil && hasMethods(recvNamed(m), unless) {
			continue
		}
		if f := r.Of(m); f != nil {
			impls = append(impls, implAlt{ShortName(m), f.Chains(), f.IO, f.Write, f.Guards, typeKey(recvNamed(m)), f.ChainGuards})
		} else {
			quietTypes = append(quietTypes, recvNamed(m))
		}
	}
	for _, t := range quietTypes {
		if !embedsImpl(t, func(key string) bool {
			return slices.ContainsFunc(impls, func(im implAlt) bool { return im.typ == key })
		}) {
			quiet++
		}
	}
	key := fn.FullName()
	iface := ifaceOf(fn)
	refs := slices.Clone(r.impls[fn.Name()])
	slices.SortFunc(refs, func(a, b implRef) int { // facts arrive in any order
		if c := strings.Compare(a.pkg.Path(), b.pkg.Path()); c != 0 {
			return c
		}
		return strings.Compare(a.typ, b.typ)
	})
	var implPkgs []*types.Package
	implTypes := make(map[string]bool) // pkg path + "." + type
	for _, ref := range refs {
		if ref.method.Label == caller {
			continue
		}
		if unless != nil {
			if tn, ok := ref.pkg.Scope().Lookup(ref.typ).(*types.TypeName); ok && hasMethods(tn.Type(), unless) {
				continue
			}
		}
		chains := ref.method.Chains
		if len(ref.method.Calls) > 0 && depth < maxIfaceHops {
			// Its own interface calls, through the implementations
			// this package sees.
			chains = append(slices.Clone(chains), r.ifaceCallChainsAt("", ref.method.Calls, depth+1, ref.method.Label)...)
		}
		if within != nil && !ref.matches("", within) {
			continue
		}
		if len(chains) == 0 && len(ref.method.IO) == 0 && delegates(ref.method.Name, ref.method.Calls) && ref.matches(key, iface) {
			// I/O given the context, through an interface this
			// package cannot see into: a rival of the ones that
			// block (ifaceFact), not I/O to join.
			impls = append(impls, implAlt{label: ref.method.Label, write: ref.method.Write, typ: ref.pkg.Path() + "." + ref.typ})
			implTypes[ref.pkg.Path()+"."+ref.typ] = true
			continue
		}
		if (len(chains) > 0 || len(ref.method.IO) > 0) && ref.matches(key, iface) {
			io := ref.method.IO
			if io == nil && len(chains) > 0 {
				io = chains[0].Path
			}
			impls = append(impls, implAlt{ref.method.Label, chains, io, ref.method.Write, ref.method.Guards, ref.pkg.Path() + "." + ref.typ, ref.method.ChainGuards})
			if !slices.Contains(implPkgs, ref.pkg) {
				implPkgs = append(implPkgs, ref.pkg)
			}
			implTypes[ref.pkg.Path()+"."+ref.typ] = true
		}
	}
	impls = dropWrapped(impls)
	if len(impls) > 0 {
		in := iface
		if within != nil {
			in = within
		}
		quiet += quietImplsIn(implPkgs, implTypes, fn, in)
	}
	def := ""
	if t := r.defaultImpl(fn); t != nil && r.inSight(t.Pkg()) {
		def = typeKey(t.Type())
	}
	f := r.ifaceFact(impls, quiet, def, nil)
	if depth > 0 || within != nil || unless != nil {
		return f // with fewer hops resolved than a call at the top gets
	}
	// The analyzers sharing the Result may ask concurrently.
	r.ifaceMu.Lock()
	if r.ifaceFacts == nil {
		r.ifaceFacts = make(map[*types.Func]*Fact)
	}
	r.ifaceFacts[fn] = f
	r.ifaceMu.Unlock()
	return f
}

// dropWrapped leaves out the implementations that another one's chains
// already go through: a service layer's SendPeerEmail calling a
// manager's SendPeerEmail through its own interface. Go's interfaces
// being structural, both implement the handler's interface, but the
// handler holds the outer one, whose chain names the path taken.
func dropWrapped(impls []implAlt) []implAlt {
	if len(impls) < 2 {
		return impls
	}
	wrapped := make(map[string]bool)
	for _, outer := range impls {
		for _, ch := range outer.chains {
			for _, hop := range ch.Path {
				if hop != outer.label {
					wrapped[hop] = true
				}
			}
		}
	}
	if len(wrapped) == 0 {
		return impls
	}
	return slices.DeleteFunc(slices.Clone(impls), func(im implAlt) bool { return wrapped[im.label] })
}

func (ref implRef) matches(key string, iface *types.Interface) bool {
	if ref.sole {
		return key != "" && slices.Contains(ref.method.Sole, key)
	}
	if slices.Contains(ref.method.Ifaces, key) {
		return true
	}
	tn, ok := ref.pkg.Scope().Lookup(ref.typ).(*types.TypeName)
	return ok && Implements(tn.Type(), iface)
}

// excludedFiles are the files whose types never implement an interface
// on the request path: tests and generated code (mocks).
func excludedFiles(pass *analysis.Pass) map[*token.File]bool {
	out := make(map[*token.File]bool)
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		if handlers.IsGenerated(pass.Fset, f) || strings.HasSuffix(tf.Name(), "_test.go") {
			out[tf] = true
		}
	}
	return out
}

// isMock reports whether a receiver type embeds testify's mock.Mock.
func isMock(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Embedded() && knowledge.IsNamed(f.Type(), "github.com/stretchr/testify/mock", "Mock") {
			return true
		}
	}
	return false
}

// exportImpls lists this package's types with blocking methods, for the
// Analyzed fact.
func (r *Result) exportImpls(pass *analysis.Pass, excluded map[*token.File]bool) []Impl {
	var visible []*types.Named // interfaces this package can see
	collected := false
	collect := func() {
		collected = true
		scopes := []*types.Scope{pass.Pkg.Scope()}
		for _, imp := range pass.Pkg.Imports() {
			if !knowledge.IsStd(imp.Path()) {
				scopes = append(scopes, imp.Scope())
			}
		}
		for _, sc := range scopes {
			for _, name := range sc.Names() {
				tn, ok := sc.Lookup(name).(*types.TypeName)
				if !ok || tn.IsAlias() {
					continue
				}
				if n, ok := tn.Type().(*types.Named); ok && types.IsInterface(n) && n.TypeParams() == nil {
					visible = append(visible, n)
				}
			}
		}
	}
	return r.implsOf(func(m *types.Func, named *types.Named, f *Fact) (ImplMethod, bool) {
		if len(f.Block) == 0 && len(f.IO) == 0 && len(f.Calls) == 0 {
			return ImplMethod{}, false
		}
		if !collected {
			collect()
		}
		var ifaces []string
		for _, in := range visible {
			iface := in.Underlying().(*types.Interface)
			for i := 0; i < iface.NumMethods(); i++ {
				im := iface.Method(i)
				if im.Name() == m.Name() && Implements(named, iface) {
					ifaces = append(ifaces, im.FullName())
				}
			}
		}
		return ImplMethod{Name: m.Name(), Label: ShortName(m), Chains: f.Chains(), IO: f.IO, Write: f.Write, Guards: f.Guards, ChainGuards: f.ChainGuards, Ifaces: ifaces, Calls: f.Calls}, true
	})
}

// implsOf groups by receiver type the ImplMethods that method makes of
// this package's methods (false: none for that one).
func (r *Result) implsOf(method func(m *types.Func, named *types.Named, f *Fact) (ImplMethod, bool)) []Impl {
	byType := make(map[string]*Impl)
	var out []*Impl
	for _, m := range r.localMethods {
		f := r.facts[m]
		if f == nil {
			continue
		}
		named, ok := recvNamed(m).(*types.Named)
		if !ok || named.TypeParams() != nil {
			continue
		}
		meth, ok := method(m, named, f)
		if !ok {
			continue
		}
		im := byType[named.Obj().Name()]
		if im == nil {
			im = &Impl{Type: named.Obj().Name()}
			byType[im.Type] = im
			out = append(out, im)
		}
		im.Methods = append(im.Methods, meth)
	}
	impls := make([]Impl, len(out))
	for i, im := range out {
		impls[i] = *im
	}
	return impls
}

// soleImpls lists, for a library package, its types with blocking
// methods that are the only implementation in the package of an
// exported interface the package declares, with only those methods
// (ImplMethod.Sole). A library's alternatives (several stores, one transaction type
// per driver) are its users' configuration's choice and stay unlisted;
// so does an interface whose implementations live in other packages.
func (r *Result) soleImpls(pass *analysis.Pass, excluded map[*token.File]bool) []Impl {
	var ifaces, concrete []*types.Named
	collected := false
	collect := func() {
		collected = true
		sc := pass.Pkg.Scope()
		for _, name := range sc.Names() {
			tn, ok := sc.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || excluded[pass.Fset.File(tn.Pos())] {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || n.TypeParams() != nil {
				continue
			}
			if types.IsInterface(n) {
				// Only an exported interface: the package's own calls
				// through an unexported one are its business, and its
				// export data may not carry the type (a second run
				// must find what the first did).
				if tn.Exported() {
					ifaces = append(ifaces, n)
				}
			} else if !isMock(n) {
				concrete = append(concrete, n)
			}
		}
	}
	sole := make(map[*types.Named]*types.Named) // interface → its only implementation, nil if none or several
	soleOf := func(in *types.Named) *types.Named {
		if t, ok := sole[in]; ok {
			return t
		}
		iface := in.Underlying().(*types.Interface)
		var only *types.Named
		for _, t := range concrete {
			if Implements(t, iface) {
				if only != nil {
					only = nil
					break
				}
				only = t
			}
		}
		sole[in] = only
		return only
	}
	return r.implsOf(func(m *types.Func, named *types.Named, f *Fact) (ImplMethod, bool) {
		if len(f.Block) == 0 {
			return ImplMethod{}, false
		}
		if !collected {
			collect()
		}
		var names []string
		for _, in := range ifaces {
			iface := in.Underlying().(*types.Interface)
			for i := 0; i < iface.NumMethods(); i++ {
				if im := iface.Method(i); im.Name() == m.Name() && soleOf(in) == named {
					names = append(names, im.FullName())
				}
			}
		}
		if len(names) == 0 {
			return ImplMethod{}, false
		}
		return ImplMethod{Name: m.Name(), Label: ShortName(m), Chains: f.Chains(), IO: f.IO, Write: f.Write, Guards: f.Guards, ChainGuards: f.ChainGuards, Sole: names}, true
	})
}

// unresolved lists the interface methods this package mentions that
// reach no blocking implementation in sight.
func (r *Result) unresolved(methods []*types.Func) []string {
	var out []string
	for _, fn := range methods {
		if f := r.FactOf(fn); f == nil || len(f.Block) == 0 {
			out = append(out, fn.FullName())
		}
	}
	slices.Sort(out)
	return out
}

// singleTypes finds the unexported struct fields and package variables
// of interface type, declared in this package, to which the package
// (outside tests) only ever assigns values of one concrete type: a call
// through one can only reach that type's method, whatever else
// implements the interface (an App whose messenger field only ever
// holds the e-mail messenger).
func singleTypes(pass *analysis.Pass, excluded map[*token.File]bool) map[*types.Var]types.Type {
	seen := make(map[*types.Var]types.Type)
	ambiguous := make(map[*types.Var]bool)
	// want is asked before the value's type is looked up: most
	// assignments are to variables that cannot be one.
	want := func(v *types.Var) bool {
		return v != nil && v.Pkg() == pass.Pkg && !v.Exported() && types.IsInterface(v.Type()) && !ambiguous[v]
	}
	note := func(v *types.Var, t types.Type) {
		if t == nil {
			ambiguous[v] = true
			return
		}
		if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
			return
		}
		if types.IsInterface(t) {
			ambiguous[v] = true
			return
		}
		if have, ok := seen[v]; ok && !types.Identical(have, t) {
			ambiguous[v] = true
			return
		}
		seen[v] = t
	}
	target := func(e ast.Expr) *types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if sel, ok := pass.TypesInfo.Selections[e]; ok && sel.Kind() == types.FieldVal {
				v, _ := sel.Obj().(*types.Var)
				return v
			}
		case *ast.Ident:
			if v, ok := pass.TypesInfo.Uses[e].(*types.Var); ok && isPackageVar(v) {
				return v
			}
			if v, ok := pass.TypesInfo.Defs[e].(*types.Var); ok && isPackageVar(v) {
				return v
			}
		}
		return nil
	}
	valueType := func(rhs []ast.Expr, i, n int) types.Type {
		if len(rhs) == n {
			return pass.TypesInfo.TypeOf(rhs[i])
		}
		if len(rhs) == 1 {
			if tup, ok := pass.TypesInfo.TypeOf(rhs[0]).(*types.Tuple); ok && i < tup.Len() {
				return tup.At(i).Type()
			}
		}
		return nil
	}
	for _, fc := range fileCursors(pass, excluded) {
		for c := range fc.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CompositeLit)(nil), (*ast.UnaryExpr)(nil)) {
			switch n := c.Node().(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if v := target(l); want(v) {
						note(v, valueType(n.Rhs, i, len(n.Lhs)))
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if v := target(name); want(v) && len(n.Values) > 0 {
						note(v, valueType(n.Values, i, len(n.Names)))
					}
				}
			case *ast.CompositeLit:
				st, ok := pass.TypesInfo.TypeOf(n).Underlying().(*types.Struct)
				if !ok {
					continue
				}
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if v, _ := pass.TypesInfo.Uses[id].(*types.Var); want(v) {
								note(v, pass.TypesInfo.TypeOf(kv.Value))
							}
						}
					} else if i < st.NumFields() && want(st.Field(i)) {
						note(st.Field(i), pass.TypesInfo.TypeOf(el))
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := target(n.X); want(v) {
						ambiguous[v] = true // its address escapes
					}
				}
			}
		}
	}
	for v := range ambiguous {
		delete(seen, v)
	}
	return seen
}

// singleTypeMethod returns the concrete method a call through a
// single-type field or variable reaches, if any.
func (r *Result) singleTypeMethod(info *types.Info, call *ast.CallExpr, callee *types.Func) *types.Func {
	if r.pass == nil {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	r.singleOnce.Do(func() { r.singleTypes = singleTypes(r.pass, r.excluded) })
	if len(r.singleTypes) == 0 {
		return nil
	}
	var v *types.Var
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
			v, _ = s.Obj().(*types.Var)
		}
	case *ast.Ident:
		v, _ = info.Uses[x].(*types.Var)
	}
	t := r.singleTypes[v]
	if t == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, callee.Pkg(), callee.Name())
	m, _ := obj.(*types.Func)
	if m == nil {
		return nil
	}
	return m.Origin()
}

// CallFact is FactOf for a call: a call through a field or variable that
// only ever holds one concrete type reaches that type's method only.
func (r *Result) CallFact(info *types.Info, n ast.Node, callee *types.Func) *Fact {
	if call, ok := n.(*ast.CallExpr); ok && callee != nil && isInterfaceMethod(callee) && !r.library {
		if m := r.singleTypeMethod(info, call, callee); m != nil {
			f := r.Of(m)
			if f == nil {
				// A method of another package that the files never
				// name has no imported fact: its package's Impls
				// carry its chains.
				f = r.implFact(m)
			}
			if f == nil {
				return nil
			}
			s := &summary{}
			for i, c := range f.Chains() {
				s.add(Chain{Path: prepend(ShortName(m), c.Path), Kind: c.Kind, Remedy: c.Remedy, Param: c.Param, Conds: c.Conds}, chainKey{rank: i})
			}
			out := s.fact()
			if len(f.IO) > 0 {
				out.IO = prepend(ShortName(m), f.IO)
			}
			out.Write, out.Guards = f.Write, f.Guards
			for _, c := range f.Calls {
				// Its own calls through interfaces it could not
				// resolve, which this package may (ifacecalls.go).
				out.Calls = append(out.Calls, c.prefixed(ShortName(m)))
			}
			return r.withIfaceCalls(out)
		}
	}
	return r.withIfaceCalls(r.FactOf(callee))
}

// CallFactIn is CallFact for a call in caller's body: a gRPC server
// method's call through an interface does not reach the package's
// client stub of the service it serves (stubOfOwnService).
func (r *Result) CallFactIn(info *types.Info, n ast.Node, callee, caller *types.Func) *Fact {
	call, ok := n.(*ast.CallExpr)
	if !ok || caller == nil || !isInterfaceMethod(callee) || r.library {
		return r.CallFact(info, n, callee)
	}
	if m := r.singleTypeMethod(info, call, callee); m != nil && r.stubOfOwnService(m, caller) {
		return nil
	}
	f := r.CallFact(info, n, callee)
	if f == nil || f.choice == nil {
		return f
	}
	var impls []implAlt
	for _, m := range r.localImpls(callee) {
		if !r.stubOfOwnService(m, caller) {
			continue
		}
		for i, im := range f.choice.impls {
			if im.label == ShortName(m) && len(im.chains) > 0 {
				if impls == nil {
					impls = slices.Clone(f.choice.impls)
				}
				impls[i].chains = nil
			}
		}
	}
	if impls == nil {
		return f
	}
	return r.ifaceFact(impls, f.choice.quiet, f.choice.def, nil)
}

// withIfaceCalls returns f with the chains its interface calls reach
// through implementations this package sees (ifacecalls.go) added
// after its own.
func (r *Result) withIfaceCalls(f *Fact) *Fact {
	if f == nil || len(f.Calls) == 0 || r.library {
		return f
	}
	extra := r.ifaceCallChains("", f.Calls)
	if len(extra) == 0 {
		return f
	}
	s := &summary{}
	for i, c := range append(f.Chains(), extra...) {
		s.add(c, chainKey{rank: i})
	}
	g := *f
	out := s.fact()
	g.setChains(out.Chains())
	g.Guards, g.choice = nil, nil // they do not cover the implementations' chains
	return &g
}

// quietImplsIn counts, in pkgs (the packages of an interface method's
// blocking implementations), the other types implementing the interface
// whose method does no I/O (they export no Impl for it, implTypes).
// Mocks (testify's, or named Mock…/Fake…) do not count.
func quietImplsIn(pkgs []*types.Package, implTypes map[string]bool, fn *types.Func, iface *types.Interface) int {
	n := 0
	for _, pkg := range pkgs {
		sc := pkg.Scope()
		for _, name := range sc.Names() {
			tn, ok := sc.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || implTypes[pkg.Path()+"."+name] {
				continue
			}
			if named, ok := tn.Type().(*types.Named); !ok || named.TypeParams() != nil {
				continue
			}
			lower := strings.ToLower(name)
			if strings.HasPrefix(lower, "mock") || strings.HasPrefix(lower, "fake") || isMock(tn.Type()) {
				continue
			}
			if embedsImpl(tn.Type(), func(key string) bool { return implTypes[key] }) {
				continue
			}
			if Implements(tn.Type(), iface) {
				n++
			}
		}
	}
	return n
}

// embedsImpl reports whether t is a struct type that embeds (by value
// or pointer) a type impl reports, by typeKey: a variant of that
// implementation (the store inside a transaction, a decorator), which
// inherits its methods and overrides some without I/O (a transaction's
// Ping refusing), not an alternative backend the configuration picks.
func embedsImpl(t types.Type, impl func(key string) bool) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		ft := f.Type()
		if p, ok := types.Unalias(ft).(*types.Pointer); ok {
			ft = p.Elem()
		}
		if k := typeKey(ft); k != "" && impl(k) {
			return true
		}
	}
	return false
}

// implFact returns the fact of m, a method of another package of the
// module, from that package's exported implementations, or nil when it
// exports none for m (m does not block or do I/O).
func (r *Result) implFact(m *types.Func) *Fact {
	named, ok := types.Unalias(recvNamed(m)).(*types.Named)
	if !ok || m.Pkg() == nil {
		return nil
	}
	for _, ref := range r.impls[m.Name()] {
		if ref.pkg != m.Pkg() || ref.typ != named.Obj().Name() {
			continue
		}
		s := &summary{}
		for i, c := range ref.method.Chains {
			s.add(c, chainKey{rank: i})
		}
		f := s.fact()
		f.IO, f.Write, f.Guards, f.Calls = ref.method.IO, ref.method.Write, ref.method.Guards, ref.method.Calls
		return f
	}
	return nil
}

// typeKey names a named type as Analyzed.Constructed does.
func typeKey(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

func (r *Result) addConstructed(t string) {
	if r.constructed == nil {
		r.constructed = make(map[string]bool)
	}
	r.constructed[t] = true
}

// constructedTypes returns the types of module that the package's files
// (tests and generated code aside) build: T{...}, &T{...}, new(T).
func constructedTypes(pass *analysis.Pass, excluded map[*token.File]bool, module string) []string {
	seen := make(map[string]bool)
	var out []string
	add := func(t types.Type) {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			return
		}
		path := n.Obj().Pkg().Path()
		if module == "" && knowledge.IsStd(path) || module != "" && path != module && !strings.HasPrefix(path, module+"/") {
			return // (no module: GOPATH mode, where every package but std's is the program's)
		}
		if k := typeKey(n.Origin()); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, fc := range fileCursors(pass, excluded) {
		for c := range fc.Preorder((*ast.CompositeLit)(nil), (*ast.CallExpr)(nil)) {
			switch n := c.Node().(type) {
			case *ast.CompositeLit:
				add(pass.TypesInfo.TypeOf(n))
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "new" && len(n.Args) == 1 {
					if _, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok {
						add(pass.TypesInfo.TypeOf(n.Args[0]))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// implAlt is one implementation of an interface method, as FactOf
// weighs it.
type implAlt struct {
	label  string
	chains []Chain
	io     []string
	write  bool
	guards []Guard
	typ    string // path.Type
	// chainGuards cover its chains alone (Fact.ChainGuards), or nil.
	chainGuards []Guard
}

// blockGuards returns the guards that cover im's blocking calls, as
// Fact.chainGuards does.
func (im implAlt) blockGuards() []Guard {
	if im.chainGuards != nil {
		return im.chainGuards
	}
	return im.guards
}

// implChoice is what an interface method's fact keeps of its
// implementations, so that a call can weigh them again (AtCall).
type implChoice struct {
	impls []implAlt
	quiet int
	def   string // the configured default's type (choices.go), or ""
}

// ifaceFact makes the fact of a call through an interface from its
// implementations (quiet of which do no I/O); def, when not "", is the
// type the configuration builds by default (choices.go): only its chains
// count. off, when not nil, says which implementations the call's
// arguments keep from blocking (their guards, guard.go).
func (r *Result) ifaceFact(impls []implAlt, quiet int, def string, off []bool) *Fact {
	choice := &implChoice{impls, quiet, def}
	if def != "" {
		// Only other deployments take the others: the default's chains
		// and I/O are the call's (none when it does no I/O).
		var keep []implAlt
		var keepOff []bool
		for i, im := range impls {
			if im.typ == def {
				im.label += defaultLabel
				keep = append(keep, im)
				keepOff = append(keepOff, off != nil && off[i])
			}
		}
		impls, off, quiet = keep, keepOff, 0
	}
	if len(impls) > 0 && quiet >= len(impls) {
		// As many implementations that do no I/O (an in-memory store, a
		// static admin list) as ones that do: which one runs is the
		// service's configuration's choice, so the call blocks only in
		// some deployments and is not reported. Many alternatives that
		// mostly do I/O (OAuth providers, notifiers) still count.
		impls = nil
	}
	impls = slices.Clone(impls)
	for i := range impls {
		if off != nil && off[i] {
			impls[i].chains = nil // does not block at this call
		}
	}
	blocking := 0
	for _, im := range impls {
		if len(im.chains) > 0 {
			blocking++
		}
	}
	rivals := 0 // implementations that do I/O without blocking, and that some code builds
	for _, im := range impls {
		if len(im.chains) == 0 && r.constructed[im.typ] {
			rivals++
		}
	}
	if blocking > 0 && quiet+rivals >= blocking && def == "" {
		// The same choice between implementations that block and as
		// many that do not (a bbolt View read, a query given the
		// context, a get that the call's request makes a read), built
		// by the service's code: not reported either. Their I/O still
		// counts.
		for i := range impls {
			impls[i].chains = nil
		}
		blocking = 0
	}
	// Several that block are alternatives, each an optional step: their
	// chains weigh the same in the caller (the best one's steps and
	// one), so that the implementations keep their order there.
	alt := -1
	if blocking > 1 {
		for _, im := range impls {
			for _, c := range im.chains {
				if alt < 0 || c.Conds+1 < alt {
					alt = c.Conds + 1
				}
			}
		}
	}
	s := &summary{}
	for rank, im := range impls {
		label := im.label
		if blocking > 1 {
			// Which one runs is the service's configuration's choice.
			label = fmt.Sprintf("%s (1 of %d blocking implementations)", label, blocking)
		}
		for i, c := range im.chains {
			conds := c.Conds
			if alt >= 0 {
				conds = alt
			}
			s.add(Chain{Path: prepend(label, c.Path), Kind: c.Kind, Remedy: c.Remedy, Param: c.Param, Conds: conds, Guards: c.Guards}, chainKey{rank: rank*maxChains + i})
		}
		if s.io == nil && len(im.io) > 0 {
			s.io = prepend(im.label, im.io)
		}
		s.write = s.write || im.write
	}
	if len(s.chains) == 0 && s.io == nil {
		return nil
	}
	f := s.fact()
	f.choice = choice
	// A guard every implementation that does I/O shares (a request
	// struct's get-or-set field) decides the call as it would decide
	// each of them.
	for i, im := range impls {
		if i == 0 {
			f.Guards = slices.Clone(im.guards)
			continue
		}
		f.Guards = slices.DeleteFunc(f.Guards, func(g Guard) bool {
			return !slices.ContainsFunc(im.guards, func(h Guard) bool { return h.key() == g.key() && slices.Equal(h.Rewrites, g.Rewrites) })
		})
	}
	return f
}

// DecideAt returns f, the fact of call's callee, as call's arguments
// decide it (guard.go), and whether nothing of it runs: a guard of the
// callee that the arguments rule out, or, through an interface, the
// implementations the arguments keep from blocking weighed again (a
// getter's request makes BoltDB.Flag a read, so only the RPC engine
// blocks, and the choice between them is the configuration's).
func (r *Result) DecideAt(info *types.Info, body ast.Node, call *ast.CallExpr, f *Fact) (*Fact, bool) {
	if f == nil || call == nil {
		return f, false
	}
	if GuardedOff(info, body, call, f) {
		return nil, true
	}
	if fn := Callee(info, call); fn != nil && len(call.Args) > 0 && knowledge.ReadsFileTaggedFields(fn) && !knowledge.HasFileTaggedField(info.TypeOf(call.Args[0])) {
		return nil, true // no field asks for a file to be read
	}
	if f.choice == nil {
		if f.ChainGuards != nil && GuardedOff(info, body, call, &Fact{Guards: f.ChainGuards}) {
			g := *f // its I/O, none of its chains
			g.setChains(nil)
			return &g, false
		}
		return withoutChainsOff(info, body, call, f), false
	}
	var off []bool
	for i, im := range f.choice.impls {
		if len(im.chains) > 0 && GuardedOff(info, body, call, &Fact{Guards: im.blockGuards()}) {
			if off == nil {
				off = make([]bool, len(f.choice.impls))
			}
			off[i] = true
		}
	}
	if off == nil {
		return withoutChainsOff(info, body, call, f), false
	}
	g := r.ifaceFact(f.choice.impls, f.choice.quiet, f.choice.def, off)
	if g == nil {
		return nil, true
	}
	return withoutChainsOff(info, body, call, g), false
}

// withoutChainsOff returns f without the chains whose own guards
// (Chain.Guards) call's arguments rule out: the case of the callee's
// switch that a caller's request never takes (a user-delete request
// reaches deleteUser, not deleteUserDetail).
func withoutChainsOff(info *types.Info, body ast.Node, call *ast.CallExpr, f *Fact) *Fact {
	chains := f.Chains()
	var kept []Chain
	for _, c := range chains {
		if len(c.Guards) == 0 || !GuardedOff(info, body, call, &Fact{Guards: c.Guards}) {
			kept = append(kept, c)
		}
	}
	if len(kept) == len(chains) {
		return f
	}
	g := *f
	g.setChains(kept)
	return &g
}

// unseenLibraryIO reports whether fn, a function of another module's
// package that was summarized from source, still counts as I/O by its
// shape (a context first, an error last): its summary found no I/O but
// calls interface methods whose implementations it could not see (a
// Kubernetes clientset's List reaches its REST client through one), so
// the summary proves nothing, as when the library is not summarized.
func (r *Result) unseenLibraryIO(fn *types.Func) bool {
	if !r.libraries[fn.Pkg()] {
		return false
	}
	f := r.Of(fn)
	return f != nil && len(f.IO) == 0 && !f.CachedIO && len(f.Calls) > 0
}

// stubOfOwnService reports whether m, a method of the package, is a
// client stub (stubServer) of a service that caller, a method, serves:
// caller's receiver implements the service's server interface.
func (r *Result) stubOfOwnService(m, caller *types.Func) bool {
	if caller == nil {
		return false
	}
	recv := caller.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	server := r.stubServer(m)
	if server == nil {
		return false
	}
	t := recv.Type()
	if _, isPtr := t.(*types.Pointer); !isPtr {
		t = types.NewPointer(t)
	}
	return types.Implements(t, server)
}

// stubServer returns, when m forwards to a generated gRPC client's
// method of its name (a client stub: c.client.Execute(ctx, req)), the
// server interface of that service, declared beside the client
// (ExecutorServiceClient and ExecutorServiceServer); otherwise nil.
// Found once per method.
func (r *Result) stubServer(m *types.Func) *types.Interface {
	r.stubMu.Lock()
	defer r.stubMu.Unlock()
	if server, ok := r.stubServers[m]; ok {
		return server
	}
	var server *types.Interface
	if decl := r.decls[m]; decl != nil && decl.Body != nil && r.pass != nil {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || server != nil {
				return server == nil
			}
			fn := Callee(r.pass.TypesInfo, call)
			if fn == nil || fn.Name() != m.Name() || !knowledge.IsRPCClientMethod(fn) {
				return true
			}
			client, ok := types.Unalias(recvNamed(fn)).(*types.Named)
			if !ok || client.Obj().Pkg() == nil || !strings.HasSuffix(client.Obj().Name(), "Client") {
				return true
			}
			name := strings.TrimSuffix(client.Obj().Name(), "Client") + "Server"
			if tn, ok := client.Obj().Pkg().Scope().Lookup(name).(*types.TypeName); ok {
				server, _ = tn.Type().Underlying().(*types.Interface)
			}
			return server == nil
		})
	}
	if r.stubServers == nil {
		r.stubServers = make(map[*types.Func]*types.Interface)
	}
	r.stubServers[m] = server
	return server
}
