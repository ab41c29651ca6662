// Package overoffload defines an Analyzer that reports goroutines and
// pool tasks that cost more than the work they run.
//
// # Analyzer overoffload
//
// overoffload: report goroutines that cost more than their work
//
// Spawning a goroutine and waiting for it costs 0.3–0.8 µs and two or
// three allocations on a 2-vCPU server, more under load (measured with
// testing.B and benchstat over three runs, for a go statement with a
// channel, a sync.WaitGroup, WaitGroup.Go and an errgroup.Group; see
// BENCHMARKS.md); a trivial offload.Do task costs about 0.8 µs and four
// allocations. The same call inline takes 1–2 ns; formatting a short
// string takes 50–90 ns. So the analyzer reports:
//
//   - a go statement, an errgroup/conc/sync.WaitGroup Go function, an
//     offload.Do task or a join branch whose body is trivial: no loops,
//     no receives or selects, and no calls except cheap ones (fmt.Sprintf,
//     fmt.Errorf, the strings, strconv, math and unicode packages,
//     errors.New/Is/As, time.Now, builtins such as len and append, and
//     local functions that are themselves trivial); a send is allowed
//     only when it provably finds room in the buffer: the channel is a
//     local variable made once with make(chan T, n), used only to send,
//     receive, range, close or return, and n is a constant no smaller
//     than its send statements (none in a loop), or len(xs) for a
//     goroutine per element of a range over xs. Any other send (on a
//     package-level metrics channel, a field, a parameter, an unbuffered
//     channel) may wait when the buffer is full, and the goroutine may
//     exist precisely so that the caller does not wait. The message
//     names the send ("fmt.Sprintf and a send on ch");
//   - the same in a loop: a goroutine per iteration for trivial work;
//   - a goroutine started and waited for by the very next statement,
//     whatever it runs (go f(); <-done, wg.Add(1); go f(); wg.Wait(),
//     wg.Go(f); wg.Wait(), g.Go(f); g.Wait()): the caller gains no
//     concurrency. A select on ctx.Done() or a timer is not such a wait:
//     the caller gains cancellation;
//   - offload.Do (or offload.Run) around a task that does only
//     context-aware network I/O (http.Client.Do, database/sql's
//     QueryContext, ...): a goroutine waiting on the network is parked
//     on the netpoller and holds no OS thread, so the bounded blocking
//     pool, meant for file I/O, cgo and other thread-pinning syscalls,
//     only spends a slot on it. (database/sql with a cgo driver such as
//     sqlite does pin a thread: suppress the finding there.)
//
// Not reported: long-lived goroutines (loops, servers, workers, select
// loops), bodies calling unknown functions, interface methods or
// function values, CPU work over data of unknown size (hashing,
// encoding, compression, sorting, JSON), fan-out of real I/O, callbacks
// of time.AfterFunc and context.AfterFunc, goroutines that take a mutex
// (the caller may hold it until later), panic (the offloader may recover
// it), lock their OS thread or call runtime.Goexit, goroutines that
// report their start-up and go on running, and _test.go files (tests
// spawn trivial goroutines on purpose, to exercise concurrency). The
// cost model is the table in analyzers/internal/knowledge/cost.go.
//
// Bad:
//
//	ch := make(chan string, 1)
//	go func() { ch <- fmt.Sprintf("user-%d", id) }()
//	key := <-ch
//
//	var wg sync.WaitGroup
//	for i, x := range xs {
//		wg.Go(func() { out[i] = strconv.Itoa(x) })
//	}
//	wg.Wait()
//
//	body, err := offload.Do(ctx, func(ctx context.Context) (*http.Response, error) {
//		return client.Do(req)
//	})
//
// Good:
//
//	key := fmt.Sprintf("user-%d", id)
//
//	for i, x := range xs {
//		out[i] = strconv.Itoa(x)
//	}
//
//	body, err := client.Do(req) // req built with http.NewRequestWithContext(ctx, ...)
//
// Suggested fixes, where the rewrite is mechanical: a single result
// received from a goroutine becomes a plain assignment; wg.Add(1),
// go func() { defer wg.Done(); body }(), wg.Wait() and wg.Go(f),
// wg.Wait() become the body; var g errgroup.Group, g.Go(f), err :=
// g.Wait() becomes err := f(); offload.Do(ctx, func(context.Context) (T,
// error) { return x, nil }) becomes x. The inlined code no longer returns
// early when ctx is already done, and a panic in x (an index out of
// range) reaches the caller instead of becoming an *offload.PanicError:
// what "call it inline" means. Fixes delete the declarations and
// imports they leave unused. Suppress a finding with
// //threadvet:ignore overoffload <reason>.
package overoffload
