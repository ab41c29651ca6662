// Package legacy holds handlers no command serves any more: nothing
// imports it.
package legacy

import (
	"net/http"
	"os"
)

// Report is a handler of an endpoint that was removed.
func Report(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("report.csv")
	w.Write(b)
}
