// Package web is a project's own adapter layer: handlers written against
// its Ctx are turned into net/http handlers by ToHTTP.
package web

import (
	"net/http"
	"os"
)

type Deps struct{ Root string }

type Ctx struct {
	w http.ResponseWriter
	r *http.Request
}

func (c *Ctx) Request() *http.Request { return c.r }
func (c *Ctx) Write(b []byte)         { c.w.Write(b) }

type Handler func(deps Deps, c *Ctx)

type Middleware interface{ Before(c *Ctx) error }

// ToHTTP calls h inside the handler it returns.
func ToHTTP(deps Deps, h Handler, mws ...Middleware) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &Ctx{w: w, r: r}
		for _, m := range mws {
			if err := m.Before(c); err != nil {
				return
			}
		}
		h(deps, c)
	}
}

// Job runs h later, on a worker: not an adapter.
func Job(deps Deps, h Handler) http.HandlerFunc {
	queue = append(queue, h)
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }
}

var queue []Handler

// Export is a handler written in this package and registered through
// ToHTTP by another.
func Export(deps Deps, c *Ctx) {
	b, _ := os.ReadFile(deps.Root + "/export.csv")
	c.Write(b)
}
