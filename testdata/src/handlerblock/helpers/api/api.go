// Package api holds request helpers and a router-style handler that
// another package registers.
package api

import (
	"net/http"
	"os"
)

// Params are a router's path parameters.
type Params map[string]string

// Index has a router's handler type (w, r, ps): registered by the
// package that builds the router.
func Index(w http.ResponseWriter, r *http.Request, ps Params) {
	b, _ := os.ReadFile("index.html")
	w.Write(b)
}

// RenderTemplate is a helper that the handlers of other packages call.
func RenderTemplate(w http.ResponseWriter, r *http.Request, name string) {
	b, _ := os.ReadFile(name)
	w.Write(b)
}
