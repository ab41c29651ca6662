// Package beegoctl has beego controllers: their actions (exported
// methods without parameters or results of a type embedding beego's
// Controller) are request roots, with the request in c.Ctx.Request.
package beegoctl

import (
	"os"

	"github.com/beego/beego/v2/server/web"
)

type ApiController struct {
	web.Controller
}

// Download is routed by name ("get:Download").
func (c *ApiController) Download() {
	b, _ := os.ReadFile(c.GetString("name")) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Ctx.Request.Context\(\), ...\)`
	c.Data["json"] = b
	c.ServeJSON()
}

// Upload reaches the file through a helper.
func (c *ApiController) Upload() {
	c.save(c.GetString("name")) // want `\(\*beegoctl.ApiController\).save → os.WriteFile: os.WriteFile blocks an OS thread`
}

// save takes parameters: a helper, not an action.
func (c *ApiController) save(name string) {
	os.WriteFile(name, nil, 0o600)
}

// Config has a parameter: a helper called by actions, never routed.
func (c *ApiController) Config(name string) []byte {
	b, _ := os.ReadFile(name)
	return b
}

// An embedded application controller makes an action too.
type BaseController struct{ web.Controller }

type UserController struct{ BaseController }

func (c *UserController) Avatar() {
	os.ReadFile("avatar.png") // want `os.ReadFile blocks an OS thread`
}

// A type that does not embed the Controller has no actions.
type Job struct{}

func (j *Job) Run() {
	os.ReadFile("job.json")
}

func init() {
	web.Router("/api/download", &ApiController{}, "get:Download;post:Upload")
	web.Router("/api/avatar", &UserController{}, "get:Avatar")
}
