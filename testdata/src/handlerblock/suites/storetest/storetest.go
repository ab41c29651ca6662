// Package storetest helps test package store, as httptest helps test
// http: its fake blob server serves the tests, not requests.
package storetest

import (
	"net/http"
	"net/http/httptest"
	"os"

	"handlerblock/suites/store"
)

type fake struct{ s *store.Store }

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	os.WriteFile(f.s.Dir+r.URL.Path, nil, 0o644)
}

// Start starts a fake blob server.
func Start(dir string) *httptest.Server {
	return httptest.NewServer(&fake{s: &store.Store{Dir: dir}})
}
