package plumb

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Where a call site's context comes from.
type ctxSource int

const (
	srcNone    ctxSource = iota
	srcVar               // a context.Context variable in scope
	srcRequest           // a handler-style parameter: r.Context(), c.Request.Context()
)

// A siteContext is what the code around a call offers as its context.
type siteContext struct {
	src  ctxSource
	expr string // for srcVar and srcRequest
	// detached is set when the call runs apart from the request: in a
	// go statement, deferred, once per process, later (AfterFunc), or
	// at test cleanup, while the context found lives outside that
	// region. Such a call keeps the context's values but not its
	// cancellation (context.WithoutCancel), as a deferred cleanup or a
	// detached goroutine must run whatever the client does.
	detached bool
	why      string // why the call is detached
	// testVar is a *testing.T (B, F, TB) in scope, for t.Context().
	testVar string
	// cleanup is set inside a function given to t.Cleanup, where
	// t.Context() is already cancelled.
	cleanup bool
	// gin is the *gin.Context parameter the request context comes
	// from: its Request is a field, nil in a handler test built with
	// gin.CreateTestContext.
	gin *types.Var
}

// contextAt returns the context the code offers at pos, in the
// declaration decl of file f (nil at package level).
func (pl *planner) contextAt(f *srcFile, pos token.Pos, decl *ast.FuncDecl, _ any) siteContext {
	info := f.pkg.TypesInfo
	path, _ := astutil.PathEnclosingInterval(f.syntax, pos, pos)
	var sc siteContext
	// The innermost region that runs apart from the code around it.
	var boundary ast.Node
	for i, n := range path {
		if boundary != nil {
			break
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			boundary, sc.why = n, "runs on a goroutine of its own"
		case *ast.DeferStmt:
			boundary, sc.why = n, "is deferred"
		case *ast.FuncLit:
			if i+1 >= len(path) {
				continue
			}
			call, ok := path[i+1].(*ast.CallExpr)
			if !ok || ast.Unparen(call.Fun) == n {
				continue
			}
			callee, _ := typeutil.Callee(info, call).(*types.Func)
			if callee == nil {
				continue
			}
			switch name := callee.Origin().FullName(); {
			case runsOnce(info, call):
				boundary, sc.why = n, "runs once per process"
			case name == "time.AfterFunc" || name == "context.AfterFunc":
				boundary, sc.why = n, "runs later, on a goroutine of its own"
			case callee.Name() == "Cleanup" && callee.Pkg() != nil && callee.Pkg().Path() == "testing":
				boundary, sc.why, sc.cleanup = n, "runs at test cleanup", true
			}
		}
	}
	outside := func(p token.Pos) bool {
		return boundary != nil && (p < boundary.Pos() || p >= boundary.End())
	}

	// Results of the enclosing functions are not contexts to pass: a
	// named result is the zero value until the function sets it.
	results := make(map[types.Object]bool)
	var sigs []*types.Signature
	for _, n := range path {
		var ft *ast.FuncType
		var sig *types.Signature
		switch n := n.(type) {
		case *ast.FuncLit:
			ft = n.Type
			sig, _ = info.TypeOf(n).(*types.Signature)
		case *ast.FuncDecl:
			ft = n.Type
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				sig = fn.Type().(*types.Signature)
			}
		}
		if sig == nil {
			continue
		}
		sigs = append(sigs, sig)
		if ft.Results != nil {
			for _, field := range ft.Results.List {
				for _, name := range field.Names {
					results[info.Defs[name]] = true
				}
			}
		}
	}

	// A context.Context variable in scope: the innermost scope first,
	// and in one scope the latest declared.
	inner := f.pkg.Types.Scope().Innermost(pos)
	fileScope := info.Scopes[f.syntax]
	for s := inner; s != nil && s != fileScope && s != f.pkg.Types.Scope() && s != types.Universe; s = s.Parent() {
		var best *types.Var
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || v.Name() == "_" || results[v] || !knowledge.IsContext(v.Type()) || v.Pos() >= pos {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue
			}
			if best == nil || v.Pos() > best.Pos() {
				best = v
			}
		}
		if best != nil {
			sc.src, sc.expr, sc.detached = srcVar, best.Name(), outside(best.Pos())
			return sc
		}
	}

	// A parameter carrying the request (r *http.Request, c *gin.Context,
	// a project's own request type), or a test's *testing.T.
	for _, sig := range sigs {
		params := sig.Params()
		for i := 0; i < params.Len(); i++ {
			p := params.At(i)
			if p.Name() == "" || p.Name() == "_" {
				continue
			}
			if _, obj := inner.LookupParent(p.Name(), pos); obj != p {
				continue
			}
			if isTesting(p.Type()) {
				if sc.testVar == "" && hasContextMethod(p.Type()) {
					sc.testVar = p.Name()
				}
				continue
			}
		}
		if p, form := handlers.ContextOf(sig); p != nil && !knowledge.IsContext(p.Type()) && !isTesting(p.Type()) &&
			p.Name() != "" && p.Name() != "_" {
			if _, obj := inner.LookupParent(p.Name(), pos); obj == p {
				sc.src, sc.expr, sc.detached = srcRequest, strings.ReplaceAll(form, "%s", p.Name()), outside(p.Pos())
				if knowledge.IsPointerTo(p.Type(), ginPath, "Context") {
					sc.gin = p
				}
				return sc
			}
		}
	}
	// No context: the call is detached only if the parameter plumb
	// adds to decl would be captured from outside the region, which
	// it always is.
	sc.detached = boundary != nil
	return sc
}

const ginPath = "github.com/gin-gonic/gin"

// isTesting reports whether t is a type of package testing (*testing.T,
// *testing.B, *testing.F, testing.TB).
func isTesting(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "testing"
}

func hasContextMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := m.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && knowledge.IsContext(sig.Results().At(0).Type())
}

// atLeast reports whether the file's language version is at least v
// (e.g. "go1.21"); an unknown version counts as new enough.
func (f *srcFile) atLeast(v string) bool {
	return f.goVersion == "" || version.Compare(f.goVersion, v) >= 0
}
