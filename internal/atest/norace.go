//go:build !race

package atest

// BuildFlags are the go command flags that match the test binary's build
// (see race.go).
var BuildFlags []string
