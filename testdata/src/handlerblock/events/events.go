// Package events checks handlers inferred from types: a function whose
// only parameter is a struct that carries the request (an
// *http.Request field beside a response writer, directly or embedded)
// is a handler when it is registered or passed the way handlers are.
package events

import (
	"net/http"
	"os"
	"time"

	"handlerblock/events/cli"
	"handlerblock/events/core"
	"handlerblock/events/web"
)

type api struct{ dir string }

func (a *api) listFiles(e *core.RequestEvent) error {
	_, err := os.ReadDir(a.dir) // want `os.ReadDir blocks an OS thread and ignores the request context; offload it with offload.Do\(e.Request.Context\(\), ...\)`
	return err
}

func (a *api) upload(e *core.RequestEvent) error {
	time.Sleep(time.Second) // want `time.Sleep holds the request open`
	return nil
}

func beforeCreate(e *core.RecordRequestEvent) error {
	os.MkdirAll("uploads", 0o755) // want `os.MkdirAll blocks an OS thread`
	return nil
}

// A helper taking the event, called by an action: reported at the call.
func loadAvatar(e *core.RequestEvent) error {
	_, err := os.ReadFile("avatar.png")
	return err
}

func (a *api) avatar(e *core.RequestEvent) error {
	return loadAvatar(e) // want `events.loadAvatar → os.ReadFile: `
}

func bind(app *core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		// Serving starts once: not a request.
		os.MkdirAll("data", 0o755)
		a := &api{dir: "data"}
		se.Router.GET("/files", a.listFiles)
		se.Router.POST("/upload", a.upload)
		se.Router.GET("/avatar", a.avatar)
		se.Router.GET("/inline", func(e *core.RequestEvent) error {
			os.Remove("tmp") // want `os.Remove blocks an OS thread`
			return nil
		})
		return nil
	})
	app.OnRecordCreateRequest().BindFunc(beforeCreate)
}

// An event-shaped function that nothing registers or calls is not a
// handler.
func unused(e *core.RequestEvent) error {
	os.Remove("x")
	return nil
}

// A struct with a request but no response writer is not a request
// event (a job that logs the request that queued it).
type job struct {
	Request *http.Request
}

func runJob(j *job) error {
	os.Remove("job")
	return nil
}

func schedule(q func(func(*job) error)) { q(runJob) }

// A project context embedding echo's (Request() and Response()): its
// handlers, registered on the project's router, are handlers.
func showGist(ctx *web.Context) error {
	_, err := os.ReadFile("gists/" + ctx.User) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx.Request\(\).Context\(\), ...\)`
	return err
}

func routes(r *web.Router) {
	r.GET("/gist", showGist)
}

// A command of a command-line library whose Context declares a request
// field that nothing fills: no request, no handler.
func runCLI() int {
	return cli.Run(nil, func(c *cli.Context) error {
		_, err := os.ReadFile(c.Args()[0])
		return err
	})
}
