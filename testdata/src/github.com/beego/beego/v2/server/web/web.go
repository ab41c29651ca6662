// Package web is a minimal stub of beego v2's web server.
package web

import "github.com/beego/beego/v2/server/web/context"

// Controller is embedded by an application's controllers; beego sets Ctx
// for each request before it calls the routed method.
type Controller struct {
	Ctx  *context.Context
	Data map[interface{}]interface{}
}

func (c *Controller) Get()                        {}
func (c *Controller) Post()                       {}
func (c *Controller) ServeJSON(encoding ...bool)  {}
func (c *Controller) GetString(key string) string { return "" }
func (c *Controller) Prepare()                    {}

// Router routes path to the controller's methods named in mappings
// ("get:List;post:Create").
func Router(path string, c interface{}, mappings ...string) {}

// FilterFunc is a filter: it runs for every request that matches its
// pattern, at its position.
type FilterFunc = func(ctx *context.Context)

// Filter positions.
const (
	BeforeStatic = iota
	BeforeRouter
)

// InsertFilter runs filter for every request matching pattern.
func InsertFilter(pattern string, pos int, filter FilterFunc) error { return nil }
