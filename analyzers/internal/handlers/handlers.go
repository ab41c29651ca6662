// Package handlers recognizes request handlers by their types and by
// how they are registered, never by identifier names: net/http (and so
// chi) handler functions and methods, gin, echo v4/v5, fiber v2 and v3
// handlers, Connect RPC handlers, gRPC server methods, and the handler
// types and registration functions a user declares (Config).
package handlers

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Framework names the server framework a handler belongs to.
type Framework uint8

const (
	NetHTTP Framework = iota + 1
	Gin
	Echo
	Fiber
	GRPC
	Connect
	// Adapted is a function a project adapter calls inside the handler
	// it returns or registers (ToHTTP(deps, listBookmarks)).
	Adapted
	// Declared is a handler of a type or registration function the
	// user declared (Config).
	Declared
	// Event is a function taking a framework's request event, a struct
	// that carries the request (func(e *core.RequestEvent) error).
	Event
	// Beego is an action of a beego controller: a method without
	// parameters or results of a type that embeds beego's Controller,
	// which takes the request from its receiver (c.Ctx.Request).
	Beego
)

func (f Framework) String() string {
	switch f {
	case NetHTTP:
		return "net/http"
	case Gin:
		return "gin"
	case Echo:
		return "echo"
	case Fiber:
		return "fiber"
	case GRPC:
		return "grpc"
	case Connect:
		return "connect"
	case Adapted:
		return "adapted"
	case Declared:
		return "declared"
	case Event:
		return "event"
	case Beego:
		return "beego"
	}
	return "unknown"
}

const (
	ginPath   = "github.com/gin-gonic/gin"
	echoPath  = "github.com/labstack/echo/v4"
	echo5Path = "github.com/labstack/echo/v5"
	fiberPath = "github.com/gofiber/fiber/v2"
	// fiber v3's Ctx is an interface; its Context method returns the
	// request's context (v2's UserContext).
	fiber3Path  = "github.com/gofiber/fiber/v3"
	grpcPath    = "google.golang.org/grpc"
	connectPath = "connectrpc.com/connect"
)

// Handler is one request handler in the package under analysis.
type Handler struct {
	Framework Framework
	// Node is the *ast.FuncDecl or *ast.FuncLit.
	Node ast.Node
	Body *ast.BlockStmt
	// Func is the declared function or method; nil for a literal.
	Func *types.Func
	// Helper marks a function that takes the request but is not a
	// request root (see FindWith): the package's handlers call it
	// directly. handlerblock reports its blocking calls where a root
	// calls it; joinable still looks inside it.
	Helper bool
	// ctxParam is the parameter the request context comes from and
	// ctxForm how to get it ("%s.Context()", "%s", ...).
	ctxParam *types.Var
	ctxForm  string
}

// Context returns the expression for the handler's request context,
// usable at pos: r.Context(), c.Request.Context(), c.Request().Context(),
// c.UserContext(), or the gRPC ctx parameter. ok is false when the
// parameter is unnamed or shadowed at pos.
func (h Handler) Context(pkg *types.Package, pos token.Pos) (expr string, ok bool) {
	v := h.ctxParam
	if v == nil || v.Name() == "" || v.Name() == "_" {
		return "", false
	}
	if inner := pkg.Scope().Innermost(pos); inner != nil {
		if _, obj := inner.LookupParent(v.Name(), pos); obj != v {
			return "", false
		}
	}
	return strings.ReplaceAll(h.ctxForm, "%s", v.Name()), true
}

// Name describes the handler for messages: its function name, or
// "func literal".
func (h Handler) Name() string {
	if h.Func != nil {
		return h.Func.Name()
	}
	return "func literal"
}

// Shape says how a signature takes the request.
type Shape uint8

const (
	// NotHandler: the signature does not take the request.
	NotHandler Shape = iota
	// ExactShape is a framework's handler signature: (w, r), gin's, echo's,
	// fiber's one-context form, Connect's shapes.
	ExactShape
	// ExtendedShape takes the writer and the request together with other
	// parameters: a helper, or the handler type of a router or adapter
	// (httprouter's (w, r, ps)).
	ExtendedShape
	// EventShape takes first a struct (or pointer) that carries the
	// request (an *http.Request field beside an http.ResponseWriter,
	// directly, embedded or in a wrapper of its own), as frameworks'
	// request events do (func(e *core.RequestEvent) error), and the
	// contexts of frameworks that inject a handler's other arguments
	// (macaron's func(ctx *macaron.Context, form TaskForm) string).
	EventShape
	// WriterShape takes the response writer but not the request (a route
	// table's func(w http.ResponseWriter, params Parser, user User)): a
	// root when the package stores or passes it as a value, with no
	// request context to hand on.
	WriterShape
)

// Signature classifies a function signature as a handler of some
// framework, returning the index of the parameter the request context
// comes from and the expression form built from it. It reports the
// ExactShape and ExtendedShape (see SignatureShape).
func Signature(sig *types.Signature) (fw Framework, param int, form string, ok bool) {
	fw, param, form, shape := SignatureShape(sig)
	return fw, param, form, shape == ExactShape || shape == ExtendedShape
}

