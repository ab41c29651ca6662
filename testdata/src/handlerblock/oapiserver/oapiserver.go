// Package oapiserver checks the servers an OpenAPI generator builds
// (oapi-codegen's chi and net/http servers): the service implements the
// generated ServerInterface, whose methods take the request and the
// path's parameters, and passes its implementation to the generated
// router. Those methods are request roots.
package oapiserver

import (
	"net/http"
	"os"

	"handlerblock/oapiserver/apigen"
)

type Controller struct{ dir string }

func (c *Controller) GetBranch(w http.ResponseWriter, r *http.Request, repository, branch string) {
	os.ReadFile(c.dir + "/" + repository + "/" + branch) // want `os.ReadFile blocks an OS thread and ignores the request context`
}

func (c *Controller) ListRepositories(w http.ResponseWriter, r *http.Request) {
	os.ReadDir(c.dir) // want `os.ReadDir blocks an OS thread and ignores the request context`
}

// render takes the request and more, and is no method of the
// interface: a helper, reported where a root calls it (none does).
func (c *Controller) render(w http.ResponseWriter, r *http.Request, name string) {
	os.ReadFile(name)
}

func Serve(dir string) http.Handler {
	return apigen.HandlerFromMux(&Controller{dir: dir}, http.NewServeMux())
}

// Other is passed as no handler interface: its method stays a helper
// no root calls.
type Other struct{}

func (Other) Get(w http.ResponseWriter, r *http.Request, id string) { os.ReadFile(id) }

type getter interface{ Name() string }

func (Other) Name() string { return "other" }

func describe(g getter) string { return g.Name() }

var _ = describe(Other{})
