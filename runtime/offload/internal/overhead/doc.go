// Package overhead holds the benchmarks that compare offload and join with
// the usual ways of running work on another goroutine (bare go + channel,
// sync.WaitGroup, errgroup, conc's pool, a channel semaphore), and the
// measurement of OS threads held by callers blocked in read(2) with and
// without a pool. It has no non-test code; see BENCHMARKS.md at the module
// root for the commands and results.
package overhead
