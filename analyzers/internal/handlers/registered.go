package handlers

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// isConnect reports the four Connect RPC handler shapes, by the types of
// connectrpc.com/connect (the generic Request, Response and stream
// types are distinctive; the function's package does not matter):
//
//	unary          func(context.Context, *connect.Request[T]) (*connect.Response[U], error)
//	client stream  func(context.Context, *connect.ClientStream[T]) (*connect.Response[U], error)
//	server stream  func(context.Context, *connect.Request[T], *connect.ServerStream[U]) error
//	bidi stream    func(context.Context, *connect.BidiStream[T, U]) error
//
// A generated Connect client's methods have the unary shape too, but
// they live in generated files, which are never handlers.
func isConnect(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	if p.Len() < 2 || p.Len() > 3 || !knowledge.IsContext(p.At(0).Type()) || r.Len() == 0 || !knowledge.IsError(r.At(r.Len()-1).Type()) {
		return false
	}
	ptr := func(t types.Type, name string) bool { return knowledge.IsPointerTo(t, connectPath, name) }
	switch {
	case p.Len() == 2 && r.Len() == 2:
		return (ptr(p.At(1).Type(), "Request") || ptr(p.At(1).Type(), "ClientStream")) && ptr(r.At(0).Type(), "Response")
	case p.Len() == 3 && r.Len() == 1:
		return ptr(p.At(1).Type(), "Request") && ptr(p.At(2).Type(), "ServerStream")
	case p.Len() == 2 && r.Len() == 1:
		return ptr(p.At(1).Type(), "BidiStream")
	}
	return false
}

// connectSimple are Connect's constructors for handlers generated with
// the "simple" option, whose implementations take and return plain
// messages (func(ctx, *Req) (*Res, error)): recognizable by
// registration only. The value is the index of the implementation.
var connectSimple = map[string]int{
	"connectrpc.com/connect.NewUnaryHandlerSimple":        1,
	"connectrpc.com/connect.NewClientStreamHandlerSimple": 1,
	"connectrpc.com/connect.NewServerStreamHandlerSimple": 1,
}

// Config declares handler types and registration functions beyond the
// built-in frameworks. Its fields are flag values (the handlerblock
// analyzer binds them to -handlerblock.handler-types and
// -handlerblock.registrars).
type Config struct {
	// HandlerTypes are named types, "pkg/path.T". A function type
	// declares its signature a handler signature; any other type (a
	// framework's context) makes every function whose first parameter
	// is T or *T a handler.
	HandlerTypes NameList
	// Registrars are functions or methods, "pkg/path.F" or
	// "(*pkg/path.T).M": every function passed to them is a handler.
	Registrars NameList
}

// NameList is a flag.Value collecting comma-separated or repeated
// type or function names, each checked for shape when it is set.
type NameList []string

func (l *NameList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

// Set appends comma-separated names, rejecting malformed ones.
func (l *NameList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if err := validName(v); err != nil {
			return fmt.Errorf("%q: %v", v, err)
		}
		*l = append(*l, v)
	}
	return nil
}

// validName checks pkg.Name, (*pkg.T).M and (pkg.T).M without resolving
// them: the packages may not be loaded when flags are parsed.
func validName(name string) error {
	if strings.ContainsAny(name, " \t") {
		return fmt.Errorf("name contains white space")
	}
	if rest, ok := strings.CutPrefix(name, "("); ok {
		recv, method, ok := strings.Cut(rest, ").")
		recv = strings.TrimPrefix(recv, "*")
		if !ok || method == "" || strings.Contains(method, ".") || strings.LastIndex(recv, ".") <= 0 || strings.HasSuffix(recv, ".") {
			return fmt.Errorf("want (*pkg.T).M or (pkg.T).M")
		}
		return nil
	}
	if i := strings.LastIndex(name, "."); i <= 0 || i == len(name)-1 || strings.Contains(name[i:], "/") {
		return fmt.Errorf("want a package path and a name, e.g. example.com/web.HandlerFunc")
	}
	return nil
}

// registered holds the functions and literals this package registers as
// handlers, and the user's handler types resolved in its imports.
type registered struct {
	funcs     map[*types.Func]Framework
	lits      map[*ast.FuncLit]Framework
	sigTypes  []*types.Signature // declared function types' signatures
	ctxTypes  []*types.TypeName  // declared framework context types
	hasConfig bool
}

// match reports whether the declared function fn is a handler by
// registration or by a declared handler type.
func (r *registered) match(fn *types.Func, sig *types.Signature) (Framework, bool) {
	if fw, ok := r.funcs[fn]; ok {
		return fw, true
	}
	return r.matchType(sig)
}