// SignatureShape is Signature with the shape, Event included.
func SignatureShape(sig *types.Signature) (fw Framework, param int, form string, shape Shape) {
	fw, param, form, ok := exactSignature(sig)
	if ok {
		return fw, param, form, ExactShape
	}
	params := sig.Params()
	// Adapted net/http handlers and helpers: any function that takes
	// both the response writer and the request, with other parameters.
	if params.Len() > 2 {
		w, r := -1, -1
		for i := 0; i < params.Len(); i++ {
			switch t := params.At(i).Type(); {
			case knowledge.IsNamed(t, "net/http", "ResponseWriter"):
				w = i
			case knowledge.IsPointerTo(t, "net/http", "Request"):
				r = i
			}
		}
		if w >= 0 && r >= 0 {
			return NetHTTP, r, "%s.Context()", ExtendedShape
		}
	}
	// A struct that carries the request, taken first: a framework's
	// request event (func(e *core.RequestEvent) error), or the context
	// of a framework that injects the other arguments and writes what
	// the handler returns (macaron's func(ctx *macaron.Context, form
	// TaskForm) string).
	if params.Len() >= 1 {
		if form := requestForm(params.At(0).Type()); form != "" {
			return Event, 0, form, EventShape
		}
	}
	// A function given its parameters with the request and returning what
	// writes the response (an OpenAPI generator's operation handlers:
	// func(params FindFlagsParams) middleware.Responder, optionally with
	// the authenticated principal as a second parameter).
	if (params.Len() == 1 || params.Len() == 2) && sig.Results().Len() == 1 && isResponder(sig.Results().At(0).Type()) {
		if name := requestFieldName(params.At(0).Type()); token.IsExported(name) {
			return Event, 0, "%s." + name + ".Context()", EventShape
		}
	}
	for i := 0; i < params.Len(); i++ {
		if knowledge.IsNamed(params.At(i).Type(), "net/http", "ResponseWriter") {
			return NetHTTP, i, "", WriterShape
		}
	}
	return 0, 0, "", NotHandler
}

// requestForm returns the expression form that yields the request's
// context from a value of type t, a struct or a pointer to one that
// carries the request: a field of type *http.Request (declared or
// promoted from an embedded struct) beside a response writer field, or
// an embedded framework context whose Request() returns the
// *http.Request and whose Response() writes the response (echo's). It
// returns "" when t carries no request.
func requestForm(t types.Type) string {
	base := t
	if p, ok := types.Unalias(base).(*types.Pointer); ok {
		base = p.Elem()
	}
	st, ok := base.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	var req string
	// wrapped, wrappedWriter: a field's own struct holds the
	// *http.Request, the http.ResponseWriter (a project's wrappers);
	// wrappedReq: the first such request's path from the struct, when
	// both names are exported (Req.Request); embedsCtx: the struct
	// embeds context.Context.
	var wrappedReq string
	writer, wrapped, wrappedWriter, embedsCtx := false, false, false, false
	var visit func(st *types.Struct, depth int)
	visit = func(st *types.Struct, depth int) {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			switch {
			case knowledge.IsPointerTo(f.Type(), "net/http", "Request"):
				if req == "" {
					req = f.Name()
				}
			case isResponseWriter(f.Type()):
				writer = true
			case f.Embedded() && knowledge.IsContext(f.Type()):
				embedsCtx = true
			case !f.Embedded() && requestFieldName(f.Type()) != "":
				wrapped = true
				if inner := requestFieldName(f.Type()); wrappedReq == "" && depth == 0 && f.Exported() && token.IsExported(inner) {
					wrappedReq = f.Name() + "." + inner
				}
			case !f.Embedded() && wrapsWriter(f.Type()):
				wrappedWriter = true
			}
			if f.Embedded() && depth < 3 {
				ft := f.Type()
				if p, ok := types.Unalias(ft).(*types.Pointer); ok {
					ft = p.Elem()
				}
				if inner, ok := ft.Underlying().(*types.Struct); ok {
					visit(inner, depth+1)
				}
			}
		}
	}
	visit(st, 0)
	if req != "" && writer {
		// The promoted name must reach that field (no other field of
		// the name at a shallower depth, no ambiguity).
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, req)
		if v, ok := obj.(*types.Var); ok && v.IsField() && knowledge.IsPointerTo(v.Type(), "net/http", "Request") {
			return "%s." + req + ".Context()"
		}
	}
	// A project's request context: a struct that embeds context.Context
	// and carries the request (in a field or a wrapper's field) beside
	// the response writer is itself the request's context.
	if embedsCtx && (writer || wrappedWriter) && (req != "" || wrapped) {
		return "%s"
	}
	// A framework's context that holds the request in a field of its
	// own, a struct wrapping it, beside the response writer (macaron's
	// Context: Req, a Request embedding *http.Request, and Resp).
	if req == "" && writer && wrappedReq != "" {
		return "%s." + wrappedReq + ".Context()"
	}
	// An embedded framework context: Request() and Response() methods.
	request, _, _ := types.LookupFieldOrMethod(t, true, nil, "Request")
	response, _, _ := types.LookupFieldOrMethod(t, true, nil, "Response")
	rq, ok1 := request.(*types.Func)
	rs, ok2 := response.(*types.Func)
	if ok1 && ok2 && noArgsReturning(rq, func(r types.Type) bool { return knowledge.IsPointerTo(r, "net/http", "Request") }) &&
		noArgsReturning(rs, isResponseWriter) {
		return "%s.Request().Context()"
	}
	return ""
}

