// Package eval is internal: only its own module could set OpenGraphs,
// and none of it does.
package eval

import "os"

// OpenGraphs opens a debug graph of every evaluation.
var OpenGraphs = false

// Eval evaluates s.
func Eval(s string) string {
	if OpenGraphs && s != "" {
		openGraph(s)
	}
	return s
}

func openGraph(s string) {
	os.MkdirAll(".debug", 0o700)
	os.WriteFile(".debug/graph", []byte(s), 0o600)
}
