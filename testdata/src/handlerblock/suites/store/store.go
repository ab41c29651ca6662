// Package store is a service's storage layer.
package store

import (
	"net/http"
	"os"
)

// Store reads blobs.
type Store struct{ Dir string }

// ServeHTTP serves a blob.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile(s.Dir + r.URL.Path) // want `os.ReadFile blocks an OS thread`
	w.Write(b)
}
