// Package core is a framework whose handlers take a request event: a
// struct that embeds one carrying the request and the response writer.
package core

import "net/http"

// Event carries the request.
type Event struct {
	Response http.ResponseWriter
	Request  *http.Request
}

// RequestEvent is what a route's action receives.
type RequestEvent struct {
	Event
	App *App
}

// RecordRequestEvent embeds RequestEvent (a hook during a request).
type RecordRequestEvent struct {
	*RequestEvent
	Record map[string]any
}

// ServeHTTP builds the event for each request and runs its route's
// action.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	e := &RequestEvent{}
	e.Response = w
	e.Request = req
	_ = e
}

// ServeEvent starts the server: it carries no request.
type ServeEvent struct {
	Router *Router
}

// App is the application.
type App struct{}

// Router registers actions.
type Router struct{}

func (r *Router) GET(path string, action func(e *RequestEvent) error)  {}
func (r *Router) POST(path string, action func(e *RequestEvent) error) {}

// Hook binds handlers of events.
type Hook[T any] struct{}

func (h *Hook[T]) BindFunc(fn func(e T) error) {}

func (a *App) OnServe() *Hook[*ServeEvent]                       { return nil }
func (a *App) OnRecordCreateRequest() *Hook[*RecordRequestEvent] { return nil }
