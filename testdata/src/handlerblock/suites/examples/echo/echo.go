// Package echo is an example plugin shipped beside the service to show
// its API: an example, not the service.
package echo

import (
	"net/http"
	"os"
)

// Serve echoes a stored greeting.
func Serve(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("greeting.txt") // no finding: an example
	w.Write(b)
}
