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
	Response() *Response
}

// Response wraps the http.ResponseWriter.
type Response struct {
	Writer http.ResponseWriter
	Status int
}

func (r *Response) Header() http.Header               { return r.Writer.Header() }
func (r *Response) WriteHeader(code int)              { r.Writer.WriteHeader(code) }
func (r *Response) Write(b []byte) (n int, err error) { return r.Writer.Write(b) }

type HandlerFunc func(c Context) error

type Echo struct{}

func New() *Echo                                { return &Echo{} }
func (e *Echo) GET(path string, h HandlerFunc)  {}
func (e *Echo) POST(path string, h HandlerFunc) {}
