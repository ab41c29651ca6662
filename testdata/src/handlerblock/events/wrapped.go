package events

import (
	"os"

	"handlerblock/events/ctxweb"
	"handlerblock/events/ops"
)

// A project's context that embeds the request's context and wraps the
// request: its handlers, returned as literals and registered, are
// handlers, and the context itself is the request's.
func Index(dir string) ctxweb.HandlerFunc {
	return func(c *ctxweb.Context) error {
		_, err := os.ReadFile(dir + "/index.html") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c, ...\)`
		return err
	}
}

func ctxRoutes(r *ctxweb.Router) {
	r.Get("/", Index("views"))
}

// A job that carries the request that queued it writes no response.
func runQueued(j *ctxweb.Job) error {
	return os.Remove("queued")
}

func queue(q func(func(*ctxweb.Job) error)) { q(runQueued) }

// Operation handlers of an OpenAPI generator: methods implementing the
// package's interface, registered through it.
type CRUD interface {
	Find(ops.FindParams) ops.Responder
	Delete(ops.FindParams, *ops.Principal) ops.Responder
}

type crud struct{ dir string }

func (c *crud) Find(params ops.FindParams) ops.Responder {
	os.ReadFile(c.dir + "/" + params.Name) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(params.HTTPRequest.Context\(\), ...\)`
	return nil
}

func (c *crud) Delete(params ops.FindParams, p *ops.Principal) ops.Responder {
	os.Remove(c.dir + "/" + params.Name) // want `os.Remove blocks an OS thread`
	return nil
}

// Not in the interface, and never registered: not a handler.
func (c *crud) Archive(params ops.FindParams) ops.Responder {
	os.Remove(c.dir + "/archive")
	return nil
}

// Taking the parameters but returning no responder: not a handler.
func (c *crud) validate(params ops.FindParams) error {
	_, err := os.Stat(c.dir + "/" + params.Name)
	return err
}

func setup(api *ops.API) {
	var c CRUD = &crud{dir: "data"}
	api.FindHandler = ops.FindHandlerFunc(c.Find)
	api.DeleteHandler = c.Delete
	_ = (&crud{}).validate
}
