package adapters // want package:"analyzed\\(v2\\)"

// This package checks the Adapter facts: which function parameters an
// adapter calls inside the handler it returns or registers.

import (
	"context"
	"net/http"

	"facts/adapters/wrap"

	"github.com/matrix-org/util"
)

type apiFunc func(ctx context.Context) error

func returned(name string, fn apiFunc) http.HandlerFunc { // want returned:"adapts\\[1\\]"
	return func(w http.ResponseWriter, r *http.Request) { fn(r.Context()) }
}

func registered(mux *http.ServeMux, fn apiFunc, other apiFunc) { // want registered:"adapts\\[1\\]" registered:"runs\\[2\\]"
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fn(r.Context()) })
	other(context.Background())
}

// Handing the parameter to another adapter, here or imported.
func forwarded(fn apiFunc) http.Handler { return returned("x", fn) } // want forwarded:"adapts\\[0\\]"

func imported(fn wrap.Func) http.Handler { return wrap.HTTP(fn) } // want imported:"adapts\\[0\\]"

// Middleware wrappers: they return a literal that calls the parameter.
func withAuth(fn apiFunc) apiFunc { // want withAuth:"wraps\\[0\\]"
	return func(ctx context.Context) error {
		if ctx.Value("user") == nil {
			return nil
		}
		return fn(ctx)
	}
}

func converted(fn func(context.Context) error) apiFunc { // want converted:"wraps\\[0\\]"
	return apiFunc(func(ctx context.Context) error { return fn(ctx) })
}

// Handing the parameter to an adapter through a wrapper.
func throughWrapper(fn apiFunc) http.Handler { return returned("x", withAuth(fn)) } // want throughWrapper:"adapts\\[0\\]"

// Not adapters.

// A literal that is returned but does not call the parameter.
func ignores(fn apiFunc) apiFunc {
	return func(ctx context.Context) error { return nil }
}

func goroutine(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { go fn(context.Background()) }
}

var jobs []apiFunc

func queued(fn apiFunc) http.HandlerFunc {
	jobs = append(jobs, fn)
	return func(w http.ResponseWriter, r *http.Request) {}
}

func nested(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		later := func() { fn(r.Context()) }
		_ = later
	}
}

func noHandler(fn apiFunc) error { return fn(context.Background()) } // want noHandler:"runs\\[0\\]"

func variadic(fns ...apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, f := range fns {
			f(r.Context())
		}
	}
}

// A function that builds an http.Handler and hands a parameter taking
// the request to a library (which wraps it in a struct behind an
// interface) adapts it; a literal calling a parameter, handed to an
// adapter, directly or through a local, adapts that parameter.
func external(name string, fn func(*http.Request) util.JSONResponse) http.Handler { // want external:"adapts\\[1\\]"
	return util.MakeJSONAPI(util.NewJSONRequestHandler(fn))
}

func authed(fn func(*http.Request, string) util.JSONResponse) http.Handler { // want authed:"adapts\\[0\\]"
	h := func(req *http.Request) util.JSONResponse { return fn(req, req.Header.Get("User")) }
	return external("authed", h)
}

func admin(fn func(*http.Request, string) util.JSONResponse) http.Handler { // want admin:"adapts\\[0\\]"
	return authed(func(req *http.Request, user string) util.JSONResponse { return fn(req, user) })
}

// Not adapters: no handler built; a parameter that takes no request; a
// local literal assigned twice.
func kept(fn func(*http.Request) util.JSONResponse) util.JSONRequestHandler {
	return util.NewJSONRequestHandler(fn)
}

func noRequest(fn func() util.JSONResponse) http.Handler {
	register(fn)
	return http.NotFoundHandler()
}

func register(func() util.JSONResponse) {}

func reassigned(fn func(*http.Request) util.JSONResponse) http.Handler {
	h := func(req *http.Request) util.JSONResponse { return fn(req) }
	h = func(req *http.Request) util.JSONResponse { return util.JSONResponse{} }
	return external("x", h)
}
