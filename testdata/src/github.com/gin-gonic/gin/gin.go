// Package gin is a minimal stub of github.com/gin-gonic/gin for analysistest.
package gin

import (
	"net/http"
	"time"
)

type H map[string]any

type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
}

// Context implements context.Context; without the engine's
// ContextWithFallback its Done channel is nil.
func (c *Context) Deadline() (deadline time.Time, ok bool) { return }
func (c *Context) Done() <-chan struct{}                   { return nil }
func (c *Context) Err() error                              { return nil }
func (c *Context) Value(key any) any                       { return nil }

func (c *Context) File(filepath string)                           {}
func (c *Context) FileFromFS(filepath string, fs http.FileSystem) {}
func (c *Context) FileAttachment(filepath, filename string)       {}
func (c *Context) JSON(code int, obj any)                         {}
func (c *Context) String(code int, format string, values ...any)  {}
func (c *Context) Param(key string) string                        { return "" }
func (c *Context) Copy() *Context                                 { return c }
func (c *Context) Query(key string) string                        { return "" }
func (c *Context) AbortWithError(code int, err error) *Error      { return nil }
func (c *Context) SaveUploadedFile(file any, dst string) error    { return nil }

type Error struct{}

type HandlerFunc func(*Context)

type RouterGroup struct{}

func (g *RouterGroup) GET(path string, handlers ...HandlerFunc)  {}
func (g *RouterGroup) POST(path string, handlers ...HandlerFunc) {}
func (g *RouterGroup) StaticFile(path, file string)              {}
func (g *RouterGroup) Static(relativePath, root string)          {}

type Engine struct{ RouterGroup }

func New() *Engine                         { return &Engine{} }
func Default() *Engine                     { return &Engine{} }
func (e *Engine) Run(addr ...string) error { return nil }
