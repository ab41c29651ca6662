//go:build race

package atest

// BuildFlags are the go command flags that match the test binary's
// build. Under go test -race they make the export data of the standard
// library the race-instrumented build that go test has just compiled and
// cached, instead of a second, plain build compiled for the test.
var BuildFlags = []string{"-race"}