func (r *registered) matchLit(lit *ast.FuncLit, sig *types.Signature) (Framework, bool) {
	if fw, ok := r.lits[lit]; ok {
		return fw, true
	}
	return r.matchType(sig)
}

func (r *registered) matchType(sig *types.Signature) (Framework, bool) {
	if !r.hasConfig {
		return 0, false
	}
	plain := types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())
	for _, t := range r.sigTypes {
		if types.Identical(plain, t) {
			return Declared, true
		}
	}
	if sig.Params().Len() > 0 {
		first := types.Unalias(sig.Params().At(0).Type())
		if p, ok := first.(*types.Pointer); ok {
			first = types.Unalias(p.Elem())
		}
		if n, ok := first.(*types.Named); ok {
			for _, tn := range r.ctxTypes {
				if n.Obj() == tn {
					return Declared, true
				}
			}
		}
	}
	return 0, false
}

// findRegistered finds the functions registered as handlers through
// Connect's constructors and generated New…Handler functions, and
// through the registrars cfg declares, and resolves cfg's handler
// types.
func findRegistered(pass *analysis.Pass, insp *inspector.Inspector, cfg *Config) *registered {
	r := &registered{funcs: make(map[*types.Func]Framework), lits: make(map[*ast.FuncLit]Framework)}
	var registrars map[string]bool
	if cfg != nil && (len(cfg.HandlerTypes) > 0 || len(cfg.Registrars) > 0) {
		r.hasConfig = true
		r.resolveTypes(pass.Pkg, cfg.HandlerTypes)
		registrars = make(map[string]bool, len(cfg.Registrars))
		for _, name := range cfg.Registrars {
			registrars[name] = true
		}
	}
	connect := importsPath(pass.Pkg, connectPath)
	if !connect && len(registrars) == 0 {
		return r
	}
	for c := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		fn := NamedCallee(pass.TypesInfo, call)
		if fn == nil {
			continue
		}
		fn = fn.Origin()
		name := fn.FullName()
		switch {
		case registrars[name]:
			for _, arg := range call.Args {
				r.addValue(pass, arg, Declared)
			}
		case !connect:
		case fn.Pkg() != nil && fn.Pkg().Path() == connectPath:
			if i, ok := connectSimple[name]; ok && i < len(call.Args) {
				r.addValue(pass, call.Args[i], Connect)
			}
		default:
			if iface := generatedConnectHandler(fn); iface != nil && len(call.Args) > 0 {
				r.addMethods(pass, call.Args[0], iface)
			}
		}
	}
	return r
}

// generatedConnectHandler recognizes a generated Connect constructor,
// New<Service>Handler(svc <Service>Handler, opts ...connect.HandlerOption)
// (string, http.Handler), by its types, and returns the service
// interface.
func generatedConnectHandler(fn *types.Func) *types.Interface {
	sig := fn.Type().(*types.Signature)
	p, res := sig.Params(), sig.Results()
	if sig.Recv() != nil || !sig.Variadic() || p.Len() != 2 || res.Len() != 2 {
		return nil
	}
	opts, ok := p.At(1).Type().(*types.Slice)
	if !ok || !knowledge.IsNamed(opts.Elem(), connectPath, "HandlerOption") {
		return nil
	}
	if b, ok := res.At(0).Type().(*types.Basic); !ok || b.Kind() != types.String || !knowledge.IsNamed(res.At(1).Type(), "net/http", "Handler") {
		return nil
	}
	iface, _ := p.At(0).Type().Underlying().(*types.Interface)
	return iface
}

// addValue registers a function literal or a function of this package
// passed as a handler.
func (r *registered) addValue(pass *analysis.Pass, arg ast.Expr, fw Framework) {
	switch a := ast.Unparen(arg).(type) {
	case *ast.FuncLit:
		r.lits[a] = fw
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := a.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = a.(*ast.Ident)
		}
		if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && fn.Pkg() == pass.Pkg {
			r.funcs[fn.Origin()] = fw
		}
	}
}

// addMethods registers the methods of arg's type, declared in this
// package, that implement iface's methods and take a context first.
func (r *registered) addMethods(pass *analysis.Pass, arg ast.Expr, iface *types.Interface) {
	t := pass.TypesInfo.TypeOf(arg)
	if t == nil {
		return
	}
	names := make(map[string]bool, iface.NumMethods())
	for i := 0; i < iface.NumMethods(); i++ {
		names[iface.Method(i).Name()] = true
	}
	ms := types.NewMethodSet(types.NewPointer(derefType(types.Unalias(t))))
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || fn.Pkg() != pass.Pkg || !names[fn.Name()] {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() > 0 && knowledge.IsContext(sig.Params().At(0).Type()) {
			r.funcs[fn.Origin()] = Connect
		}
	}
}

