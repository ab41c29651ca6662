// Package join runs independent calls concurrently and collects their
// results, so that a handler doing two or more unrelated I/O calls pays for
// the slowest one instead of their sum.
//
// # When to use what
//
//   - Independent calls whose results are all needed: [Two], [Three] for
//     differently typed results, [All] for a slice of same-typed calls, and
//     [AllLimit] to cap the fan-out of a loop (a database or an upstream
//     that should see at most a few concurrent requests from one caller).
//   - Calls that block an OS thread (file I/O, cgo): wrap each branch's body
//     in offload.Do (package github.com/threadvet/threadvet/runtime/offload)
//     so a burst of joins cannot grow the process's threads without bound.
//   - Network calls: pass each branch its ctx; the netpoller parks the
//     goroutines without holding threads.
//   - Trivial work, or a single call: run it inline; a join costs a hand-off
//     to a worker goroutine per branch, a derived context and two or three
//     allocations (~0.75 µs of CPU for two branches), more than
//     microsecond-long work saves.
//
// # Contracts
//
// Every branch runs on a goroutine of its own (with [AllLimit], on one of
// limit worker goroutines) with a context derived from ctx. [Two] and
// [Three] hand their branches to worker goroutines that the package keeps
// between joins (a crew of two or three per join in flight, so there is no
// bound); a crew idle for one to two seconds exits. A test that checks for
// leaked goroutines right after a join should allow for them, e.g. with
// goleak's IgnoreTopFunction on this package's "(*worker).loop". The
// derived context is cancelled, with the failing branch's error as its
// cause, as soon as any branch fails, and in any case when the join returns.
//
// A join returns as soon as one of these happens, without waiting for the
// remaining branches:
//   - every branch has returned a nil error: the results, in argument order;
//   - a branch has returned an error: that first error, and zero results;
//   - ctx is done: context.Cause(ctx), and zero results — also when a
//     branch that noticed the cancellation returned its error first.
//
// Branches still running at that point keep running in their goroutines with
// a cancelled context; they are expected to notice it and return. Their
// results and errors are dropped. Only the first error is reported: the later
// ones are usually the context.Canceled the first one caused.
//
// Panics: a panic in a branch is recovered in that branch's goroutine and
// becomes the branch's error, a *[PanicError] with the panic value and the
// stack of the panicking goroutine (the same type as offload.PanicError). So
// a panic fails the join like any error: it never crashes the process, never
// leaves the caller waiting, and a panic after the join has returned is
// dropped. A branch that calls runtime.Goexit fails the join with an error
// (its worker goroutine ends; the caller's does not).
//
// Tracing: while the execution tracer (runtime/trace) is on, a join is a
// trace task of type "threadvet/join", created on the caller's goroutine,
// and each branch runs in a region of type "threadvet/join.branch" of that
// task on its worker, so that go tool trace and runtime/blockcheck can tell
// which caller a long-lived worker runs a branch for. The branches' context
// then carries the task. When the tracer is off this costs an atomic load
// per join and per branch.
//
// Misuse — a nil function, a non-positive limit — panics with a message that
// starts with "join: ".
package join
