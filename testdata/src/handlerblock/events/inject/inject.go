// Package inject is a framework that injects its handlers' arguments
// (as macaron does): a handler takes the framework's Context first, any
// other values the framework holds after it, and may return what the
// response is. The Context holds the request in a field of its own, a
// struct embedding *http.Request, beside the response writer.
package inject

import "net/http"

// Request wraps the request.
type Request struct {
	*http.Request
}

// ResponseWriter is the framework's writer.
type ResponseWriter interface {
	http.ResponseWriter
	Status() int
}

// Context is what every handler takes first.
type Context struct {
	Req    Request
	Resp   ResponseWriter
	params map[string]string
}

// Params returns a path parameter.
func (c *Context) Params(name string) string { return c.params[name] }

// Handler is any function; the framework calls it with what it asks for.
type Handler interface{}

// App routes requests to handlers.
type App struct{}

func (a *App) Get(pattern string, h ...Handler)  {}
func (a *App) Post(pattern string, h ...Handler) {}
