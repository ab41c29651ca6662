// Package nilsource checks a library that reads a file only when it is
// given no value: an argument of a concrete type, converted to the
// interface, is never nil.
package nilsource

import (
	"net/http"

	"handlerblock/nilsource/js"
)

var vm js.VM

func runScript(w http.ResponseWriter, r *http.Request) {
	script := r.FormValue("script")
	vm.Run(script) // a string is never a nil source: no finding
}

func runBytes(w http.ResponseWriter, r *http.Request) {
	vm.Run([]byte(r.FormValue("script"))) // no finding
}

func runFile(w http.ResponseWriter, r *http.Request) {
	vm.Run(nil) // want `js.VM\).Run → .*os.ReadFile: `
}

var sources = map[string]any{}

func runNamed(w http.ResponseWriter, r *http.Request) {
	vm.Run(sources[r.FormValue("name")]) // want `js.VM\).Run → .*os.ReadFile: `
}

func newVM(w http.ResponseWriter, r *http.Request) {
	js.New() // its callback runs strings: no finding
}