// requestFieldName returns the name of a field of type *http.Request
// that t, a struct or a pointer to one, declares itself (exported or
// not), or "".
func requestFieldName(t types.Type) string {
	return declaredField(t, func(ft types.Type) bool { return knowledge.IsPointerTo(ft, "net/http", "Request") })
}

// wrapsWriter reports whether t, a struct or a pointer to one,
// declares a field of type http.ResponseWriter.
func wrapsWriter(t types.Type) bool {
	return declaredField(t, func(ft types.Type) bool { return knowledge.IsNamed(ft, "net/http", "ResponseWriter") }) != ""
}

// declaredField returns the name of the first field that t, a struct or
// a pointer to one, declares with a type want accepts, or "".
func declaredField(t types.Type, want func(types.Type) bool) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); want(f.Type()) {
			return f.Name()
		}
	}
	return ""
}

// isResponder reports whether t, an interface, has a method that takes
// an http.ResponseWriter: the value writes the response (go-openapi's
// middleware.Responder).
func isResponder(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for m := range it.Methods() {
		ps := m.Type().(*types.Signature).Params()
		for i := 0; i < ps.Len(); i++ {
			if knowledge.IsNamed(ps.At(i).Type(), "net/http", "ResponseWriter") {
				return true
			}
		}
	}
	return false
}

// isResponseWriter reports whether t has http.ResponseWriter's methods
// (Header() http.Header, Write, WriteHeader(int)): the interface itself,
// or a framework's writer that implements it.
func isResponseWriter(t types.Type) bool {
	if knowledge.IsNamed(t, "net/http", "ResponseWriter") {
		return true
	}
	header, _, _ := types.LookupFieldOrMethod(t, true, nil, "Header")
	write, _, _ := types.LookupFieldOrMethod(t, true, nil, "WriteHeader")
	h, ok1 := header.(*types.Func)
	w, ok2 := write.(*types.Func)
	if !ok1 || !ok2 {
		return false
	}
	ws := w.Type().(*types.Signature)
	if ws.Params().Len() != 1 || !types.Identical(ws.Params().At(0).Type(), types.Typ[types.Int]) {
		return false
	}
	return noArgsReturning(h, func(r types.Type) bool { return knowledge.IsNamed(r, "net/http", "Header") })
}

func exactSignature(sig *types.Signature) (fw Framework, param int, form string, ok bool) {
	params, results := sig.Params(), sig.Results()
	switch {
	case params.Len() == 2 && results.Len() == 0 &&
		knowledge.IsNamed(params.At(0).Type(), "net/http", "ResponseWriter") &&
		knowledge.IsPointerTo(params.At(1).Type(), "net/http", "Request"):
		return NetHTTP, 1, "%s.Context()", true
	case params.Len() == 1 && results.Len() == 0 && knowledge.IsPointerTo(params.At(0).Type(), ginPath, "Context"):
		return Gin, 0, "%s.Request.Context()", true
	case params.Len() == 1 && results.Len() == 0 && isBeegoContext(params.At(0).Type()):
		// A filter (web.InsertFilter) or a function route (web.Get).
		return Beego, 0, "%s.Request.Context()", true
	case params.Len() == 1 && results.Len() == 1 && knowledge.IsError(results.At(0).Type()) &&
		knowledge.IsNamed(params.At(0).Type(), echoPath, "Context"):
		return Echo, 0, "%s.Request().Context()", true
	case params.Len() == 1 && results.Len() == 1 && knowledge.IsError(results.At(0).Type()) &&
		knowledge.IsPointerTo(params.At(0).Type(), echo5Path, "Context"):
		return Echo, 0, "%s.Request().Context()", true
	case params.Len() == 1 && results.Len() == 1 && knowledge.IsError(results.At(0).Type()) &&
		knowledge.IsPointerTo(params.At(0).Type(), fiberPath, "Ctx"):
		return Fiber, 0, "%s.UserContext()", true
	case params.Len() == 1 && results.Len() == 1 && knowledge.IsError(results.At(0).Type()) &&
		knowledge.IsNamed(params.At(0).Type(), fiber3Path, "Ctx"):
		return Fiber, 0, "%s.Context()", true
	case isConnect(sig):
		return Connect, 0, "%s", true
	case params.Len() == 2 && knowledge.IsNamed(params.At(0).Type(), "net/http", "ResponseWriter") &&
		knowledge.IsPointerTo(params.At(1).Type(), "net/http", "Request"):
		// (w, r) with results: func(w, r) error, as routers and
		// internal adapters define them.
		return NetHTTP, 1, "%s.Context()", true
	}
	return 0, 0, "", false
}

// IsHandlerType reports whether t is a function type with a handler
// signature (Exact or Extended). A function value of such a type is
// registered, not run, by the code that mentions it.
func IsHandlerType(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok {
		return false
	}
	_, _, _, ok = Signature(sig)
	return ok
}

