// Package spawnbench measures what the overoffload analyzer quotes: the
// cost of running a trivial function on a new goroutine and waiting for
// it, against calling it inline. It has no API; the numbers come from
// its benchmarks, compared with benchstat:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./analyzers/overoffload/internal/spawnbench > /tmp/oo.txt
//	benchstat /tmp/oo.txt
package spawnbench

// Add is the trivial work: one addition, kept out of line so that the
// inline case still pays for a call, as real code would.
//
//go:noinline
func Add(a, b int) int { return a + b }
