// Package debugswitch checks that code that runs only under a debug
// switch (a package bool that starts false and that nothing sets) is
// not on the request path, and that a setting a program or the
// environment can turn on still is.
package debugswitch

import (
	"net/http"

	"handlerblock/debugswitch/internal/eval"
	"handlerblock/debugswitch/render"
)

func page(w http.ResponseWriter, r *http.Request) {
	render.Render(r.URL.Path)    // no finding
	render.RenderAll(r.URL.Path) // no finding
	eval.Eval(r.URL.Path)        // no finding
	render.Traced(r.URL.Path)    // want `render.Traced → os.WriteFile`
	render.Verbose(r.URL.Path)   // want `render.Verbose → os.WriteFile`
}