// ShapeOf returns the shape of t's signature (NotHandler for anything
// but a function type).
func ShapeOf(t types.Type) Shape {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok {
		return NotHandler
	}
	_, _, _, shape := SignatureShape(sig)
	return shape
}

// cgoHeader is the first comment of every file cmd/cgo writes.
const cgoHeader = "// Code generated by cmd/cgo; DO NOT EDIT."

// IsGenerated reports whether f is generated code, whose handlers are mocks
// rather than a service's request path: [ast.IsGenerated], except for
// cmd/cgo's copy of a user's file. For a package that imports "C" the go
// command hands analyzers the cgo-processed files, which carry cgo's
// generated header; the copy of a user's file maps back to it with a //line
// directive (so positions already name the user's .go file), while cgo's
// own helpers (_cgo_gotypes.go) map nowhere and stay generated.
func IsGenerated(fset *token.FileSet, f *ast.File) bool {
	if !ast.IsGenerated(f) {
		return false
	}
	cgo := false
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if c.Text == cgoHeader {
				cgo = true
			}
		}
	}
	if !cgo {
		return true
	}
	tf := fset.File(f.Package)
	if tf == nil {
		return true
	}
	user := fset.Position(f.Package).Filename // after //line directives
	return user == tf.Name() || !strings.HasSuffix(user, ".go")
}

// Find returns the handlers declared in the package under analysis,
// recognized by the built-in rules only. pass must have the inspect
// analyzer's result.
func Find(pass *analysis.Pass) []Handler {
	return FindWith(pass, nil)
}

// FindWith is Find extended by the handler types and registration
// functions cfg declares (nil declares none).
func FindWith(pass *analysis.Pass, cfg *Config) []Handler {
	return FindWithUses(pass, cfg, nil)
}

// FindWithUses is FindWith taking the package's Uses from uses (called
// on first need; nil computes them).
func FindWithUses(pass *analysis.Pass, cfg *Config, uses func() *Uses) []Handler {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	grpcMethods := grpcServerMethods(pass, insp)
	for fn := range twirpServerMethods(pass, insp) {
		if grpcMethods == nil {
			grpcMethods = make(map[*types.Func]bool)
		}
		grpcMethods[fn] = true // the same shape: ctx first, the request's
	}
	for fn := range gqlgenResolverMethods(pass) {
		if grpcMethods == nil {
			grpcMethods = make(map[*types.Func]bool)
		}
		grpcMethods[fn] = true // the same shape: ctx first, the request's
	}
	reg := findRegistered(pass, insp, cfg)

	generated := make(map[*token.File]bool)
	for _, f := range pass.Files {
		if IsGenerated(pass.Fset, f) {
			generated[pass.Fset.File(f.Pos())] = true
		}
	}
	var out []Handler
	var use *Uses // computed on first need
	for c := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if InTestFile(pass, c.Node()) || generated[pass.Fset.File(c.Node().Pos())] {
			// Handlers in tests are fakes (httptest servers that sleep
			// to simulate a slow upstream), and handlers in generated
			// files are mocks: neither is a service's request path.
			continue
		}
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
			if fn == nil {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if fw, i, form, shape := SignatureShape(sig); shape != NotHandler {
				if use == nil {
					if uses != nil {
						use = uses()
					} else {
						use = FindUses(pass)
					}
				}
				root, helper := rootOrHelper(fn, shape, use)
				if root || helper {
					h := Handler{Framework: fw, Node: n, Body: n.Body, Func: fn, Helper: !root}
					if form != "" {
						h.ctxParam, h.ctxForm = sig.Params().At(i), form
					}
					out = append(out, h)
					continue
				}
			}
			if recv := sig.Recv(); recv != nil && beegoAction(fn, sig) {
				out = append(out, Handler{Framework: Beego, Node: n, Body: n.Body, Func: fn, ctxParam: recv, ctxForm: "%s.Ctx.Request.Context()"})
				continue
			}
			if grpcMethods[fn] || grpcInterceptor(sig) {
				h := Handler{Framework: GRPC, Node: n, Body: n.Body, Func: fn}
				h.ctxParam, h.ctxForm = grpcContext(sig)
				out = append(out, h)
			} else if fw, ok := reg.match(fn, sig); ok {
				out = append(out, declaredHandler(fw, n, n.Body, fn, sig))
			}
		case *ast.FuncLit:
			tv, ok := pass.TypesInfo.Types[n]
			if !ok {
				continue
			}
			sig, ok := tv.Type.(*types.Signature)
			if !ok {
				continue
			}
			if fw, i, form, shape := SignatureShape(sig); shape != NotHandler && shape != WriterShape {
				// A literal is a value: registered, passed or stored.
				out = append(out, Handler{Framework: fw, Node: n, Body: n.Body, ctxParam: sig.Params().At(i), ctxForm: form})
			} else if fw, ok := reg.matchLit(n, sig); ok {
				out = append(out, declaredHandler(fw, n, n.Body, nil, sig))
			} else if grpcInterceptor(sig) {
				h := Handler{Framework: GRPC, Node: n, Body: n.Body}
				h.ctxParam, h.ctxForm = grpcContext(sig)
				out = append(out, h)
			}
		}
	}
	return out
}

