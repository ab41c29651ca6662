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
//     cancellable ctx a pool call costs two goroutine switches, to a worker
//     and back (~0.45 µs of CPU, no allocation), far more than the work.
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
// Workers: with a cancellable ctx, fn runs on one of the pool's worker
// goroutines, which the pool keeps between calls instead of starting a
// goroutine per call. It starts a worker when a call finds none idle (so
// never more workers than its limit) and lets a worker exit after one to two
// seconds without work; [Pool.Close] ends them all. Idle workers hold no OS
// thread. A test that checks for leaked goroutines after using [Do] (whose
// default pool is never closed) should allow for them, e.g. with goleak's
// IgnoreTopFunction on this package's "(*worker).loop".
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
// (Event.Err, Outcome [Panicked]).
//
// runtime.Goexit in fn (for example t.FailNow) cannot be stopped, only
// observed; what it ends depends on where fn runs. On a worker (cancellable
// ctx) it ends the worker's goroutine: the caller gets an error naming
// runtime.Goexit and the pool replaces the worker. Inline (ctx never done)
// it ends the caller's goroutine, as it would without the pool: Run does not
// return, the caller's deferred calls run. In both cases the slot is freed
// and the observer gets an event with Outcome [Failed].
//
// Close: [Pool.Close] waits for every started function. Called from inside a
// function the pool is running, it cannot wait for that function: it
// returns [ErrCloseInPool] instead of deadlocking.
//
// Tracing: while the execution tracer (runtime/trace) is on, a call that
// runs on a worker is a trace task of type "threadvet/offload", created on
// the caller's goroutine, and fn runs in a region of type
// "threadvet/offload.fn" of that task on the worker, so that go tool trace
// and runtime/blockcheck can tell which caller a long-lived worker runs fn
// for. fn's context then carries the task. When the tracer is off this costs
// an atomic load on each side.
//
// Observability: [Pool.Stats] reports the limit, the functions in flight, the
// callers queued and running totals; an observer installed with
// [WithObserver] receives one [Event] per call with the time spent queued
// (the overhead of offloading), the run time of fn and the outcome.
package offload
