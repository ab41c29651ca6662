// Package echo is a minimal stub of github.com/labstack/echo/v5 for analysistest.
package echo

import "net/http"

// Context is a struct in echo v5 (an interface in v4).
type Context struct{ req *http.Request }

func (c *Context) Request() *http.Request          { return c.req }
func (c *Context) String(code int, s string) error { return nil }
