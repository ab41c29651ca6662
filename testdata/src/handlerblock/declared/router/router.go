// Package router is an in-house framework that threadvet does not know:
// users declare its handler types and registration methods by flag.
package router

import (
	"context"
	"net/http"
)

type Context struct{ req *http.Request }

func (c *Context) Context() context.Context { return c.req.Context() }

type HandlerFunc func(c *Context) error

type Router struct{}

// Route registers any function; Other does not.
func (r *Router) Route(path string, h any)       {}
func (r *Router) Other(path string, h any)       {}
func (r *Router) Get(path string, h HandlerFunc) {}
