package joinable

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Handlers pass their *http.Request to helpers (s.currentUser(r),
// s.loadSettings(r)). Two such calls may run concurrently when neither
// changes the request: the helper only reads its context, headers, URL
// and the like. Reading the body or the form does change it (the body
// is consumed, ParseForm fills r.Form), and so does assigning to it.

// requestParamReadOnly reports whether fn, a function declared in this
// package, only reads its parameter i, a *http.Request, directly or
// through the local functions it passes it to (up to depth calls
// down).
func (ch *checker) requestParamReadOnly(fn *types.Func, i, depth int) bool {
	if fn == nil || depth > 3 {
		return false
	}
	key := paramKey{fn.Origin(), i}
	if v, ok := ch.readsOnly[key]; ok {
		return v
	}
	if ch.readsOnly == nil {
		ch.readsOnly = make(map[paramKey]bool)
	}
	ch.readsOnly[key] = false // recursion reads as "may change"
	v := ch.requestParamReadOnlyUncached(fn, i, depth)
	if depth == 0 || v {
		// A false found below the top may be the depth bound's; only
		// a verdict reached from the top is final.
		ch.readsOnly[key] = v
	} else {
		delete(ch.readsOnly, key)
	}
	return v
}

func (ch *checker) requestParamReadOnlyUncached(fn *types.Func, i, depth int) bool {
	decl := ch.declOf(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
		return false
	}
	param := sig.Params().At(i)
	if !isRequestPtr(param.Type()) {
		return false
	}
	return ch.onlyReadsRequest(decl.Body, param, depth)
}

func (ch *checker) declOf(fn *types.Func) *ast.FuncDecl {
	if fn.Pkg() != ch.pass.Pkg {
		return nil
	}
	if ch.decls == nil {
		ch.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, f := range ch.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := ch.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						ch.decls[obj] = fd
					}
				}
			}
		}
	}
	return ch.decls[fn.Origin()]
}

func isRequestPtr(t types.Type) bool {
	return knowledge.IsPointerTo(t, "net/http", "Request")
}

// requestReaders are the methods of *http.Request that read it without
// changing it. Absent on purpose: FormValue, PostFormValue, FormFile,
// ParseForm, ParseMultipartForm, MultipartReader (they consume the body
// and fill the form), Write and WriteProxy (they consume the body).
var requestReaders = map[string]bool{
	"Context": true, "Cookie": true, "Cookies": true, "CookiesNamed": true, "UserAgent": true, "Referer": true,
	"BasicAuth": true, "ProtoAtLeast": true, "PathValue": true, "WithContext": true, "Clone": true,
}

// requestFields are the fields of http.Request a helper may read; the
// body and the parsed forms are not among them.
var requestFields = map[string]bool{
	"Method": true, "URL": true, "Proto": true, "ProtoMajor": true, "ProtoMinor": true, "Header": true,
	"ContentLength": true, "Host": true, "RemoteAddr": true, "RequestURI": true, "TLS": true, "Pattern": true,
}

// requestFuncs are functions of routers that only read the request (its
// context's route parameters).
var requestFuncs = map[string]bool{
	"github.com/go-chi/chi/v5.URLParam": true,
	"github.com/go-chi/chi.URLParam":    true,
	"github.com/gorilla/mux.Vars":       true,
}

// onlyReadsRequest reports whether every use of param in body reads it.
func (ch *checker) onlyReadsRequest(body *ast.BlockStmt, param *types.Var, depth int) bool {
	info := ch.pass.TypesInfo
	ok := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != param {
			return true
		}
		ok = ch.readsRequest(stack, depth)
		return true
	})
	return ok
}

// readsRequest judges one use of the request, the last node of stack.
func (ch *checker) readsRequest(stack []ast.Node, depth int) bool {
	info := ch.pass.TypesInfo
	i := len(stack) - 1
	parent := func() ast.Node {
		if i > 0 {
			return stack[i-1]
		}
		return nil
	}
	// r.Method(...) or r.Field...
	if sel, ok := parent().(*ast.SelectorExpr); ok && sel.X == stack[i] {
		name := sel.Sel.Name
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			if i < 2 {
				return false
			}
			call, ok := stack[i-2].(*ast.CallExpr)
			return ok && call.Fun == sel && requestReaders[name]
		}
		if !requestFields[name] {
			return false
		}
		// Follow field reads (r.URL.Path) to the expression that uses
		// them.
		i--
		for i > 0 {
			sel, ok := parent().(*ast.SelectorExpr)
			if !ok || sel.X != stack[i] {
				break
			}
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				if i < 2 {
					return false
				}
				call, ok := stack[i-2].(*ast.CallExpr)
				return ok && call.Fun == sel && readerMethod(sel.Sel.Name)
			}
			i--
		}
		e, ok := stack[i].(ast.Expr)
		return ok && ch.readOnlyUse(e, parent())
	}
	// f(r): a local helper that only reads it, or a router's accessor.
	if call, ok := parent().(*ast.CallExpr); ok {
		for j, a := range call.Args {
			if a != stack[i] {
				continue
			}
			fn := facts.Callee(info, call)
			if fn == nil {
				return false
			}
			if requestFuncs[fn.FullName()] {
				return true
			}
			return ch.requestParamReadOnly(fn, j, depth+1)
		}
	}
	return false
}

// readOnlyUse reports whether the value of e (a field of the request)
// is only read where it appears: a value of a basic type anywhere but an
// assignment's left side or an address, or any value compared or passed
// to a read-only function.
func (ch *checker) readOnlyUse(e ast.Expr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == e {
				return false
			}
		}
	case *ast.IncDecStmt:
		return false
	case *ast.UnaryExpr:
		if p.X == e && p.Op == token.AND {
			return false
		}
	case *ast.CallExpr:
		if fn := facts.Callee(ch.pass.TypesInfo, p); fn != nil && readOnlyArgs(fn) {
			return true
		}
	}
	t := ch.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	_, basic := t.Underlying().(*types.Basic)
	return basic
}
