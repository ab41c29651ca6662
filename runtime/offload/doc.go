// Package offload runs blocking work on a bounded pool, so that a burst of
// callers blocked in file I/O or cgo cannot grow the process's OS threads
// without bound.
//
// # When to use what
//
//   - Regular-file I/O (os.ReadFile, (*os.File).Read on a disk file), cgo
//     calls and other syscalls that block the calling thread: offload them
//     with [Do] or [Run]. Each such call pins an OS thread while it blocks; the
//     runtime starts new threads for the other goroutines and, under load,
//     grows until runtime/debug.SetMaxThreads (10,000 by default) kills the
//     process. A pool caps the number of pinned threads at its limit.
//   - Network I/O (net, net/http, database drivers over TCP): do not offload.
//     The netpoller parks the goroutine without holding a thread; just pass
//     the request's context.Context so the call stops when the client leaves.
//   - Independent calls that could overlap: use package
//     github.com/threadvet/threadvet/runtime/join.
//   - Trivial CPU work (formatting, arithmetic): run it inline; with a
//     cancellable ctx a pool call costs a goroutine, a channel and three
//     allocations (~0.6 µs of CPU), far more than the work.
//
// # Contracts
//
// Cancellation: [Do] and [Run] return as soon as ctx is done, with
// context.Cause(ctx), even if fn is still running. A blocking syscall cannot
// be aborted, so fn keeps its pool slot until it returns; its result is then
// dropped (the observer still sees it, with Event.Abandoned set). fn receives
// ctx and should return early when it is done. When ctx can never be done
// (context.Background), there is nothing to return early for and fn runs on
// the caller's goroutine, still under a slot of the pool.
//
// Bound and fairness: at most the pool's limit of functions run at once.
// Callers that find the pool full wait in strict FIFO order; a caller whose
// ctx ends while it waits leaves the queue and its fn is never started. A
// caller whose ctx is already done when it is granted a slot gives the slot to
// the next waiter instead of starting fn.
//
// Panics: a panic in fn is recovered in the goroutine that ran it and returned
// to the caller as a *[PanicError] carrying the panic value and the stack of
// the panicking goroutine (errors.As-able; Unwrap returns the value if it is
// an error). It never crashes the process and never leaves the caller waiting.
// If the caller has already left, the *PanicError goes only to the observer
// (Event.Err, Outcome [Panicked]). A call to runtime.Goexit in fn (for
// example t.FailNow) ends fn with an error and frees the slot.
//
// Observability: [Pool.Stats] reports the limit, the functions in flight, the
// callers queued and running totals; an observer installed with
// [WithObserver] receives one [Event] per call with the time spent queued
// (the overhead of offloading), the run time of fn and the outcome.
package offload
