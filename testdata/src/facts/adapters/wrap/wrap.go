// Package wrap declares an adapter in another package.
package wrap

import "net/http"

type Func func(r *http.Request) error

func HTTP(fn Func) http.HandlerFunc { // want HTTP:"adapts\\[0\\]"
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(r); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}
}
