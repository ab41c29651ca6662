// Package ops is what an OpenAPI generator writes for one operation: a
// parameters struct that carries the request, and a handler type that
// returns a responder, which writes the response.
package ops

import "net/http"

// Producer encodes a payload.
type Producer interface{}

// Responder writes the response.
type Responder interface {
	WriteResponse(http.ResponseWriter, Producer)
}

// FindParams are the operation's parameters, bound from the request.
type FindParams struct {
	HTTPRequest *http.Request `json:"-"`
	Name        string
}

// BindRequest fills the parameters from the request, as the generated
// server does before it calls the handler.
func (o *FindParams) BindRequest(r *http.Request) error {
	o.HTTPRequest = r
	o.Name = r.URL.Query().Get("name")
	return nil
}

// FindHandlerFunc turns a function into the operation's handler.
type FindHandlerFunc func(FindParams) Responder

// Principal is the authenticated caller.
type Principal struct{ Name string }

// DeleteHandlerFunc takes the principal too.
type DeleteHandlerFunc func(FindParams, *Principal) Responder

// API holds the operations' handlers.
type API struct {
	FindHandler   FindHandlerFunc
	DeleteHandler DeleteHandlerFunc
}
