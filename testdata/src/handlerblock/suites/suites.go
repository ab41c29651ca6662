// Package suites is a service whose end-to-end suite (the e2e
// package below it) runs fake upstream servers: their handlers are test
// support, not the service's.
package suites

import (
	"net/http"
	"os"
)

func page(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("page.html") // want `os.ReadFile blocks an OS thread`
	w.Write(b)
}

func main() {
	http.HandleFunc("/", page)
}
