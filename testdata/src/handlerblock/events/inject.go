package events

import (
	"net/http"
	"os"

	"handlerblock/events/inject"
	"handlerblock/events/oplog"
)

// Handlers of a framework that injects their arguments (macaron): the
// context holds the request in a field of its own (Req, a struct
// embedding *http.Request) beside the writer; a handler takes more
// arguments after it and returns the response.
func taskIndex(ctx *inject.Context) string {
	b, _ := os.ReadFile("tasks/" + ctx.Params("id")) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx.Req.Request.Context\(\), ...\)`
	return string(b)
}

type taskForm struct{ Name string }

func taskStore(ctx *inject.Context, form taskForm) (int, string) {
	os.WriteFile("tasks/"+form.Name, nil, 0o644) // want `os.WriteFile blocks an OS thread`
	return 200, "ok"
}

// A helper taking the context, called by a handler: reported at the
// call.
func renderTask(ctx *inject.Context, name string) string {
	b, _ := os.ReadFile(name)
	return string(b)
}

func taskShow(ctx *inject.Context) string {
	return renderTask(ctx, "show.html") // want `events.renderTask → os.ReadFile: `
}

// The request's context handed on: quiet.
func taskProxy(ctx *inject.Context) string {
	req, _ := http.NewRequestWithContext(ctx.Req.Context(), "GET", "http://backend/tasks", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err.Error()
	}
	resp.Body.Close()
	return resp.Status
}

// Registered nowhere and called by nothing: not a handler.
func taskUnused(ctx *inject.Context) string {
	os.Remove("tasks")
	return ""
}

// A queued job that keeps the request in a wrapper but writes no
// response: not a request.
type wrappedJob struct {
	Req inject.Request
}

func runWrappedJob(j *wrappedJob) error { return os.Remove("wrapped") }

func queueWrapped(q func(func(*wrappedJob) error)) { q(runWrappedJob) }

func injectRoutes(a *inject.App) {
	a.Get("/tasks", taskIndex)
	a.Post("/tasks", taskStore)
	a.Get("/tasks/show", taskShow)
	a.Get("/tasks/proxy", taskProxy)
	// A hook of another package registered on two routes: one thing to
	// fix, shown at its first registration only.
	a.Post("/tasks/remove", taskShow, oplog.Record) // want `oplog.Record → os.OpenFile: os.OpenFile blocks an OS thread`
	a.Post("/tasks/edit", taskShow, oplog.Record)
}
