// Package echo is a minimal stub of github.com/labstack/echo/v4 for analysistest.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	Param(name string) string
	JSON(code int, i any) error
	String(code int, s string) error
	File(file string) error
	Attachment(file, name string) error
	Inline(file, name string) error
}

type HandlerFunc func(c Context) error

type Echo struct{}

func New() *Echo                                { return &Echo{} }
func (e *Echo) GET(path string, h HandlerFunc)  {}
func (e *Echo) POST(path string, h HandlerFunc) {}