// Roots and helpers. A request root is what the server calls for a
// request: a function with a framework's handler signature (Exact), or
// one the package registers, passes or stores where a handler goes (any
// use other than a direct call). A function that takes the request
// together with other parameters (Extended, or a framework context plus
// more: not a handler shape at all), or one that the package only calls
// directly, is a helper: its blocking calls count where a root calls
// it, so the caller's path (an error branch, a once path) decides. The
// rule is the same for every framework:
//   - Exact: a root, unless it is unexported and every use of it in
//     the package is a direct call (then a helper), or it is an
//     unexported method that nothing in the package refers to while the
//     package hands other handler methods to a router by value (dead
//     code: a route commented out), and no interface of the package has
//     a method of its name;
//   - Extended and Event: a root when the package uses it as a value
//     (a router's or an adapter's handler type, a route table);
//     otherwise a helper if the package calls it, and nothing if it
//     does not (a function of a package registered elsewhere is shown
//     where it is registered).
func rootOrHelper(fn *types.Func, shape Shape, use *Uses) (root, helper bool) {
	switch shape {
	case ExactShape:
		if !fn.Exported() && use.called[fn] && !use.value[fn] {
			return false, true
		}
		if use.registersMethods && isMethod(fn) && !fn.Exported() && !use.called[fn] && !use.value[fn] && !use.ifaceMethods[fn.Name()] {
			// The package hands its handler methods to a router by
			// value; one it never refers to is not wired (a route
			// commented out).
			return false, false
		}
		return true, false
	case ExtendedShape, EventShape:
		if use.value[fn] || use.viaInterfaceValue(fn) {
			return true, false
		}
		return false, use.called[fn]
	case WriterShape:
		// Only what a route table or a dispatcher holds: a function
		// the package just calls is its caller's step.
		return use.value[fn], false
	}
	return false, false
}

// Uses records how the package's own files (outside tests and
// generated code) refer to its functions: in a direct call, or as a
// value (registered, passed, stored).
type Uses struct {
	called, value map[*types.Func]bool
	// ifaceMethods are the method names of the package's interface
	// types: a method of that name may be called through one.
	ifaceMethods map[string]bool
	// registersMethods: the package uses a method of the handler
	// shape as a value (rt.list passed to a router's GET).
	registersMethods bool
	// ifaceValues are the interfaces whose method of a name the
	// package uses as a value (api.FindHandler = h.Find with h an
	// interface): each implementation's method is used so.
	ifaceValues map[string][]*types.Interface
}

// viaInterfaceValue reports whether fn is a method whose receiver
// implements an interface whose method of fn's name the package uses
// as a value.
func (u *Uses) viaInterfaceValue(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	for _, it := range u.ifaceValues[fn.Name()] {
		if types.Implements(recv.Type(), it) {
			return true
		}
	}
	return false
}

// Called reports whether the package calls fn directly.
func (u *Uses) Called(fn *types.Func) bool { return u.called[fn.Origin()] }

// Value reports whether the package uses fn other than in a direct
// call.
func (u *Uses) Value(fn *types.Func) bool { return u.value[fn.Origin()] }

// FindUses computes Uses for the package under analysis.
func FindUses(pass *analysis.Pass) *Uses {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	generated := make(map[*token.File]bool)
	for _, f := range pass.Files {
		if IsGenerated(pass.Fset, f) {
			generated[pass.Fset.File(f.Pos())] = true
		}
	}
	u := &Uses{called: make(map[*types.Func]bool), value: make(map[*types.Func]bool), ifaceMethods: make(map[string]bool)}
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				for m := range it.Methods() {
					u.ifaceMethods[m.Name()] = true
				}
			}
		}
	}
	skip := func(f *token.File) bool { return f == nil || generated[f] || strings.HasSuffix(f.Name(), "_test.go") }
	callFun := make(map[*ast.Ident]bool)
	for fc := range insp.Root().Children() {
		own := !skip(pass.Fset.File(fc.Node().Pos()))
		for c := range fc.Preorder((*ast.CallExpr)(nil)) {
			n := c.Node().(*ast.CallExpr)
			if id := calleeIdent(n); id != nil {
				callFun[id] = true
			}
			if own {
				u.passedAsHandlers(pass, n)
			}
		}
	}
	// Every use of a function of the package, from the type checker's
	// record rather than a lookup per identifier of the syntax.
	for n, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() != pass.Pkg || skip(pass.Fset.File(n.Pos())) {
			continue
		}
		if callFun[n] {
			u.called[fn.Origin()] = true
			continue
		}
		if it := interfaceOf(fn); it != nil && !slices.Contains(u.ifaceValues[fn.Name()], it) {
			if u.ifaceValues == nil {
				u.ifaceValues = make(map[string][]*types.Interface)
			}
			u.ifaceValues[fn.Name()] = append(u.ifaceValues[fn.Name()], it)
		}
		u.value[fn.Origin()] = true
		if sig := fn.Type().(*types.Signature); !u.registersMethods && sig.Recv() != nil {
			if _, _, _, shape := SignatureShape(sig); shape == ExactShape {
				u.registersMethods = true
			}
		}
	}
	return u
}