// resolveTypes finds the declared handler types among pkg and its
// direct imports; a type in a package the code does not import cannot
// be named by it and is skipped.
func (r *registered) resolveTypes(pkg *types.Package, names []string) {
	for _, name := range names {
		path, typ, ok := cutLastDot(name)
		if !ok {
			continue
		}
		var p *types.Package
		if pkg.Path() == path {
			p = pkg
		}
		for _, imp := range pkg.Imports() {
			if imp.Path() == path {
				p = imp
			}
		}
		if p == nil {
			continue
		}
		tn, ok := p.Scope().Lookup(typ).(*types.TypeName)
		if !ok {
			continue
		}
		if sig, ok := tn.Type().Underlying().(*types.Signature); ok {
			r.sigTypes = append(r.sigTypes, sig)
		} else {
			r.ctxTypes = append(r.ctxTypes, tn)
		}
	}
}

func cutLastDot(name string) (path, obj string, ok bool) {
	i := strings.LastIndex(name, ".")
	if i <= 0 || strings.HasPrefix(name, "(") {
		return "", "", false
	}
	return name[:i], name[i+1:], true
}

func importsPath(pkg *types.Package, path string) bool {
	if pkg.Path() == path {
		return true
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return true
		}
	}
	return false
}

// Adapt returns fn or lit as a handler of framework fw, taking the
// request context from the first parameter that carries one (see
// ContextOf).
func Adapt(fw Framework, node ast.Node, body *ast.BlockStmt, fn *types.Func, sig *types.Signature) Handler {
	return declaredHandler(fw, node, body, fn, sig)
}

func declaredHandler(fw Framework, node ast.Node, body *ast.BlockStmt, fn *types.Func, sig *types.Signature) Handler {
	h := Handler{Framework: fw, Node: node, Body: body, Func: fn}
	h.ctxParam, h.ctxForm = ContextOf(sig)
	return h
}

// ContextOf returns the parameter of sig that carries the request
// context and the expression form that yields it: a context.Context
// ("%s"), an *http.Request ("%s.Context()"), a framework context (gin,
// echo, fiber), or any parameter whose type has a Context() method
// returning a context.Context, a Request() method returning an
// *http.Request, or a Request field of that type (project contexts that
// wrap the request). It returns nil if no parameter does.
func ContextOf(sig *types.Signature) (*types.Var, string) {
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		p := params.At(i)
		t := p.Type()
		switch {
		case knowledge.IsContext(t):
			return p, "%s"
		case knowledge.IsPointerTo(t, "net/http", "Request"):
			return p, "%s.Context()"
		case knowledge.IsPointerTo(t, ginPath, "Context"):
			return p, "%s.Request.Context()"
		case knowledge.IsNamed(t, echoPath, "Context"), knowledge.IsPointerTo(t, echo5Path, "Context"):
			return p, "%s.Request().Context()"
		case knowledge.IsPointerTo(t, fiberPath, "Ctx"):
			return p, "%s.UserContext()"
		case knowledge.IsNamed(t, fiber3Path, "Ctx"):
			return p, "%s.Context()"
		}
	}
	for i := 0; i < params.Len(); i++ {
		p := params.At(i)
		if form := wrappedContext(p.Type()); form != "" {
			return p, form
		}
	}
	return nil, ""
}

// wrappedContext finds the request context inside a project's own
// request type.
func wrappedContext(t types.Type) string {
	if _, ok := t.Underlying().(*types.Signature); ok {
		return ""
	}
	if _, isBasic := t.Underlying().(*types.Basic); isBasic {
		return ""
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	if m, ok := obj.(*types.Func); ok && noArgsReturning(m, func(r types.Type) bool { return knowledge.IsContext(r) }) {
		return "%s.Context()"
	}
	isReq := func(r types.Type) bool { return knowledge.IsPointerTo(r, "net/http", "Request") }
	obj, _, _ = types.LookupFieldOrMethod(t, true, nil, "Request")
	switch o := obj.(type) {
	case *types.Func:
		if noArgsReturning(o, isReq) {
			return "%s.Request().Context()"
		}
	case *types.Var:
		if o.IsField() && isReq(o.Type()) {
			return "%s.Request.Context()"
		}
	}
	return ""
}

func noArgsReturning(m *types.Func, want func(types.Type) bool) bool {
	sig := m.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && want(sig.Results().At(0).Type())
}
