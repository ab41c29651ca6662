// Package jsonapi builds its handlers from functions that take the
// request and return a JSON response: its own adapters hand them to a
// library that turns them into http.Handlers, and wrap them in
// literals that authenticate first (issue 19: a Matrix server's
// MakeAuthAPI and MakeExternalAPI).
package jsonapi

import (
	"net/http"
	"os"

	"github.com/matrix-org/util"
)

type device struct{ user string }

// external hands fn to the library: the handler it returns calls fn.
func external(name string, fn func(*http.Request) util.JSONResponse) http.Handler {
	h := util.MakeJSONAPI(util.NewJSONRequestHandler(fn))
	return h
}

// authed hands the library a literal that calls fn after checking the
// user.
func authed(name string, fn func(*http.Request, *device) util.JSONResponse) http.Handler {
	h := func(req *http.Request) util.JSONResponse {
		user := req.Header.Get("User")
		if user == "" {
			return util.JSONResponse{Code: http.StatusUnauthorized}
		}
		return fn(req, &device{user})
	}
	return external(name, h)
}

// admin hands authed a literal that calls fn.
func admin(fn func(*http.Request, *device) util.JSONResponse) http.Handler {
	return authed("admin", func(req *http.Request, dev *device) util.JSONResponse {
		if dev.user != "root" {
			return util.JSONResponse{Code: http.StatusForbidden}
		}
		return fn(req, dev)
	})
}

func upload(req *http.Request, dev *device) util.JSONResponse {
	f, err := os.Create("/tmp/" + dev.user) // want `os.Create blocks an OS thread and ignores the request context; do the file work inside offload.Do\(req.Context\(\), ...\)`
	if err != nil {
		return util.JSONResponse{Code: http.StatusInternalServerError}
	}
	defer f.Close()
	return util.JSONResponse{Code: http.StatusOK}
}

func Routes(mux *http.ServeMux) {
	mux.Handle("/upload", authed("upload", upload))
	mux.Handle("/version", external("version", func(req *http.Request) util.JSONResponse {
		b, _ := os.ReadFile("VERSION") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(req.Context\(\), ...\)`
		return util.JSONResponse{Code: http.StatusOK, JSON: string(b)}
	}))
	mux.Handle("/purge", admin(func(req *http.Request, dev *device) util.JSONResponse {
		os.RemoveAll("/tmp/" + dev.user) // want `os.RemoveAll blocks an OS thread and ignores the request context; offload it with offload.Do\(req.Context\(\), ...\)`
		return util.JSONResponse{Code: http.StatusOK}
	}))
	background(func(req *http.Request) util.JSONResponse {
		os.ReadFile("jobs") // a kept handler that no adapter serves: not a request root
		return util.JSONResponse{}
	})
	mux.Handle("/later", deferred(func(req *http.Request) util.JSONResponse {
		os.ReadFile("later") // handed to the library only in a goroutine
		return util.JSONResponse{}
	}))
}

// background keeps fn as the library's handler interface but builds no
// http.Handler: nothing says a request runs it.
func background(fn func(*http.Request) util.JSONResponse) util.JSONRequestHandler {
	return util.NewJSONRequestHandler(fn)
}

// deferred builds its handler in a goroutine: not on the adapter's own
// path.
func deferred(fn func(*http.Request) util.JSONResponse) http.Handler {
	ch := make(chan util.JSONRequestHandler, 1)
	go func() { ch <- util.NewJSONRequestHandler(fn) }()
	return http.NotFoundHandler()
}
