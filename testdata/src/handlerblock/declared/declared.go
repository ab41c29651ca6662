// Package declared uses an in-house framework whose handler types and
// registrars are declared with -handlerblock.handler-types and
// -handlerblock.registrars (see TestDeclaredHandlers).
package declared

import (
	"context"
	"os"
	"time"

	"handlerblock/declared/router"
)

// A handler by its context type.
func show(c *router.Context) error {
	_, err := os.ReadFile("page") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Context\(\), ...\)`
	return err
}

// A handler by registration: it takes no framework context.
func rebuild(ctx context.Context, n int) error {
	time.Sleep(time.Second) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on ctx.Done\(\)`
	return nil
}

// A handler by the declared function type's signature.
type altContext = router.Context

func list(c *altContext) error {
	return os.Remove("cache") // want `os.Remove blocks an OS thread`
}

// A handler by its context type that calls another: show's blocking
// call is reported once, in show.
func both(c *router.Context) error { return show(c) }

func routes(r *router.Router) {
	r.Get("/show", show)
	r.Route("/rebuild", rebuild)
	r.Route("/inline", func() {
		os.RemoveAll("tmp") // want `os.RemoveAll blocks an OS thread and ignores the request context; offload it with offload.Do\(the request context, ...\)`
	})

	// Negatives: not a registrar.
	r.Other("/other", other)
}

func other(ctx context.Context) error {
	time.Sleep(time.Second)
	return nil
}

// The context type in second position does not make a handler.
func second(n int, c *router.Context) error {
	_, err := os.ReadFile("x")
	return err
}

// Nor does an unregistered function of another signature.
func unrelated(s string) error { return os.Remove(s) }
