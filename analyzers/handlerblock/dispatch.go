package handlerblock

import (
	"go/ast"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// dispatches reports a call that hands the request, with the response
// writer, to a method of an interface of the module (a dispatcher's
// h.Handle(w, r) over the handlers it wraps): each implementation is a
// handler, analyzed where it is registered or adapted, so its chains
// are not the dispatcher's to report again. Interfaces of the standard
// library (next.ServeHTTP(w, r)) are not resolved to implementations in
// the first place.
func dispatches(info *types.Info, call *ast.CallExpr, callee *types.Func) bool {
	sig, ok := callee.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return false
	}
	writer, request := false, false
	for _, a := range call.Args {
		switch t := info.TypeOf(a); {
		case t == nil:
		case knowledge.IsNamed(t, "net/http", "ResponseWriter"):
			writer = true
		case knowledge.IsPointerTo(t, "net/http", "Request"):
			request = true
		}
	}
	return writer && request
}
