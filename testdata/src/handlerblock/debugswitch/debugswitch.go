// Package debugswitch checks that code that runs only under a debug
// switch (a package bool that starts false and that nothing sets) is
// not on the request path, and that a setting a program or the
// environment can turn on still is; and the same of a mode, a field that
// a constructor sets on one branch (package repo), and of fields that
// are state or always on.
package debugswitch

import (
	"net/http"

	"handlerblock/debugswitch/internal/eval"
	"handlerblock/debugswitch/render"
	"handlerblock/debugswitch/repo"
)

var store *repo.Repo

func commit(w http.ResponseWriter, r *http.Request) {
	store.Push(r.Context()) // no finding: the working copy is a mode
	store.Sync()            // want `\(\*repo.Repo\).Sync → os.ReadFile`
	store.Flush()           // want `\(\*repo.Repo\).Flush → os.WriteFile`
	store.Guard()           // want `\(\*repo.Repo\).Guard → os.ReadFile`
	store.Tidy()            // want `\(\*repo.Repo\).Tidy → os.RemoveAll`
	store.Bare()            // want `\(\*repo.Repo\).Bare → os.ReadFile`
}

func page(w http.ResponseWriter, r *http.Request) {
	render.Render(r.URL.Path)    // no finding
	render.RenderAll(r.URL.Path) // no finding
	eval.Eval(r.URL.Path)        // no finding
	render.Traced(r.URL.Path)    // want `render.Traced → os.WriteFile`
	render.Verbose(r.URL.Path)   // want `render.Verbose → os.WriteFile`
}