// passedAsHandlers marks as values the methods of a value of the
// package that call passes where an interface with handler-shaped
// methods is expected: the generated router an OpenAPI generator builds
// (oapi-codegen's HandlerFromMux(si ServerInterface, r), whose methods
// take the request and the path's parameters) calls them for requests,
// as a router calls the handlers it is given.
func (u *Uses) passedAsHandlers(pass *analysis.Pass, call *ast.CallExpr) {
	if len(call.Args) == 0 {
		return
	}
	tv, ok := pass.TypesInfo.Types[call.Fun]
	if !ok || tv.IsType() {
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok {
		return
	}
	for i, a := range call.Args {
		if i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
			return
		}
		it, ok := sig.Params().At(i).Type().Underlying().(*types.Interface)
		if !ok || it.NumMethods() == 0 {
			continue
		}
		at := pass.TypesInfo.TypeOf(a)
		named, ok := types.Unalias(derefType(types.Unalias(at))).(*types.Named)
		if !ok || named.Obj().Pkg() != pass.Pkg {
			continue
		}
		for m := range it.Methods() {
			if _, _, _, shape := SignatureShape(m.Type().(*types.Signature)); shape != ExactShape && shape != ExtendedShape {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(at, true, pass.Pkg, m.Name())
			if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg {
				u.value[fn.Origin()] = true
			}
		}
	}
}

// interfaceOf returns the interface fn is a method of, or nil.
func interfaceOf(fn *types.Func) *types.Interface {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	it, _ := recv.Type().Underlying().(*types.Interface)
	return it
}

// calleeIdent returns the identifier naming a call's function (f, x.f,
// f[T]), or nil.
func calleeIdent(call *ast.CallExpr) *ast.Ident {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(f.X)
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// RootElsewhere reports whether fn, a function of another package, is a
// request root in its own package, where its blocking calls are
// reported: an exported function with a framework's handler signature.
// Calls to it are not reported again; calls to a helper are.
func RootElsewhere(fn *types.Func) bool {
	return fn.Exported() && ShapeOf(fn.Type()) == ExactShape
}

// NamedCallee returns the function or method a call names (f(x),
// pkg.F(x), v.M(x), F[T](x)), or nil: typeutil.Callee without its
// conversion check, which asks the largest map of the type information
// on every call of the package.
func NamedCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(f.X)
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// testSupportDirs are the directory names that say a package is not
// the service: end-to-end and integration suites, their drivers and
// fixtures, and examples of its API (a plugin example's handlers).
var testSupportDirs = map[string]bool{
	"e2e": true, "integration": true, "integrationtest": true, "integrationtests": true,
	"test": true, "tests": true, "testutil": true, "testutils": true, "testhelper": true,
	"testhelpers": true, "testsupport": true, "testenv": true, "testfixtures": true,
	"example": true, "examples": true,
}

// TestSupport reports whether pass's package lies under a test-support
// directory of its module (integration/agentcompat/internal/scenario,
// e2e/server): a test suite's driver or fake servers, whose latency is
// no request's. The module path itself is not looked at. So is a
// package named, as Go names them, for the package it helps test
// (httptest beside http, storetest importing store): its fake servers
// serve the tests.
func TestSupport(pass *analysis.Pass) bool {
	if helpsTest(pass.Pkg) {
		return true
	}
	path := pass.Pkg.Path()
	if pass.Module != nil && pass.Module.Path != "" {
		rest, ok := strings.CutPrefix(path, pass.Module.Path)
		if !ok {
			return false
		}
		path = rest
	} else if i := strings.Index(path, "/"); i >= 0 && strings.Contains(path[:i], ".") {
		// Without the module: skip the host and the two elements of a
		// repository path.
		parts := strings.SplitN(path, "/", 4)
		if len(parts) < 4 {
			return false
		}
		path = parts[3]
	}
	for elem := range strings.SplitSeq(path, "/") {
		if testSupportDirs[elem] {
			return true
		}
	}
	return false
}

// helpsTest reports whether pkg is named <x>test, <x>testing or
// <x>testutil and imports a package whose last path element is x.
func helpsTest(pkg *types.Package) bool {
	for _, suffix := range []string{"test", "testing", "testutil"} {
		x, ok := strings.CutSuffix(path.Base(pkg.Path()), suffix)
		if !ok || x == "" {
			continue
		}
		for _, imp := range pkg.Imports() {
			if path.Base(imp.Path()) == x {
				return true
			}
		}
	}
	return false
}

// InTestFile reports whether n is in a _test.go file.
func InTestFile(pass *analysis.Pass, n ast.Node) bool {
	f := pass.Fset.File(n.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// grpcInterceptor reports the signature of a gRPC server interceptor
// (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor): a
// parameter of type *grpc.UnaryServerInfo or *grpc.StreamServerInfo and
// the handler to call, grpc.UnaryHandler or grpc.StreamHandler. The
// server runs it for every call before the method's handler.
func grpcInterceptor(sig *types.Signature) bool {
	info, handler := false, false
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		info = info || knowledge.IsPointerTo(t, grpcPath, "UnaryServerInfo") || knowledge.IsPointerTo(t, grpcPath, "StreamServerInfo")
		handler = handler || knowledge.IsNamed(t, grpcPath, "UnaryHandler") || knowledge.IsNamed(t, grpcPath, "StreamHandler")
	}
	return info && handler
}

// grpcContext returns the unary ctx parameter, or the stream parameter
// whose Context method gives the request context.
func grpcContext(sig *types.Signature) (*types.Var, string) {
	params := sig.Params()
	if params.Len() > 0 && knowledge.IsNamed(params.At(0).Type(), "context", "Context") {
		return params.At(0), "%s"
	}
	for i := params.Len() - 1; i >= 0; i-- {
		p := params.At(i)
		obj, _, _ := types.LookupFieldOrMethod(p.Type(), true, nil, "Context")
		if m, ok := obj.(*types.Func); ok {
			msig := m.Type().(*types.Signature)
			if msig.Params().Len() == 0 && msig.Results().Len() == 1 && knowledge.IsNamed(msig.Results().At(0).Type(), "context", "Context") {
				return p, "%s.Context()"
			}
		}
	}
	return nil, ""
}

// grpcServerMethods finds the methods that implement a gRPC service:
// the methods of a type that embeds a generated Unimplemented…Server
// and override one of its methods, and the methods of a type passed to
// a generated Register…Server(grpc.ServiceRegistrar, XServer) call that
// belong to the XServer interface.
func grpcServerMethods(pass *analysis.Pass, insp *inspector.Inspector) map[*types.Func]bool {
	if !importsGRPC(pass.Pkg) {
		return nil
	}
	methods := make(map[*types.Func]bool)
	addFrom := func(t types.Type, want func(name string) bool) { addOwnMethods(methods, pass.Pkg, t, want) }
	// Embedding.
	for _, name := range pass.Pkg.Scope().Names() {
		tn, ok := pass.Pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if !f.Embedded() {
				continue
			}
			emb, ok := types.Unalias(derefType(f.Type())).(*types.Named)
			if !ok || !isUnimplementedServer(emb) {
				continue
			}
			own := methodNames(emb)
			addFrom(tn.Type(), func(n string) bool { return own[n] && !strings.HasPrefix(n, "mustEmbed") })
		}
	}
	// Registration.
	for c := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		if len(call.Args) != 2 {
			continue
		}
		fn := NamedCallee(pass.TypesInfo, call)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 2 || !isRegistrar(sig.Params().At(0).Type()) {
			continue
		}
		iface, ok := sig.Params().At(1).Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		names := make(map[string]bool)
		for i := 0; i < iface.NumMethods(); i++ {
			names[iface.Method(i).Name()] = true
		}
		if t := pass.TypesInfo.TypeOf(call.Args[1]); t != nil {
			addFrom(t, func(n string) bool { return names[n] && !strings.HasPrefix(n, "mustEmbed") })
		}
	}
	return methods
}

const twirpPath = "github.com/twitchtv/twirp"

// twirpServerMethods finds the methods of Twirp services: the methods of
// a value passed to a generated New…Server(svc, opts...) constructor (a
// function of a package that imports twirp, whose first parameter is the
// service's interface, every method of which takes a context first) that
// belong to that interface. The server it returns calls them on the
// request's goroutine with the request's context.
func twirpServerMethods(pass *analysis.Pass, insp *inspector.Inspector) map[*types.Func]bool {
	if !importsTwirp(pass.Pkg) {
		return nil
	}
	var methods map[*types.Func]bool
	for c := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		if len(call.Args) == 0 {
			continue
		}
		fn := NamedCallee(pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil || !strings.HasPrefix(fn.Name(), "New") || !strings.HasSuffix(fn.Name(), "Server") || !imports(fn.Pkg(), twirpPath) {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 0 {
			continue
		}
		iface, ok := sig.Params().At(0).Type().Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 {
			continue
		}
		names := make(map[string]bool)
		for i := 0; i < iface.NumMethods(); i++ {
			m := iface.Method(i).Type().(*types.Signature)
			if m.Params().Len() == 0 || !knowledge.IsNamed(m.Params().At(0).Type(), "context", "Context") {
				names = nil
				break
			}
			names[iface.Method(i).Name()] = true
		}
		t := pass.TypesInfo.TypeOf(call.Args[0])
		if names == nil || t == nil {
			continue
		}
		if methods == nil {
			methods = make(map[*types.Func]bool)
		}
		addOwnMethods(methods, pass.Pkg, t, func(n string) bool { return names[n] })
	}
	return methods
}

// addOwnMethods adds to methods those of t's (pointer) method set that
// pkg declares on t itself (not promoted) and want accepts by name.
func addOwnMethods(methods map[*types.Func]bool, pkg *types.Package, t types.Type, want func(name string) bool) {
	ms := types.NewMethodSet(types.NewPointer(derefType(types.Unalias(t))))
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || fn.Pkg() != pkg || len(ms.At(i).Index()) != 1 || !want(fn.Name()) {
			continue
		}
		methods[fn.Origin()] = true
	}
}

// importsTwirp reports whether pkg imports a package that imports twirp
// (the generated service package).
func importsTwirp(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imports(imp, twirpPath) {
			return true
		}
	}
	return false
}

