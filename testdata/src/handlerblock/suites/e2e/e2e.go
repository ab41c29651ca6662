// Package e2e is the service's end-to-end suite: a fake upstream that
// serves recorded answers from files.
package e2e

import (
	"net/http"
	"os"
)

// Upstream answers like the real provider, from a recording.
func Upstream(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("testdata/answer.json") // no finding: test support
	w.Write(b)
}
