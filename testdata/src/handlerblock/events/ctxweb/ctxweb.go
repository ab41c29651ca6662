// Package ctxweb is a project's own web layer: its handlers take a
// context of its own that embeds the request's context.Context and
// wraps the request in a struct of its own beside the response.
package ctxweb

import (
	"context"
	"net/http"
)

// Request wraps the *http.Request in an unexported field.
type Request struct {
	instance *http.Request
	Method   string
}

// Response holds the writer.
type Response struct {
	Writer     http.ResponseWriter
	StatusCode int
}

// Context is what a handler receives: it is the request's context.
type Context struct {
	context.Context
	Request  Request
	Response Response
}

// HandlerFunc is the framework's handler type.
type HandlerFunc func(*Context) error

// Router registers handlers.
type Router struct{}

func (r *Router) Get(path string, h HandlerFunc) {}

// Job embeds a context and wraps the request that queued it, but writes
// no response: it is no request event.
type Job struct {
	context.Context
	Request Request
}
