// Package web is a project's own request context: a struct embedding
// echo's Context, with handlers of its own type registered on a router
// that adapts them to echo.
package web

import (
	"github.com/labstack/echo/v4"
)

// Context embeds the framework's context.
type Context struct {
	echo.Context
	User string
}

// Handler is the project's handler type.
type Handler func(ctx *Context) error

func (h Handler) toEcho() echo.HandlerFunc {
	return func(c echo.Context) error { return h(&Context{Context: c}) }
}

// Router registers Handlers.
type Router struct{ e *echo.Echo }

func (r *Router) GET(path string, h Handler) { r.e.GET(path, h.toEcho()) }
