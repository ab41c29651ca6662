// Package helpers checks the one rule for roots and helpers: a function
// with a framework's handler signature, or one used where a handler
// goes, is a root; a function that takes the request with more
// parameters, or one the package only calls directly, is a helper,
// reported where a root calls it, so the caller's path decides.
package helpers

import (
	"errors"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"handlerblock/helpers/api"
)

// An unexported handler-shaped function that the package only calls
// directly is a helper: reported at the root's call.
func serveIndex(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("index.html")
	w.Write(b)
}

func root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" {
		serveIndex(w, r) // want `helpers.serveIndex → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(r.Context\(\), ...\)`
	}
}

// A helper called only on the failure path is not per-request work.
func renderError(w http.ResponseWriter, r *http.Request, err error) {
	b, _ := os.ReadFile("error.html")
	w.Write(b)
}

func check(r *http.Request) error {
	if r.Method != http.MethodGet {
		return errors.New("method")
	}
	return nil
}

func profile(w http.ResponseWriter, r *http.Request) {
	if err := check(r); err != nil {
		renderError(w, r, err)
		return
	}
	w.Write([]byte("ok"))
}

// A helper called on every request: reported at the root's call, not
// in its own body.
func writeFile(w http.ResponseWriter, r *http.Request, name string) {
	b, _ := os.ReadFile(name)
	w.Write(b)
}

func files(w http.ResponseWriter, r *http.Request) {
	writeFile(w, r, "a.txt") // want `helpers.writeFile → os.ReadFile: `
}

// A helper of another package, called here.
func page(w http.ResponseWriter, r *http.Request) {
	api.RenderTemplate(w, r, "page.html") // want `api.RenderTemplate → os.ReadFile: `
}

// A function with more parameters that the package uses where a
// handler goes (an adapter's type) is a root.
type appHandler func(w http.ResponseWriter, r *http.Request, user string)

func withUser(h appHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { h(w, r, "me") }
}

func settings(w http.ResponseWriter, r *http.Request, user string) {
	os.ReadFile(user + ".json") // want `os.ReadFile blocks an OS thread`
}

// An unexported handler used as a value is a root.
func about(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("about.html") // want `os.ReadFile blocks an OS thread`
}

// An exported handler is a root even when the package calls it too:
// reported once, in its body.
func Health(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("health") // want `os.ReadFile blocks an OS thread`
}

func status(w http.ResponseWriter, r *http.Request) {
	Health(w, r)
}

// A router whose handlers take path parameters.
type router struct {
	routes map[string]func(http.ResponseWriter, *http.Request, api.Params)
}

func (rt *router) GET(path string, h func(http.ResponseWriter, *http.Request, api.Params)) {
	rt.routes[path] = h
}

func routes(mux *http.ServeMux, rt *router) {
	mux.HandleFunc("/settings", withUser(settings))
	mux.HandleFunc("/about", about)
	mux.HandleFunc("/", root)
	mux.HandleFunc("/profile", profile)
	mux.HandleFunc("/files", files)
	mux.HandleFunc("/page", page)
	mux.HandleFunc("/status", status)
	// Registered here, declared in api: shown where it is registered.
	rt.GET("/index", api.Index) // want `api.Index → os.ReadFile: `
}

// gin: the same rule.
func renderHome(c *gin.Context) {
	b, _ := os.ReadFile("home.html")
	c.String(200, "%s", b)
}

func home(c *gin.Context) {
	renderHome(c) // want `helpers.renderHome → os.ReadFile: `
}

func register(e *gin.Engine) { e.GET("/", home) }
