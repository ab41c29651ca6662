// Package testfiles has a real handler and, in its test file, a fake
// upstream that sleeps on purpose.
package testfiles

import (
	"net/http"
	"os"
)

func handler(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("x") // want `os.ReadFile blocks an OS thread`
}
