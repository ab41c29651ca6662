// Package routetable dispatches API calls through a table of functions
// that take the response writer and the parsed parameters, not the
// request (issue 19: a file-sharing service's API). What the table
// holds runs on a request; a function that takes the writer and is
// only called is its caller's step.
package routetable

import (
	"encoding/json"
	"net/http"
	"os"
)

type params struct{ id string }

type apiFunc func(w http.ResponseWriter, p params, user string)

type route struct {
	path string
	run  apiFunc
}

var routes = []route{
	{path: "/files/list", run: list},
	{path: "/logs", run: logs},
}

func (r route) Continue(w http.ResponseWriter, p params, user string) { r.run(w, p, user) }

// Process is the handler: it finds the route and runs it.
func Process(w http.ResponseWriter, req *http.Request) {
	for _, rt := range routes {
		if rt.path == req.URL.Path {
			rt.Continue(w, params{id: req.FormValue("id")}, "me")
			return
		}
	}
	writeError(w, "no route") // want `routetable.writeError → os.ReadFile`
}

func list(w http.ResponseWriter, p params, user string) {
	b, _ := os.ReadFile("files/" + user + ".json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(the request context, ...\)`
	w.Write(b)
}

func logs(w http.ResponseWriter, p params, user string) {
	f, err := os.Open("log.txt") // want `os.Open blocks an OS thread`
	if err != nil {
		return
	}
	defer f.Close()
	json.NewEncoder(w).Encode(p.id)
}

// writeError takes the writer and is only called: not a root.
func writeError(w http.ResponseWriter, msg string) {
	tmpl, _ := os.ReadFile("error.tmpl")
	w.Write(append(tmpl, msg...))
}

// unused takes the writer, and nothing refers to it.
func unused(w http.ResponseWriter) { os.ReadFile("never") }