const gqlgenPath = "github.com/99designs/gqlgen/graphql"

// gqlgenResolverMethods finds gqlgen resolvers: the methods of this
// package's types that implement a method of a resolver interface, an
// interface of a gqlgen-generated package (one that imports gqlgen's
// graphql package, this one or one it imports directly) whose methods
// all take a context first. The generated executor calls them on the
// request goroutine for each query and mutation.
func gqlgenResolverMethods(pass *analysis.Pass) map[*types.Func]bool {
	var ifaces []*types.Interface
	for _, pkg := range append([]*types.Package{pass.Pkg}, pass.Pkg.Imports()...) {
		if !imports(pkg, gqlgenPath) || pkg.Path() == gqlgenPath {
			continue
		}
		for _, name := range pkg.Scope().Names() {
			tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			iface, ok := tn.Type().Underlying().(*types.Interface)
			if !ok || iface.NumMethods() == 0 {
				continue
			}
			resolver := true
			for i := 0; i < iface.NumMethods(); i++ {
				sig := iface.Method(i).Type().(*types.Signature)
				if sig.Params().Len() == 0 || !knowledge.IsContext(sig.Params().At(0).Type()) {
					resolver = false
				}
			}
			if resolver {
				ifaces = append(ifaces, iface)
			}
		}
	}
	if len(ifaces) == 0 {
		return nil
	}
	methods := make(map[*types.Func]bool)
	for _, name := range pass.Pkg.Scope().Names() {
		tn, ok := pass.Pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		ptr := types.NewPointer(tn.Type())
		for _, iface := range ifaces {
			if !types.Implements(ptr, iface) && !types.Implements(tn.Type(), iface) {
				continue
			}
			ms := types.NewMethodSet(ptr)
			for i := 0; i < iface.NumMethods(); i++ {
				if sel := ms.Lookup(pass.Pkg, iface.Method(i).Name()); sel != nil && len(sel.Index()) == 1 {
					if fn, ok := sel.Obj().(*types.Func); ok && fn.Pkg() == pass.Pkg {
						methods[fn.Origin()] = true
					}
				}
			}
		}
	}
	return methods
}

