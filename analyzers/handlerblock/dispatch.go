package handlerblock

import (
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// dispatches reports a call of a method of an interface with a
// handler's own signature,
// (w http.ResponseWriter, r *http.Request) returning nothing or an
// error (a dispatcher's h.Handle(w, r) over the handlers it wraps):
// each implementation is a handler, analyzed where it is registered or
// adapted, so its chains are not the dispatcher's to report again. A
// method taking more (a storage backend's ServeFile(key, w, r)) is a
// step of this handler, not another handler. Interfaces of the standard
// library (next.ServeHTTP(w, r)) are not resolved to implementations in
// the first place.
func dispatches(callee *types.Func) bool {
	sig, ok := callee.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return false
	}
	params, results := sig.Params(), sig.Results()
	if params.Len() != 2 || results.Len() > 1 || results.Len() == 1 && !knowledge.IsError(results.At(0).Type()) {
		return false
	}
	return knowledge.IsNamed(params.At(0).Type(), "net/http", "ResponseWriter") &&
		knowledge.IsPointerTo(params.At(1).Type(), "net/http", "Request")
}
