// Package httptestreq: a handler that builds an in-memory request with
// httptest.NewRequest to reuse another handler's query builder waits
// on nothing, though httptest has a NewRequestWithContext sibling; a
// request sent to the network still does.
package httptestreq

import (
	"net/http"
	"net/http/httptest"
)

func listClause(r *http.Request) string { return r.URL.Query().Get("where") }

func listTools(w http.ResponseWriter, r *http.Request) {
	where := listClause(httptest.NewRequest(http.MethodGet, "/databases", nil)) // in memory: no finding
	w.Write([]byte(where))
}

func fetch(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest(http.MethodGet, "http://upstream/", nil) // want `net/http.NewRequest ignores the request context`
	http.DefaultClient.Do(req)
}