func isUnimplementedServer(n *types.Named) bool {
	obj := n.Obj()
	if obj.Pkg() == nil || !imports(obj.Pkg(), grpcPath) {
		return false
	}
	// Generated code names the type Unimplemented<Service>Server; the
	// name is the generator's contract, checked together with the
	// package importing grpc and the type's mustEmbed method.
	if !strings.HasPrefix(obj.Name(), "Unimplemented") || !strings.HasSuffix(obj.Name(), "Server") {
		return false
	}
	for i := 0; i < n.NumMethods(); i++ {
		if strings.HasPrefix(n.Method(i).Name(), "mustEmbedUnimplemented") {
			return true
		}
	}
	return false
}

// importsGRPC reports whether pkg imports grpc itself or through a
// generated package it imports directly.
func importsGRPC(pkg *types.Package) bool {
	if imports(pkg, grpcPath) {
		return true
	}
	for _, imp := range pkg.Imports() {
		if imports(imp, grpcPath) {
			return true
		}
	}
	return false
}

func isRegistrar(t types.Type) bool {
	return knowledge.IsNamed(t, grpcPath, "ServiceRegistrar") || knowledge.IsPointerTo(t, grpcPath, "Server")
}

func methodNames(n *types.Named) map[string]bool {
	m := make(map[string]bool)
	for i := 0; i < n.NumMethods(); i++ {
		m[n.Method(i).Name()] = true
	}
	return m
}

func imports(pkg *types.Package, path string) bool {
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

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// beegoControllers are the Controller types of beego v1 and v2.
var beegoControllers = [][2]string{
	{"github.com/beego/beego/v2/server/web", "Controller"},
	{"github.com/astaxie/beego", "Controller"},
}

// isBeegoContext reports a pointer to beego's request context (v2's
// server/web/context, v1's context), which filters and function routes
// take.
func isBeegoContext(t types.Type) bool {
	return knowledge.IsPointerTo(t, "github.com/beego/beego/v2/server/web/context", "Context") ||
		knowledge.IsPointerTo(t, "github.com/astaxie/beego/context", "Context")
}

// beegoAction reports an action of a beego controller: an exported
// method without parameters or results of a struct type that embeds
// beego's Controller (directly or through another embedded controller).
// beego routes a request to such a method by name ("post:Login", or Get
// and Post by default) and gives it the request in the receiver's Ctx.
func beegoAction(fn *types.Func, sig *types.Signature) bool {
	if !fn.Exported() || sig.Params().Len() != 0 || sig.Results().Len() != 0 {
		return false
	}
	return embedsBeegoController(sig.Recv().Type(), 0)
}

func embedsBeegoController(t types.Type, depth int) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 3 {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		for _, c := range beegoControllers {
			if knowledge.IsNamed(f.Type(), c[0], c[1]) || knowledge.IsPointerTo(f.Type(), c[0], c[1]) {
				return true
			}
		}
		if embedsBeegoController(f.Type(), depth+1) {
			return true
		}
	}
	return false
}

func isMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}
