// Package adapters holds project adapters: functions that call a
// function value inside the handler they return or register. The
// functions passed to them run on every request.
package adapters

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/gin-gonic/gin"

	"handlerblock/adapters/web"
)

type data struct{ user string }

type apiFunc func(ctx context.Context, d *data) (any, error)

// api returns a handler that calls fn.
func api(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r.Context(), &data{})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(v)
	}
}

// handle hands fn to another adapter.
func handle(fn apiFunc) http.Handler { return api(fn) }

// route registers a handler that calls fn.
func route(mux *http.ServeMux, path string, fn func(ctx context.Context) error) {
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if err := fn(r.Context()); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
}

// wrap adapts an error-returning gin function.
func wrap(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			c.JSON(500, gin.H{"error": err.Error()})
		}
	}
}

func listNotes(ctx context.Context, d *data) (any, error) {
	return os.ReadFile("notes.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
}

type server struct{}

func (s *server) export(ctx context.Context, d *data) (any, error) {
	return exec.Command("export", d.user).Output() // want `use exec.CommandContext\(ctx, ...\)`
}

func ping(ctx context.Context) error {
	time.Sleep(time.Second) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on ctx.Done\(\)`
	return nil
}

func ginSave(c *gin.Context) error {
	return os.WriteFile("last", nil, 0o644) // want `os.WriteFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Request.Context\(\), ...\)`
}

func listBookmarks(deps web.Deps, c *web.Ctx) {
	b, _ := os.ReadFile(deps.Root + "/bookmarks") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Request\(\).Context\(\), ...\)`
	c.Write(b)
}

func viaHandle(ctx context.Context, d *data) (any, error) {
	return os.ReadDir("/srv") // want `os.ReadDir blocks an OS thread`
}

func routes(mux *http.ServeMux, s *server) {
	mux.Handle("/notes", api(listNotes))
	mux.Handle("/export", api(s.export))
	mux.Handle("/dir", handle(viaHandle))
	route(mux, "/ping", ping)
	mux.Handle("/inline", api(func(ctx context.Context, d *data) (any, error) {
		return os.ReadFile("inline.json") // want `os.ReadFile blocks an OS thread`
	}))
	mux.Handle("/wrapped", api(withLog(withLog(audited))))
	mux.Handle("/bookmarks", web.ToHTTP(web.Deps{}, listBookmarks))
	// A handler of another package: its chain is shown where it is passed.
	mux.Handle("/export", web.ToHTTP(web.Deps{}, web.Export)) // want `web.Export → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(the request context, ...\)`
	r := gin.Default()
	r.POST("/save", wrap(ginSave))
	r.GET("/groups", common(listGroups))

	// Negatives: the functions below are not request roots.
	mux.Handle("/job", web.Job(web.Deps{}, reindex))
	mux.Handle("/job2", web.Job(web.Deps{}, web.Export))
	mux.Handle("/async", async(warm))
	mux.Handle("/startup", startup(loadOnce))
	mux.Handle("/stored", stored(compact))
	mux.Handle("/replaced", api(replace(unusedAPI)))
	r.POST("/reindex", queued(reindexAll))
}

// A handler that calls a root directly: listNotes' blocking call is
// reported once, in its own body.
func direct(w http.ResponseWriter, r *http.Request) {
	listNotes(r.Context(), &data{})
}

// withLog is a middleware wrapper: the function it wraps runs when the
// function it returns does.
func withLog(fn apiFunc) apiFunc {
	return func(ctx context.Context, d *data) (any, error) {
		start := time.Now()
		defer func() { _ = time.Since(start) }()
		return fn(ctx, d)
	}
}

func audited(ctx context.Context, d *data) (any, error) {
	return nil, os.WriteFile("audit.log", nil, 0o644) // want `os.WriteFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
}

// replace returns a function that never calls fn.
func replace(fn apiFunc) apiFunc {
	return func(ctx context.Context, d *data) (any, error) { return nil, nil }
}

func unusedAPI(ctx context.Context, d *data) (any, error) { return os.ReadFile("never") }

// async calls fn on another goroutine: not on the request path.
func async(fn func() error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		go fn()
		w.WriteHeader(http.StatusAccepted)
	}
}

// startup calls fn once, when the route is built, not per request.
func startup(fn func() error) http.HandlerFunc {
	fn()
	return func(w http.ResponseWriter, r *http.Request) {}
}

// stored keeps fn in a closure that the handler never calls.
func stored(fn func() error) http.HandlerFunc {
	cleanup := func() { fn() }
	_ = cleanup
	return func(w http.ResponseWriter, r *http.Request) {}
}

func reindex(deps web.Deps, c *web.Ctx) { os.RemoveAll(deps.Root + "/index") }

func warm() error { _, err := os.ReadFile("cache"); return err }

func loadOnce() error { _, err := os.ReadFile("config"); return err }

func compact() error { return os.Remove("old") }

// A function with the adapter's parameter type that is never passed to
// an adapter is not a root either.
func unused(ctx context.Context, d *data) (any, error) { return os.ReadFile("unused") }

type handlerFunc[T any] func(c *gin.Context) (T, error)

// common returns a gin handler that hands fn to a helper that calls it.
func common[T any](fn handlerFunc[T]) gin.HandlerFunc {
	return func(c *gin.Context) { respond(c, fn) }
}

func respond[T any](c *gin.Context, fn handlerFunc[T]) {
	v, err := fn(c)
	if err != nil {
		c.JSON(500, gin.H{"error": err.Error()})
		return
	}
	c.JSON(200, v)
}

func listGroups(c *gin.Context) ([]os.DirEntry, error) {
	return os.ReadDir("/groups") // want `os.ReadDir blocks an OS thread`
}

// queued hands fn to a helper that runs it on another goroutine.
func queued[T any](fn handlerFunc[T]) gin.HandlerFunc {
	return func(c *gin.Context) { enqueue(c, fn) }
}

func enqueue[T any](c *gin.Context, fn handlerFunc[T]) {
	go fn(c.Copy())
	c.JSON(http.StatusAccepted, nil)
}

func reindexAll(c *gin.Context) ([]byte, error) { return os.ReadFile("/index") }
